"""docutils' walk for a condition, without a generator per node: the same nodes, in the same order, as docutils'."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import assert_same_pages, built_pages, copy_root
from docutils import nodes
from docutils.utils import new_document
from policydocs.sphinxext import condition_walks
from sphinx.util.nodes import is_translatable

_docutils = condition_walks._docutils_findall


def _page(seed: int) -> nodes.document:
    """A page of sections, lists, paragraphs with inline markup and footnotes, nested at random."""
    chance = random.Random(seed)
    document = new_document("page.md")

    def fill(parent: nodes.Element, depth: int) -> None:
        for number in range(chance.randint(1, 4) if depth else 6):
            kind = chance.choice(["paragraph", "section", "list", "footnote"] if depth < 5 else ["paragraph"])
            if kind == "paragraph":
                paragraph = nodes.paragraph("", "", nodes.Text(f"text {depth}.{number} "))
                paragraph += nodes.emphasis("", "emphasis") if chance.random() < 0.5 else nodes.Text("plain")
                parent += paragraph
            elif kind == "section":
                section = nodes.section("", nodes.title("", f"title {depth}.{number}"))
                parent += section
                fill(section, depth + 1)
            elif kind == "list":
                listing = nodes.bullet_list()
                for _item in range(chance.randint(1, 3)):
                    item = nodes.list_item()
                    listing += item
                    fill(item, depth + 1)
                parent += listing
            else:
                parent += nodes.footnote("", nodes.label("", "1"), nodes.paragraph("", "note"))

    fill(document, 0)
    return document


CONDITIONS: list[Callable[[nodes.Node], bool]] = [
    is_translatable,  # Sphinx's, as extract_messages walks
    lambda node: isinstance(node, nodes.Text),
    lambda node: isinstance(node, (nodes.paragraph, nodes.title)),
    lambda node: False,
]


@pytest.mark.parametrize("seed", range(12))
def test_the_nodes_and_their_order_are_docutils_own(seed: int) -> None:
    document = _page(seed)
    for condition in CONDITIONS:
        for start in [document, *document.findall(nodes.section)]:
            ours, theirs = list(condition_walks.findall(start, condition)), list(_docutils(start, condition))
            assert [id(node) for node in ours] == [id(node) for node in theirs]
    assert len(list(condition_walks.findall(document, CONDITIONS[1]))) > 10


@pytest.mark.parametrize("seed", range(12))
def test_a_page_changed_while_walking_changes_as_under_docutils_walk(seed: int) -> None:
    """Replace each paragraph handed over by two, and append to its parent: the walk and the page come out the same."""
    results = []
    for walk in (condition_walks.findall, _docutils):
        document = _page(seed)
        handed = []
        for node in walk(document, lambda node: isinstance(node, (nodes.paragraph, nodes.Text))):
            handed.append(node.astext())
            if isinstance(node, nodes.paragraph) and len(handed) % 3 == 0:
                node.replace_self([nodes.paragraph("", "", nodes.Text("new")), nodes.paragraph("", "more")])
            elif isinstance(node, nodes.paragraph) and len(handed) % 3 == 1 and len(handed) < 40:
                node.parent += nodes.paragraph("", "appended")
            elif isinstance(node, nodes.paragraph):
                node.children = [nodes.Text("children replaced")]
        results.append((handed, document.pformat()))
    assert results[0] == results[1]
    assert "appended" in results[0][1] and "new" in results[0][1]


def test_walks_for_a_class_or_over_siblings_stay_docutils_own() -> None:
    document = _page(3)
    section = next(document.findall(nodes.section))
    assert list(condition_walks.findall(section, nodes.paragraph)) == list(_docutils(section, nodes.paragraph))
    for kwargs in ({"siblings": True}, {"ascend": True}, {"include_self": False}, {"descend": False}):
        ours = list(condition_walks.findall(section, is_translatable, **kwargs))
        assert ours == list(_docutils(section, is_translatable, **kwargs))


def test_english_pages_are_the_same_with_docutils_walk(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "docutils"):
        if name == "docutils":
            monkeypatch.setattr(condition_walks, "install", lambda: None)
            monkeypatch.setattr(nodes.Node, "findall", _docutils)
        root = copy_root("translated", tmp_path / name)
        app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en"})
        assert (nodes.Node.findall is condition_walks.findall) == (name == "ours")
        pages.append(built_pages(app))
    assert_same_pages(pages[0], pages[1], at_least=3)
