"""Search in a real browser: every query finds every page that contains it, in both languages."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from policydocs.search_queries import ENGLISH, JAPANESE
from policydocs.searchprobe import RESULTS_READY, expected_pages, page_texts, search
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
