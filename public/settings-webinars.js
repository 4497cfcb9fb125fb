// The settings page's webinar list (GET /api/webinars a page at a time, PUT
// /api/webinars/:id, POST …/sync, GET …/audit).
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

  async function fillHostFilter() {
    users = await zoomUsers();
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


  if (!document.getElementById("webinars")) return; // Zoom not connected.
  document.getElementById("webinar-filters").addEventListener("submit", searchWebinars);
  document.getElementById("webinar-host").addEventListener("change", () => searchWebinars());
  document.getElementById("load-more-webinars").addEventListener("click", loadMoreWebinars);
  document.addEventListener("hzw:settings-saved", () => searchWebinars());
  fillHostFilter()
    .then(loadWebinars)
    .catch((err) => {
      document.getElementById("webinars-shown").textContent = `Could not load webinars: ${err.message}`;
    });
})();
