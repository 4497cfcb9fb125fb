// The settings page's form and Zoom users (GET/PUT /api/settings, /api/zoom-users).
// A saved form tells the webinar list (public/settings-webinars.js) with the
// "hzw:settings-saved" event, since what is synced may have changed.
(function () {
  "use strict";
  const { api, el, checkbox, zoomUsers } = window.hzw;
  const lines = (text) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  let users = [];

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
      document.dispatchEvent(new CustomEvent("hzw:settings-saved"));
    } catch (err) {
      const list = (err.data && err.data.errors) || [{ path: "", message: err.message }];
      errors.replaceChildren(el("p", { text: "Not saved:" }), el("ul", {}, list.map((e) => el("li", { text: `${e.path ? e.path + ": " : ""}${e.message}` }))));
    }
  }

  async function loadUsers() {
    users = await zoomUsers();
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
  loadUsers()
    .then(loadSettings)
    .catch((err) => {
      document.getElementById("settings-errors").textContent = `Could not load settings: ${err.message}`;
    });
})();
