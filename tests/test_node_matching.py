"""Sphinx's node matchers over docutils' fast walks find the very nodes, in the order, they found before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import assert_same_pages, built_pages, copy_root
from docutils import nodes
from docutils.core import publish_doctree
from policydocs.sphinxext import node_matching
from sphinx.util.nodes import NodeMatcher

SOURCE = """
Title
=====

A paragraph with a reference_, an anonymous one__, a footnote [#note]_ and *emphasis*.

.. _reference: https://example.org/a
__ https://example.org/b

Section
-------

- An item with ``literal`` text and a `named link <https://example.org/c>`_.
- Another, with a footnote [#other]_.

.. [#note] The note.
.. [#other] The other note, with a reference_.
"""

MATCHERS = [
    NodeMatcher(nodes.reference),
    NodeMatcher(nodes.reference, refname="reference"),
    NodeMatcher(nodes.footnote, nodes.footnote_reference),
    NodeMatcher(nodes.footnote_reference, auto=Any),
    NodeMatcher(nodes.target, refname="nothing such"),
    NodeMatcher(nodes.Element, ids=Any),
    NodeMatcher(refuri=Any),
    NodeMatcher(),
    NodeMatcher(nodes.Text),
    NodeMatcher(nodes.title, nodes.section, nodes.Text),
]


def _sphinx_findall(matcher: NodeMatcher[Any], node: nodes.Node) -> list[nodes.Node]:
    return list(node.findall(matcher))  # what Sphinx's NodeMatcher.findall walks over


@pytest.mark.parametrize("matcher", MATCHERS, ids=lambda m: f"{[c.__name__ for c in m.classes]}{sorted(m.attrs)}")
def test_the_same_nodes_in_the_same_order(matcher: NodeMatcher[Any]) -> None:
    doctree = publish_doctree(SOURCE)
    for start in (doctree, *doctree.findall(nodes.section)):
        found = list(node_matching._findall(matcher, start))
        expected = _sphinx_findall(matcher, start)
        assert [id(node) for node in found] == [id(node) for node in expected]
    assert list(node_matching._findall(NodeMatcher(), doctree))  # not vacuous: it walked something


def test_nodes_removed_while_walking_as_sphinx_removes_them() -> None:
    # RemoveTranslatableInline's pattern: unwrap each match while the walk goes on (both walks lazy).
    ours, sphinx = publish_doctree(SOURCE), publish_doctree(SOURCE)
    for emphasis in node_matching._findall(NodeMatcher(nodes.emphasis), ours):
        emphasis.parent.replace(emphasis, emphasis.children)
    for emphasis in sphinx.findall(NodeMatcher(nodes.emphasis)):
        emphasis.parent.replace(emphasis, emphasis.children)
    assert ours.pformat() == sphinx.pformat() and "<emphasis>" not in ours.pformat()


def test_installed_for_every_build_and_pages_unchanged(make_app, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "sphinx"):
        if name == "sphinx":
            monkeypatch.setattr(NodeMatcher, "findall", lambda self, node: iter(_sphinx_findall(self, node)))
            monkeypatch.setattr(node_matching, "install", lambda: None)
        app = make_app("dirhtml", srcdir=copy_root("translated", tmp_path / name), confoverrides={"language": "en"})
        if name == "ours":
            assert NodeMatcher.findall is node_matching._findall
        pages.append(built_pages(app))
    ours, theirs = pages
    assert_same_pages(ours, theirs, at_least=3)
