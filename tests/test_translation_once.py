"""One translation per string: the translators' guide followed literally, and hints that survive updates."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root
from policydocs.catalog_files import load_catalog, render
from policydocs.cli import main
from policydocs.translation import status, update_catalogs

CATALOGS = "locale/en/LC_MESSAGES/policies/acme"
SHARED = "当社は個人情報を適切に取り扱います。"
SUMMARY = "お問い合わせ窓口を変更しました。"
EDITED = "次の新しい窓口までご連絡ください。"
TEXTS = ("privacy", "privacy/2024-04-01", "privacy/2026-04-01")  # the pages of the policy's texts
# What a translator writes for each message the update leaves to translate.
ENGLISH = {SUMMARY: "We changed the contact point.", EDITED: "Please contact the following new contact point."}


def _policy_catalogs(root: Path) -> dict[str, Path]:
    paths = [root / CATALOGS / "privacy.po", *sorted((root / CATALOGS / "privacy").glob("*.po"))]
    return {p.relative_to(root / CATALOGS).as_posix(): p for p in paths}


def _translate_as_the_guide_says(root: Path, english: dict[str, str] = ENGLISH) -> list[tuple[str, str]]:
    """Step 2 of the guide: write the English into every empty or fuzzy msgstr and drop the fuzzy mark."""
    done = []
    for name, path in _policy_catalogs(root).items():
        catalog = load_catalog(path)
        for message in catalog:
            if message.id and (not message.string or message.fuzzy):
                message.string = english[message.id]
                message.flags.discard("fuzzy")
                message.previous_id = []
                done.append((name, message.id))
        path.write_bytes(render(catalog))
    return done


def _pages(root: Path) -> dict[str, BeautifulSoup]:
    folder = root / "_build/html/en/policies/acme/privacy"
    pages = sorted(folder.rglob("index.html"))
    return {
        p.parent.relative_to(folder.parent).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in pages
    }


def test_the_guide_followed_literally_leaves_no_page_half_translated(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys: pytest.CaptureFixture[str], browser
) -> None:
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    text = source.read_text(encoding="utf-8")
    front = f"effective: 2026-04-01\n  announced: 2026-03-01\n  summary: {SUMMARY}"
    text = text.replace("effective: 2024-04-01", front)
    source.write_text(text.replace("次の窓口までご連絡ください。", EDITED), encoding="utf-8")

    # The editor: change the policy, freeze it. The translator: make gettext, translate, make html.
    assert main(["--source", str(root), "snapshot", "acme/privacy", "--today", "2026-03-01"]) == 0
    assert update_catalogs(root).returncode == 0
    assert set(_policy_catalogs(root)) == {"privacy.po", "privacy/2024-04-01.po", "privacy/2026-04-01.po"}
    translated = _translate_as_the_guide_says(root)
    # Each new string was there to translate once, in the current text's catalog, and nowhere else.
    assert sorted(translated) == [("privacy.po", SUMMARY), ("privacy.po", EDITED)]
    assert main(["--source", str(root), "build", "--today", "2026-11-30"]) == 0
    capsys.readouterr()

    pages = _pages(root)
    assert set(pages) >= set(TEXTS)  # and the comparison pages
    for name, page in pages.items():
        assert page.select(".policydocs-translation-notice") == [], name
        assert page.select(".policydocs-untranslated") == [], name
    assert "Please contact the following new contact point." in pages["privacy"].select_one("article").get_text()
    # As the reader sees it: the English page in force, in Chromium, says nothing is left in Japanese.
    tab = browser.new_page()
    tab.goto((root / "_build/html/en/policies/acme/privacy/index.html").resolve().as_uri())
    assert tab.locator(".policydocs-translation-notice:visible").count() == 0
    assert "Please contact the following new contact point." in tab.locator("article").inner_text()
    tab.close()
    assert "We changed the contact point." in pages["privacy/2026-04-01"].select_one("article").get_text()
    # The paragraph the new text changed is still translated on the page of the text that has it.
    assert "Please contact the following contact point." in pages["privacy/2024-04-01"].select_one("article").get_text()
    documents, problems = status(root, "en")
    assert problems == []
    assert [(d.docname, d.percent, d.outdated) for d in documents if d.percent != 100.0 or d.outdated] == []

    # A correction of a shared paragraph, made once, reaches every revision on the next (incremental) build.
    current = root / CATALOGS / "privacy.po"
    current.write_text(
        current.read_text(encoding="utf-8").replace(
            "We handle personal information appropriately.", "We handle personal information with care."
        ),
        encoding="utf-8",
    )
    assert main(["--source", str(root), "build", "--today", "2026-11-30"]) == 0
    texts = {name: page for name, page in _pages(root).items() if name in TEXTS}
    assert len(texts) == 3
    for name, page in texts.items():
        assert "We handle personal information with care." in page.select_one("article").get_text(), name


def test_a_revision_catalog_holds_only_what_no_newer_text_says(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    catalogs = _policy_catalogs(root)
    current = {m.id for m in load_catalog(catalogs["privacy.po"]) if m.id}
    revision = load_catalog(catalogs["privacy/2024-04-01.po"])
    assert SHARED in current and len(current) == 10
    assert [m.id for m in revision if m.id] == [] and not revision.obsolete  # no second copy, even obsolete
    documents, _problems = status(root, "en")
    counted = {d.docname: (d.total, d.translated, d.outdated) for d in documents}
    # Counted as its page shows it: every message of the page, translated where the policy translates it.
    assert counted["policies/acme/privacy/2024-04-01"] == (10, 10, False)


def test_a_long_hint_survives_any_number_of_updates(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    catalog_path = root / CATALOGS / "privacy.po"
    # Long enough, and with spaces, for its msgid and its hint to be written over several lines.
    old = " ".join(["当社は個人情報を適切に取り扱います。", "Acme Inc.", "当社は法令を遵守します。" * 4, "以上。"])
    new = old.replace("Acme Inc.", "Acme Corporation")
    source.write_text(source.read_text(encoding="utf-8").replace(SHARED, old), encoding="utf-8")
    assert update_catalogs(root).returncode == 0
    catalog = load_catalog(catalog_path)
    catalog[old].string, catalog[old].flags = "We handle it, Acme Inc.", set()
    catalog_path.write_bytes(render(catalog))

    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    first = update_catalogs(root)
    assert first.updated == (catalog_path,)
    after_first = catalog_path.read_bytes()
    for _ in range(3):
        assert update_catalogs(root).updated == ()
        assert catalog_path.read_bytes() == after_first
    entry = load_catalog(catalog_path)[new]
    assert (entry.fuzzy, entry.previous_id, entry.string) == (True, [old], "We handle it, Acme Inc.")
    lines = after_first.decode("utf-8").splitlines()
    hint = lines.index('#| msgid ""')
    assert lines[hint - 1] == "#, fuzzy" and lines[hint + 1].startswith('#| "当社は個人情報を適切に取り扱います。 ')


def test_a_hint_babel_reflowed_is_read_back_whole(tmp_path: Path) -> None:
    # Catalogs written before this fix: babel reflowed the hint's PO strings as a comment.
    path = tmp_path / "old.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "" "当社は個人情報を適切に取り扱います。 Acme "\n#| "当社は法令を遵守します。"\n'
        'msgid "当社は個人情報を適切に取り扱います。"\nmsgstr "We handle it."\n',
        encoding="utf-8",
    )
    message = load_catalog(path)["当社は個人情報を適切に取り扱います。"]
    assert message.previous_id == ["当社は個人情報を適切に取り扱います。 Acme 当社は法令を遵守します。"]
    assert message.user_comments == []


def test_a_footnote_shown_from_another_catalog_links_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    text = source.read_text(encoding="utf-8").replace("effective: 2024-04-01", "effective: 2026-04-01")
    source.write_text(text.replace(SHARED, f"{SHARED}[^law]\n\n[^law]: 法令に従います。"), encoding="utf-8")
    assert main(["--source", str(root), "snapshot", "acme/privacy", "--today", "2026-03-01"]) == 0
    english = {
        f"{SHARED}[^law]": "We handle personal information appropriately.[^law]",
        "法令に従います。": "As the law says.",
    }
    assert sorted(n for n, _ in _translate_as_the_guide_says(root, english)) == ["privacy.po", "privacy.po"]
    assert main(["--source", str(root), "build", "--today", "2026-11-30"]) == 0
    capsys.readouterr()
    # The revision's page takes both from the current text's catalog, not through Sphinx's own lookup.
    for name in ("privacy", "privacy/2026-04-01"):
        article = _pages(root)[name].select_one("article")
        reference = article.select_one("a.footnote-reference")
        note = article.select_one("aside.footnote")
        assert note.get_text(" ", strip=True).endswith("As the law says."), name
        assert reference["href"] == f"#{note['id']}" and note.select_one("a[role=doc-backlink]")["href"] == (
            f"#{reference['id']}"
        ), name
