"""Making the site's PDFs, language by language as each build ends, before the site is published (issue 17).

Each language's build lists its PDFs (:mod:`policydocs.pdf_jobs`). For each one the printed
part of its built page is taken (:mod:`policydocs.pdf_document`) and keyed by its content, the
print stylesheet and the engine (:mod:`policydocs.pdf_cache`): a PDF already in
``BUILD_DIR/cache/pdf/`` under that key is reused, so a frozen revision is printed once, and an
in-force text again only when what it prints changed. What is left is printed at once
(:mod:`policydocs.pdf_batches`) by one headless Chromium for the whole build
(:mod:`policydocs.pdf_printer`), started at the first PDF to print: a language's PDFs are
printed while the other language still builds, on the core its build has left.

When every language is done, each PDF is linked into its language's output, from where
publishing copies it with the pages. Any failure is a :class:`~policydocs.model.Problem` naming
the page and the fix: the build fails and the published site stays as it was.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import time
from pathlib import Path

from policydocs.model import Location, Problem
from policydocs.pdf_batches import print_pdfs
from policydocs.pdf_cache import PageKeys, cache_dir, engine
from policydocs.pdf_document import ORIGIN, PageNotPrintable, content_key, printed_part
from policydocs.pdf_jobs import FIX, PdfJob, read_jobs
from policydocs.pdf_printer import Printer


class PdfRun:
    """The PDFs of one build: made by :meth:`add` as each language's build ends, placed by :meth:`finish`."""

    def __init__(self, build_dir: Path, printer: Printer | None = None) -> None:
        self.build_dir, self.cache = build_dir, cache_dir(build_dir)
        self.printer = printer or Printer()  # started only when something is printed
        self.engine_id = engine()
        self.known = PageKeys.load(self.cache, self.engine_id)
        self.jobs: list[PdfJob] = []
        self.printed = 0
        self.problems: list[Problem] = []
        self.seconds = self.beside = 0.0  # spent here, and of that while another language still built

    def add(self, language: str, beside: bool = False) -> None:
        """Make ``language``'s PDFs: reuse what the cache holds and print the rest now.

        ``beside``: another language is still building, so this time costs the build nothing.
        """
        started = time.perf_counter()
        try:
            if not self.problems:
                self._add(language)
        finally:
            spent = time.perf_counter() - started
            self.seconds += spent
            self.beside += spent if beside else 0.0

    def _add(self, language: str) -> None:
        found, baseurl = read_jobs(self.build_dir, language)
        _remove_stale(self.build_dir / "work" / language, {job.target for job in found})
        self.jobs += found
        for job in found:
            job.key = self.known.key(job)
            if not job.key or not (self.cache / f"{job.key}.pdf").is_file():
                try:
                    page_url = f"{ORIGIN}{posixpath.dirname(job.url_path)}/"
                    job.part = printed_part(job.html.read_text(encoding="utf-8"), page_url)
                except (OSError, PageNotPrintable) as error:
                    fix = "build again; if it persists, the page's template is at fault"
                    self.problems.append(job.problem(str(error), fix))
                    continue
                job.key = content_key(job.part, job.title, job.language, self.engine_id)
                self.known.remember(job)
        if self.problems:
            return
        to_print = [job for job in found if not (self.cache / f"{job.key}.pdf").is_file()]
        if to_print:
            self.problems += print_pdfs(to_print, self.cache, {language: baseurl}, self.printer)
            self.printed += len(to_print)

    def finish(self, notes: list[str] | None = None) -> list[Problem]:
        """Place every PDF in its language's output; the problems if any could not be made.

        A line saying how many were printed, and how long that took beyond the Sphinx builds,
        is added to ``notes``.
        """
        started = time.perf_counter()
        if self.problems:
            return self.problems
        try:
            for job in self.jobs:
                _place(self.cache / f"{job.key}.pdf", job.target)
        except OSError as error:
            return [Problem(Location(self.cache, 0), f"cannot place the PDFs in the site: {error}", FIX)]
        _prune(self.cache, {f"{job.key}.pdf" for job in self.jobs})
        self.known.save(self.jobs)
        self.seconds += time.perf_counter() - started
        if notes is not None and self.jobs:
            notes.append(
                f"pdf: {len(self.jobs)} PDFs, {self.printed} printed, {len(self.jobs) - self.printed} from the "
                f"cache ({self.beside:.2f} s while another language built, {self.seconds - self.beside:.2f} s after)"
            )
        return []


def _remove_stale(work: Path, wanted: set[Path]) -> None:
    """PDFs of pages that no longer exist (a revision removed, a comparison no longer made)."""
    for path in (work / "policies").glob("**/*.pdf") if (work / "policies").is_dir() else ():
        if path not in wanted:
            path.unlink(missing_ok=True)


def _place(cached: Path, target: Path) -> None:
    """The cached PDF into the output, as a link (same size and time, so publishing links it too)."""
    if target.exists() and os.path.samefile(cached, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        os.link(cached, partial)
    except OSError:
        shutil.copy2(cached, partial)
    os.replace(partial, target)


def _prune(cache: Path, used: set[str]) -> None:
    """The cache keeps what this build used: a changed text's earlier PDFs are not kept forever."""
    for path in cache.glob("*.pdf"):
        if path.name not in used:
            path.unlink(missing_ok=True)
