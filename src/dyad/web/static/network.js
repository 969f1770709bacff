// Actor network: countries placed by the server's spring layout, edges as lines.
(function () {
  "use strict";
  const el = document.getElementById("chart-network");
  const form = document.getElementById("network-form");
  if (!el || !form) return;

  const values = window.dyad.formValues(form);
  const params = {
    since: values.since,
    until: values.until,
    min_count: values.min_count || 1,
    modality: values.modality || "asserted",
  };

  // One line trace per colour: null between segments keeps them apart.
  function edgeTrace(links, at, color, name) {
    const x = [];
    const y = [];
    links.forEach((link) => {
      const a = at[link.source];
      const b = at[link.target];
      x.push(a.x, b.x, null);
      y.push(a.y, b.y, null);
    });
    return {
      type: "scatter",
      mode: "lines",
      name: name,
      x: x,
      y: y,
      hoverinfo: "skip",
      line: { color: color, width: 1.5 },
    };
  }

  function draw(data) {
    if (!data.nodes.length) {
      window.dyad.showState(el, "empty", "No countries to show for these filters.");
      return undefined;
    }
    const at = {};
    data.nodes.forEach((node) => {
      at[node.id] = node;
    });
    const friendly = data.links.filter((l) => l.cooperation >= l.conflict);
    const hostile = data.links.filter((l) => l.cooperation < l.conflict);
    // Hover points at the middle of each edge, 0.6 of the way towards the target.
    const middles = {
      type: "scatter",
      mode: "markers",
      name: "acts on",
      x: data.links.map((l) => at[l.source].x + (at[l.target].x - at[l.source].x) * 0.6),
      y: data.links.map((l) => at[l.source].y + (at[l.target].y - at[l.source].y) * 0.6),
      text: data.links.map(
        (l) =>
          l.source + " → " + l.target + ": " + l.count + " events (" + l.cooperation +
          " cooperation, " + l.conflict + " conflict)"
      ),
      hoverinfo: "text",
      marker: { size: 6, color: "rgba(80,80,80,0.35)" },
      showlegend: false,
    };
    const most = Math.max(...data.nodes.map((n) => n.events), 1);
    const nodes = {
      type: "scatter",
      mode: "markers+text",
      name: "countries",
      x: data.nodes.map((n) => n.x),
      y: data.nodes.map((n) => n.y),
      text: data.nodes.map((n) => n.id),
      textposition: "top center",
      hovertext: data.nodes.map((n) => n.id + ": " + n.events + " events"),
      hoverinfo: "text",
      marker: {
        size: data.nodes.map((n) => 10 + 40 * Math.sqrt(n.events / most)),
        color: "#3182bd",
        line: { color: "#fff", width: 1 },
      },
    };
    const traces = [
      edgeTrace(friendly, at, "rgba(49,163,84,0.6)", "mostly cooperation"),
      edgeTrace(hostile, at, "rgba(203,24,29,0.6)", "mostly conflict"),
      middles,
      nodes,
    ];
    const hidden = { visible: false };
    return window.dyad.plot(el, traces, { xaxis: hidden, yaxis: hidden, hovermode: "closest" });
  }

  window.dyad
    .getJSON("/api/network", params)
    .then(draw)
    .catch((err) => window.dyad.fail(el, err));
})();
