"""What search reads of a page: its text by section, taken from the page as the reader gets it.

The browser used to fetch and parse every candidate page whole to check a match and quote it
(about 12 ms a result at 5,000 documents). Now the build reads each indexed page once, from
the HTML it wrote, and keeps only what search needs (:func:`page_text`): each section's id,
heading and own text, with everything the browser's search ignores taken out (what the
extension writes around the text, header links, scripts, navigation). The same text gives the
page's terms, cut as the index cuts them (:func:`page_terms`), so the shards
(:mod:`.search_shards`) and the checks in the browser agree.

Everything here is text: no markup from a page survives, and the browser writes it as text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policydocs.segmentation import _CJK, segment

# The same elements the browser's search leaves out (static/policydocs-search.js, NOT_TEXT).
NOT_TEXT = ("policydocs-generated", "no-search", "headerlink")
NOT_TEXT_TAGS = ("script", "style", "nav")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACES = re.compile(r"\s+")
_JAPANESE = re.compile(f"[{_CJK}]")
# A term's count stops here: the ranking counts at most ten occurrences of a part (as it did in the browser).
MAX_COUNT = 10


@dataclass(frozen=True)
class Section:
    """One ``<section id>``: its id, its own heading (level 1-6, 0 for none) and its own text without it."""

    id: str
    level: int
    heading: str
    text: str


def _text(element: Any) -> str:
    """``textContent``, white space folded as the snippet folds it."""
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _ignored(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions hold no text a reader sees
    if element.tag in NOT_TEXT_TAGS:
        return True
    classes = (element.get("class") or "").split()
    return any(name in classes for name in NOT_TEXT)


def page_text(html: str) -> list[Section]:
    """The searchable text of a built page, section by section, in the page's order.

    Text of the page's main part outside any section (rare: furo puts the whole body in
    sections) becomes a section without id, so nothing the reader sees is lost to search.
    """
    import lxml.html  # only when a page changed: a rebuild that writes no page never imports lxml

    root = lxml.html.fromstring(html)
    main = next(iter(root.xpath('//*[@role="main"]')), None)
    if main is None:
        main = next(iter(root.xpath("//article")), None)
    if main is None:
        main = root.find("body") if root.find("body") is not None else root
    for element in [e for e in main.iter() if _ignored(e)]:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()  # keeps the tail: the text after the element is the page's
    sections: list[Section] = []
    outside = " ".join(_text(child) for child in main if child.tag != "section")
    if outside.strip() or not main.xpath(".//section[@id]"):
        sections.append(Section("", 0, "", outside.strip() if main.xpath(".//section[@id]") else _text(main)))
    for section in main.iter("section"):
        if not section.get("id"):
            continue
        heading = next((child for child in section if child.tag in HEADINGS), None)
        own = [child for child in section if child.tag != "section" and child is not heading]
        sections.append(
            Section(
                section.get("id"),
                int(heading.tag[1]) if heading is not None else 0,
                _text(heading) if heading is not None else "",
                " ".join(_text(child) for child in own).strip(),
            )
        )
    return sections


def searchable(sections: list[Section]) -> str:
    """The page's whole text as search reads it: each heading with its section's text."""
    return " ".join(f"{section.heading} {section.text}" for section in sections)


# Memoised by search language and word: pages repeat the same few thousand words, and a word's term is
# the same wherever it occurs, while Snowball stems each occurrence anew (half of the English search's work).
@functools.lru_cache(maxsize=200_000)
def _term(language: Any, word: str) -> str | None:
    """The term ``language`` indexes ``word`` under, as ``IndexBuilder.feed`` keeps it, or None."""
    stemmed = language.stem(word).lower()
    if not language.word_filter(stemmed) and language.word_filter(word):
        stemmed = word
    return stemmed if language.word_filter(stemmed) else None


def index_terms(indexer: Any, text: str) -> list[str]:
    """``text`` cut into the index's terms, exactly as Sphinx's ``IndexBuilder.feed`` keeps a word."""
    language = indexer.lang
    return [term for word in language.split(text) if (term := _term(language, word)) is not None]


def page_terms(indexer: Any, sections: list[Section]) -> dict[str, int]:
    """How often each term is on the page (at most :data:`MAX_COUNT`).

    A language that cuts text at spaces (English) keeps a run of Japanese (a text not translated
    yet) as one long word, which the browser could only find by looking inside every word of the
    index. Such a word is also cut as the Japanese index cuts text (:func:`segment`), so that a
    Japanese query finds it by its pairs of characters in any language.
    """
    terms = index_terms(indexer, searchable(sections))
    counts = Counter(terms)
    for term in terms:
        if len(term) > 2 and _JAPANESE.search(term):
            counts.update(segment(term))
    return {term: min(count, MAX_COUNT) for term, count in counts.items()}


def read_page(path: Path) -> list[Section]:
    return page_text(path.read_text(encoding="utf-8"))
