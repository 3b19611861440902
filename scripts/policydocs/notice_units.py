"""A notice read as the units it describes (the modules of a 外部送信 notice), each with its labelled fields.

The law asks for some things per unit: the Telecommunications Business Act Art. 27-12 and its
Ordinance Art. 22-2-29 want the information sent, the recipient's name and the purpose *for each
transmission* (情報送信指令通信ごと). Real notices give them the same way whatever their layout:

- a heading per module, and under it a label for each field: a heading 「送信先」, a bold line
  「**利用目的**」 over its text, a table of two columns 「| 送信先事業者 | Google LLC |」, or
  「送信先：Google LLC」;
- one table with a row per module, its first row naming the fields (「| サービス | 送信先 | 送信される
  情報 | 利用目的 |」);
- one set of labels for the whole page when it describes one module, or a label high up
  (「情報送信先事業者及びサービス名」 over every module) that answers for all the modules below it;
- a label heading that says nothing itself before its sub-headings (「## 主な外部送信先」 over
  「### Supabase」, 「### Google」…): the sub-headings' titles are that field, one for each section.

Reading only: which unit a label describes, what it says, and which units there are. Judging is
:mod:`policydocs.per_unit`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydocs.diffing import HEADING, Block
from policydocs.policy_text import PolicyText, heading_text, normalise
from policydocs.substance import label_block

Patterns = tuple[re.Pattern[str], ...]
_TITLE_LENGTH = 30  # longer than this, a heading or a cell is a sentence, not a label
# 「送信先：Google LLC」, 「**送信される情報**：」 over a list: a label and its value in one paragraph. As
# long as a title: the Ordinance's own words (「送信されることとなる利用者に関する情報の内容」) are 22.
_INLINE = re.compile(rf"^([^:。]{{1,{_TITLE_LENGTH}}}):\s*(.*)$", re.DOTALL)
# A label over a value that gives two things at once names both, the second in brackets or after a
# slash or a 中黒 (「事業者（サービス）」, 「サービス名／送信先」): each part is read as a label.
_PARTS = re.compile(r"\s*[()/・]\s*")


@dataclass(frozen=True)
class Unit:
    """What a field describes: a section under a heading, a row of a table, or (neither) the whole text."""

    heading: Block | None = None
    row: tuple[Block, ...] = ()

    @property
    def line(self) -> int | None:
        first = self.row[0] if self.row else self.heading
        return first.line if first is not None else None

    @property
    def title(self) -> str:
        """How the text names the unit: its heading, or every cell of its row (the module may be in any)."""
        if self.row:
            return normalise(" ".join(cell.text for cell in self.row))
        return normalise(self.heading.text) if self.heading is not None else ""

    @property
    def titled(self) -> bool:
        """Whether the unit has a title of its own (a section heading below the page's, or a row)."""
        return bool(self.row) or (self.heading is not None and self.heading.level > 1)


WHOLE = Unit()


@dataclass(frozen=True)
class Field:
    """One labelled field: the label, what it says, and the unit it describes."""

    label: Block
    values: tuple[Block, ...]
    owner: Unit


def contains(text: PolicyText, outer: Unit, inner: Unit) -> bool:
    """Whether ``outer`` holds ``inner`` or is it (the whole text holds everything)."""
    if outer in (inner, WHOLE):
        return True
    if outer.row or inner == WHOLE:
        return False
    first = inner.row[0] if inner.row else inner.heading
    return first is not None and holds(text, outer, first)


def holds(text: PolicyText, unit: Unit, block: Block) -> bool:
    """Whether ``block`` stands in ``unit`` (a heading's section, with the heading itself)."""
    if unit.row:
        return block in unit.row
    if unit.heading is None:
        return True
    return block == unit.heading or any(s.heading == unit.heading and block in s.body for s in text.sections())


def _heading_label(block: Block, patterns: Patterns, among: Patterns = ()) -> bool:
    title = heading_text(block.text).strip()
    return (
        block.kind == HEADING and block.level > 1 and len(title) <= _TITLE_LENGTH and _is_label(patterns, title, among)
    )


def _parts(label: str) -> list[str]:
    """A label and, where it names two things, each of them."""
    return [label, *(part for part in _PARTS.split(label) if part)]


def _is_label(patterns: Patterns, label: str, among: Patterns = ()) -> bool:
    """Whether ``label`` (or a part of it) names a field of ``patterns`` rather than another of ``among``.

    Japanese puts a phrase's head last: 「送信先での利用目的」 is a purpose (the recipient's), 「送信される
    情報の利用目的」 too, so where the words of several fields are in one label, the field whose words
    end last is the one it names."""
    for part in _parts(label):
        ends = {pattern: _last_end(pattern, part) for pattern in (*among, *patterns)}
        best = max(ends.values())
        if best > 0 and any(ends[pattern] == best for pattern in patterns):
            return True
    return False


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    """Where the latest match of ``pattern`` in ``text`` ends (0 for none), overlapping matches included."""
    return max((m.end() for i in range(len(text)) if (m := pattern.match(text, i)) is not None), default=0)


def _enclosing(text: PolicyText, block: Block) -> Block | None:
    """The heading whose section ``block`` stands in directly (for a heading: the one above its level)."""
    index = text.position(block)
    level = block.level if block.kind == HEADING else 99
    for earlier in reversed(text.blocks[:index]):
        if earlier.kind == HEADING and earlier.level < level:
            return earlier
    return None


def _owner(text: PolicyText, block: Block, units: Patterns) -> Unit:
    """The section a label describes: the nearest heading above it that is not itself a label (「送信目的」
    under 「Googleアナリティクス」 describes Google Analytics)."""
    heading = _enclosing(text, block)
    while heading is not None and _heading_label(heading, units):
        heading = _enclosing(text, heading)
    return Unit(heading=heading)


def _rows(text: PolicyText) -> tuple[tuple[Block, ...], ...]:
    """The text's table rows: paragraphs that share their line (a table's cells)."""
    rows: list[list[Block]] = []
    for block in text.blocks:
        if block.kind != HEADING and rows and rows[-1][0].line == block.line:
            rows[-1].append(block)
        else:
            rows.append([block])
    return tuple(tuple(row) for row in rows if len(row) > 1)


def _cells(text: PolicyText) -> frozenset[int]:
    return frozenset(id(cell) for row in _rows(text) for cell in row)


def _column_tables(text: PolicyText, units: Patterns) -> list[tuple[tuple[Block, ...], list[tuple[Block, ...]]]]:
    """Tables whose first row names two fields or more (a row per module): (header, rows)."""
    tables = []
    rows = _rows(text)
    index = 0
    while index < len(rows):
        header = rows[index]
        labels = [cell for cell in header if len(heading_text(cell.text)) <= _TITLE_LENGTH]
        if sum(_is_label(units, heading_text(cell.text)) for cell in labels) < 2:
            index += 1
            continue
        body: list[tuple[Block, ...]] = []
        # The rows that follow it, each on the next line or two (a separator line between header and body).
        while index + 1 < len(rows) and 0 < rows[index + 1][0].line - (body or [header])[-1][0].line <= 2:
            index += 1
            body.append(rows[index])
        tables.append((header, body))
        index += 1
    return tables


def _values(text: PolicyText, block: Block) -> tuple[Block, ...]:
    """What ``block`` says as a label (nothing when it is not laid out as one)."""
    if block.kind == HEADING:
        index = text.position(block)
        said = []
        cells = _cells(text)
        for following in text.blocks[index + 1 :]:
            if following.kind == HEADING:  # a sub-heading starts what the label does not say itself
                break
            if id(following) not in cells:  # a table under a title is read by its own labels
                said.append(following)
        return tuple(said)
    inline = _INLINE.match(normalise(block.text))
    if inline is not None and inline.group(2).strip():
        return (block,)
    following = label_block(text, block)
    if following is None:
        return ()
    index = text.position(following)
    values = [following]
    if following.marker:  # a list under the label: its items
        for item in text.blocks[index + 1 :]:
            if item.kind == HEADING or not item.marker:
                break
            values.append(item)
    return tuple(values)


def _children(text: PolicyText, heading: Block, units: Patterns) -> list[Block]:
    """The headings directly under ``heading`` that title sections of their own (not field labels)."""
    index = text.position(heading)
    children: list[Block] = []
    for block in text.blocks[index + 1 :]:
        if block.kind != HEADING:
            continue
        if block.level <= heading.level:
            break
        if (not children or block.level <= children[0].level) and not _heading_label(block, units):
            children.append(block)
    return [child for child in children if child.level == min(c.level for c in children)]


def _label_text(block: Block) -> str:
    inline = _INLINE.match(normalise(block.text))
    return inline.group(1) if inline is not None and block.kind != HEADING else heading_text(block.text).strip()


def fields(text: PolicyText, labels: Patterns, units: Patterns) -> list[Field]:
    """Every field of ``text`` whose label matches ``labels``, with what it says and the unit it describes;
    ``units`` are the labels of every field (a heading labelled for a field is not a unit)."""
    found = []
    tables = _column_tables(text, units)
    headers = {id(cell) for header, _body in tables for cell in header}
    for block in text.blocks:
        if id(block) in headers:
            continue
        if block.kind == HEADING and not _heading_label(block, labels, units):
            continue
        label = _label_text(block)
        if block.kind != HEADING and (len(label) > _TITLE_LENGTH or not _is_label(labels, label, units)):
            continue
        values = _values(text, block)
        if values:
            found.append(Field(block, values, _owner(text, block, units)))
        elif block.kind == HEADING:
            # A label over sections with nothing of its own: what it labels is each section's title.
            found.extend(Field(block, (child,), Unit(heading=child)) for child in _children(text, block, units))
    for header, body in tables:
        for column, cell in enumerate(header):
            if not _is_label(labels, heading_text(cell.text), units):
                continue
            for row in body:
                # Markdown drops an empty cell: a short row is read from the left, as rows most often
                # leave their last (optional) columns empty; a gap further left shifts the cells and
                # shows as a value out of place, which the checks on values then question.
                if column < len(row) and row[column].text.strip():
                    found.append(Field(cell, (row[column],), Unit(row=row)))
    return sorted(found, key=lambda field: field.values[0].line)


def units(text: PolicyText, unit_labels: Patterns) -> list[Unit]:
    """The units the labels describe (``unit_labels``: one pattern per field).

    A unit is described by two fields or more: a lone 「利用目的：」 in the section on cookies is not a
    module. Innermost only: a heading whose labels answer for modules described under it
    (「情報送信先事業者及びサービス名」 over each service) groups units, it is not one."""
    kinds: dict[Unit, set[int]] = {}
    for field in fields(text, unit_labels, unit_labels):
        label = _label_text(field.label)
        kinds.setdefault(field.owner, set()).update(
            i for i, p in enumerate(unit_labels) if _is_label((p,), label, unit_labels)
        )
    owners = list(kinds)
    described = [o for o in owners if len(kinds[o]) >= min(2, len(unit_labels))]
    return [o for o in described if not any(other != o and contains(text, o, other) for other in described)]


def unit_of(text: PolicyText, block: Block, found: list[Unit]) -> Unit | None:
    """The innermost unit that holds ``block``, if any."""
    inside = [u for u in found if holds(text, u, block)]
    return inside[-1] if inside else None
