"""Printing the site's PDFs, after Sphinx and before the site is published (issue 17).

Each language's build lists its PDFs (``pdf-pages.json``, :mod:`policydocs.sphinxext.pdf_pages`).
For each one the printed part of its built page is taken (:mod:`policydocs.pdf_document`) and
keyed by its content, the print stylesheet and the engine (Chromium's and the fonts' files, the
Playwright release): a PDF already in ``BUILD_DIR/cache/pdf/`` under that key is reused, so a
frozen revision is printed once, and an in-force text again only when what it prints changed.
What is left is printed by one headless Chromium (Debian's, through Playwright), several
documents per print job on two tabs at once, and cut into files (:mod:`policydocs.pdf_files`).
Each PDF is then linked into the language's output, from where publishing copies it with the
pages. Any failure is a :class:`~policydocs.model.Problem` naming the page and the fix: the
build fails and the published site stays as it was.
"""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.model import Location, Problem
from policydocs.pdf_cache import PageKeys, engine
from policydocs.pdf_document import ORIGIN, PageNotPrintable, content_key, print_job, printed_part

CHROMIUM = os.environ.get("POLICYDOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FONTS = ("IPAexMincho", "IPAexGothic")  # Debian fonts-ipaexfont; the stylesheet names them

MANIFEST = "pdf-pages.json"
JOB_SIZE = 12  # documents per print job: fewer jobs are faster, but every file carries the job's fonts
TABS = 2  # print jobs at once (two cores: Chromium renders one while Python cuts the other)
TIMEOUT_MS = 120_000
FIX = (
    "install Chromium and the Japanese fonts with `make pdf-tools` (Debian chromium, fonts-ipaexfont) "
    "and build again; the published site was left as it was"
)


@dataclass
class PdfJob:
    """One PDF of the build."""

    language: str
    page: str
    html: Path  # the built page it is printed from
    target: Path  # where it goes in the language's output
    title: str
    source: str  # the file to name when it cannot be made
    url_path: str  # its path on the site
    key: str = ""
    part: str = field(default="", repr=False)

    def problem(self, reason: str, fix: str = FIX) -> Problem:
        return Problem(Location(Path(self.source), 0), f"cannot make the PDF of page {self.page}: {reason}", fix)


def cache_dir(build_dir: Path) -> Path:
    return build_dir / "cache" / "pdf"


def read_jobs(build_dir: Path, language: str) -> tuple[list[PdfJob], str]:
    """This language's PDFs as its build listed them, and the site's base URL ("" if none)."""
    manifest = build_dir / "doctrees" / language / MANIFEST
    if not manifest.is_file():
        return [], ""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    work = build_dir / "work" / language
    jobs = [
        PdfJob(
            language,
            entry["page"],
            work / entry["html"],
            work / entry["file"],
            entry["title"],
            entry["source"],
            f"/{language}/{entry['file']}",
        )
        for entry in data["pages"]
    ]
    return jobs, data.get("baseurl", "")


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
        import shutil

        shutil.copy2(cached, partial)
    os.replace(partial, target)


def _fonts_missing() -> list[str]:
    missing = []
    for family in FONTS:
        try:
            found = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
        except OSError:
            return []  # no fontconfig tools to ask: Chromium will say what it lacks
        if not found.strip():
            missing.append(family)
    return missing


def make_pdfs(build_dir: Path, languages: tuple[str, ...] | list[str], notes: list[str] | None = None) -> list[Problem]:
    """Make every PDF the languages' builds listed, reusing what is cached; the problems if any failed.

    A line saying how many were printed and how long it took is added to ``notes``.
    """
    started = time.perf_counter()
    cache = cache_dir(build_dir)
    engine_id = engine()
    jobs: list[PdfJob] = []
    baseurls: dict[str, str] = {}
    for language in languages:
        found, baseurls[language] = read_jobs(build_dir, language)
        _remove_stale(build_dir / "work" / language, {job.target for job in found})
        jobs += found
    known = PageKeys.load(cache, engine_id)
    problems = []
    for job in jobs:
        job.key = known.key(job)
        if not job.key or not (cache / f"{job.key}.pdf").is_file():
            try:
                page_url = f"{ORIGIN}{posixpath.dirname(job.url_path)}/"
                job.part = printed_part(job.html.read_text(encoding="utf-8"), page_url)
            except (OSError, PageNotPrintable) as error:
                problems.append(job.problem(str(error), "build again; if it persists, the page's template is at fault"))
                continue
            job.key = content_key(job.part, job.title, job.language, engine_id)
            known.remember(job)
    if problems:
        return problems
    to_print = [job for job in jobs if not (cache / f"{job.key}.pdf").is_file()]
    if to_print:
        problems = print_pdfs(to_print, cache, baseurls)
        if problems:
            return problems
    try:
        for job in jobs:
            _place(cache / f"{job.key}.pdf", job.target)
    except OSError as error:
        return [Problem(Location(cache, 0), f"cannot place the PDFs in the site: {error}", FIX)]
    _prune(cache, {f"{job.key}.pdf" for job in jobs})
    known.save(jobs)
    if notes is not None and jobs:
        notes.append(
            f"pdf: {len(jobs)} PDFs, {len(to_print)} printed, {len(jobs) - len(to_print)} from the cache "
            f"({time.perf_counter() - started:.2f} s)"
        )
    return []


def _prune(cache: Path, used: set[str]) -> None:
    """The cache keeps what this build used: a changed text's earlier PDFs are not kept forever."""
    for path in cache.glob("*.pdf"):
        if path.name not in used:
            path.unlink(missing_ok=True)


def print_pdfs(jobs: list[PdfJob], cache: Path, baseurls: dict[str, str]) -> list[Problem]:
    """Print ``jobs`` into the cache, each under its key; problems instead of exceptions."""
    if not Path(CHROMIUM).exists():
        return [jobs[0].problem(f"Chromium is not installed ({CHROMIUM} is missing)")]
    missing = _fonts_missing()
    if missing:
        return [jobs[0].problem(f"the Japanese fonts {', '.join(missing)} are not installed")]
    cache.mkdir(parents=True, exist_ok=True)
    batches: list[list[PdfJob]] = []
    for language in dict.fromkeys(job.language for job in jobs):
        mine = [job for job in jobs if job.language == language]
        batches += [mine[start : start + JOB_SIZE] for start in range(0, len(mine), JOB_SIZE)]
    failures: list[Problem] = []
    import asyncio  # only when something is printed: a rebuild that prints nothing does not pay for it

    try:
        # In a thread of its own: the caller may itself be running an event loop (Playwright's sync API does).
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, _print_batches(batches, cache, baseurls, failures)).result()
    except Exception as error:  # Playwright's own errors (no browser, a crash) as one line, never a traceback
        failures.append(jobs[0].problem(_one_line(error)))
    return failures


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


async def _print_batches(
    batches: list[list[PdfJob]], cache: Path, baseurls: dict[str, str], failures: list[Problem]
) -> None:
    import asyncio

    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(java_script_enabled=False, offline=True)
            context.set_default_timeout(TIMEOUT_MS)
            waiting = list(batches)

            async def tab() -> None:
                page = await context.new_page()
                while waiting and not failures:
                    batch = waiting.pop(0)
                    try:
                        await _print_batch(page, batch, cache, baseurls[batch[0].language])
                    except Exception as error:  # Playwright's errors: the page that was printing is named
                        failures.append(batch[0].problem(_one_line(error)))

            await asyncio.gather(*(tab() for _ in range(min(TABS, len(batches)))))
        finally:
            await browser.close()


async def _print_batch(page: object, batch: list[PdfJob], cache: Path, baseurl: str) -> None:
    html = print_job([job.part for job in batch], batch[0].language, batch[0].title)
    await page.set_content(html, wait_until="load")  # type: ignore[attr-defined]
    printed = await page.pdf(format="A4", prefer_css_page_size=True, print_background=True)  # type: ignore[attr-defined]
    from policydocs.pdf_files import Output, write_documents

    outputs = [Output(cache / f"{job.key}.pdf", job.title, job.language, job.url_path) for job in batch]
    write_documents(printed, outputs, baseurl)
