"""Comparison pages are written again only when what they show changed (issue 18, point 1).

On the two-revision test project, built in process: a rebuild that changed
nothing leaves the written comparison and chooser pages alone, without even
making their contents; and a changed revision, a renamed organisation (the
sidebar and the title), a changed project template, a deleted output file, a
changed translation of a revision's summary or a later day of the build (a
revision's status) has them written again, as a clean build writes them.
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs.sphinxext import comparisons
from sphinx.testing.util import SphinxTestApp

PAGES = ("policies/acme/privacy/2025-04-01/changes/index.html", "policies/acme/privacy/compare/index.html")
TEMPLATE = '{% extends "!page.html" %}{% block footer %}{{ super() }}<p>MARK</p>{% endblock %}\n'


def _build(root: Path, build: str = "_build", language: str = "ja", today: str = "") -> dict[str, tuple[int, str]]:
    """Build ``root`` into ``build`` (kept between calls); each page's mtime and text."""
    gettext._translations.clear()  # type: ignore[attr-defined]  # each real build is a process of its own
    settings = {"templates_path": ["_t"], "language": language, "policydocs_today": today}
    app = SphinxTestApp("dirhtml", srcdir=root, builddir=root.parent / build, confoverrides=settings)
    try:
        app.build()
        assert app.warning.getvalue() == ""
        out = Path(app.outdir)
        return {page: ((out / page).stat().st_mtime_ns, (out / page).read_text(encoding="utf-8")) for page in PAGES}
    finally:
        app.cleanup()


def _project(tmp_path: Path) -> Path:
    root = copy_root("pdf", tmp_path)
    (root / "_t").mkdir()
    (root / "_t" / "page.html").write_text(TEMPLATE.replace("MARK", "first"), encoding="utf-8")
    return root


def _rewritten(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]) -> list[str]:
    return [page for page in PAGES if after[page][0] != before[page][0]]


def _as_clean_build(root: Path, after: dict[str, tuple[int, str]], language: str = "ja", today: str = "") -> None:
    shutil.rmtree(root.parent / "_clean", ignore_errors=True)
    clean = _build(root, "_clean", language, today)
    assert {page: text for page, (_time, text) in after.items()} == {page: text for page, (_t, text) in clean.items()}


def test_a_rebuild_that_changed_nothing_writes_no_comparison_page(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _build(root)
    assert _rewritten(first, _build(root)) == []


def test_a_renamed_organisation_writes_them_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _build(root)
    page = root / "policies/acme/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("株式会社アクメ", "株式会社アクメ改"), encoding="utf-8")
    after = _build(root)
    assert _rewritten(first, after) == list(PAGES)
    assert all("株式会社アクメ改" in text for _time, text in after.values())
    _as_clean_build(root, after)


def test_a_changed_template_or_a_missing_file_writes_them_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _build(root)
    (root / "_t" / "page.html").write_text(TEMPLATE.replace("MARK", "second"), encoding="utf-8")
    after = _build(root)
    assert _rewritten(first, after) == list(PAGES)
    assert all("<p>second</p>" in text for _time, text in after.values())
    _as_clean_build(root, after)
    (root.parent / "_build" / "dirhtml" / PAGES[0]).unlink()
    again = _build(root)
    assert _rewritten(after, again) == [PAGES[0]] and again[PAGES[0]][1] == after[PAGES[0]][1]


def test_a_rebuild_that_changed_nothing_makes_no_comparison(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    made: list[str] = []
    for name in ("comparison_page", "chooser"):
        original = getattr(comparisons, name)
        monkeypatch.setattr(comparisons, name, lambda *args, _o=original, _n=name: made.append(_n) or _o(*args))
    _build(root)
    assert sorted(made) == ["chooser", "comparison_page"]
    made.clear()
    _build(root)
    assert made == [], "the policy's comparison pages were made though nothing they show changed"


def test_a_changed_translation_of_a_summary_writes_them_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _build(root, "_build-en", "en")
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgid "利用目的に「統計の作成」を加えました。"')
    start = text.index('msgstr "', start) + len('msgstr "')
    old = text[start : text.index('"', start)]
    new = "Statistics were added to the purposes of use."
    catalog.write_text(text[:start] + new + text[start + len(old) :], encoding="utf-8")
    after = _build(root, "_build-en", "en")
    changes = PAGES[0]
    assert changes in _rewritten(first, after)
    assert new in after[changes][1]
    assert old not in after[changes][1]
    _as_clean_build(root, after, "en")


def test_a_later_day_changes_the_status_the_pages_show(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = _build(root, today="2025-03-15")
    assert "施行予定" in before[PAGES[1]][1]
    after = _build(root, today="2025-04-15")
    assert _rewritten(before, after) == list(PAGES)
    chooser = after[PAGES[1]][1]
    assert "施行予定" not in chooser and "2025年4月1日(施行中)" in chooser
    _as_clean_build(root, after, today="2025-04-15")


def test_feeds_are_written_only_when_they_change(tmp_path: Path) -> None:
    # Publishing copies every output file whose time moved: a feed written again unchanged was copied again.
    root = _project(tmp_path)
    feeds = [root.parent / "_build" / "dirhtml" / name for name in ("revisions.atom", "policies/acme/revisions.atom")]
    _build(root)
    first = [(feed.stat().st_mtime_ns, feed.read_text(encoding="utf-8")) for feed in feeds]
    _build(root)
    assert [(feed.stat().st_mtime_ns, feed.read_text(encoding="utf-8")) for feed in feeds] == first
    page = root / "policies/acme/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("株式会社アクメ", "株式会社アクメ改"), encoding="utf-8")
    _build(root)
    assert all("株式会社アクメ改" in feed.read_text(encoding="utf-8") for feed in feeds)
