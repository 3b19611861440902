"""Reading an existing policy for ``policydocs import``: any source format into plain lines.

The first stage of the import pipeline (read → recognise structure → write MyST → verify).
Each format's reader (plain text here; HTML, Word and PDF in their own modules, chosen by
:mod:`policydocs.import_formats`) turns its file into a :class:`SourceDocument`: the
policy's text as lines, each with where it stands in the source and what the format itself
says about it (a heading, a list item, a link).
Nothing here guesses structure from wording; that is :mod:`policydocs.import_structure`'s job.

The text of the lines is the wording that must survive the import character for character:
a reader drops what is not the policy (navigation, scripts, page furniture) but never alters
the policy's own characters.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from policydocs.model import Location, Problem

STDIN = "-"
# Control bytes no text file holds (tab, line feed, carriage return, form feed and escape aside).
_BINARY = re.compile(rb"[\x01-\x08\x0b\x0e-\x1a\x1c-\x1f]")


class Hint(StrEnum):
    """What the source format says a line is (plain text says nothing: TEXT)."""

    TEXT = "text"  # a line of running text, or any line of a format without structure
    HEADING = "heading"  # <h2>, a Word "Heading 2" style…: ``level`` is its level
    ITEM = "item"  # a list item the format marks (<li>, a Word list paragraph): ``level`` is its depth
    BLANK = "blank"  # a paragraph boundary (an empty line, the end of <p>)


@dataclass(frozen=True)
class SourceLink:
    """A link inside a line: its text as it stands in the line, and where it points (absolute when known)."""

    text: str
    href: str


@dataclass(frozen=True)
class SourceLine:
    """One line of the policy's text, with where it stands in the source file."""

    text: str
    line: int  # 1-based: the line of a text or HTML file, the paragraph of a Word file, the extracted line of a PDF
    hint: Hint = Hint.TEXT
    level: int = 0  # a heading's level (1-6), or a list item's depth (1 for the outermost list)
    ordered: bool = False  # an item of a numbered list (the format may number it without the number in ``text``)
    links: tuple[SourceLink, ...] = ()


@dataclass(frozen=True)
class SourceDocument:
    """A policy read from its source: its lines, and what the source says about the whole."""

    path: Path  # Path("-") for standard input
    lines: tuple[SourceLine, ...]
    title: str = ""  # the page's <title> or the document's own title property, if any
    url: str = ""  # the address the source states for itself (canonical link), for making links absolute

    def where(self, line: int) -> Location:
        return Location(self.path, line)


class ImportSourceError(Exception):
    """A source that cannot be read as a policy: the problem names the file, the line and the fix."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def text_lines(text: str) -> tuple[SourceLine, ...]:
    """Plain text as lines: an empty (or blank) line is a paragraph boundary, nothing else is marked."""
    return tuple(
        SourceLine(line, number, Hint.BLANK if not line.strip() else Hint.TEXT)
        for number, line in enumerate(text.splitlines(), start=1)
    )


def first_decoding(data: bytes, encodings: tuple[str, ...] | list[str]) -> str | None:
    """``data`` decoded by the first of ``encodings`` that reads every byte of it, else None."""
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def decode_text(data: bytes, path: Path) -> str:
    """A text file's characters: UTF-8 (with or without BOM), else Shift_JIS family, else refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM, as Windows' Notepad may save
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data or _BINARY.search(data[:4096]):
        # cp932 decodes almost any bytes, so binary data must be told apart before decoding.
        raise ImportSourceError(
            Problem(
                Location(path, 0),
                "is not a text file (it holds binary data)",
                "open it in the program that made it and save or export it as text (.txt), then import that",
            )
        )
    text = first_decoding(data, ("utf-8-sig", "cp932", "euc_jp"))
    if text is not None:
        return text
    raise ImportSourceError(
        Problem(
            Location(path, 0),
            "is neither UTF-8, Shift_JIS (cp932) nor EUC-JP text",
            "save the file as UTF-8 text and import it again",
        )
    )


def read_text(path: Path) -> SourceDocument:
    """A ``.txt`` file, or standard input when ``path`` is ``-``."""
    data = sys.stdin.buffer.read() if str(path) == STDIN else path.read_bytes()
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    return SourceDocument(path, text_lines(text))
