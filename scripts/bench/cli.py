"""The benchmark: what policydocs costs and finds, against plain Sphinx on the same content.

Run with ``make bench`` (or ``scripts/bench``, ``--help`` for its options); it
prints figures and asserts nothing. Three parts:

- search: the reader's queries run in headless Chromium against this site and
  against a stock Sphinx build (myst-parser + furo, Japanese, no extension) of
  the same policies, with recall side by side and the size of each index;
- pdf (:mod:`bench.pdf`): what printing every text as a PDF adds to a build of the
  seed site, from scratch and after one edit;
- scale (:mod:`bench.scale`): synthetic sites of 50, 500 and 5,000
  revision documents built whole against one plain Sphinx build of the same
  documents, preview rebuilds, the checker over 1,000 policies, translation
  status, search index size, and sphinx-multiversion on the same revisions.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
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

from bench import shard_scale
from bench.measure import Figures
from bench.scale import measure_check, measure_preview, measure_size, measure_versions
from bench.search_queries import JAPANESE
from bench.searchprobe import expected_pages, page_texts, search
from bench.synthetic import PLAIN_CONF
from bench.targets import measure_targets, table

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


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
    (source / "conf.py").write_text(PLAIN_CONF + extra_conf, encoding="utf-8")
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


def search_report(srcdir: Path) -> int:
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


def _progress(message: str) -> None:
    print(f"  … {message}", file=sys.stderr, flush=True)


def _mib(figures: Figures) -> str:
    return f"{figures.peak_mib:.0f}" if figures.peak_kib else "n/a"


def scale_report(srcdir: Path, sizes: list[int], runs: int, plain_timeout: float, parts: set[str]) -> int:
    cores = os.cpu_count() or 1
    print(f"Scale: medians of {runs} runs (min–max) in seconds; {cores} cores; peak memory of the whole process tree")
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        if "targets" in parts:
            # Issue 18's targets, each beside its baseline from this run, one table per size (bench.targets).
            for documents in sizes:
                rows = measure_targets(srcdir, workdir, documents, runs, _progress, search="search" in parts)
                print("\n".join(["", *table(documents, rows)]), flush=True)
        if "shards" in parts:
            # Point 7: the site built whole and in slices on (as if) several machines, then merged.
            for documents in sizes:
                figures = shard_scale.measure(srcdir, workdir, documents, 3)
                print("\n".join(["", *shard_scale.report(figures)]), flush=True)
        if "build" in parts:
            rows = []
            for documents in sizes:
                figures = measure_size(srcdir, workdir, documents, runs, plain_timeout, _progress)
                if figures.failure:
                    print(f"the policydocs build of {documents} documents failed:\n{figures.failure}")
                    return 1
                rows.append(figures)
                shutil.rmtree(workdir / f"site-{documents}", ignore_errors=True)
                shutil.rmtree(workdir / f"build-{documents}", ignore_errors=True)
            print()
            print("Whole site (ja + en, every revision, comparisons, feeds, checks, search) against one plain")
            print("Sphinx build (myst-parser + furo, Japanese only) of the same revision documents, from scratch:")
            header = (
                f"{'documents':>9} {'orgs':>5} {'pages ja+en':>11} {'policydocs s':>22} {'MiB':>5} "
                f"{'s/doc':>6} {'plain s':>22} {'MiB':>5} {'s/doc':>6} {'ratio':>6}"
            )
            print(header)
            for row in rows:
                plain_per_doc = f"{row.plain.median / row.documents:.3f}" if row.plain.seconds else "n/a"
                ratio = f"{row.ratio:.2f}" if row.plain.seconds else "< " + f"{row.ours.median / (plain_timeout):.2f}"
                print(
                    f"{row.documents:>9} {row.organisations:>5} {sum(row.pages.values()):>11} "
                    f"{row.ours.spread():>22} {_mib(row.ours):>5} {row.seconds_per_document:>6.3f} "
                    f"{row.plain.spread():>22} {_mib(row.plain):>5} {plain_per_doc:>6} {ratio:>6}"
                )
            if len(rows) > 1:
                first, last = rows[-2], rows[-1]
                change = last.seconds_per_document / first.seconds_per_document - 1
                print(
                    f"cost per document from {first.documents} to {last.documents} documents: "
                    f"{first.seconds_per_document:.3f} → {last.seconds_per_document:.3f} s ({change:+.0%})"
                )
            print()
            print(f"{'documents':>9} {'translate status s':>22} {'search index ja KiB':>20} {'en KiB':>8}")
            for row in rows:
                print(
                    f"{row.documents:>9} {row.status.spread():>22} "
                    f"{row.index_kib.get('ja', 0):>20.0f} {row.index_kib.get('en', 0):>8.0f}"
                )
        if "preview" in parts:
            preview = measure_preview(srcdir, workdir, runs, _progress)
            print()
            print("Preview on the seed site (policydocs build, both languages, after the first build):")
            print(f"  no change                              {preview.no_change.spread():>22} s")
            print(f"  one paragraph of an organisation page  {preview.organisation_page.spread():>22} s")
            print(f"  one paragraph of a policy draft        {preview.policy_draft.spread():>22} s  (--no-strict)")
            print("Under policydocs preview (both languages), from saving the edit to the served page showing it:")
            print(f"  one paragraph of an organisation page  {preview.served_organisation_page.spread():>22} s")
            print(f"  one paragraph of a site guide          {preview.served_guide.spread():>22} s")
            print(f"  one paragraph of a policy draft        {preview.served_policy_draft.spread():>22} s")
        if "check" in parts:
            print()
            print("policydocs check (every current text and every frozen revision):")
            for policies, revisions in ((1000, 1), (1000, 5)):
                check = measure_check(srcdir, workdir, policies, revisions, runs, _progress)
                print(
                    f"  {check.policies} policies x {revisions} revisions ({check.texts} texts): "
                    f"no cache {check.cold.spread()} s, cached {check.warm.spread()} s, "
                    f"peak {_mib(check.warm)} MiB"
                )
        if "versions" in parts:
            versions = measure_versions(srcdir, workdir, 5, runs, _progress)
            print()
            print(
                f"Versions: {versions.organisations} organisations x {versions.revisions} revisions; "
                f"policydocs (ja + en) against {versions.baseline}, which rebuilds every version every time"
            )
            if versions.note:
                print(f"  note: {versions.note}")
            baselines = (("ja only", versions.multiversion), ("ja + en", versions.multiversion_both))
            for label, figures in baselines:
                print(f"  {versions.baseline}, {label:<18} {figures.spread():>22} s")
            for label, figures in (
                ("policydocs, from scratch", versions.ours_cold),
                ("policydocs, after one edit", versions.ours_after_edit),
            ):
                faster = ", ".join(f"{b.median / figures.median:.1f}x its {name}" for name, b in baselines)
                print(f"  {label:<44} {figures.spread():>22} s  (faster: {faster})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Print policydocs' benchmark figures. Run from the site's directory.",
        epilog="examples:\n  scripts/bench\n  scripts/bench --part scale --sizes 50,500 --runs 3\n"
        "  scripts/bench --part search\n"
        "  scripts/bench --part pdf --runs 5\n"
        "  scripts/bench --part scale --sizes 50,500,5000  (issue 18's targets at 5,000 documents too)\n"
        "  scripts/bench --part scale --only build,preview,check,versions",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--part", choices=["all", "search", "scale", "pdf"], default="all")
    parser.add_argument(
        "--sizes", default="50,500", help="revision documents per synthetic site (5000 too: about an hour more)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median, min, max)")
    parser.add_argument(
        "--only",
        default="targets,search,shards",
        help="scale measurements (comma-separated): targets (issue 18's, in one table per size; with search, "
        "its search rows), shards (whole against 3 slices merged), build (whole site from scratch), preview "
        "(the seed site), check, versions",
    )
    parser.add_argument(
        "--plain-timeout", type=float, default=1800, help="give up on a plain Sphinx build after this many seconds"
    )
    args = parser.parse_args(argv)
    srcdir = Path.cwd()
    if args.part in ("all", "search") and search_report(srcdir):
        return 1
    if args.part in ("all", "pdf"):
        pdf_report(srcdir, args.runs)
    if args.part in ("all", "scale"):
        sizes = [int(size) for size in args.sizes.split(",") if size]
        return scale_report(srcdir, sizes, args.runs, args.plain_timeout, set(args.only.split(",")))
    return 0


def pdf_report(srcdir: Path, runs: int) -> None:
    """What the PDFs add to a build of the seed site (:mod:`bench.pdf`)."""
    from bench import pdf as bench_pdf

    with tempfile.TemporaryDirectory() as temporary:
        bench_pdf.report(bench_pdf.measure_pdf(srcdir, Path(temporary), runs, _progress))
