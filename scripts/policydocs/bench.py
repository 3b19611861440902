"""The benchmark: what policydocs costs and finds, against plain Sphinx on the same content.

Run with ``make bench`` (or ``scripts/bench``); it prints figures and asserts nothing.
Today it measures search: the reader's queries run in headless Chromium against
this site and against a stock Sphinx build (myst-parser + furo, Japanese, no
extension) of the same policies, with recall side by side and the size of
each search index; and the wall time of both builds.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from policydocs.build import build_site
from policydocs.loader import load_site
from policydocs.search_queries import JAPANESE
from policydocs.searchprobe import expected_pages, page_texts, search

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
STOCK_CONF = """\
# Stock Sphinx, as a new user would set it up: no policydocs extension.
extensions = ["myst_parser"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
language = "ja"
html_theme = "furo"
suppress_warnings = ["myst.directive_unknown"]
"""


@dataclass(frozen=True)
class QueryResult:
    query: str
    expected: tuple[str, ...]  # organisation slugs whose policy contains the query
    ours: tuple[str, ...]
    stock: tuple[str, ...]


BIGRAM_SEARCH = """
# Only policydocs' Japanese search language, to isolate what bigram indexing costs.
from policydocs.sphinxext.search import SearchJapaneseBigrams

def setup(app):
    app.add_search_language(SearchJapaneseBigrams)
"""


def stock_site(srcdir: Path, workdir: Path, name: str = "stock", extra_conf: str = "") -> tuple[Path, float]:
    """Build the same current policies with plain Sphinx; return its HTML directory and wall time."""
    source = workdir / f"{name}-src"
    source.mkdir(parents=True)
    for policy in load_site(srcdir).policies:
        shutil.copy(policy.path, source / f"{policy.organisation}.md")
    (source / "index.md").write_text("# Policies\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8")
    (source / "conf.py").write_text(STOCK_CONF + extra_conf, encoding="utf-8")
    out = workdir / f"{name}-html"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "build", "-b", "dirhtml", "-q", str(source), str(out)],
        check=True,
        capture_output=True,
    )
    return out, time.perf_counter() - started


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _org(path: str) -> str:
    parts = path.split("/")
    return parts[1] if parts[0] == "policies" and len(parts) > 1 else parts[0]


def compare_search(ours_html: Path, stock_html: Path) -> list[QueryResult]:
    from playwright.sync_api import sync_playwright

    texts = page_texts(ours_html / "ja", "policies/*/privacy/index.html")
    rows = []
    with sync_playwright() as playwright, serve(ours_html) as ours_url, serve(stock_html) as stock_url:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for query in JAPANESE:
            expected = tuple(_org(p) for p in expected_pages(texts, query))
            ours = tuple(dict.fromkeys(_org(p) for p, _a, _t in search(page, f"{ours_url}/ja", query)))
            stock = tuple(dict.fromkeys(_org(p) for p, _a, _t in search(page, stock_url, query)))
            rows.append(QueryResult(query, expected, ours, stock))
        browser.close()
    return rows


def recall(rows: list[QueryResult], side: str) -> tuple[int, int]:
    found = sum(len(set(r.expected) & set(getattr(r, side))) for r in rows)
    return found, sum(len(r.expected) for r in rows)


def main() -> int:
    srcdir = Path.cwd()
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        started = time.perf_counter()
        ours = build_site(srcdir, workdir / "ours")
        ours_seconds = time.perf_counter() - started
        if not ours.ok or ours.published is None:
            print("the policydocs build failed:", *(b.output for b in ours.languages), sep="\n")
            return 1
        stock_html, stock_seconds = stock_site(srcdir, workdir)
        rows = compare_search(ours.published, stock_html)

        print("Search: the same Japanese queries, policydocs against stock Sphinx (found / expected)")
        print(f"{'query':<24} {'expected':>8} {'policydocs':>10} {'stock':>6}")
        for row in rows:
            hit_ours = len(set(row.expected) & set(row.ours))
            hit_stock = len(set(row.expected) & set(row.stock))
            print(f"{row.query:<24} {len(row.expected):>8} {hit_ours:>10} {hit_stock:>6}")
        for side in ("ours", "stock"):
            found, total = recall(rows, side)
            name = "policydocs" if side == "ours" else "stock Sphinx"
            print(f"recall {name:<13} {found}/{total} = {found / total:.0%}")
        per_query = [len(set(r.expected) & set(r.stock)) == len(r.expected) for r in rows]
        print(f"stock Sphinx finds every expected page for {sum(per_query)} of {len(rows)} queries")
        bigram_html, _seconds = stock_site(srcdir, workdir, "bigram", BIGRAM_SEARCH)
        stock_index = (stock_html / "searchindex.js").stat().st_size
        bigram_index = (bigram_html / "searchindex.js").stat().st_size
        site_index = (ours.published / "ja" / "searchindex.js").stat().st_size
        policies = len(load_site(srcdir).policies)
        print(
            f"search index, the same {policies} policies: stock {stock_index / 1024:.1f} KiB, "
            f"policydocs bigrams {bigram_index / 1024:.1f} KiB ({bigram_index / stock_index:.2f}x); "
            f"the whole policydocs site (ja, guides and organisation pages too) {site_index / 1024:.1f} KiB"
        )
        print(
            f"build wall time: policydocs, both languages, all revisions {ours_seconds:.1f} s; "
            f"stock, Japanese current texts only {stock_seconds:.1f} s"
        )
    return 0
