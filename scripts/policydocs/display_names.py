"""Items of a display that name someone: the seller by its legal name, the person responsible by name.

What the Ordinance under the Act on Specified Commercial Transactions asks (Art. 23 since 2023-06-01,
Art. 8 before), read with the Consumer Affairs Agency's guidance on Art. 11:

- the seller's 氏名又は名称: a corporation by its registered name (登記簿上の名称, the legal form with
  it); an individual by their own name (戸籍上の氏名) or a registered trade name. A trade name (屋号),
  shop or site name alone does not do, and a brand says nothing of who sells (``names = "seller"``;
  its ``stands_for``, the rows naming persons: the seller's row giving one of their names is an
  individual's own name);
- for a corporation advertising online, the name of its representative or of the person responsible
  for its mail-order business (``names = "person"``, ``bodies``). An individual is not asked: their
  own name is the seller's. Where an individual's display gives the seller only by a trade name, a
  person named as responsible is what names the individual behind it (``stands_for``). One row may
  give both (「事業者名・代表者 | X合同会社 山田 太郎」): the person is read after the legal name, and a
  name holding a legal form is never a person's.

The legal form comes from the organisation's ``body:`` (:mod:`policydocs.legal_forms`); an unknown
form is asked what the display itself shows, and a person decides what it cannot tell.
"""

from __future__ import annotations

import re

from policydocs.display_rows import Row, rows
from policydocs.display_rules import Display
from policydocs.findings import Context, Finding, Verdict
from policydocs.legal_forms import FORMS, asked_of, legal_form_of
from policydocs.model import BodyKind, Location
from policydocs.policy_text import PolicyText, normalise
from policydocs.recognise import matches
from policydocs.rule_model import Rule

# A reading given after a name, 「Sawayama Tenga（サワヤマ テンガ）」: not part of the name compared.
_READING = re.compile(r"\s*\([^)]*\)")


def judge_names(rule: Rule, display: Display, text: PolicyText, context: Context, finding: Finding) -> Finding:
    """The verdict of an item that names the seller or a person, by the seller's legal form."""
    found = rows(text, rule.headings)
    if display.names == "seller":
        return _seller(rule, display, text, context, finding, found)
    return _person(rule, display, text, context, finding, found)


def _seller(
    rule: Rule, display: Display, text: PolicyText, context: Context, finding: Finding, found: list[Row]
) -> Finding:
    form = FORMS[context.body] if context.body is not None else None
    corporation = form is not None and form.corporation
    for row in found:
        for said in row.texts():
            if _legal_name(said, context):
                return _say(finding, Verdict.PRESENT, text, row.line, f"names the seller 「{_excerpt(said)}」")
            # An individual's own name, shown as such, or the very name the display gives a person (its
            # 運営責任者 「山田花子」 in the seller's row): a corporation's seller is the corporation.
            if not corporation and (_name_in(display.person_name, said) or _a_persons(said, text, display)):
                return _say(finding, Verdict.PRESENT, text, row.line, f"names the individual 「{_excerpt(said)}」")
    if (review := _caveat(display, found, context)) is not None:
        return _say(finding, Verdict.NEEDS_REVIEW, text, *review)
    if not found:
        return finding  # no seller row: recognition's reading of the running text (「株式会社X（以下「当社」）」)
    said = found[0].text()
    if corporation:
        why = "a corporation is named by its registered name (登記簿上の名称), legal form and all, not a brand"
    elif context.body is BodyKind.SOLE_TRADER:
        why = (
            "an individual seller is named by their own name (戸籍上の氏名) or a registered trade name; a trade "
            "name (屋号) alone does not do, and a name given in another row is not said to be the seller's"
        )
    else:
        why = "only a shop or brand name: who sells, and by what legal name, cannot be told from it"
    return _say(finding, Verdict.NEEDS_REVIEW, text, found[0].line, f"「{_excerpt(said)}」: {why}")


def _person(
    rule: Rule, display: Display, text: PolicyText, context: Context, finding: Finding, found: list[Row]
) -> Finding:
    names = ((row, _person_in(display.person_name, said)) for row in found for said in row.texts())
    named = next(((row, name) for row, name in names if name), None)
    asked = asked_of(context.body, display.bodies)
    if context.body is not None and context.body is not BodyKind.BRAND and not asked:
        form = FORMS[context.body]
        if named is not None and not _stands_in(named[1], rows(text, display.stands_for)):
            why = f"names 「{named[1]}」, the individual behind the trade name the seller is given by"
            return _say(finding, Verdict.PRESENT, text, named[0].line, why)
        why = f"asked of corporations only: a {form.name_en.lower()} ({form.name_ja}) is named as the seller itself"
        return _say(finding, Verdict.NOT_APPLICABLE, text, text.end_line, why)
    if named is not None:
        return _say(finding, Verdict.PRESENT, text, named[0].line, f"names 「{named[1]}」")
    if finding.verdict is Verdict.PRESENT and not found:
        return finding  # named in the running text (a signature line 「代表取締役 山田太郎」)
    if (review := _caveat(display, found, context)) is not None:
        return _say(finding, Verdict.NEEDS_REVIEW, text, *review)
    if not asked:
        why = (
            "whether the seller is a corporation cannot be told from the display; if it is, its representative "
            "or the person responsible for its mail-order business must be named"
        )
        return _say(finding, Verdict.NEEDS_REVIEW, text, found[0].line if found else text.end_line, why)
    if found:
        said = found[0].text()
        return _say(finding, Verdict.MISSING, text, found[0].line, f"「{_excerpt(said)}」 names no one")
    return finding._replace(verdict=Verdict.MISSING)


def _legal_name(said: str, context: Context) -> bool:
    """Whether ``said`` names a body by its legal name: with its legal form, or as the organisation is named
    when its form is known (a name of unknown form, a brand's or an individual's trade name, says neither)."""
    if legal_form_of(said) is not None:
        return True
    own = _compact(context.organisation_name)
    named = context.body not in (None, BodyKind.BRAND, BodyKind.SOLE_TRADER)
    return bool(own) and named and own in _compact(said)


def _name_in(patterns: tuple[re.Pattern[str], ...], said: str) -> str:
    """The person's name ``said`` gives by one of ``patterns`` (their group ``name``, else the whole match)."""
    for pattern in patterns:
        match = pattern.search(said.strip())
        if match:
            name = match.groupdict().get("name") or match.group(0)
            return _READING.sub("", normalise(name)).strip()
    return ""


def _person_in(patterns: tuple[re.Pattern[str], ...], said: str) -> str:
    """The person's name ``said`` gives, also after the seller's legal name: a row labelled for both
    (「事業者名 代表者」) gives the corporation, then its representative (「X合同会社 山田 太郎」)."""
    name = _name_in(patterns, said)
    if name and legal_form_of(name) is None:  # 「株式会社 エックス」 has a person's shape, not a person's name
        return name
    words = normalise(said).split()
    for end in range(1, len(words)):
        head = "".join(words[:end])
        form = legal_form_of(head)
        # The legal form with a name to it (「株式会社 エックス」's 「株式会社」 alone is not the name yet).
        if form is not None and all(_compact(marker) != head for marker in form.markers):
            return _name_in(patterns, " ".join(words[end:]))
    return ""


def _a_persons(said: str, text: PolicyText, display: Display) -> bool:
    """Whether ``said`` is the name a row of ``stands_for`` (a person's row) gives, post and reading aside."""
    name = _compact(_READING.sub("", said))
    return len(name) >= 2 and any(
        _compact(_READING.sub("", other)).endswith(name)
        for row in rows(text, display.stands_for)
        for other in row.texts()
    )


def _stands_in(name: str, seller: list[Row]) -> bool:
    """Whether the seller's rows already give ``name`` (then the person is the seller, named as such)."""
    return any(_compact(name) in _compact(row.text()) for row in seller)


def _caveat(display: Display, found: list[Row], context: Context) -> tuple[int, str] | None:
    for caveat in display.review_when:
        if not caveat.on(context.law_date):
            continue
        for row in found:
            for said in row.texts():
                if matches(caveat.patterns, said):
                    return row.line, f"「{_excerpt(said)}」: {caveat.why}"
    return None


def _compact(name: str) -> str:
    return re.sub(r"\s+", "", normalise(name))


def _say(finding: Finding, verdict: object, text: PolicyText, line: int, detail: str) -> Finding:
    return finding._replace(verdict=verdict, location=Location(text.path, line), detail=detail)


def _excerpt(said: str, length: int = 30) -> str:
    said = said.replace("\n", " ")
    return said if len(said) <= length else said[:length] + "…"
