"""Two pure functions are memoised for the rebuild (issue 18, point 2): a word's search term and a date's label.

Each is remembered under everything its result depends on (the search language and the word; the
date and the language), so a memo can only give what the function would compute: these tests check
that a remembered result equals the one computed afresh, that a different key computes its own, and
that the memo is used when the same key comes again.
"""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date as babel_format_date
from policydocs.dates import format_date
from policydocs.sphinxext.search_pages import _term, index_terms
from sphinx.search.en import SearchEnglish
from sphinx.search.ja import SearchJapanese

TEXT = "Personal information is handled by the handlers. 個人情報を取り扱います。 Running runs ran."


class _Indexer:
    def __init__(self, lang: object) -> None:
        self.lang = lang


def _reference(language: object, text: str) -> list[str]:
    """Sphinx's IndexBuilder.feed, word by word, with nothing remembered."""
    terms = []
    for word in language.split(text):  # type: ignore[attr-defined]
        stemmed = language.stem(word).lower()  # type: ignore[attr-defined]
        if not language.word_filter(stemmed) and language.word_filter(word):  # type: ignore[attr-defined]
            stemmed = word
        if language.word_filter(stemmed):  # type: ignore[attr-defined]
            terms.append(stemmed)
    return terms


@pytest.mark.parametrize("language", [SearchEnglish({}), SearchJapanese({})], ids=["en", "ja"])
def test_terms_remembered_are_those_computed(language: object) -> None:
    indexer = _Indexer(language)
    first = index_terms(indexer, TEXT)
    hits = _term.cache_info().hits
    again = index_terms(indexer, TEXT)
    assert first == again == _reference(language, TEXT)
    assert _term.cache_info().hits >= hits + len(language.split(TEXT))  # type: ignore[attr-defined]


def test_terms_are_remembered_per_language() -> None:
    # The same word in two search languages is cut by each language's own rules.
    english, japanese = _Indexer(SearchEnglish({})), _Indexer(SearchJapanese({}))
    assert index_terms(english, "handlers") == ["handler"]
    assert index_terms(japanese, "handlers") == _reference(japanese.lang, "handlers")


def test_date_labels_remembered_are_those_computed() -> None:
    day, other = dt.date(2014, 2, 17), dt.date(2014, 2, 18)
    assert format_date(day, "ja") == babel_format_date(day, "y年M月d日", locale="ja") == "2014年2月17日"
    hits = format_date.cache_info().hits
    assert format_date(day, "ja") == "2014年2月17日"
    assert format_date.cache_info().hits == hits + 1
    assert format_date(day, "en") == "17 February 2014"
    assert format_date(other, "ja") == "2014年2月18日"
