"""The rules of a policy kind as typed values: a rule, what its evidence must describe, a rule set.

Read from a rule file by :mod:`policydocs.rules`; used by the checker's layers, which never
read the file themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from policydocs.display_rules import Display
from policydocs.kinds import RULES_DIR as RULES_DIR
from policydocs.model import PolicyKind
from policydocs.notice_rules import Each, Plain


class Level(StrEnum):
    MUST = "must"
    IF_APPLICABLE = "must-if-applicable"
    SHOULD = "should"


@dataclass(frozen=True)
class Element:
    """A part of a rule required on its own (an operator's address, say), from its own date."""

    name_ja: str
    name_en: str
    in_force: dt.date
    patterns: tuple[re.Pattern[str], ...]
    organisation_name: bool = False  # the organisation's own name also satisfies it
    bodies: tuple[str, ...] = ()  # only for these kinds of body; empty: all
    # The page's own title must say it (a notice named by its page, policydocs.page_title): said only
    # by a section's heading inside a page titled otherwise, it is for a person to judge.
    title: bool = False


@dataclass(frozen=True)
class Substance:
    """What the evidence must describe, from its own date (the measures taken, not a promise to take them).

    ``groups`` are the kinds of content the law names (the PPC guidelines' categories of
    security measures, say), each recognised by its patterns anywhere in the policy. With
    ``present`` groups or more the rule is present, with ``review`` or more it needs review,
    with fewer it is missing; ``also_present`` is another route that satisfies it alone (the
    measures answered on request). A group in ``needed_if`` is needed whenever its patterns
    are found in the text (外的環境の把握 when data are handled abroad): without it, at best
    needs-review.
    """

    in_force: dt.date
    groups: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    present: int
    review: int
    also_present: tuple[re.Pattern[str], ...] = ()
    needed_if: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()
    # Short of every group, a passage that says something of the kind (whose information, from
    # which procedure: 「お取引先様の個人情報」) makes it needs-review, with ``review_if_why``.
    review_if: tuple[re.Pattern[str], ...] = ()
    review_if_why: str = ""


@dataclass(frozen=True)
class Forbidden:
    """A clause the law makes void, from its own date (a total exclusion of liability, say).

    Looked for sentence by sentence: a sentence matching ``patterns`` is the void clause unless that
    sentence, or the proviso (ただし書) that follows it, matches ``unless`` (the carve-out that saves
    it: 「故意又は重過失による場合を除き」). ``review``: a borderline clause, for a person to judge.
    ``why`` says what the clause does, to follow "a clause that"; ``basis`` the article voiding it.
    """

    in_force: dt.date
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    review: bool = False
    why: str = ""
    basis: str = ""  # empty: the rule's basis as cited on the day


@dataclass(frozen=True)
class Rule:
    id: str
    name_ja: str
    name_en: str
    basis: str
    level: Level
    in_force: dt.date
    headings: tuple[re.Pattern[str], ...] = ()
    body: tuple[re.Pattern[str], ...] = ()
    needs_content: bool = False
    requires: tuple[re.Pattern[str], ...] = ()
    requires_text: tuple[str, ...] = ()  # as written in the rule file, for messages
    requires_scope: str = "section"  # "section" or "policy"
    applies_if: tuple[re.Pattern[str], ...] = ()
    elements: tuple[Element, ...] = ()
    line: int = 0  # where the rule is written in its file
    stated_dates: bool = False  # recognised by the dates the text states (policydocs.stated_dates)
    # The article as numbered on earlier days: (last day, basis) pairs, oldest first; ``basis`` is today's.
    basis_history: tuple[tuple[dt.date, str], ...] = ()
    # Passages that look like the content but are not (a restated statutory exception, a
    # third party's opt-out): a block matching one of these is no evidence for the rule.
    not_evidence: tuple[re.Pattern[str], ...] = ()
    # Sections whose heading matches one of these hold no evidence (the article on changing purposes).
    not_under: tuple[re.Pattern[str], ...] = ()
    substance: Substance | None = None
    # Wording that says something of the kind but too little to call it present (purposes
    # given only as the business's lines, 「適切な管理を実施します」 for security): needs-review,
    # with ``weak_why`` as the reason, when nothing stronger is found.
    weak: tuple[re.Pattern[str], ...] = ()
    weak_why: str = ""
    # Evidence offered for something else (a desk 「本ウェブサイトに関するお問い合せ」, or one given only
    # in the section on correction requests): matched against the evidence's section, heading first;
    # when no other evidence stands outside such sections, needs-review with ``narrow_why``.
    narrow: tuple[re.Pattern[str], ...] = ()
    narrow_why: str = ""
    # A place named without a means of contact (「お問い合わせは本校までお願いします」) is for a person
    # to judge rather than missing: the body named is itself the place to apply.
    named_without_means_review: bool = False
    # Judged the other way round (policydocs.defects): missing when the text holds a clause the law
    # makes void, present when its clauses of the kind are valid (or, without applies_if, none is found).
    forbids: tuple[Forbidden, ...] = ()
    # What must be said for each module a notice describes, and in plain Japanese (policydocs.notice_rules).
    each: Each | None = None
    plain: Plain | None = None
    # What each item of a display required by law must say, row by row (policydocs.display_rules).
    display: Display | None = None

    @property
    def judges_defects(self) -> bool:
        """Whether a missing verdict means a clause to revise rather than a section to add."""
        return bool(self.forbids)

    def name(self, language: str) -> str:
        return self.name_ja if language == "ja" else self.name_en

    def basis_on(self, date: dt.date) -> str:
        """The basis as cited on ``date``: the articles were renumbered in 2017 and 2022."""
        return next((basis for until, basis in self.basis_history if date <= until), self.basis)


@dataclass(frozen=True)
class RuleSet:
    kind: PolicyKind
    title_ja: str
    title_en: str
    rules: tuple[Rule, ...]
    path: Path

    def rule(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)

    @cached_property
    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)


def default_rules_path(kind: PolicyKind) -> Path:
    return RULES_DIR / f"{kind.value}-ja.toml"
