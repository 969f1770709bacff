// Article page: pointing at an event card outlines that event's words in the text.
(function () {
  "use strict";
  const marks = Array.from(document.querySelectorAll(".article-text mark[data-events]"));

  function focus(id, on) {
    marks.forEach((mark) => {
      if (mark.dataset.events.split(" ").includes(id)) mark.classList.toggle("focus", on);
    });
  }

  document.querySelectorAll(".event-card[id^='event-']").forEach((card) => {
    const id = card.id.slice("event-".length);
    card.addEventListener("mouseenter", () => focus(id, true));
    card.addEventListener("mouseleave", () => focus(id, false));
    card.addEventListener("focusin", () => focus(id, true));
    card.addEventListener("focusout", () => focus(id, false));
  });

  // Arriving from a table link (#event-<id>): show that event's words at once.
  if (window.location.hash.startsWith("#event-")) {
    focus(window.location.hash.slice("#event-".length), true);
  }
})();
