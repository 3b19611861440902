/* The benchmark's baseline (bench.search_scale): policydocs-search.js as it was before the index
 * was sharded (commit 585c134), kept verbatim below so that "today" is measured in the same run, on
 * the same site, beside the sharded search. It needs Sphinx's whole searchindex.js and fetches every
 * candidate page. Never served by a site: the benchmark serves it on a search page of its own.
 */
/* policydocs: a search a reader can trust, in place of Sphinx's own query.
 *
 * Sphinx's query ignores a word the index lacks and keeps pages that hold any one of
 * a Japanese word's pieces, lists results in the order their pages happen to load, and
 * cuts its snippet from the top of the page (the facts box). Here:
 * - every part of the query (split at spaces) must be on the page: a part with Japanese
 *   in it as written, adjacently (the index's pairs of characters only choose which pages
 *   to read), a Latin part word by word, stemmed as the index is;
 * - only the text counts: what the extension writes around it (facts box, banners,
 *   history; ".policydocs-generated") is neither searched nor quoted;
 * - results are ordered by score, then title, then document name, and shown at once;
 * - each result links to the section that holds the match and quotes it, as text;
 * - the page says how many results there are, in its language (POLICYDOCS_SEARCH_MESSAGES,
 *   written into the search page by policydocs.sphinxext.search).
 * Nothing read from a page is ever written as HTML: snippets are built from text nodes.
 */
(() => {
  const results = document.getElementById("search-results");
  if (!results || typeof Search === "undefined") return;

  const MESSAGES = {
    one: "1 result",
    many: "{n} results",
    none: "No page contains every word of the search. Check the spelling, or search for fewer words.",
    ...(typeof POLICYDOCS_SEARCH_MESSAGES === "object" ? POLICYDOCS_SEARCH_MESSAGES : {}),
  };
  // The same ranges as policydocs.segmentation._CJK (a test keeps them equal).
  const CJK = /[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const NOT_TEXT = ".policydocs-generated, .no-search, .headerlink, script, style, nav";
  // Title and text are searched together, but no part may run from one into the other.
  const SEPARATOR = "\u0000";

  const squash = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (word) => word };

  // The words of a Latin part as the index holds them: split, lower case, no stop words, stemmed.
  const indexWords = (text) =>
    splitQuery(text.normalize("NFKC").toLowerCase())
      .filter((word) => !(typeof stopwords !== "undefined" && stopwords.has(word)) && !/^\d+$/.test(word))
      .map((word) => stemmer.stemWord(word));

  const parseQuery = (query) =>
    query
      .normalize("NFKC")
      .split(/\s+/)
      .filter((part) => part)
      .map((part) => ({ text: part, squashed: squash(part), japanese: CJK.test(part), words: indexWords(part) }));

  // --- which pages may match: every indexed word of every part, looked up in the index

  const filesOf = (entry) => (entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]);

  const pagesWith = (index, word) => {
    const found = new Set();
    for (const table of [index.terms, index.titleterms]) {
      if (Object.hasOwn(table, word)) filesOf(table[word]).forEach((file) => found.add(file));
      else if (word.length > 2)
        for (const [term, files] of Object.entries(table))
          if (term.includes(word)) filesOf(files).forEach((file) => found.add(file));
    }
    return found;
  };

  const candidates = (index, parts) => {
    const words = [...new Set(parts.flatMap((part) => part.words))];
    if (!words.length) return [];
    let pages = null;
    for (const word of words) {
      const found = pagesWith(index, word);
      pages = pages === null ? found : new Set([...pages].filter((file) => found.has(file)));
      if (!pages.size) return [];
    }
    return [...pages].sort((a, b) => a - b);
  };

  // --- does a page match, and how well: read its text

  const textWords = (text) => indexWords(text);

  const count = (haystack, needle) => {
    let found = 0;
    for (let at = haystack.indexOf(needle); at >= 0 && found < 10; at = haystack.indexOf(needle, at + needle.length))
      found += 1;
    return found;
  };

  const wordFound = (words, word) => words.includes(word) || (word.length > 2 && words.some((w) => w.includes(word)));

  // How often each part occurs in the text (0: the part is missing).
  const occurrences = (parts, text) => {
    const squashed = squash(text);
    let words = null;
    return parts.map((part) => {
      if (part.japanese || !part.words.length) return count(squashed, part.squashed);
      words = words || textWords(text);
      if (!part.words.every((word) => wordFound(words, word))) return 0;
      return Math.min(10, words.filter((w) => part.words.some((word) => w.includes(word))).length);
    });
  };

  const HEADING = /^H[1-6]$/;

  const ownText = (section, withHeading = true) =>
    [...section.children]
      .filter((child) => child.tagName !== "SECTION" && (withHeading || !HEADING.test(child.tagName)))
      .map((child) => child.textContent)
      .join(" ");

  const readPage = (html) => {
    const page = new DOMParser().parseFromString(html, "text/html");
    const main = page.querySelector('[role="main"]') || page.querySelector("article") || page.body;
    main.querySelectorAll(NOT_TEXT).forEach((element) => element.remove());
    return main;
  };

  // The section whose own text holds most of the query (its heading naming the query counts double).
  const bestSection = (main, parts) => {
    let best = null;
    let bestScore = 0;
    for (const section of main.querySelectorAll("section[id]")) {
      const found = occurrences(parts, ownText(section)).filter((n) => n > 0).length;
      const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
      const named = heading && heading.parentElement === section ? occurrences(parts, heading.textContent)[0] > 0 : false;
      const value = found * 2 + (named ? 1 : 0);
      if (value > bestScore) {
        best = section;
        bestScore = value;
      }
    }
    return best;
  };

  // --- the snippet: the matching text, with the query marked

  // Each character of the text folded as a query is, with where it came from.
  const fold = (text) => {
    let folded = "";
    const from = [];
    const to = [];
    let at = 0;
    for (const char of text) {
      if (!/\s/.test(char)) {
        const piece = char.normalize("NFKC").toLowerCase();
        for (let i = 0; i < piece.length; i += 1) {
          from.push(at);
          to.push(at + char.length);
        }
        folded += piece;
      }
      at += char.length;
    }
    return { folded, from, to };
  };

  const spans = (text, parts) => {
    const { folded, from, to } = fold(text);
    const found = [];
    for (const part of parts) {
      const needles = part.japanese ? [part.squashed] : [...part.squashed.split(/[^\p{L}\p{N}]+/u), ...part.words];
      for (const needle of needles.filter((n) => n)) {
        for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length))
          found.push([from[at], to[at + needle.length - 1]]);
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const [start, end] of found) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    return merged;
  };

  const BEFORE = 60;
  const LENGTH = 200;

  const snippet = (text, parts) => {
    const clean = text.replace(/\s+/g, " ").trim();
    const marks = spans(clean, parts);
    const start = marks.length ? Math.max(0, marks[0][0] - BEFORE) : 0;
    const end = Math.min(clean.length, start + LENGTH);
    const paragraph = document.createElement("p");
    paragraph.className = "context policydocs-search-snippet";
    if (start > 0) paragraph.append("…");
    let at = start;
    for (const [from, to] of marks) {
      if (from >= end) break;
      if (to <= at) continue;
      paragraph.append(clean.slice(at, Math.max(at, from)));
      const mark = document.createElement("span");
      mark.className = "highlighted";
      mark.textContent = clean.slice(Math.max(at, from), Math.min(to, end));
      paragraph.append(mark);
      at = Math.min(to, end);
    }
    paragraph.append(clean.slice(at, end));
    if (end < clean.length) paragraph.append("…");
    return paragraph;
  };

  // --- one result

  const pageUrl = (docName) => {
    const root = document.documentElement.dataset.content_root || "";
    if (DOCUMENTATION_OPTIONS.BUILDER !== "dirhtml")
      return [root + docName + DOCUMENTATION_OPTIONS.FILE_SUFFIX, docName + DOCUMENTATION_OPTIONS.LINK_SUFFIX];
    let directory = docName + "/";
    if (directory.endsWith("/index/")) directory = directory.slice(0, -6);
    else if (directory === "index/") directory = "";
    return [root + directory, root + directory];
  };

  const examine = async (index, file, parts) => {
    const docName = index.docnames[file];
    const title = index.titles[file];
    const [requestUrl, linkUrl] = pageUrl(docName);
    const result = { docName, title, linkUrl, score: 0, section: null, snippet: null };
    let main;
    try {
      const response = await fetch(requestUrl);
      if (!response.ok) throw new Error(response.statusText);
      main = readPage(await response.text());
    } catch {
      return result; // the page cannot be read (a site opened from disk): the index's word says it matches
    }
    const inTitle = occurrences(parts, title);
    const inText = occurrences(parts, main.textContent);
    const inEither = occurrences(parts, title + SEPARATOR + main.textContent);
    if (inEither.some((n) => n === 0)) return null;
    result.score = 20 * inTitle.filter((n) => n > 0).length + inText.reduce((sum, n) => sum + n, 0);
    const section = bestSection(main, parts);
    if (section) {
      const heading = section.querySelector("h1, h2, h3, h4, h5, h6");
      result.section = { id: section.id, heading: heading && heading.tagName !== "H1" ? heading.textContent : null };
    }
    result.snippet = snippet(section ? ownText(section, false) : main.textContent, parts);
    return result;
  };

  const byScoreTitleName = (a, b) =>
    b.score - a.score || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.docName < b.docName ? -1 : 1);

  const show = (result) => {
    const item = document.createElement("li");
    item.className = "kind-text";
    const link = item.appendChild(document.createElement("a"));
    link.href = result.linkUrl + (result.section ? "#" + result.section.id : "");
    link.textContent = result.title;
    if (result.section && result.section.heading) {
      const label = item.appendChild(document.createElement("span"));
      label.className = "policydocs-search-section";
      label.textContent = " › " + result.section.heading.trim();
    }
    if (result.snippet) item.appendChild(result.snippet);
    item.dataset.policydocsSection = result.section ? result.section.id : "page";
    return item;
  };

  const say = (found) => {
    if (!found) return MESSAGES.none;
    return found === 1 ? MESSAGES.one : MESSAGES.many.replace("{n}", String(found));
  };

  const query = async (text) => {
    const progress = document.getElementById("search-progress");
    if (progress) progress.replaceChildren();
    const parts = parseQuery(text);
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", parts.map((part) => part.text).join(" "));
    const index = Search._index;
    const examined = await Promise.all(candidates(index, parts).map((file) => examine(index, file, parts)));
    const found = examined.filter((result) => result !== null).sort(byScoreTitleName);
    Search.output.replaceChildren(...found.map(show));
    Search.stopPulse();
    Search.status.innerText = say(found.length);
    Search.status.dataset.count = String(found.length);
    Search.title.innerText = _("Search Results");
  };

  Search.query = (text) => {
    query(text);
  };
})();
