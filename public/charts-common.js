// What the chart pages share (webinar.js, insights.js): Chart.js defaults that keep the
// charts readable (colours of at least 3:1 against the white card, the page's font) and
// resizing with their box, a row of the visually-hidden table that is each chart's text
// alternative, and a number in words. Loaded after /vendor/chart.js and lib.js.
(function () {
  "use strict";
  const { el } = window.hzw;
  // Against the white card: #1d4ed8 6.7:1, #b93c10 5.6:1, #5f6b7a 5.3:1, #213343 (text) 13:1; grid lines are decoration.
  const colours = { bar: "#1d4ed8", line: "#b93c10", other: "#5f6b7a", text: "#213343", grid: "#cbd6e2" };

  if (window.Chart) {
    window.Chart.defaults.color = colours.text;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.borderColor = colours.grid;
    window.Chart.defaults.maintainAspectRatio = false;
    window.Chart.defaults.responsive = true;
    // The figures are also in the table and in words; no animation keeps screenshots and tests steady.
    window.Chart.defaults.animation = false;
  }

  /** A table row: the first cell a row header, the others data. */
  function row(cells) {
    return el("tr", {}, cells.map((c, i) => (i === 0 ? el("th", { scope: "row", text: String(c) }) : el("td", { text: String(c) }))));
  }

  function fill(tbody, rows) {
    tbody.replaceChildren(...rows.map(row));
  }

  /** "1 registrant", "3 registrants". */
  const count = (n, one, many) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

  const percent = (p) => (p === null || p === undefined ? "—" : `${p.toLocaleString("en-US", { maximumFractionDigits: 1 })}%`);

  window.hzwCharts = { colours, row, fill, count, percent };
})();
