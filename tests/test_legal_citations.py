"""A rule's legal basis in Japanese legal style (条・項・号), and kept as written when unknown."""

from __future__ import annotations

from pathlib import Path

import pytest
from policydocs.legal_citations import basis_ja, basis_label, roman
from policydocs.rules import load_rules

RULES = Path(__file__).resolve().parent.parent / "scripts" / "policydocs" / "rules" / "privacy-ja.toml"


@pytest.mark.parametrize(
    ("basis", "japanese"),
    [
        ("APPI Art. 32(1)(i)", "個人情報保護法第32条第1項第1号"),
        ("APPI Art. 32(1)(iii), 33-35, 37", "個人情報保護法第32条第1項第3号、第33条から第35条まで、第37条"),
        ("APPI Art. 23(2)-(3)", "個人情報保護法第23条第2項から第3項まで"),
        ("Cabinet Order Art. 5(i); APPI Art. 31", "個人情報保護法施行令第5条第1号、個人情報保護法第31条"),
        ("Cabinet Order Art. 10(iii)", "個人情報保護法施行令第10条第3号"),
        # In the Telecommunications Business Act a hyphen is a branch article, not a range.
        ("Telecommunications Business Act Art. 27-12", "電気通信事業法第27条の12"),
        ("practice (JIS Q 15001)", "望ましい実務(JIS Q 15001)"),
        # Unknown law or shape: as written, never guessed.
        ("GDPR Art. 13", "GDPR Art. 13"),
        ("APPI Art. 32(1)(i) and more", "APPI Art. 32(1)(i) and more"),
    ],
)
def test_citations_in_japanese(basis: str, japanese: str) -> None:
    assert basis_ja(basis) == japanese
    assert basis_label(basis, "en") == basis


def test_roman_numerals() -> None:
    assert [roman(n) for n in ("i", "iv", "ix", "xii", "xiv")] == [1, 4, 9, 12, 14]


def test_every_basis_of_the_rule_file_reads_in_japanese() -> None:
    rules, problems = load_rules(RULES)
    assert rules is not None and not problems
    bases = {basis for rule in rules.rules for _until, basis in rule.basis_history} | {r.basis for r in rules.rules}
    assert bases
    for basis in bases:
        assert basis_ja(basis) != basis or basis.startswith("practice"), basis
        assert "Art." not in basis_ja(basis)
