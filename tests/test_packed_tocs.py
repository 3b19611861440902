"""Tables of contents kept pickled in the environment (issue 18, point 3).

Each read gives a fresh copy of the tree that was stored, the environment pickles
with the packed form, and a build numbering sections gets plain trees back. That a
whole site is the same either way is tested with the doctree caches
(``test_doctree_memory``: both languages, byte for byte).
"""

from __future__ import annotations

import pickle

from docutils import nodes
from policydocs.sphinxext.packed_tocs import PackedTocs, pack_tocs, unpack_if_numbered
from sphinx import addnodes
from sphinx.environment import BuildEnvironment


def _toc(title: str) -> nodes.bullet_list:
    reference = nodes.reference("", "", internal=True, refuri="index", anchorname=f"#{title}")
    reference += nodes.Text(title)
    item = nodes.list_item("", addnodes.compact_paragraph("", "", reference))
    return nodes.bullet_list("", item)


def test_each_read_is_a_fresh_copy_of_what_was_stored() -> None:
    tocs = PackedTocs({"a": _toc("第一条")})
    tocs["b"] = _toc("第二条")
    first, again = tocs["a"], tocs["a"]
    assert first.pformat() == _toc("第一条").pformat()
    assert first is not again  # a change to one copy (Sphinx's resolving) never reaches the stored tree
    first[0]["classes"].append("changed")
    assert "changed" not in tocs["a"].pformat()
    assert "a" in tocs and "z" not in tocs and len(tocs) == 2 and list(tocs) == ["a", "b"]
    tocs.pop("a", None)  # as Sphinx clears a document
    assert list(tocs) == ["b"] and tocs.get("a") is None


def test_the_environment_pickles_the_packed_trees() -> None:
    tocs = PackedTocs({"a": _toc("第一条")})
    again = pickle.loads(pickle.dumps(tocs))
    assert isinstance(again, PackedTocs)
    assert all(isinstance(value, bytes) for value in again.packed.values())
    assert again["a"].astext() == "第一条"


def _env(tocs: object, numbered: set[str]) -> BuildEnvironment:
    env = BuildEnvironment.__new__(BuildEnvironment)
    env.tocs = tocs  # type: ignore[assignment]
    env.numbered_toctrees = numbered
    return env


def test_a_build_numbering_sections_keeps_plain_trees() -> None:
    env = _env({"a": _toc("第一条")}, set())
    pack_tocs(None, env, [])  # type: ignore[arg-type]
    assert isinstance(env.tocs, PackedTocs)
    env.numbered_toctrees = {"index"}  # read this build: Sphinx will write numbers into the trees
    unpack_if_numbered(None, env)  # type: ignore[arg-type]
    assert type(env.tocs) is dict and env.tocs["a"].astext() == "第一条"
    pack_tocs(None, env, [])  # type: ignore[arg-type]  # the next build of that site
    assert type(env.tocs) is dict
