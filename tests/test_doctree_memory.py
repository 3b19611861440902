"""Doctrees read in a build are not all held until written (issue 18, point 3).

The two caches :mod:`policydocs.sphinxext.doctree_memory` bounds keep what they
should, and a site built with nothing kept for writing (every page unpickled from
its file), its tables of contents kept pickled (:mod:`policydocs.sphinxext.packed_tocs`)
and its pages' catalogs let go as soon as another is opened (:mod:`policydocs.sphinxext.recent_catalogs`)
is byte for byte the site built as plain Sphinx keeps them, in each language.
"""

from __future__ import annotations

import gettext
import pickle
import shutil
from pathlib import Path

import pytest
import sphinx.locale
from conftest import copy_root
from docutils import nodes
from policydocs.sphinxext import doctree_memory, packed_tocs, recent_catalogs
from policydocs.sphinxext.doctree_memory import BudgetedDoctrees, RecentPickles
from sphinx.environment import BuildEnvironment
from sphinx.testing.util import SphinxTestApp


def _doctree(directory: Path, docname: str, size: int) -> nodes.document:
    (directory / f"{docname}.doctree").write_bytes(b"x" * size)
    return nodes.document(None, None)  # type: ignore[arg-type]


def test_the_write_cache_keeps_doctrees_up_to_its_budget_then_none(tmp_path: Path) -> None:
    kept = BudgetedDoctrees(tmp_path, budget=250)
    for docname, size in (("a", 100), ("b", 100), ("c", 100), ("d", 10)):
        kept[docname] = _doctree(tmp_path, docname, size)
    # "c" passes the budget; "d" would fit, but is written after "c", which will be unpickled anyway.
    assert sorted(kept) == ["a", "b"]
    kept["unweighable"] = nodes.document(None, None)  # type: ignore[arg-type]
    assert "unweighable" not in kept
    assert kept.pop("a") is not None  # Sphinx's writing phase takes them out as usual


def test_the_pickle_cache_keeps_the_most_recently_used(tmp_path: Path) -> None:
    pickles = RecentPickles(limit=2)
    pickles["a"] = b"1"
    pickles["b"] = b"2"
    assert pickles["a"] == b"1"  # "a" used again: "b" is now the oldest
    pickles["c"] = b"3"
    assert sorted(pickles) == ["a", "c"]
    with pytest.raises(KeyError):
        pickles["b"]


def _build(root: Path, language: str) -> dict[str, bytes]:
    """Build ``root`` from scratch in ``language``; every output file's bytes.

    Always into the same directory (emptied first): Sphinx's ``.buildinfo`` hashes the configuration,
    which names the build directory.
    """
    gettext._translations.clear()  # type: ignore[attr-defined]  # each real build is a process of its own
    shutil.rmtree(root.parent / "_build", ignore_errors=True)
    app = SphinxTestApp("dirhtml", srcdir=root, builddir=root.parent / "_build", confoverrides={"language": language})
    try:
        app.build()
        assert app.warning.getvalue() == ""
        out = Path(app.outdir)
        # Not .buildinfo: the second build in one process lists the extension's templates directory twice in
        # templates_path (theme.configure appends it to a list the first build left), so its configuration hash
        # differs whatever the caches do; every page and asset is compared.
        files = (path for path in sorted(out.rglob("*")) if path.is_file() and path.name != ".buildinfo")
        return {str(path.relative_to(out)): path.read_bytes() for path in files}
    finally:
        app.cleanup()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_pages_are_the_same_whether_doctrees_and_tables_of_contents_are_kept_or_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    root = copy_root("basic", tmp_path)
    with monkeypatch.context() as plain:  # as Sphinx and Python keep them
        plain.setattr(packed_tocs, "pack_tocs", lambda _app, _env, _docnames: None)
        plain.setattr(recent_catalogs, "keep_recent_catalogs", lambda _app, _env, _docnames: None)
        plain.setattr(gettext, "_translations", {})
        plain.setattr(sphinx.locale, "translators", {})
        kept_all = _build(root, language)

    unpickled: list[str] = []
    get_doctree = BuildEnvironment.get_doctree

    def counting_get_doctree(env: BuildEnvironment, docname: str) -> nodes.document:
        assert len(env._write_doc_doctree_cache) == 0  # nothing kept, ever
        assert isinstance(env.tocs, packed_tocs.PackedTocs)
        assert len(env._pickled_doctree_cache) <= 1
        unpickled.append(docname)
        return get_doctree(env, docname)

    monkeypatch.setattr(gettext, "_translations", {})
    monkeypatch.setattr(sphinx.locale, "translators", {})
    monkeypatch.setattr(recent_catalogs, "KEPT_CATALOGS", 1)  # every page's catalog let go at the next one
    opened: list[str] = []
    setdefault = recent_catalogs.RecentFiles.setdefault

    def noting_setdefault(files: recent_catalogs.RecentFiles, key: tuple[type, str], default: object) -> object:
        opened.append(key[1])
        return setdefault(files, key, default)

    monkeypatch.setattr(recent_catalogs.RecentFiles, "setdefault", noting_setdefault)
    monkeypatch.setattr(doctree_memory, "KEPT_PICKLED_BYTES", 0)
    monkeypatch.setattr(doctree_memory, "KEPT_PICKLES", 1)
    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting_get_doctree)
    none_kept = _build(root, language)

    assert "policies/acme/privacy" in unpickled  # the pages really came from their files
    assert isinstance(gettext._translations, recent_catalogs.RecentFiles)  # type: ignore[attr-defined]
    assert len(gettext._translations) <= 1  # type: ignore[attr-defined]
    if language == "en":  # several pages' catalogs were opened, and each let go for the next
        assert len(set(opened)) >= 3
    assert none_kept.keys() == kept_all.keys()
    assert [name for name in kept_all if none_kept[name] != kept_all[name]] == []


def test_a_pickled_environment_gets_the_bounded_caches_again(tmp_path: Path) -> None:
    env = BuildEnvironment.__new__(BuildEnvironment)
    env.__setstate__(pickle.loads(pickle.dumps({"_write_doc_doctree_cache": {}, "_pickled_doctree_cache": {}})))
    env.doctreedir = tmp_path
    doctree_memory.bound_doctree_caches(None, env, [])  # type: ignore[arg-type]
    assert isinstance(env._write_doc_doctree_cache, BudgetedDoctrees)
    assert isinstance(env._pickled_doctree_cache, RecentPickles)
