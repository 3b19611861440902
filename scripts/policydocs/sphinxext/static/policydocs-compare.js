// Choosing two revisions to compare. Without script, every pair is a link in the chooser page's
// list; with it, the form is shown and follows the page's link for the chosen pair, so this file
// knows no URL scheme. A comparison page lists only each revision against the one before: a pair
// it does not list is asked of the chooser page (its "every comparison" link, ?from=...&to=...),
// which follows its own link for it. A file, not an inline script: the Content-Security-Policy
// forbids those.
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
    const listed = linkFor(chooser, key(older), key(newer));
    if (listed) {
      window.location.href = listed.href;
      return;
    }
    const every = chooser.querySelector("a.policydocs-compare-all");
    if (every) {
      const asked = new URL(every.href);
      asked.searchParams.set("from", key(older));
      asked.searchParams.set("to", key(newer));
      window.location.href = asked.href;
    }
  }

  function linkFor(root, older, newer) {
    for (const link of root.querySelectorAll("a[data-from][data-to]")) {
      if (link.dataset.from === older && link.dataset.to === newer) return link;
    }
    return null;
  }

  // On the chooser page, a pair another page's form asked for: followed if the page lists it
  // (the keys are only compared with the list's, never put into the page).
  function followAsked() {
    const asked = new URLSearchParams(window.location.search);
    const older = asked.get("from");
    const newer = asked.get("to");
    if (!older || !newer) return;
    for (const chooser of document.querySelectorAll(".policydocs-compare")) {
      const link = linkFor(chooser, older, newer);
      if (link) {
        window.location.replace(link.href);
        return;
      }
    }
  }

  function start() {
    followAsked();
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
