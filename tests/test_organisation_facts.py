"""An organisation page's text is its own: editing it reads no page of its policies again.

A policy's pages, its revisions' pages and the listings show the organisation's names,
kind of body and whether it is fictional, all from the front matter of its ``index.md``
(:mod:`policydocs.sphinxext.organisation_facts`). Whether they are read again when
those change is shown, page for page against a clean build, by ``test_incremental``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, copy_root

ACME = "policies/acme"


def _build_reading(make_app, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    app = make_app("dirhtml", srcdir=root, confoverrides={"policydocs_today": TODAY})
    read: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    app.build()
    return sorted(read)


def test_an_edit_of_an_organisations_text_reads_only_its_page(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    first = _build_reading(make_app, root)
    policy_pages = [docname for docname in first if docname.startswith(f"{ACME}/privacy")]
    assert len(policy_pages) >= 2  # the policy and at least one frozen revision
    page = root / ACME / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nアクメの紹介文を追記しました。\n", encoding="utf-8")
    assert _build_reading(make_app, root) == [f"{ACME}/index"]
    # Its name is shown on every page of its policies and in the site's listing: all read again.
    page.write_text(page.read_text(encoding="utf-8").replace("Acme Inc.", "Acme Renamed Inc."), encoding="utf-8")
    again = _build_reading(make_app, root)
    assert set(policy_pages) | {f"{ACME}/index", "index"} <= set(again)
