"""The PDFs one language's build listed (``pdf-pages.json``, :mod:`policydocs.sphinxext.pdf_pages`).

Each is a :class:`PdfJob`: the built page it is printed from, where the file goes, its title
and the source file to name when it cannot be made (with :data:`FIX`, what to do then).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.model import Location, Problem

MANIFEST = "pdf-pages.json"
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
