"""Incremental extraction: status and update read again only what changed, and say what a full extraction says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_root
from policydocs import extraction
from policydocs.extraction import extract_incrementally, extraction_paths, package_modules, toolchain_key
from policydocs.project import Project
from policydocs.site_documents import site_documents
from policydocs.translation import status, update_catalogs

PARAGRAPH = "当社は個人情報を適切に取り扱います。"
NOTES = "---\norphan: true\n---\n\n# 覚え書き\n\nこの頁は他のどの頁にも載りません。\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The translated test site with one page nothing else depends on, extracted once."""
    site = copy_root("translated", tmp_path)
    (site / "notes.md").write_text(NOTES, encoding="utf-8")
    return site


def _extract(site: Path) -> extraction.Extraction:
    project = Project.at(site)
    return extract_incrementally(project, site_documents(project))


def _numbers(site: Path) -> list[tuple[object, ...]]:
    documents, problems = status(site, "en")
    assert problems == []
    return [(d.docname, d.total, d.translated, d.fuzzy, d.untranslated, d.outdated) for d in documents]


def _manifest(site: Path) -> dict[str, object]:
    return json.loads(extraction_paths(Project.at(site)).manifest.read_text(encoding="utf-8"))


def _dependents(site: Path, name: str) -> set[str]:
    documents = _manifest(site)["documents"]
    assert isinstance(documents, dict)
    return {docname for docname, files in documents.items() if name in files}


def _no_sphinx(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"extraction ran: {args}")

    monkeypatch.setattr(extraction.subprocess, "run", refuse)


def test_a_status_without_change_extracts_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _extract(root)
    assert first.returncode == 0 and first.fresh
    assert set(first.read) == site_documents(Project.at(root))
    before = _numbers(root)
    _no_sphinx(monkeypatch)  # the proof: no Sphinx can start
    assert _numbers(root) == before
    assert _extract(root).ran is False


def test_a_catalog_edit_is_counted_without_extracting(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {n[0]: n for n in _numbers(root)}
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('"We handle personal information appropriately."', '""'), encoding="utf-8")
    _no_sphinx(monkeypatch)
    after = {n[0]: n for n in _numbers(root)}
    # One message fewer translated on the current text; its revision shares that paragraph (found there too).
    assert after["policies/acme/privacy"][2] == before["policies/acme/privacy"][2] - 1
    assert after["policies/acme/privacy"][4] == before["policies/acme/privacy"][4] + 1


def test_editing_one_document_reads_that_one_only(root: Path) -> None:
    _extract(root)
    paths = extraction_paths(Project.at(root))
    untouched = paths.pots / "policies/acme/privacy/2024-04-01.pot"
    kept = untouched.stat().st_mtime_ns
    notes = root / "notes.md"
    notes.write_text(NOTES.replace("載りません", "載らない頁です"), encoding="utf-8")
    again = _extract(root)
    assert again.ran and not again.fresh
    assert again.read == ("notes",)
    assert "載らない頁です" in (paths.pots / "notes.pot").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == kept  # another document's template is not written again


def test_editing_a_policy_reads_it_and_the_pages_that_show_it(root: Path) -> None:
    _extract(root)
    source = root / "policies/acme/privacy.md"
    source.write_text(source.read_text(encoding="utf-8").replace(PARAGRAPH, "当社は個人情報を慎重に扱います。"))
    again = _extract(root)
    # Its own page, and the listings that Sphinx records as reading it (the organisation's page, the index).
    assert set(again.read) == _dependents(root, "policies/acme/privacy.md")
    assert "policies/acme/privacy" in again.read
    assert "policies/acme/privacy/2024-04-01" not in again.read and "notes" not in again.read


def test_a_changed_conf_or_toolchain_or_day_extracts_everything(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = site_documents(Project.at(root))
    _extract(root)
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\n# a comment changes nothing Sphinx sees\n")
    changed = _extract(root)
    assert changed.fresh and set(changed.read) == everything
    monkeypatch.setattr(extraction, "toolchain_key", lambda srcdir, modules: "another extension")
    changed = _extract(root)
    assert changed.fresh and set(changed.read) == everything
    monkeypatch.undo()
    _extract(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # another day: another revision may be in force
    changed = _extract(root)
    assert changed.fresh and set(changed.read) == everything


def test_the_toolchain_is_the_code_extraction_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "policydocs"
    shutil.copytree(extraction.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(extraction, "PACKAGE_DIR", package)
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text("language = 'ja'\n")
    modules = ["sphinxext/policy_facts.py", "checker.py"]
    key = toolchain_key(site, modules)
    (package / "pdf_printer.py").write_text("# not run by extraction\n")  # code extraction never runs
    assert toolchain_key(site, modules) == key
    with (package / "checker.py").open("a") as file:  # code that adds text (findings) to pages
        file.write("\n# changed\n")
    changed = toolchain_key(site, modules)
    assert changed != key
    key = changed
    templates = next(package.glob("sphinxext/templates/*"))
    templates.write_text(templates.read_text(encoding="utf-8") + "\n")  # a data file counts, loaded or not
    assert toolchain_key(site, modules) != key


def test_package_modules_are_those_loaded() -> None:
    loaded = package_modules()
    assert "extraction.py" in loaded and "__init__.py" in loaded
    assert all(not name.startswith("/") for name in loaded)


def test_incremental_numbers_equal_a_full_extraction(root: Path, tmp_path: Path) -> None:
    _numbers(root)
    source = root / "policies/acme/privacy.md"
    source.write_text(source.read_text(encoding="utf-8").replace(PARAGRAPH, "当社は個人情報を慎重に扱います。"))
    (root / "notes.md").write_text(NOTES + "\n新しい段落です。\n", encoding="utf-8")
    incremental = _numbers(root)
    shutil.rmtree(root / "_build")
    assert _numbers(root) == incremental
    assert any(n[5] for n in incremental)  # the edit shows: the policy's catalog is out of date


def _catalogs(site: Path) -> dict[str, str]:
    dated = ('"POT-Creation-Date:', '"PO-Revision-Date:')  # the minute of extraction, not what a catalog says
    return {
        path.relative_to(site).as_posix(): "".join(
            line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith(dated)
        )
        for path in sorted((site / "locale").rglob("*.po"))
    }


def test_update_writes_the_same_catalogs_as_a_full_extraction(root: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh)
    _extract(root)  # root keeps templates from before the edits; fresh has none
    for site in (root, fresh):
        source = site / "policies/acme/privacy.md"
        source.write_text(source.read_text(encoding="utf-8").replace(PARAGRAPH, "当社は個人情報を慎重に扱います。"))
        (site / "notes.md").write_text(NOTES + "\n新しい段落です。\n", encoding="utf-8")
    assert update_catalogs(root).returncode == 0
    assert update_catalogs(fresh).returncode == 0
    assert _catalogs(root) == _catalogs(fresh)
    written = _catalogs(root)
    assert "当社は個人情報を慎重に扱います。" in written["locale/en/LC_MESSAGES/policies/acme/privacy.po"]
    assert "locale/en/LC_MESSAGES/notes.po" in written


def test_the_translators_bench_reports_status_against_sphinx_intl(tmp_path: Path) -> None:
    from bench.translators import TARGET, measure, report

    figures = measure(REPO, tmp_path, documents=5, runs=1)
    assert figures.documents == 5 and len(figures.intl.seconds) == 2
    lines = report(figures)
    unchanged = [line for line in lines if line.strip().startswith("status, nothing changed")]
    assert len(unchanged) == 1 and f"target <= {TARGET:g}x" in unchanged[0]
    assert any(line.strip().startswith("status after one policy edit") for line in lines)


def test_a_removed_document_loses_its_template(root: Path) -> None:
    _extract(root)
    (root / "notes.md").unlink()
    again = _extract(root)
    assert again.ran and again.read == ()  # nothing lists the page: nothing else is read
    assert not (extraction_paths(Project.at(root)).pots / "notes.pot").exists()
    assert "notes" not in {n[0] for n in _numbers(root)}
