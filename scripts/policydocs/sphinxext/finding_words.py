"""How the site words a finding: its verdict's label, its build warning, and the counts of a text's gaps.

A missing finding means one of two things. For most rules a section the law asks for is not in the
text: add it. For a rule that looks for a clause the law makes void (``[[rule.forbids]]``, terms of
use) the text holds such a clause: revise it, or waive the rule with a reason. Every place that
speaks of a missing finding (the build's warning, the compliance page's cells, key and tables, the
facts box) asks here, so the two never read alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from policydocs.checker import Finding, RevisionReport, Verdict
from policydocs.sphinxext.messages import _


def is_defect(finding: Finding) -> bool:
    """A failing finding of a rule on void clauses: a clause to revise, not a section to add."""
    return finding.verdict is Verdict.MISSING and finding.rule.judges_defects


def verdict_label(verdict: Verdict, defect: bool = False) -> str:
    labels = {
        Verdict.PRESENT: _("present"),
        Verdict.MISSING: _("clause to revise") if defect else _("missing"),
        Verdict.WAIVED: _("waived"),
        Verdict.NOT_APPLICABLE: _("not applicable"),
        Verdict.NEEDS_REVIEW: _("needs review"),
    }
    return str(labels[verdict])


def finding_label(finding: Finding) -> str:
    return verdict_label(finding.verdict, finding.rule.judges_defects)


def warning_text(finding: Finding, report: RevisionReport) -> str:
    """The build's warning for a failing finding: what is wrong and what to do, with the article of the day."""
    rule, where = finding.rule, f"{report.policy.organisation}/{report.policy.kind.value} {report.key}"
    if is_defect(finding):
        # The detail says what the clause does, the article voiding it and the sentence, quoted.
        return (
            f"{rule.id} ({rule.level.value}): {where} holds a clause that {finding.detail}; "
            "revise it, or waive it with a reason"
        )
    basis = rule.basis_on(report.law_date)  # the article as numbered on the text's law date
    return (
        f"{rule.id} ({rule.level.value}, {basis}) is missing from {where}: {finding.detail}; "
        f"add it, labelled {finding.suggested_label}"
    )


class Gaps(NamedTuple):
    """What a text's findings ask of its editors: sections to add, clauses to revise, findings to review."""

    missing: int
    to_revise: int
    to_review: int


def gaps(findings: Iterable[Finding]) -> Gaps:
    missing = to_revise = to_review = 0
    for finding in findings:
        if finding.fails:
            to_revise += is_defect(finding)
            missing += not is_defect(finding)
        to_review += finding.verdict is Verdict.NEEDS_REVIEW
    return Gaps(missing, to_revise, to_review)
