"""What a rule is about: its patterns, headings and required content, found in a text.

Knowledge of the law stays in the rule file as data; this module applies it.
"""

from __future__ import annotations

import re

from policydocs.policy_text import PolicyText, Section
from policydocs.rule_model import Rule


def matches(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """Whether any of ``patterns`` is found in ``text``."""
    return any(p.search(text) for p in patterns)


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
    return [
        _describe(text)
        for pattern, text in zip(rule.requires, rule.requires_text, strict=True)
        if not pattern.search(scope_text)
    ]


def scope(rule: Rule, text: PolicyText, section: Section | None) -> str:
    """The text a rule's required content is looked for in: its section, or the whole policy."""
    if rule.requires_scope == "policy" or section is None:
        return text.full_text()
    return section.text()
