"""An incremental build publishes exactly what a clean build of the same sources publishes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS, TODAY, copy_root
from policydocs.build import build_site
from policydocs.loader import load_site
from policydocs.revisions import snapshot


def _rename_organisation(root: Path) -> None:
    page = root / "policies" / "acme" / "index.md"
    text = page.read_text(encoding="utf-8").replace("株式会社アクメ", "株式会社アクメ改")
    page.write_text(text.replace("Acme Inc.", "Acme Renamed Inc."), encoding="utf-8")


def _mark_fictional(root: Path) -> None:
    page = root / "policies" / "beta" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("organisation:\n", "organisation:\n  fictional: true\n", 1), encoding="utf-8")


def _write_about_organisation(root: Path) -> None:
    page = root / "policies" / "acme" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nアクメの紹介文を追記しました。\n", encoding="utf-8")


def _write_in_policy(root: Path) -> None:
    # A draft, not yet frozen as a revision (so built without -W, as the preview builds it).
    page = root / "policies" / "beta" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nベータは記録を一年間保存します。\n", encoding="utf-8")


def _add_draft_policy(root: Path) -> None:
    # A second policy of beta, not yet frozen: the listings name it.
    terms = (ROOTS / "test-kinds" / "policies" / "acme" / "terms.md").read_text(encoding="utf-8")
    terms = terms.replace("organisation: acme", "organisation: beta")
    (root / "policies" / "beta" / "terms.md").write_text(terms, encoding="utf-8")


def _add_revision(root: Path) -> None:
    # A new revision in force: the listings (the site index, acme's page) show its date.
    page = root / "policies" / "acme" / "privacy.md"
    text = page.read_text(encoding="utf-8").replace("effective: 2014-02-17", "effective: 2020-04-01")
    page.write_text(text + "\n当社は第三者提供の記録を保存します。\n", encoding="utf-8")
    policy = load_site(root).policy("acme/privacy")
    assert policy is not None
    assert snapshot(policy, dt.date(2020, 4, 1)).created


def _add_guide(root: Path) -> None:
    # A guide in the home page's table of contents: every page's sidebar lists it.
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# このサイトについて\n\n案内です。\n", encoding="utf-8")
    home = root / "index.md"
    toctree = "\n```{toctree}\n:caption: 案内\n\ndocs/about\n```\n"
    home.write_text(home.read_text(encoding="utf-8") + toctree, encoding="utf-8")


def _pages(html: Path) -> dict[str, bytes]:
    """Every page, and the search index in both its forms (Sphinx's, and the shards readers fetch)."""
    files = [*html.rglob("*.html"), *html.rglob("searchindex.js"), *html.glob("*/_search/**/*.json")]
    return {p.relative_to(html).as_posix(): p.read_bytes() for p in sorted(files)}


@pytest.mark.parametrize(
    ("edit", "strict"),
    [
        (_rename_organisation, True),
        (_mark_fictional, True),
        (_write_about_organisation, True),
        (_write_in_policy, False),
        (_add_draft_policy, False),
        (_add_revision, True),
        (_add_guide, False),
    ],
    ids=["rename", "fictional", "text", "policy-draft", "new-policy", "revision", "guide"],
)
def test_an_incremental_build_equals_a_clean_build(tmp_path: Path, edit: Callable[[Path], None], strict: bool) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    edit(root)
    incremental = build_site(root, today=TODAY, strict=strict)
    clean = build_site(root, tmp_path / "clean", today=TODAY, strict=strict)
    assert incremental.published is not None and clean.published is not None
    built, expected = _pages(incremental.published), _pages(clean.published)
    assert built.keys() == expected.keys()
    stale = [page for page in expected if built[page] != expected[page]]
    assert stale == [], f"{len(stale)} pages differ from a clean build, e.g. {stale[:3]}"
    assert len(built) > 10


@pytest.mark.parametrize(
    "fault",
    ["<b>太字</b>の段落。\n", "```{include} ../../conf.py\n```\n", "[備考]: 詳細は別途定めます\n"],
    ids=["raw-html", "include", "lost-text"],
)
def test_a_build_refused_for_a_page_is_refused_again_when_nothing_changed(tmp_path: Path, fault: str) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    page = root / "policies" / "beta" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + fault, encoding="utf-8")
    for attempt in (1, 2):
        result = build_site(root, today=TODAY)
        output = "\n".join(build.output for build in result.languages)
        assert not result.ok and result.published is None, f"attempt {attempt} passed"
        assert "policies/beta/index.md:" in output, output
