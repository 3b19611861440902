"""An organisation page's text is its own: editing it reads no page of its policies again.

A policy's pages, its revisions' pages and the listings show the organisation's names,
kind of body and whether it is fictional, all from the front matter of its ``index.md``
(:mod:`policydocs.sphinxext.organisation_facts`). Whether they are read again when
those change is shown, page for page against a clean build, by ``test_incremental``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, copy_root
from test_lost_text import add_revision

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



def test_an_edit_of_a_policys_wording_reads_only_the_policy(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    """The listings show a policy's kind and date, not its wording: they are not read again for it."""
    root = copy_root("basic", tmp_path)
    _build_reading(make_app, root)
    policy = root / "policies" / "beta" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nベータは記録を一年間保存します。\n", encoding="utf-8")
    assert _build_reading(make_app, root) == ["policies/beta/privacy"]
    # A new revision in force changes the date the site's index and the organisation's page list.
    add_revision(root, "2020-04-01", "# プライバシーポリシー\n\n当社は第三者提供の記録を保存します。\n")
    assert {"index", f"{ACME}/index", f"{ACME}/privacy"} <= set(_build_reading(make_app, root))
