// What the app's pages share: one call of the JSON API (with the CSRF header), building
// elements (everything from outside goes in with textContent, never as HTML), and the
// portal's Zoom users, read once per page. Loaded before the page's own scripts.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content;

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
      // Items with `field` carry a whole sentence ("Contact domains, line 3: …"); others name their path.
      const problems = data && data.errors ? data.errors.map((e) => (e.field ? e.message : `${e.path}: ${e.message}`)).join(" ") : "";
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


  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "—");

  function checkbox(label, checked, onchange, id) {
    const input = el("input", { type: "checkbox", id, checked, onchange: (e) => onchange(e.target.checked, e.target) });
    return el("label", {}, [input, " ", el("span", { class: "visually-hidden", text: label })]);
  }

  let zoomUsersRead;
  /** GET /api/zoom-users, once per page; `fresh` reads again. */
  function zoomUsers(fresh) {
    if (fresh || !zoomUsersRead) zoomUsersRead = api("GET", "/api/zoom-users");
    return zoomUsersRead;
  }

  window.hzw = { request, api, el, when, checkbox, zoomUsers };
})();
