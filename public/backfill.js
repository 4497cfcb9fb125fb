// "Import past webinars" (CONTRACT.md §11 "Backfill"): per Zoom user, and for every user
// at once, a days input and a button that starts an import of the past webinars
// (POST /api/backfill), its progress while it runs (GET /api/backfill/:id, read every two
// seconds), Stop (DELETE) and Resume (POST again: it continues where it stopped).
(function () {
  "use strict";
  const root = document.getElementById("backfill-rows");
  if (!root || !window.hzw) return;
  const { api, el, when, zoomUsers } = window.hzw;
  const POLL_MS = 2000;
  let timer;
  // Backfills seen running on this page: when one ends, the Webinars list below was read before its webinars came in.
  const seenRunning = new Set();

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  /** What a backfill's state says to an admin. */
  function describe(b) {
    if (!b) return { cls: "", text: "No import yet." };
    const of = `${b.webinarsImported} of ${plural(b.webinarsFound, "webinar", "webinars")}`;
    if (b.status === "running") {
      if (b.phase === "listing") return { cls: "running", text: `Looking for past webinars of the last ${b.days} days: ${plural(b.webinarsFound, "webinar", "webinars")} found so far.` };
      const current = b.currentWebinar ? ` Now: “${b.currentWebinar.topic || b.currentWebinar.webinarId}”.` : "";
      return { cls: "running", text: `Importing: ${of}.${current}` };
    }
    if (b.status === "done") return { cls: "done", text: `Done: ${b.message || `imported ${of}`} Finished ${when(b.finishedAt)}.` };
    if (b.status === "stopped") return { cls: "stopped", text: `Stopped: ${of} imported. Resume continues where it stopped.` };
    return { cls: "failed", text: `Failed: ${b.message || "the import could not finish."} ${of} imported.` };
  }

  function row(scope, label, latest) {
    const key = scope || "all";
    const daysId = `backfill-days-${key}`;
    const running = latest && latest.status === "running";
    const resumable = latest && (latest.status === "stopped" || latest.status === "failed");
    const days = el("input", { type: "number", id: daysId, min: 1, max: 180, step: 1, value: latest ? latest.days : 90, required: true, disabled: running, "aria-describedby": `backfill-who-${key} backfill-help` });
    const status = describe(latest);
    const statusLine = el("p", { class: `backfill-status ${status.cls}`, id: `backfill-status-${key}`, role: "status", "aria-live": "polite", text: status.text });
    const start = async (body, button) => {
      button.disabled = true;
      try {
        await api("POST", "/api/backfill", body);
      } catch (err) {
        // Said beside the row and kept there: the rows are not drawn again.
        statusLine.className = "backfill-status failed";
        statusLine.textContent = `Not started: ${err.message}`;
        days.setAttribute("aria-invalid", err.status === 400 ? "true" : "false");
        button.disabled = false;
        return;
      }
      await refresh();
    };
    const daysValue = () => {
      const n = Number(days.value);
      return Number.isInteger(n) && days.value.trim() !== "" ? n : days.value;
    };
    const buttons = [];
    if (running) {
      buttons.push(el("button", { type: "button", class: "secondary-button", id: `backfill-stop-${key}`, onclick: async (e) => {
        e.target.disabled = true;
        await api("DELETE", `/api/backfill/${latest.backfillId}`).catch(() => undefined);
        await refresh();
      }, text: "Stop" }));
    } else {
      buttons.push(el("button", { type: "button", id: `backfill-start-${key}`, onclick: (e) => start(Object.assign(scope ? { zoomUserId: scope } : {}, { days: daysValue() }), e.target), text: "Import past webinars" }));
      if (resumable) buttons.push(el("button", { type: "button", class: "secondary-button", id: `backfill-resume-${key}`, onclick: (e) => start(Object.assign(scope ? { zoomUserId: scope } : {}, { days: latest.days }), e.target), text: `Resume (${latest.days} days)` }));
    }
    const children = [
      el("div", { class: "backfill-who", id: `backfill-who-${key}` }, [el("strong", { text: label })]),
      el("label", { class: "backfill-days", for: daysId }, ["Days back ", days]),
      ...buttons,
    ];
    if (running && latest.webinarsFound > 0) children.push(el("progress", { max: latest.webinarsFound, value: latest.webinarsImported, "aria-label": `Imported ${latest.webinarsImported} of ${latest.webinarsFound}` }));
    if (latest && latest.status === "done" && seenRunning.has(latest.backfillId) && latest.webinarsImported > 0) {
      // The Webinars list below was read before they came in: it reads its page again, once.
      statusLine.append(" The Webinars list below shows them.");
      if (!listed.has(latest.backfillId)) {
        listed.add(latest.backfillId);
        document.dispatchEvent(new CustomEvent("hzw:webinars-changed"));
      }
    }
    children.push(statusLine);
    return el("div", { class: "backfill-row", "data-scope": key }, children);
  }

  /** Imports whose webinars the Webinars list was told about ("hzw:webinars-changed"). */
  const listed = new Set();

  async function refresh() {
    clearTimeout(timer);
    let users, backfills;
    try {
      [users, { backfills }] = await Promise.all([zoomUsers(), api("GET", "/api/backfill")]);
    } catch (err) {
      root.replaceChildren(el("p", { class: "backfill-status failed", role: "status", text: `The imports could not be read: ${err.message}` }));
      return;
    }
    const latest = new Map(backfills.map((b) => [b.zoomUserId || "", b]));
    for (const b of backfills) if (b.status === "running") seenRunning.add(b.backfillId);
    // Keep the days an admin is typing when the rows are drawn again.
    const typed = new Map([...root.querySelectorAll("input[type=number]")].filter((i) => i === document.activeElement || i.dataset.touched).map((i) => [i.id, i.value]));
    const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : undefined;
    const rows = [row(null, "All Zoom users", latest.get(""))];
    for (const u of users) rows.push(row(u.zoomUserId, u.displayName ? `${u.displayName} (${u.email})` : u.email, latest.get(u.zoomUserId)));
    root.replaceChildren(...rows);
    for (const [id, value] of typed) {
      const input = document.getElementById(id);
      if (input && !input.disabled) { input.value = value; input.dataset.touched = "1"; }
    }
    if (focused) document.getElementById(focused)?.focus();
    if (backfills.some((b) => b.status === "running")) timer = setTimeout(refresh, POLL_MS);
  }

  root.addEventListener("input", (e) => { if (e.target.matches("input[type=number]")) e.target.dataset.touched = "1"; });
  refresh();
})();
