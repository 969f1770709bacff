// Timeline: events per period, stacked by quad class, for the filters of the form.
(function () {
  "use strict";
  const el = document.getElementById("chart-timeline");
  const form = document.getElementById("filters");
  if (!el || !form) return;

  const values = window.dyad.formValues(form);
  const params = {
    since: values.since,
    until: values.until,
    actor: values.actor,
    recipient: values.recipient,
    type: values.type,
    freq: values.freq || "month",
    by: "quad_class",
    // the table shows every modality unless one is chosen; the chart shows the same events
    modality: values.modality || "all",
  };

  window.dyad
    .getJSON("/api/series", params)
    .then((data) => {
      const points = data.points;
      if (!points.some((p) => p.count > 0)) {
        window.dyad.showState(el, "empty", "No dated events match these filters.");
        return undefined;
      }
      const traces = window.dyad.QUADS.map((q) => {
        const mine = points.filter((p) => p.quad_class === q.quad);
        return {
          type: "bar",
          name: q.label,
          x: mine.map((p) => p.period),
          y: mine.map((p) => p.count),
          marker: { color: q.color },
          hovertemplate: "%{x}: %{y} " + q.label + "<extra></extra>",
        };
      });
      return window.dyad.plot(el, traces, {
        barmode: "stack",
        xaxis: { type: "date" },
        yaxis: { title: { text: "events" }, rangemode: "tozero" },
      });
    })
    .catch((err) => window.dyad.fail(el, err));
})();
