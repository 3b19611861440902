"""Reading a saved web page for ``policydocs import``: the policy found in the page, as located lines.

A page as teams have it (saved from a browser, or a template from the site's repository saved
as ``.html``) holds far more than the policy: menus, breadcrumbs, header, footer, scripts,
template tags. This module finds the policy in it and reads it as a browser shows it:

- **Decoding**: a byte-order mark, else the charset the page states (``<meta charset>``,
  ``http-equiv``, a JSP ``pageEncoding``), else UTF-8, Shift_JIS (cp932) or EUC-JP, whichever
  decodes.
- **Dropped**: template tags (``<?php ?>``, ``<% %>``, ``{{ }}``, ``{% %}``, ``{# #}``,
  ``{!! !!}``: replaced by as many line breaks, so every later line keeps its number),
  comments, ``<head>``, scripts, styles, ``<nav>``/``<header>``/``<footer>``/``<aside>``, form
  controls, hidden elements, and elements whose class or id names furniture (breadcrumbs,
  menus, sidebars, a page-top link) unless they hold most of the page's text.
- **The policy's element**: the smallest element holding 90% of the remaining Japanese text
  and the policy's title (a heading or line such as プライバシーポリシー or 個人情報保護方針),
  when the page has one; text outside it (a sidebar's address, a drawer menu) is not the policy.
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
  against the address the page states for itself (``<base href>``, else
  ``<link rel=canonical>``, else ``og:url``); without one, a relative link stays as it is.
  Any other scheme (``javascript:``…) and in-page anchors are not links of the policy; their
  text is kept.

A line's number is the line of the HTML file where its first character stands.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from policydocs.import_sources import Hint, ImportSourceError, SourceDocument, SourceLine, SourceLink
from policydocs.model import Location, Problem

# Template tags a page saved from a site's repository still holds; never text a reader sees.
_TEMPLATE_TAGS = re.compile(
    r"<\?(?:php|=)?.*?(?:\?>|\Z)|<%.*?(?:%>|\Z)|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{!!.*?!!\}",
    re.DOTALL | re.IGNORECASE,
)
_CHARSET = re.compile(rb"""(?:charset|pageEncoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ENCODING_NAMES = {  # what pages say → the codec that reads what they mean (browsers read Shift_JIS as cp932)
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Elements that are never the policy's text.
_DROPPED = frozenset(
    {
        *("head", "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside"),
        *("form", "button", "select", "option", "input", "textarea", "label", "iframe", "object", "embed"),
        *("canvas", "audio", "video", "map", "dialog"),
    }
)
# Class or id words that name page furniture (パンくず is "pan" on many Japanese sites).
_FURNITURE = re.compile(
    r"(?:^|[-_ ])(?:breadcrumbs?|bread|pan|pankuzu|topicpath|topic-path|g?nav|gnavi|navi|navigation|menu|"
    r"global-?menu|drawer|sidebar|side|sns|share|social|pagetop|page-top|totop|to-top|gotop|skip)(?:$|[-_ ])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE = re.compile(
    r"^(?:プライバシー・?ポリシー|個人情報(?:保護)?(?:基本)?(?:方針|規程|ポリシー)|個人情報(?:の)?(?:取扱い|取り扱い|取扱)"
    r"(?:について|に関する(?:方針|基本方針))?|個人情報保護(?:について|に関する(?:方針|基本方針))|"
    r"個人情報(?:の)?保護(?:方針|宣言))"
)
_JAPANESE = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
_WIDE = _JAPANESE
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
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
_TITLE_SHARE = 0.9  # the policy's element holds at least this share of the page's Japanese text


def decode_page(data: bytes, path: Path) -> str:
    """The page's characters, in the encoding its BOM or its own declaration states, else the one that fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = ["utf-8", "cp932", "euc_jp"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _ENCODING_NAMES.get(name, name)
        with contextlib.suppress(LookupError):  # a misspelt charset: read the page as if it stated none
            candidates.insert(0, codecs.lookup(name).name)
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportSourceError(
        Problem(
            Location(path, 0),
            "is neither UTF-8, Shift_JIS (cp932) nor EUC-JP, and states no encoding that reads it",
            "save the page again from the browser (as UTF-8), or paste the policy's text into a .txt file",
        )
    )


def _without_template_tags(text: str) -> str:
    # Each tag becomes the line breaks it spanned, so every line after it keeps its number.
    return _TEMPLATE_TAGS.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def _attribute_words(tag: Tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join([*classes, str(tag.get("id") or ""), str(tag.get("role") or "")])


def _hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if tag.name == "input" or str(tag.get("type", "")).lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))


def _japanese(node: PageElement) -> int:
    return len(_JAPANESE.findall(node.get_text() if isinstance(node, Tag) else str(node)))


def _drop_furniture(body: Tag) -> None:
    for node in list(body.descendants):
        if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
            node.extract()
    for tag in body.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in _DROPPED or _hidden(tag):
            tag.decompose()
    total = _japanese(body)
    for tag in body.find_all(True):
        if tag.decomposed:
            continue
        # A furniture name on the element that holds the policy itself (<dl id="menu"> of an
        # accordion) is a styling hook, not furniture: the element stays when it holds most text.
        if _FURNITURE.search(_attribute_words(tag)) and _japanese(tag) * 2 <= total:
            tag.decompose()


def _title_element(root: Tag) -> Tag | None:
    for tag in root.find_all(["h1", "h2", "h3", "h4", "p", "div", "span", "dt", "strong", "b"]):
        text = _ASCII_SPACE.sub("", tag.get_text())
        if len(text) <= 30 and _TITLE.match(text):
            return tag
    return None


def policy_element(body: Tag) -> Tag:
    """The smallest element holding the policy's title (if any) and 90% of the page's Japanese text."""
    total = _japanese(body)
    if total == 0:
        return body
    title = _title_element(body)
    best = body
    for tag in body.find_all(True):
        if _japanese(tag) < total * _TITLE_SHARE:
            continue
        if title is not None and title is not tag and tag not in title.parents:
            continue
        best = tag  # find_all walks down the tree: each match is inside the previous one
    return best


def page_address(soup: BeautifulSoup) -> str:
    """The absolute address the page states for itself (<base>, canonical link, og:url), or ""."""
    candidates = []
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        candidates.append(str(base["href"]))
    for link in soup.find_all("link", href=True):
        if "canonical" in [str(word).lower() for word in (link.get("rel") or [])]:
            candidates.append(str(link["href"]))
    for meta in soup.find_all("meta", content=True):
        if str(meta.get("property", "")).lower() == "og:url":
            candidates.append(str(meta["content"]))
    for address in candidates:
        address = address.strip()
        if urlsplit(address).scheme in ("http", "https") and urlsplit(address).netloc:
            return address
    return ""


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

    return _ASCII_SPACE.sub(collapse, raw)


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
        text = _CELL_GAP.sub(_CELL_SEPARATOR, _render("".join(self.pending.pieces))).strip(" ")
        if text:
            links = tuple(SourceLink(_render(t).strip(" "), href) for t, href in self.pending.links if t.strip())
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
        if stripped and not "".join(self.pending.pieces).strip(" \t\n\r\f"):
            self.pending.line = self.cursor + value[: len(value) - len(stripped)].count("\n")
        self.pending.pieces.append(value)
        self.cursor += value.count("\n")

    def element(self, tag: Tag) -> None:
        if tag.sourceline is not None:
            self.cursor = tag.sourceline
        name = tag.name
        if name == "br":
            if "".join(self.pending.pieces).strip(" \t\n\r\f"):
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
            if "".join(self.pending.pieces).strip(" \t\n\r\f"):
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
    if b"\x00" in data and not data.startswith(tuple(bom for bom, _ in _BOMS[1:])):
        raise ImportSourceError(
            Problem(
                Location(path, 0),
                "is not a web page (it holds binary data)",
                "save the page from the browser as 'Web page, HTML only', or paste its text into a .txt file",
            )
        )
    text = _without_template_tags(decode_page(data, path).replace("\r\n", "\n").replace("\r", "\n"))
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = _render(title_tag.get_text()).strip(" ") if isinstance(title_tag, Tag) else ""
    base = page_address(soup)
    body = soup.find("body")
    root: Tag = body if isinstance(body, Tag) else soup
    _drop_furniture(root)
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
