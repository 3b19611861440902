// A page is built on one day and read on many. A page that an announced revision will
// overtake carries, hidden, what to say once that revision's date has come: notices marked
// with class "policydocs-from-YYYY-MM-DD". On the reader's day, counted in Japan (UTC+9 all
// year, no summer time), the latest notice whose date has come is shown. A file, not an inline
// script, because the Content-Security-Policy allows only the site's own script files.
"use strict";
(() => {
  const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
  const MARK = /^policydocs-from-(\d{4}-\d{2}-\d{2})$/;

  function todayInJapan() {
    return new Date(Date.now() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
  }

  function dateOf(notice) {
    for (const name of notice.classList) {
      const match = MARK.exec(name);
      if (match) return match[1];
    }
    return null;
  }

  function showNotices() {
    const today = todayInJapan();
    let latest = null;
    let latestDate = "";
    for (const notice of document.querySelectorAll(".policydocs-date-notice")) {
      const date = dateOf(notice);
      // ISO dates compare as strings.
      if (date !== null && date <= today && date >= latestDate) {
        latest = notice;
        latestDate = date;
      }
    }
    if (latest !== null) {
      latest.classList.add("policydocs-date-notice-shown");
      latest.setAttribute("role", "status");
      document.documentElement.classList.add("policydocs-overtaken");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showNotices);
  } else {
    showNotices();
  }
})();
