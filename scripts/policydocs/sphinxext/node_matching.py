"""Sphinx's ``NodeMatcher.findall`` over docutils' fast walks: the same nodes, in the same order.

``NodeMatcher`` (nodes of some classes with some attributes) hands itself to
``Node.findall`` as a condition, so docutils takes its general walk, which calls the
matcher (and through it ``match``) for every node of the page. Sphinx's translation
does so several times for each translated message (``Locale``'s section names and the
updates of references, footnotes and cross-references), and once per page in several
transforms: at 500 documents 264,804 walks in the English build. Here a matcher of one
class walks only over the nodes of that class, by docutils' own walk for a class (an
``isinstance`` test per node), and asks ``match`` of those alone; a matcher of several
classes or none walks every node without a call for each. Both walks go in document
order, the order of the general walk, so every caller sees exactly the nodes it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.util.nodes import NodeMatcher


def _findall(self: NodeMatcher[Any], node: nodes.Node) -> Iterator[Any]:
    classes = self.classes
    if len(classes) == 1:
        found = node.findall(classes[0])  # docutils' walk for one class: isinstance, no call per node
    else:
        found = node.findall()  # every node, in the same order, without a condition to call
        if classes:
            found = (each for each in found if isinstance(each, classes))
    if not self.attrs:
        yield from found
        return
    match = self.match
    for each in found:
        if match(each):
            yield each


def install() -> None:
    """Walk with :func:`_findall` wherever Sphinx or an extension asks a ``NodeMatcher`` to find nodes."""
    NodeMatcher.findall = _findall  # type: ignore[method-assign]
