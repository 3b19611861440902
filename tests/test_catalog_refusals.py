"""Catalogs are verified when they change, not on every build; a broken one still fails every build.

:func:`policydocs.sphinxext.catalog_check.check_and_compile` remembers good
catalogs (:mod:`policydocs.catalog_memory`) and refused ones with their
problems (:mod:`policydocs.catalog_refusals`): an unchanged catalog is not
parsed again, a refused one is warned about again, with its line, on every build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from policydocs.catalog_files import LocaleFiles
from policydocs.catalog_memory import CheckedCatalogs
from policydocs.catalog_refusals import RefusedCatalogs
from policydocs.sphinxext import catalog_check

GOOD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "当社"\nmsgstr "We"\n'
BROKEN = GOOD + 'msgid "未完\nmsgstr "broken\n'


def _build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """One build's catalog step over ``tmp_path``: the catalogs verified and the warnings said."""
    verified: list[str] = []
    warned: list[str] = []
    real = catalog_check.verify

    def counting(path: Path, language: str | None = None):  # type: ignore[no-untyped-def]
        verified.append(path.name)
        return real(path, language)

    monkeypatch.setattr(catalog_check, "verify", counting)
    monkeypatch.setattr(catalog_check, "warn", lambda message, kind, location: warned.append(f"{location}"))
    po = {path.stem: path for path in sorted(tmp_path.glob("*.po"))}
    memory = CheckedCatalogs(tmp_path / "good.json")
    refused = RefusedCatalogs(tmp_path / "refused.json")
    catalog_check.check_and_compile(LocaleFiles(tmp_path, po, {}, ()), "en", False, memory, refused)
    memory.save()
    refused.save()
    return verified, warned


def test_an_unchanged_catalog_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.po").write_text(GOOD, encoding="utf-8")
    assert _build(tmp_path, monkeypatch)[0] == ["good.po"]
    assert (tmp_path / "good.mo").is_file()
    assert _build(tmp_path, monkeypatch) == ([], [])


def test_a_broken_catalog_fails_every_build_until_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.po"
    broken.write_text(BROKEN, encoding="utf-8")
    verified, first = _build(tmp_path, monkeypatch)
    assert verified == ["broken.po"] and first and all(w.startswith(f"{broken}:") for w in first)
    assert not (tmp_path / "broken.mo").exists()
    # Not parsed again, but said again, at the same lines.
    assert _build(tmp_path, monkeypatch) == ([], first)
    # Fixed: verified afresh, compiled, and no longer remembered as refused.
    broken.write_text(GOOD, encoding="utf-8")
    assert _build(tmp_path, monkeypatch) == (["broken.po"], [])
    assert (tmp_path / "broken.mo").is_file()
    assert "broken.po" not in (tmp_path / "refused.json").read_text(encoding="utf-8")


def test_a_catalog_broken_after_being_good_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = tmp_path / "doc.po"
    catalog.write_text(GOOD, encoding="utf-8")
    _build(tmp_path, monkeypatch)
    catalog.write_text(BROKEN, encoding="utf-8")
    verified, warned = _build(tmp_path, monkeypatch)
    assert verified == ["doc.po"] and warned
    assert not (tmp_path / "doc.mo").exists()  # its earlier good .mo would show text the .po no longer has
