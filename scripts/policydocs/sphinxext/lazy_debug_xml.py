"""Sphinx's debug descriptions of skipped nodes, made only when a debug message is written.

``sphinx.util.nodes.is_translatable`` passes ``repr_domxml(node)`` (the node
serialised as DOM XML) to ``logger.debug`` for every text node it skips, such
as the facts box, banners and history the extension adds without a source.
Python evaluates that argument before the logger decides to drop the message,
so every walk over a translated page serialised all its generated parts: a
quarter of the English build's time in ``TranslationNotice`` at 500
documents, for messages that only ``-vv`` shows. Here the description is an
object that serialises the node when the message is formatted, so what a
debug log says is unchanged and a build without one pays nothing (a debug
message Sphinx holds back while it collects messages describes the node as it
is when written).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import nodes as sphinx_nodes

_eager = sphinx_nodes.repr_domxml


class _DomXml:
    """``repr_domxml(node, length)``, worked out when first shown."""

    __slots__ = ("_length", "_node", "_text")

    def __init__(self, node: nodes.Node, length: int) -> None:
        self._node = node
        self._length = length
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = _eager(self._node, self._length)
        return self._text

    def __repr__(self) -> str:
        return repr(str(self))


def _lazy(node: nodes.Node, length: int = 80) -> str:
    return _DomXml(node, length)  # type: ignore[return-value]  # formatted with %s, as a str would be


def install() -> None:
    """Make ``is_translatable``'s debug descriptions lazy (it looks ``repr_domxml`` up in its module)."""
    sphinx_nodes.repr_domxml = _lazy  # type: ignore[assignment]
