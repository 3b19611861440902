"""The site as a reader meets it, in headless Chromium: Japanese chrome, the compliance page at 1,280 px
and at a hundred organisations, history headers, the facts box on a phone, print, and the site
opened from disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

POLICY = "policies/sample/privacy/"  # two banners, a permanent link, a history of three revisions


def _soup(site_html: Path, language: str, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / language / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("language", "words", "absent"),
    [
        (
            "ja",
            ["本文へ移動", "ページの先頭へ", "次へ", "前へ", "このページの内容", "で作成"],
            ["Skip to content", "Back to top", "Next", "Previous", "On this page", "Made with"],
        ),
        ("en", ["Skip to content", "Back to top", "Next", "Previous", "On this page", "Made with"], ["本文へ移動"]),
    ],
)
def test_the_chrome_speaks_the_page_s_language(
    site_html: Path, language: str, words: list[str], absent: list[str]
) -> None:
    page = _soup(site_html, language, POLICY)
    text = page.body.get_text(" ")
    for word in words:
        assert word in text, word
    for word in absent:
        assert word not in text, word
    # No "View this page": it showed the current (upcoming) Markdown, front matter and all.
    assert page.select(".view-this-page") == [] and "_sources/" not in str(page)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("ja", {"サイトのナビゲーションを開閉する", "このページの目次を開閉する"}),
        ("en", {"Toggle site navigation sidebar", "Toggle table of contents sidebar"}),
    ],
)
def test_controls_are_announced_in_the_page_s_language(site_html: Path, language: str, labels: set[str]) -> None:
    """furo types its controls' aria-labels in English; a screen reader on a Japanese page reads Japanese."""
    page = _soup(site_html, language, POLICY)
    announced = {element["aria-label"] for element in page.select("[aria-label]")}
    assert labels <= announced, announced
    assert language == "en" or not any(label.startswith("Toggle") for label in announced), announced


def test_the_japanese_chrome_is_what_the_reader_sees(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/ja/{POLICY}")
    page.keyboard.press("Tab")  # the skip link shows itself to a keyboard reader
    assert page.locator("a.skip-to-content").inner_text().strip() == "本文へ移動"
    assert page.locator(".toc-title").inner_text().strip() == "このページの内容"
    footer = page.locator("footer").inner_text()
    assert "次へ" in footer or "前へ" in footer
    assert "Next" not in footer and "Previous" not in footer


def test_compliance_page_reads_at_1280_and_at_a_hundred_organisations(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/ja/compliance/")
    # Nothing wider than the window: the table scrolls inside its own box if it must.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # The privacy policies' table, the first kind's (the sample's other kinds have a table each below it).
    scroller = page.locator(".policydocs-compliance-scroll").first
    table = scroller.locator("table.policydocs-compliance")
    box = scroller.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    width = table.bounding_box()
    assert width is not None and width["width"] <= 1000  # it was 1,521 px with organisations as columns
    # A hundred organisations: the rows are the site's own, copied until there are a hundred.
    page.evaluate(
        """() => {
        const body = document.querySelector('table.policydocs-compliance tbody');
        const rows = [...body.rows];
        for (let i = rows.length; i < 100; i++) body.append(rows[i % rows.length].cloneNode(true));
    }"""
    )
    assert table.locator("tbody tr").count() == 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    height = scroller.bounding_box()["height"]
    assert height <= 900  # the box fits the window: the reader scrolls the rows, not the page
    header = table.locator("thead th").nth(5)
    top_before = header.bounding_box()["y"]
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight; e.scrollLeft = e.scrollWidth; }")
    page.wait_for_function("document.querySelector('.policydocs-compliance-scroll').scrollTop > 0")
    # The rule numbers stay on top and the organisation's name stays on the left.
    assert abs(header.bounding_box()["y"] - top_before) < 2
    last = table.locator("tbody tr").last
    name = last.locator("th").bounding_box()
    assert name is not None and abs(name["x"] - scroller.bounding_box()["x"]) < 3
    assert last.locator("th").is_visible()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_history_headers_are_words_not_columns_of_characters(browser, site_url: str, language: str, width: int) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{language}/{POLICY}")
        heights = page.evaluate(
            """() => [...document.querySelectorAll('table.policydocs-history-table th')].map(th => {
                const style = getComputedStyle(th);
                return [th.innerText, th.getBoundingClientRect().height, parseFloat(style.lineHeight) || 20,
                        parseFloat(style.paddingTop) + parseFloat(style.paddingBottom)];
            })"""
        )
        assert len(heights) == 6
        for text, height, line, padding in heights:
            assert height - padding <= line * 1.5, (text, height, line)  # one line
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_on_a_phone_the_text_starts_on_the_first_screen(browser, site_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{language}/{POLICY}")
        facts = page.locator("dl.policydocs-policy-facts").bounding_box()
        assert facts is not None and facts["height"] <= 667 * 0.35, facts
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # The policy's first paragraph of its own is on the first screen, after the title, banners and box.
        first = page.locator("article section > p:not(.policydocs-generated)").first
        assert first.bounding_box()["y"] < 667
    finally:
        context.close()


@pytest.mark.parametrize(("language", "label"), [("ja", "固定URL"), ("en", "Permanent URL")])
def test_print_has_no_sidebar_and_says_title_date_and_permanent_address(
    site_url: str, page, language: str, label: str
) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/{language}/{POLICY}")
    page.emulate_media(media="print")
    for chrome in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".back-to-top", ".related-pages"):
        assert not page.locator(chrome).is_visible(), chrome
    article = page.locator("article").bounding_box()
    assert article is not None and article["x"] < 40 and article["width"] > 1000  # the page's width, for the text
    assert page.locator("article h1").is_visible()
    address = page.locator(".policydocs-print-address")
    assert address.is_visible()
    assert address.inner_text() == f"{label}: {site_url}/{language}/{POLICY}2024-10-01/"
    facts = page.locator("dl.policydocs-policy-facts").inner_text()
    assert ("2024年10月1日" if language == "ja" else "1 October 2024") in facts
    page.emulate_media(media="screen")
    assert not address.is_visible()  # on paper only


def test_a_revision_page_prints_its_own_address(site_url: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/ja/{POLICY}2023-04-01/#sec-1")
    page.emulate_media(media="print")
    assert (
        page.locator(".policydocs-print-address").inner_text() == f"このページのURL: {site_url}/ja/{POLICY}2023-04-01/"
    )


def test_the_site_opens_from_disk(site_html: Path, page) -> None:  # type: ignore[no-untyped-def]
    root = site_html.resolve().as_uri()
    page.goto(f"{root}/index.html")
    page.wait_for_url(f"{root}/ja/index.html")
    assert page.locator("h1").first.inner_text().startswith("ポリシー集")
    # A link to a directory leads to its page, not to the browser's listing of its files.
    page.locator(".sidebar-tree a", has_text="架空サンプル株式会社").first.click()
    page.wait_for_url(f"{root}/ja/policies/sample/index.html")
    assert "架空サンプル株式会社" in page.title()
    page.locator("nav.policydocs-languages a[hreflang=en]").click()
    page.wait_for_url(f"{root}/en/policies/sample/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("article a", has_text="Privacy").first.click()
    page.wait_for_url(f"{root}/en/policies/sample/privacy/index.html")
    assert page.locator("dl.policydocs-policy-facts").is_visible()
    # The landing page also says how to serve the site, for search.
    landing = (site_html / "index.html").read_text(encoding="utf-8")
    assert "policydocs preview" in landing and 'href="ja/index.html"' in landing
