/* policydocs: point each search result at the section that holds the match.
 *
 * Sphinx's search lists pages; a reader of a long policy wants the section. For each
 * result, the page (already fetched by the search for its summary, so cached) is read
 * and the innermost section containing the query is named and linked.
 */
(() => {
  const results = document.getElementById("search-results");
  if (!results) return;
  const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (!query) return;
  const squash = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const wanted = squash(query);
  const terms = typeof splitQuery === "function" ? splitQuery(query) : [wanted];

  const score = (text) => {
    if (text.includes(wanted)) return terms.length + 1;
    return terms.filter((term) => text.includes(term)).length;
  };

  const bestSection = (html) => {
    const page = new DOMParser().parseFromString(html, "text/html");
    let best = null;
    let bestScore = 0;
    for (const section of page.querySelectorAll("article section[id]")) {
      if (section.closest(".policydocs-generated")) continue;
      const own = [...section.children].filter((child) => child.tagName !== "SECTION");
      const text = squash(own.map((child) => child.textContent).join(" "));
      const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
      // A section named by the query beats one that only mentions it.
      const value = score(text) + (heading && squash(heading.textContent).includes(wanted) ? 2 : 0);
      if (value > bestScore) { best = section; bestScore = value; }
    }
    return best;
  };

  // Sphinx may list the same section twice: once for its title, once for its text.
  const dropTwin = (item, link) => {
    const twin = [...results.querySelectorAll("li[data-policydocs-section] a")].find(
      (other) => other !== link && other.href === link.href,
    );
    if (twin) item.remove();
  };

  const annotate = (item) => {
    const link = item.querySelector("a");
    if (!link || item.dataset.policydocsSection) return;
    if (link.hash) {
      item.dataset.policydocsSection = link.hash.slice(1);  // Sphinx matched a section title
      dropTwin(item, link);
      return;
    }
    item.dataset.policydocsSection = "pending";
    fetch(link.href)
      .then((response) => response.text())
      .then((html) => {
        const section = bestSection(html);
        if (!section) return;
        const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
        link.href = link.href.split("#")[0] + "#" + section.id;
        if (heading && section.querySelector("h1") !== heading) {
          const label = document.createElement("span");
          label.className = "policydocs-search-section";
          label.textContent = " › " + heading.textContent.replace(/¶$/, "").trim();
          link.after(label);
        }
        item.dataset.policydocsSection = section.id;
        dropTwin(item, link);
      });
  };

  new MutationObserver((changes) => {
    for (const change of changes)
      for (const node of change.addedNodes)
        if (node.nodeName === "LI") annotate(node);
  }).observe(results, { childList: true, subtree: true });
})();
