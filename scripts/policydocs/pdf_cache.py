"""What says a PDF in the cache is still the PDF: the engine's identity and each page's content key.

A PDF is cached under the SHA-256 of what it prints (:func:`policydocs.pdf_document.content_key`),
which includes the engine: the files of Chromium and of the fonts (their size and time, which
change with every package upgrade) and how it is asked to print. Reading each page to know its
key would cost every rebuild the whole site's pages, so the key is also kept by the built
page's size and time, which Sphinx changes only when it writes the page again.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from policydocs.pdf_document import stylesheet
from policydocs.pdf_printer import CHROMIUM_ARGS, PRINT

if TYPE_CHECKING:
    from policydocs.pdf_jobs import PdfJob

ENGINE_FILES = ("/usr/lib/chromium/chromium", "/usr/share/fonts/opentype/ipaexfont-*/*.ttf")


def cache_dir(build_dir: Path) -> Path:
    return build_dir / "cache" / "pdf"


def engine() -> str:
    """Changes when Chromium, the fonts or the print settings change: then every PDF is printed again."""
    parts = []
    for pattern in ENGINE_FILES:
        for path in sorted(glob.glob(pattern)):
            info = os.stat(path)
            parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    parts.append(json.dumps([CHROMIUM_ARGS, PRINT]))  # how it is asked to print
    return "|".join(parts)


class PageKeys:
    """Each page's content key as last computed, by the built page's size and time (``pages.json``).

    A rebuild rewrites only the pages that changed; the others are not read again to know that
    their PDF is still the one in the cache. Any change of engine or stylesheet forgets them all.
    """

    def __init__(self, path: Path, engine_id: str, pages: dict[str, list]) -> None:
        self.path, self.engine_id, self.pages = path, engine_id, pages
        self.loaded = dict(pages)

    @classmethod
    def load(cls, cache: Path, engine_id: str) -> PageKeys:
        engine_id = f"{engine_id}|{hashlib.sha256(stylesheet().encode()).hexdigest()}"
        path = cache / "pages.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pages = data["pages"] if data.get("engine") == engine_id else {}
        except (OSError, ValueError, KeyError, TypeError):
            pages = {}
        return cls(path, engine_id, pages)

    @staticmethod
    def _stamp(job: PdfJob) -> list:
        try:
            info = job.html.stat()
        except OSError:
            return []
        return [info.st_size, info.st_mtime_ns, job.title, job.url_path]

    def key(self, job: PdfJob) -> str:
        found = self.pages.get(str(job.html))
        stamp = self._stamp(job)
        return found[-1] if found and stamp and found[:-1] == stamp else ""

    def remember(self, job: PdfJob) -> None:
        self.pages[str(job.html)] = [*self._stamp(job), job.key]

    def save(self, jobs: list[PdfJob]) -> None:
        kept = {str(job.html): self.pages[str(job.html)] for job in jobs if str(job.html) in self.pages}
        if kept == self.loaded and self.path.is_file():
            return  # a rebuild that changed nothing writes nothing
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".partial")
            partial.write_text(json.dumps({"engine": self.engine_id, "pages": kept}), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass  # only a shortcut: the next build reads the pages again
