"""Verdicts: whether one text says what one rule requires, by the law on a given day.

The verdict types (:class:`Verdict`, :class:`Context`, :class:`Finding`) live in
:mod:`policydocs.findings` and are exported here too, as callers have always imported them.
"""

from __future__ import annotations

import re

from policydocs.defects import judge_defects
from policydocs.diffing import HEADING, Block
from policydocs.display_items import refine as by_item
from policydocs.findings import Context, Finding, Verdict, excerpt
from policydocs.legal_forms import asked_of, not_asked_of
from policydocs.model import BodyKind, Location
from policydocs.per_unit import refine
from policydocs.policy_text import PolicyText, Section, heading_text, normalise
from policydocs.recognise import lacking as _requirements_met
from policydocs.recognise import matches as _search
from policydocs.recognise import scope as _scope
from policydocs.rule_model import Level, Rule
from policydocs.stated_date_check import judge_policy_dates
from policydocs.substance import assess, is_evidence, label_block, narrowed

# 「[個人情報相談窓口] までご連絡ください」: a template's blank for the desk, inside a sentence.
_INLINE_PLACEHOLDER = re.compile(
    r"[\[［〔【][^\]］〕】]{0,20}(窓口|担当|名称|連絡先|住所|電話)[^\]］〕】]{0,10}[\]］〕】]"
)
_LABEL = re.compile(r"^([^：:。]{1,20})[：:]\s*\S")


def _where(text: PolicyText, line: int) -> Location:
    return Location(text.path, line)


def _judge_section(rule: Rule, text: PolicyText, section: Section, how: str) -> Finding:
    where = _where(text, section.heading.line)
    title = section.heading.text
    if rule.needs_content and not section.has_content:
        note = ""
        if section.placeholders:
            note = f", only the placeholder 「{section.placeholders[0].text}」"
        return Finding(rule, Verdict.MISSING, where, f"the section 「{title}」 has no content{note}")
    evidence = [b for b in section.paragraphs if b not in section.placeholders and is_evidence(rule, text, b)]
    if rule.needs_content and not evidence:  # only 「取得時に示した利用目的の範囲内」, say
        said = section.paragraphs[0]
        return Finding(rule, Verdict.MISSING, _where(text, said.line), f"「{excerpt(said.text)}」 is not the content")
    missing = _requirements_met(rule, _scope(rule, text, section))
    if missing:
        return Finding(
            rule,
            _without_means(
                rule, bool(section.placeholders) or any(_INLINE_PLACEHOLDER.search(b.text) for b in section.paragraphs)
            ),
            where,
            f"the section 「{title}」 lacks {'; '.join(missing)}{_placeholder_note(section)}",
        )
    # The evidence is the passage under the heading that says it (the one with the required
    # content, a means of contact, say), not the heading itself.
    content = [b for b in section.paragraphs if b not in section.placeholders]
    required = [b for b in content if rule.requires and all(p.search(normalise(b.text)) for p in rule.requires)]
    passage = (required or content or [section.heading])[0]
    return Finding(rule, Verdict.PRESENT, _where(text, passage.line), f"{how} 「{title}」")


def check_rule(rule: Rule, text: PolicyText, context: Context) -> Finding:
    """One rule's verdict on one text."""
    end = _where(text, text.end_line)
    if context.law_date < rule.in_force:
        return Finding(
            rule, Verdict.NOT_APPLICABLE, end, f"not yet in force on {context.law_date} (from {rule.in_force})"
        )
    if (why := not_asked_of(context.body, rule.basis)) is not None:  # a public body: APPI Chapter 5
        return Finding(rule, Verdict.NOT_APPLICABLE, end, why)
    if rule.id in text.waivers:
        reason, line = text.waivers[rule.id]
        return Finding(rule, Verdict.WAIVED, _where(text, line), reason or "waived without a reason")
    if rule.forbids:  # whether the text holds a clause the law makes void (policydocs.defects)
        return judge_defects(rule, text, context.law_date)
    recognised = _widest(rule, text, _recognised(rule, text, context))
    finding = by_item(rule, text, context, refine(rule, text, context, recognised))  # per module, plain; item by item
    if rule.substance is None or context.law_date < rule.substance.in_force:
        return finding
    lacking = finding.verdict in (Verdict.MISSING, Verdict.NEEDS_REVIEW) and rule.requires
    if finding.verdict is Verdict.NOT_APPLICABLE or lacking:
        return finding  # what the rule requires (somewhere to apply, say) is not there: no substance makes up for it
    verdict, passage, why = assess(rule, rule.substance, text)
    if verdict == "missing" and finding.verdict is Verdict.MISSING:
        return finding  # what recognition found wanting says more (an empty section, a placeholder)
    if verdict == "missing":
        # Where the statement stands (if the text makes one) is where the description belongs.
        said = f"{finding.detail}: " if finding.verdict is Verdict.PRESENT else ""
        return Finding(rule, Verdict.MISSING, finding.location, f"{said}{why}")
    # Where recognition found the passage, the evidence stays there; else the passage described.
    recognised = finding.verdict is Verdict.PRESENT or passage is None
    return Finding(rule, Verdict(verdict), finding.location if recognised else _where(text, passage.line), why)


def _widest(rule: Rule, text: PolicyText, finding: Finding) -> Finding:
    """A present finding whose evidence is offered for something else (``narrow``) stands only if
    another passage outside such sections says the thing; else a person should decide."""
    if finding.verdict is not Verdict.PRESENT or not rule.narrow:
        return finding
    block = next((b for b in text.blocks if b.line == finding.location.line), None)
    if block is None or not narrowed(rule, text, block):
        return finding
    for other in text.blocks:
        if other.kind == HEADING or narrowed(rule, text, other) or not is_evidence(rule, text, other):
            continue
        label = _LABEL.match(normalise(other.text))  # 「お問い合わせ：info@example.jp」
        if (
            _search(rule.body, normalise(other.text))
            or (label is not None and _search(rule.headings, label.group(1)))
            or (label_block(text, other) and _search(rule.headings, heading_text(other.text)))
        ):
            return Finding(rule, Verdict.PRESENT, _where(text, other.line), f"stated in 「{excerpt(other.text)}」")
    return Finding(rule, Verdict.NEEDS_REVIEW, finding.location, f"{finding.detail}: {rule.narrow_why}")


def _recognised(rule: Rule, text: PolicyText, context: Context) -> Finding:
    """The verdict by recognition: a labelled or recognised section, or a paragraph that says the thing."""
    end = _where(text, text.end_line)
    sections = text.sections()
    labelled = next((s for s in sections if rule.id in s.heading.labels), None)
    if labelled is not None:
        return _judge_section(rule, text, labelled, "labelled section")
    if rule.stated_dates:  # dates are read, not matched: eras, kanji numerals, impossible days
        stated, line, detail = judge_policy_dates(text.path, text.end_line)
        return Finding(rule, Verdict.PRESENT if stated else Verdict.MISSING, _where(text, line), detail)

    trigger: Block | None = None
    if rule.level is Level.IF_APPLICABLE and rule.id not in text.declares:
        trigger = next(
            (
                b
                for b in text.blocks
                if _search(rule.applies_if, normalise(b.text))
                and is_evidence(rule, text, b)
                and _declares(rule, text, b)
            ),
            None,
        )
        if trigger is None:
            return Finding(rule, Verdict.NOT_APPLICABLE, end, "the policy does not mention the practice")
    if rule.elements:
        return _check_elements(rule, text, context)

    first_failure: Finding | None = None
    weak: Block | None = None
    for section in sections:
        if _search(rule.not_under, heading_text(section.heading.text)):
            continue
        if section.heading.level > 1 and _search(rule.headings, heading_text(section.heading.text)):
            finding = _judge_section(rule, text, section, "section")
            if finding.verdict is Verdict.PRESENT:
                return finding
            first_failure = first_failure or finding
    for block in text.blocks:
        if block.kind == HEADING or not is_evidence(rule, text, block):
            continue
        if not _search(rule.body, normalise(block.text)):
            if weak is None and _search(rule.weak, normalise(block.text)):
                weak = block
            if rule.headings and (finding := _judge_label(rule, text, block)) is not None:
                if finding.verdict is Verdict.PRESENT:
                    return finding
                first_failure = first_failure or finding
            continue
        section = text.section_of(block)
        missing = _requirements_met(rule, _scope(rule, text, section))
        if not missing:
            return Finding(rule, Verdict.PRESENT, _where(text, block.line), f"stated in 「{excerpt(block.text)}」")
        if first_failure is None:
            note = _placeholder_note(section) if section else ""
            first_failure = Finding(
                rule,
                _without_means(rule, bool(note) or bool(_INLINE_PLACEHOLDER.search(block.text))),
                _where(text, block.line),
                f"「{excerpt(block.text)}」 lacks {'; '.join(missing)}{note}",
            )
    if first_failure is not None:
        return first_failure
    if weak is not None:
        why = f"「{excerpt(weak.text)}」: {rule.weak_why}"
        return Finding(rule, Verdict.NEEDS_REVIEW, _where(text, weak.line), why)
    if trigger is not None:
        return Finding(
            rule,
            Verdict.MISSING,
            _where(text, trigger.line),
            f"the policy mentions the practice (「{excerpt(trigger.text)}」) but does not state what the rule requires",
        )
    return Finding(rule, Verdict.MISSING, end, "not found: add a section (this line is the end of the file)")


def _declares(rule: Rule, text: PolicyText, block: Block) -> bool:
    """Whether a passage naming the practice declares it: a heading does only if what stands under it is
    evidence (a template's item 「認定個人情報保護団体」 answered 「加盟する団体はありません」 declares nothing)."""
    if block.kind != HEADING:
        return True
    section = next((s for s in text.sections() if s.heading is block), None)
    if section is None or not section.paragraphs:
        return True
    return any(is_evidence(rule, text, b) for b in section.paragraphs)


def _judge_label(rule: Rule, text: PolicyText, block: Block) -> Finding | None:
    """A paragraph or list item standing as a title (「**お問い合わせ窓口**」): read like a heading,
    so that the same text gets the same verdict whether its editor made the line a heading or not."""
    following = label_block(text, block)
    if following is None or not _search(rule.headings, heading_text(block.text)):
        return None
    scope = text.full_text() if rule.requires_scope == "policy" else normalise(f"{block.text}\n{following.text}")
    missing = _requirements_met(rule, scope)
    if missing:
        lacks = f"「{block.text}」 lacks {'; '.join(missing)}"
        return Finding(rule, _without_means(rule, False), _where(text, following.line), lacks)
    return Finding(rule, Verdict.PRESENT, _where(text, following.line), f"stated under 「{excerpt(block.text)}」")


def _check_elements(rule: Rule, text: PolicyText, context: Context) -> Finding:
    found: list[tuple[str, int]] = []
    missing: list[str] = []
    for element in rule.elements:
        if context.law_date < element.in_force:
            continue
        if not asked_of(context.body, element.bodies):  # by the legal form: a representative, say
            continue
        block = next((b for b in text.blocks if _search(element.patterns, normalise(b.text))), None)
        if (
            block is None
            and element.organisation_name
            and context.body is not BodyKind.BRAND
            and context.organisation_name
        ):
            name = normalise(context.organisation_name)
            block = next((b for b in text.blocks if name in normalise(b.text)), None)
        if block is None:
            missing.append(f"{element.name_en} ({element.name_ja})")
        else:
            found.append((element.name_en, block.line))
    if missing:
        location = _where(text, found[0][1]) if found else _where(text, text.end_line)
        return Finding(rule, Verdict.MISSING, location, "lacks " + ", ".join(missing))
    return Finding(
        rule, Verdict.PRESENT, _where(text, found[0][1]), ", ".join(f"{n} at line {line}" for n, line in found)
    )


def _without_means(rule: Rule, placeholder: bool) -> Verdict:
    """A place named without a means of reaching it: for a person to judge where the rule says so;
    a placeholder (「[相談窓口]」) names no place, and that is a gap, not a judgement."""
    return Verdict.NEEDS_REVIEW if rule.named_without_means_review and not placeholder else Verdict.MISSING


def _placeholder_note(section: Section) -> str:
    placeholders = section.placeholders
    return f" (only the placeholder 「{placeholders[0].text}」)" if placeholders else ""
