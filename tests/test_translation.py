"""Translation: complete English, translation memory, catalogs without churn, located errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, copy_root
from policydocs.cli import main
from policydocs.translation import load_catalog, status, update_catalogs

PARAGRAPH = "当社は個人情報を適切に取り扱います。"
ENGLISH = "We handle personal information appropriately."


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    return load_catalog(path)


def test_every_document_is_fully_translated_into_english(report) -> None:  # type: ignore[no-untyped-def]
    documents, problems = status(REPO, "en")
    assert problems == []
    incomplete = [(d.docname, d.percent, d.outdated) for d in documents if d.percent != 100.0 or d.outdated]
    total = sum(d.total for d in documents)
    report(f"translate status: {len(documents)} documents, {total} messages, all 100% translated in English")
    assert incomplete == []
    assert len(documents) >= 24


def test_all_catalogs_pass_msgfmt_check() -> None:
    catalogs = sorted((REPO / "locale").rglob("*.po"))
    assert len(catalogs) >= 24
    for path in catalogs:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr == "", (path, result.stderr)


def test_repository_translations_follow_the_glossary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(REPO), "translate", "check"]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_an_edited_paragraph_alone_becomes_fuzzy_with_its_old_english(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    edited = "当社は個人情報を慎重に取り扱います。"
    source.write_text(source.read_text(encoding="utf-8").replace(PARAGRAPH, edited), encoding="utf-8")

    result = update_catalogs(root)
    assert result.returncode == 0
    catalog = _catalog(root / "locale/en/LC_MESSAGES/policies/acme/privacy.po")
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    assert [(m.id, m.string, m.previous_id) for m in fuzzy] == [(edited, ENGLISH, [PARAGRAPH])]
    assert all(m.string for m in catalog if m.id)  # every other paragraph keeps its English
    again = update_catalogs(root)
    assert again.updated == ()  # a second update changes nothing, the #| hint included

    app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en", "suppress_warnings": ["policy"]})
    app.build()
    page = BeautifulSoup(
        (Path(app.outdir) / "policies/acme/privacy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    notice = page.select_one(".policydocs-translation-notice").get_text()
    assert "1 of 10 passages" in notice and "translation is being revised" in notice
    marked = page.select(".policydocs-untranslated")
    assert [node.get_text(strip=True) for node in marked] == [edited]
    assert "policydocs-fuzzy" in marked[0]["class"]
    assert "To answer inquiries" in page.select_one("article").get_text()


def test_a_new_revision_starts_fully_translated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    source.write_text(source.read_text(encoding="utf-8").replace("effective: 2024-04-01", "effective: 2026-04-01"))

    # Freezing is the only step: the new revision's catalog comes with it.
    assert main(["--source", str(root), "snapshot", "acme/privacy", "--today", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    new = root / "locale/en/LC_MESSAGES/policies/acme/privacy/2026-04-01.po"
    assert "created locale/en/LC_MESSAGES/policies/acme/privacy/2026-04-01.po" in out
    # It says what the current text says, which the current text's catalog translates: nothing is its own.
    assert [m.id for m in _catalog(new) if m.id] == []
    documents, _problems = status(root, "en")
    revision = next(d for d in documents if d.docname == "policies/acme/privacy/2026-04-01")
    assert (revision.total, revision.percent, revision.outdated) == (10, 100.0, False)


def test_updating_twice_changes_nothing(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*.po")}
    result = update_catalogs(root)
    assert result.created == () and result.updated == ()
    assert {p: p.read_bytes() for p in root.rglob("*.po")} == before


def test_a_broken_catalog_is_reported_at_its_line(tmp_path: Path, make_app, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("translated", tmp_path)
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    broken_line = next(n for n, line in enumerate(lines, start=1) if line.startswith('msgstr "To answer'))
    lines[broken_line - 1] = 'msgstr "To answer inquiries'  # the closing quote is lost
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main(["--source", str(root), "translate", "check"]) == 1
    err = capsys.readouterr().err
    assert f"{catalog}:{broken_line}: the catalog cannot be read" in err and "Traceback" not in err
    assert update_catalogs(root).returncode == 1  # nothing is merged into a broken catalog

    app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en"})
    app.build()
    assert f"{catalog}:{broken_line}: WARNING: the catalog cannot be read" in app.warning.getvalue()


def test_a_term_translated_otherwise_is_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("translated", tmp_path)
    (root / "locale/glossary.toml").write_text('[[term]]\nja = "個人情報"\nen = "personal information"\n')
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(ENGLISH, "We handle personal details with care."))
    assert main(["--source", str(root), "translate", "check"]) == 1
    err = capsys.readouterr().err
    assert f"{catalog}:" in err and "「個人情報」 is not translated as 'personal information'" in err


@pytest.mark.sphinx("dirhtml", testroot="translated", srcdir="translated-en", confoverrides={"language": "en"})
def test_constructs_the_policies_use_survive_translation(app) -> None:  # type: ignore[no-untyped-def]
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup(
        (Path(app.outdir) / "policies/acme/privacy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    article = page.select_one("article")
    assert article.select(".policydocs-translation-notice") == []
    assert article.find("h2").get_text(strip=True).startswith("1. Purpose of Use")  # a numbered heading
    assert [li.get_text(strip=True) for li in article.select("ol.circled > li")] == [
        "To provide the services",
        "To answer inquiries",
    ]
    assert "[Personal Information Consultation Desk]" in article.get_text()  # escaped brackets
    link = article.find("a", href="https://www.ppc.go.jp/")
    assert link is not None and link.get_text() == "Personal Information Protection Commission"
    facts = page.select_one("dl.policydocs-policy-facts").get_text(" ", strip=True)
    assert "an English translation of the Japanese text of 1 April 2024; the Japanese text governs" in facts
