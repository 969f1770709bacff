// Review controls: "right", "wrong" and "change" post a correction with the stored token;
// the row then shows the saved correction.
(function () {
  "use strict";
  const plover = JSON.parse(document.getElementById("plover").textContent);

  function codes(text) {
    return text
      .split(",")
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
  }

  function showError(box, text) {
    const p = box.querySelector(".error");
    if (p) p.textContent = text;
  }

  function showSaved(box, saved) {
    const id = box.dataset.eventId;
    document.querySelectorAll('[data-testid="review-status-' + id + '"]').forEach((el) => {
      el.textContent = window.dyad.reviewText(saved);
      el.className = "status status-" + saved.verdict;
      el.title = saved.note || "";
    });
    const row = box.closest("tr, article");
    if (row) {
      row.classList.remove("verdict-none", "verdict-right", "verdict-wrong", "verdict-changed");
      row.classList.add("verdict-" + saved.verdict);
    }
    box.dataset.saved = saved.verdict;
    showError(box, "");
  }

  async function send(box, body) {
    const buttons = box.querySelectorAll("button");
    buttons.forEach((b) => {
      b.disabled = true;
    });
    try {
      const saved = await window.dyad.postJSON(
        "/api/corrections",
        Object.assign({ event_id: box.dataset.eventId }, body)
      );
      showSaved(box, saved);
      return true;
    } catch (err) {
      // say what the reviewer can do, not how the API wants its header
      const hint =
        err.status === 401
          ? "Paste the review token (the server's DYAD_TOKEN) in the field at the top, then retry."
          : err.message;
      showError(box, hint);
      return false;
    } finally {
      buttons.forEach((b) => {
        b.disabled = false;
      });
    }
  }

  // Only the fields the reviewer changed: the others stay as the coder had them.
  function changes(box, form) {
    const field = form.elements;
    const before = box.dataset;
    const body = {};
    const kind = field.event_type.value;
    const mode = field.mode.value;
    const modality = field.modality.value;
    const actors = codes(field.actors.value);
    const recipients = codes(field.recipients.value);
    if (kind !== before.eventType) body.event_type = kind;
    if (mode && mode !== before.mode) body.mode = mode;
    if (modality !== before.modality) body.modality = modality;
    if (actors.join(",") !== before.actors) body.actor_countries = actors;
    if (recipients.join(",") !== before.recipients) body.recipient_countries = recipients;
    return body;
  }

  function fillModes(form) {
    const select = form.elements.mode;
    const modes = plover.modes[form.elements.event_type.value] || [];
    select.textContent = "";
    ["", ...modes].forEach((mode) => {
      const option = document.createElement("option");
      option.value = mode;
      option.textContent = mode || "(none)";
      select.appendChild(option);
    });
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".review [data-action]");
    if (!button) return;
    const box = button.closest(".review");
    const action = button.dataset.action;
    if (action === "change") {
      const form = box.querySelector("form.change");
      form.hidden = !form.hidden;
      button.setAttribute("aria-expanded", String(!form.hidden));
      return;
    }
    send(box, { verdict: action });
  });

  document.addEventListener("change", (event) => {
    const form = event.target.closest(".review form.change");
    if (form && event.target.name === "event_type") fillModes(form);
  });

  document.addEventListener("submit", async (event) => {
    const form = event.target.closest(".review form.change");
    if (!form) return;
    event.preventDefault();
    const box = form.closest(".review");
    const body = changes(box, form);
    if (!Object.keys(body).length) {
      showError(box, "Change at least one field, or mark the event right.");
      return;
    }
    const note = form.elements.note.value.trim();
    if (note) body.note = note;
    if (await send(box, Object.assign({ verdict: "changed" }, body))) {
      form.hidden = true;
      const toggle = box.querySelector('[data-action="change"]');
      if (toggle) toggle.setAttribute("aria-expanded", "false");
    }
  });
})();
