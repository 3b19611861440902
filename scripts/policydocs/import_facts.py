"""Import: an organisation's page (``index.md``) from what its policy states about it.

Only what the text states is written: the name (with its legal form, read by
:func:`policydocs.legal_forms.legal_form_of`), the address, the representative and the contacts,
each as the policy words it. The site's build needs a name, an English name and a legal form;
what the text does not give is filled with what the build accepts (the Japanese name for the
English one, ``brand`` for a name that states no legal form) and listed as left for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.import_lines import normal
from policydocs.import_myst import escape, yaml_text
from policydocs.import_structure import Structure, walk
from policydocs.legal_forms import BodyKind, legal_form_of

_FORM_WORDS = (
    "株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|"
    "特定非営利活動法人|NPO法人|医療法人社団|医療法人財団|医療法人|社会福祉法人|学校法人|協同組合"
)
_NAME_CHARS = r"[^\s、。,，:：;(（「『」』)）\[\]【】<>・\"']"
_NAME = re.compile(rf"(?:{_FORM_WORDS}){_NAME_CHARS}{{1,24}}|{_NAME_CHARS}{{1,24}}(?:株式会社|有限会社|合同会社)")
_FORM_FIRST = re.compile(rf"(?:{_FORM_WORDS})")
# Where a name met in running text ends: a particle (株式会社ドリームソリューションは、…) right after a
# kanji, katakana or Latin letter. A name spelt in hiragana (株式会社はなまる) keeps its own kana.
_PARTICLE = re.compile(r"(?<=[^\u3040-\u309f])[はがをにでもへ]")
# A signature line that goes on with the representative (株式会社○○　代表取締役社長　山田太郎).
_ROLE = re.compile(r"代表取締役|取締役社長|代表者|代表理事|理事長|代表社員|院長|社長")
_ADDRESS = re.compile(r"^(?:〒|住所|所在地|本社所在地|本店所在地)")
_REPRESENTATIVE = re.compile(r"^(?:代表取締役(?:社長)?|代表者|代表理事|理事長|代表社員)")
_CONTACT = re.compile(r"^(?:TEL|Tel|tel|電話|FAX|Fax|E-?mail|e-?mail|Email|メール|お問い?合わ?せ(?:窓口|先))")


@dataclass
class Facts:
    """What the policy states about the organisation, each with its source line."""

    name: str = ""
    name_line: int = 0
    name_en: str = ""
    body: str = ""
    stated: list[tuple[str, str, int]] = field(default_factory=list)  # (label, text as written, line)
    missing: list[str] = field(default_factory=list)  # what is left for the editor


def _lines(structure: Structure) -> list[tuple[str, int, bool]]:
    """Every line of text: (text, source line, in a block of lines)."""
    found = []
    for block in walk(structure.blocks):
        for line in block.lines:
            found.append((line.text, line.line, block.kind.value == "lines"))
        for item in block.items:
            found.append((item.line.text, item.line.line, False))
    return found


def _signature(text: str) -> tuple[str, str]:
    """A signature line as (name, representative): the representative from the role title on, if any."""
    role = _ROLE.search(text)
    if role is None or not text[: role.start()].strip():
        return text.strip(), ""
    return text[: role.start()].strip(), text[role.start() :].strip()


def _in_running_text(name: str) -> str:
    form = _FORM_FIRST.match(name)
    if form is None:
        return name
    particle = _PARTICLE.search(name, form.end() + 1)
    return name[: particle.start()] if particle else name


def _name(lines: list[tuple[str, int, bool]]) -> tuple[str, int, str]:
    """The name, its line, and the representative its signature line names after it (or "")."""
    # A line that is the name alone (a signature) says it best; else the name the text uses most.
    for text, number, _block in reversed(lines):
        name, representative = _signature(text)
        if legal_form_of(name) is not None and _NAME.fullmatch(normal(name)):
            return name, number, representative
    counts: dict[str, tuple[int, int]] = {}
    for text, number, _block in lines:
        for match in _NAME.finditer(text):
            name = _in_running_text(match.group(0))
            seen, first = counts.get(name, (0, number))
            counts[name] = (seen + 1, first)
    if not counts:
        return "", 0, ""
    name = max(counts, key=lambda key: (counts[key][0], -counts[key][1]))
    return name, counts[name][1], ""


def read_facts(structure: Structure, name_en: str = "") -> Facts:
    """The organisation as the policy states it."""
    lines = _lines(structure)
    facts = Facts(name_en=name_en.strip())
    facts.name, facts.name_line, representative = _name(lines)
    if representative:
        facts.stated.append(("代表者", representative, facts.name_line))
    form = legal_form_of(facts.name) if facts.name else None
    facts.body = form.value if form else BodyKind.BRAND.value
    for text, number, _block in lines:
        stripped = normal(text)
        for label, pattern in (("所在地", _ADDRESS), ("代表者", _REPRESENTATIVE), ("連絡先", _CONTACT)):
            if pattern.match(stripped) and "。" not in text and len(stripped) <= 80:
                facts.stated.append((label, text.strip(), number))
    if not facts.name:
        facts.missing.append("name: the text states no organisation's name; write it under 'organisation: name:'")
    if form is None:
        facts.missing.append("body: no legal form in the name; 'brand' written, correct it (see docs/editing.md)")
    if not facts.name_en:
        facts.missing.append("name_en: the Japanese name stands in for the English one; give --name-en or edit it")
    for label in ("所在地", "代表者", "連絡先"):
        if not any(entry[0] == label for entry in facts.stated):
            facts.missing.append(f"{label}: not stated in the policy")
    return facts


def index_page(facts: Facts, slug: str) -> str:
    """The organisation's ``index.md``."""
    name = facts.name or slug
    rows = [
        "---",
        "organisation:",
        f"  name: {yaml_text(name)}",
        f"  name_en: {yaml_text(facts.name_en or name)}",
        f"  body: {facts.body}",
        "---",
        "",
        f"# {escape(name, heading=True)}",
        "",
        "```{organisation-summary}",
        "```",
    ]
    if facts.stated:
        rows += ["", "## ポリシーに記載されている事項", ""]
        rows += [f"- {label}:{escape(text)}" for label, text, _line in facts.stated]
    return "\n".join(rows) + "\n"
