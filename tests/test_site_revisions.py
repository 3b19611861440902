"""Revisions on the repository's own site, built as of TODAY: pages, banners, history, comparisons, feeds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, TODAY
from policydocs.dates import build_date
from policydocs.loader import load_site
from policydocs.revisions import Status, timeline

SITE = load_site(REPO)
LINES = {policy.docname: timeline(policy, build_date(TODAY)) for policy in SITE.policies}
REVISIONS = [(policy, revision) for policy in SITE.policies for revision in policy.revisions]
BANNER = {Status.ARCHIVED: "archived", Status.UPCOMING: "upcoming"}


def _page(site_html: Path, language: str, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / language / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


def _rows(page: BeautifulSoup, selector: str) -> list[list[str]]:
    return [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in page.select(f"{selector} tbody tr")]


def test_every_seed_is_a_frozen_revision() -> None:
    seeds = [p for p in SITE.policies if p.source and p.source.startswith("seeds/")]
    assert len(seeds) == 5
    assert {p.revisions[0].key for p in seeds} == {"2014-02-17", "2020-09-25", "undated"}
    assert all(len(p.revisions) == 1 and p.revisions[0].sha256 for p in seeds)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("policy", "revision"), REVISIONS, ids=lambda x: getattr(x, "docname", ""))
def test_every_revision_has_its_page_with_the_right_banner(site_html: Path, language: str, policy, revision) -> None:  # type: ignore[no-untyped-def]
    page = _page(site_html, language, revision.docname)
    status = LINES[policy.docname].status(revision)
    kinds = {c.removeprefix("policydocs-banner-") for b in page.select(".policydocs-banner") for c in b["class"]}
    kinds -= {"policydocs-banner", "policydocs-generated", "fictional", "docutils", "container", "no-search"}
    assert kinds == ({BANNER[status]} if status in BANNER else set())
    assert page.select_one("section.policydocs-history table") is not None


def test_sample_is_named_fictional_on_every_page(site_html: Path) -> None:
    sample = SITE.organisation("sample")
    assert sample is not None and sample.fictional
    pages = [sample.docname.removesuffix("/index"), "policies/sample/privacy"]
    pages += [r.docname for r in sample.policies[0].revisions] + ["policies/sample/privacy/2027-04-01/changes"]
    for language in ("ja", "en"):
        for uri in pages:
            assert _page(site_html, language, uri).select(".policydocs-banner-fictional"), (language, uri)


def test_main_page_shows_the_revision_in_force_and_announces_the_upcoming_one(site_html: Path) -> None:
    ja = _page(site_html, "ja", "policies/sample/privacy")
    text = ja.select_one("article").get_text()
    assert "privacy-desk@sample.invalid" in text  # 2024-10-01, in force
    assert "外国にある第三者への提供" not in text.split("改訂履歴")[0]  # 2027-04-01 is only announced
    banner = ja.select_one(".policydocs-banner-upcoming").get_text()
    assert "改訂後のポリシーが2027年4月1日に施行されます。" in banner and "2026年11月2日に公表されました。" in banner
    links = {a.get_text(): a["href"] for a in ja.select(".policydocs-banner-upcoming a")}
    assert links == {"改訂後のポリシーを読む": "2027-04-01/", "変更点を見る": "2027-04-01/changes/"}


def test_history_table_lists_every_revision_newest_first(site_html: Path) -> None:
    ja = _rows(_page(site_html, "ja", "policies/sample/privacy"), "table.policydocs-history-table")
    assert [row[0] for row in ja] == ["2027年4月1日", "2024年10月1日", "2023年4月1日"]
    assert [row[1] for row in ja] == ["2026年11月2日", "2024年9月2日", "—"]
    assert [row[3] for row in ja] == ["施行予定", "施行中", "過去の版"]
    assert ja[1][2] == "Cookie の利用目的を追加し、お問い合わせ窓口のメールアドレスを変更しました。"
    assert [row[5] for row in ja] == ["前の版との比較 · PDF", "前の版との比較 · PDF", "—"]  # each redline's PDF too
    en = _rows(_page(site_html, "en", "policies/sample/privacy/2023-04-01"), "table.policydocs-history-table")
    assert [row[0] for row in en] == ["1 April 2027", "1 October 2024", "1 April 2023"]
    assert [row[3] for row in en] == ["Upcoming", "In force", "Archived"]
    assert "cookies" in en[1][2] and "の" not in en[1][2]  # the summary is translated too
    # Every link in the table leads to a page that exists.
    page = _page(site_html, "en", "policies/sample/privacy/2023-04-01")
    base = site_html / "en/policies/sample/privacy/2023-04-01"
    for link in page.select("table.policydocs-history-table a"):
        if link["href"].startswith("#"):
            continue  # the row of the page itself
        if link["href"].endswith(".pdf"):
            assert (base / link["href"]).resolve().is_file(), link["href"]
            continue
        assert (base / link["href"] / "index.html").resolve().is_file(), link["href"]


def test_comparison_is_a_redline_with_sections(site_html: Path) -> None:
    ja = _page(site_html, "ja", "policies/sample/privacy/2024-10-01/changes")
    inserted = [node.get_text() for node in ja.select(".policydocs-redline ins")]
    assert "-desk" in inserted and "Cookie を用いたウェブサイトの利用状況の分析のため" in inserted
    assert ja.select(".policydocs-redline del") == []
    changed = [a.get_text() for a in ja.select(".policydocs-changed-sections a")]
    assert changed == ["2. 利用目的", "5. お問い合わせ窓口"]

    upcoming = _page(site_html, "ja", "policies/sample/privacy/2027-04-01/changes")
    heading = upcoming.select_one(".policydocs-redline h3.policydocs-change-insert")
    assert heading is not None and heading.get_text() == "4. 外国にある第三者への提供"
    renumbered = [h.get_text("|") for h in upcoming.select(".policydocs-redline h3.policydocs-change-replace")]
    assert "4|5|. 安全管理措置" in renumbered  # character-level: only the number changed

    en = _page(site_html, "en", "policies/sample/privacy/2024-10-01/changes")
    words = [node.get_text() for node in en.select(".policydocs-redline ins")]
    assert any("Cookies" in w or "cookies" in w for w in words)
    assert all(not w or w[0].isalnum() or w[0] in " (-" for w in words)  # whole words, not letters
    assert en.select_one("h1").get_text().startswith("Changes to the privacy policy of Sample Corporation")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_feeds_are_valid_atom(site_html: Path, language: str) -> None:
    root = site_html / language
    site_feed = feedparser.parse((root / "revisions.atom").read_bytes())
    assert site_feed.bozo == 0 and site_feed.version == "atom10"
    assert len(site_feed.entries) == len(REVISIONS)
    sample = feedparser.parse((root / "policies/sample/revisions.atom").read_bytes())
    # The upcoming 2027-04-01 revision is dated by its announcement, not by its future date.
    privacy = [e.updated[:10] for e in sample.entries if "/sample/privacy/" in e.id]  # its other kinds aside
    assert sample.bozo == 0 and privacy == ["2026-11-02", "2024-10-01", "2023-04-01"]
    for entry in sample.entries:
        target = (root / entry.link / "index.html").resolve()  # relative to the language root, the xml:base
        assert target.is_file(), entry.link
    # Pages announce the feeds.
    head = _page(site_html, language, "policies/sample/privacy").find_all("link", type="application/atom+xml")
    assert {link["href"] for link in head} == {"../../../revisions.atom", "../revisions.atom"}


def _indexed_documents(searchindex: Path) -> set[str]:
    """The documents that any search term leads to."""
    index = json.loads(searchindex.read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")"))
    found: set[int] = set()
    for postings in [*index["terms"].values(), *index["titleterms"].values()]:
        found |= {postings} if isinstance(postings, int) else set(postings)
    return {index["docnames"][number] for number in found}


def test_archived_revisions_stay_out_of_search(site_html: Path) -> None:
    for language in ("ja", "en"):
        indexed = _indexed_documents(site_html / language / "searchindex.js")
        assert "policies/sample/privacy" in indexed
        assert indexed.isdisjoint(revision.docname for _policy, revision in REVISIONS)
