"""Text that does not reach the page fails the build, naming the file and line where it starts.

Every document under ``policies/`` (policy texts, frozen revisions,
organisation pages) is checked as it is read, in the source-language build:

- lists and quotes nested deeper than :data:`~policydocs.markdown_nesting.MAX_DEPTH`
  (flattened by the parser, see :mod:`policydocs.markdown_nesting`) are refused;
- the text of the parsed doctree must contain every character a reader should
  see of the source that was actually parsed (for a policy's main page that may
  be the revision in force, not its own file): :mod:`policydocs.text_fidelity`;
- the blocks the comparison (redline) pages are made of must contain all of
  the doctree's text, so that no redline silently leaves a passage out.

The English build is made from catalogs of the same doctrees; a missing
translation is reported by the translation notices, not here. A document
refused here is read again by the next build, until it is fixed
(:mod:`.warned_documents`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from markdown_it.rules_core import StateCore
from sphinx.application import Sphinx

from policydocs.markdown_nesting import TooDeep
from policydocs.model import Location
from policydocs.sphinxext.comparisons import blocks_from_doctree
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import warn
from policydocs.sphinxext.revision_docs import read_instead
from policydocs.text_fidelity import first_lost, first_missing, significant, source_text

SUBTYPE = "lost_text"
NESTING = "nesting"
_SOURCE = "policydocs_read_source"
_TOO_DEEP = "policydocs_too_deep"
_POLICIES = "policies/"
# Nodes whose text is not shown to readers as page text.
_HIDDEN = (nodes.comment, nodes.system_message, nodes.raw, nodes.substitution_definition, nodes.footnote)


def note_too_deep(state: StateCore, found: TooDeep) -> None:
    """Keep what the parser flattened, to be reported once the document is read (its lines are final then)."""
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is not None:
        env.temp_data.setdefault(_TOO_DEEP, []).append(found)


def _checked(app: Sphinx, docname: str) -> bool:
    return docname.startswith(_POLICIES) and app.config.language == app.config.policydocs_source_language


def remember_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Keep the text that is parsed for ``docname``, and the file it comes from."""
    if _checked(app, docname):
        path = read_instead(app.env, docname) or Path(app.env.doc2path(docname))
        app.env.temp_data[_SOURCE] = (path, source[0])


def _page_text(doctree: nodes.document, alt: bool) -> tuple[str, dict[str, str], list[tuple[int, nodes.Node]], bool]:
    """The doctree's shown text (with images' alternative text), its footnotes' by label, where each node starts,
    and whether it has an image (without one, the text is the same either way)."""
    images = False
    parts: list[str] = []
    starts: list[tuple[int, nodes.Node]] = []
    length = 0
    stack: list[nodes.Node] = list(reversed(doctree.children))
    while stack:  # iterative: the depth of a doctree is no concern here
        node = stack.pop()
        if isinstance(node, nodes.Text):
            starts.append((length, node))
            parts.append(node.astext())
            length += len(parts[-1])
        elif isinstance(node, nodes.Element) and not isinstance(node, _HIDDEN):
            if GENERATED in node.get("classes", ()):
                continue
            if isinstance(node, nodes.image):
                images = True
                if alt:
                    parts.append(node.get("alt", ""))
                    length += len(parts[-1])
            stack.extend(reversed(node.children))
    footnotes = {}
    for footnote in doctree.findall(nodes.footnote):
        text = "".join(child.astext() for child in footnote.children if not isinstance(child, nodes.label))
        for name in footnote["names"]:
            footnotes[name] = text
    return "".join(parts), footnotes, starts, images


def _line_of(node: nodes.Node) -> int:
    current: nodes.Node | None = node
    while current is not None and not current.line:
        current = current.parent
    return current.line if current is not None and current.line else 0


def check_read_text(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse a document whose source text, or whose doctree's text, does not all reach its pages."""
    temp = app.env.temp_data
    too_deep: list[TooDeep] = temp.pop(_TOO_DEEP, [])
    read = temp.pop(_SOURCE, None)
    if read is None:
        return
    path, text = read
    for found in too_deep[:1]:
        warn(found.message(), NESTING, Location(path, found.line))
    page, footnotes, starts, images = _page_text(doctree, alt=True)
    lost = first_lost(source_text(text), page, footnotes)
    if lost is not None:
        lines = text.split("\n")
        written = lines[lost.line - 1].strip() if lost.line <= len(lines) else lost.excerpt
        warn(
            f"text does not reach the page from this line on: {written!r}; the Markdown around it hides it "
            "(a line '[x]: y' reads as a link definition, "
            "a list nested too deep is cut): rewrite it so that it is shown, e.g. escape the leading mark with '\\'",
            SUBTYPE,
            Location(path, lost.line),
        )
        return
    # The redline shows no images: compare it with the text only (walked again only when there is one).
    if images:
        page, _footnotes, starts, _images = _page_text(doctree, alt=False)
    _check_redline_blocks(doctree, page, starts, path)


class _OnlySignificant(dict[int, int | None]):
    """A ``str.translate`` table keeping the characters that carry text: each is judged once per process, and
    the pages' text is filtered in C (a call per character was a fifth of this check, profiled at 500 documents)."""

    def __missing__(self, code: int) -> int | None:
        kept = code if significant(chr(code)) else None
        self[code] = kept
        return kept


_ONLY_SIGNIFICANT = _OnlySignificant()


def _check_redline_blocks(doctree: nodes.document, page: str, starts: list[tuple[int, nodes.Node]], path: Path) -> None:
    blocks = "".join(block.text for block in blocks_from_doctree(doctree)).translate(_ONLY_SIGNIFICANT)
    shown_text = page.translate(_ONLY_SIGNIFICANT)
    missing = None if shown_text == blocks else first_missing(list(shown_text), blocks)
    if missing is None:
        return
    shown = [(index, c) for index, c in enumerate(page) if significant(c)]  # where each of shown_text is
    offset = shown[missing][0]
    node = next((node for start, node in reversed(starts) if start <= offset), doctree)
    line = _line_of(node)
    excerpt = "".join(c for _index, c in shown[missing : missing + 20])
    warn(
        f"the comparison with other revisions leaves out text from line {line} (it begins {excerpt!r}): "
        "the redline shows headings, paragraphs, list items and table cells only; write this text as one of them",
        SUBTYPE,
        Location(path, line),
    )
