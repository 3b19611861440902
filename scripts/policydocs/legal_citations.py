"""A rule's legal basis in Japanese words: ``APPI Art. 32(1)(i)`` → 個人情報保護法第32条第1項第1号.

The rule file cites articles in the English short form (laws, ``Art.``,
paragraphs in Arabic and items in Roman numerals, ``33-35`` for a range); a
Japanese reader expects 条・項・号. A citation the grammar below does not know
is returned as written rather than guessed.
"""

from __future__ import annotations

import re

LAWS_JA = {
    "APPI": "個人情報保護法",
    "Cabinet Order": "個人情報保護法施行令",
    "Telecommunications Business Act": "電気通信事業法",
    # terms of use (rules/terms-ja.toml)
    "Civil Code": "民法",
    "Consumer Contract Act": "消費者契約法",
    "Code of Civil Procedure": "民事訴訟法",
    "Act on General Rules for Application of Laws": "法の適用に関する通則法",
}
# A hyphen joins a branch article (第27条の12) in these laws, and marks a range in the others.
BRANCH_NUMBERED = frozenset(
    {"Telecommunications Business Act", "Civil Code", "Consumer Contract Act", "Code of Civil Procedure"}
)
LEVEL_WORDS_JA = {"practice": "望ましい実務"}

_PART = re.compile(r"^(?P<law>.+?) Art\. (?P<items>.+)$")
_ITEM = re.compile(r"^(?P<article>\d+)(?:-(?P<last>\d+))?(?P<tail>(?:\([0-9ivx]+\)(?:-\([0-9ivx]+\))?)*)$")
_PAREN = re.compile(r"\((?P<first>[0-9ivx]+)\)(?:-\((?P<last>[0-9ivx]+)\))?")
_ROMAN = {"i": 1, "v": 5, "x": 10}


def roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _subdivision(number: str, arabic: str, item: str) -> str:
    """(1) is a paragraph (項), (i) an item (号)."""
    return f"第{number}{arabic}" if number.isdigit() else f"第{roman(number)}{item}"


def _item_ja(text: str, law: str) -> str | None:
    found = _ITEM.match(text)
    if found is None:
        return None
    article = f"第{found['article']}条"
    if found["last"]:
        if law in BRANCH_NUMBERED:
            article = f"第{found['article']}条の{found['last']}"
        elif found["tail"]:
            return None
        else:
            return f"第{found['article']}条から第{found['last']}条まで"
    for paren in _PAREN.finditer(found["tail"]):
        unit = "項" if paren["first"].isdigit() else "号"
        first = _subdivision(paren["first"], "項", "号")
        if paren["last"]:
            last = paren["last"] if paren["last"].isdigit() else str(roman(paren["last"]))
            article += f"{first}から第{last}{unit}まで"
        else:
            article += first
    return article


def basis_ja(basis: str) -> str:
    """The citation in Japanese legal style; anything unknown is kept as written."""
    if basis in LEVEL_WORDS_JA:
        return LEVEL_WORDS_JA[basis]
    practice = re.fullmatch(r"practice \((?P<standard>.+)\)", basis)
    if practice:
        # A statute named as the practice's ground reads in Japanese too; anything else as written.
        return f"{LEVEL_WORDS_JA['practice']}({basis_ja(practice['standard'])})"
    words = []
    for part in basis.split("; "):
        found = _PART.match(part)
        if found is None or found["law"] not in LAWS_JA:
            return basis
        items = [_item_ja(item, found["law"]) for item in found["items"].split(", ")]
        if any(item is None for item in items):
            return basis
        words.append(LAWS_JA[found["law"]] + "、".join(item for item in items if item))
    return "、".join(words)


def basis_label(basis: str, language: str) -> str:
    return basis_ja(basis) if language == "ja" else basis
