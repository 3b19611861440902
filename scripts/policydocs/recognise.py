"""What a rule is about: its patterns, headings and required content, found in a text.

Knowledge of the law stays in the rule file as data; this module applies it.
"""

from __future__ import annotations

import functools
import re

from policydocs.policy_text import PolicyText, Section
from policydocs.rule_model import Rule


def matches(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Whether any of ``patterns`` is found in ``text``."""
    union = _UNIONS.get(patterns, _UNKNOWN)
    if union is _UNKNOWN:
        union = _UNIONS[patterns] = _union(patterns)
    if union is None:
        return any(p.search(text) for p in patterns)
    return union.search(text) is not None


_UNKNOWN = re.compile("")
# The rule files' pattern lists, each as one expression: a rule asks the same few lists of every block of every
# text (1.7 million searches at 500 documents), and one search for the list costs one call instead of one per pattern.
_UNIONS: dict[tuple[re.Pattern[str], ...], re.Pattern[str] | None] = {}
# A numbered back-reference would name another group once the patterns are joined.
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _union(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """``patterns`` as one expression that matches where any of them does, or None where they cannot be joined."""
    flags = {p.flags for p in patterns}
    if len(patterns) < 2 or len(flags) != 1 or any(_BACK_REFERENCE.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags.pop())
    except re.error:  # an inline flag that must come first, a group name used twice: searched one by one
        return None


_GROUP_WORDS = {
    "@contact": "a usable means of contact (e-mail address, phone number, contact form, URL or postal address)",
    "@self_service": "an online procedure",
    # terms of use (rules/terms-ja.toml)
    "@means_of_contact": "a usable means of contact (e-mail address, phone number, contact form or postal address)",
    "@named_court": "a named court",
    "@seat": "the operator's address, by which the court is fixed",
    # 特定商取引法に基づく表記 (rules/tokushoho-ja.toml)
    "@address": "the address, street number and all",
    "@phone": "a phone number",
    "@email": "an e-mail address",
    "@amount": "an amount (a figure with its currency)",
    "@shown_there": "where the amount is shown (each product's page, the purchase screen)",
}


def _describe(requirement: str) -> str:
    parts = [_GROUP_WORDS.get(part, f"「{part}」") for part in requirement.split("|")]
    return " or ".join(parts)


def lacking(rule: Rule, scope_text: str) -> list[str]:
    """What the rule requires and ``scope_text`` lacks, in words."""
    return list(_lacking(rule.requires, rule.requires_text, scope_text))


@functools.lru_cache(maxsize=256)
def _lacking(requires: tuple[re.Pattern[str], ...], words: tuple[str, ...], scope_text: str) -> tuple[str, ...]:
    # Kept: a rule asks it of the same scope for each passage it weighs (for most rules the whole text, searched
    # with every required pattern: a fifth of the check's time at 500 documents). A text's scopes are asked for
    # together, so a few kept serve it; each key holds a whole text, so no more are kept.
    return tuple(
        _describe(text) for pattern, text in zip(requires, words, strict=True) if not pattern.search(scope_text)
    )


def scope(rule: Rule, text: PolicyText, section: Section | None) -> str:
    """The text a rule's required content is looked for in: its section, or the whole policy."""
    if rule.requires_scope == "policy" or section is None:
        return text.full_text()
    return section.text()
