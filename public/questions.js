// The registration questions page (views/questions.ejs): a webinar's questions, or a Zoom
// user's defaults, each with a HubSpot contact property picker and a "Zoom's answer wins"
// checkbox, saved together with one Save button through the JSON API (CONTRACT.md §11).
(function () {
  "use strict";
  const { api, el } = window.hzw;
  const form = document.getElementById("question-mappings");
  const body = document.getElementById("questions");
  const errors = document.getElementById("question-errors");
  const saved = document.getElementById("mappings-saved");
  const kind = form.dataset.kind;
  const id = form.dataset.id;
  const properties = JSON.parse(document.getElementById("contact-properties").textContent);
  const standardFields = JSON.parse(document.getElementById("standard-fields").textContent);

  // Zoom's standard fields in words (its registration form's labels).
  const WORDS = {
    last_name: "Last name", address: "Address", city: "City", state: "State/Province", zip: "Zip/Postal code",
    country: "Country/Region", phone: "Phone", industry: "Industry", org: "Organization", job_title: "Job title",
    purchasing_time_frame: "Purchasing time frame", role_in_purchase_process: "Role in purchase process",
    no_of_employees: "Number of employees", comments: "Questions and comments",
  };
  const inWords = (q) => WORDS[q] || q;
  const base = kind === "webinar" ? `/api/webinars/${encodeURIComponent(id)}` : `/api/zoom-users/${encodeURIComponent(id)}`;
  /** The rows as shown, in order: what Save sends is read from them. */
  let rows = [];

  function propertySelect(question, selected, n) {
    const select = el("select", { id: `property-${n}`, "aria-label": `HubSpot contact property for "${inWords(question)}"` }, [
      el("option", { value: "", text: "Not mapped" }),
    ]);
    const names = new Set(properties.map((p) => p.name));
    // A mapped property HubSpot no longer lists stays visible, so saving does not drop it unseen.
    if (selected && !names.has(selected)) select.append(el("option", { value: selected, text: `${selected} (not found in HubSpot)` }));
    for (const p of properties) select.append(el("option", { value: p.name, text: p.label ? `${p.label} (${p.name})` : p.name }));
    select.value = selected || "";
    return select;
  }

  function render() {
    body.replaceChildren();
    if (rows.length === 0) {
      body.append(el("tr", {}, [el("td", { colspan: "5", class: "muted", text: "This webinar's Zoom registration form has no questions besides name and email." })]));
      return;
    }
    rows.forEach((row, n) => {
      row.select = propertySelect(row.question, row.mapping && row.mapping.property, n);
      row.overwrite = el("input", { type: "checkbox", id: `overwrite-${n}`, checked: Boolean(row.mapping && row.mapping.overwrite) });
      const label = inWords(row.question);
      body.append(el("tr", { "data-question": row.question }, [
        el("th", { scope: "row" }, [label, row.kind === "standard" && label !== row.question ? el("span", { class: "muted", text: ` (${row.question})` }) : ""]),
        el("td", { text: row.kind === "standard" ? "Standard" : "Custom" }),
        el("td", { text: row.required === undefined ? "—" : row.required ? "Required" : "Optional" }),
        el("td", {}, [row.select]),
        el("td", {}, [el("label", { for: `overwrite-${n}` }, [row.overwrite, " ", el("span", { class: "visually-hidden", text: `Zoom's answer wins for "${label}"` })])]),
      ]));
    });
  }

  /** The current choices, before render() reads them again. */
  function remember() {
    for (const row of rows) {
      if (!row.select) continue;
      row.mapping = row.select.value ? { property: row.select.value, overwrite: row.overwrite.checked } : null;
    }
  }

  async function load() {
    try {
      if (kind === "webinar") {
        rows = await api("GET", `${base}/questions`);
      } else {
        const { mappings } = await api("GET", `${base}/question-mappings`);
        const byQuestion = new Map(mappings.map((m) => [m.question, m]));
        rows = standardFields.map((q) => ({ question: q, kind: "standard", mapping: byQuestion.get(q) || null }));
        for (const m of mappings) if (!standardFields.includes(m.question)) rows.push({ question: m.question, kind: "custom", mapping: m });
      }
      render();
    } catch (err) {
      body.replaceChildren(el("tr", {}, [el("td", { colspan: "5", class: "error", text: `The questions could not be read: ${err.message}` })]));
    }
  }

  /** A refusal's errors in words: each names its question ("Job title: …"). */
  function showErrors(err, sent) {
    errors.replaceChildren();
    const list = err.data && err.data.errors;
    if (!list) {
      errors.append(el("p", { text: `Not saved: ${err.message}` }));
      return;
    }
    const items = list.map((e) => {
      const match = /^mappings\.(\d+)\.(\w+)$/.exec(e.path || "");
      const m = match ? sent[Number(match[1])] : undefined;
      return el("li", { text: m ? `${inWords(m.question)}: ${e.message}` : e.message });
    });
    errors.append(el("p", { text: "Not saved. Please correct:" }), el("ul", {}, items));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    remember();
    saved.textContent = "";
    errors.replaceChildren();
    const mappings = rows.filter((r) => r.mapping).map((r) => ({ question: r.question, property: r.mapping.property, overwrite: r.mapping.overwrite }));
    try {
      await api("PUT", `${base}/question-mappings`, { mappings });
      saved.textContent = "Saved.";
    } catch (err) {
      showErrors(err, mappings);
    }
  });

  const add = document.getElementById("add-custom-question");
  if (add) {
    const input = document.getElementById("custom-question");
    add.addEventListener("click", () => {
      const title = input.value.trim();
      if (!title || rows.some((r) => r.question === title)) return;
      remember();
      rows.push({ question: title, kind: "custom", mapping: null });
      render();
      input.value = "";
      rows[rows.length - 1].select.focus();
    });
  }

  load();
})();
