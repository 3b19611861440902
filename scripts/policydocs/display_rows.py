"""A display read as its rows: each label (「販売業者」, 「所在地」) with what it says, whatever the layout.

Real displays under Art. 11 of the Act on Specified Commercial Transactions give the same items in
four layouts, and a row must read the same in each:

- a table: 「| 販売業者 | 株式会社X |」, the first cell of a row the label, the other cells its content
  (table cells are blocks on one source line);
- a heading over its paragraphs: 「## 所在地」;
- a title paragraph (bold, or a short line with no sentence) over the paragraphs that follow it, up
  to the next title-like paragraph (list items and sentences continue the content:
  「**所在地**」 over 「大分県豊後高田市」 and its 「※ 番地以下の詳細…」);
- a label and value in one line: 「電話番号：090-…」, several in one cell (「電話番号：… メールアドレス：…」).

Reading only; judging is :mod:`policydocs.display_items` and :mod:`policydocs.display_names`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydocs.diffing import HEADING, Block
from policydocs.policy_text import PolicyText, heading_text, normalise
from policydocs.recognise import matches
from policydocs.substance import label_block

# A label and its value in one line, after NFKC (「：」 is ":"): the label is short and has no sentence in it.
_INLINE = re.compile(r"(?:^|(?<=\s))([^\s:。、]{1,20})\s*:\s*")
_LABEL_LENGTH = 40  # a heading or cell longer than this is a sentence, not a label


@dataclass(frozen=True)
class Row:
    """One label and what it says: ``content`` blocks, or ``value`` when label and value share a line."""

    label: Block
    content: tuple[Block, ...]
    value: str = ""

    @property
    def line(self) -> int:
        """Where the row says its content (the label's line when it says nothing)."""
        return self.content[0].line if self.content else self.label.line

    def text(self) -> str:
        if self.value:
            return self.value
        return normalise("\n".join(b.text for b in self.content))

    def texts(self) -> list[str]:
        """Each block of the content on its own (the value alone, for a label and value in one line)."""
        return [self.value] if self.value else [normalise(b.text) for b in self.content]


def _is_label(text: str, labels: tuple[re.Pattern[str], ...]) -> bool:
    title = heading_text(text).strip()
    return bool(title) and len(title) <= _LABEL_LENGTH and matches(labels, title)


def _same_line(blocks: tuple[Block, ...], index: int, step: int) -> bool:
    other = index + step
    return 0 <= other < len(blocks) and blocks[other].kind != HEADING and blocks[other].line == blocks[index].line


def _title_like(text: PolicyText, block: Block) -> bool:
    return block.kind != HEADING and not block.marker and label_block(text, block) is not None


def _following(text: PolicyText, index: int) -> tuple[Block, ...]:
    """The content under a title paragraph: the next block, then lists and sentences up to the next title."""
    blocks = text.blocks
    content: list[Block] = []
    for block in blocks[index + 1 :]:
        if block.kind == HEADING or _same_line(blocks, blocks.index(block), 1):
            break  # a heading, or a table starting
        if content and _title_like(text, block):
            break
        content.append(block)
    return tuple(content)


def _inline(block: Block, labels: tuple[re.Pattern[str], ...]) -> list[Row]:
    said = normalise(block.text)
    found = list(_INLINE.finditer(said))
    rows = []
    for position, match in enumerate(found):
        if not matches(labels, match.group(1)):
            continue
        end = found[position + 1].start() if position + 1 < len(found) else len(said)
        value = said[match.end() : end].strip()
        if value:
            rows.append(Row(block, (block,), value))
    return rows


def rows(text: PolicyText, labels: tuple[re.Pattern[str], ...]) -> list[Row]:
    """Every row of ``text`` whose label matches ``labels``, in the order of the text."""
    if not labels:
        return []
    blocks = text.blocks
    found: list[Row] = []
    for index, block in enumerate(blocks):
        if block.kind == HEADING:
            if block.level > 1 and _is_label(block.text, labels):
                content = []
                for following in blocks[index + 1 :]:
                    if following.kind == HEADING:
                        break
                    content.append(following)
                found.append(Row(block, tuple(content)))
            continue
        later_cell = _same_line(blocks, index, -1)
        first_cell = not later_cell and _same_line(blocks, index, 1)
        if first_cell and _is_label(block.text, labels):
            cells = []
            for following in blocks[index + 1 :]:
                if following.kind == HEADING or following.line != block.line:
                    break
                cells.append(following)
            found.append(Row(block, tuple(cells)))
            continue
        inline = _inline(block, labels)
        if inline:
            found.extend(inline)
            continue
        if not first_cell and not later_cell and _title_like(text, block) and _is_label(block.text, labels):
            found.append(Row(block, _following(text, index)))
    return found
