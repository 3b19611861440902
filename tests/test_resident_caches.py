"""A long-lived process (the preview) keeps the caches it read or wrote, while their files are unchanged.

Every rebuild of the preview checks the site in its parent process first. Each check
used to read the findings cache again and remake every finding from it: at 5,000
documents 0.7 s of a cached check's 0.8 s, before either language's build could start.
A cache is only a shortcut, so what is kept must be exactly what its file holds.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs import cache_files, check_cache
from policydocs.cache_files import CacheFile, write_cache
from policydocs.checker import check_as_json, check_site
from policydocs.loader import load_site

TODAY = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _forget() -> None:
    cache_files._RESIDENT.clear()


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    real = cache_files.read_cache

    def counting(path: Path, *args: object) -> dict:
        reads.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_files, "read_cache", counting)
    return reads


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "memory.pickle"
    first: CacheFile[str, int] = CacheFile.at(path)
    first.remember("a", 1)
    first.save()
    reads = _count_reads(monkeypatch)
    again: CacheFile[str, int] = CacheFile.at(path)
    assert again is first and again.entries == {"a": 1}
    assert reads == []


def test_a_file_written_by_another_process_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "memory.pickle"
    mine: CacheFile[str, int] = CacheFile.at(path)
    mine.remember("a", 1)
    mine.save()
    assert write_cache(path, {"b": 2})  # as another build would: a new file moved into place
    reads = _count_reads(monkeypatch)
    assert CacheFile.at(path).entries == {"b": 2}
    assert reads == [path]
    # Rewritten in place with the same size and its modification time set back: its change time moved.
    stat = path.stat()
    data = path.read_bytes()
    path.write_bytes(data)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    CacheFile.at(path)
    assert reads == [path, path]


def test_what_was_learnt_and_not_written_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "memory.pickle"
    first: CacheFile[str, int] = CacheFile.at(path)
    first.remember("a", 1)
    first.save()
    first.remember("b", 2)  # a run that stopped before saving
    assert CacheFile.at(path).entries == {"a": 1}


def test_a_cache_that_could_not_be_written_is_read_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "memory.pickle"
    first: CacheFile[str, int] = CacheFile.at(path)
    first.remember("a", 1)
    first.save()
    first.remember("b", 2)

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(cache_files.os, "replace", full_disk)
        first.save()  # only a slower next run
    assert CacheFile.at(path).entries == {"a": 1}


def test_a_check_again_in_the_same_process_remakes_no_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("translated", tmp_path)
    cache = tmp_path / "check"
    site = load_site(root)
    first = check_site(site, TODAY, cache_dir=cache)
    made: list[int] = []
    real = check_cache.unpack_findings

    def counting(*args: object) -> object:
        made.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(check_cache, "unpack_findings", counting)
    reads = _count_reads(monkeypatch)
    second = check_site(site, TODAY, cache_dir=cache)
    assert check_as_json(second, root) == check_as_json(first, root)
    assert made == [] and not [path for path in reads if path.parent == cache and path.name.startswith("check-")]
    # Another process's check that judged a text again replaces the file: this one reads it again.
    cache_files._RESIDENT.clear()
    third = check_site(site, TODAY, cache_dir=cache)
    assert check_as_json(third, root) == check_as_json(first, root)
    assert made  # made afresh from the file, not kept


def test_a_language_build_reads_the_site_through_the_parents_cache(
    tmp_path: Path, make_app, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """The preview loads the site for its check, then forks each language's build: they find it in memory.

    Each language used to keep a site cache of its own in its doctree directory, which no parent
    had read: 0.2 s of every preview rebuild's start at 5,000 documents, in both languages.
    """
    from conftest import TODAY as BUILD_DAY
    from policydocs.site_cache import SiteCache
    from sphinx.testing.util import SphinxTestApp

    # Files saved within the last second are not trusted to a cache; these were copied just now.
    monkeypatch.setattr(SiteCache, "racy_seconds", 0.0)
    root = copy_root("basic", tmp_path)
    build_dir = tmp_path / "build"
    load_site(root, cache_dir=build_dir / "check")  # the parent's check
    reads = _count_reads(monkeypatch)
    # Sphinx's test app keeps its doctrees in BUILDDIR/doctrees: here build/doctrees/doctrees, one
    # language's directory of policydocs' layout (BUILD_DIR/doctrees/<lang>, beside BUILD_DIR/check).
    app: SphinxTestApp = make_app(
        "dirhtml", srcdir=root, builddir=build_dir / "doctrees", confoverrides={"policydocs_today": BUILD_DAY}
    )
    app.build()
    assert [path for path in reads if path.name.startswith("site-")] == []
    assert not list((build_dir / "doctrees").rglob("site-*.pickle"))

