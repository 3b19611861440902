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
item of such text, is parsed once per build and copied after that.

Page text is untrusted (:mod:`.untrusted_markup`), so every text, source page
or message, goes through the same safe renderer: raw HTML is refused and shown
as literal text, ``{eval-rst}`` is refused, and MyST's file-level
configuration in front matter (``myst:``, ``html_meta``, ``substitutions``,
which can add ``<meta>`` tags or run Jinja templates) is refused and ignored,
so no page is parsed by a renderer this module does not control.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils import base
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import YAML_LOAD_ERRORS
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

from policydocs.front_matter import load_yaml
from policydocs.markdown_nesting import limit_nesting
from policydocs.sphinxext.lost_text import note_too_deep
from policydocs.sphinxext.shared_parses import SharedParses, shareable
from policydocs.sphinxext.untrusted_markup import REFUSED, literal_text, location, refuse
from policydocs.sphinxext.warned_documents import warnings_so_far

# Front-matter keys MyST reads as configuration of the file.
_FILE_CONFIG = ("myst", "mystnb", "html_meta", "substitutions")
_HTML_FIX = (
    "it would be published as it is and could run in readers' browsers; write it in Markdown "
    "(a comment is a line starting with %), it is shown as literal text"
)


def _token_line(token: SyntaxTreeNode) -> int | None:
    # Inline tokens carry no line; their block does. Read as MyST reads it (token_line) for one numbering.
    current: SyntaxTreeNode | None = token
    while current is not None and not getattr(current, "map", None):
        current = current.parent
    return current.map[0] if current is not None and current.map else None


class _SafeRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, refusing raw HTML and reStructuredText in the text it renders."""

    def _where(self, token: SyntaxTreeNode):  # type: ignore[no-untyped-def]
        return location(self.document.get("source"), _token_line(token))

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        refuse("Raw HTML", _HTML_FIX, self._where(token))
        text = token.content.rstrip("\n")
        paragraph = nodes.paragraph(classes=[REFUSED])
        self.add_line_and_source_path(paragraph, token)
        paragraph += nodes.literal(text, text, classes=[REFUSED])
        self.current_node.append(paragraph)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        refuse("Raw HTML", _HTML_FIX, self._where(token))
        self.current_node.append(nodes.literal(token.content, token.content, classes=[REFUSED]))

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        # MyST loads the front matter with PyYAML's pure-Python loader, as it did in read_topmatter just
        # before: 1.1 s of each language's build at 500 documents. libyaml reads the same YAML (as the site's
        # loader does); MyST's method takes the mapping as it is, and warns as before of YAML it cannot read.
        if token.token is not None and isinstance(token.token.content, str):
            with contextlib.suppress(*YAML_LOAD_ERRORS):
                token.token.content = load_yaml(token.token.content)  # type: ignore[assignment]
        super().render_front_matter(token)

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        refuse(
            "The {eval-rst} directive",
            "reStructuredText in a page can publish raw markup or files; write it in MyST Markdown",
            self._where(token),
        )
        self.current_node.extend(literal_text(token.content))


class _GivenDocumentRenderer(_SafeRenderer):
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
    if any(REFUSED in node.get("classes", ()) for node in document.findall(nodes.Element)):
        return False  # refused markup is warned about every time it is met
    if document.refnames or any(not _translated_title(node) for node in document.ids.values()):
        return False
    for node in document.findall(include_self=False):
        if not isinstance(node, _PLAIN_NODES) and not (_translated_title(node) and node.parent is document):
            return False
        if isinstance(node, nodes.reference) and "refuri" not in node:
            return False
    return True


def _noted(temp_data: dict[str, Any]) -> dict[str, tuple[int, int]]:
    # What the current document's data holds: each entry by identity and size.
    return {key: (id(value), len(value) if hasattr(value, "__len__") else -1) for key, value in temp_data.items()}


def _topmatter(text: str) -> dict[str, Any]:
    """The mapping MyST's ``read_topmatter`` reads from ``text`` (the lines up to "---" or "..."), read by
    libyaml; empty where there is none or it is not a mapping, which MyST reports while rendering."""
    # Only a text starting with "---" has front matter: a translated page's messages are not split in lines.
    if not text.startswith("---"):
        return {}
    lines = iter(text.splitlines())
    next(lines)
    kept = []
    for line in lines:
        if line.startswith(("---", "...")):
            break
        kept.append(line.rstrip() + "\n")
    try:
        data = load_yaml("".join(kept))
    except YAML_LOAD_ERRORS:
        return {}
    return data if isinstance(data, dict) else {}


def _memory_for(config: MdParserConfig) -> _Memory:
    # Keyed by identity: the environment's configuration lives for the whole build. The identity
    # check matters where one process runs several builds (tests) and an id is reused.
    memory = _memories.get(id(config))
    if memory is None or memory.config is not config:
        memory = _Memory(config, limit_nesting(create_md_parser(config, _GivenDocumentRenderer), note_too_deep))
        _memories[id(config)] = memory
    return memory


def _copies(kept: tuple[nodes.Node, ...], source: str) -> list[nodes.Node]:
    copies = [node.deepcopy() for node in kept]
    for copy in copies:
        for element in copy.findall(nodes.Element):
            element.source = source
    return copies


def plain_message(text: str, config: MdParserConfig, source: str) -> nodes.Node | None:
    """A copy of the first node ``text`` parsed into, if it was parsed into plain text before (else None),
    as :meth:`ReusingMystParser.parse` would give it in a document named ``source``."""
    memory = _memories.get(id(config))
    kept = memory.plain.get(text) if memory is not None and memory.config is config else None
    return _copies(kept[:1], source)[0] if kept else None


class ReusingMystParser(MystParser):
    """MyST's Sphinx parser, reusing one markdown-it parser and one safe renderer for every text."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        topmatter = _topmatter(inputstring)
        file_config = [key for key in _FILE_CONFIG if key in topmatter]
        for key in file_config:
            match = re.search(rf"^{key}\s*:", inputstring, re.MULTILINE)
            line = inputstring.count("\n", 0, match.start()) + 1 if match else 1
            refuse(
                f"MyST configuration in front matter ({key!r})",
                "it can add <meta> tags or run templates; remove the key (it is ignored)",
                location(document.get("source"), line),
            )
        memory = _memory_for(document.settings.env.myst_config)
        copied = memory.plain.get(inputstring)
        if copied is not None:
            document.extend(_copies(copied, document["source"]))
            return
        shared = None if file_config else SharedParses.of(document)
        key = shared.key(document, inputstring, memory.config, topmatter) if shared is not None else ""
        if shared is not None and shared.read_into(key, document):
            return  # parsed by the other language's build (policydocs.sphinxext.shared_parses)
        app = document.settings.env._app  # as Sphinx's own transforms reach it
        warned, noted = warnings_so_far(app), _noted(document.settings.env.temp_data)
        memory.parser.options["document"] = document
        try:
            md_env: dict[str, Any] = {}  # MarkdownIt.render, with the tokens kept for shareable()
            tokens = memory.parser.parse(inputstring, md_env)
            memory.parser.renderer.render(tokens, memory.parser.options, md_env)
        finally:
            memory.parser.options.pop("document", None)
        # Nor a parse that warned, or noted something for later (a list nested too deep, reported once read).
        unremarked = warned is not None and warnings_so_far(app) == warned and _noted(app.env.temp_data) == noted
        if shared is not None and unremarked and shareable(tokens):
            shared.keep(key, document)
        if _plain(document):
            memory.plain[inputstring] = tuple(node.deepcopy() for node in document.children)
