// Reading the site as a document: on paper and from disk.
// A file, not inline script, because the Content-Security-Policy allows only the site's own files.
"use strict";

// Printed, a policy must say where it lives: the permanent address of the revision shown (the
// facts box's permanent link) or of the page itself, written under the title for print only.
const PRINT_LABELS = {
  ja: { permanent: "固定URL", page: "このページのURL" },
  en: { permanent: "Permanent URL", page: "Address of this page" },
};

function addPrintAddress() {
  const article = document.querySelector("article[role=main]");
  if (!article || article.querySelector(".policydocs-print-address")) {
    return;
  }
  const permalink = document.querySelector(".policydocs-permalink a[href]");
  const address = (permalink ? permalink.href : window.location.href).split("#")[0];
  const line = document.createElement("div");  // not a <p>: the text's paragraphs stay the text's
  line.className = "policydocs-print-address";
  const labels = PRINT_LABELS[document.documentElement.lang] || PRINT_LABELS.en;
  line.textContent = `${permalink ? labels.permanent : labels.page}: ${address}`;
  const title = article.querySelector("h1");
  if (title) {
    title.after(line);
  } else {
    article.prepend(line);
  }
}

// Opened from disk (file://), a link to a directory shows the browser's listing of it, not the
// page: every page of the site is that directory's index.html, so the link is taken there.
function toIndexFile(event) {
  if (window.location.protocol !== "file:") {
    return;
  }
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || link.protocol !== "file:") {
    return;
  }
  const url = new URL(link.href);
  if (url.pathname.endsWith("/")) {
    url.pathname += "index.html";
    link.href = url.href;
  }
}

document.addEventListener("click", toIndexFile);
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", addPrintAddress);
} else {
  addPrintAddress();
}
