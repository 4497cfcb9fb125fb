// The insights page (/settings/insights): GET /api/insights, the portal's recent ended
// webinars drawn as registrants and registrants who attended (bars) with the attendance
// rate (line), a visually-hidden table of the same figures, and a link to each webinar.
(function () {
  "use strict";
  const { api, el, when } = window.hzw;
  const { colours, fill, count, percent } = window.hzwCharts;
  const main = document.getElementById("main");
  const summary = document.getElementById("insights-summary");

  function draw(webinars) {
    // Oldest on the left, as time reads.
    const list = [...webinars].reverse();
    const canvas = document.getElementById("insights-chart");
    fill(
      document.querySelector("#insights-table tbody"),
      list.map((w) => [w.topic || w.webinarId, when(w.startTime), w.registrants, w.registeredAttendees, percent(w.attendanceRatePercent)]),
    );
    canvas.setAttribute(
      "aria-label",
      `Attendance rate of the ${count(list.length, "most recent webinar", "most recent webinars")}: ${list
        .map((w) => `${w.topic || w.webinarId} ${percent(w.attendanceRatePercent)}`)
        .join("; ")}.`,
    );
    document.getElementById("insights-links").replaceChildren(
      ...webinars.map((w) => el("li", {}, [el("a", { href: `/settings/webinars/${encodeURIComponent(w.webinarId)}`, text: w.topic || w.webinarId })])),
    );
    const short = (t) => (t.length > 24 ? `${t.slice(0, 23)}…` : t);
    new window.Chart(canvas, {
      data: {
        labels: list.map((w) => short(w.topic || w.webinarId)),
        datasets: [
          { type: "bar", label: "Registrants", data: list.map((w) => w.registrants), backgroundColor: colours.other, maxBarThickness: 48, yAxisID: "y" },
          { type: "bar", label: "Registrants who attended", data: list.map((w) => w.registeredAttendees), backgroundColor: colours.bar, maxBarThickness: 48, yAxisID: "y" },
          { type: "line", label: "Attendance rate (%)", data: list.map((w) => w.attendanceRatePercent), borderColor: colours.line, backgroundColor: colours.line, yAxisID: "rate" },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "People" } },
          rate: { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "Rate (%)" } },
        },
      },
    });
  }

  async function load() {
    try {
      const { webinars } = await api("GET", "/api/insights?limit=12");
      if (webinars.length === 0) {
        summary.textContent = "No webinar has ended yet: the chart appears once one has.";
      } else {
        const registrants = webinars.reduce((s, w) => s + w.registrants, 0);
        const attended = webinars.reduce((s, w) => s + w.registeredAttendees, 0);
        const rate = registrants ? Math.round((attended / registrants) * 1000) / 10 : null;
        summary.textContent = `Over the ${count(webinars.length, "most recent webinar", "most recent webinars")} that ended, ${count(attended, "registrant", "registrants")} of ${registrants.toLocaleString("en-US")} attended (${percent(rate)}).`;
      }
      draw(webinars);
      main.dataset.ready = "true";
    } catch (err) {
      summary.textContent = `The figures could not be loaded: ${err.message}`;
      summary.classList.add("warning");
    }
  }
  void load();
})();
