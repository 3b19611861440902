"""Judging ``[rule.each]``: what the law asks for each unit a notice describes, said for every one of them.

Recognition (:mod:`policydocs.judge`) finds whether a text says a thing somewhere. For a notice of
external transmission that is not enough: the Ordinance under the Telecommunications Business Act
Art. 27-12 (Art. 22-2-29) wants the information sent, the recipient's name and the purpose for each
transmission (情報送信指令通信ごと), so a recipient given for two modules of three is short of the
law, and so is a module named only in passing inside another's description (a tag manager that
「may load Google Analytics and other tags」). Here the finding of recognition is judged again:

- the units are the headings the text describes with labelled fields (:mod:`policydocs.notice_units`);
- every unit must have the rule's field, in its section or above it; some without it: needs-review;
  none with it: what recognition found in the running text stands;
- what the fields say must be what the law asks (``value``: a recipient is a person or a body), not
  open (``open``: 「…等が提供する CDN」) and not a name that no longer existed on the law's day
  (``renamed``); else needs-review, at the value's own line.

:func:`refine` is the one entry point, called by the judge after recognition; it also hands
``[rule.plain]`` to :mod:`policydocs.plain_language` and a title element (the notice's page named for
it) to :mod:`policydocs.page_title`.
"""

from __future__ import annotations

import datetime as dt

from policydocs.diffing import HEADING, Block
from policydocs.findings import Context, Finding, Verdict, excerpt
from policydocs.model import Location
from policydocs.notice_rules import Each
from policydocs.notice_units import Field, Unit, contains, fields, unit_of, units
from policydocs.page_title import judge_title
from policydocs.plain_language import judge_plain
from policydocs.policy_text import PolicyText, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Rule


def refine(rule: Rule, text: PolicyText, context: Context, finding: Finding) -> Finding:
    """``finding`` (recognition's) judged again by the rule's keys that read the whole notice, if it has any."""
    if finding.verdict in (Verdict.NOT_APPLICABLE, Verdict.WAIVED):
        return finding
    if rule.each is not None:
        finding = _judge_each(rule, rule.each, text, context.law_date, finding)
    if rule.plain is not None:
        finding = judge_plain(rule, rule.plain, text, finding)
    if any(element.title for element in rule.elements):
        finding = judge_title(rule, text, finding)
    return finding


def _judge_each(rule: Rule, each: Each, text: PolicyText, law_date: dt.date, finding: Finding) -> Finding:

    def verdict(value: Verdict, line: int, detail: str) -> Finding:
        return Finding(rule, value, Location(text.path, line), detail)

    found = units(text, each.units)
    if not each.labels:
        return _judge_units(rule, each, text, found, finding)
    mine = fields(text, each.labels, each.units)
    # Each unit's own field, or the nearest one above it that answers for it.
    nearest = {u: _nearest(text, u, mine) or _titled_by(each, u) for u in found}
    lacking = [u for u, field in nearest.items() if field is None]
    if not found or len(lacking) == len(found):
        # No module gives this field under a label: what the running text says stands, if it is not open.
        block = next((b for b in text.blocks if b.line == finding.location.line and b.kind != HEADING), None)
        if finding.verdict is not Verdict.PRESENT or block is None:
            return finding
        problem = _value_problem(each, (block,), law_date)
        return verdict(Verdict.NEEDS_REVIEW, problem[0].line, problem[1]) if problem else finding
    if lacking:
        names = "、".join(f"「{excerpt(u.title, 30)}」" for u in lacking)
        return verdict(
            Verdict.NEEDS_REVIEW,
            lacking[0].line or text.end_line,
            f"given for {len(found) - len(lacking)} of the {len(found)} modules described, not for {names} "
            "(Ordinance Art. 22-2-29: for each transmission)",
        )
    answering = sorted({id(f): f for f in nearest.values() if f is not None}.values(), key=lambda f: f.values[0].line)
    for field in answering:
        problem = _field_problem(each, field, law_date)
        if problem is not None:
            return verdict(Verdict.NEEDS_REVIEW, problem[0].line, problem[1])
    first = answering[0]
    return verdict(
        Verdict.PRESENT,
        first.values[0].line,
        f"given for each of the {len(found)} module(s) described, under 「{excerpt(first.label.text, 30)}」",
    )


def _nearest(text: PolicyText, unit: Unit, mine: list[Field]) -> Field | None:
    """The field that answers for ``unit``: its own, else the innermost one above it."""
    covering = [f for f in mine if contains(text, f.owner, unit)]
    innermost = [
        f for f in covering if not any(o.owner != f.owner and contains(text, f.owner, o.owner) for o in covering)
    ]
    return innermost[0] if innermost else None


def _titled_by(each: Each, unit: Unit) -> Field | None:
    """A section titled by what the field must name (「## Google LLC」 over the services it receives for)
    gives the field in its title."""
    heading = unit.heading
    if unit.row or heading is None or not each.value or not matches(each.value, normalise(heading.text)):
        return None
    return Field(heading, (heading,), unit)


def _field_problem(each: Each, field: Field, law_date: dt.date) -> tuple[Block, str] | None:
    """What is wrong with what one field says, with the line that says it: open or renamed first (they
    say more than a missing legal form), then a value short of what it must contain."""
    problem = _value_problem(each, field.values, law_date)
    if problem is None and each.value and not any(matches(each.value, normalise(b.text)) for b in field.values):
        return field.values[0], f"「{excerpt(field.values[0].text, 30)}」: {each.value_why}"
    return problem


def _value_problem(each: Each, values: tuple[Block, ...], law_date: dt.date) -> tuple[Block, str] | None:
    for block in values:
        said = normalise(block.text)
        if matches(each.open, said):
            return block, f"「{excerpt(block.text, 30)}」: {each.open_why}"
        for renamed in each.renamed:
            if law_date > renamed.until and renamed.pattern.search(said) and renamed.now not in said:
                since = renamed.until + dt.timedelta(days=1)
                return block, (
                    f"「{excerpt(block.text, 30)}」 names a body that no longer bore that name on {law_date} "
                    f"(since {since}: {renamed.now}); the recipient is named as it is"
                )
    return None


def _judge_units(rule: Rule, each: Each, text: PolicyText, found: list[Unit], finding: Finding) -> Finding:
    """A rule about the units themselves: named, and every module the text names described as one."""

    def identities(said: str) -> set[int]:
        return {i for i, name in enumerate(each.names) if name.search(said)}

    titled = [u for u in found if u.titled]
    described = set().union(*(identities(u.title) for u in titled)) if titled else set()
    for block in text.blocks:
        said = normalise(block.text)
        if block.kind != HEADING and matches(each.open, said):
            why = f"「{excerpt(block.text, 30)}」: {each.open_why}"
            return Finding(rule, Verdict.NEEDS_REVIEW, Location(text.path, block.line), why)
        holder = unit_of(text, block, found)
        holder_names = identities(holder.title) if holder is not None else set()
        if each.used and not matches(each.used, said):
            continue
        for identity in identities(said) - described:
            # Named inside another module's description, or beside modules described by name, without its own.
            if (holder_names and identity not in holder_names) or (holder is None and described):
                name = each.names[identity].search(said)
                why = (
                    f"「{name.group(0) if name else ''}」 is named in 「{excerpt(block.text, 30)}」 but not described "
                    "as a module of its own (Ordinance Art. 22-2-29: the information, recipient and purpose "
                    "of each transmission)"
                )
                return Finding(rule, Verdict.NEEDS_REVIEW, Location(text.path, block.line), why)
    if titled:
        names = "、".join(f"「{excerpt(u.title, 30)}」" for u in titled)
        return Finding(rule, Verdict.PRESENT, Location(text.path, titled[0].line or 1), f"modules described: {names}")
    return finding
