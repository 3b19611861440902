// Choosing two revisions to compare. Without script, every pair is a link in the list beside
// the form; with it, the form is shown and follows the list's link for the chosen pair, so this
// file knows no URL scheme. A file, not an inline script: the Content-Security-Policy forbids those.
"use strict";
(() => {
  function follow(form, event) {
    event.preventDefault();
    const chooser = form.closest(".policydocs-compare");
    const from = form.elements.namedItem("from");
    const to = form.elements.namedItem("to");
    const error = form.querySelector(".policydocs-compare-error");
    // Options are listed oldest first: the older one is the "from" side whichever way it was chosen.
    let older = from.selectedIndex;
    let newer = to.selectedIndex;
    if (older === newer) {
      error.hidden = false;
      return;
    }
    if (older > newer) [older, newer] = [newer, older];
    const key = (index) => from.options[index].value;
    for (const link of chooser.querySelectorAll("a[data-from][data-to]")) {
      if (link.dataset.from === key(older) && link.dataset.to === key(newer)) {
        window.location.href = link.href;
        return;
      }
    }
  }

  function start() {
    for (const form of document.querySelectorAll(".policydocs-compare-form")) {
      form.hidden = false;
      form.addEventListener("submit", (event) => follow(form, event));
      form.addEventListener("change", () => {
        form.querySelector(".policydocs-compare-error").hidden = true;
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
