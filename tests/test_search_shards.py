"""The sharded search index (issue 18, point 4): written by the build, fetched a shard at a time.

On ``tests/roots/test-search`` built in both languages: the shards hold what Sphinx's index holds
(the same pages, the text and full titles, never the facts box); a query fetches the list of pages,
the shards of its own words and the text of the results it shows, never ``searchindex.js`` nor a
whole page; results come a screen at a time in the order of a single listing; a site opened from
disk still finds pages through ``searchindex.js``. What the reader sees of the results (same pages,
order, snippets, counts) is tested in ``test_search.py``, which now runs on the shards.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.searchprobe import MORE, RESULTS_READY, search
from conftest import TODAY, copy_root, served
from policydocs.build import build_site
from policydocs.segmentation import segment
from policydocs.sphinxext.search_shards import SEARCH_DIR, shard_of


@pytest.fixture(scope="module")
def shard_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("search", tmp_path_factory.mktemp("shards-root"))
    built = build_site(root, tmp_path_factory.mktemp("shards-build"), today=TODAY)
    assert built.ok and built.published is not None, "\n".join(b.output for b in built.languages)
    return built.published


@pytest.fixture(scope="module")
def shard_url(shard_site: Path) -> Iterator[str]:
    with served(shard_site) as url:
        yield url


def _sphinx_index(html: Path) -> dict:
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _shards(html: Path) -> tuple[dict, dict[str, list[int]], dict[str, list[int]]]:
    meta = json.loads((html / SEARCH_DIR / "meta.json").read_text(encoding="utf-8"))
    text: dict[str, list[int]] = {}
    title: dict[str, list[int]] = {}
    for number in range(meta["shards"]):
        shard = json.loads((html / SEARCH_DIR / "t" / f"{number}.json").read_text(encoding="utf-8"))
        for term, postings in shard["t"].items():
            assert shard_of(term, meta["shards"]) == number, term
            pages, page = [], 0
            for value in postings:
                page += value >> 4
                pages.append(page)
            text[term] = pages
        for term, gaps in shard["h"].items():
            pages, page = [], 0
            for gap in gaps:
                page += gap
                pages.append(page)
            title[term] = pages
    return meta, text, title


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_shards_index_the_pages_sphinx_indexes_by_their_text_and_titles(shard_site: Path, language: str) -> None:
    html = shard_site / language
    meta, text, title = _shards(html)
    sphinx = _sphinx_index(html)
    # Sphinx's pages, less those it lists with no words (nosearch: revisions not in force).
    assert set(meta["pages"]) <= set(sphinx["docnames"])
    worded = {
        sphinx["docnames"][f]
        for table in ("terms", "titleterms")
        for files in sphinx[table].values()
        for f in (files if isinstance(files, list) else [files])
    }
    assert worded <= set(meta["pages"])
    for page in meta["pages"]:
        fragment = json.loads((html / SEARCH_DIR / "p" / f"{page}.json").read_text(encoding="utf-8"))
        assert fragment["title"] == sphinx["titles"][sphinx["docnames"].index(page)]
    # Pages are numbered in the order equal scores fall back to: title, then name.
    titles = [sphinx["titles"][sphinx["docnames"].index(page)] for page in meta["pages"]]
    numbered = list(zip(titles, meta["pages"], strict=True))
    assert numbered == sorted(numbered)
    # Every word Sphinx found in a page's text is in the shards for that page (Sphinx cuts at each
    # element, the shards the text as the reader reads it, so they may hold more, never less).
    for term, files in sphinx["terms"].items():
        files = files if isinstance(files, list) else [files]
        pages = {sphinx["docnames"][f] for f in files}
        found = {meta["pages"][p] for p in text.get(term, []) + title.get(term, [])}
        assert pages <= found, term
    if language == "ja":
        privacy = meta["pages"].index("policies/alpha/privacy")
        assert privacy in text["位置"]
        assert "固定" not in text and "施行" not in text  # 固定リンク, 施行中: only the facts box says them
        assert privacy in title["アル"]  # 株式会社アルファ — プライバシーポリシー


def test_a_page_fragment_holds_text_never_markup(shard_site: Path) -> None:
    fragment = json.loads((shard_site / "ja" / SEARCH_DIR / "p/policies/charlie/privacy.json").read_text("utf-8"))
    text = " ".join(section[3] for section in fragment["sections"])
    assert "<img src=x onerror=alert(1)>" in text  # the policy's words, as text: the browser writes them as text
    for chrome in ("固定リンク", "施行中"):
        assert chrome not in text


def _fetched(page, shard_url: str, language: str, query: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """(paths fetched below the language's root while the query ran, paths of the results)."""
    urls: list[str] = []
    page.goto(f"{shard_url}/{language}/")
    page.on("request", lambda request: urls.append(urllib.parse.unquote(urllib.parse.urlparse(request.url).path)))
    results = search(page, f"{shard_url}/{language}", query, every_screen=False)
    prefix = f"/{language}/"
    return [url.removeprefix(prefix) for url in urls if url.startswith(prefix)], [path for path, _a, _t in results]


def test_a_query_fetches_only_its_shards_and_the_text_of_its_results(shard_site: Path, shard_url: str, page) -> None:  # type: ignore[no-untyped-def]
    meta = json.loads((shard_site / "ja" / SEARCH_DIR / "meta.json").read_text(encoding="utf-8"))
    fetched, results = _fetched(page, shard_url, "ja", "位置情報")
    data = [url for url in fetched if url.startswith(SEARCH_DIR) or url.endswith("searchindex.js")]
    shards = {f"{SEARCH_DIR}/t/{shard_of(term, meta['shards'])}.json" for term in segment("位置情報", unigrams=False)}
    texts = {f"{SEARCH_DIR}/p/{path}.json" for path in results}
    assert sorted(data) == sorted({f"{SEARCH_DIR}/meta.json"} | shards | texts)
    assert not [url for url in fetched if url.startswith("policies/")]  # no page is fetched to list it


def test_results_come_a_screen_at_a_time_in_the_order_of_one_listing(shard_url: str, page) -> None:  # type: ignore[no-untyped-def]
    whole = search(page, f"{shard_url}/ja", "個人情報")
    assert len(whole) == 4
    page.add_init_script("window.POLICYDOCS_SEARCH_SCREEN = 2;")
    first = search(page, f"{shard_url}/ja", "個人情報", every_screen=False)
    assert first == whole[:2]
    assert page.inner_text("#search-results .search-summary") == "4 件"  # the count is the whole search's
    assert page.locator(MORE).inner_text() == "さらに表示"
    fetched_before = page.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)")
    assert sum("/_search/p/" in url for url in fetched_before) == 2  # the text of the results shown only
    page.locator(MORE).click()
    page.wait_for_function(RESULTS_READY)
    shown = page.eval_on_selector_all("#search-results li a", "els => els.map(a => new URL(a.href).pathname)")
    assert [urllib.parse.unquote(path) for path in shown] == [f"/ja/{path}/" for path, _a, _t in whole]
    assert page.locator(MORE).count() == 0
    assert page.evaluate("() => document.activeElement.innerText") == whole[2][2]  # the reader goes on from there


def test_a_compound_whose_pieces_are_apart_is_checked_away_and_the_count_follows(shard_url: str, page) -> None:  # type: ignore[no-untyped-def]
    # bravo says 「GPS」 and 「位置情報」 apart: the index finds it, its text does not say 「GPS位置情報」.
    page.add_init_script("window.POLICYDOCS_SEARCH_SCREEN = 1;")
    assert [path for path, _a, _t in search(page, f"{shard_url}/ja", "GPS位置情報")] == ["policies/alpha/privacy"]
    assert page.inner_text("#search-results .search-summary") == "1 件"


def test_the_search_page_loads_no_whole_index(shard_site: Path) -> None:
    for language in ("ja", "en"):
        search_page = (shard_site / language / "search" / "index.html").read_text(encoding="utf-8")
        assert "searchindex.js" not in search_page
        assert "searchtools.js" in search_page
        assert (shard_site / language / "searchindex.js").exists()  # for a site opened from disk


def test_a_site_opened_from_disk_still_finds_pages(shard_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    url = (shard_site / "ja" / "search" / "index.html").resolve().as_uri() + "?q=" + urllib.parse.quote("位置情報")
    page.goto(url)
    page.wait_for_function(RESULTS_READY, timeout=20_000)
    found = page.eval_on_selector_all("#search-results li a", "els => els.map(a => a.href)")
    assert sorted(re.search(r"policies/(\w+)/privacy", href).group(1) for href in found) == [
        "alpha",
        "bravo",
        "charlie",
    ]


def test_a_rebuild_reads_again_only_the_pages_that_changed(tmp_path: Path) -> None:
    root = copy_root("search", tmp_path / "root")
    build = tmp_path / "build"
    assert build_site(root, build, today=TODAY).ok

    def stamps() -> dict[str, int]:
        """When each file of the index was last written, in Sphinx's output (the published site links it)."""
        written = build / "work" / "ja" / SEARCH_DIR
        return {path.relative_to(written).as_posix(): path.stat().st_mtime_ns for path in written.rglob("*.json")}

    before = stamps()
    assert build_site(root, build, today=TODAY).ok
    assert stamps() == before  # nothing changed: no file of the index is written again
    policy = root / "policies" / "alpha" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("GPS位置情報", "GPS位置情報と気圧"), encoding="utf-8")
    assert build_site(root, build, today=TODAY).ok
    after = stamps()
    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert {name for name in rewritten if name.startswith("p/")} == {"p/policies/alpha/privacy.json"}
    meta, text, _title = _shards(build / "html" / "ja")
    assert [meta["pages"][page] for page in text["気圧"]] == ["policies/alpha/privacy"]
