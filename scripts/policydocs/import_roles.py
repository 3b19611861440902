"""Import, second stage (c): what a line's wording allows it to be, read as a careful editor reads it.

:mod:`policydocs.import_structure` walks the lines and builds the policy's blocks; the judgements
it takes from one line's wording, and from the document's numbering as a whole, are here:

- a **contact or signature line** (〒, TEL, an e-mail address, 担当, 受付時間, 「代表取締役 …」,
  a building's floor, a date) is never a heading;
- a **label line** (「項目：値」) is a row of facts, not a title;
- a **heading** is a short line that stands alone before the text it heads: a line followed by
  another short line that is not itself a heading (a run of short parallel lines, a value under
  its label) is no heading;
- the **section scheme** is the one numbering series that organises the document (第N条, or
  1. / (1) / ① at top level followed by its own paragraphs): numbered lines of any other series
  are list items, so that the same marker style has the same role throughout a document.
"""

from __future__ import annotations

import re
from collections import Counter

from policydocs.import_lines import ORDERED_STYLES, SHORT, LogicalLine, normal, width
from policydocs.import_sources import Hint, SourceDocument
from policydocs.kinds import kind_name
from policydocs.legal_forms import legal_form_of

_CONTACT = re.compile(
    r"^(?:〒|住所|所在地|本社|TEL|Tel|tel|電話|FAX|Fax|E-?mail|e-?mail|e-メール|Email|メール|代表取締役|代表者|代表理事|"
    r"理事長|代表社員|院長|学長|会長|社長|[^。]{0,12}責任者|Copyright|©|\(c\)|\(C\)|"
    # words that are a contact's label only when a value follows them
    r"(?:Mail|HP|URL|Web|LINE|Mobile|携帯|受付時間|受付|営業時間|営業|定休日?|担当者?|窓口|氏名|名称|取締役)[:：\s])"
)
_DATE_ONLY = re.compile(
    r"^[^。]{0,12}?(?:[0-9０-９]{4}|(?:明治|大正|昭和|平成|令和)(?:[0-9０-９]{1,2}|元))年[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?[^。]{0,12}$"
)
# What only an address, a contact or a signature has: an e-mail address, a web address, a
# telephone number, a building's floor.
# An address: a prefecture, then its city, ward, town or village.
_ADDRESS = re.compile(r"^(?:東京都|北海道|(?:京都|大阪)府|[^\s、。]{2,3}県)[^\s、。]{1,6}?[市区町村郡]")
_CONTACT_PART = re.compile(
    r"@|https?://|www\.|[0-9]{2,4}[-‐－(（][0-9]{2,4}[-‐－)）][0-9]{3,4}|(?:[0-9]+(?:階|F)|ビル内?|タワー)$"
)
# 「項目：値」: a short label, a colon, then its value on the same line.
_LABEL = re.compile(r"^[^。：:、]{1,16}[：:]\s*\S")
_TERMINAL = set("。．.：:、，,")
#: A title this long or longer is written as a sentence's clause (「…を除いて、…」), not a title.
_CLAUSE = 25


def contact_like(line: LogicalLine) -> bool:
    """A line of an address or signature: 〒, TEL, a title and name, a date, the organisation's name."""
    text = normal(line.text)
    if line.style or not text or "。" in text or width(text) > 60:
        return False
    if _CONTACT.match(text) or _DATE_ONLY.match(text) or _CONTACT_PART.search(text) or _ADDRESS.match(text):
        return True
    return width(text) <= SHORT and legal_form_of(text) is not None and not text.endswith(("について", "の"))


def label_line(line: LogicalLine) -> bool:
    """「項目：値」: a row of facts (a label and its value), which a careful editor keeps as text."""
    return bool(_LABEL.match(normal(line.text))) and not normal(line.text).endswith(("：", ":"))


def heading_like(line: LogicalLine) -> bool:
    """Wording a title may have: short, no sentence, no table row, no label, no contact detail."""
    text = line.text
    return (
        not line.style
        and "\t" not in text  # a table's row, copied with its cells apart
        and 0 < width(text) <= SHORT
        and "。" not in text
        and text[-1] not in _TERMINAL
        and normal(text) != "以上"
        and not contact_like(line)
        and not label_line(line)
        and not ("、" in text and width(text) >= _CLAUSE)
        and line.indent < 2
    )


def body_like(line: LogicalLine) -> bool:
    """Text a heading may stand over: a sentence, a long line, a list item or a numbered line."""
    if line.style or line.hint is not Hint.TEXT:
        return True
    return "。" in line.text or width(line.text) > SHORT or line.text.rstrip()[-1:] in ("：", ":")


def stands_alone(lines: list[LogicalLine], index: int) -> bool:
    """A short line is a title only when text follows it: its own, or a subtitle's over its text."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    before = lines[index - 1] if index > 0 else None
    if following is None:  # the text's last line: a title of what the page went on to, after text
        return before is not None and body_like(before)
    if body_like(following) or not heading_like(following):
        # The last of a run of short parallel lines (運転免許証 / パスポート / 住民票) heads nothing.
        run = [lines[i] for i in range(max(0, index - 3), index)]
        if len(run) == 3 and all(heading_like(each) for each in run):
            return False
        return body_like(following) or contact_like(following) or label_line(following)
    # Two short lines: a title and its subtitle when text follows them, or a title and its short
    # answer when the next title follows (「取得方法」「お客さまの入力による取得」「管理体制」…);
    # never a line inside a run of short lines.
    after = lines[index + 2] if index + 2 < len(lines) else None
    further = lines[index + 3] if index + 3 < len(lines) else None
    lone = before is None or bool(before.style) or body_like(before) or not heading_like(before)
    if not lone or after is None:
        return False
    if body_like(after):
        return not after.style
    return heading_like(after) and further is not None and body_like(further) and not further.style


def demoted(line: LogicalLine) -> bool:
    """A line the format marks as a heading that is really a sentence, a table row, a label or a contact."""
    text = line.text.strip()
    if not text:
        return True
    return (
        "\t" in text
        or width(text) > 60
        or text.endswith(("。", "．"))
        or text.startswith(("※", "＊"))  # a note, set in heading type
        or label_line(line)
        or (contact_like(line) and legal_form_of(normal(text)) is None)
    )


def section_scheme(lines: list[LogicalLine], marked: bool = False) -> str:
    """The ordered marker style that organises the document ("" when 第N条 does, or none does).

    A numbered line is a candidate section when it is short and followed by its own text (not by
    the next number of its series); the style with the most candidates is the document's scheme.
    In a source that ``marked`` its headings, a numbered line divides a section only over a
    paragraph (numbered lines over bullets there are a list of cases).
    """
    if any(line.style == "article" for line in lines):
        return ""
    candidates: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.style not in ORDERED_STYLES or line.hint is not Hint.TEXT:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        text = line.text.rstrip()
        if following is None or following.style == line.style or not text or text[-1] in "。．":
            continue
        if marked and (following.style or following.hint is not Hint.TEXT):
            continue
        if width(text) <= 60:
            candidates[line.style] += 1
            first.setdefault(line.style, index)
    if not candidates:
        return ""
    return max(candidates, key=lambda style: (candidates[style], -first[style]))


def echoes(lines: list[LogicalLine], title: str) -> list[LogicalLine]:
    """Lines before the text that only repeat the title (its words again, or in Latin letters:
    「PRIVACY POLICY」): a page's banner over its own title, or the title said again as the body's
    first line. So is a first line in the other script than the title (「Privacy Policy」 over
    「プライバシーポリシー」): its subtitle. They are made text, never headings."""
    found = []
    wanted = normal(title)
    for position, line in enumerate(lines):
        if line.hint is not Hint.HEADING and body_like(line):
            break
        text = normal(line.text)
        marked = line.hint is Hint.HEADING
        subtitle = position == 0 and not line.style and _other_script(text, wanted)
        if text == wanted or (marked and text.isascii()) or subtitle:
            line.hint = Hint.TEXT
            found.append(line)
    return found


def _other_script(text: str, title: str) -> bool:
    """One is Latin letters only, the other Japanese with no Latin letter."""
    latin = [value.isascii() and any(c.isalpha() for c in value) for value in (text, title)]
    japanese = [not any(c.isascii() and c.isalpha() for c in value) and not value.isascii() for value in (text, title)]
    return (latin[0] and japanese[1]) or (japanese[0] and latin[1])


def rank_levels(lines: list[LogicalLine]) -> None:
    """The levels a source marks its headings at, as the policy's: the highest is 2, the next 3…
    (a page whose sections are <h4> under a banner's <h2> has sections all the same)."""
    levels = sorted({line.level for line in lines if line.hint is Hint.HEADING})
    for line in lines:
        if line.hint is Hint.HEADING:
            line.level = 2 + levels.index(line.level)


def title_of(document: SourceDocument, lines: list[LogicalLine], kind: str) -> tuple[str, int, str]:
    """The policy's title, its line (0: not a line of the text) and where it came from; its line is taken
    off ``lines``: the first line when it is a top-level heading or a short plain line, else the source's."""
    if lines:
        first = lines[0]
        top = min((line.level for line in lines if line.hint is Hint.HEADING), default=1)
        heading = first.hint is Hint.HEADING and first.level <= max(top, 1) and not demoted(first)
        plain = first.hint is Hint.TEXT and not first.style and width(first.text) <= 60 and "。" not in first.text
        if heading or plain:
            lines.pop(0)
            return first.text, first.line, "first line"
    if document.title.strip():
        return document.title.strip(), 0, "source title"
    return kind_name(kind, "ja"), 0, "kind"
