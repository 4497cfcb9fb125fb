// The webinar page (/settings/webinars/:webinarId): GET /api/webinars/:webinarId/charts,
// drawn as two charts (registrations per day with the running total; attendees by
// minutes attended), each with a visually-hidden table of the same figures, and the
// figures in words; for a recurring webinar, the choice of how its attendance counts.
(function () {
  "use strict";
  const { api } = window.hzw;
  const { colours, fill, count, percent } = window.hzwCharts;
  const main = document.getElementById("main");
  const summary = document.getElementById("webinar-summary");

  function words(c) {
    const parts = [`${count(c.registrants, "person", "people")} registered`];
    if (c.registrants > 0) parts.push(`${count(c.registeredAttendees, "registrant", "registrants")} attended (${percent(c.attendanceRatePercent)})`);
    parts.push(`${count(c.attendees, "attendee", "attendees")} in all`);
    let text = `${parts.join(", ")}.`;
    if (c.averageMinutesAttended !== null) text += ` On average an attendee stayed ${count(c.averageMinutesAttended, "minute", "minutes")}`;
    if (c.durationMinutes !== null && c.averageMinutesAttended !== null) text += ` of the webinar's ${count(c.durationMinutes, "minute", "minutes")}`;
    if (c.averageMinutesAttended !== null) text += ".";
    return text;
  }

  function drawRegistrations(c) {
    const canvas = document.getElementById("registrations-chart");
    const days = c.registrations;
    fill(document.querySelector("#registrations-table tbody"), days.map((d) => [d.date, d.count, d.cumulative]));
    const first = days[0];
    const last = days[days.length - 1];
    canvas.setAttribute(
      "aria-label",
      days.length === 0
        ? "Registrations over time: nobody has registered."
        : `Registrations over time: ${count(c.registrants, "registration", "registrations")} from ${first.date} to ${last.date}; the table below lists each day.`,
    );
    new window.Chart(canvas, {
      data: {
        labels: days.map((d) => d.date),
        datasets: [
          { type: "bar", label: "Registrations that day", data: days.map((d) => d.count), backgroundColor: colours.bar, maxBarThickness: 64, yAxisID: "y" },
          { type: "line", label: "Total so far", data: days.map((d) => d.cumulative), borderColor: colours.line, backgroundColor: colours.line, yAxisID: "y1", pointRadius: 3 },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Per day" } },
          y1: { beginAtZero: true, position: "right", ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "Total" } },
        },
      },
    });
  }

  function drawMinutes(c) {
    const canvas = document.getElementById("minutes-chart");
    const buckets = c.minutesAttended.buckets;
    const label = (b) => `${b.from}–${b.to} min`;
    fill(document.querySelector("#minutes-table tbody"), buckets.map((b) => [label(b), b.attendees]));
    canvas.setAttribute(
      "aria-label",
      `Minutes attended: ${count(c.attendees, "attendee", "attendees")} in ${c.minutesAttended.bucketMinutes}-minute groups; the table below lists each group.`,
    );
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: buckets.map(label), datasets: [{ label: "Attendees", data: buckets.map((b) => b.attendees), backgroundColor: colours.bar }] },
      options: {
        plugins: { legend: { display: false } },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Attendees" } },
          x: { title: { display: true, text: "Minutes attended" } },
        },
      },
    });
  }

  async function load() {
    try {
      const c = await api("GET", `/api/webinars/${encodeURIComponent(main.dataset.webinarId)}/charts`);
      summary.textContent = words(c);
      drawRegistrations(c);
      drawMinutes(c);
      main.dataset.ready = "true";
    } catch (err) {
      summary.textContent = `The figures could not be loaded: ${err.message}`;
      summary.classList.add("warning");
    }
  }
  void load();

  // A recurring webinar's choice (PUT /api/webinars/:webinarId {attendanceCounting}): saved at once, and said so.
  const counting = document.getElementById("attendance-counting");
  const countingStatus = document.getElementById("counting-status");
  if (counting && countingStatus) {
    let saved = counting.querySelector("input:checked")?.value;
    counting.addEventListener("change", async (e) => {
      const input = e.target;
      if (!(input instanceof HTMLInputElement) || !input.checked) return;
      countingStatus.textContent = "Saving…";
      countingStatus.classList.replace("warning", "saved");
      try {
        const w = await api("PUT", `/api/webinars/${encodeURIComponent(main.dataset.webinarId)}`, { attendanceCounting: input.value });
        saved = w.attendanceCounting;
        countingStatus.textContent = "Saved";
      } catch (err) {
        // Not saved: the choice goes back to what is stored.
        for (const r of counting.querySelectorAll("input")) r.checked = r.value === saved;
        countingStatus.textContent = `Not saved: ${err.message}`;
        countingStatus.classList.replace("saved", "warning");
      }
    });
  }
})();
