"""What a PDF is printed from: the built page's article, without what only a screen needs.

The PDF holds what the page holds for the text: the print header (organisation, policy,
effective date, permanent URL, SHA-256), the title, the text (or the redline) and the notices
that belong to it (a fictional organisation, untranslated passages). It leaves out what
depends on the day of the build or only serves navigation (status banners, the facts box, the
history table, the comparison chooser, the PDF link itself), so that a frozen revision's PDF
stays the same from one build to the next and is printed once (see :mod:`policydocs.pdf_render`).

Links are made absolute under a placeholder origin, so that documents from several pages can
share one print job; :mod:`policydocs.pdf_files` turns them into the site's addresses.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from pathlib import Path

ORIGIN = "http://policydocs.invalid"  # a reserved name (RFC 2606): never a real address
START = f"{ORIGIN}/.pdf-start/"  # the link that marks where each document of a print job begins
STYLESHEET = Path(__file__).with_name("pdf_print.css")
SITE_STYLESHEET = Path(__file__).parent / "sphinxext" / "static" / "policydocs.css"
_MARKER_RULES = re.compile(r"@counter-style[^{]*\{[^}]*\}|^article ol\.[^{]*\{[^}]*\}", re.MULTILINE)

# On the page for the screen or for the day it was built, not part of the printed text (XPath over classes).
_LEFT_OUT = " | ".join(
    (
        "//script",
        "//noscript",
        "//form",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' headerlink ')]",
        "//dl[contains(@class, 'policydocs-policy-facts') and not(contains(@class, 'policydocs-compare-sides'))]",
        "//*[contains(@class, 'policydocs-banner') and not(contains(@class, 'policydocs-banner-fictional'))]",
        *(
            f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
            for name in (
                "policydocs-date-notice",
                "policydocs-as-of",
                "policydocs-history",
                "policydocs-compare-link",
                "policydocs-feed-link",
                "policydocs-pdf-link",
                "policydocs-compare",
                "policydocs-compare-back",
            )
        ),
    )
)
# JIS X 4051 (行頭禁則): closing brackets and punctuation never begin a line. Chromium keeps to it,
# but still breaks at a space typed before one (「お知らせします 。」, seen in a real policy), so such
# a space is made a no-break space: the text stays the same and the mark stays on its line.
_SPACE_BEFORE_CLOSING = re.compile(r"[ \t\n]+(?=[、。，．」』）］｝〕〉》】〙〗〟’”｠・：；？！])")
_ARTICLE = re.compile(r'<article role="main"[^>]*>(?P<body>.*)</article>', re.DOTALL)


class PageNotPrintable(ValueError):
    """The built page has no article to print (a theme or template change)."""


def printed_part(page_html: str, page_url: str) -> str:
    """The part of a built page that goes into its PDF, with every link absolute under ``page_url``."""
    found = _ARTICLE.search(page_html)
    if found is None:
        raise PageNotPrintable("the page has no <article role=main>")
    # lxml (python-docx's dependency already): a page is parsed in about a millisecond. Imported here:
    # a rebuild that reads no page again does not pay for it.
    from lxml.html import fragment_fromstring, tostring

    root = fragment_fromstring(found.group("body"), create_parent="div")
    for element in root.xpath(_LEFT_OUT):
        if element.getparent() is not None:
            element.drop_tree()
    for header in root.xpath("//*[contains(@class, 'policydocs-print-header')]"):
        # Written last on the page, out of the way; on paper it comes first, under the title.
        header.getparent().remove(header)
        header.tail = None
        title = next(iter(root.iter("h1")), None)
        if title is None:
            root.insert(0, header)
        else:
            title.addnext(header)
    for element in root.iter():
        if element.text and element.tag not in ("pre", "code"):  # code stays as typed
            element.text = _SPACE_BEFORE_CLOSING.sub("\u00a0", element.text)
        if element.tail:
            element.tail = _SPACE_BEFORE_CLOSING.sub("\u00a0", element.tail)
    root.make_links_absolute(page_url, resolve_base_href=False)
    for element in root.xpath("//*[@id]"):  # ids are per page; several pages share a print job
        del element.attrib["id"]
    return tostring(root, encoding="unicode")


def stylesheet() -> str:
    """The print stylesheet, after the site's own list markers (①, (1), ア. are drawn by CSS, not written)."""
    site = SITE_STYLESHEET.read_text(encoding="utf-8")
    markers = "\n".join(match.group(0) for match in _MARKER_RULES.finditer(site))
    return markers + "\n" + STYLESHEET.read_text(encoding="utf-8")


def content_key(part: str, title: str, language: str, engine: str) -> str:
    """What a PDF is made of: when none of it changes, the PDF made before is the PDF."""
    digest = hashlib.sha256()
    for piece in (part, title, language, engine, stylesheet()):
        digest.update(piece.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def print_job(parts: list[str], language: str, title: str) -> str:
    """One HTML document holding several pages' parts, each starting on a new sheet behind a marker link."""
    documents = "".join(
        f'<article class="policydocs-pdf-document"><a class="policydocs-pdf-start" href="{START}{index}"></a>'
        f"{part}</article>"
        for index, part in enumerate(parts)
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{stylesheet()}</style></head><body>{documents}</body></html>"
    )
