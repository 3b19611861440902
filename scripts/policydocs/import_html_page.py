"""A saved web page for ``policydocs import``: its characters, and the element that holds the policy.

A page as teams have it (saved from a browser, or a template from the site's repository saved
as ``.html``) holds far more than the policy: menus, breadcrumbs, header, footer, scripts,
template tags. This module finds the policy in it (:mod:`.import_html` reads that element's lines):

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
- **Address**: the absolute address the page states for itself (``<base href>``, else
  ``<link rel=canonical>``, else ``og:url``), against which relative links are made absolute.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, PageElement, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from policydocs.import_sources import ImportSourceError, first_decoding
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
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

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
JAPANESE = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")
ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_TITLE_SHARE = 0.9  # the policy's element holds at least this share of the page's Japanese text


def decode_page(data: bytes, path: Path) -> str:
    """The page's characters, in the encoding its BOM or its own declaration states, else the one that fits."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = ["utf-8", "cp932", "euc_jp"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = _ENCODING_NAMES.get(name, name)
        with contextlib.suppress(LookupError):  # a misspelt charset: read the page as if it stated none
            candidates.insert(0, codecs.lookup(name).name)
    text = first_decoding(data, candidates)
    if text is not None:
        return text
    raise ImportSourceError(
        Problem(
            Location(path, 0),
            "is neither UTF-8, Shift_JIS (cp932) nor EUC-JP, and states no encoding that reads it",
            "save the page again from the browser (as UTF-8), or paste the policy's text into a .txt file",
        )
    )


def without_template_tags(text: str) -> str:
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
    return len(JAPANESE.findall(node.get_text() if isinstance(node, Tag) else str(node)))


def drop_furniture(body: Tag) -> None:
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
        text = ASCII_SPACE.sub("", tag.get_text())
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
