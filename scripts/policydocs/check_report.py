"""What ``policydocs check`` prints, as a person takes it in: one block per policy, failures first.

Within a block, the texts of the policy (the text in force, then each frozen revision) with
their findings, worst first; a text whose findings are those of another (the text in force and
the revision it was frozen as) is listed with it once, not repeated. Counts are in words with
the right plural. A rule that looks for a clause the law makes void (terms of use) says "clause to
revise" where others say "missing", and what to do about it. Pure functions returning text: only the
command line prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from policydocs.checker import Finding, RevisionReport, SiteCheck
from policydocs.model import Policy
from policydocs.wording import plural

VERDICT_MARKS = {"present": "✓", "missing": "✗", "waived": "–", "not-applicable": "·", "needs-review": "?"}
# Worst first: what fails the check, then what a person must decide, then what is only advised;
# within each, the rule file's order (the operator first, as the law lists the public matters).
_ORDER = {"missing": 0, "needs-review": 1, "waived": 3, "present": 4, "not-applicable": 5}


def relative(path: Path, root: Path) -> str:
    # Plain string work: a large site prints tens of thousands of locations.
    text, prefix = str(path), f"{root}{os.sep}"
    return text[len(prefix) :] if text.startswith(prefix) else text


def _rank(finding: Finding) -> int:
    verdict = finding.verdict
    if verdict == "missing" and not finding.fails:
        return 2  # a recommended section: after what needs review
    return _ORDER[verdict]


def _shown(report: RevisionReport, show_all: bool) -> list[Finding]:
    findings = [f for f in report.findings if show_all or f.verdict not in ("present", "not-applicable")]
    return sorted(findings, key=_rank)


def _same_findings(report: RevisionReport) -> tuple[object, ...]:
    """What makes two texts' findings the same to a reader: verdicts, reasons and lines, not the file."""
    return (
        report.law_date,
        tuple((f.rule.id, f.verdict, f.detail, f.location.line) for f in report.findings),
    )


def _groups(reports: Iterable[RevisionReport]) -> list[list[RevisionReport]]:
    groups: dict[tuple[object, ...], list[RevisionReport]] = {}
    for report in reports:
        groups.setdefault(_same_findings(report), []).append(report)
    return list(groups.values())


def _text_block(group: list[RevisionReport], root: Path, show_all: bool) -> list[str]:
    first = group[0]
    # The text in force and the revision it was frozen as, judged by the same law, say the same.
    name = ", ".join(r.key for r in group) + (" (the same findings)" if group[1:] else "")
    lines = [f"  {name}: judged by the law in force on {first.law_date} (its {first.judged_by})"]
    for finding in _shown(first, show_all):
        verdict, rule = finding.verdict, finding.rule
        said, todo = str(verdict), (f"; label it {finding.suggested_label}" if verdict == "missing" else "")
        if verdict == "missing" and rule.judges_defects:  # the text holds a clause the law makes void
            said, todo = "clause to revise", "; revise the clause, or waive the rule with a reason"
        lines.append(
            f"    {VERDICT_MARKS[verdict]} {rule.id} [{rule.level}; {rule.basis_on(first.law_date)}] {said}: "
            f"{finding.detail}\n"
            f"        at {relative(finding.location.path, root)}:{finding.location.line}{todo}"
        )
    if len(lines) == 1:
        lines.append("    every rule is met")
    return lines


def _failing_words(reports: Iterable[RevisionReport], count: int) -> str:
    """What the failing texts lack or hold: a required section, a clause the law makes void, or both."""
    failures = {f.rule.judges_defects for r in reports for f in r.findings if f.fails}
    singular = count == 1
    said = []
    if False in failures or not failures:
        said.append(f"{'misses' if singular else 'miss'} a required section")
    if True in failures:
        said.append(f"{'holds' if singular else 'hold'} a clause to revise")
    return " or ".join(said)


def _policy_heading(policy: Policy, reports: list[RevisionReport]) -> str:
    failing = sum(1 for r in reports if r.fails)
    review = sum(1 for r in reports for f in r.findings if f.verdict == "needs-review")
    words = _failing_words(reports, failing)
    said = [f"{failing} of {plural(len(reports), 'text')} {words}" if failing else "passes"]
    if review:
        said.append(f"{plural(review, 'finding')} to review")
    return f"{policy.organisation}/{policy.kind.value}: {', '.join(said)}"


def report_text(result: SiteCheck, root: Path, show_all: bool) -> str:
    """Every policy's block, the failing policies first, each in the order of the site."""
    by_policy: dict[str, list[RevisionReport]] = {}
    for report in result.reports:
        by_policy.setdefault(report.policy.docname, []).append(report)
    blocks = sorted(by_policy.values(), key=lambda reports: not any(r.fails for r in reports))
    out: list[str] = []
    for reports in blocks:
        out.append(_policy_heading(reports[0].policy, reports))
        for group in _groups(reports):
            out.extend(_text_block(group, root, show_all))
    return "\n".join(out)


def problems_text(result: SiteCheck) -> str:
    """The problems that are not findings (a tampered revision, a bad front matter), before anything else."""
    if not result.problems:
        return ""
    return "\n".join([f"{plural(len(result.problems), 'problem')}:", *(f"  {p}" for p in result.problems)])


def summary_text(result: SiteCheck, policies: int, revisions: int) -> str:
    failing = sum(1 for r in result.reports if r.fails)
    review = sum(1 for r in result.reports for f in r.findings if f.verdict == "needs-review")
    return (
        f"{plural(policies, 'policy', 'policies')}, {plural(revisions, 'frozen revision')}, "
        f"{plural(len(result.reports), 'text')} checked: "
        f"{plural(failing, 'text')} {_failing_words(result.reports, failing)}, "
        f"{plural(review, 'finding')} {'needs' if review == 1 else 'need'} review, "
        f"{plural(len(result.problems), 'other problem')}"
    )
