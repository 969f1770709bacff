// Shared helpers of the dyad pages: calling the JSON API, the review token, plotly defaults.
(function () {
  "use strict";

  const root = document.body.dataset.root || "";
  const TOKEN_KEY = "dyad-token";
  const QUADS = [
    { quad: 1, label: "verbal cooperation", color: "#6baed6" },
    { quad: 2, label: "material cooperation", color: "#2171b5" },
    { quad: 3, label: "verbal conflict", color: "#fd8d3c" },
    { quad: 4, label: "material conflict", color: "#cb181d" },
  ];

  function token() {
    try {
      return window.localStorage.getItem(TOKEN_KEY) || "";
    } catch (err) {
      return ""; // storage may be disabled; the review then fails with a clear 401
    }
  }

  function saveToken(value) {
    try {
      if (value) window.localStorage.setItem(TOKEN_KEY, value);
      else window.localStorage.removeItem(TOKEN_KEY);
    } catch (err) {
      /* nothing to do: the token is only kept for this page */
    }
  }

  // "?a=1&b=2" from an object, leaving out empty values.
  function query(params) {
    const search = new URLSearchParams();
    Object.entries(params || {}).forEach(([key, value]) => {
      if (value !== undefined && value !== null && String(value).trim() !== "") {
        search.set(key, String(value).trim());
      }
    });
    const text = search.toString();
    return text ? "?" + text : "";
  }

  function message(status, data) {
    const detail = data && data.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail.map((d) => (d.loc ? d.loc.slice(1).join(".") + ": " : "") + d.msg).join("; ");
    }
    return "request failed (" + status + ")";
  }

  async function request(path, options) {
    const response = await fetch(root + path, options);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (err) {
      data = text;
    }
    if (!response.ok) {
      const error = new Error(message(response.status, data));
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function getJSON(path, params) {
    return request(path + query(params), { headers: { Accept: "application/json" } });
  }

  function postJSON(path, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const secret = token();
    if (secret) headers.Authorization = "Bearer " + secret;
    return request(path, { method: "POST", headers: headers, body: JSON.stringify(body) });
  }

  // The same words the server writes in the review column (pages.review_text).
  function reviewText(c) {
    if (!c || !c.verdict) return "unreviewed";
    if (c.verdict !== "changed") return c.verdict;
    const parts = [c.event_type, c.mode, c.modality].filter(Boolean);
    if (c.actor_countries && c.actor_countries.length) {
      parts.push("actors " + c.actor_countries.join(", "));
    }
    if (c.recipient_countries && c.recipient_countries.length) {
      parts.push("recipients " + c.recipient_countries.join(", "));
    }
    return "changed: " + parts.join(" · ");
  }

  // Charts mark their state in data-state (loading, ready, empty, error) for tests and CSS.
  function showState(el, state, text) {
    el.dataset.state = state;
    if (text !== undefined) {
      el.textContent = "";
      const p = document.createElement("p");
      p.className = "chart-message";
      p.textContent = text;
      el.appendChild(p);
    }
  }

  function plot(el, traces, layout) {
    if (typeof window.Plotly === "undefined") {
      showState(el, "error", "The chart library did not load.");
      return Promise.resolve();
    }
    el.textContent = "";
    const base = {
      margin: { l: 50, r: 20, t: 10, b: 40 },
      font: { family: "system-ui, sans-serif", size: 12 },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      legend: { orientation: "h", y: -0.15 },
    };
    const config = { displaylogo: false, displayModeBar: false, responsive: true };
    return window.Plotly.newPlot(el, traces, Object.assign(base, layout || {}), config).then(() => {
      el.dataset.state = "ready";
    });
  }

  function fail(el, err) {
    showState(el, "error", err && err.message ? err.message : String(err));
  }

  function formValues(form) {
    const values = {};
    new FormData(form).forEach((value, key) => {
      values[key] = value;
    });
    return values;
  }

  // The token field sits in a form (browsers expect password fields in one); it never submits.
  const tokenForm = document.getElementById("token-form");
  if (tokenForm) tokenForm.addEventListener("submit", (event) => event.preventDefault());
  const input = document.getElementById("token");
  if (input) {
    input.value = token();
    input.addEventListener("input", () => saveToken(input.value.trim()));
  }

  window.dyad = {
    root: root,
    QUADS: QUADS,
    token: token,
    getJSON: getJSON,
    postJSON: postJSON,
    reviewText: reviewText,
    showState: showState,
    plot: plot,
    fail: fail,
    formValues: formValues,
  };
})();
