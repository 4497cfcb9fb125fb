// The settings page: reads and writes through the same JSON API as everyone else
// (/api/settings, /api/zoom-users, /api/webinars). Everything from outside is put in
// the page with textContent, never as HTML.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  // One call of the JSON API: its parsed answer and headers; a refusal throws with both.
  async function request(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: Object.assign({ accept: "application/json" }, body !== undefined ? { "content-type": "application/json" } : {}, method === "GET" ? {} : { "x-csrf-token": csrf }),
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const problems = data && data.errors ? data.errors.map((e) => `${e.path}: ${e.message}`).join("; ") : "";
      const err = new Error((data && data.error && data.error.message) || problems || res.statusText);
      err.status = res.status;
      err.data = data;
      throw err;
    }
    return { data, headers: res.headers };
  }

  async function api(method, path, body) {
    return (await request(method, path, body)).data;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v === true) node.setAttribute(k, "");
      else if (v !== false && v !== undefined && v !== null) node.setAttribute(k, String(v));
    }
    for (const c of children || []) node.append(c);
    return node;
  }

  const lines = (text) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
  let users = [];

  function checkbox(label, checked, onchange, id) {
    const input = el("input", { type: "checkbox", id, checked, onchange: (e) => onchange(e.target.checked, e.target) });
    return el("label", {}, [input, " ", el("span", { class: "visually-hidden", text: label })]);
  }

  async function loadSettings() {
    const s = await api("GET", "/api/settings");
    document.getElementById("sync-enabled").checked = s.webinarSync.enabled;
    document.getElementById(`scope-${s.webinarSync.scope}`).checked = true;
    document.getElementById("host-domains").value = s.exclusions.hostDomains.join("\n");
    document.getElementById("contact-domains").value = s.exclusions.contactDomains.join("\n");
    const box = document.getElementById("selected-users");
    box.replaceChildren(
      ...users.map((u) =>
        el("label", { class: "block" }, [
          el("input", { type: "checkbox", name: "selectedZoomUserIds", value: u.zoomUserId, checked: s.webinarSync.selectedZoomUserIds.includes(u.zoomUserId) }),
          " ",
          `${u.displayName || u.email} (${u.email})`,
        ]),
      ),
    );
  }

  async function saveSettings(event) {
    event.preventDefault();
    const errors = document.getElementById("settings-errors");
    const saved = document.getElementById("settings-saved");
    errors.replaceChildren();
    saved.textContent = "";
    const body = {
      webinarSync: {
        enabled: document.getElementById("sync-enabled").checked,
        scope: document.querySelector('input[name="scope"]:checked')?.value || "none",
        selectedZoomUserIds: [...document.querySelectorAll('input[name="selectedZoomUserIds"]:checked')].map((i) => i.value),
      },
      exclusions: {
        hostDomains: lines(document.getElementById("host-domains").value),
        contactDomains: lines(document.getElementById("contact-domains").value),
      },
    };
    try {
      await api("PUT", "/api/settings", body);
      saved.textContent = "Saved.";
      await loadWebinars();
    } catch (err) {
      const list = (err.data && err.data.errors) || [{ path: "", message: err.message }];
      errors.replaceChildren(el("p", { text: "Not saved:" }), el("ul", {}, list.map((e) => el("li", { text: `${e.path ? e.path + ": " : ""}${e.message}` }))));
    }
  }

  async function loadUsers() {
    users = await api("GET", "/api/zoom-users");
    const body = document.getElementById("zoom-users");
    if (users.length === 0) return body.replaceChildren(el("tr", {}, [el("td", { colspan: 3, class: "muted", text: "No Zoom users seen yet." })]));
    body.replaceChildren(
      ...users.map((u) => {
        const save = async (patch, input) => {
          const next = Object.assign({ syncNewWebinarsByDefault: u.syncNewWebinarsByDefault, syncRecordingsAndTranscripts: u.syncRecordingsAndTranscripts }, patch);
          try {
            await api("PUT", `/api/zoom-users/${encodeURIComponent(u.zoomUserId)}/settings`, next);
            Object.assign(u, next);
          } catch (err) {
            input.checked = !input.checked;
            alert(`Not saved: ${err.message}`);
          }
        };
        return el("tr", {}, [
          el("th", { scope: "row" }, [el("span", { text: u.displayName || u.email }), el("br"), el("small", { class: "muted", text: u.email })]),
          el("td", {}, [checkbox(`New webinars of ${u.email} synced by default`, u.syncNewWebinarsByDefault, (v, i) => save({ syncNewWebinarsByDefault: v }, i))]),
          el("td", {}, [checkbox(`Sync recordings and transcripts of ${u.email}`, u.syncRecordingsAndTranscripts, (v, i) => save({ syncRecordingsAndTranscripts: v }, i))]),
        ]);
      }),
    );
  }

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
    row.after(el("tr", { class: "audit-row" }, [el("td", { colspan: 8 }, [el("h3", { text: `Audit log: ${webinar.topic}` }), list])]));
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
      body.replaceChildren(el("tr", {}, [el("td", { colspan: 8, class: "muted", text: filtered ? "No webinars match." : "No webinars yet." })]));
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

  function fillHostFilter() {
    const select = document.getElementById("webinar-host");
    select.replaceChildren(el("option", { value: "", text: "All hosts" }), ...users.map((u) => el("option", { value: u.zoomUserId, text: u.displayName ? `${u.displayName} (${u.email})` : u.email })));
  }

  function webinarRow(w) {
    const status = el("span", { text: w.lastSync && w.lastSync.at ? `${when(w.lastSync.at)} (${w.lastSync.status})` : "never" });
    const auditButton = el("button", { type: "button", class: "link-button", "aria-expanded": "false", text: "Audit log" });
    const row = el("tr", { "data-webinar-id": w.webinarId }, [
      el("th", { scope: "row", class: "topic", text: w.topic }),
      el("td", { text: when(w.startTime) }),
      el("td", { text: w.hostEmail || "—" }),
      el("td", { class: "registrants", text: String(w.registrants) }),
      el("td", { class: "attendees", text: String(w.attendees) }),
      el("td", {}, [status]),
      el("td", {}, [
        checkbox(`Sync ${w.topic}`, w.syncEnabled, async (v, input) => {
          try {
            await api("PUT", `/api/webinars/${encodeURIComponent(w.webinarId)}`, { syncEnabled: v });
          } catch (err) {
            input.checked = !v;
            alert(`Not saved: ${err.message}`);
          }
        }),
      ]),
      el("td", {}, [
        el("button", {
          type: "button",
          class: "sync-now",
          text: "Sync now",
          onclick: async (e) => {
            e.target.disabled = true;
            try {
              await api("POST", `/api/webinars/${encodeURIComponent(w.webinarId)}/sync`);
              status.textContent = "Sync requested…";
            } catch (err) {
              status.textContent = `Could not start: ${err.message}`;
            } finally {
              e.target.disabled = false;
            }
          },
        }),
        " ",
        auditButton,
      ]),
    ]);
    auditButton.addEventListener("click", () => toggleAudit(w, row, auditButton));
    return row;
  }

  // Why Zoom is not connected, when Zoom removed the app (app_deauthorized).
  api("GET", "/api/session")
    .then((session) => {
      const zoom = session.zoomConnection;
      const notice = document.getElementById("zoom-notice");
      if (!notice || !zoom || zoom.reason !== "deauthorized") return;
      notice.textContent = `Zoom removed the app from your Zoom account on ${new Date(zoom.at).toLocaleDateString()}; connect Zoom again to resume syncing.`;
      notice.hidden = false;
    })
    .catch(() => undefined);

  const form = document.getElementById("sync-settings");
  if (!form) return; // Zoom not connected: nothing else on the page to load.
  form.addEventListener("submit", saveSettings);
  document.getElementById("webinar-filters").addEventListener("submit", searchWebinars);
  document.getElementById("webinar-host").addEventListener("change", () => searchWebinars());
  document.getElementById("load-more-webinars").addEventListener("click", loadMoreWebinars);
  loadUsers()
    .then(fillHostFilter)
    .then(loadSettings)
    .then(loadWebinars)
    .catch((err) => {
      document.getElementById("settings-errors").textContent = `Could not load settings: ${err.message}`;
    });
})();
