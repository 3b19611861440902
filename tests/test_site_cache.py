"""The loader's memory: unchanged organisations come from the cache, any change is read afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_root
from policydocs.cli import main
from policydocs.loader import load_site
from policydocs.revisions import verify
from policydocs.site_cache import SiteCache


@pytest.fixture(autouse=True)
def _remember_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests' files were all written a moment ago; the racy window has its own test.
    monkeypatch.setattr(SiteCache, "racy_seconds", 0.0)


def _cached_site(tmp_path: Path) -> tuple[Path, Path]:
    root = copy_root("basic", tmp_path)
    cache = tmp_path / "cache"
    load_site(root, cache)
    return root, cache


def test_a_second_load_equals_a_fresh_one_and_comes_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    root, cache = _cached_site(tmp_path)
    assert len(list(cache.glob("site-*.pickle"))) == 1
    assert load_site(root, cache) == load_site(root)

    import policydocs.loader as loader

    def fail(*args: object) -> None:
        raise AssertionError("an unchanged organisation was parsed again")

    monkeypatch.setattr(loader, "load_organisation", fail)
    assert [org.slug for org in load_site(root, cache).organisations] == ["acme", "beta"]


def test_an_edited_file_is_read_afresh(tmp_path: Path) -> None:
    root, cache = _cached_site(tmp_path)
    page = root / "policies" / "acme" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Acme Inc.", "Acme Holdings"), encoding="utf-8")
    acme = load_site(root, cache).organisation("acme")
    assert acme is not None and acme.name_en == "Acme Holdings"


def test_a_revision_copied_in_by_hand_is_found_on_a_warm_load(tmp_path: Path) -> None:
    root, cache = _cached_site(tmp_path)
    policy = load_site(root, cache).policy("acme/privacy")
    assert policy is not None and policy.revisions
    copied = policy.archive_dir / "2030-01-01.md"
    shutil.copyfile(policy.revisions[-1].path, copied)
    policy = load_site(root, cache).policy("acme/privacy")
    assert policy is not None
    problems = [str(p) for p in verify(policy)]
    assert any("2030-01-01" in p and "not recorded" in p for p in problems), problems


def test_problems_found_on_the_first_load_are_reported_on_every_load(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    path = root / "policies" / "acme" / "privacy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: privacy", "kind: [privacy"), encoding="utf-8")
    cache = tmp_path / "cache"
    first = load_site(root, cache).problems
    assert first and load_site(root, cache).problems == first == load_site(root).problems


def test_a_removed_organisation_is_forgotten(tmp_path: Path) -> None:
    root, cache = _cached_site(tmp_path)
    shutil.rmtree(root / "policies" / "beta")
    assert [org.slug for org in load_site(root, cache).organisations] == ["acme"]


def test_an_unreadable_memory_is_ignored(tmp_path: Path) -> None:
    root, cache = _cached_site(tmp_path)
    (memory,) = cache.glob("site-*.pickle")
    memory.write_bytes(b"\x80\x05 torn")
    assert load_site(root, cache) == load_site(root)
    (rewritten,) = cache.glob("site-*.pickle")
    assert rewritten.read_bytes() != b"\x80\x05 torn"


def test_a_warm_check_prints_what_a_cold_one_does(tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "policies" / "digiro", site / "policies" / "digiro")
    shutil.copy(REPO / "conf.py", site / "conf.py")  # a site is a directory with a conf.py
    build = tmp_path / "build"
    runs = []
    for options in (["--no-cache"], [], []):
        code = main(["--source", str(site), "--build-dir", str(build), "check", "--all", *options])
        runs.append((code, *capsys.readouterr()))
    assert runs[0] == runs[1] == runs[2]
    assert "digiro/privacy: " in runs[0][1] and "\n  current: judged" in runs[0][1] and runs[0][0] == 1
    assert sorted(path.name.split("-")[0] for path in (build / "cache").iterdir()) == ["check", "site", "stated"]


def test_a_directory_written_a_moment_ago_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A second write within the file system's clock tick could leave size and times as they were.
    monkeypatch.setattr(SiteCache, "racy_seconds", 60.0)
    root, cache = _cached_site(tmp_path)
    assert not list(cache.glob("site-*.pickle")) or not SiteCache.open(cache).entries
    monkeypatch.setattr(SiteCache, "racy_seconds", 0.0)
    load_site(root, cache)
    assert len(SiteCache.open(cache).entries) == 2


def test_a_frozen_revision_changed_after_a_warm_load_is_caught(tmp_path: Path) -> None:
    # The memory brings each text's SHA-256 with it; a changed byte (same size) must not hide behind it.
    root, cache = _cached_site(tmp_path)
    policy = load_site(root, cache).policy("acme/privacy")
    assert policy is not None and verify(policy) == []
    frozen = policy.revisions[-1].path
    data = frozen.read_bytes()
    frozen.write_bytes(data.replace("。".encode(), "、".encode(), 1))
    assert len(frozen.read_bytes()) == len(data)
    policy = load_site(root, cache).policy("acme/privacy")
    assert policy is not None
    assert any("was changed" in problem.message for problem in verify(policy))
