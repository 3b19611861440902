"""The Sphinx extension on a tiny project: listings, dates, anchors, lists, notices, switcher."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root
from sphinx.testing.util import SphinxTestApp


def _html(app: SphinxTestApp, page: str) -> BeautifulSoup:
    path = Path(app.outdir) / page / "index.html" if page else Path(app.outdir) / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _index_rows(home: BeautifulSoup) -> list[list[str]]:
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in home.select("table.policydocs-index tbody tr")
    ]


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-ja")
def test_japanese_pages(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""

    home = _html(app, "")
    rows = _index_rows(home)
    assert rows == [
        ["株式会社アクメ", "株式会社", "プライバシーポリシー", "2014年2月17日"],
        ["ベータクラブ", "クラブ(任意団体)", "プライバシーポリシー", "日付の記載なし"],
    ]
    link = home.select_one("table.policydocs-index a[href]")
    assert link is not None and link["href"] == "policies/acme/"

    policy = _html(app, "policies/acme/privacy")
    assert len(policy.find_all("h1")) == 1
    facts = policy.select_one("dl.policydocs-policy-facts").get_text(" ", strip=True)
    assert "株式会社アクメ" in facts and "2014年2月17日" in facts and "施行中" in facts
    # Anchors come from the Japanese heading, and the headings link to themselves.
    section = policy.find("section", id="sec-1-利用目的")
    assert section is not None and section.h2 is not None
    assert section.h2.select_one("a.headerlink")["href"] == "#sec-1-利用目的"
    items = [li.get_text(strip=True) for li in policy.select("ol.circled > li")]
    assert items == ["サービスを提供するため", "お問い合わせに対応するため"]
    assert len(policy.select("ul > li")) >= 2
    # The source language carries no translation notice.
    assert policy.select(".policydocs-translation-notice") == []

    org = _html(app, "policies/acme")
    summary = org.select_one("dl.policydocs-organisation").get_text(" ", strip=True)
    assert "Acme Inc." in summary and "株式会社" in summary and "2014年2月17日" in summary


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-en", confoverrides={"language": "en"})
def test_english_pages(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""

    home = _html(app, "")
    rows = _index_rows(home)
    assert rows[0] == ["Acme Inc.", "Stock company (kabushiki kaisha)", "Privacy policy", "17 February 2014"]
    assert rows[1][0] == "Beta Club" and rows[1][3] == "Date not stated"
    assert home.select(".policydocs-translation-notice") == []  # fully translated

    # acme's policy: 8 passages, one of them fuzzy, so shown in Japanese and marked.
    policy = _html(app, "policies/acme/privacy")
    notice = policy.select_one(".policydocs-translation-notice")
    assert notice is not None
    assert "1 of 8 passages" in notice.get_text()
    marked = [node.get_text(strip=True) for node in policy.select(".policydocs-untranslated")]
    assert marked == ["お問い合わせに対応するため"]
    assert policy.select_one("h1").get_text(strip=True).startswith("Privacy Policy")
    # The anchor stays the Japanese one, so links and language switches keep their place.
    assert policy.find("section", id="sec-1-利用目的") is not None
    assert "17 February 2014" in policy.select_one("dl.policydocs-policy-facts").get_text()

    # beta's policy has no catalog at all: the notice says so, in English.
    beta = _html(app, "policies/beta/privacy")
    notice = beta.select_one(".policydocs-translation-notice")
    assert notice is not None
    assert "has not been translated yet" in notice.get_text()
    assert beta.select_one("h1").get("class") == ["policydocs-untranslated"] or beta.select(
        "section.policydocs-untranslated, h1.policydocs-untranslated, .policydocs-untranslated"
    )


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-switch", confoverrides={"language": "en"})
def test_language_switcher_links_to_the_counterpart(app: SphinxTestApp) -> None:
    app.build()
    for page, expected in [
        ("", "../ja/"),
        ("policies/acme", "../../../ja/policies/acme/"),
        ("policies/acme/privacy", "../../../../ja/policies/acme/privacy/"),
    ]:
        switcher = _html(app, page).select_one("nav.policydocs-languages")
        assert switcher is not None
        link = switcher.select_one("a[hreflang=ja]")
        assert link is not None and link["href"] == expected
        assert switcher.select_one("[aria-current=page]").get_text() == "English"


def test_front_matter_problem_is_a_located_warning(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    path = root / "policies/beta/privacy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("effective: unknown", "effective: soon"), encoding="utf-8")
    app = make_app("dirhtml", srcdir=root)
    app.build()
    warnings = app.warning.getvalue()
    assert "policies/beta/privacy.md:5: WARNING:" in warnings
    assert "[policy.front_matter]" in warnings
    assert "Traceback" not in warnings


def test_changed_extension_catalog_rereads_the_pages(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from policydocs.sphinxext import catalog

    root = copy_root("basic", tmp_path)
    shipped = catalog.PACKAGE_LOCALE_DIR / "ja" / "LC_MESSAGES" / "policydocs.po"
    locale_dir = tmp_path / "extension-locale"
    (locale_dir / "ja" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch.setattr(catalog, "PACKAGE_LOCALE_DIR", locale_dir)
    app = make_app("dirhtml", srcdir=root)
    app.build()
    assert "Date not stated" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")

    # A translator adds the Japanese label; the next build must use it on pages already read.
    shutil.copy(shipped, locale_dir / "ja" / "LC_MESSAGES" / "policydocs.po")
    app = make_app("dirhtml", srcdir=root)
    app.build()
    assert "日付の記載なし" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-strict", confoverrides={"suppress_warnings": []})
def test_missing_sections_are_located_warnings_of_their_own_type(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "policies/acme/privacy.md:" in warnings and "[policy.missing_section]" in warnings
    assert "operator_identity (must, APPI Art. 32(1)(i)) is missing from acme/privacy current" in warnings


@pytest.mark.parametrize(
    ("suppress", "expected"),
    [
        (["policy.missing_section"], {"[policy.void_clause]"}),
        (["policy.void_clause"], {"[policy.missing_section]"}),
        (["policy.*"], set()),
        ([], {"[policy.missing_section]", "[policy.void_clause]"}),
    ],
)
def test_findings_are_dropped_exactly_as_suppress_warnings_says(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, suppress: list[str], expected: set[str]
) -> None:
    # Suppressed findings are not even worded (messages.suppressed); what is shown must not change.
    root = copy_root("kinds", tmp_path)
    terms = root / "policies/acme/terms.md"
    # A clause the rules call void (Consumer Contract Act Art. 8): a defect, not a missing section.
    void = "当社は、本サービスの利用によりお客様に生じた損害について、一切の責任を負いません。"
    terms.write_text(terms.read_text(encoding="utf-8") + f"\n## 第3条 免責\n\n{void}\n", encoding="utf-8")
    app = make_app("dirhtml", srcdir=root, confoverrides={"suppress_warnings": suppress})
    app.build()
    shown = set(re.findall(r"\[policy\.(?:missing_section|void_clause)\]", app.warning.getvalue()))
    assert shown == expected


def test_a_label_naming_no_rule_fails_the_build(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    policy = root / "policies/beta/privacy.md"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("ベータは", "(security_measure)=\n## 安全\n\nベータは")
    )
    app = make_app("dirhtml", srcdir=root)
    app.build()
    warnings = app.warning.getvalue()
    assert (
        f"{policy}:10: WARNING: label 'security_measure' names no rule (did you mean 'security_measures'?)" in warnings
    )
    assert "[policy.unknown_rule]" in warnings, warnings


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-nav", confoverrides={"policydocs_navigation_limit": 1})
def test_navigation_shows_only_the_pages_organisation_on_large_sites(app: SphinxTestApp) -> None:
    app.build()
    nav = _html(app, "policies/acme/privacy").select_one(".sidebar-tree")
    organisations = [a.get_text() for a in nav.select("li.toctree-l1 > a")]
    assert organisations == ["株式会社アクメ"]  # beta is left out: cost per page stays flat
    current = nav.select_one("li.current-page > a")
    assert current is not None and current.get_text() == "プライバシーポリシー"
    revision = _html(app, "policies/acme/privacy/2014-02-17").select_one(".sidebar-tree")
    assert [a.get_text() for a in revision.select("li.toctree-l1.current > a")] == ["株式会社アクメ"]
    home = _html(app, "").select_one(".sidebar-tree")
    assert home.select("li.toctree-l1") == []  # the home page lists every organisation in its content


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="basic-nav-all")
def test_navigation_lists_every_organisation_on_small_sites(app: SphinxTestApp) -> None:
    app.build()
    nav = _html(app, "policies/acme/privacy").select_one(".sidebar-tree")
    assert [a.get_text() for a in nav.select("li.toctree-l1 > a")] == ["株式会社アクメ", "ベータクラブ"]


def test_a_guide_on_the_home_page_is_in_every_sidebar_without_loading_the_home_page_again(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from sphinx.environment import BuildEnvironment

    root = copy_root("basic", tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# このサイトについて\n\n案内です。\n", encoding="utf-8")
    home = root / "index.md"
    toctree = "\n```{toctree}\n:caption: 案内\n\ndocs/about\n```\n"
    home.write_text(home.read_text(encoding="utf-8") + toctree, encoding="utf-8")
    app = make_app("dirhtml", srcdir=root)
    app.build()
    assert "このサイトについて" in _html(app, "policies/acme/privacy").select_one(".sidebar-tree").get_text()
    # A later build that does not read the home page takes its toctrees from the environment, not
    # from the home page's doctree (a table of every organisation); it loads it once, to write it.
    loaded: list[str] = []
    real = BuildEnvironment.get_doctree
    monkeypatch.setattr(BuildEnvironment, "get_doctree", lambda env, name: (loaded.append(name), real(env, name))[1])
    policy = root / "policies" / "beta" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nベータは記録を保存します。\n", encoding="utf-8")
    again = make_app("dirhtml", srcdir=root)
    again.build()
    assert loaded.count("index") == 1
    assert "このサイトについて" in _html(again, "policies/beta/privacy").select_one(".sidebar-tree").get_text()
