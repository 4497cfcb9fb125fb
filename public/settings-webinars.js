// The settings page's webinar list (GET /api/webinars a page at a time, PUT
// /api/webinars/:id, POST …/sync, GET …/runs, GET …/audit): each row's last sync run,
// live while it runs, and Zoom's numbers beside HubSpot's.
(function () {
  "use strict";
  const { request, api, el, when, checkbox, zoomUsers } = window.hzw;
  let users = [];

  async function toggleAudit(webinar, row, button) {
    const next = row.nextElementSibling;
    if (next && next.classList.contains("audit-row")) {
      next.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    const entries = await api("GET", `/api/webinars/${encodeURIComponent(webinar.webinarId)}/audit`);
    const list = entries.length
      ? el("ul", { class: "audit" }, entries.map((e) => el("li", { class: `level-${e.level}` }, [el("time", { text: when(e.at) }), " ", el("strong", { text: e.level }), " ", el("span", { text: e.message })])))
      : el("p", { class: "muted", text: "Nothing logged yet." });
    row.after(el("tr", { class: "audit-row" }, [el("td", { colspan: 9 }, [el("h3", { text: `Audit log: ${webinar.topic}` }), list])]));
    button.setAttribute("aria-expanded", "true");
  }

  // The webinar list, a page at a time (GET /api/webinars: limit, after, host, q; the
  // next page's cursor in X-Next-After), filtered by the search form.
  const webinarList = { filters: {}, next: null, shown: 0 };

  async function webinarPage(after) {
    const params = new URLSearchParams(webinarList.filters);
    if (after) params.set("after", after);
    const { data, headers } = await request("GET", `/api/webinars?${params}`);
    return { webinars: data, next: headers.get("x-next-after") };
  }

  function showWebinarPage(page, append) {
    const body = document.getElementById("webinars");
    const rows = page.webinars.map(webinarRow);
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    webinarList.next = page.next;
    webinarList.shown = (append ? webinarList.shown : 0) + rows.length;
    if (webinarList.shown === 0) {
      const filtered = webinarList.filters.q || webinarList.filters.host;
      body.replaceChildren(el("tr", {}, [el("td", { colspan: 9, class: "muted", text: filtered ? "No webinars match." : "No webinars yet." })]));
    }
    document.getElementById("load-more-webinars").hidden = !page.next;
    document.getElementById("webinars-shown").textContent =
      webinarList.shown === 0 ? "" : `Showing ${webinarList.shown} webinar${webinarList.shown === 1 ? "" : "s"}${page.next ? "; more to load" : ""}.`;
    return rows;
  }

  async function loadWebinars() {
    showWebinarPage(await webinarPage(null), false);
  }

  async function loadMoreWebinars(event) {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      const [first] = showWebinarPage(await webinarPage(webinarList.next), true);
      // Keyboard users continue where the new rows start.
      const heading = first && first.querySelector("th");
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    } catch (err) {
      document.getElementById("webinars-shown").textContent = `Could not load more: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  }

  function searchWebinars(event) {
    if (event) event.preventDefault();
    const q = document.getElementById("webinar-q").value.trim();
    const host = document.getElementById("webinar-host").value;
    webinarList.filters = Object.assign({}, q ? { q } : {}, host ? { host } : {});
    loadWebinars().catch((err) => {
      document.getElementById("webinars-shown").textContent = `Could not load webinars: ${err.message}`;
    });
  }

  async function fillHostFilter() {
    users = await zoomUsers();
    const select = document.getElementById("webinar-host");
    select.replaceChildren(el("option", { value: "", text: "All hosts" }), ...users.map((u) => el("option", { value: u.zoomUserId, text: u.displayName ? `${u.displayName} (${u.email})` : u.email })));
  }

  // Words for a run (GET /api/webinars/:id/runs, a row's lastRun): what the "Last sync"
  // column says, live while it is queued or running.
  const ACTIVE = new Set(["queued", "running"]);

  function ago(iso) {
    if (!iso) return "";
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return "just now";
    if (s < 3600) return `${Math.round(s / 60)} min ago`;
    if (s < 86400) return `${Math.round(s / 3600)} h ago`;
    return `on ${when(iso)}`;
  }

  // `reasonShown`: the row already says why the webinar is not synced, so a skipped run need not repeat it.
  function runWords(run, reasonShown) {
    if (!run) return "Never synced";
    switch (run.status) {
      case "queued": return "Queued";
      case "running": return run.total > 0 ? `Running: ${run.written} of ${run.total} written` : "Running";
      case "synced": return `Synced ${ago(run.finishedAt)}`;
      case "partly_synced": return `Partly synced: ${run.message}`;
      case "failed": return `Failed: ${run.message}`;
      case "no_changes": return "No changes";
      case "skipped": return reasonShown ? `Skipped ${ago(run.finishedAt)}` : `Not synced: ${run.message}`;
      default: return run.status;
    }
  }

  const EXCLUDED_WORDS = {
    hubspot_user: ["HubSpot user", "HubSpot users"],
    excluded_domain: ["excluded domain", "excluded domains"],
    invalid_email: ["invalid email address", "invalid email addresses"],
    secondary_email: ["secondary email of a contact", "secondary emails of contacts"],
    no_email: ["person without an email address", "people without an email address"],
  };
  const plural = (n, [one, many]) => `${n} ${n === 1 ? one : many}`;
  const percent = (n) => `${n.toLocaleString("en", { maximumFractionDigits: 1 })}%`;

  /** Zoom's numbers beside HubSpot's, and who was left out and why. */
  function numbersOf(w) {
    const n = w.numbers;
    if (!n || !n.hubspot) return [el("span", { class: "muted", text: "Not in HubSpot yet" })];
    const excluded = Object.entries(n.excluded || {}).filter(([, k]) => k > 0);
    const total = excluded.reduce((sum, [, k]) => sum + k, 0);
    const lines = [
      el("span", { class: "hubspot-counts", text: `${plural(n.hubspot.registrants, ["registrant", "registrants"])}, ${plural(n.hubspot.attendees, ["attendee", "attendees"])}` }),
      el("span", {
        class: "excluded",
        text: total ? `${total} excluded (${excluded.map(([reason, k]) => plural(k, EXCLUDED_WORDS[reason] || [reason, reason])).join(", ")})` : "none excluded",
      }),
    ];
    if (n.averageAttendancePercent !== null && n.averageAttendancePercent !== undefined) {
      lines.push(el("span", { class: "average", text: `average attendance ${percent(n.averageAttendancePercent)}` }));
    }
    return lines;
  }

  // Rows whose run is queued or running are polled (GET …/runs) every ~2 s; the polling
  // stops once none is. A row follows the run its "Sync now" started until that run ends,
  // even when another run (an automatic sync) became the newest meanwhile.
  const watched = new Map();
  let pollTimer = null;

  const live = (run) => Boolean(run && ACTIVE.has(run.status));

  function watch(view) {
    if (live(view.w.lastRun) || live(view.startedRun)) watched.set(view.w.webinarId, view);
    else watched.delete(view.w.webinarId);
    if (watched.size && !pollTimer) pollTimer = setTimeout(poll, 2000);
  }

  async function poll() {
    pollTimer = null;
    const views = [...watched.values()].filter((v) => v.row.isConnected);
    watched.clear();
    let finished = false;
    await Promise.all(views.map(async (view) => {
      try {
        const following = live(view.startedRun);
        const runs = await api("GET", `/api/webinars/${encodeURIComponent(view.w.webinarId)}/runs?limit=${following ? 20 : 1}`);
        const run = runs[0];
        view.w.lastRun = run || null;
        if (following) view.startedRun = runs.find((r) => r.runId === view.startedRun.runId) || null;
        if (!live(run) || (following && !live(view.startedRun))) finished = true;
      } catch (err) {
        view.problem = `Could not read the sync's progress: ${err.message}`;
      }
      view.render();
      watch(view);
    }));
    // A run ended: its numbers changed; read them again for the rows shown.
    if (finished) await refreshNumbers(views.filter((v) => !watched.has(v.w.webinarId)));
  }

  async function refreshNumbers(views) {
    if (!views.length) return;
    try {
      const params = new URLSearchParams(webinarList.filters);
      params.set("limit", String(Math.min(500, Math.max(1, webinarList.shown))));
      const fresh = new Map((await api("GET", `/api/webinars?${params}`)).map((w) => [w.webinarId, w]));
      for (const view of views) {
        const w = fresh.get(view.w.webinarId);
        if (!w) continue;
        Object.assign(view.w, { numbers: w.numbers, notSyncedReason: w.notSyncedReason, registrants: w.registrants, attendees: w.attendees });
        view.render();
      }
    } catch {
      // The numbers stay as they were; the next page load reads them.
    }
  }

  function webinarRow(w) {
    const lastSync = el("span", { class: "run" });
    const reason = el("span", { class: "not-synced" });
    const numbers = el("td", { class: "numbers", "data-label": "In HubSpot" });
    const registrants = el("td", { class: "registrants", "data-label": "Registrants in Zoom" });
    const attendees = el("td", { class: "attendees", "data-label": "Attendees in Zoom" });
    const toggleStatus = el("span", { class: "inline-status", role: "status", "aria-live": "polite" });
    const syncStatus = el("span", { class: "inline-status", role: "status", "aria-live": "polite" });
    const auditButton = el("button", { type: "button", class: "link-button", "aria-expanded": "false", text: "Audit log" });
    const view = { w, row: null, startedRun: null, problem: "" };
    view.render = () => {
      const run = w.lastRun;
      const reasonShown = Boolean(w.notSyncedReason);
      lastSync.textContent = view.problem || runWords(run, reasonShown);
      lastSync.className = `run run-${run ? run.status : "none"}`;
      lastSync.title = run && run.message ? run.message : "";
      reason.textContent = w.notSyncedReason ? w.notSyncedReason.message : "";
      reason.hidden = !w.notSyncedReason;
      registrants.textContent = String(w.registrants);
      attendees.textContent = String(w.attendees);
      numbers.replaceChildren(...numbersOf(w));
      // "Sync now" shows the run it started until it ends, then its result.
      const mine = view.startedRun;
      if (mine) syncStatus.textContent = live(mine) ? `Sync started: ${runWords(mine, reasonShown)}` : `Sync finished: ${runWords(mine, reasonShown)}`;
    };
    const row = el("tr", { "data-webinar-id": w.webinarId }, [
      el("th", { scope: "row", class: "topic" }, [el("a", { href: `/settings/webinars/${encodeURIComponent(w.webinarId)}`, text: w.topic })]),
      el("td", { text: when(w.startTime), "data-label": "Starts" }),
      el("td", { text: w.hostEmail || "—", "data-label": "Host" }),
      registrants,
      attendees,
      numbers,
      el("td", { class: "last-sync", "data-label": "Last sync" }, [lastSync, reason]),
      el("td", { "data-label": "Sync" }, [
        checkbox(`Sync ${w.topic}`, w.syncEnabled, async (v, input) => {
          toggleStatus.textContent = "Saving…";
          try {
            const saved = await api("PUT", `/api/webinars/${encodeURIComponent(w.webinarId)}`, { syncEnabled: v });
            w.syncEnabled = saved.syncEnabled;
            w.notSyncedReason = saved.notSyncedReason;
            toggleStatus.textContent = "Saved";
            view.render();
          } catch (err) {
            input.checked = !v;
            toggleStatus.textContent = `Not saved: ${err.message}`;
          }
        }),
        " ",
        toggleStatus,
      ]),
      el("td", { class: "actions" }, [
        el("button", {
          type: "button",
          class: "sync-now",
          text: "Sync now",
          onclick: async (e) => {
            const button = e.currentTarget;
            button.disabled = true;
            syncStatus.textContent = "Starting…";
            try {
              const { runId } = await api("POST", `/api/webinars/${encodeURIComponent(w.webinarId)}/sync`);
              view.problem = "";
              w.lastRun = view.startedRun = { runId, status: "queued", trigger: "sync_now", written: 0, total: 0, message: "" };
              view.render();
              watch(view);
            } catch (err) {
              syncStatus.textContent = `Could not start: ${err.message}`;
            } finally {
              button.disabled = false;
            }
          },
        }),
        " ",
        syncStatus,
        " ",
        auditButton,
        " ",
        el("a", { href: `/settings/webinars/${encodeURIComponent(w.webinarId)}/questions`, class: "questions-link", text: "Registration questions", "aria-label": `Registration questions of ${w.topic}` }),
      ]),
    ]);
    view.row = row;
    view.render();
    watch(view);
    auditButton.addEventListener("click", () => toggleAudit(w, row, auditButton));
    return row;
  }

  if (!document.getElementById("webinars")) return; // Zoom not connected.
  document.getElementById("webinar-filters").addEventListener("submit", searchWebinars);
  document.getElementById("webinar-host").addEventListener("change", () => searchWebinars());
  document.getElementById("load-more-webinars").addEventListener("click", loadMoreWebinars);
  document.addEventListener("hzw:settings-saved", () => searchWebinars());
  // An import of past webinars brought new ones (public/backfill.js).
  document.addEventListener("hzw:webinars-changed", () => searchWebinars());
  fillHostFilter()
    .then(loadWebinars)
    .catch((err) => {
      document.getElementById("webinars-shown").textContent = `Could not load webinars: ${err.message}`;
    });
})();
