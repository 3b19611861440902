"""Redlines between two revisions: blocks aligned, then changes marked inside each block.

A policy is compared as a sequence of blocks (headings, paragraphs, list
items) so that the section structure survives: a reader sees which section
changed. Inside a changed block the redline is character-level for Japanese,
which has no spaces between words, and word-level for other languages.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

HEADING = "heading"
PARAGRAPH = "paragraph"

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


class Granularity(StrEnum):
    CHARACTER = "character"
    WORD = "word"


def granularity_for(language: str) -> Granularity:
    return Granularity.CHARACTER if language in {"ja", "zh", "zh_CN", "zh_TW"} else Granularity.WORD


def list_marker(style: str, number: int) -> str:
    """The marker a reader sees for item ``number`` (1-based) of a list drawn in ``style``."""
    if style == "bullet":
        return "•"
    if style == "circled" and number <= len(_CIRCLED):
        return _CIRCLED[number - 1]
    if style == "parens":
        return f"({number})"
    if style == "paren-right":
        return f"{number})"
    if style == "katakana" and number <= len(_KATAKANA):
        return f"{_KATAKANA[number - 1]}."
    return f"{number}."


LIST_STYLES = ("circled", "parens", "paren-right", "katakana")


def list_style(classes: list[str] | str, ordered: bool) -> str:
    names = classes.split() if isinstance(classes, str) else classes
    if not ordered:
        return "bullet"
    return next((name for name in names if name in LIST_STYLES), "decimal")


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item of a policy, as plain text."""

    kind: str  # HEADING or PARAGRAPH
    text: str
    level: int = 0  # heading level; for paragraphs, list nesting depth
    marker: str = ""  # a list item's marker, as drawn on the page
    anchor: str = ""  # a heading's section id
    line: int = 0  # 1-based line in the source, where known
    labels: tuple[str, ...] = ()  # MyST labels ("(purpose_of_use)=") placed just before a heading


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"


@dataclass(frozen=True)
class Segment:
    op: Op  # EQUAL, INSERT or DELETE
    text: str


@dataclass(frozen=True)
class BlockChange:
    """One block of the comparison, with its inline redline."""

    op: Op
    old: Block | None
    new: Block | None
    segments: tuple[Segment, ...]

    @property
    def block(self) -> Block:
        block = self.new or self.old
        assert block is not None
        return block


def tokens(text: str, granularity: Granularity) -> list[str]:
    return list(text) if granularity is Granularity.CHARACTER else _WORDS.findall(text)


def redline(old: str, new: str, granularity: Granularity) -> tuple[Segment, ...]:
    """The changes that turn ``old`` into ``new``, as deleted, inserted and kept runs."""
    before, after = tokens(old, granularity), tokens(new, granularity)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(Op.EQUAL, "".join(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment(Op.DELETE, "".join(before[a1:a2])))
        if b2 > b1:
            segments.append(Segment(Op.INSERT, "".join(after[b1:b2])))
    return tuple(segments)


SIMILAR = 0.5  # blocks at least this alike are one block changed, not one deleted and one inserted


def _similarity(old: Block, new: Block) -> float:
    if old.kind != new.kind:
        return 0.0
    matcher = difflib.SequenceMatcher(None, old.text, new.text, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SIMILAR else 0.0


def _align(old: list[Block], new: list[Block], granularity: Granularity) -> list[BlockChange]:
    """Pair each old block with the most similar new block after the last pair; the rest are deleted or inserted."""
    changes: list[BlockChange] = []
    start = 0
    for block in old:
        scores = [(_similarity(block, candidate), index) for index, candidate in enumerate(new[start:], start=start)]
        best, index = max(scores, default=(0.0, -1), key=lambda pair: (pair[0], -pair[1]))
        if best < SIMILAR:
            changes.append(BlockChange(Op.DELETE, block, None, (Segment(Op.DELETE, block.text),)))
            continue
        changes += [BlockChange(Op.INSERT, None, n, (Segment(Op.INSERT, n.text),)) for n in new[start:index]]
        changes.append(BlockChange(Op.REPLACE, block, new[index], redline(block.text, new[index].text, granularity)))
        start = index + 1
    changes += [BlockChange(Op.INSERT, None, n, (Segment(Op.INSERT, n.text),)) for n in new[start:]]
    return changes


def compare_blocks(old: list[Block], new: list[Block], granularity: Granularity) -> list[BlockChange]:
    """Align two revisions block by block, then redline each changed pair."""
    changes: list[BlockChange] = []
    matcher = difflib.SequenceMatcher(None, [b.text for b in old], [b.text for b in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pairs = zip(old[a1:a2], new[b1:b2], strict=True)
            changes += [BlockChange(Op.EQUAL, o, n, (Segment(Op.EQUAL, n.text),)) for o, n in pairs]
        else:
            changes += _align(old[a1:a2], new[b1:b2], granularity)
    return changes


def changed_sections(changes: list[BlockChange]) -> list[Block]:
    """The headings (nearest above) of every section in which something changed."""
    sections: list[Block] = []
    heading: Block | None = None
    for change in changes:
        if change.block.kind == HEADING:
            heading = change.block
        if change.op is not Op.EQUAL:
            target = change.block if change.block.kind == HEADING else heading
            if target is not None and target not in sections:
                sections.append(target)
    return sections


def terminal_redline(changes: list[BlockChange], color: bool) -> str:
    """The changed blocks, each under its section heading: ``[-deleted-]{+inserted+}`` or colours."""
    delete, insert, reset = ("\x1b[9;31m", "\x1b[4;32m", "\x1b[0m") if color else ("[-", "{+", "")
    delete_end, insert_end = (reset, reset) if color else ("-]", "+}")
    lines: list[str] = []
    heading: Block | None = None
    shown: Block | None = None
    for change in changes:
        if change.block.kind == HEADING:
            heading = change.block
        if change.op is Op.EQUAL:
            continue
        if heading is not None and heading is not shown and change.block is not heading:
            lines.append(f"\n{'#' * heading.level} {heading.text}")
            shown = heading
        text = "".join(
            f"{delete}{s.text}{delete_end}"
            if s.op is Op.DELETE
            else f"{insert}{s.text}{insert_end}"
            if s.op is Op.INSERT
            else s.text
            for s in change.segments
        )
        prefix = (
            f"\n{'#' * change.block.level} "
            if change.block.kind == HEADING
            else (change.block.marker + " " if change.block.marker else "")
        )
        if change.block.kind == HEADING:
            shown = change.block
        lines.append(prefix + text)
    return "\n".join(lines).lstrip("\n") if lines else "no changes"


@functools.cache
def _parser() -> Any:
    # Building a MyST parser costs more than parsing a policy with it: build it once, and only
    # when a text must be parsed (a cached `check` parses none and skips importing MyST).
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    from policydocs.markdown_nesting import limit_nesting

    # Lists nested past markdown-it's default limit must not cut the rest of the text from the redline.
    return limit_nesting(
        create_md_parser(MdParserConfig(enable_extensions={"attrs_block", "colon_fence"}), _NullRenderer)
    )


def blocks_from_markdown(text: str) -> list[Block]:
    """The blocks of a MyST policy source, as the site shows them (markers included)."""
    return parse_markdown(text)[0]


def parse_markdown(text: str) -> tuple[list[Block], list[tuple[str, int]]]:
    """The blocks of a MyST policy source, and every label ``(name)=`` in it with its line, in one parse."""
    blocks: list[Block] = []
    all_labels: list[tuple[str, int]] = []
    lists: list[list[Any]] = []  # [style, item number] per open list
    heading_level = 0
    item_started = False
    labels: list[tuple[str, int]] = []
    for token in _parser().parse(text):
        line = token.map[0] + 1 if token.map else 0
        if token.type == "myst_target":
            labels.append((token.content.strip(), line))
            all_labels.append((token.content.strip(), line))
        elif token.type in ("ordered_list_open", "bullet_list_open"):
            ordered = token.type == "ordered_list_open"
            start = int(token.attrs.get("start", 1)) if ordered else 1
            lists.append([list_style(str(token.attrs.get("class", "")), ordered), start - 1])
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            lists[-1][1] += 1
            item_started = True
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "inline":
            content = _plain(token)
            if heading_level:
                names = tuple(name for name, _line in labels)
                blocks.append(Block(HEADING, content, heading_level, line=line, labels=names))
                heading_level, labels = 0, []
            elif content.strip():
                marker = list_marker(lists[-1][0], lists[-1][1]) if lists and item_started else ""
                blocks.append(Block(PARAGRAPH, content, len(lists), marker, line=line))
            item_started = False
    return blocks, all_labels


def _plain(token: Any) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("")
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


class _NullRenderer:
    """markdown-it wants a renderer; only the token stream is used here."""

    __output__ = "none"

    def __init__(self, parser: Any = None) -> None:
        self.rules: dict[str, Any] = {}

    def render(self, tokens: Any, options: Any, env: Any) -> str:
        return ""
