"""Each stylesheet's and script's checksum, worked out once per build, is the checksum of the file published."""

from __future__ import annotations

import re
from pathlib import Path

import sphinx.builders.html
from conftest import assert_same_pages, built_pages, copy_root
from policydocs.sphinxext import asset_checksums

_VERSIONED = re.compile(r'(?:href|src)="([^"?]+)\?v=([0-9a-f]{8})"')


def test_pages_are_what_sphinx_own_checksums_make(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "sphinx"):
        if name == "sphinx":  # Sphinx's own function, asked for every link of every page
            monkeypatch.setattr(sphinx.builders.html, "_file_checksum", asset_checksums._file_checksum)
            monkeypatch.setattr(asset_checksums, "install", lambda: None)
        app = make_app("dirhtml", srcdir=copy_root("basic", tmp_path / name))
        pages.append(built_pages(app))
    ours, theirs = pages
    assert_same_pages(ours, theirs, at_least=2)
    versioned = [link for data in ours.values() for link in _VERSIONED.findall(data.decode("utf-8"))]
    assert len(versioned) >= 5 * len(ours)  # stylesheets and scripts on every page, each with its checksum


def test_a_checksum_is_worked_out_once_for_every_page(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    sphinx_checksum = asset_checksums._file_checksum

    def counted(outdir: Path, filename: str) -> str:
        asked.append(filename)
        return sphinx_checksum(outdir, filename)

    monkeypatch.setattr(asset_checksums, "_file_checksum", counted)
    asset_checksums._kept.cache_clear()
    root = copy_root("basic", tmp_path / "site")
    pages = built_pages(make_app("dirhtml", srcdir=root))
    linked = {uri.rsplit("/", 1)[-1] for data in pages.values() for uri, _ in _VERSIONED.findall(data.decode("utf-8"))}
    assert len(pages) > 2 and linked
    assert sorted(asked) == sorted(set(asked)) and {name.rsplit("/", 1)[-1] for name in asked} == linked
