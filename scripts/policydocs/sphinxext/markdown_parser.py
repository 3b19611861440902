"""MyST's parser, made cheap enough for Sphinx's translation of every message.

Sphinx's ``Locale`` transform parses each translated message as a document of
its own, asking the source parser afresh every time. MyST-Parser then builds a
new markdown-it parser and renderer (collecting its ``render_*`` methods with
``inspect``), and its renderer builds a throwaway docutils document with
default settings (a docutils ``OptionParser``) even though Sphinx hands it one:
``options.get("document", make_document())`` evaluates its default eagerly.
On a translated page of 90 messages that was 0.3 s, three quarters of the
English build.

This parser keeps one markdown-it parser per MyST configuration and gives the
renderer the document it was handed. And since revisions of a policy repeat
most of their messages, a message whose translation parses into plain inline
text (no targets, references by name, roles or warnings), a heading or a list
item of such text, is parsed once per build and copied after that. A text with front matter (a source page,
never a message) goes through MyST unchanged, since its ``myst:`` key may
change the configuration for that file.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig, TopmatterReadError, read_topmatter
from myst_parser.mdit_to_docutils import base
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser


class _GivenDocumentRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, without the throwaway document it makes before each render."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        document = options["document"]
        make_document = base.make_document
        base.make_document = lambda *args, **kwargs: document
        try:
            super().setup_render(options, env)
        finally:
            base.make_document = make_document


@dataclass
class _Memory:
    """One MyST configuration's parser, and the messages it parsed into plain text."""

    config: MdParserConfig
    parser: MarkdownIt
    plain: dict[str, tuple[nodes.Node, ...]] = field(default_factory=dict)


_memories: dict[int, _Memory] = {}
# What a message may parse into and still be copied: nothing registered with the document.
_PLAIN_NODES = (
    nodes.paragraph,
    nodes.Text,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.reference,
    nodes.title,
    # A numbered heading ("2. 目的") reads as a list item in Markdown.
    nodes.enumerated_list,
    nodes.bullet_list,
    nodes.list_item,
)


def _translated_title(node: nodes.Node) -> bool:
    # Sphinx parses a translated heading as "<text>\n====" and keeps only the title of the section
    # that makes: the section's ids, registered with the throwaway document, are never used.
    return isinstance(node, nodes.section) and len(node) == 1 and isinstance(node[0], nodes.title)


def _plain(document: nodes.document) -> bool:
    # Sphinx names a message's document "<page>:<line>:<translated>" and keeps only its first node,
    # so MyST's word-count substitutions on it are never used.
    if not document["source"].endswith(":<translated>"):
        return False
    if document.refnames or any(not _translated_title(node) for node in document.ids.values()):
        return False
    for node in document.findall(include_self=False):
        if not isinstance(node, _PLAIN_NODES) and not (_translated_title(node) and node.parent is document):
            return False
        if isinstance(node, nodes.reference) and "refuri" not in node:
            return False
    return True


def _memory_for(config: MdParserConfig) -> _Memory:
    # Keyed by identity: the environment's configuration lives for the whole build. The identity
    # check matters where one process runs several builds (tests) and an id is reused.
    memory = _memories.get(id(config))
    if memory is None or memory.config is not config:
        memory = _Memory(config, create_md_parser(config, _GivenDocumentRenderer))
        _memories[id(config)] = memory
    return memory


class ReusingMystParser(MystParser):
    """MyST's Sphinx parser, reusing one markdown-it parser for texts without front matter."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            topmatter = {"unreadable": True}  # MyST reports it while rendering
        if topmatter:
            super().parse(inputstring, document)
            return
        memory = _memory_for(document.settings.env.myst_config)
        copied = memory.plain.get(inputstring)
        if copied is not None:
            for node in copied:
                document += node.deepcopy()
            for element in document.findall(nodes.Element, include_self=False):
                element.source = document["source"]
            return
        memory.parser.options["document"] = document
        try:
            memory.parser.render(inputstring)
        finally:
            memory.parser.options.pop("document", None)
        if _plain(document):
            memory.plain[inputstring] = tuple(node.deepcopy() for node in document.children)
