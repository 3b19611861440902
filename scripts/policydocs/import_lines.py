"""Import, second stage (a): a source's lines as logical lines, each with its list marker read.

A copied policy breaks sentences across lines (a web page's wrapping, a PDF's columns) and
writes its numbering as text (1. / (1) / ① / ア. / ● / 第N条 / ■ / 【…】). Here each line's
marker is recognised and taken off the text, and a line broken mid-sentence is joined to the
line that continues it. Nothing here decides whether a numbered line is a heading or a list
item; :mod:`policydocs.import_structure` does that from the lines around it.

A join is made only where the break is certain enough to be a break: the next line starts with
closing punctuation (「。」 alone on a line), a Latin word runs on (``Owners'`` / ``Club``), or a
long line ends inside a sentence (on 「、」 or a particle) and the next is no item or heading.
Two list items, or a heading and its text, are never joined.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from policydocs.import_sources import Hint, SourceDocument, SourceLine, SourceLink

# Each marker style: the pattern of the marker at the start of a line. ``heading`` styles are
# headings wherever they stand (their marker stays in the heading's text).
_NUM = r"[0-9０-９]{1,3}"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^第[0-9０-９一二三四五六七八九十百]+条")),
    ("bracket", re.compile(r"^【[^】]{1,40}】")),
    ("square", re.compile(r"^[■□◆◇▼▽▶]")),
    ("parens", re.compile(rf"^[(（]{_NUM}[)）]\s*")),
    ("circled", re.compile(r"^[\u2460-\u2473]\s*")),
    ("katakana", re.compile(r"^[\u30a2-\u30f3][.．]\s*")),
    ("paren-right", re.compile(rf"^{_NUM}[)）]\s*")),
    ("decimal", re.compile(rf"^{_NUM}[.．](?![0-9０-９])\s*")),
    # \uf0b7 and \uf0a7: the bullets of Word's Symbol and Wingdings fonts, as a PDF's text layer has them.
    ("bullet", re.compile(r"^(?:[-・•◦▪*＊\uf0b7\uf0a7](?:\s+|$)|[・•◦▪\uf0b7\uf0a7](?=\S))")),
    # ● and ○ mark a section's title as often as a list's item: their role decides, as for numbers.
    ("circle", re.compile(r"^[●○◎](?:\s+|$|(?=\S))")),
)
HEADING_STYLES = frozenset({"article", "bracket", "square"})
ORDERED_STYLES = frozenset({"parens", "circled", "katakana", "paren-right", "decimal"})
# A sentence or clause may end here: a line ending so is not broken mid-sentence.
_ENDS = set("。．.！？!?：:」』）)】］]>〕\"'”’")
# A line ending so stops inside a sentence: 「、」 or a particle.
_INSIDE = set("、，,でにのをがはとやへもか")
_CLOSING = set("。、，,）)」』】〕]’”")
_LATIN = re.compile(r"[A-Za-z'’]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
#: A line this long that ends inside a sentence was wrapped, not ended.
WRAPPED = 20
#: A line this short, without 「。」, may be a title.
SHORT = 40


@dataclass
class LogicalLine:
    """One line of the policy after joining: its text without marker, and what marked it."""

    text: str
    line: int  # the source line it starts on
    style: str = ""  # the marker's style ("" none); see MARKERS
    marker: str = ""  # the marker as written, with the space after it (taken off ``text`` unless a heading style)
    hint: Hint = Hint.TEXT
    level: int = 0  # the format's heading level or item depth
    blank_before: bool = False  # a paragraph boundary stands before it
    indent: int = 0  # leading spaces in the source (a block of indented lines is an address or contact block)
    links: list[SourceLink] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)  # source lines joined onto this one
    notes: list[str] = field(default_factory=list)  # what was guessed in reading it, for the report


def width(text: str) -> int:
    """Characters that carry text (whitespace aside)."""
    return sum(1 for c in text if not c.isspace())


def read_marker(text: str) -> tuple[str, str, str]:
    """(style, marker, rest) of a line's text; ("", "", text) when it has no marker."""
    for style, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            if style in HEADING_STYLES:
                return style, match.group(0), text
            return style, match.group(0), text[match.end() :]
    return "", "", text


def _indent(text: str) -> int:
    expanded = text.replace("\t", "    ").replace("\u3000", "  ")
    return len(expanded) - len(expanded.lstrip(" "))


def _logical(source: SourceLine, blank_before: bool) -> LogicalLine:
    text = source.text.strip()
    style, marker, rest = ("", "", text)
    if source.hint is not Hint.HEADING:
        style, marker, rest = read_marker(text)
    if source.hint is Hint.ITEM and style in ("", *HEADING_STYLES):
        style, marker, rest = ("decimal" if source.ordered else "bullet"), "", text
    return LogicalLine(
        rest.strip(),
        source.line,
        style,
        marker,
        source.hint,
        source.level,
        blank_before,
        _indent(source.text),
        list(source.links),
    )


def _continues(previous: LogicalLine, following: LogicalLine, across_blank: bool) -> bool:
    """Whether ``following`` continues the sentence ``previous`` was broken in."""
    if previous.hint is Hint.HEADING and following.hint is Hint.HEADING and not across_blank:
        # A long title wrapped onto a second line in the same type (a PDF's 「…システ」「ム）について」).
        wrapped = width(previous.text) >= WRAPPED and previous.text[-1:] not in _ENDS
        return wrapped and previous.level == following.level and not read_marker(following.text)[0]
    if following.style or following.hint is not Hint.TEXT or previous.hint is Hint.HEADING:
        return False
    if previous.style in HEADING_STYLES or not previous.text or not following.text:
        return False
    last, first = previous.text[-1], following.text[0]
    if first in _CLOSING and not across_blank:
        return True
    if _LATIN.search(previous.text) and _LATIN_START.match(following.text) and not across_blank:
        return width(previous.text) < 40 and previous.style == "bullet"
    return last in _INSIDE and last not in _ENDS and width(previous.text) >= WRAPPED


def _join(previous: LogicalLine, following: LogicalLine) -> None:
    latin = _LATIN.search(previous.text) and _LATIN_START.match(following.text)
    previous.text += (" " if latin else "") + following.text
    previous.links.extend(following.links)
    previous.joined.append(following.line)


def logical_lines(document: SourceDocument) -> list[LogicalLine]:
    """The document's lines, markers read, broken sentences joined, blank lines as ``blank_before``."""
    result: list[LogicalLine] = []
    blank = False
    for source in document.lines:
        if source.hint is Hint.BLANK or not source.text.strip():
            blank = True
            continue
        current = _logical(source, blank)
        previous = result[-1] if result else None
        if previous is not None and _continues(previous, current, blank):
            _join(previous, current)
        elif previous is not None and previous.style == "bullet" and not previous.text and not current.style:
            # A marker alone on its line ("-" then the text): the marker is the next line's, unless
            # the next line is a title (a lone bullet left over from a page's layout).
            if width(current.text) <= SHORT and "。" not in current.text:
                current.notes.append(
                    f"a lone '{previous.marker.strip()}' on line {previous.line} dropped before a title"
                )
                result[-1] = current
            else:
                current.style, current.marker = previous.style, previous.marker
                current.notes.append(f"the lone '{previous.marker.strip()}' on line {previous.line} read as its marker")
                current.blank_before = previous.blank_before
                result[-1] = current
        else:
            result.append(current)
        blank = False
    return result


def normal(text: str) -> str:
    """Text compared for recognition only (never written): NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())
