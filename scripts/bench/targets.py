"""Issue 18's targets, each beside its baseline measured in the same run, at one site size.

One synthetic site of N revision documents (:mod:`bench.synthetic`) and its plain
Sphinx counterpart (myst-parser + furo, Japanese only, no extension) are measured, in
this order (the last step edits the site, so it comes last):

1. from scratch: ``policydocs build --no-pdf`` and plain Sphinx, with the peak memory
   of each one's whole process tree (point 3), and sphinx-multiversion on the same
   revisions, Japanese and English, against ``policydocs build`` run again (point 6:
   both timed without sampling memory, which slows the larger processes more);
2. no-change rebuilds, ours interleaved with plain Sphinx's (points 1 and 2);
3. ``policydocs preview``: from saving a paragraph to the served page showing it (point 2);
4. search in headless Chromium, the sharded search against today's (point 4);
5. ``translate status`` interleaved with ``sphinx-intl stat`` (point 5).

Memory is the peak of the summed PSS over a command's process tree (:mod:`bench.memory`).
A row is "met" or "missed" against the issue's figure; a row whose target applies at another
size only (memory and search at 5,000 documents) says so and is still shown.
Functions return rows; :mod:`bench.cli` prints them.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import memory, translators
from bench.measure import Figures, Run, checked, timed
from bench.preview_scale import edited_paragraph, preview_target
from bench.scale import (
    NO_PDF,
    POLICYDOCS,
    REVISIONS,
    SPHINX,
    VersionsFigures,
    build_ours,
    measure_served,
    versions_baseline,
)
from bench.synthetic import generate_site, plain_project

REBUILD_RATIO = 1.5  # point 2: a no-change rebuild against plain Sphinx's, at 500 documents
SEARCH_KB = 100  # point 4: gzipped bytes a query fetches, at 5,000 documents
FIRST_SCREEN_MS = 300  # point 4: from the query to the first screen
SLOW_SCREEN_MS = 1000  # point 4: the same with the processor slowed 4x
STATUS_RATIO = 2.0  # point 5: translate status against sphinx-intl stat
VERSIONS_FASTER = 3.0  # point 6: sphinx-multiversion's time over ours, from scratch, both languages
SEARCH_QUERIES = 3  # per language: enough for the figures, few enough for the default run


@dataclass(frozen=True)
class Row:
    """One target at one size: our figure, the baseline's from the same run, and the verdict."""

    point: str
    what: str
    ours: str
    baseline: str
    target: str
    met: bool | None  # None: not measured (the note says why)

    @property
    def verdict(self) -> str:
        return "n/a" if self.met is None else "met" if self.met else "missed"


def _seconds(figures: Figures) -> str:
    return f"{figures.spread()} s"


def _mib(peak: memory.Peak) -> str:
    """PSS (each shared page counted once over the tree), else RSS where the kernel gives no PSS."""
    return f"{peak.pss_kib / 1024:.0f} MiB" if peak.pss_kib else f"{peak.rss_kib / 1024:.0f} MiB RSS"


def _search_rows(html: Path, documents: int, progress: Callable[[str], None]) -> list[Row]:
    """Point 4 on the built site: the first queries of each language, sharded search against today's."""
    from playwright.sync_api import sync_playwright

    from bench.search_queries import ENGLISH, JAPANESE
    from bench.search_scale import CHROMIUM, _served, measure_language

    rows = []
    at = "" if documents >= 5000 else "  (target at 5,000)"
    with _served(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for language, queries in (("ja", JAPANESE), ("en", ENGLISH)):
                chosen = queries[:SEARCH_QUERIES]
                figures = measure_language(browser, base, html, language, chosen, len(chosen), progress)
                ours, today = figures.ours, figures.today
                kib = max(row.search_bytes for row in ours) / 1000
                today_kib = max(row.search_bytes for row in today) / 1000
                rows.append(
                    Row(
                        "4",
                        f"search {language}: KB gz a query fetches (max of {len(ours)})",
                        f"{kib:.1f} KB",
                        f"{today_kib:.1f} KB today",
                        f"<= {SEARCH_KB} KB{at}",
                        kib <= SEARCH_KB,
                    )
                )
                first = statistics.median(row.query_ms for row in ours)
                slow = statistics.median(row.slow_query_ms for row in ours)
                today_first = statistics.median(row.open_ms for row in today)
                rows.append(
                    Row(
                        "4",
                        f"search {language}: first screen, median",
                        f"{first:.0f} ms",
                        f"{today_first:.0f} ms today (page open)",
                        f"<= {FIRST_SCREEN_MS} ms",
                        first <= FIRST_SCREEN_MS,
                    )
                )
                rows.append(
                    Row(
                        "4",
                        f"search {language}: first screen at 4x slowdown",
                        f"{slow:.0f} ms",
                        f"{statistics.median(row.slow_open_ms for row in today):.0f} ms today",
                        f"<= {SLOW_SCREEN_MS} ms",
                        slow <= SLOW_SCREEN_MS,
                    )
                )
                found, expected = sum(r.found for r in ours), sum(r.expected for r in ours)
                today_found, today_expected = sum(r.found for r in today), sum(r.expected for r in today)
                rows.append(
                    Row(
                        "4",
                        f"search {language}: recall",
                        f"{found}/{expected}",
                        f"{today_found}/{today_expected} today",
                        "same as today's",
                        found * max(1, today_expected) >= today_found * max(1, expected),
                    )
                )
        finally:
            browser.close()
    return rows


def measure_targets(
    source: Path, workdir: Path, documents: int, runs: int, progress: Callable[[str], None], search: bool = True
) -> list[Row]:
    """Every target of issue 18's points 1-6 at ``documents`` revision documents (see the module docstring)."""
    organisations = max(1, documents // REVISIONS)
    documents = organisations * REVISIONS
    work = workdir / f"targets-{documents}"
    shutil.rmtree(work, ignore_errors=True)
    site = generate_site(source, work / "site", organisations, REVISIONS).root
    plain = work / "plain"
    plain_project(site, plain)
    build, plain_out = work / "build", work / "plain-html"
    plain_command = [*SPHINX, "-d", str(plain_out / ".doctrees"), str(plain), str(plain_out)]
    rows: list[Row] = []

    # From scratch, once each, with colleague E's sampling of the whole process tree (bench.memory):
    # the figures of points 3 and 6 (sphinx-multiversion takes the longest).
    progress(f"{documents} documents: policydocs build from scratch")
    ours_peak = memory.build_ours(site, build)
    progress(f"{documents} documents: plain Sphinx from scratch")
    plain_peak = memory.build_plain(plain, plain_out)
    our_scratch = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build), "build", *NO_PDF]
    at = "" if documents >= memory.TARGET_DOCUMENTS else "  (target at 5,000)"
    rows.append(
        Row(
            "3",
            "memory: peak PSS of the build's processes, from scratch",
            _mib(ours_peak),
            f"{_mib(plain_peak)} plain Sphinx",
            f"<= {memory.TARGET_MIB:.0f} MiB{at}",
            (ours_peak.pss_kib or ours_peak.rss_kib) / 1024 <= memory.TARGET_MIB,
        )
    )
    # sphinx-multiversion, or (where it cannot run: it fails on Sphinx 8 and later) the full plain build per
    # version and language that it does; the note says which. Once: it is the longest step. Both sides timed
    # alone (bench.measure.timed): sampling memory slows a build of several large processes most.
    versions = VersionsFigures(organisations, REVISIONS)
    versions_baseline(site, work, 1, progress, versions, runner=timed)
    both = versions.multiversion_both
    scratch = Figures()
    for attempt in range(runs):
        progress(f"{documents} documents: policydocs build from scratch, timed alone {attempt + 1}/{runs}")
        shutil.rmtree(build, ignore_errors=True)
        scratch.add(checked(timed(our_scratch, site), "policydocs build"))
    faster = both.median / scratch.median if both.seconds else float("nan")
    baseline = "sphinx-multiversion" if versions.baseline == "sphinx-multiversion" else "plain build per version"
    rows.append(
        Row(
            "6",
            "from scratch, ja + en, every revision",
            _seconds(scratch),
            f"{_seconds(both)} {baseline} ({faster:.1f}x)" if both.seconds else versions.note,
            f">= {VERSIONS_FASTER:g}x faster",
            faster >= VERSIONS_FASTER if both.seconds else None,
        )
    )

    # No change: a second build first, so that both published sites (publishing's spare) exist.
    checked(build_ours(site, build, NO_PDF), "policydocs build")
    ours, theirs = Figures(), Figures()
    ours_cpu: list[float] = []
    plain_cpu: list[float] = []
    our_command = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build), "build", *NO_PDF]
    for attempt in range(runs):
        progress(f"{documents} documents: no-change rebuilds {attempt + 1}/{runs}")
        # CPU time too (user + system of the whole tree): on a loaded machine the wall-clock ratio swings with
        # the load (our two language builds get more of a shared machine than one process does), CPU time not.
        for command, cwd, into, cpu in ((our_command, site, ours, ours_cpu), (plain_command, plain, theirs, plain_cpu)):
            peak = memory.run(command, cwd)
            into.add(checked(Run(peak.seconds, peak.rss_kib, peak.returncode, peak.output), "no-change rebuild"))
            cpu.append(peak.cpu_seconds)
    ratio = ours.median / theirs.median
    cpu_ratio = statistics.median(ours_cpu) / statistics.median(plain_cpu)
    rows.append(
        Row(
            "1, 2",
            "no-change rebuild (policydocs build --no-pdf), wall",
            _seconds(ours),
            f"{_seconds(theirs)} plain Sphinx ({ratio:.2f}x)",
            f"<= {REBUILD_RATIO:g}x plain Sphinx",
            ratio <= REBUILD_RATIO,
        )
    )
    rows.append(
        Row(
            "1, 2",
            "no-change rebuild, CPU time of the whole process tree",
            f"{statistics.median(ours_cpu):.2f} s",
            f"{statistics.median(plain_cpu):.2f} s plain Sphinx ({cpu_ratio:.2f}x)",
            "(wall is the target's figure)",
            None,
        )
    )

    # The preview starts from a copy of the build just made, as an editor's starts from the last build.
    preview_dir, preview, whole = work / "preview", Figures(), Figures()
    shutil.copytree(build, preview_dir, symlinks=True)
    page = sorted((site / "policies").iterdir())[0] / "index.md"
    edits = ((page, edited_paragraph(page), f"policies/{page.parent.name}/", preview),)
    measure_served(site, preview_dir, edits, runs, progress, timeout=900, rebuilt=whole)
    shutil.rmtree(preview_dir, ignore_errors=True)
    limit = preview_target(documents)
    rows.append(
        Row(
            "2",
            "preview: save to served page (an organisation page)",
            _seconds(preview),
            f"{_seconds(theirs)} plain Sphinx no-change rebuild",
            f"<= {limit:g} s",
            preview.median <= limit,
        )
    )
    rows.append(
        Row(
            "2",
            "preview: the whole rebuild after that save, both languages",
            _seconds(whole),
            "",
            "(the served page is the target's figure)",
            None,
        )
    )

    if search:
        rows += _search_rows((build / "html").resolve(), documents, progress)
    else:
        rows.append(Row("4", "search", "not measured (--no-search)", "", "", None))

    progress(f"{documents} documents: translate status against sphinx-intl stat")
    status = translators.measure_site(site, build, documents, runs)
    measured = (("translate status, nothing changed", status.no_change), ("after one edit", status.one_edit))
    for label, figures in measured:
        ratio = status.ratio(figures)
        rows.append(
            Row(
                "5",
                label,
                _seconds(figures),
                f"{_seconds(status.intl)} sphinx-intl stat ({ratio:.2f}x)",
                f"<= {STATUS_RATIO:g}x",
                ratio <= STATUS_RATIO,
            )
        )
    shutil.rmtree(work, ignore_errors=True)
    return rows


def table(documents: int, rows: list[Row]) -> list[str]:
    """The rows at one size, one line each."""
    lines = [
        f"Issue 18's targets at {documents} revision documents (median (min-max) of interleaved runs):",
        f"  {'pt':<5} {'what':<58} {'policydocs':>24}  {'baseline, same run':<44} {'target':<26} verdict",
    ]
    for row in rows:
        what, baseline = row.what[:58], row.baseline[:44]
        lines.append(f"  {row.point:<5} {what:<58} {row.ours:>24}  {baseline:<44} {row.target:<26} {row.verdict}")
    return lines
