"""Reading a PDF for ``policydocs import``: its text layer as lines in reading order.

pypdf extracts each page's text; its text visitor gives every piece's baseline and font size:

- **Lines** follow the order pypdf reads them (the order the PDF draws them, which for a PDF
  exported from Word or LibreOffice is reading order). pypdf may put a space between pieces of
  one line that the PDF draws separately (``平成 17 年``); whitespace is not wording, and the
  import's fidelity check leaves it aside.
- **Blank lines**: where the gap to the previous line's baseline is more than 1.4 times the
  page's usual line spacing (a paragraph's spacing), and between pages' text when the last line
  of a page ends a paragraph is not known, so a page break is no blank line.
- **Headings**: a line set in a font clearly larger (×1.15) than the body's (the size most of the
  text has) is a heading; the largest size is level 1, the next level 2, and so on.
- **Dropped**: page headers and footers, found as the first or last line of the pages that is
  the same on at least two pages once digits are set aside (``株式会社…　個人情報保護方針　2``),
  and lines that are only a page number (``3``, ``- 3 -``, ``3 / 12``, ``p. 3``).

A PDF without a text layer (a scan) is refused: its text would have to be recognised, which
import does not guess. An encrypted PDF opens when it needs no password to read.

A line's number is its place in the whole text pypdf extracts, counting every page's lines in
order, dropped headers and footers included: about the same as the line of the text copied from
a PDF viewer with "select all" (or ``python -c "import pypdf…"``'s ``extract_text()``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from statistics import median

from policydocs.import_sources import Hint, ImportSourceError, SourceDocument, SourceLine
from policydocs.model import Location, Problem

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:p\.?\s*|ページ\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$")
_DIGITS = re.compile(r"\d+")
_PARAGRAPH_GAP = 1.4
_LARGER = 1.15
_SCAN_FIX = "export the PDF again with its text (not as an image), or paste the text into a .txt file"


@dataclass
class _Line:
    text: str
    number: int  # running line number over the whole extracted text
    y: float | None = None
    size: float = 0.0


@dataclass
class _Page:
    lines: list[_Line] = field(default_factory=list)


def _refuse(path: Path, message: str, fix: str) -> ImportSourceError:
    return ImportSourceError(Problem(Location(path, 0), message, fix))


def _pages(path: Path) -> list[_Page]:
    import pypdf  # imported here, as only PDF sources need it
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(
                path,
                "is protected by a password",
                "save it again without a password (in the PDF program: print or export to a new PDF), "
                "or paste its text into a .txt file",
            )
        pages = list(reader.pages)
    except ImportSourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise _refuse(path, f"is not a PDF that can be read ({error})", _SCAN_FIX) from None
    result = []
    number = 0
    for page in pages:
        current = _Page()
        pieces: list[tuple[str, float | None, float]] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, pieces: list = pieces
        ) -> None:
            y = tm[5] * cm[3] + cm[5] if text.strip() else None
            pieces.append((text, y, abs(size * (tm[3] or 1) * (cm[3] or 1)) if text.strip() else 0.0))

        try:
            page.extract_text(visitor_text=visit)
        except (PyPdfError, ValueError, KeyError, TypeError) as error:
            raise _refuse(path, f"has a page pypdf cannot read ({error})", _SCAN_FIX) from None
        line = _Line("", 0)
        for text, y, size in pieces:
            parts = text.split("\n")
            for index, part in enumerate(parts):
                if index:
                    number += 1
                    line.number = number
                    current.lines.append(line)
                    line = _Line("", 0)
                if part:
                    line.text += part
                    if y is not None and line.y is None and part.strip():
                        line.y = y
                    line.size = max(line.size, size if part.strip() else 0.0)
        number += 1
        line.number = number
        current.lines.append(line)
        current.lines = [each for each in current.lines if each.text.strip()]
        result.append(current)
    return result


def _furniture(pages: list[_Page]) -> set[int]:
    """The line numbers of running headers and footers, and of lines that are only a page number."""
    dropped = {line.number for page in pages for line in page.lines if _PAGE_NUMBER.match(line.text)}
    if len(pages) < 2:
        return dropped
    for end in (0, -1):
        seen = Counter(_DIGITS.sub("#", page.lines[end].text.strip()) for page in pages if page.lines)
        for page in pages:
            if page.lines and seen[_DIGITS.sub("#", page.lines[end].text.strip())] >= 2:
                dropped.add(page.lines[end].number)
    return dropped


def read_pdf(path: Path) -> SourceDocument:
    """A PDF with a text layer: its lines in reading order, paragraphs and larger-type headings hinted."""
    pages = _pages(path)
    if not any(page.lines for page in pages):
        raise _refuse(path, "has no text layer (it is a scan or an image of the text)", _SCAN_FIX)
    dropped = _furniture(pages)
    kept = [[line for line in page.lines if line.number not in dropped] for page in pages]
    sizes = Counter(round(line.size, 1) for page in kept for line in page for _ in line.text if line.size)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    larger = sorted({round(line.size, 1) for page in kept for line in page if line.size > body * _LARGER}, reverse=True)
    lines: list[SourceLine] = []
    for page in kept:
        gaps = [a.y - b.y for a, b in pairwise(page) if a.y is not None and b.y is not None]
        spacing = median([gap for gap in gaps if gap > 0] or [0.0])
        previous: _Line | None = None
        for line in page:
            gap = previous.y - line.y if previous and previous.y is not None and line.y is not None else 0.0
            if spacing and gap > spacing * _PARAGRAPH_GAP and lines and lines[-1].hint is not Hint.BLANK:
                lines.append(SourceLine("", line.number, Hint.BLANK))
            size = round(line.size, 1)
            if size in larger:
                lines.append(SourceLine(line.text.strip(), line.number, Hint.HEADING, larger.index(size) + 1))
            else:
                lines.append(SourceLine(line.text.rstrip(), line.number))
            previous = line
    return SourceDocument(path, tuple(lines))
