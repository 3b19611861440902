"""Search at scale (issue 18, point 4): what a query fetches and how soon its first results show.

On a synthetic site of N revision documents (:mod:`bench.synthetic`: N / 5 organisations, as
in :mod:`bench.scale`), every query of
:mod:`bench.search_queries` runs in headless Chromium, each in a fresh browser context (an
empty cache, as a reader's first search), and this prints per language:

- bytes fetched for the search, gzipped as a web server would send them (level 6): the
  list of pages, the query's shards and the text of the first screen's results; today's
  search fetched Sphinx's whole ``searchindex.js`` and every candidate page;
- time from the query to its first screen (the page's own performance marks), and from
  opening the page to it, at full speed and with the processor slowed 4x
  (``Emulation.setCPUThrottlingRate``), and the longest task that blocked the page;
- recall: the current policy pages whose text holds the query (read from the built HTML,
  as ``tests/test_search.py`` reads them) that the listing finds, every screen of it, and
  the pages listed that do not hold it.

Only the revision in force of each policy is searched (the others are ``nosearch``), so by
default the site is built with one revision per organisation (``--revisions 1``): its index,
shards and search pages are those of the N-document site at a fifth of the build. It is built
with ``policydocs build --no-pdf`` into ``--workdir``, from scratch the first time and
rebuilt by later runs (so that what is measured is the current code's).

"Today" is the search before the shards (``search_today.js``, verbatim), served by the
benchmark on a search page of its own beside the site's, over the same build, for the
first ``--today`` queries of each language (it takes seconds a query at 5,000 documents).

    PYTHONPATH=scripts .venv/bin/python -m bench.search_scale --documents 5000
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scale import NO_PDF, REVISIONS, build_ours
from bench.search_queries import ENGLISH, JAPANESE
from bench.searchprobe import RESULTS_READY, expected_pages, page_texts, search
from bench.synthetic import generate_site

CHROMIUM = "/usr/bin/chromium"
TODAY_SCRIPT = Path(__file__).with_name("search_today.js")
TODAY_PAGE = "search-today"  # served by the benchmark beside the site's own search page
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
  .observe({ type: "longtask", buffered: true });
"""


@dataclass
class QueryFigures:
    query: str
    search_bytes: int = 0  # gzipped: index, shards, texts (or searchindex.js and pages, today)
    requests: int = 0
    query_ms: float = 0.0  # from the query to the first screen
    open_ms: float = 0.0  # from opening the page to the first screen
    longest_task_ms: float = 0.0
    slow_query_ms: float = 0.0  # the same, processor slowed 4x
    slow_open_ms: float = 0.0
    slow_longest_task_ms: float = 0.0
    expected: int = 0
    found: int = 0
    extra: int = 0  # policy pages listed that do not hold the query
    listed: int = 0


@dataclass
class LanguageFigures:
    language: str
    ours: list[QueryFigures] = field(default_factory=list)
    today: list[QueryFigures] = field(default_factory=list)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus today's search page (the site's, with today's script and the whole index)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urllib.parse.urlparse(self.path).path
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[1] == TODAY_PAGE:
            self._send(_today_page(Path(self.directory) / parts[0]), "text/html; charset=utf-8")
        elif path == "/_bench/search_today.js":
            self._send(TODAY_SCRIPT.read_bytes(), "text/javascript")
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _today_page(language_root: Path) -> bytes:
    page = (language_root / "search" / "index.html").read_text(encoding="utf-8")
    start = page.index('<script defer="defer" src="../_static/policydocs-search.js')
    end = page.index("</script>", start) + len("</script>")
    today = '<script defer="defer" src="/_bench/search_today.js"></script>'
    page = page[:start] + today + page[end:]
    page = page.replace("</body>", '<script src="../searchindex.js"></script></body>')
    return page.encode("utf-8")


@contextmanager
def _served(html: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@functools.cache
def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def _is_search_data(path: str) -> bool:
    """What a query fetches beyond the search page itself: the index and what is read to list results."""
    return "/_search/" in path or path.endswith("searchindex.js") or (path.endswith("/") and "/policies/" in path)


def _run_query(browser: Any, url: str, html: Path, throttle: float) -> tuple[dict[str, float], int, int]:
    """Open ``url`` in a fresh context; (timings, gzipped bytes of search data, requests of it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(LONG_TASKS)
    if throttle > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urllib.parse.unquote(urllib.parse.urlparse(request.url).path)))
    page.goto(url)
    page.wait_for_function(RESULTS_READY, timeout=600_000, polling=20)
    timings = page.evaluate(
        """() => {
          const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
          return { start: mark("policydocs-search-start"), shown: mark("policydocs-search-first-screen"),
                   now: performance.now() };
        }"""
    )
    # The longest task that blocked the page once the query started (today's page has no mark: from its load).
    timings["longest"] = page.evaluate(
        """(start) => Math.max(0, ...window.__longTasks.filter(([at]) => at >= start).map(([, length]) => length))""",
        timings["start"] or 0,
    )
    context.close()
    data = [path for path in fetched if _is_search_data(path)]
    total = 0
    for path in data:
        file = html / path.lstrip("/")
        total += _gzipped(file / "index.html" if path.endswith("/") else file)
    return timings, total, len(data)


def measure_language(
    browser: Any, base: str, html: Path, language: str, queries: list[str], today: int, progress: Callable[[str], None]
) -> LanguageFigures:
    figures = LanguageFigures(language)
    progress(f"{language}: reading the policy pages for the expected results")
    texts = page_texts(html / language, "policies/*/privacy/index.html")
    for number, query in enumerate(queries):
        progress(f"{language} {number + 1}/{len(queries)}: {query}")
        quoted = urllib.parse.quote(query)
        for page_name, into in (("search", figures.ours), (TODAY_PAGE, figures.today)):
            if page_name == TODAY_PAGE and number >= today:
                continue
            row = QueryFigures(query)
            url = f"{base}/{language}/{page_name}/?q={quoted}"
            fast, row.search_bytes, row.requests = _run_query(browser, url, html, 1)
            slow, _bytes, _requests = _run_query(browser, url, html, 4)
            if page_name == "search":
                row.query_ms, row.slow_query_ms = fast["shown"] - fast["start"], slow["shown"] - slow["start"]
                row.open_ms, row.slow_open_ms = fast["shown"], slow["shown"]
            else:  # today's page has no marks: it shows every result at once, when the last is read
                row.open_ms, row.slow_open_ms = fast["now"], slow["now"]
            row.longest_task_ms, row.slow_longest_task_ms = fast["longest"], slow["longest"]
            # Recall: every result, on one screen (the page's screen raised for the benchmark; pressing
            # "more results" a hundred times would measure the button, not the search).
            context = browser.new_context()
            reader = context.new_page()
            reader.add_init_script(f"window.POLICYDOCS_SEARCH_SCREEN = {len(texts) * 4};")
            found = search(reader, f"{base}/{language}", query, search_page=page_name, timeout_ms=900_000)
            listed = [path for path, _a, _t in found]
            context.close()
            expected = set(expected_pages(texts, query))
            policies = {path for path in listed if path in texts}
            row.expected, row.found, row.extra, row.listed = (
                len(expected),
                len(expected & policies),
                len(policies - expected),
                len(listed),
            )
            into.append(row)
            progress(f"  {page_name}: {row}")
    return figures


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def index_sizes(html: Path, language: str) -> str:
    """Sphinx's whole index against the shards, and what every query fetches first (the list of pages)."""
    root = html / language
    shards = sorted((root / "_search" / "t").glob("*.json"))
    texts = list((root / "_search" / "p").rglob("*.json"))
    whole = root / "searchindex.js"
    meta = root / "_search" / "meta.json"
    largest = max(_gzipped(path) for path in shards)
    return (
        f"searchindex.js {whole.stat().st_size / 1024:.0f} KiB ({_gzipped(whole) / 1024:.0f} KiB gzipped);"
        f" {len(shards)} shards, {sum(p.stat().st_size for p in shards) / 1024:.0f} KiB in all, the largest"
        f" {largest / 1024:.1f} KiB gzipped; list of pages {_gzipped(meta) / 1024:.1f} KiB gzipped;"
        f" {len(texts)} page texts, median {_median([_gzipped(p) for p in texts]) / 1024:.1f} KiB gzipped"
    )


def report(figures: list[LanguageFigures], documents: int, html: Path) -> None:
    print(f"\nSearch at {documents} documents (gzipped bytes a query fetches; times in ms, median and max)")
    for language in figures:
        print(f"  {language.language}: {index_sizes(html, language.language)}")
        for label, rows in (("sharded", language.ours), ("today", language.today)):
            if not rows:
                continue
            kib = [row.search_bytes / 1024 for row in rows]
            first = [row.query_ms for row in rows] if label == "sharded" else [row.open_ms for row in rows]
            slow = [row.slow_query_ms for row in rows] if label == "sharded" else [row.slow_open_ms for row in rows]
            tasks = [row.slow_longest_task_ms for row in rows]
            expected = sum(row.expected for row in rows)
            found = sum(row.found for row in rows)
            print(
                f"  {language.language} {label:<8} {len(rows):>2} queries: {_median(kib):7.1f} KiB"
                f" (max {max(kib):7.1f}),"
                f" first screen {_median(first):6.0f} ms (max {max(first):6.0f}),"
                f" 4x slower {_median(slow):6.0f} ms (max {max(slow):6.0f}),"
                f" longest task at 4x {max(tasks):5.0f} ms,"
                f" recall {found}/{expected} = {found / max(1, expected):.1%},"
                f" pages listed without the query {sum(row.extra for row in rows)}"
            )
        for row in language.ours:
            print(
                f"    {row.query!r}: {row.search_bytes / 1024:.1f} KiB in {row.requests} files,"
                f" {row.query_ms:.0f} ms ({row.slow_query_ms:.0f} ms at 4x; page opened to results"
                f" {row.open_ms:.0f}/{row.slow_open_ms:.0f} ms), {row.listed} listed, {row.found}/{row.expected} found"
            )
        for row in language.today:
            print(
                f"    today {row.query!r}: {row.search_bytes / 1024:.1f} KiB in {row.requests} files,"
                f" page opened to results {row.open_ms:.0f} ms ({row.slow_open_ms:.0f} ms at 4x),"
                f" {row.found}/{row.expected} found"
            )


def ensure_site(source: Path, workdir: Path, documents: int, revisions: int, progress: Callable[[str], None]) -> Path:
    """The published HTML of the synthetic site for ``documents`` revision documents, built once and reused."""
    organisations = max(1, documents // REVISIONS)
    site = workdir / f"site-{organisations}x{revisions}"
    build = workdir / f"build-{organisations}x{revisions}"
    html = build / "html"
    if not (site / "policies").is_dir():
        progress(f"generating {organisations} organisations x {revisions} revisions in {site}")
        generate_site(source, site, organisations, revisions)
    # Built every run: the first time from scratch (several minutes at 5,000 documents), then as a rebuild,
    # so that the pages, shards and scripts measured are always the current code's, never an older build's.
    first = not (html / "ja" / "_search" / "meta.json").exists()
    progress(f"building it into {build}" + (" (several minutes at 5,000 documents)" if first else " (a rebuild)"))
    started = time.perf_counter()
    result = build_ours(site, build, NO_PDF)
    if result.returncode != 0:
        raise RuntimeError(f"policydocs build failed:\n{result.output[-3000:]}")
    progress(f"built in {time.perf_counter() - started:.0f} s")
    return html.resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=5000, help="revision documents of the synthetic site")
    parser.add_argument("--workdir", type=Path, default=Path("_build/search-scale"), help="where the site is kept")
    parser.add_argument(
        "--revisions", type=int, default=1, help="revisions per organisation (only the one in force is searched)"
    )
    parser.add_argument("--today", type=int, default=1, help="queries per language also run with today's search")
    parser.add_argument("--languages", default="ja,en", help="languages to search (comma-separated)")
    parser.add_argument("--queries", type=int, default=0, help="only the first N queries of each language")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(f"[search_scale] {message}", file=sys.stderr, flush=True)

    html = ensure_site(Path.cwd(), args.workdir.resolve(), args.documents, args.revisions, progress)
    from playwright.sync_api import sync_playwright

    figures = []
    with _served(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for language, queries in (("ja", JAPANESE), ("en", ENGLISH)):
            if language not in args.languages.split(","):
                continue
            chosen = queries[: args.queries] if args.queries else queries
            figures.append(measure_language(browser, base, html, language, chosen, args.today, progress))
        browser.close()
    report(figures, args.documents, html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
