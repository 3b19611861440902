"""Judging a title element (``title = true``): the page's own title names what the text is.

A notice the law wants where users easily reach it (Telecommunications Business Act Art. 27-12,
容易に知り得る状態; Ordinance Art. 22-2-28) is reached by a link, and a link names a page by its
title. A page titled for the notice (「外部送信に関する公表事項」) is found by that name. The same
matters given as one section of a page titled for something else (「当サイトのご利用について」, a
privacy policy) are allowed too, but whether a reader finds them there depends on the links to that
page and what they say, which the text cannot show (the MIC's guidance asks such a link to make
clear that the matters are there): a person should judge.

The page's title is its first heading (Sphinx titles a page so), or its first line where it has no
heading. :func:`judge_title` refines the finding of the rule's elements after recognition.
"""

from __future__ import annotations

from policydocs.diffing import HEADING, Block
from policydocs.findings import Finding, Verdict, excerpt
from policydocs.model import Location
from policydocs.policy_text import PolicyText, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Rule


def page_title(text: PolicyText) -> Block | None:
    """The block that titles the page: its first heading, else its first line."""
    return next((b for b in text.blocks if b.kind == HEADING), text.blocks[0] if text.blocks else None)


def judge_title(rule: Rule, text: PolicyText, finding: Finding) -> Finding:
    """``finding`` (the elements', present) kept when the page's title says a title element, else needs-review
    at the passage that says it."""
    wanted = [element for element in rule.elements if element.title]
    if finding.verdict is not Verdict.PRESENT or not wanted:
        return finding
    title = page_title(text)
    if title is not None and all(matches(e.patterns, normalise(title.text)) for e in wanted):
        return finding
    named = next((b for b in text.blocks if any(matches(e.patterns, normalise(b.text)) for e in wanted)), None)
    if named is None:
        return finding
    page = f"a page titled 「{excerpt(title.text, 30)}」" if title is not None else "a page without a title"
    why = (
        f"「{excerpt(named.text, 30)}」 names the notice inside {page}: a link to the page does not say the "
        "notice is there, so whether users easily reach it (Ordinance Art. 22-2-28) depends on the links to it; "
        "a person should judge, or give the notice a page of its own"
    )
    return Finding(rule, Verdict.NEEDS_REVIEW, Location(text.path, named.line), why)
