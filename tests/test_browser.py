"""The site as a reader sees it, in headless Chromium: the language switcher on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _pages(site_html: Path, language: str) -> list[str]:
    """Every page of one language, as its URL path below the language root."""
    root = site_html / language
    return sorted(str(p.parent.relative_to(root)).removeprefix(".") for p in root.rglob("index.html"))


_SWITCH = re.compile(r'<nav class="policydocs-languages".*?</nav>', re.S)
_LINK = re.compile(r'<a href="([^"]+)" hreflang="(\w+)"')


def _kind_of(path: str) -> str:
    """A page's kind, by the shape of its path: organisations, kinds of policy and dates stand for any,
    and the guides for one another."""
    parts = path.split("/")
    if parts[0] == "policies":
        parts = ["policies", *["X" for _ in parts[1:3]], *parts[3:]]
    elif parts[0] == "docs":
        parts = ["docs"]
    return re.sub(r"\d{4}-\d{2}-\d{2}|undated", "DATE", "/".join(parts))


def test_every_page_links_to_its_counterpart_in_the_other_language(site_html: Path) -> None:
    pages = {language: _pages(site_html, language) for language in ("ja", "en")}
    assert pages["ja"] == pages["en"] and len(pages["ja"]) >= 13
    for language, other in (("ja", "en"), ("en", "ja")):
        for path in pages[language]:
            here = site_html / language / path / "index.html"
            switcher = _SWITCH.search(here.read_text(encoding="utf-8"))
            assert switcher is not None, path
            links = dict((hreflang, href) for href, hreflang in _LINK.findall(switcher[0]))
            target = (here.parent / links[other]).resolve()
            assert target == (site_html / other / path).resolve(), (language, path)


def test_switcher_leads_from_every_kind_of_page_to_its_counterpart_and_back(
    site_html: Path, site_url: str, page, report
) -> None:  # type: ignore[no-untyped-def]
    # Every page's links are checked above from its HTML; a reader clicks through one page of each kind.
    kinds: dict[str, str] = {}
    for path in _pages(site_html, "ja"):
        kinds.setdefault(_kind_of(path), path)
    assert len(kinds) >= 8
    for path in kinds.values():
        suffix = f"{path}/" if path else ""
        page.goto(f"{site_url}/ja/{suffix}")
        assert page.locator("html").get_attribute("lang") == "ja"
        page.locator("nav.policydocs-languages a[hreflang=en]").click()
        page.wait_for_load_state()
        assert page.url == f"{site_url}/en/{suffix}", path
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("nav.policydocs-languages [aria-current=page]").inner_text() == "English"
        page.locator("nav.policydocs-languages a[hreflang=ja]").click()
        page.wait_for_load_state()
        assert page.url == f"{site_url}/ja/{suffix}", path
    report(f"language switcher: {len(kinds)} kinds of page, ja → en → ja, all reached their counterpart")


def test_switching_language_keeps_the_section(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/ja/policies/openclose/privacy/#sec-5-クッキーについて")
    page.locator("nav.policydocs-languages a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url.endswith(
        "/en/policies/openclose/privacy/#sec-5-%E3%82%AF%E3%83%83%E3%82%AD%E3%83%BC%E3%81%AB%E3%81%A4%E3%81%84%E3%81%A6"
    )
    heading = page.locator("section[id='sec-5-クッキーについて'] > h2")
    assert heading.inner_text().startswith("5. Cookies")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_site_root_takes_the_reader_to_japanese(site_url: str, page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/")
    # index.html named, not the directory: the same page then opens from disk (test_reading_layout).
    page.wait_for_url(f"{site_url}/ja/index.html")
    assert page.locator("h1").first.inner_text().startswith("ポリシー集")
    # From there, English is one click away.
    page.locator(
        f"nav.policydocs-languages a[hreflang={language}], nav.policydocs-languages [lang={language}]"
    ).first.click()
    page.wait_for_load_state()
    assert page.url in (f"{site_url}/{language}/", f"{site_url}/{language}/index.html")
    assert page.locator("html").get_attribute("lang") == language


def test_english_policy_page_says_what_it_translates(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/en/policies/digiro/privacy/")
    facts = page.locator("dl.policydocs-policy-facts")
    assert facts.is_visible()
    text = facts.inner_text()
    assert "an English translation of the Japanese text of 25 September 2020; the Japanese text governs" in text
    box = facts.bounding_box()
    assert box is not None and box["y"] < 400  # at the top, seen without scrolling
    assert page.locator(".policydocs-translation-notice").count() == 0  # fully translated


@pytest.mark.parametrize(("language", "other"), [("ja", "en"), ("en", "ja")])
def test_reader_walks_history_revision_comparison_and_back(site_url: str, page, language: str, other: str) -> None:  # type: ignore[no-untyped-def]
    base = f"{site_url}/{language}/policies/sample/privacy/"
    page.goto(base)
    assert page.locator(".policydocs-banner-upcoming").is_visible()

    history = page.locator("section.policydocs-history")
    history.scroll_into_view_if_needed()
    history.locator("tbody tr").last.locator("a").first.click()  # the oldest revision's text
    page.wait_for_url(f"{base}2023-04-01/")
    assert page.locator(".policydocs-banner-archived").is_visible()

    row = page.locator("section.policydocs-history tbody tr").nth(1)  # 2024-10-01, compared with 2023-04-01
    row.locator("td").last.locator("a").first.click()  # the comparison (the cell also links its PDF)
    page.wait_for_url(f"{base}2024-10-01/changes/")
    inserted = page.locator(".policydocs-redline ins").first
    assert inserted.is_visible()
    assert (
        page.locator(".policydocs-redline ins").first.evaluate("e => getComputedStyle(e).textDecorationLine")
        == "underline"
    )

    page.locator(f"nav.policydocs-languages a[hreflang={other}]").click()
    page.wait_for_url(f"{site_url}/{other}/policies/sample/privacy/2024-10-01/changes/")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator(".policydocs-redline ins").count() >= 2

    page.go_back()
    page.wait_for_url(f"{base}2024-10-01/changes/")
    page.locator(".policydocs-policy-facts a").last.click()  # the policy in force
    page.wait_for_url(base)
    assert page.locator(".policydocs-policy-facts").is_visible()
