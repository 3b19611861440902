"""Judging ``[rule.display]``: what each item of a display required by law says, not only that it is there.

Recognition (:mod:`policydocs.judge`) finds an item by its label or its wording. A display under the
Act on Specified Commercial Transactions Art. 11 is judged again here, row by row
(:mod:`policydocs.display_rows`):

- an item of a practice the display says it does not have (「動作環境 | 該当なし」, ``none_said``) is
  not applicable: the display has answered it;
- where the text never names the practice, indirect signs of it (``hints``) leave the item for a
  person to judge rather than not applicable, unless the text rules the practice out (``hints_unless``);
- what an item says may leave it for a person to judge (``review_when``, on the days the law asks it):
  only a promise to disclose on request (Art. 11 proviso, lawful only if the disclosure really
  follows), an open-ended amount, a price before tax; this holds whether recognition found the item
  present or wanting;
- an item found may still not say what the law asks of it (``review_unless``): a delivery row that
  gives no time at all (「年間更新」, 「在庫状況により異なります」) is for a person to judge;
- an item of several parts (``part``: the method and the time of payment) needs every part in force
  on the law's day, and where the display sets out several offerings each in its own section with
  its own labels, every offering needs them: some missing is needs-review.

Items that name someone (``names``) are judged by :mod:`policydocs.display_names`. :func:`refine` is
the one entry point, called by the judge after recognition.
"""

from __future__ import annotations

from policydocs.diffing import HEADING, Block
from policydocs.display_names import judge_names
from policydocs.display_rows import Row, rows
from policydocs.display_rules import Display, Part
from policydocs.findings import Context, Finding, Verdict
from policydocs.model import Location
from policydocs.policy_text import PolicyText, Section, heading_text, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Level, Rule


def refine(rule: Rule, text: PolicyText, context: Context, finding: Finding) -> Finding:
    """``finding`` (recognition's) judged again by the rule's ``[rule.display]``, if it has one."""
    display = rule.display
    if display is None:
        return finding
    if display.names:
        return judge_names(rule, display, text, context, finding)
    found = rows(text, rule.headings)
    answered = found and all(row.texts() and matches(display.none_said, row.texts()[0]) for row in found)
    if rule.level is Level.IF_APPLICABLE and display.none_said and answered:
        row = found[0]
        why = f"the display says there is none: 「{_excerpt(row.text())}」"
        return finding._replace(verdict=Verdict.NOT_APPLICABLE, location=_at(text, row.line), detail=why)
    if finding.verdict is Verdict.NOT_APPLICABLE:
        hint = next((b for b in text.blocks if matches(display.hints, normalise(b.text))), None)
        if hint is None or matches(display.hints_unless, text.full_text()):
            return finding
        why = f"the text never names the practice, but 「{_excerpt(hint.text)}」 suggests it: {display.hints_why}"
        return finding._replace(verdict=Verdict.NEEDS_REVIEW, location=_at(text, hint.line), detail=why)
    caveat = _caveat(display, _said(found, text, finding), context)
    if caveat is not None:
        said, where, why = caveat
        detail = f"「{_excerpt(said)}」: {why}"
        return finding._replace(verdict=Verdict.NEEDS_REVIEW, location=_at(text, where), detail=detail)
    wanting = _wanting(display, _said(found, text, finding)) if finding.verdict is Verdict.PRESENT else None
    if wanting is not None:
        (said, where), why = wanting
        detail = f"「{_excerpt(said)}」: {why}"
        return finding._replace(verdict=Verdict.NEEDS_REVIEW, location=_at(text, where), detail=detail)
    if finding.verdict is Verdict.PRESENT and display.parts:
        return _parts(rule, display, text, context, finding)
    return finding


def _said(found: list[Row], text: PolicyText, finding: Finding) -> list[tuple[str, int]]:
    """What the item says, passage by passage with its line: its rows, and the passage recognition took as
    evidence where it stands outside them (a sentence in the text); a finding of anything else points at
    a place to add the item, which says nothing."""
    said: list[tuple[str, int]] = [(t, row.line) for row in found for t in row.texts()]
    if finding.verdict is Verdict.PRESENT:
        labels = [row.label for row in found]  # a table row's label shares its line, and says nothing
        evidence = [
            b
            for b in text.blocks
            if b.line == finding.location.line and b.kind != HEADING and not any(b is label for label in labels)
        ]
        said += [(normalise(b.text), b.line) for b in evidence if (normalise(b.text), b.line) not in said]
    return said


def _caveat(display: Display, said: list[tuple[str, int]], context: Context) -> tuple[str, int, str] | None:
    """The first thing the item says that leaves it for a person: (what it says, its line, why)."""
    for caveat in display.review_when:
        if not caveat.on(context.law_date):
            continue
        for passage, line in said:
            if matches(caveat.patterns, passage):
                return passage, line, caveat.why
    return None


def _wanting(display: Display, said: list[tuple[str, int]]) -> tuple[tuple[str, int], str] | None:
    """The first thing the law asks of the item that nothing it says gives: (its first passage, why)."""
    for wanted in display.review_unless:
        asked = [(passage, line) for passage, line in said if not wanted.when or matches(wanted.when, passage)]
        if asked and not any(matches(wanted.patterns, passage) for passage, _line in said):
            return asked[0], wanted.why
    return None


def _parts(rule: Rule, display: Display, text: PolicyText, context: Context, finding: Finding) -> Finding:
    """A present item needs each part in force, in each offering the display sets out on its own."""
    parts = [p for p in display.parts if context.law_date >= p.in_force]
    labelled = {p.name_en: [r for r in rows(text, p.headings) if _gives(p, r)] for p in parts}
    # Offerings: the sections whose own labels (not headings: those are the rows themselves) give a part.
    offerings: list[Section] = []
    for part_rows in labelled.values():
        for row in part_rows:
            section = text.section_of(row.label)
            if row.label.kind != HEADING and section is not None and section not in offerings:
                offerings.append(section)
    if len(offerings) > 1:
        # Each offering the item applies to (a subscription's terms are not asked of a seminar sold beside it).
        applying = [s for s in offerings if not rule.applies_if or matches(rule.applies_if, normalise(s.text()))]
        for section in sorted(applying, key=lambda s: s.heading.line):
            lacking = [p for p in parts if not _given(p, labelled[p.name_en], text, section)]
            if lacking:
                title = heading_text(section.heading.text)
                why = f"the conditions under 「{title}」 do not give {_names(lacking)}; each offering needs them"
                return finding._replace(
                    verdict=Verdict.NEEDS_REVIEW, location=_at(text, section.heading.line), detail=why
                )
    lacking = [p for p in parts if not _given(p, labelled[p.name_en], text, None)]
    if not lacking:
        return finding
    why = f"{finding.detail}, but not {_names(lacking)}; a person should decide whether the display gives it"
    return finding._replace(verdict=Verdict.NEEDS_REVIEW, detail=why)


def _gives(part: Part, row: Row) -> bool:
    """Whether a row labelled for ``part`` gives it: it says something, and what ``content`` asks if any."""
    return bool(row.text().strip()) and (not part.content or any(matches(part.content, t) for t in row.texts()))


def _given(part: Part, part_rows: list[Row], text: PolicyText, section: Section | None) -> bool:
    """Whether ``part`` is given, by a row or by wording, within ``section`` (None: anywhere)."""

    def inside(block: Block) -> bool:
        return section is None or block is section.heading or block in section.body

    if any(inside(row.label) for row in part_rows):
        return True
    return any(inside(b) and matches(part.body, normalise(b.text)) for b in text.blocks)


def _names(parts: list[Part]) -> str:
    return ", ".join(f"{p.name_en} ({p.name_ja})" for p in parts)


def _at(text: PolicyText, line: int) -> Location:
    return Location(text.path, line)


def _excerpt(said: str, length: int = 30) -> str:
    said = said.replace("\n", " ")
    return said if len(said) <= length else said[:length] + "…"
