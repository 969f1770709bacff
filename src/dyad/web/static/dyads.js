// Dyad explorer: the dyad's events by type, and its cooperation–conflict index.
(function () {
  "use strict";
  const form = document.getElementById("dyad-form");
  const types = document.getElementById("chart-dyad-types");
  const index = document.getElementById("chart-dyad-cooperation");
  if (!form || !types || !index) return;

  const values = window.dyad.formValues(form);
  const params = {
    dyad: values.dyad,
    freq: values.freq || "month",
    modality: values.modality || "asserted",
  };

  function drawTypes(data) {
    const points = data.points;
    if (!points.some((p) => p.count > 0)) {
      window.dyad.showState(types, "empty", "No dated events of this dyad.");
      return undefined;
    }
    const names = Array.from(new Set(points.map((p) => p.event_type)));
    const traces = names.map((name) => {
      const mine = points.filter((p) => p.event_type === name);
      return {
        type: "bar",
        name: name,
        x: mine.map((p) => p.period),
        y: mine.map((p) => p.count),
        hovertemplate: "%{x}: %{y} " + name + "<extra></extra>",
      };
    });
    return window.dyad.plot(types, traces, {
      barmode: "stack",
      xaxis: { type: "date" },
      yaxis: { title: { text: "events" }, rangemode: "tozero" },
    });
  }

  // Counts as bars (cooperation up, conflict down) on the right axis, the index as a line.
  function drawIndex(data) {
    const points = data.points;
    if (!points.some((p) => p.cooperation + p.conflict > 0)) {
      window.dyad.showState(index, "empty", "No dated events of this dyad.");
      return undefined;
    }
    const x = points.map((p) => p.period);
    // Both axes symmetric around 0, so no events and an index of 0 sit on the same line.
    const most = 1.1 * Math.max(1, ...points.map((p) => Math.max(p.cooperation, p.conflict)));
    const bars = [
      { name: "cooperation", y: points.map((p) => p.cooperation), color: "rgba(49,163,84,0.35)" },
      { name: "conflict", y: points.map((p) => -p.conflict), color: "rgba(203,24,29,0.35)" },
    ].map((bar) => ({
      type: "bar",
      name: bar.name,
      x: x,
      y: bar.y,
      yaxis: "y2",
      marker: { color: bar.color },
      hovertemplate: "%{x}: %{y} " + bar.name + "<extra></extra>",
    }));
    const line = {
      type: "scatter",
      mode: "lines+markers",
      name: "index",
      x: x,
      y: points.map((p) => p.index),
      connectgaps: false,
      line: { color: "#333" },
      hovertemplate: "%{x}: index %{y:.2f}<extra></extra>",
    };
    return window.dyad.plot(index, [...bars, line], {
      barmode: "relative",
      margin: { l: 50, r: 50, t: 10, b: 40 },
      xaxis: { type: "date" },
      yaxis: { range: [-1.1, 1.1], zeroline: true, title: { text: "index" } },
      yaxis2: {
        overlaying: "y",
        side: "right",
        showgrid: false,
        range: [-most, most],
        title: { text: "events (conflict below 0)" },
      },
    });
  }

  if (document.querySelector('[data-testid="dyad-error"]')) {
    [types, index].forEach((el) => window.dyad.showState(el, "error", "Fix the dyad above."));
    return;
  }

  window.dyad
    .getJSON("/api/series", Object.assign({ by: "type" }, params))
    .then(drawTypes)
    .catch((err) => window.dyad.fail(types, err));
  window.dyad
    .getJSON("/api/cooperation", params)
    .then(drawIndex)
    .catch((err) => window.dyad.fail(index, err));
})();
