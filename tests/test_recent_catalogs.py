"""Pages' compiled catalogs are let go once enough others were opened (issue 18, point 3).

That a site is the same with every catalog let go at once is tested with the doctree
caches (``test_doctree_memory``: both languages, byte for byte); here, what each cache
keeps and what it never lets go.
"""

from __future__ import annotations

import gettext
from types import SimpleNamespace

import pytest
import sphinx.locale
from policydocs.sphinxext.recent_catalogs import RecentFiles, RecentTranslators, keep_recent_catalogs


def test_opened_files_keep_the_most_recently_used_and_those_opened_before() -> None:
    files = RecentFiles({"sphinx.mo": "sphinx"}, limit=2)
    assert files.setdefault("a.mo", "A") == "A"
    assert files.setdefault("b.mo", "B") == "B"
    assert files.get("a.mo") == "A"  # used again: "b.mo" is now the oldest
    assert files.setdefault("a.mo", "other") == "A"  # already open: the one opened is kept
    files.setdefault("c.mo", "C")
    assert files.get("b.mo") is None  # let go: gettext opens it again from its file
    assert files.get("a.mo") == "A" and files.get("c.mo") == "C"
    assert files.get("sphinx.mo") == "sphinx"  # opened before reading began: never let go


def test_translators_let_go_of_pages_catalogs_only() -> None:
    ui = gettext.NullTranslations()
    translators = RecentTranslators({("general", "sphinx"): ui}, limit=2)
    translators.domains = {"policies/a/privacy", "policies/b/privacy", "policies/c/privacy"}
    for page in sorted(translators.domains):
        translators["general", page] = gettext.NullTranslations()
    translators["policydocs", "policydocs"] = gettext.NullTranslations()  # an extension's messages
    assert ("general", "policies/a/privacy") not in translators
    assert ("general", "policies/b/privacy") in translators and ("general", "policies/c/privacy") in translators
    assert translators["general", "sphinx"] is ui and ("policydocs", "policydocs") in translators
    assert sphinx.locale.get_translator() is not None


def test_a_build_bounds_both_caches_and_names_its_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    opened = {("GNUTranslations", "/x/sphinx.mo"): gettext.NullTranslations()}
    monkeypatch.setattr(gettext, "_translations", dict(opened))
    monkeypatch.setattr(sphinx.locale, "translators", {("general", "sphinx"): gettext.NullTranslations()})
    app = SimpleNamespace(config=SimpleNamespace(gettext_compact=False))
    env = SimpleNamespace(found_docs={"index", "policies/acme/privacy"})
    keep_recent_catalogs(app, env, [])  # type: ignore[arg-type]
    files, translators = gettext._translations, sphinx.locale.translators  # type: ignore[attr-defined]
    assert isinstance(files, RecentFiles) and files.get(next(iter(opened))) is not None
    assert isinstance(translators, RecentTranslators)
    assert translators.domains == {"index", "policies/acme/privacy"}
    env.found_docs = {"index"}  # the next build of the same process: the same caches, its own pages
    keep_recent_catalogs(app, env, [])  # type: ignore[arg-type]
    assert sphinx.locale.translators is translators and translators.domains == {"index"}
