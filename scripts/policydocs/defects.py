"""Clauses the law makes void: a rule judged the other way round (``[[rule.forbids]]`` in a rule file).

Most rules ask whether a text *says* something. Some ask whether it says something it must not:
terms of use that exclude all of the business's liability (Consumer Contract Act Art. 8), that set
late-payment damages above 14.6% a year (Art. 9) or deem a consumer's silence to be consent (Art.
10). Such a rule is missing when the text holds the void clause, needs review when it holds only a
borderline one, not applicable when it has no clause of the kind at all (``applies_if``), and present
otherwise.

The unit is the sentence, as the law reads a clause: a carve-out saves a clause only in the same
sentence (「当社の故意又は重過失による場合を除き、一切の責任を負いません」) or in the proviso
(ただし書) that follows it, never in another article (a consumer carve-out in the 免責 article does not
save the total exclusion in the article on suspension). Two sentences are read with what they depend
on, as statutes and contracts are drafted: a latter part opening 「この場合」 (後段) with the sentence it
qualifies, and an item of a list with the sentence announcing the list (「次の各号に掲げる場合に応じ、
…損害の賠償を請求できる」 over 「(1) 開始前である場合、5万円」): an item alone says nothing. The finding
is located at the offending sentence's own line and quotes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from policydocs.diffing import HEADING, Block
from policydocs.findings import Finding, Verdict, excerpt
from policydocs.model import Location
from policydocs.policy_text import PolicyText, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Forbidden, Rule

_OPEN, _CLOSE = "(（「『【〔[［", ")）」』】〕]］"  # brackets as written, and as NFKC leaves them
# A proviso opens its sentence with ただし (但し): it belongs to the clause before it.
_PROVISO = re.compile(r"^\s*(ただし|但し|但書)[、,]?")
# A latter part (後段) opens with 「この場合(において)」「その場合」: it qualifies the sentence before it
# (「…当社の指定する外部サービスを利用できる。この場合、当社は…責任を負わない。」).
_LATTER = re.compile(r"^\s*(この場合|その場合|前段の場合)")
# The sentence that announces a list: 「次の各号」「以下の行為」「下記の場合」.
_ANNOUNCES = re.compile(r"次の|以下の|下記の|各号|左記の")
_QUOTE = 80  # characters of the offending sentence quoted in the finding


def sentences(text: str) -> list[str]:
    """``text`` cut after each 。 that closes a sentence, not one inside brackets (「（重過失を除きます。）」)."""
    found, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char == "。" and depth == 0:
            found.append(text[start : index + 1])
            start = index + 1
    if text[start:].strip():
        found.append(text[start:])
    return [s.strip() for s in found if s.strip()]


def clauses(text: str, lead: str = "") -> Iterator[tuple[str, str, str]]:
    """Each sentence as the law reads it: (the sentence; it with what it depends on, ``lead`` (the sentence
    announcing the list it is an item of) and, for a latter part, the sentence before; that and its provisos)."""
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        before = parts[index - 1] if index and _LATTER.match(sentence) else ""
        read = lead + before + sentence
        scope = [read]
        for following in parts[index + 1 :]:
            if not _PROVISO.match(following):
                break
            scope.append(following)
        yield sentence, read, "".join(scope)


def lead_ins(blocks: Iterable[Block]) -> Iterator[tuple[Block, str]]:
    """Each block with the sentence announcing the list it is an item of, as read with its provisos, or "".

    An item's lead-in is the nearest block above it at a shallower level within its section; of that
    block's sentences, the one that announces a list (「以下の各号の行為を行ってはならない。」), else its
    last, with the ただし書 after it (a carve-out there covers every item).
    """
    above: dict[int, tuple[Block, str]] = {}  # the last block seen at each level since the heading, with its lead
    for block in blocks:
        if block.kind == HEADING:
            above.clear()
            yield block, ""
            continue
        parent = max((level for level in above if level < block.level), default=None) if block.marker else None
        lead = ""
        if parent is not None:
            said = [c for c in clauses(normalise(above[parent][0].text), above[parent][1]) if not _PROVISO.match(c[0])]
            announcing = [scope for sentence, _read, scope in said if _ANNOUNCES.search(sentence)]
            lead = (announcing or [scope for _s, _r, scope in said] or [""])[-1]
        above = {level: entry for level, entry in above.items() if level < block.level}
        above[block.level] = (block, lead)
        yield block, lead


def _in_force(rule: Rule, law_date: dt.date) -> list[Forbidden]:
    return [entry for entry in rule.forbids if entry.in_force <= law_date]


def _line_of(text: PolicyText, block: Block, sentence: str) -> int:
    """The source line where ``sentence`` starts: a paragraph's later sentences may stand on later lines."""
    try:
        lines = text.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return block.line
    probe = sentence[:12]
    for number in range(block.line, min(len(lines), block.line + 40) + 1):
        if probe in normalise(lines[number - 1]):
            return number
    return block.line


def _quote(sentence: str) -> str:
    return excerpt(sentence, _QUOTE)


def judge_defects(rule: Rule, text: PolicyText, law_date: dt.date) -> Finding:
    """The verdict of a rule that looks for a clause the law makes void, by the law of ``law_date``."""
    entries = _in_force(rule, law_date)
    void: tuple[Block, str, Forbidden] | None = None
    review: tuple[Block, str, Forbidden] | None = None
    saved: Block | None = None
    for block, lead in lead_ins(text.blocks):
        if block.kind == HEADING:
            continue
        for sentence, read, scope in clauses(normalise(block.text), lead):
            for entry in entries:
                if not matches(entry.patterns, read):
                    continue
                if matches(entry.unless, scope):
                    saved = saved or block
                elif entry.review:
                    review = review or (block, sentence, entry)
                else:
                    void = void or (block, sentence, entry)
        if void is not None:
            break  # the first void clause is the finding: it fails the text, whatever follows
    worst, verdict = (void, Verdict.MISSING) if void is not None else (review, Verdict.NEEDS_REVIEW)
    if worst is not None:
        block, sentence, entry = worst
        basis = entry.basis or rule.basis_on(law_date)
        where = Location(text.path, _line_of(text, block, sentence))
        return Finding(rule, verdict, where, f"{entry.why} ({basis}): 「{_quote(sentence)}」")
    clauses_of_kind = (b for b in text.blocks if b.kind != HEADING and matches(rule.applies_if, normalise(b.text)))
    kind = next(clauses_of_kind, None)
    if rule.applies_if and kind is None:
        return Finding(rule, Verdict.NOT_APPLICABLE, Location(text.path, text.end_line), "no clause of this kind")
    evidence = saved or kind
    if evidence is None:
        return Finding(rule, Verdict.PRESENT, Location(text.path, text.end_line), "no clause the law makes void")
    said = "carved out as the law requires" if evidence is saved else "no clause the law makes void"
    return Finding(rule, Verdict.PRESENT, Location(text.path, evidence.line), f"{said}: 「{_quote(evidence.text)}」")
