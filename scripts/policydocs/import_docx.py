"""Reading a Word file (``.docx``) for ``policydocs import``: its paragraphs and tables as located lines.

What Word itself says about a paragraph is kept as a hint, nothing is guessed from wording:

- **Headings**: the paragraph's style, or a style it is based on, is ``Heading N`` / ``見出し N``
  (level N) or ``Title`` / ``表題`` (level 1); else the outline level the paragraph or its style
  sets (``w:outlineLvl``, 0 → level 1).
- **List items**: Word numbering (``w:numPr`` on the paragraph or its style): the depth is
  ``w:ilvl`` + 1, numbered unless that level's ``w:numFmt`` is ``bullet`` (or ``none``). The
  number Word draws is not in the text (``ordered`` says there is one).
- **Paragraphs** are followed by a blank line, except between items of one list; an empty
  paragraph is a blank line. A soft line break (Shift+Enter, ``w:br``) starts a new line of the
  same paragraph. A table row is one line, its cells joined by a full-width space, as the HTML
  reader does; a cell's further paragraphs are lines of their own.
- **Links**: a hyperlink's text and its target (the relationship's address); a link to a
  bookmark in the document is not kept as a link.
- ``title`` is the document's Title property (File → Info).

A line's number is its paragraph's: the 1-based count of every paragraph of the document's
body, those inside tables included, in document order (Word's "go to paragraph" counts the same
way; in LibreOffice, the status bar's word/paragraph count).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policydocs.import_sources import Hint, ImportSourceError, SourceDocument, SourceLine, SourceLink
from policydocs.model import Location, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_HEADING_STYLE = re.compile(r"^(?:heading|見出し)\s*([1-9])$", re.IGNORECASE)
# Word's own list styles number their depth in the name ("List Bullet 2"), their numbering does not.
_LIST_STYLE = re.compile(r"^(?:list(?: bullet| number)?|箇条書き|段落番号)\s*([2-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "表題", "タイトル"})
_CELL_SEPARATOR = "\u3000"
_NOT_TEXT = frozenset({f"{W}instrText", f"{W}delText", f"{W}del", f"{W}footnoteReference", f"{W}rPr", f"{W}pPr"})


def _open(path: Path) -> Any:
    import docx  # python-docx: imported here, as only Word sources need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        detail = (
            "an encrypted or older .doc file, or not a Word file" if zipfile.is_zipfile(path) is False else str(error)
        )
        raise ImportSourceError(
            Problem(
                Location(path, 0),
                f"is not a Word .docx file Word or LibreOffice saved ({detail})",
                "open it in Word or LibreOffice and save it as a Word document (.docx) without a password, "
                "or paste its text into a .txt file",
            )
        ) from None


def _style_chain(style: Any) -> list[Any]:
    chain = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


@dataclass
class _Numbering:
    """Which (numId, ilvl) of the document's numbering draw a number, and which a bullet."""

    formats: dict[tuple[str, int], str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, str]] = {}
        for element in root.findall(f"{W}abstractNum"):
            levels = {}
            for level in element.findall(f"{W}lvl"):
                fmt = level.find(f"{W}numFmt")
                levels[int(level.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal"
                )
            abstract[element.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = abstract.get(ref.get(f"{W}val", "") if ref is not None else "", {})
            for ilvl, fmt in levels.items():
                numbering.formats[(num.get(f"{W}numId", ""), ilvl)] = fmt
        return numbering

    def ordered(self, num_id: str, ilvl: int) -> bool:
        return self.formats.get((num_id, ilvl), "decimal") not in ("bullet", "none")


def _num_pr(p_pr: Any) -> tuple[str, int] | None:
    if p_pr is None:
        return None
    num_pr = p_pr.find(f"{W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{W}numId")
    ilvl = num_pr.find(f"{W}ilvl")
    value = num_id.get(f"{W}val", "0") if num_id is not None else "0"
    return (value, int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0) if value != "0" else None


def _outline(p_pr: Any) -> int | None:
    if p_pr is None:
        return None
    level = p_pr.find(f"{W}outlineLvl")
    if level is None:
        return None
    value = int(level.get(f"{W}val", "9"))
    return value + 1 if value < 9 else None


@dataclass
class _Reader:
    document: Any
    numbering: _Numbering
    lines: list[SourceLine] = field(default_factory=list)
    number: int = 0  # the paragraph being read

    def paragraph_kind(self, paragraph: Any) -> tuple[Hint, int, bool]:
        p_pr = paragraph.find(f"{W}pPr")
        chain = []
        style_id = None
        if p_pr is not None and p_pr.find(f"{W}pStyle") is not None:
            style_id = p_pr.find(f"{W}pStyle").get(f"{W}val")
        if style_id:
            try:
                chain = _style_chain(self.document.styles.get_by_id(style_id, 1))  # 1: WD_STYLE_TYPE.PARAGRAPH
            except (KeyError, ValueError):
                chain = []
        for style in chain:
            name = (style.name or "").strip()
            heading = _HEADING_STYLE.match(name)
            if heading:
                return Hint.HEADING, int(heading.group(1)), False
            if name.lower() in _TITLE_STYLES:
                return Hint.HEADING, 1, False
        outline = _outline(p_pr)
        for style in chain:
            outline = outline or _outline(style.element.find(f"{W}pPr"))
        if outline:
            return Hint.HEADING, outline, False
        numbered = _num_pr(p_pr)
        for style in chain:
            numbered = numbered or _num_pr(style.element.find(f"{W}pPr"))
        if numbered:
            num_id, ilvl = numbered
            named = [int(m.group(1)) for style in chain if (m := _LIST_STYLE.match((style.name or "").strip()))]
            return Hint.ITEM, max([ilvl + 1, *named]), self.numbering.ordered(num_id, ilvl)
        return Hint.TEXT, 0, False

    def runs(self, element: Any, base: list[list[Any]]) -> None:
        """The paragraph's text into ``base``: a list of lines, each [text pieces, links]."""
        for child in element:
            tag = child.tag
            if tag in _NOT_TEXT:
                continue
            if tag == f"{W}t":
                base[-1][0].append(child.text or "")
            elif tag == f"{W}tab":
                base[-1][0].append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                base.append([[], []])
            elif tag == f"{W}noBreakHyphen":
                base[-1][0].append("\u2011")
            elif tag == f"{W}hyperlink":
                start = len("".join(base[-1][0]))
                self.runs(child, base)
                target = self.document.part.rels.get(child.get(f"{R}id", "")) if child.get(f"{R}id") else None
                if target is not None and target.is_external:
                    base[-1][1].append((start, str(target.target_ref)))
            else:
                self.runs(child, base)

    def paragraph_lines(self, paragraph: Any) -> list[tuple[str, tuple[SourceLink, ...]]]:
        base: list[list[Any]] = [[[], []]]
        self.runs(paragraph, base)
        result = []
        for pieces, links in base:
            text = "".join(pieces)
            found = tuple(SourceLink(text[start:].strip(), href) for start, href in links)
            result.append((text, found))
        return result

    def blank(self) -> None:
        if self.lines and self.lines[-1].hint is not Hint.BLANK:
            self.lines.append(SourceLine("", self.number, Hint.BLANK))

    def paragraph(self, paragraph: Any) -> None:
        self.number += 1
        hint, level, ordered = self.paragraph_kind(paragraph)
        texts = self.paragraph_lines(paragraph)
        if not any(text.strip() for text, _ in texts):
            self.blank()
            return
        if hint is not Hint.ITEM:  # items of one list follow each other; anything else is a paragraph
            self.blank()
        first = True
        for text, links in texts:
            if not text.strip():
                continue
            if first:
                self.lines.append(SourceLine(text, self.number, hint, level, ordered, links))
            else:  # a soft break's further lines continue the paragraph (a heading's, as heading)
                kind = Hint.HEADING if hint is Hint.HEADING else Hint.TEXT
                self.lines.append(
                    SourceLine(text, self.number, kind, level if kind is Hint.HEADING else 0, False, links)
                )
            first = False
        if hint is not Hint.ITEM:
            self.blank()

    def table(self, table: Any) -> None:
        self.blank()
        for row in table.iter(f"{W}tr"):
            pending: list[str] = []
            pending_links: list[SourceLink] = []
            row_line = 0
            for cell in row.iter(f"{W}tc"):
                first_of_cell = True
                for paragraph in cell.iter(f"{W}p"):
                    self.number += 1
                    row_line = row_line or self.number
                    for text, links in self.paragraph_lines(paragraph):
                        if not text.strip():
                            continue
                        if first_of_cell:
                            pending.append((_CELL_SEPARATOR if pending else "") + text.strip())
                            pending_links.extend(links)
                            first_of_cell = False
                        else:
                            self._row_line("".join(pending), row_line, pending_links)
                            pending, pending_links, row_line = [text.strip()], list(links), self.number
            self._row_line("".join(pending), row_line, pending_links)
            self.blank()

    def _row_line(self, text: str, line: int, links: list[SourceLink]) -> None:
        if text.strip():
            self.lines.append(SourceLine(text, line, Hint.TEXT, links=tuple(links)))

    def body(self) -> None:
        for child in self.document.element.body.iterchildren():
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag == f"{W}sdt":  # a content control (a cover page, a table of contents) holds paragraphs
                for inner in child.iter(f"{W}p"):
                    self.paragraph(inner)


def read_docx(path: Path) -> SourceDocument:
    """A Word ``.docx``: its paragraphs and tables in order, with Word's headings, lists and links."""
    document = _open(path)
    reader = _Reader(document, _Numbering.of(document))
    reader.body()
    lines = reader.lines
    while lines and lines[-1].hint is Hint.BLANK:
        lines.pop()
    while lines and lines[0].hint is Hint.BLANK:
        lines.pop(0)
    title = (document.core_properties.title or "").strip()
    return SourceDocument(path, tuple(lines), title=title)
