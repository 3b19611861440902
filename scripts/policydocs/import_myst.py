"""Import, third stage: a policy's structure written as MyST Markdown with its front matter.

The text is escaped so that Markdown reads every character as text: a line starting with
``#``, ``-``, ``1.``, ``>``, ``%`` or ``(x)=`` would become markup, and ``*``, ``_``, `````,
``[``, ``<``, ``{``, ``\\`` anywhere could (emphasis, code, links, raw HTML, roles), which the site
refuses in policies (:mod:`policydocs.sphinxext.untrusted_markup`). Links are kept as
``[text](<address>)`` when their address is absolute (or made absolute from the page's own
address) and uses a scheme the site allows; any other is kept as its text and reported.
List markers the Markdown list cannot carry are given by the classes the site draws
(``{.parens}`` for (1), ``{.circled}`` for ①, ``{.katakana}`` for ア., ``{.paren-right}`` for 1)).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from policydocs.import_lines import LogicalLine
from policydocs.import_structure import Block, BlockKind, Structure
from policydocs.stated_dates import StatedDate, find_dates, latest_own

LIST_CLASSES = {"parens": "parens", "circled": "circled", "katakana": "katakana", "paren-right": "paren-right"}
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_ALWAYS = re.compile(r"([\\`*_\[\]<>{}|])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:(#{1,6}|[-+=>%~]|:{3}|\+{3})|(\d{1,9})([.)])|(\()(?=[^()]*\)=\s*$))")


@dataclass(frozen=True)
class LinkNote:
    """A link that could not be kept as a link, and why."""

    line: int
    text: str
    href: str
    why: str


@dataclass
class Written:
    """The MyST of one policy, and what writing it found."""

    text: str
    effective: dt.date | None
    stated: StatedDate | None
    links: list[LinkNote] = field(default_factory=list)
    kept_links: int = 0


def escape(text: str, heading: bool = False) -> str:
    """``text`` as Markdown that shows exactly ``text``."""
    text = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    if heading:
        # An ATX heading holds inline text only: no line-start markup can form, but '#' can close it.
        return text.replace("#", "\\#")
    match = _LINE_START.match(text)
    if match:
        if match.group(1):
            text = "\\" + text
        elif match.group(2):
            text = f"{match.group(2)}\\{text[len(match.group(2)) :]}"
        else:
            text = "\\" + text
    return text


def _target(href: str, base: str) -> tuple[str | None, str]:
    """The absolute address a link keeps, or None and why not."""
    href = href.strip()
    scheme = urlsplit(href).scheme.lower()
    if not scheme:
        if not base:
            return None, "a relative link and the source states no address of its own: write the full address"
        href = urljoin(base, href)
        scheme = urlsplit(href).scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None, f"a '{scheme}:' link, which the site does not allow"
    return quote(href, safe="!#$%&'()*+,-./:;=?@[]~_"), ""


class _Writer:
    def __init__(self, base: str) -> None:
        self.base = base
        self.notes: list[LinkNote] = []
        self.kept = 0

    def inline(self, line: LogicalLine, heading: bool = False) -> str:
        text, out, position = line.text, [], 0
        for link in line.links:
            at = text.find(link.text, position) if link.text else -1
            if at < 0:
                continue
            target, why = _target(link.href, self.base)
            if target is None:
                self.notes.append(LinkNote(line.line, link.text, link.href, why))
                continue
            out.append(escape(text[position:at], heading) if not out else _inner(text[position:at], heading))
            out.append(f"[{_inner(link.text, heading)}](<{target}>)")
            self.kept += 1
            position = at + len(link.text)
        rest = text[position:]
        out.append(escape(rest, heading) if not out else _inner(rest, heading))
        return "".join(out)

    def blocks(self, blocks: list[Block]) -> list[str]:
        parts: list[str] = []
        for block in blocks:
            parts.append(self.block(block))
        return parts

    def block(self, block: Block) -> str:
        if block.kind is BlockKind.HEADING:
            return "#" * block.level + " " + self.inline(block.lines[0], heading=True)
        if block.kind is BlockKind.PARAGRAPH:
            return self.inline(block.lines[0])
        if block.kind is BlockKind.LINES:
            # A hard line break (a backslash at the end) keeps an address's lines as lines in one block.
            return "\\\n".join(self.inline(line) for line in block.lines)
        return self.list_block(block)

    def list_block(self, block: Block) -> str:
        ordered = block.style not in ("bullet", "circle")
        number = _start(block) if ordered else 0
        loose = any(item.body for item in block.items)
        rendered: list[str] = []
        for item in block.items:
            marker = f"{number}. " if ordered else "- "
            number += 1
            head = marker + (self.inline(item.line) if item.line.text else "")
            body = "\n\n".join(self.blocks(item.body))
            if body:
                pad = " " * len(marker)
                body = "\n".join(pad + row if row else "" for row in body.split("\n"))
                head += "\n\n" + body
            rendered.append(head)
        text = ("\n\n" if loose else "\n").join(rendered)
        css = LIST_CLASSES.get(block.style)
        return f"{{.{css}}}\n{text}" if css else text


def _inner(text: str, heading: bool) -> str:
    # Inside a line (after a link) no line-start markup can form: only the inline characters are escaped.
    text = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    return text.replace("#", "\\#") if heading else text


def _start(block: Block) -> int:
    marker = block.items[0].line.marker.strip().strip("(（)）.．")
    if marker and marker[0] in _KATAKANA:
        return _KATAKANA.index(marker[0]) + 1
    if marker and "\u2460" <= marker[0] <= "\u2473":
        return ord(marker[0]) - 0x2460 + 1
    try:
        return max(1, int(marker.translate(str.maketrans("０１２３４５６７８９", "0123456789"))))
    except ValueError:
        return 1


def stated_date(lines: list[tuple[str, int]]) -> StatedDate | None:
    """The latest date the text states as its own (enacted, effective, revised, updated, a date line)."""
    found: list[StatedDate] = []
    for text, number in lines:
        found.extend(find_dates(text, number))
    return latest_own(found)


def yaml_text(value: str) -> str:
    plain = re.fullmatch(r"[^\s#:'\"{}\[\],&*!|>%@`-][^#]*", value) and ": " not in value and not value.endswith(":")
    return value if plain else json.dumps(value, ensure_ascii=False)


def front_matter(org: str, kind: str, effective: dt.date | None, stated: StatedDate | None, source: str) -> str:
    rows = ["---", "policy:", f"  organisation: {org}", f"  kind: {kind}"]
    rows.append(f"  effective: {effective.isoformat() if effective else 'unknown'}")
    if stated is not None:
        rows.append(f"  date_as_stated: {yaml_text(stated.text)}")
    if source:
        rows.append(f"  source: {yaml_text(source)}")
    return "\n".join([*rows, "---", ""])


def write_myst(
    structure: Structure,
    org: str,
    kind: str,
    *,
    effective: dt.date | None,
    stated: StatedDate | None,
    source: str,
    base: str = "",
) -> Written:
    """The policy file: front matter, the title as H1, then the blocks."""
    writer = _Writer(base)
    title = LogicalLine(structure.title, structure.title_line)
    parts = ["# " + writer.inline(title, heading=True), *writer.blocks(structure.blocks)]
    body = "\n\n".join(parts) + "\n"
    head = front_matter(org, kind, effective, stated, source)
    return Written(head + "\n" + body, effective, stated, writer.notes, writer.kept)
