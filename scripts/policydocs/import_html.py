"""Reading a saved web page for ``policydocs import``: the policy's element, as located lines.

:mod:`.import_html_page` decodes the page, drops its furniture and finds the element that holds
the policy; this module reads that element as a browser shows it:

- **Lines**: ``<h1>``–``<h6>`` are headings; ``<li>`` items (depth, numbered under ``<ol>``);
  ``<p>``, ``<div>``, ``<dt>``, ``<dd>``, ``<blockquote>`` and the like paragraphs, with a blank
  line after each; ``<br>`` a line break (two in a row, a blank line); a table row is one line
  whose cells are joined by a full-width space (``（1）　本文…``, ``事業者名　株式会社…``), as
  Japanese policies lay out label and text in rows, with a blank line after each row.
- **Text**: whitespace as a browser renders it: runs of ASCII whitespace become one space,
  none at a line's ends, and a line break between two Japanese characters none at all (CSS
  Text's segment-break rule: a paragraph wrapped in the HTML source is one line of text);
  ``&nbsp;`` and full-width spaces are kept as the characters they are. Images' alt texts
  are not text a reader sees and are left out.
- **Links**: ``http``, ``https``, ``mailto`` and ``tel`` links and relative ones, made absolute
  against the address the page states for itself; without one, a relative link stays as it is.
  Any other scheme (``javascript:``…) and in-page anchors are not links of the policy; their
  text is kept.

A line's number is the line of the HTML file where its first character stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from policydocs.import_html_page import (
    ASCII_SPACE,
    BOMS,
    JAPANESE,
    decode_page,
    drop_furniture,
    page_address,
    policy_element,
    without_template_tags,
)
from policydocs.import_sources import Hint, ImportSourceError, SourceDocument, SourceLine, SourceLink
from policydocs.model import Location, Problem

_WIDE = JAPANESE
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Blocks after which a paragraph ends (a blank line); other block elements only break the line.
_PARAGRAPHS = frozenset(
    {
        *("p", "div", "section", "article", "main", "dl", "dt", "dd", "ul", "ol", "table", "blockquote", "pre"),
        *("address", "figure", "figcaption", "caption", "center", "details", "summary", "hr", "fieldset", "legend"),
        *_HEADINGS,
    }
)
_LINE_BREAKS = frozenset({"li", "tr", "tbody", "thead", "tfoot"})
_CELLS = frozenset({"td", "th"})
_CELL_SEPARATOR = "\u3000"  # a full-width space: how a row's label and text are set apart in Japanese text
_CELL_MARK = "\x00"  # where a cell begins, while the row is gathered (template removal leaves no NUL in a page)
_CELL_GAP = re.compile(r" ?\x00 ?")
# Where an inline element begins or ends inside a heading, while the line is gathered. A heading whose
# Japanese and Latin parts are separate elements (<h2>プライバシーポリシー<span class="sub">Privacy Policy</span>)
# is a title and its subtitle, which the page's styles set apart: there the two get a space, not glued.
_PART = "\x01"
_EMPTY = " \t\n\r\f" + _PART
_PART_RUN = rf"[{_EMPTY}]*{_PART}[{_EMPTY}]*"
_PART_GAP = re.compile(
    rf"(?<={JAPANESE.pattern}){_PART_RUN}(?=[A-Za-z])|(?<=[A-Za-z]){_PART_RUN}(?={JAPANESE.pattern})"
)


def _link_target(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme and scheme not in _LINK_SCHEMES:
        return None
    # A control character or space inside a scheme is how "java\tscript:" disguises itself.
    if not scheme and re.match(r"^[a-z0-9+.\-\s\x00-\x1f]*:", href, re.IGNORECASE):
        return None
    return urljoin(base, href) if base and not scheme else href


def _render(raw: str) -> str:
    """Whitespace as a browser shows it: ASCII runs collapse; a line break between Japanese characters vanishes."""

    def collapse(match: re.Match[str]) -> str:
        run, start, end = match.group(0), match.start(), match.end()
        if "\n" in run and start > 0 and end < len(raw) and _WIDE.match(raw[start - 1]) and _WIDE.match(raw[end]):
            return ""
        return " "

    return ASCII_SPACE.sub(collapse, raw)


@dataclass
class _Pending:
    """The line being gathered: its pieces of text, where it starts, what it is, its links."""

    pieces: list[str] = field(default_factory=list)
    line: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Walker:
    """Walks the policy's element in document order, gathering lines and the source line under the cursor."""

    base: str
    lines: list[SourceLine] = field(default_factory=list)
    pending: _Pending = field(default_factory=_Pending)
    cursor: int = 1
    hint: Hint = Hint.TEXT
    level: int = 0
    ordered: bool = False
    list_depth: int = 0

    def flush(self) -> None:
        joined = _PART_GAP.sub(" ", "".join(self.pending.pieces)).replace(_PART, "")
        text = _CELL_GAP.sub(_CELL_SEPARATOR, _render(joined)).strip(" ")
        if text:
            links = tuple(
                SourceLink(_render(t.replace(_PART, "")).strip(" "), href)
                for t, href in self.pending.links
                if t.replace(_PART, "").strip()
            )
            self.lines.append(SourceLine(text, self.pending.line, self.hint, self.level, self.ordered, links))
            if self.hint is Hint.ITEM:  # the item's further lines continue it
                self.hint, self.level, self.ordered = Hint.TEXT, 0, False
        self.pending = _Pending()

    def blank(self) -> None:
        self.flush()
        if self.lines and self.lines[-1].hint is not Hint.BLANK:
            self.lines.append(SourceLine("", self.cursor, Hint.BLANK))

    def text(self, value: str) -> None:
        stripped = value.lstrip(" \t\n\r\f")
        if stripped and not "".join(self.pending.pieces).strip(_EMPTY):
            self.pending.line = self.cursor + value[: len(value) - len(stripped)].count("\n")
        self.pending.pieces.append(value)
        self.cursor += value.count("\n")

    def element(self, tag: Tag) -> None:
        if tag.sourceline is not None:
            self.cursor = tag.sourceline
        name = tag.name
        if name == "br":
            if "".join(self.pending.pieces).strip(_EMPTY):
                self.flush()
            else:
                self.blank()
            return
        if name in _HEADINGS:
            self.blank()
            saved = (self.hint, self.level, self.ordered)
            self.hint, self.level, self.ordered = Hint.HEADING, _HEADINGS[name], False
            self.children(tag)
            self.flush()
            self.hint, self.level, self.ordered = saved
            self.blank()
            return
        if name == "li":
            self.flush()
            parent = tag.find_parent(["ol", "ul"])
            self.hint, self.level = Hint.ITEM, max(self.list_depth, 1)
            self.ordered = parent is not None and parent.name == "ol"
            self.children(tag)
            self.flush()
            self.hint, self.level, self.ordered = Hint.TEXT, 0, False
            return
        if name in ("ul", "ol"):
            self.flush()
            self.list_depth += 1
            self.children(tag)
            self.list_depth -= 1
            self.flush()
            if self.list_depth == 0:
                self.blank()
            return
        if name in _CELLS:
            if "".join(self.pending.pieces).strip(_EMPTY):
                self.pending.pieces.append(_CELL_MARK)
            self.children(tag)
            return
        if name == "tr":
            self.flush()
            self.children(tag)
            self.blank()
            return
        if name == "a" and tag.has_attr("href"):
            target = _link_target(str(tag["href"]), self.base)
            before = len(self.pending.pieces)
            self.children(tag)
            if target is not None:
                self.pending.links.append(("".join(self.pending.pieces[before:]), target))
            return
        block = name in _PARAGRAPHS or name in _LINE_BREAKS
        if not block and self.hint is Hint.HEADING:
            self.pending.pieces.append(_PART)
            self.children(tag)
            self.pending.pieces.append(_PART)
            return
        if block and self.list_depth:
            self.flush()  # inside a list, a block breaks the item's line but starts no paragraph
        elif block:
            self.blank()
        self.children(tag)
        if name in _PARAGRAPHS and not self.list_depth:
            self.blank()
        elif block:
            self.flush()

    def children(self, tag: Tag) -> None:
        for child in tag.children:
            if isinstance(child, Tag):
                self.element(child)
            elif isinstance(child, NavigableString) and not isinstance(child, Comment):
                self.text(str(child))


def html_lines(body: Tag, base: str) -> tuple[SourceLine, ...]:
    """The lines of the policy's element, with blank lines only between paragraphs."""
    walker = _Walker(base)
    if body.name in ("body", "[document]"):
        walker.children(body)
    else:
        walker.element(body)
    walker.flush()
    lines = walker.lines
    while lines and lines[-1].hint is Hint.BLANK:
        lines.pop()
    return tuple(lines)


def _iter_text(lines: tuple[SourceLine, ...]) -> Iterator[str]:
    return (line.text for line in lines if line.hint is not Hint.BLANK)


def read_html(path: Path) -> SourceDocument:
    """A saved web page (``.html``/``.htm``): the policy in it, as lines with hints and links."""
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith(tuple(bom for bom, _ in BOMS[1:])):
        raise ImportSourceError(
            Problem(
                Location(path, 0),
                "is not a web page (it holds binary data)",
                "save the page from the browser as 'Web page, HTML only', or paste its text into a .txt file",
            )
        )
    text = without_template_tags(decode_page(data, path).replace("\r\n", "\n").replace("\r", "\n"))
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = _render(title_tag.get_text()).strip(" ") if isinstance(title_tag, Tag) else ""
    base = page_address(soup)
    body = soup.find("body")
    root: Tag = body if isinstance(body, Tag) else soup
    drop_furniture(root)
    lines = html_lines(policy_element(root), base)
    if not any(_iter_text(lines)):
        raise ImportSourceError(
            Problem(
                Location(path, 0),
                "holds no policy text (after its scripts, menus, header and footer are left out nothing is left)",
                "save the page after it has loaded (the browser's 'Save page as', complete), "
                "or paste the policy's text into a .txt file",
            )
        )
    return SourceDocument(path, lines, title=title, url=base)
