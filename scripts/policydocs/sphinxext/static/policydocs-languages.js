// The language switcher keeps the reader's place: section anchors are the same in every
// language, so the link to the other language takes the current #anchor along. A file, not an
// onclick= attribute, because the Content-Security-Policy forbids inline handlers.
"use strict";
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest(".policydocs-languages a[hreflang]") : null;
  if (link) {
    link.href = link.href.split("#")[0] + window.location.hash;
  }
});
