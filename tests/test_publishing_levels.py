"""Publishing touches what changed: the spare site is levelled with the build, not made anew.

:mod:`policydocs.publishing` keeps two sites and publishes the spare after
bringing it level with the language builds; these tests count what it writes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import TODAY, copy_root
from policydocs import publishing
from policydocs.build import build_site
from policydocs.project import Project


def _count_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    written: list[str] = []
    copy, link = shutil.copy2, os.link

    def copying(source: str, target: str) -> object:
        written.append(target)
        return copy(source, target)

    def linking(source: str, target: str) -> None:
        written.append(target)
        link(source, target)

    monkeypatch.setattr(publishing.shutil, "copy2", copying)
    monkeypatch.setattr(publishing.os, "link", linking)
    return written


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_publish_with_nothing_changed_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("basic", tmp_path)
    build_dir = root / "_build"
    assert build_site(root, today=TODAY).ok
    project = Project.at(root)
    publishing.publish(project, build_dir)  # the spare, made once
    written = _count_writes(monkeypatch)
    before = _files((build_dir / "html").resolve())
    publishing.publish(project, build_dir)
    assert written == []
    assert _files((build_dir / "html").resolve()) == before


def test_an_edit_publishes_its_pages_only_and_the_site_stays_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root("basic", tmp_path)
    build_dir = root / "_build"
    assert build_site(root, today=TODAY).ok
    assert build_site(root, today=TODAY).ok  # both sites level with the build
    page = root / "policies" / "beta" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n新しい段落。\n", encoding="utf-8")
    for language in ("ja", "en"):  # built, not yet published
        assert build_site(root, languages=(language,), today=TODAY).ok
    # What the rebuild rewrote: the files of the build that differ from the published ones.
    published = (build_dir / "html").resolve()
    rewritten = {
        f"{language}/{path.relative_to(build_dir / 'work' / language).as_posix()}"
        for language in ("ja", "en")
        for path in (build_dir / "work" / language).rglob("*")
        if path.is_file()
        and not path.name.startswith(".buildinfo")
        and _stat(path) != _stat(published / language / path.relative_to(build_dir / "work" / language))
    }
    written = _count_writes(monkeypatch)
    publishing.publish(Project.at(root), build_dir)
    html = (build_dir / "html").resolve()
    total = sum(1 for p in html.rglob("*") if p.is_file())
    # Those and nothing else are written (each beside its name, then renamed over it).
    names = {(Path(w).parent / Path(w).name[1 : -len(".publishing")]).relative_to(html).as_posix() for w in written}
    assert names == rewritten and len(written) < total, f"{len(written)} of {total} files written"
    assert "新しい段落。" in (html / "ja" / "policies" / "beta" / "index.html").read_text(encoding="utf-8")
    # Whole: exactly the build's files, every one as the build wrote it.
    for language in ("ja", "en"):
        work = _files(build_dir / "work" / language)
        assert _files(html / language) == {k: v for k, v in work.items() if not k.startswith(".buildinfo")}
