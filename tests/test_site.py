"""The repository's own site, built as `make html` builds it: content, structure, languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import REPO, SEEDS
from fidelity import compare, load_repairs
from policydocs.loader import load_site

SITE = load_site(REPO)
POLICIES = [policy for org in SITE.organisations for policy in org.policies]
REPAIR_FILES = sorted((REPO / "tests" / "seed_repairs").glob("*.toml"))
# Translated in full by now; the other policies follow in a later issue.
TRANSLATED_DOCS = ["index", "docs/editing", "docs/translating"]
TRANSLATED_DOCS += [org.docname for org in SITE.organisations] + [p.docname for p in POLICIES]
TRANSLATED_DOCS += [r.docname for p in POLICIES for r in p.revisions]
SEED_ORGANISATIONS = [org for org in SITE.organisations if not org.fictional]


def _page(html_root: Path, language: str, docname: str) -> BeautifulSoup:
    uri = docname.removesuffix("index").rstrip("/")
    path = html_root / language / uri / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_seed_became_a_policy() -> None:
    assert len(REPAIR_FILES) == 5
    sources = {policy.source for policy in POLICIES}
    for repair_file in REPAIR_FILES:
        assert f"seeds/{tomllib.loads(repair_file.read_text())['seed']}" in sources


@pytest.mark.parametrize("repair_file", REPAIR_FILES, ids=lambda p: p.stem)
def test_policy_text_is_the_seed_word_for_word(site_html: Path, repair_file: Path, report) -> None:  # type: ignore[no-untyped-def]
    meta = tomllib.loads(repair_file.read_text(encoding="utf-8"))
    docname = meta["policy"].removesuffix(".md")
    html = (site_html / "ja" / docname / "index.html").read_text(encoding="utf-8")
    result = compare((SEEDS / meta["seed"]).read_text(encoding="utf-8"), html, load_repairs(repair_file))
    report(f"seed {meta['seed']}: similarity {result.similarity_raw:.4f} before repairs, {result.similarity:.4f} after")
    assert result.diff == [], "\n".join(result.diff)


@pytest.mark.parametrize(
    "policy", [p for p in POLICIES if p.source and p.source.startswith("seeds/")], ids=lambda p: p.organisation
)
def test_policy_has_real_headings_and_lists(site_html: Path, policy) -> None:  # type: ignore[no-untyped-def]
    page = _page(site_html, "ja", policy.docname)
    article = page.select_one("article[role=main]")
    assert len(article.find_all("h1")) == 1
    headings = article.find_all(["h2", "h3"])
    assert len(headings) >= 5
    for heading in headings:
        section = heading.find_parent("section")
        assert section["id"], heading
        assert heading.select_one("a.headerlink")["href"] == "#" + section["id"]
        assert not section["id"].startswith("id")  # readable, not docutils' id1, id2…
    assert article.select("ol > li, ul > li")
    # No list marker was left in the text of a list item: the list draws it. (An item may
    # still begin with a cross-reference such as 「①のサービス」, so only marker + space counts.)
    for item in article.select("li > p:first-child"):
        assert not re.match(r"\s*(?:[①-⑳]|\(\d+\)|[•●・-])\s", item.get_text()), item


@pytest.mark.parametrize(
    ("organisation", "style"),
    [
        ("digiro", "circled"),
        ("digiro", "parens"),
        ("digiro", "katakana"),
        ("soarer-owners-club", "circled"),
        ("yamazakura", "parens"),
        ("yamazakura", "paren-right"),
    ],
)
def test_numbered_markers_become_styled_ordered_lists(site_html: Path, organisation: str, style: str) -> None:
    page = _page(site_html, "ja", f"policies/{organisation}/privacy")
    assert page.select(f"article ol.{style} > li")


def test_home_lists_every_organisation_with_its_dates(site_html: Path) -> None:
    ja = _page(site_html, "ja", "index")
    en = _page(site_html, "en", "index")
    # An organisation's first row names it; its further documents (the sample's other kinds) follow unnamed.
    ja_rows = {row.td.get_text(strip=True): row.find_all("td")[3].get_text(strip=True) for row in ja.select("tbody tr")}
    en_rows = {row.td.get_text(strip=True): row.find_all("td")[3].get_text(strip=True) for row in en.select("tbody tr")}
    ja_rows.pop("", None)
    en_rows.pop("", None)
    assert ja_rows["有限会社オープンクローズ"] == "2014年2月17日"
    assert ja_rows["株式会社デジロウ"] == "2020年9月25日"
    assert ja_rows["株式会社山櫻"] == "日付の記載なし"
    assert en_rows["OpenClose Ltd."] == "17 February 2014"
    assert en_rows["Digiro Inc."] == "25 September 2020"
    assert en_rows["Yamazakura Co., Ltd."] == "Date not stated"
    assert len(ja_rows) == len(en_rows) == len(SITE.organisations) == len(SEED_ORGANISATIONS) + 1 == 6


@pytest.mark.parametrize("docname", TRANSLATED_DOCS)
def test_translated_pages_are_complete(site_html: Path, docname: str, report) -> None:  # type: ignore[no-untyped-def]
    catalog_path = REPO / "locale" / "en" / "LC_MESSAGES" / f"{docname}.po"
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    messages = [message for message in catalog if message.id]
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    report(f"en {docname}: {len(messages)} messages, {len(untranslated)} untranslated, {len(fuzzy)} fuzzy")
    # A revision's catalog holds only what no newer text says (often nothing): the page shows the rest.
    assert untranslated == [] and fuzzy == []
    page = _page(site_html, "en", docname)
    assert page.select(".policydocs-translation-notice") == []
    assert page.select(".policydocs-untranslated") == []


def test_english_openclose_policy_reads_as_english(site_html: Path) -> None:
    text = _page(site_html, "en", "policies/openclose/privacy").select_one("article").get_text(" ")
    for term in ("personal information", "third parties", "suspension of use", "cookie", "SSL"):
        assert term.lower() in text.lower(), term
    assert "17 February 2014" in text


def test_both_languages_have_the_same_pages(site_html: Path) -> None:
    def pages(language: str) -> set[str]:
        return {str(p.relative_to(site_html / language)) for p in (site_html / language).rglob("index.html")}

    assert pages("ja") == pages("en")
    assert "policies/openclose/privacy/index.html" in pages("ja")


def test_site_root_leads_to_japanese_and_offers_english(site_html: Path) -> None:
    root = BeautifulSoup((site_html / "index.html").read_text(encoding="utf-8"), "html.parser")
    # index.html named, so that the site also opens from disk (file://), where a directory is a listing.
    assert root.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=ja/index.html"
    assert root.find("a", hreflang="en")["href"] == "en/index.html"
    assert root.html["lang"] == "ja"


def test_revision_pages_reuse_their_policys_translation(site_html: Path) -> None:
    """A frozen revision's own catalog may be empty: unchanged paragraphs keep their English."""
    page = _page(site_html, "en", "policies/openclose/privacy/2014-02-17")
    assert page.select(".policydocs-translation-notice") == []
    assert page.select_one("h2").get_text().startswith("1. Information Management System")
