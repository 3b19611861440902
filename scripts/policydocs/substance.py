"""Substance over keywords: what a passage must describe to count, and what never counts.

Three things, each driven by data in the rule file:

- Evidence: a passage that only looks like the content (a restated statutory exception,
  「法令に基づく場合」; a third party's opt-out; the article on *changing* the purposes)
  is no evidence for a rule (``not_evidence``, ``not_under``).
- Titles: a paragraph or list item standing as a title (bold 「お問い合わせ窓口」 over the
  address) is read like a heading, so a text's verdicts do not depend on its layout.
- Substance: from a date, a rule may ask for a description, not a promise (since
  2022-04-01 the security measures taken, by the PPC guidelines' categories): the kinds of
  content described decide present, needs-review or missing.
"""

from __future__ import annotations

import re

from policydocs.diffing import HEADING, Block
from policydocs.findings import excerpt
from policydocs.policy_text import PolicyText, heading_text, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Rule, Substance

# A title line: short, and no sentence (no 。, no 「です/ます」 ending), no 「項目：値」 and no
# date or number once its numbering is taken off (「改定：2011年11月1日」 is a date line, not a title).
_TITLE_LENGTH = 30
_SENTENCE = re.compile(r"[。．]|(です|ます|ません)$|[:：]\s*\S|\d")


def is_evidence(rule: Rule, text: PolicyText, block: Block) -> bool:
    """Whether ``block`` may count as evidence for ``rule`` at all."""
    if rule.not_evidence and matches(rule.not_evidence, normalise(block.text)):
        return False
    if rule.not_under:
        for section in text.sections():
            inside = block in section.body
            if inside and matches(rule.not_under, heading_text(section.heading.text)):
                return False
    return True


def narrowed(rule: Rule, text: PolicyText, block: Block) -> bool:
    """Whether ``block`` stands in a section offered for something else than the rule asks (``narrow``)."""
    if not rule.narrow:
        return False
    section = text.section_of(block)
    if section is None:
        return matches(rule.narrow, normalise(block.text))
    context = "\n".join([heading_text(section.heading.text), *(b.text for b in section.paragraphs)])
    return matches(rule.narrow, normalise(context))


def label_block(text: PolicyText, block: Block) -> Block | None:
    """The content under ``block`` when ``block`` is a title written as a paragraph or list item."""
    title = heading_text(block.text).strip()
    if block.kind == HEADING or not title or len(title) > _TITLE_LENGTH or _SENTENCE.search(title):
        return None
    index = text.position(block)
    following = text.blocks[index + 1] if index + 1 < len(text.blocks) else None
    if following is None or following.kind == HEADING:
        return None
    # An item followed by its sibling is one entry of a list (「お問い合わせへの回答のため」 among the
    # purposes), not a title over content.
    if block.marker and following.marker and following.level == block.level:
        return None
    return following


def assess(rule: Rule, substance: Substance, text: PolicyText) -> tuple[str, Block | None, str]:
    """The verdict by substance: ("present" | "needs-review" | "missing", the passage, why)."""
    # Headings count too: 「確認・訂正、追加、停止又は削除に関するお問い合わせ」 says which requests.
    blocks = [b for b in text.blocks if is_evidence(rule, text, b)]
    normalised = [(b, normalise(_with_lead_in(text, b))) for b in blocks]
    found: dict[str, Block] = {}
    for name, patterns in substance.groups:
        block = next((b for b, t in normalised if matches(patterns, t)), None)
        if block is not None:
            found[name] = block
    needed = [
        name
        for name, patterns in substance.needed_if
        if name not in found and any(matches(patterns, t) for _b, t in normalised)
    ]
    first = min(found.values(), key=lambda b: b.line) if found else None
    described = ", ".join(found) or "nothing"
    wanted = f"{substance.present} of the {len(substance.groups)} kinds the law names"
    if len(found) >= substance.present and not needed:
        return "present", first, f"describes {described}"
    route = next((b for b, t in normalised if matches(substance.also_present, t)), None)
    if route is not None and not needed:
        return "present", route, f"the measures are answered on request: 「{excerpt(route.text)}」"
    if len(found) >= substance.review:
        why = f"describes only {described} (since {substance.in_force} wanted: {wanted})"
        if needed:
            why = f"describes {described} but not {', '.join(needed)}, which the text makes necessary"
        return "needs-review", first, why + "; a person should decide whether this is a description"
    hint = next((b for b, t in normalised if matches(substance.review_if, t)), None)
    if hint is not None:
        return "needs-review", hint, f"{substance.review_if_why} (wanted since {substance.in_force}: {wanted})"
    return "missing", None, f"no description (wanted since {substance.in_force}: {wanted}), only a statement"


def _with_lead_in(text: PolicyText, block: Block) -> str:
    """A list item read with the sentence or heading that introduces its list, a paragraph with its heading.

    An item says nothing alone (「- ご住所」): its lead-in (「当ショップで収集する個人情報は以下の通りです。」
    or the heading 「個人情報の収集」) says what the list is, as a reader reads it.
    """
    index = text.position(block)
    if not block.marker:
        # A bare line (no sentence) right under a heading or a title paragraph is read with it:
        # 「個人情報保護管理者」 or 「[個人情報管理責任者]」 over 「株式会社エックス 山田太郎」 names the
        # manager. A sentence stands on its own (「第三者への開示」 is no request for disclosure).
        previous = text.blocks[index - 1] if index else None
        titled = (
            previous is not None
            and "。" not in block.text
            and (previous.kind == HEADING or label_block(text, previous) is block)
        )
        return f"{heading_text(previous.text)}\n{block.text}" if titled and previous is not None else block.text
    for earlier in reversed(text.blocks[:index]):
        if not earlier.marker:
            return f"{earlier.text}\n{block.text}"
    return block.text
