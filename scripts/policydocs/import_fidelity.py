"""Import, last stage: did every character of the source reach the page the MyST makes?

The MyST written by :mod:`policydocs.import_myst` is parsed by markdown-it configured as the
site configures MyST (attribute blocks, colon fences), and the text a reader would see is
collected from its tokens: the rendered result, not the Markdown, so an escape that failed
(a ``*`` read as emphasis, a line read as a link definition) is caught here. Every
non-whitespace character of each source line, a leading list marker aside (the list draws
it), must appear there in order, the characters of one line close together
(:func:`policydocs.text_fidelity.first_missing`). The first that does not is reported with
its source line.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from policydocs.import_lines import HEADING_STYLES, read_marker
from policydocs.import_sources import Hint, SourceDocument
from policydocs.model import Problem
from policydocs.text_fidelity import SourceText, first_missing

_TEXT_TOKENS = frozenset({"text", "code_inline", "html_inline", "html_block", "code_block", "fence", "math_inline"})


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    config = MdParserConfig(enable_extensions={"attrs_block", "colon_fence"})
    return create_md_parser(config, RendererHTML)


def _visible(tokens: list[Token], out: list[str]) -> None:
    for token in tokens:
        if token.type == "front_matter":
            continue
        if token.children:
            _visible(token.children, out)
        elif token.type in _TEXT_TOKENS:
            out.append(token.content)


def rendered_text(myst: str) -> str:
    """What a reader sees of ``myst``: the text of its tokens, markup and front matter left out."""
    out: list[str] = []
    _visible(markdown_parser().parse(myst), out)
    return "".join("".join(out).split())


def source_characters(document: SourceDocument, title: str = "") -> SourceText:
    """Every non-whitespace character of the document's lines, a leading list marker aside, with its line."""
    text = SourceText()
    for line in document.lines:
        if line.hint is Hint.BLANK:
            continue
        words = line.text.strip()
        if line.hint is not Hint.HEADING:
            style, _marker, rest = read_marker(words)
            if style and style not in HEADING_STYLES:
                words = rest
        first = True
        for character in words:
            if not character.isspace():
                text.chars.append(character)
                text.lines.append(line.line)
                text.after_markup.append(first)
                first = False
    return text


def lost_text(document: SourceDocument, myst: str) -> Problem | None:
    """The first text of ``document`` that the page made from ``myst`` would not show, or None."""
    expected = source_characters(document)
    shown = rendered_text(myst)
    index = first_missing(expected.chars, shown, expected)
    if index is None:
        return None
    line = expected.lines[index]
    excerpt = "".join(expected.chars[index : index + 20])
    return Problem(
        document.where(line),
        f"the text 「{excerpt}」 would not reach the page the imported MyST makes",
        "nothing was written; report this source to the policydocs maintainers, or convert this passage by hand",
    )
