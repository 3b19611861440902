"""Import, second stage (b): logical lines as the policy's structure (title, headings, lists, blocks).

What the source format marks (a heading, a list item) is taken as marked. Plain text is read
the way a careful editor reads it: a numbered line followed by its own paragraphs is a
heading, a run of numbered lines (or one ending in 「。」) is an ordered list, a list that starts
again at 1 / ① / ア right under an item is nested in it, a short line standing alone before
text is a heading, and a run of contact lines (〒, TEL, 代表取締役, the organisation's name, a
date) stays a block of lines. Every decision taken from wording alone is a :class:`Guess` with
its source line, so that the editor can check exactly those places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from policydocs.import_lines import (
    HEADING_STYLES,
    ORDERED_STYLES,
    SHORT,
    LogicalLine,
    logical_lines,
    normal,
    width,
)
from policydocs.import_roles import (
    contact_like,
    demoted,
    echoes,
    heading_like,
    rank_levels,
    section_scheme,
    stands_alone,
    title_of,
)
from policydocs.import_sources import Hint, SourceDocument

_FIRST_VALUES = {"1", "１", "①", "ア"}


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    LINES = "lines"  # an address or signature block: its lines kept as lines


@dataclass
class Item:
    line: LogicalLine
    body: list[Block] = field(default_factory=list)  # its further paragraphs and nested lists


@dataclass
class Block:
    kind: BlockKind
    lines: list[LogicalLine] = field(default_factory=list)
    level: int = 0  # a heading's level (2-6)
    style: str = ""  # a list's marker style (see import_lines.MARKERS)
    items: list[Item] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.lines[0].line if self.lines else self.items[0].line.line


@dataclass(frozen=True)
class Guess:
    """A decision taken from the wording alone, for the editor to check."""

    line: int
    message: str


@dataclass
class Structure:
    title: str
    title_line: int  # 0: not from a line of the text
    title_from: str  # "first line", "source title", "kind" (a guess)
    blocks: list[Block]
    guesses: list[Guess]

    def count(self, kind: BlockKind) -> int:
        return sum(1 for block in walk(self.blocks) if block.kind is kind)


def walk(blocks: list[Block]):
    """Every block, nested ones included."""
    for block in blocks:
        yield block
        for item in block.items:
            yield from walk(item.body)


@dataclass
class _Reader:
    lines: list[LogicalLine]
    guesses: list[Guess]
    blocks: list[Block] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # styles of the numbered headings open
    lists: list[Block] = field(default_factory=list)  # the lists open, outermost first
    plain_level: int = 2
    base: int = 1  # the level numbered headings stand under (a marked heading's, else the title's)
    guess_titles: bool = True  # False when the source marks its own headings (a page's <h2>, a PDF's type)
    scheme: str = ""  # the ordered style of the document's sections (see import_roles.section_scheme)
    last: str = ""  # "heading", "item", "paragraph", "lines"
    echoed: set[int] = field(default_factory=set)  # the lines that repeat the title (import_roles.echoes)

    def guess(self, line: LogicalLine, message: str) -> None:
        self.guesses.append(Guess(line.line, message))

    def following(self, index: int) -> LogicalLine | None:
        return self.lines[index + 1] if index + 1 < len(self.lines) else None

    def read(self) -> list[Block]:
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            for note in line.notes:
                self.guess(line, note)
            if line.joined:
                self.guess(
                    line,
                    f"line {line.line} joined with line(s) {', '.join(map(str, line.joined))}: "
                    "a sentence broken across lines",
                )
            index = self.one(index, line)
        return self.blocks

    def one(self, index: int, line: LogicalLine) -> int:
        if line.hint is Hint.HEADING and demoted(line):
            self.guess(line, "marked as a heading in the source, read as text: a sentence, a label or a contact line")
            line.hint = Hint.TEXT
        if line.hint is Hint.HEADING:
            # Numbered lines after a marked heading divide its section: their levels start under it.
            self.headings.clear()
            self.base = min(max(line.level, 2), 6)
            self.heading(line, self.base, None)
        elif line.style in HEADING_STYLES and line.text.endswith("。"):
            # 「第１条　この規程は…。」: the article's text, its title (（目的）) above it if any.
            self.close_lists()
            self.blocks.append(Block(BlockKind.PARAGRAPH, [line]))
            self.last = "paragraph"
        elif line.style in HEADING_STYLES:
            self.numbered_heading(line)
        elif line.style and self.is_item(index, line):
            self.item(line)
        elif line.style:
            self.guess(line, f"'{line.marker.strip()}…' read as a heading: its own text follows")
            self.numbered_heading(line)
        elif self.contact_run(index) > 1:
            end = index + self.contact_run(index)
            self.close_lists()
            self.blocks.append(Block(BlockKind.LINES, self.lines[index:end]))
            self.guess(
                line,
                f"lines {line.line}-{self.lines[end - 1].line} kept as a block of lines (address, "
                "signature or contact)",
            )
            self.last = "lines"
            return end
        elif self.title_alone(index, line):
            level = self.plain_level
            if self.last == "heading" and self.blocks and self.blocks[-1].level == 2:
                level = self.plain_level = 3  # a title right under a title: a subsection
            self.headings.clear()
            self.heading(line, level, None)
            self.guess(line, f"a short line standing alone read as a heading (level {level})")
        elif self.lists and self.last == "item" and not line.blank_before:
            self.lists[-1].items[-1].body.append(Block(BlockKind.PARAGRAPH, [line]))
            self.guess(line, "read as a further paragraph of the list item above it")
        else:
            self.close_lists()
            self.blocks.append(Block(BlockKind.PARAGRAPH, [line]))
            self.last = "paragraph"
        return index + 1

    def title_alone(self, index: int, line: LogicalLine) -> bool:
        """A short plain line read as a title: standing alone before its text, outside a list."""
        if not self.guess_titles or not heading_like(line) or id(line) in self.echoed:
            return False
        return not self.list_goes_on(index) and stands_alone(self.lines, index)

    def list_goes_on(self, index: int) -> bool:
        """Inside a list item, the open list continues after this line (so it is the item's text)."""
        following = self.following(index)
        if not self.lists or self.last != "item" or following is None or self.lines[index].blank_before:
            return False
        return any(block.style == following.style for block in self.lists) and not _first(following)

    def contact_run(self, index: int) -> int:
        run = 0
        contact = False
        for position in range(index, len(self.lines)):
            line = self.lines[position]
            indented = line.indent >= 2 and not line.style and width(line.text) <= SHORT and "。" not in line.text
            if not (contact_like(line) or indented) or (run and line.blank_before):
                break
            contact = contact or contact_like(line)
            run += 1
            if normal(line.text).startswith(("Copyright", "©", "(c)", "(C)")):
                # A copyright notice broken over lines: its short lines to the end are the notice.
                tail = self.lines[position + 1 :]
                if all(width(rest.text) <= SHORT and "。" not in rest.text and not rest.style for rest in tail):
                    return run + len(tail)
        return run if contact else 0

    def is_item(self, index: int, line: LogicalLine) -> bool:
        if line.hint is Hint.ITEM or line.style == "bullet":
            return True
        if any(block.style == line.style for block in self.lists):
            return True
        if line.style in self.headings:
            return False
        if line.style in ORDERED_STYLES and line.style != self.scheme:
            # Another series than the document's sections: a list, unless it divides a section
            # (under one of the scheme's headings, each over its own text or bullets).
            following = self.following(index)
            if self.scheme not in self.headings or following is None or not _divides(following):
                return True
        if self.lists and self.last == "item" and _first(line):
            return True  # a list starting again at 1 right under an item: nested in it
        following = self.following(index)
        if following is None or following.style == line.style:
            return True
        text = line.text.rstrip()
        return not text or text[-1] in "。．" or width(text) > 60

    def heading(self, line: LogicalLine, level: int, style: str | None) -> None:
        self.close_lists()
        self.blocks.append(Block(BlockKind.HEADING, [line], level=level))
        self.last = "heading"

    def numbered_heading(self, line: LogicalLine) -> None:
        if line.style in self.headings:
            del self.headings[self.headings.index(line.style) + 1 :]
        else:
            self.headings.append(line.style)
        self.plain_level = 2
        # The number is part of the heading's wording: it stays in its text.
        if line.marker and line.style not in HEADING_STYLES:
            line.text, line.marker = line.marker + line.text, ""
        self.heading(line, min(self.base + len(self.headings), 6), line.style)

    def item(self, line: LogicalLine) -> None:
        style = line.style
        depth = next((i for i, block in enumerate(self.lists) if block.style == style), None)
        if line.hint is Hint.ITEM and line.level:
            depth = line.level - 1 if line.level - 1 < len(self.lists) else None
        if depth is not None:
            del self.lists[depth + 1 :]
            current = self.lists[depth]
            if current.style != style:
                current = self.new_list(style, nested=depth > 0, replace=depth)
        else:
            current = self.new_list(style, nested=bool(self.lists) and self.last == "item")
        current.items.append(Item(line))
        self.last = "item"

    def new_list(self, style: str, nested: bool, replace: int | None = None) -> Block:
        block = Block(BlockKind.LIST, style=style)
        if replace is not None:
            del self.lists[replace:]
            nested = bool(self.lists)
        if nested and self.lists:
            self.lists[-1].items[-1].body.append(block)
        else:
            self.close_lists()
            self.blocks.append(block)
        self.lists.append(block)
        return block

    def close_lists(self) -> None:
        self.lists.clear()


def _divides(following: LogicalLine) -> bool:
    """A lower numbered line divides a section when a sentence or a bullet list follows it, not a value."""
    return following.style in ("bullet", "circle") or (not following.style and following.text.endswith("。"))


def _first(line: LogicalLine) -> bool:
    value = line.marker.strip().strip("(（)）.．")
    return (line.style in ORDERED_STYLES and value in _FIRST_VALUES) or line.style in ("bullet", "circle")


def read_structure(document: SourceDocument, kind: str = "privacy") -> Structure:
    """The structure of ``document``'s policy, with the guesses made in reading it."""
    lines = logical_lines(document)
    title, title_line, title_from = title_of(document, lines, kind)
    guesses: list[Guess] = []
    if title_from == "kind":
        guesses.append(Guess(1, f"the text states no title: '{title}' (the kind's name) used; write the real one"))
    echoed = echoes(lines, title)
    for line in echoed:
        guesses.append(Guess(line.line, f"'{line.text}' repeats the title: read as text, not a heading"))
    rank_levels(lines)
    # A source that marks its sections' headings itself marks them all: no short line is guessed a
    # title, and only its numbered lines over paragraphs of their own may divide its sections.
    marked = sum(1 for line in lines if line.hint is Hint.HEADING) >= 2
    scheme = section_scheme(lines, marked)
    reader = _Reader(lines, guesses, guess_titles=not marked, scheme=scheme, echoed={id(line) for line in echoed})
    blocks = reader.read()
    return Structure(title, title_line, title_from, blocks, sorted(guesses, key=lambda g: g.line))
