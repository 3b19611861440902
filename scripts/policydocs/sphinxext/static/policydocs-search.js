/* policydocs: a search a reader can trust, in place of Sphinx's own query, that stays small.
 *
 * Sphinx's query needs its whole index (10 MB at 5,000 documents) before any result, ignores
 * a word the index lacks, keeps pages that hold any one of a Japanese word's pieces, lists
 * results in the order their pages happen to load, and cuts its snippet from the top of the
 * page (the facts box). Here:
 * - the index comes in shards (policydocs.sphinxext.search_shards): a query fetches the list of
 *   pages and the shards of its own words, nothing else;
 * - every part of the query (split at spaces) must be on the page: a part with Japanese in it
 *   as written, adjacently (the index's pairs of characters only choose the candidates), a
 *   Latin part word by word, stemmed as the index is;
 * - only the text counts: what the extension writes around it (facts box, banners, history)
 *   is neither searched nor quoted;
 * - candidates are ranked from the index (title, then occurrences, then title order), and
 *   shown a screen at a time: for each screen the page text of just those results is fetched
 *   (_search/p/<page>.json) to check the match as written, score it exactly, link the section
 *   that holds it and quote it; "more results" shows the next screen;
 * - the page says how many results there are, in its language (POLICYDOCS_SEARCH_MESSAGES,
 *   written into the search page by policydocs.sphinxext.search). The count is the candidates'
 *   until a screen shows that one of them lacks a Japanese part as written.
 * Nothing read from the index or a page is ever written as HTML: everything is text nodes.
 * A site opened from disk (where a page cannot fetch files) falls back to Sphinx's
 * searchindex.js and lists what it finds, without snippets.
 */
(() => {
  const results = document.getElementById("search-results");
  if (!results || typeof Search === "undefined") return;

  const MESSAGES = {
    one: "1 result",
    many: "{n} results",
    none: "No page contains every word of the search. Check the spelling, or search for fewer words.",
    more: "More results",
    ...(typeof POLICYDOCS_SEARCH_MESSAGES === "object" ? POLICYDOCS_SEARCH_MESSAGES : {}),
  };
  // The same ranges as policydocs.segmentation._CJK (a test keeps them equal).
  const CJK = /[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const NOT_TEXT = ".policydocs-generated, .no-search, .headerlink, script, style, nav";
  // Title and text are searched together, but no part may run from one into the other.
  const SEPARATOR = "\u0000";

  const squash = (text) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (word) => word };
  // Each word stemmed once: a result's text is read word by word several times (whole, by section,
  // with its title), its words repeat, and Snowball costs most of the first screen on a slow phone.
  const stems = new Map();
  const stem = (word) => {
    let found = stems.get(word);
    if (found === undefined) stems.set(word, (found = stemmer.stemWord(word)));
    return found;
  };

  // The words of a Latin part as the index holds them: split, lower case, no stop words, stemmed.
  const indexWords = (text) =>
    splitQuery(text.normalize("NFKC").toLowerCase())
      .filter((word) => !(typeof stopwords !== "undefined" && stopwords.has(word)) && !/^\d+$/.test(word))
      .map(stem);

  // A part with Japanese in it is looked up by its pairs of characters (and its Latin words), as the
  // Japanese index cuts text and as every index also cuts Japanese it holds (search_pages.page_terms).
  const LATIN = "0-9a-z\u00c0-\u024f";
  const RUNS = new RegExp(`${CJK.source}+|[${LATIN}]+`, "g");
  const pairs = (text) =>
    [...text.normalize("NFKC").toLowerCase().matchAll(RUNS)]
      .flatMap(([run]) =>
        !CJK.test(run) || run.length === 1 ? [run] : Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)),
      )
      .filter((word) => !(typeof stopwords !== "undefined" && stopwords.has(word)) && !/^\d+$/.test(word));

  const parseQuery = (query) =>
    query
      .normalize("NFKC")
      .split(/\s+/)
      .filter((part) => part)
      .map((part) => {
        const japanese = CJK.test(part);
        return { text: part, squashed: squash(part), japanese, words: japanese ? pairs(part) : indexWords(part) };
      });

  // --- which pages may match: every indexed word of every part, looked up in its shard

  // Results checked and shown at a time (a test may ask for fewer, to see screens follow one another).
  const SCREEN = typeof POLICYDOCS_SEARCH_SCREEN === "number" ? POLICYDOCS_SEARCH_SCREEN : 10;
  const contentRoot = () => document.documentElement.dataset.content_root || "";
  const fetchJson = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };

  let meta = null;
  const shards = new Map();
  const loadMeta = () => (meta = meta || fetchJson(contentRoot() + "_search/meta.json"));

  // The same as policydocs.sphinxext.search_shards.shard_of: FNV-1a over the key's UTF-16 code units.
  const shardOf = (term, info) => {
    let value = 0x811c9dc5;
    const key = term.slice(0, info.keyLength);
    for (let i = 0; i < key.length; i += 1) value = Math.imul(value ^ key.charCodeAt(i), 0x01000193) >>> 0;
    return value % info.shards;
  };

  const loadShard = (number) => {
    if (!shards.has(number)) shards.set(number, fetchJson(`${contentRoot()}_search/t/${number}.json`));
    return shards.get(number);
  };

  // Pages (number -> count on the page) and pages with it in their title, for one word.
  const decodeText = (postings, into) => {
    let page = 0;
    for (const value of postings) {
      page += Math.floor(value / 16);
      into.set(page, Math.min(10, (into.get(page) || 0) + (value % 16)));
    }
  };
  const decodeTitle = (gaps, into) => {
    let page = 0;
    for (const gap of gaps) into.add((page += gap));
  };

  // A word the index holds is looked up as it is; a longer word not held is matched as the start of
  // the index's words (its shard holds every word that starts as it does).
  const wordPages = (shard, word) => {
    const text = new Map();
    const title = new Set();
    const exact = Object.hasOwn(shard.t, word) || Object.hasOwn(shard.h, word);
    for (const [term, postings] of Object.entries(shard.t))
      if (exact ? term === word : word.length > 2 && term.startsWith(word)) decodeText(postings, text);
    for (const [term, gaps] of Object.entries(shard.h))
      if (exact ? term === word : word.length > 2 && term.startsWith(word)) decodeTitle(gaps, title);
    return { text, title };
  };

  // Every page that has every word, ranked as the browser used to rank them once read: 20 for each
  // part in the title, plus how often each part occurs (at most 10), then the index's order.
  const candidates = async (parts) => {
    const words = [...new Set(parts.flatMap((part) => part.words))];
    if (!words.length) return { info: null, ranked: [] };
    const info = await loadMeta();
    const loaded = await Promise.all(words.map((word) => loadShard(shardOf(word, info))));
    const found = new Map(words.map((word, i) => [word, wordPages(loaded[i], word)]));
    let pages = null;
    for (const { text, title } of found.values()) {
      const here = new Set([...text.keys(), ...title]);
      pages = pages === null ? here : new Set([...pages].filter((page) => here.has(page)));
      if (!pages.size) return { info, ranked: [] };
    }
    const estimate = (page) => {
      let score = 0;
      for (const part of parts) {
        if (!part.words.length) continue;
        const each = part.words.map((word) => found.get(word));
        if (each.every(({ title }) => title.has(page))) score += 20;
        const counts = each.map(({ text }) => text.get(page) || 0);
        score += part.japanese ? Math.min(...counts) : Math.min(10, counts.reduce((a, b) => a + b, 0));
      }
      return score;
    };
    const ranked = [...pages].map((page) => ({ page, estimate: estimate(page) }));
    ranked.sort((a, b) => b.estimate - a.estimate || a.page - b.page);
    return { info, ranked };
  };

  // --- does a page match, and how well: read its text

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
      words = words || indexWords(text);
      if (!part.words.every((word) => wordFound(words, word))) return 0;
      return Math.min(10, words.filter((w) => part.words.some((word) => w.includes(word))).length);
    });
  };

  // A page's text as the build kept it: [id, heading level, heading, own text without the heading].
  const sectionsOf = (fragment) =>
    fragment.sections.map(([id, level, heading, text]) => ({ id, level, heading, text, own: `${heading} ${text}` }));

  // The section whose own text holds most of the query (its heading naming the query counts double).
  const bestSection = (sections, parts) => {
    let best = null;
    let bestScore = 0;
    for (const section of sections) {
      if (!section.id) continue;
      const found = occurrences(parts, section.own).filter((n) => n > 0).length;
      const named = section.level > 0 && occurrences(parts, section.heading)[0] > 0;
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

  // One candidate, checked against its text: null when a part is not on it as written.
  const examine = async (docName, parts) => {
    const [, linkUrl] = pageUrl(docName);
    let fragment;
    try {
      fragment = await fetchJson(`${contentRoot()}_search/p/${encodeURI(docName)}.json`);
    } catch {
      // Its text cannot be read (the connection failed): the index's words say it matches.
      return { docName, title: docName, linkUrl, score: 0, section: null, snippet: null };
    }
    const title = fragment.title;
    const sections = sectionsOf(fragment);
    const text = sections.map((section) => section.own).join(" ");
    const inTitle = occurrences(parts, title);
    const inText = occurrences(parts, text);
    const inEither = occurrences(parts, title + SEPARATOR + text);
    if (inEither.some((n) => n === 0)) return null;
    const score = 20 * inTitle.filter((n) => n > 0).length + inText.reduce((sum, n) => sum + n, 0);
    const best = bestSection(sections, parts);
    const section = best ? { id: best.id, heading: best.level > 1 && best.heading ? best.heading : null } : null;
    return { docName, title, linkUrl, score, section, snippet: snippet(best ? best.text : text, parts) };
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

  const container = () => document.getElementById("search-results");
  const setState = (state) => (container().dataset.policydocsState = state);

  // The next screen of results: candidates checked in rank order until a screen is full.
  const nextScreen = async (search) => {
    const shown = [];
    while (shown.length < SCREEN && search.next < search.ranked.length) {
      const batch = search.ranked.slice(search.next, search.next + SCREEN - shown.length);
      search.next += batch.length;
      const checked = await Promise.all(batch.map(({ page }) => examine(search.info.pages[page], search.parts)));
      for (const result of checked) {
        if (result === null) search.rejected += 1;
        else shown.push(result);
      }
    }
    return shown.sort(byScoreTitleName);
  };

  const moreButton = (search) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "policydocs-search-more";
    button.textContent = MESSAGES.more;
    button.addEventListener("click", async () => {
      button.disabled = true;
      await showScreen(search, true);
    });
    return button;
  };

  const showScreen = async (search, moveFocus = false) => {
    setState("loading");
    const results = await nextScreen(search);
    if (search !== current) return; // a newer query has started
    const firstItem = results.length ? show(results[0]) : null;
    Search.output.append(...(firstItem ? [firstItem] : []), ...results.slice(1).map(show));
    const found = search.ranked.length - search.rejected;
    Search.status.innerText = say(found);
    Search.status.dataset.count = String(found);
    document.querySelectorAll(".policydocs-search-more").forEach((button) => button.remove());
    if (search.next < search.ranked.length) container().append(moreButton(search));
    // The button pressed is gone: the reader goes on from the first new result, not from the top of the page.
    if (firstItem && moveFocus) firstItem.querySelector("a").focus();
    setState(search.next < search.ranked.length ? "more" : "done");
  };

  // --- a site opened from disk cannot fetch: Sphinx's index, as a script, says which pages have every word

  const fromDisk = (parts) =>
    new Promise((resolve) => {
      Search.setIndex = (index) => {
        Search._index = index;
        const words = [...new Set(parts.flatMap((part) => part.words))];
        const table = (entry) => (entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]);
        let pages = null;
        for (const word of words) {
          const here = new Set();
          for (const source of [index.terms, index.titleterms])
            if (Object.hasOwn(source, word)) table(source[word]).forEach((file) => here.add(file));
          pages = pages === null ? here : new Set([...pages].filter((file) => here.has(file)));
        }
        const results = [...(pages || [])].map((file) => ({
          docName: index.docnames[file],
          title: index.titles[file],
          linkUrl: pageUrl(index.docnames[file])[1],
          score: 0,
          section: null,
          snippet: null,
        }));
        resolve(results.sort(byScoreTitleName));
      };
      Search.loadIndex(contentRoot() + "searchindex.js");
    });

  let current = null;

  const query = async (text) => {
    const progress = document.getElementById("search-progress");
    if (progress) progress.replaceChildren();
    // Marks for the benchmark (bench.search_scale): from the query to its first screen of results.
    performance.mark("policydocs-search-start");
    const parts = parseQuery(text);
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", parts.map((part) => part.text).join(" "));
    const search = { parts, info: null, ranked: [], next: 0, rejected: 0 };
    current = search;
    setState("loading");
    try {
      Object.assign(search, await candidates(parts));
    } catch {
      const found = await fromDisk(parts);
      Search.output.replaceChildren(...found.map(show));
      Search.status.innerText = say(found.length);
      Search.status.dataset.count = String(found.length);
      Search.stopPulse();
      Search.title.innerText = _("Search Results");
      setState("done");
      return;
    }
    Search.output.replaceChildren();
    await showScreen(search);
    Search.stopPulse();
    Search.title.innerText = _("Search Results");
    performance.mark("policydocs-search-first-screen");
  };

  // The index is fetched in shards by the query itself: Sphinx's page need not wait for searchindex.js.
  Search.hasIndex = () => true;
  Search.query = (text) => {
    query(text);
  };
})();
