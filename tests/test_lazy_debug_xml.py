"""Sphinx's debug description of a skipped node is made only when the debug message is written, and says the same."""

from __future__ import annotations

import logging

import pytest
from docutils import nodes
from policydocs.sphinxext import lazy_debug_xml
from sphinx.util import nodes as sphinx_nodes


def _generated() -> nodes.paragraph:
    # As the extension adds them: no source, so Sphinx skips it (and describes it for the debug log).
    paragraph = nodes.paragraph()
    paragraph += nodes.Text("発効日 2026年4月1日")
    return paragraph


def test_no_description_is_made_when_no_debug_message_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    lazy_debug_xml.install()
    made: list[object] = []
    monkeypatch.setattr(nodes.paragraph, "asdom", lambda self, *a: made.append(self) or nodes.Node.asdom(self, *a))
    # As in a build without -vv. (A Sphinx app set up by an earlier test leaves its logger at DEBUG, and
    # pytest's own handler then writes every debug message.)
    logger = logging.getLogger("sphinx.sphinx.util.nodes")
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        assert not sphinx_nodes.is_translatable(_generated())
    finally:
        logger.setLevel(level)
    assert made == []


def test_a_written_debug_message_describes_the_node_as_before() -> None:
    lazy_debug_xml.install()
    node = _generated()
    expected = lazy_debug_xml._eager(node)
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("sphinx.sphinx.util.nodes")
    level = logger.level
    logger.setLevel(logging.DEBUG)  # setLevel, not the attribute: it clears the logging module's cache
    logger.addHandler(handler)
    try:
        assert not sphinx_nodes.is_translatable(node)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert expected.startswith("<paragraph>")
    assert [record.getMessage() for record in records] == [
        f"[i18n] SKIP 'docutils.nodes.paragraph' because no node.source: {expected}"
    ]
