"""The checker runs once per build for every language, and is run again only when what it depends on changes.

``policydocs build`` checks the site in the parent process before forking the
language builds (:mod:`policydocs.shared_check`); each build reuses that result
when the texts, the build date and the rule files are the ones it was worked
out from, and checks again (on the shared findings cache) when any differs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs import shared_check
from policydocs.build import build_site
from policydocs.loader import load_site

TODAY = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _forget() -> None:
    shared_check._DONE.clear()


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = shared_check.check_site

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shared_check, "check_site", counting)
    return calls


def test_a_language_build_takes_the_parents_check_when_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root("translated", tmp_path)
    build_dir = tmp_path / "build"
    calls = _count_checks(monkeypatch)
    parent = shared_check.precheck(root, build_dir, TODAY)
    site = load_site(root)
    assert shared_check.site_check(root, site, TODAY, build_dir / "doctrees" / "en") is parent
    assert len(calls) == 1
    # Another day's law is another check.
    assert shared_check.site_check(root, site, TODAY.replace(year=2030), build_dir / "doctrees" / "en") is not parent
    assert len(calls) == 2


def test_an_edited_text_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("translated", tmp_path)
    build_dir = tmp_path / "build"
    parent = shared_check.precheck(root, build_dir, TODAY)
    calls = _count_checks(monkeypatch)
    policy = root / "policies" / "acme" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n追記の段落です。\n", encoding="utf-8")
    again = shared_check.site_check(root, load_site(root), TODAY, build_dir / "doctrees" / "en")
    assert calls == [1] and again is not parent


def test_a_changed_rule_file_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("translated", tmp_path)
    build_dir = tmp_path / "build"
    parent = shared_check.precheck(root, build_dir, TODAY)
    calls = _count_checks(monkeypatch)
    edited = (*shared_check.rules_state(), ("privacy-ja.toml", 1, 1))  # as if a rule file had been rewritten
    monkeypatch.setattr(shared_check, "rules_state", lambda: edited)
    again = shared_check.site_check(root, load_site(root), TODAY, build_dir / "doctrees" / "en")
    assert calls == [1] and again is not parent


def test_rules_state_follows_a_rewritten_rule_file(tmp_path: Path) -> None:
    (tmp_path / "privacy-ja.toml").write_text("kind = 'privacy'\n", encoding="utf-8")
    before = shared_check.rules_state(tmp_path)
    (tmp_path / "privacy-ja.toml").write_text("kind = 'privacy'\n# edited\n", encoding="utf-8")
    assert shared_check.rules_state(tmp_path) != before


def test_the_findings_cache_is_shared_by_the_languages(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    build_dir = tmp_path / "build"
    assert build_site(root, build_dir, today=TODAY.isoformat(), pdfs=False).ok
    assert list((build_dir / "check").glob("check-privacy-*.pickle"))
    for language in ("ja", "en"):  # no language kept findings of its own
        assert not list((build_dir / "doctrees" / language).glob("check-*.pickle"))


def test_a_build_not_forked_from_policydocs_checks_into_its_own_doctrees() -> None:
    assert shared_check.check_directory(Path("/b/doctrees/en")) == Path("/b/check")
    assert shared_check.check_directory(Path("/out/.doctrees")) == Path("/out/.doctrees")


def test_the_preview_checks_again_only_when_a_text_or_a_rule_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before each rebuild the preview's parent checks the site; unchanged texts keep the last findings."""
    from policydocs.checker import check_as_json
    from policydocs.site_cache import SiteCache

    monkeypatch.setattr(SiteCache, "racy_seconds", 0.0)
    root = copy_root("basic", tmp_path)
    build_dir = tmp_path / "build"
    checks = _count_checks(monkeypatch)
    first = shared_check.precheck(root, build_dir, TODAY)
    assert shared_check.precheck(root, build_dir, TODAY) is first and len(checks) == 1
    page = root / "policies" / "acme" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nアクメの紹介文を追記しました。\n", encoding="utf-8")
    assert shared_check.precheck(root, build_dir, TODAY) is first and len(checks) == 1  # no text changed
    policy = root / "policies" / "beta" / "privacy.md"
    added = "\n## 安全管理措置\n\n必要な措置を講じます。\n"
    policy.write_text(policy.read_text(encoding="utf-8") + added, encoding="utf-8")
    edited = shared_check.precheck(root, build_dir, TODAY)
    assert len(checks) == 2 and check_as_json(edited, root) != check_as_json(first, root)
    assert shared_check.precheck(root, build_dir, TODAY + dt.timedelta(days=1)) is not edited and len(checks) == 3
    rules = shared_check.rules_state()
    monkeypatch.setattr(shared_check, "rules_state", lambda: (*rules, ("edited-ja.toml", 1, 1)))
    shared_check.precheck(root, build_dir, TODAY + dt.timedelta(days=1))
    assert len(checks) == 4  # a rule file changed
