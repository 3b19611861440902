"""Printing PDFs in print jobs: several documents per job, a job per tab, each cut into its files.

Chromium prints a job of twenty documents in about the time of two jobs of one (the job's
fixed cost, font subsetting above all, is paid once), so documents are printed together, each
language's apart (a job has one language), and cut apart again by :mod:`policydocs.pdf_files`.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from policydocs.model import Problem
from policydocs.pdf_document import print_job
from policydocs.pdf_files import Output, write_documents
from policydocs.pdf_jobs import PdfJob
from policydocs.pdf_printer import TABS, EngineError, Printer, one_line

FONTS = ("IPAexMincho", "IPAexGothic")  # Debian fonts-ipaexfont; the stylesheet names them
# Documents per print job at most. A job costs ~0.1 s whatever it holds, so few jobs are fast; but
# every file cut from a job carries the fonts of the whole job (20 documents: ~200 KB a file).
JOB_SIZE = 20


def fonts_missing() -> list[str]:
    missing = []
    for family in FONTS:
        try:
            found = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, check=False).stdout
        except OSError:
            return []  # no fontconfig tools to ask: Chromium will say what it lacks
        if not found.strip():
            missing.append(family)
    return missing


def batches_of(jobs: list[PdfJob]) -> list[list[PdfJob]]:
    """Print jobs: each language's documents in runs of at most :data:`JOB_SIZE`, and at least one
    job per tab while a job holds more than one document (every tab busy)."""
    batches: list[list[PdfJob]] = []
    for language in dict.fromkeys(job.language for job in jobs):
        mine = [job for job in jobs if job.language == language]
        count = -(-len(mine) // JOB_SIZE)
        size = -(-len(mine) // count)
        batches += [mine[start : start + size] for start in range(0, len(mine), size)]
    while len(batches) < TABS and max(len(batch) for batch in batches) > 1:
        largest = max(batches, key=len)
        half = len(largest) // 2
        batches[batches.index(largest) : batches.index(largest) + 1] = [largest[:half], largest[half:]]
    return batches


def print_pdfs(jobs: list[PdfJob], cache: Path, baseurls: dict[str, str], printer: Printer) -> list[Problem]:
    """Print ``jobs`` into the cache, each under its key, on ``printer``; problems instead of exceptions."""
    if not Path(printer.chromium).exists():
        return [jobs[0].problem(f"Chromium is not installed ({printer.chromium} is missing)")]
    missing = fonts_missing()
    if missing:
        return [jobs[0].problem(f"the Japanese fonts {', '.join(missing)} are not installed")]
    cache.mkdir(parents=True, exist_ok=True)
    waiting = batches_of(jobs)
    failures: list[Problem] = []

    def tab(number: int) -> None:
        while waiting and not failures:
            batch = waiting.pop(0)
            try:
                _print_batch(printer, number, batch, cache, baseurls[batch[0].language])
            except Exception as error:  # the engine's and the cutting's errors: the page that was printing is named
                failures.append(batch[0].problem(one_line(error)))

    try:
        printer.start()
        with ThreadPoolExecutor(max_workers=TABS) as tabs:
            list(tabs.map(tab, range(min(TABS, len(waiting)))))
    except EngineError as error:
        failures.append(jobs[0].problem(one_line(error)))
    return failures


def _print_batch(printer: Printer, tab: int, batch: list[PdfJob], cache: Path, baseurl: str) -> None:
    printed = printer.print_pdf(print_job([job.part for job in batch], batch[0].language, batch[0].title), tab)
    outputs = [Output(cache / f"{job.key}.pdf", job.title, job.language, job.url_path) for job in batch]
    write_documents(printed, outputs, baseurl)
