"""Judging ``[rule.plain]``: a notice in Japanese, in words its readers know.

A notice of external transmission is made public in Japanese, avoiding technical terms, in plain
expressions (Ordinance under the Telecommunications Business Act Art. 27-12, Art. 22-2-28): its
reader is anyone using the site, not its developers. So:

- a text whose letters are mostly not Japanese is missing (the notice is not in Japanese at all);
- a technical term of the rule's list (ユーザーエージェント, リファラー, HTTPヘッダー…) is fine where
  the text says what it is, once, anywhere: 「リファラー（直前に見ていたページのアドレス）」 or
  「Cookieとは、…」; left unexplained, it is counted, and ``review`` distinct unexplained terms or
  more make the text needs-review, at the first one's line, naming them all.

URLs are not words: they are left out of both counts.
"""

from __future__ import annotations

import re

from policydocs.findings import Finding, Verdict
from policydocs.model import Location
from policydocs.notice_rules import Plain
from policydocs.policy_text import PolicyText, normalise
from policydocs.rule_model import Rule

_URL = re.compile(r"(https?://|www\.)\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+")
_JAPANESE = re.compile(r"[ぁ-んァ-ヶー一-龥々]")
_LATIN = re.compile(r"[A-Za-z]")
# What follows a term that says what it is: 「とは」, or a parenthesis saying it in words (with kana
# beyond a reading: 「リファラー（直前に見ていたページのアドレス）」, not 「Cookie（クッキー）」 alone, which
# may stand before its 「とは」). After
# NFKC, full-width parentheses are ASCII ones.
_DEFINITION = re.compile(r"^\s*(情報|等)?\s*((\([^()]{0,20}\)\s*)?とは|\([^()]*[ぁ-ん][^()]*\))")


def _words(text: str) -> str:
    return _URL.sub(" ", normalise(text))


def japanese_share(text: PolicyText) -> float:
    """The share of Japanese among the letters of ``text`` (URLs and addresses left out)."""
    words = _words(text.full_text())
    japanese, latin = len(_JAPANESE.findall(words)), len(_LATIN.findall(words))
    return japanese / (japanese + latin) if japanese + latin else 0.0


def unexplained(plain: Plain, text: PolicyText) -> list[tuple[str, int]]:
    """Each term of ``plain`` the text uses and never explains: the term as written, and its first line."""
    left: list[tuple[str, int]] = []
    for term in plain.terms:
        first: tuple[str, int] | None = None
        explained = False
        for block in text.blocks:
            words = _words(block.text)
            for match in term.finditer(words):
                if _DEFINITION.match(words[match.end() :]):
                    explained = True
                    break
                first = first or (match.group(0), block.line)
            if explained:
                break
        if first is not None and not explained:
            left.append(first)
    return sorted(left, key=lambda found: found[1])


def judge_plain(rule: Rule, plain: Plain, text: PolicyText, finding: Finding) -> Finding:
    """The verdict on the text's language: missing if not Japanese, needs-review if its jargon is left bare."""
    share = japanese_share(text)
    if share < plain.japanese:
        where = Location(text.path, text.blocks[0].line if text.blocks else 1)
        return Finding(rule, Verdict.MISSING, where, f"not in Japanese: {share:.0%} of its letters are Japanese")
    left = unexplained(plain, text)
    if len(left) >= plain.review:
        terms = "、".join(f"「{term}」" for term, _line in left)
        why = f"technical terms left unexplained: {terms}; {plain.why}"
        return Finding(rule, Verdict.NEEDS_REVIEW, Location(text.path, left[0][1]), why)
    said = f"in Japanese ({share:.0%} of its letters)"
    if left:
        said += f"; one technical term left unexplained, 「{left[0][0]}」, at line {left[0][1]}"
    return Finding(rule, Verdict.PRESENT, finding.location, said)
