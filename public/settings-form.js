// The settings page's form and Zoom users (GET/PUT /api/settings, /api/zoom-users).
// One save model: the form is saved with its "Save settings" button (and the browser asks
// before leaving with changes not saved); each Zoom user's switch is saved when changed and
// says "Saved" or "Not saved: …" beside it. A saved form tells the webinar list
// (public/settings-webinars.js) with the "hzw:settings-saved" event, since what is synced
// may have changed.
(function () {
  "use strict";
  const { api, el, checkbox, zoomUsers } = window.hzw;
  const $ = (id) => document.getElementById(id);
  const SCOPE_NAMES = { none: "None", all: "All Zoom users", selected: "Selected Zoom users" };
  /** Where each field of the settings object is on the form (error paths start with these). */
  const FIELDS = [
    { path: "webinarSync.scope", id: "scope-field" },
    { path: "webinarSync.enabled", id: "scope-field" },
    { path: "webinarSync.selectedZoomUserIds", id: "selected-users-field" },
    { path: "exclusions.hostDomains", id: "host-domains" },
    { path: "exclusions.contactDomains", id: "contact-domains" },
  ];
  let users = [];
  let savedState = null;

  const scope = () => document.querySelector('input[name="scope"]:checked')?.value || "none";
  const selectedIds = () => [...document.querySelectorAll('input[name="selectedZoomUserIds"]:checked')].map((i) => i.value);

  /** What the form would save; the textareas go line by line (the API drops blank lines and counts lines from 1). */
  function formState() {
    const s = scope();
    return {
      webinarSync: { enabled: s !== "none", scope: s, selectedZoomUserIds: selectedIds() },
      exclusions: { hostDomains: $("host-domains").value.split("\n"), contactDomains: $("contact-domains").value.split("\n") },
    };
  }
  const snapshot = () => JSON.stringify(formState());
  const dirty = () => savedState !== null && snapshot() !== savedState;

  /** The user list can be changed only when "Selected Zoom users" is chosen. */
  function showScope() {
    $("selected-users-field").disabled = scope() !== "selected";
  }

  async function loadSettings() {
    const s = await api("GET", "/api/settings");
    // A settings object with sync off shows as None, whatever scope it keeps.
    const effective = s.webinarSync.enabled ? s.webinarSync.scope : "none";
    $(`scope-${effective}`).checked = true;
    const note = $("scope-off-note");
    note.hidden = effective === s.webinarSync.scope;
    note.textContent = note.hidden
      ? ""
      : `Webinar sync is off, so this shows None. The saved settings still name "${SCOPE_NAMES[s.webinarSync.scope]}": choose it again and save to turn sync on.`;
    $("host-domains").value = s.exclusions.hostDomains.join("\n");
    $("contact-domains").value = s.exclusions.contactDomains.join("\n");
    const box = $("selected-users");
    if (users.length === 0) box.replaceChildren(el("p", { class: "muted", text: "No Zoom users seen yet." }));
    else
      box.replaceChildren(
        ...users.map((u) =>
          el("label", { class: "block" }, [
            el("input", { type: "checkbox", name: "selectedZoomUserIds", value: u.zoomUserId, checked: s.webinarSync.selectedZoomUserIds.includes(u.zoomUserId) }),
            " ",
            `${u.displayName || u.email} (${u.email})`,
          ]),
        ),
      );
    showScope();
    savedState = snapshot();
  }

  function clearErrors() {
    $("settings-errors").replaceChildren();
    for (const f of FIELDS) {
      const field = $(f.id);
      field.removeAttribute("aria-invalid");
      if (field.dataset.describedby !== undefined) field.setAttribute("aria-describedby", field.dataset.describedby);
    }
  }

  /** Each error named in words beside the list, its field marked and described by it; focus on the first. */
  function showErrors(list) {
    const items = list.map((e, n) => {
      const at = FIELDS.find((f) => e.path === f.path || (e.path || "").startsWith(`${f.path}.`));
      return { e, at, id: `settings-error-${n}` };
    });
    $("settings-errors").replaceChildren(
      el("p", { text: `Not saved: ${list.length === 1 ? "one problem" : `${list.length} problems`}.` }),
      el("ul", {}, items.map(({ e, id }) => el("li", { id, text: e.field ? e.message : `${e.path ? e.path + ": " : ""}${e.message}` }))),
    );
    const marked = [];
    for (const { at, id } of items) {
      if (!at) continue;
      const field = $(at.id);
      if (field.dataset.describedby === undefined) field.dataset.describedby = field.getAttribute("aria-describedby") || "";
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") || ""} ${id}`.trim());
      if (!marked.includes(field)) marked.push(field);
    }
    const order = FIELDS.map((f) => $(f.id));
    const first = order.find((f) => marked.includes(f));
    if (!first) return $("settings-errors").focus();
    const target = first.tagName === "FIELDSET" ? first.querySelector("input:not(:disabled)") || first : first;
    target.focus();
  }

  async function saveSettings(event) {
    event.preventDefault();
    const saved = $("settings-saved");
    clearErrors();
    saved.textContent = "";
    const body = formState();
    try {
      await api("PUT", "/api/settings", body);
      await loadSettings();
      saved.textContent = "Saved.";
      document.dispatchEvent(new CustomEvent("hzw:settings-saved"));
    } catch (err) {
      showErrors((err.data && err.data.errors) || [{ path: "", message: err.message }]);
    }
  }

  async function loadUsers() {
    users = await zoomUsers();
    const body = $("zoom-users");
    if (users.length === 0) return body.replaceChildren(el("tr", {}, [el("td", { colspan: 3, class: "muted", text: "No Zoom users seen yet." })]));
    body.replaceChildren(
      ...users.map((u, n) => {
        /** One switch, saved at once; the result is said in the live region beside it. */
        const cell = (label, key) => {
          const status = el("span", { class: "row-status", role: "status", id: `user-${n}-${key}-status` });
          const save = async (value, input) => {
            const next = { syncNewWebinarsByDefault: u.syncNewWebinarsByDefault, syncRecordingsAndTranscripts: u.syncRecordingsAndTranscripts, [key]: value };
            status.className = "row-status muted";
            status.textContent = "Saving…";
            try {
              await api("PUT", `/api/zoom-users/${encodeURIComponent(u.zoomUserId)}/settings`, next);
              Object.assign(u, next);
              status.className = "row-status saved";
              status.textContent = "Saved";
            } catch (err) {
              input.checked = u[key];
              status.className = "row-status not-saved";
              status.textContent = `Not saved: ${err.message}`;
            }
          };
          const box = checkbox(label, u[key], save);
          box.querySelector("input").setAttribute("aria-describedby", status.id);
          return el("td", {}, [box, status]);
        };
        return el("tr", {}, [
          el("th", { scope: "row" }, [
            el("span", { text: u.displayName || u.email }),
            el("br"),
            el("small", { class: "muted", text: u.email }),
            el("br"),
            el("a", { href: `/settings/zoom-users/${encodeURIComponent(u.zoomUserId)}/questions`, text: "Registration questions for new webinars", "aria-label": `Registration questions for new webinars of ${u.email}` }),
          ]),
          cell(`New webinars of ${u.email} synced by default`, "syncNewWebinarsByDefault"),
          cell(`Sync recordings and transcripts of ${u.email}`, "syncRecordingsAndTranscripts"),
        ]);
      }),
    );
  }

  // Why Zoom is not connected, when Zoom removed the app (app_deauthorized).
  api("GET", "/api/session")
    .then((session) => {
      const zoom = session.zoomConnection;
      const notice = $("zoom-notice");
      if (!notice || !zoom || zoom.reason !== "deauthorized") return;
      notice.textContent = `Zoom removed the app from your Zoom account on ${new Date(zoom.at).toLocaleDateString()}; connect Zoom again to resume syncing.`;
      notice.hidden = false;
    })
    .catch(() => undefined);

  const form = $("sync-settings");
  if (!form) return; // Zoom not connected: nothing else on the page to load.
  $("settings-errors").tabIndex = -1;
  form.addEventListener("submit", saveSettings);
  form.addEventListener("change", (e) => {
    if (e.target.name === "scope") showScope();
  });
  // Changes not saved: the browser asks before the page is left.
  window.addEventListener("beforeunload", (e) => {
    if (!dirty()) return;
    e.preventDefault();
    e.returnValue = "";
  });
  loadUsers()
    .then(loadSettings)
    .catch((err) => {
      $("settings-errors").textContent = `Could not load settings: ${err.message}`;
    });
})();
