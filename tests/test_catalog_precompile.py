"""The translations' catalogs, checked and compiled by the parent beside its check, are not checked again.

:mod:`policydocs.catalog_precompile` leaves every good catalog compiled and remembered, and every
refused one remembered with its problems, where the English build looks; that build then says a
refused catalog's problems itself, at their lines, and uses the fuzzy messages handed back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_root
from policydocs import catalog_precompile
from policydocs.build import build_site
from policydocs.catalog_files import locale_files
from policydocs.catalog_memory import CheckedCatalogs, file_stat
from policydocs.catalog_refusals import RefusedCatalogs
from policydocs.project import Project
from policydocs.sphinxext import catalog_check, policy_catalogs

BROKEN = 'msgid "x"\nmsgstr "<script>alert(1)</script>"\nthis is not PO\n'


def _project(tmp_path: Path) -> Project:
    return Project.at(copy_root("translated", tmp_path))


def test_good_catalogs_are_compiled_and_remembered_refused_ones_kept_with_their_problems(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    broken = project.locale_dir / "en/LC_MESSAGES/policies/acme/privacy/2024-04-01.po"
    broken.write_text(BROKEN, encoding="utf-8")
    build_dir = tmp_path / "_build"
    catalog_precompile.precompile(project, build_dir, ("en",))
    doctrees = build_dir / "doctrees/en"
    memory = CheckedCatalogs(doctrees / catalog_check.MEMORY, project.allow_fuzzy)
    refused = RefusedCatalogs(doctrees / catalog_check.REFUSED, project.allow_fuzzy)
    good = [po for po in locale_files(project, "en").po.values() if po != broken]
    assert len(good) >= 3
    for po in good:  # compiled, and known by the stats the build will find
        assert memory.known(po, [file_stat(po), file_stat(po.with_suffix(".mo"))]), po
    problems = refused.problems(broken, file_stat(broken))
    assert problems and problems[0].location.path == broken and problems[0].location.line == 3
    assert not broken.with_suffix(".mo").exists()
    assert capfd.readouterr() == ("", "")  # nothing said here: the English build says it


def test_a_forked_child_hands_back_the_fuzzy_messages_it_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    po = project.locale_dir / "en/LC_MESSAGES/policies/acme/privacy.po"
    with po.open("a", encoding="utf-8") as catalog:
        catalog.write('\n#, fuzzy\nmsgid "改訂中の段落。"\nmsgstr "A paragraph being revised."\n')
    monkeypatch.setattr(policy_catalogs, "_fuzzy", {})
    running = catalog_precompile.start(project, tmp_path / "_build", project.languages)
    assert running is not None
    catalog_precompile.finish(running)
    kept = policy_catalogs.kept_fuzzy()
    assert kept[po] == (file_stat(po), frozenset({"改訂中の段落。"}))
    assert catalog_precompile.start(project, tmp_path / "_build", ("ja",)) is None  # nothing to translate
    # A build directory that remembers its catalogs: the English build checks the few that changed itself.
    assert (tmp_path / "_build/doctrees/en" / catalog_check.MEMORY).is_file()
    assert catalog_precompile.start(project, tmp_path / "_build", project.languages) is None


def test_the_english_build_says_a_refused_catalog_at_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    broken = project.locale_dir / "en/LC_MESSAGES/policies/acme/privacy/2024-04-01.po"
    broken.write_text(BROKEN, encoding="utf-8")
    result = build_site(project.srcdir, tmp_path / "_build", pdfs=False, today="2026-12-07")
    assert not result.ok and result.published is None
    english = next(build for build in result.languages if build.language == "en")
    assert "2024-04-01.po:3" in english.output and "not PO syntax" in english.output
    japanese = next(build for build in result.languages if build.language == "ja")
    assert japanese.returncode == 0
