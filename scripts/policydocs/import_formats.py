"""Which reader reads a source for ``policydocs import``, by the file's suffix, and the refusals
every format shares (a missing, empty or unreadable file, a file that holds no text).

Apart from :mod:`policydocs.import_sources`, whose types every reader imports: the readers import
that module, this one imports the readers, and nothing imports back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policydocs.import_sources import STDIN, ImportSourceError, SourceDocument, read_text
from policydocs.model import Location, Problem


def _unreadable(path: Path) -> Problem | None:
    """Why ``path`` cannot be read at all (missing, a directory, empty, not permitted), or None."""
    if not path.exists():
        return Problem(Location(path, 0), "does not exist", "check the file's name and folder, and import it again")
    if path.is_dir():
        return Problem(Location(path, 0), "is a folder, not a file", "give the policy's file inside it")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as error:
        return Problem(Location(path, 0), f"cannot be read ({error.strerror})", "make it readable and import it again")
    if size == 0:
        return Problem(Location(path, 0), "is empty", "save the policy into it first (or give the file that holds it)")
    return None


def _readers() -> dict[str, Callable[[Path], SourceDocument]]:
    # Imported when a file is read: Word and PDF bring their libraries (python-docx, pypdf).
    from policydocs.import_docx import read_docx
    from policydocs.import_html import read_html
    from policydocs.import_pdf import read_pdf

    return {".txt": read_text, ".html": read_html, ".htm": read_html, ".docx": read_docx, ".pdf": read_pdf}


def read_source(path: Path) -> SourceDocument:
    """The policy in ``path``, by its format (the file's suffix); ``-`` is text on standard input."""
    if str(path) == STDIN:
        return read_text(path)
    reader = _readers().get(path.suffix.lower())
    if reader is not None:
        problem = _unreadable(path)
        if problem is not None:
            raise ImportSourceError(problem)
        document = reader(path)
        if not any(line.text.strip() for line in document.lines):
            raise ImportSourceError(
                Problem(Location(path, 0), "holds no text", "save the policy's text into it and import it again")
            )
        return document
    raise ImportSourceError(
        Problem(
            Location(path, 0),
            f"is a {path.suffix or 'suffix-less'} file, which import does not read",
            "give a .txt, .html, .htm, .docx or .pdf file, or - for text on standard input",
        )
    )
