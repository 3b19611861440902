"""Search in a real browser: every query finds every page that contains it, in both languages, and only those.

Recall is measured on the real site; what a reader must be able to trust (every part of the query on
the page, a stable order, snippets of the text, counts in both languages) on ``tests/roots/test-search``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.search_queries import ENGLISH, JAPANESE
from bench.searchprobe import RESULTS_READY, expected_pages, page_texts, search
from conftest import TODAY, copy_root, served
from policydocs import segmentation
from policydocs.build import build_site
from policydocs.segmentation import segment


def _search(page, site_url: str, language: str, query: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return search(page, f"{site_url}/{language}", query)


def _policy_texts(site_html: Path, language: str) -> dict[str, str]:
    return page_texts(site_html / language, "policies/*/privacy/index.html")


@pytest.mark.parametrize(("language", "queries"), [("ja", JAPANESE), ("en", ENGLISH)])
def test_every_query_finds_every_page_that_contains_it(
    site_html: Path, site_url: str, page, report, language, queries
) -> None:  # type: ignore[no-untyped-def]
    assert len(queries) >= (30 if language == "ja" else 10)
    texts = _policy_texts(site_html, language)
    hits = expected_total = 0
    for query in queries:
        expected = expected_pages(texts, query)
        assert expected, f"{query!r} is not in any {language} policy: choose it from the text"
        results = [path for path, _anchor, _title in _search(page, site_url, language, query)]
        ranks = {doc: results.index(doc) + 1 for doc in expected if doc in results}
        hits += len(ranks)
        expected_total += len(expected)
        report(f"search {language} {query!r}: {len(ranks)}/{len(expected)} found, ranks {sorted(ranks.values())}")
        assert set(ranks) == set(expected), (query, results)
        if language == "ja":  # and only those: a Japanese query is matched as written (English is stemmed)
            assert {path for path in results if path in texts} == set(expected), (query, results)
    report(
        f"search {language}: recall {hits}/{expected_total} = {hits / expected_total:.0%} over {len(queries)} queries"
    )


def test_results_name_organisation_policy_and_section_and_link_to_it(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    results = _search(page, site_url, "ja", "ファイアーウォール")
    (path, anchor, title) = results[0]
    assert path == "policies/yamazakura/privacy"
    assert title.startswith("株式会社山櫻 — プライバシーポリシー")
    assert anchor  # the section that holds the match, not just the page
    assert page.locator("#search-results li").first.inner_text().count("›") + title.count(">") >= 1
    page.locator("#search-results li a").first.click()
    page.wait_for_load_state()
    section = page.locator(f"section[id='{urllib.parse.unquote(anchor[1:])}']")
    assert "ファイアーウォール" in section.inner_text()


def test_mixed_text_is_found_by_either_part(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    for query in ("匿名", "ID", "Cookie及び匿名ID"):
        paths = [path for path, _anchor, _title in _search(page, site_url, "ja", query)]
        assert "policies/yamazakura/privacy" in paths, query


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [("ja", "安全管理措置", "policies/digiro/privacy"), ("en", "cookies", "policies/openclose/privacy")],
)
def test_search_box_on_a_policy_page(site_url: str, page, language: str, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/{language}/policies/openclose/privacy/")
    box = page.locator("input[name=q]").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=.*"))
    page.wait_for_function(RESULTS_READY, timeout=20_000)
    paths = page.eval_on_selector_all("#search-results li a", "els => els.map(a => new URL(a.href).pathname)")
    assert f"/{language}/{expected}/" in paths


def test_the_browser_cuts_queries_as_the_index_was_cut(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/ja/search/")
    for text in ("第三者提供", "Cookie及び匿名ID", "ＳＳＬ暗号", "ｸｯｷｰ"):
        in_browser = page.evaluate("(q) => splitQuery(q)", text)
        assert set(in_browser) <= set(segment(text)), text  # every query term is an indexed term
        assert set(in_browser) == set(segment(text, unigrams=False)) or len(text) == 1


# --- A search a reader can trust (issue 15, point 4), on a small site that has every word of the queries:
# alpha says 「GPS位置情報」, bravo says "GPS" and 「位置情報」 apart, charlie 「位置情報」 alone; 存在, しない
# and 語句 are each on some page, "xyz" on none.

SEARCH_PAGES = ("alpha", "bravo", "charlie", "delta")
NO_MATCH = {
    "ja": "検索語をすべて含むページはありません。表記を確かめるか、語を減らして検索してください。",
    "en": "No page contains every word of the search. Check the spelling, or search for fewer words.",
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``test-search`` built in both languages and served on loopback."""
    root = copy_root("search", tmp_path_factory.mktemp("search-root"))
    built = build_site(root, tmp_path_factory.mktemp("search-build"), today=TODAY)
    assert built.ok and built.published is not None, "\n".join(b.output for b in built.languages)
    with served(built.published) as url:
        yield url


def _results(page, site: str, language: str, query: str) -> tuple[list[str], str, list[str]]:  # type: ignore[no-untyped-def]
    """(organisations of the policy pages found, in order; the status line; each result's snippet)."""
    paths = [path for path, _anchor, _title in search(page, f"{site}/{language}", query)]
    orgs = [path.split("/")[1] for path in paths if path.endswith("/privacy")]
    assert len(orgs) == len(paths), paths  # organisation pages hold no text of their own to match
    status = page.inner_text("#search-results .search-summary")
    snippets = page.eval_on_selector_all(
        "#search-results li", "els => els.map(e => e.querySelector('p')?.innerText ?? '')"
    )
    return orgs, status, snippets


def test_a_compound_matches_only_where_all_its_pieces_stand_together(search_site: str, page) -> None:  # type: ignore[no-untyped-def]
    assert _results(page, search_site, "ja", "GPS位置情報")[0] == ["alpha"]
    assert sorted(_results(page, search_site, "ja", "位置情報")[0]) == ["alpha", "bravo", "charlie"]
    # Words apart are asked for apart: every one of them, anywhere on the page.
    assert sorted(_results(page, search_site, "ja", "GPS 位置情報")[0]) == ["alpha", "bravo"]
    assert _results(page, search_site, "ja", "GPS 第三者")[0] == []


def test_a_word_no_page_has_finds_nothing_though_its_pieces_are_on_pages(search_site: str, page) -> None:  # type: ignore[no-untyped-def]
    texts = page_texts_of(search_site, page)
    for piece in ("存在", "しない", "語句"):
        assert any(piece in text for text in texts.values()), piece
    orgs, status, _snippets = _results(page, search_site, "ja", "存在しない語句xyz")
    assert orgs == []
    assert status == NO_MATCH["ja"]
    assert _results(page, search_site, "en", "xyzzy")[1] == NO_MATCH["en"]


def page_texts_of(site: str, page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    texts = {}
    for org in SEARCH_PAGES:
        page.goto(f"{site}/ja/policies/{org}/privacy/")
        texts[org] = page.inner_text("article")
    return texts


def test_the_same_query_lists_the_same_results_in_the_same_order(search_site: str, page) -> None:  # type: ignore[no-untyped-def]
    first = _results(page, search_site, "ja", "個人情報")
    assert sorted(first[0]) == sorted(SEARCH_PAGES)
    for _ in range(3):
        assert _results(page, search_site, "ja", "個人情報") == first
    # More occurrences first (alpha and delta say it twice), then by title: チャーリー sorts before 株式会社ブラボー.
    assert first[0] == ["alpha", "delta", "charlie", "bravo"]


def test_snippets_quote_the_matching_text_never_the_facts_box(search_site: str, page) -> None:  # type: ignore[no-untyped-def]
    for query in ("安全管理", "個人情報", "位置情報"):
        _orgs, _status, snippets = _results(page, search_site, "ja", query)
        assert snippets
        for snippet in snippets:
            assert query in snippet, (query, snippet)
            for chrome in ("状態", "固定リンク", "施行中", "組織"):
                assert chrome not in snippet, (query, snippet)
        marked = page.eval_on_selector_all("#search-results li p .highlighted", "els => els.map(e => e.innerText)")
        assert marked and set(marked) == {query}
    # Words only the facts box says are not the policy's: no page is found by them.
    assert _results(page, search_site, "ja", "固定リンク")[0] == []


@pytest.mark.parametrize(("language", "one", "three"), [("ja", "1 件", "3 件"), ("en", "1 result", "3 results")])
def test_the_hit_count_in_each_language(search_site: str, page, language: str, one: str, three: str) -> None:  # type: ignore[no-untyped-def]
    assert _results(page, search_site, language, "GPS位置情報")[1] == one
    orgs, status, _snippets = _results(page, search_site, language, "位置情報")
    assert status == three and len(orgs) == 3
    heading = page.inner_text("#search-results h2")
    assert heading == ("検索結果" if language == "ja" else "Search Results")


def test_a_snippet_shows_markup_in_the_text_as_text(search_site: str, page) -> None:  # type: ignore[no-untyped-def]
    orgs, _status, snippets = _results(page, search_site, "ja", "onerror")
    assert orgs == ["charlie"]
    assert "<img src=x onerror=alert(1)>" in snippets[0]
    assert page.locator("#search-results img").count() == 0


def test_the_browser_knows_japanese_as_the_index_does() -> None:
    script = (Path(segmentation.__file__).parent / "sphinxext/static/policydocs-search.js").read_text(encoding="utf-8")
    assert f"const CJK = /[{segmentation._CJK.encode('unicode_escape').decode()}]/;" in script


# What the index holds (the text and full titles, not the facts box) is tested on its shards, which the
# search page now fetches instead of searchindex.js: tests/test_search_shards.py.


def test_english_words_are_stemmed_as_sphinx_stems_them_and_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    from policydocs.sphinxext.search import SearchEnglishStemmedOnce
    from sphinx.search.en import SearchEnglish

    words = ["Personal", "information", "processed", "processing", "personal", "data", "Processes", "cookies"]
    assert [SearchEnglishStemmedOnce({}).stem(w) for w in words] == [SearchEnglish({}).stem(w) for w in words]
    remembering = SearchEnglishStemmedOnce({})
    asked: list[str] = []
    stem = SearchEnglish.stem
    monkeypatch.setattr(SearchEnglish, "stem", lambda self, word: asked.append(word) or stem(self, word))
    for _ in range(3):
        for word in words:
            remembering.stem(word)
    assert sorted(asked) == sorted(set(words))
