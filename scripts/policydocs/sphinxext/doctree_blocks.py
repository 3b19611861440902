"""The blocks of a page as a redline compares them: headings, paragraphs and list items of its doctree.

Shared by the comparison pages (:mod:`.comparisons`, through :mod:`.redline_cache`) and by the check
that no text of the source is lost on the page (:mod:`.lost_text`), so that both see the same text.
"""

from __future__ import annotations

from docutils import nodes

from policydocs.diffing import HEADING, PARAGRAPH, Block, list_marker, list_style
from policydocs.sphinxext.listings import GENERATED

# Text elements that are not text of the page (a footnote's label is its number).
_NOT_SHOWN = (nodes.comment, nodes.raw, nodes.substitution_definition, nodes.system_message, nodes.label, nodes.target)


def blocks_from_doctree(doctree: nodes.document) -> list[Block]:
    """The headings, paragraphs and list items of a page, without the generated parts."""
    blocks: list[Block] = []

    def visit(node: nodes.Node, depth: int, lists: list[tuple[str, int]]) -> None:
        if not isinstance(node, nodes.Element) or GENERATED in node.get("classes", ()):
            return
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            anchor = node["ids"][0] if node["ids"] else ""
            blocks.append(Block(HEADING, title.astext() if title else "", depth + 1, anchor=anchor))
            for child in node.children:
                visit(child, depth + 1, lists)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            style = list_style(node.get("classes", []), isinstance(node, nodes.enumerated_list))
            for number, item in enumerate(node.children, start=int(node.get("start", 1))):
                nested = [*lists, (style, number)]
                for position, child in enumerate(item.children):
                    if position == 0 and isinstance(child, nodes.paragraph):
                        blocks.append(Block(PARAGRAPH, child.astext(), len(nested), list_marker(style, number)))
                    else:
                        visit(child, depth, nested)
        elif isinstance(node, nodes.paragraph):
            blocks.append(Block(PARAGRAPH, node.astext(), len(lists)))
        elif isinstance(node, nodes.TextElement) and not isinstance(node, _NOT_SHOWN) and node.astext().strip():
            # A code block, a note's or a table's title, a line: shown on the page, so in the redline too.
            if not (isinstance(node, nodes.title) and isinstance(node.parent, nodes.section)):
                blocks.append(Block(PARAGRAPH, node.astext(), len(lists)))
        elif not isinstance(node, nodes.title):
            for child in node.children:
                visit(child, depth, lists)

    visit(doctree, 0, [])
    return blocks
