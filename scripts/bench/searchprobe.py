"""Running searches the way a reader does, in a browser, for the tests and the benchmark.

Needs Playwright (a test dependency) only when a page object is passed in; the
helpers here never download a browser.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

# Sphinx's search has finished, and (on a policydocs site) the screen of results asked for is shown,
# every result pointed at its section.
RESULTS_READY = """() => {
  const heading = document.querySelector('#search-results h2');
  const annotating = document.querySelector('script[src*="policydocs-search"]');
  const results = document.getElementById('search-results');
  const items = [...document.querySelectorAll('#search-results li')];
  return heading && !/Searching|検索中/.test(heading.innerText)
    && (!annotating || (results.dataset.policydocsState !== 'loading'
                        && items.every((li) => li.dataset.policydocsSection
                                               && li.dataset.policydocsSection !== 'pending')));
}"""
# policydocs lists results a screen at a time; this button shows the next screen.
MORE = "#search-results .policydocs-search-more"


def squash(text: str) -> str:
    """Text as a query is compared with it: NFKC, lower case, no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def page_texts(html_root: Path, pattern: str) -> dict[str, str]:
    """The squashed main text of every page matching ``pattern``, by its path below ``html_root``."""
    texts = {}
    for path in sorted(html_root.glob(pattern)):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        for generated in article.select(".policydocs-generated, a.headerlink"):
            generated.decompose()
        texts[path.parent.relative_to(html_root).as_posix()] = squash(article.get_text(" "))
    return texts


def expected_pages(texts: dict[str, str], query: str) -> list[str]:
    return [page for page, text in texts.items() if squash(query) in text]


def search(
    page: Any,
    base_url: str,
    query: str,
    every_screen: bool = True,
    search_page: str = "search",
    timeout_ms: float = 20_000,
) -> list[tuple[str, str, str]]:
    """(path below base_url, anchor, title) of each result, in order, for ``query`` on the search page.

    Every result, pressing "more results" until there are no more, unless ``every_screen`` is false
    (then the first screen's).
    """
    page.goto(f"{base_url}/{search_page}/?q={urllib.parse.quote(query)}")
    page.wait_for_function(RESULTS_READY, timeout=timeout_ms)
    while every_screen and page.locator(MORE).count():
        page.locator(MORE).click()
        page.wait_for_function(RESULTS_READY, timeout=timeout_ms)
    found = page.eval_on_selector_all(
        "#search-results li a", "els => els.map(a => [new URL(a.href).pathname, new URL(a.href).hash, a.innerText])"
    )
    prefix = urllib.parse.urlparse(base_url).path.rstrip("/") + "/"
    return [(path.removeprefix(prefix).rstrip("/"), anchor, title) for path, anchor, title in found]
