"""A catalog's ``.mo`` is written only when what it holds changes.

Every English page depends on its catalogs' ``.mo`` by their time, and each build directory
(``make html``'s, the preview's, a slice's) remembers on its own which catalogs it checked. So
rewriting the same bytes made builds into two directories of one site re-read all of English
for each other, every time (38 s instead of 2 at 500 documents); and a catalog that states no
creation date, which Babel dates by the minute it reads it, compiled differently each minute.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import copy_root
from policydocs.catalog_files import compile_mo, load_catalog, locale_files
from policydocs.catalog_memory import CheckedCatalogs
from policydocs.project import Project
from policydocs.sphinxext.catalog_check import check_and_compile


def _stats(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in paths}


def test_the_same_catalog_leaves_its_mo_untouched(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    po = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    mo = po.with_suffix(".mo")
    catalog = load_catalog(po)
    assert compile_mo(catalog, mo) is True
    before = _stats([mo])
    assert compile_mo(load_catalog(po), mo) is False
    assert _stats([mo]) == before
    changed = load_catalog(po)
    message = next(m for m in changed if m.id and m.string)
    message.string = f"{message.string} (revised)"
    assert compile_mo(changed, mo) is True
    assert b"(revised)" in mo.read_bytes()


def test_a_catalog_stating_no_creation_date_compiles_the_same_a_minute_later(tmp_path: Path) -> None:
    # Found on a fresh clone: the end-to-end test below failed when its builds straddled a minute.
    root = copy_root("basic", tmp_path)
    po = root / "locale/en/LC_MESSAGES/index.po"
    assert b"POT-Creation-Date" not in po.read_bytes()  # as hand-written catalogs often are
    mo = po.with_suffix(".mo")
    assert compile_mo(load_catalog(po), mo) is True
    before = _stats([mo])
    later = load_catalog(po)  # Babel dates it by the minute it was read
    later.creation_date = later.creation_date + dt.timedelta(minutes=1)
    assert compile_mo(later, mo) is False
    assert _stats([mo]) == before


def test_two_build_directories_do_not_rewrite_each_others_catalogs(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    project = Project.at(root)
    files = locale_files(project, "en")
    assert len(files.po) >= 3
    site_build = CheckedCatalogs(tmp_path / "_build/doctrees/en/memory.json")
    check_and_compile(files, "en", False, site_build)
    site_build.save()
    compiled = [po.with_suffix(".mo") for po in files.po.values()]
    before = _stats(compiled)
    preview = CheckedCatalogs(tmp_path / "_build/preview/doctrees/en/memory.json")  # knows none of them
    check_and_compile(files, "en", False, preview)
    preview.save()
    again = CheckedCatalogs(tmp_path / "_build/doctrees/en/memory.json")
    check_and_compile(files, "en", False, again)
    assert _stats(compiled) == before  # checked again by each, written by neither


def test_building_into_another_directory_leaves_the_english_pages_unread(tmp_path: Path) -> None:
    """``make html`` and the preview (or two slices) on one site: each build finds nothing to read again."""
    from bad_inputs import run_policydocs
    from conftest import TODAY

    root = copy_root("basic", tmp_path)
    site, preview = tmp_path / "site-build", tmp_path / "preview-build"

    def build(into: Path) -> None:
        outcome = run_policydocs(root, "--build-dir", str(into), "build", "--no-pdf", "--today", TODAY)
        assert outcome.code == 0, outcome.text

    build(site)
    doctrees = sorted((site / "doctrees/en").rglob("*.doctree"))
    assert len(doctrees) >= 3
    read = _stats(doctrees)
    build(preview)  # knows none of the catalogs: checks and compiles them all
    build(site)
    assert _stats(doctrees) == read  # no English page read again
