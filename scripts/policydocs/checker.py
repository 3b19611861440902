"""The checker: does each revision of a policy say what the law and good practice require?

Pure functions over the model and a rule set; no Sphinx. The public API of the
checker lives here: checking a text, a policy's revisions and a site (with the
findings cache), and the JSON form of the result. The work is done by
:mod:`policydocs.policy_text` (reading a text into blocks and sections),
:mod:`policydocs.recognise` (what a rule is about, found in a text) and
:mod:`policydocs.judge` (one rule's verdict on one text by the law of a day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from policydocs.check_cache import CheckCache, Entry, Key, pack_findings, text_key
from policydocs.diffing import HEADING
from policydocs.forked_map import map_forked
from policydocs.judge import Context, Finding, Verdict, check_rule
from policydocs.model import Location, Organisation, Policy, Problem, Site
from policydocs.policy_text import PolicyText, Section, heading_text, normalise
from policydocs.revisions import judged_texts, sha256_of, verify
from policydocs.rule_model import RuleSet, default_rules_path
from policydocs.rules import load_rules
from policydocs.stated_date_check import DatesMemory, stated_date_problems

__all__ = [
    "Context",
    "Finding",
    "PolicyText",
    "RevisionReport",
    "Section",
    "SiteCheck",
    "Verdict",
    "check_as_json",
    "check_policy",
    "check_rule",
    "check_site",
    "check_text",
    "heading_text",
    "label_problems",
    "normalise",
]


def check_text(rules: RuleSet, text: PolicyText, context: Context) -> list[Finding]:
    return [_with_section(text, check_rule(rule, text, context)) for rule in rules.rules]


def _with_section(text: PolicyText, finding: Finding) -> Finding:
    """Name the section (the heading at or above the finding's line) that holds the evidence."""
    heading = ""
    for block in text.blocks:
        if block.line > finding.location.line:
            break
        if block.kind == HEADING and block.level > 1:
            heading = block.text
    return finding._replace(section=heading)


def label_problems(rules: RuleSet, text: PolicyText) -> list[Problem]:
    """Labels and waivers in a policy that name no rule of its kind."""
    problems = []
    names = [(name, line, "label") for name, line in text.labels]
    names += [(name, line, "waiver") for name, (_reason, line) in text.waivers.items()]
    names += [(name, 1, "declaration") for name in text.declares]
    for name, line, what in names:
        if rules.rule(name) is None:
            close = [r for r in rules.ids if name.replace("-", "_") == r or name in r or r in name]
            fix = (
                f"did you mean '{close[0]}'?"
                if close
                else f"use a rule id of {rules.path.name}: " + ", ".join(rules.ids)
            )
            problems.append(Problem(Location(text.path, line), f"{what} '{name}' names no rule", fix))
    return problems


@dataclass(frozen=True)
class RevisionReport:
    """The findings on one text of a policy: a frozen revision, or the text in force."""

    policy: Policy
    key: str  # a revision key, or "current": the text in force on the build date (revisions.judged_texts)
    path: Path
    law_date: dt.date
    judged_by: str  # "effective date" or "build date"
    findings: tuple[Finding, ...]

    @property
    def fails(self) -> bool:
        return any(f.fails for f in self.findings)


def check_policy(
    rules: RuleSet, policy: Policy, organisation: Organisation, today: dt.date, cache: CheckCache | None = None
) -> list[RevisionReport]:
    """Check the current text (by the law at ``today``) and every frozen revision (by the law on its date)."""
    return [
        report for report, _problems in _check_policy(rules, policy, organisation, today, cache or CheckCache(None))
    ]


def _check_policy(
    rules: RuleSet,
    policy: Policy,
    organisation: Organisation,
    today: dt.date,
    cache: CheckCache,
    fresh: dict[Key, Entry] | None = None,
) -> list[tuple[RevisionReport, list[Problem]]]:
    # Which text is judged by which day's law: the text in force by today's, each revision by its own date's.
    reports = []
    for text in judged_texts(policy, today):
        context = Context(text.law_date, organisation.name, organisation.body)
        digest = text.digest or sha256_of(text.path)
        findings, problems = _check_text_cached(rules, text.path, digest, context, cache, fresh or {})
        report = RevisionReport(policy, text.key, text.path, text.law_date, text.judged_by, findings)
        reports.append((report, problems))
    return reports


def _check_text_cached(
    rules: RuleSet, path: Path, digest: str, context: Context, cache: CheckCache, fresh: dict[Key, Entry]
) -> tuple[tuple[Finding, ...], list[Problem]]:
    """The findings and label problems of one text (whose SHA-256 is ``digest``), from the cache
    when the same bytes were checked before, or from ``fresh`` when judged in this run already."""
    key = text_key(path, digest, context.law_date, context.organisation_name, context.body)
    kept = fresh.get(key) or cache.get(key)
    if kept is not None and (findings := cache.findings(rules, path, key, kept[0])) is not None:
        if key in fresh:
            cache.put(key, *kept)
        return findings, list(kept[1])
    findings, problems = _judged(rules, path, context)
    cache.put(key, pack_findings(path, findings), tuple(problems))
    return findings, problems


def _judged(rules: RuleSet, path: Path, context: Context) -> tuple[tuple[Finding, ...], list[Problem]]:
    """One text's findings and label problems, worked out afresh."""
    text = PolicyText.read(path)
    return tuple(check_text(rules, text, context)), label_problems(rules, text)


def _judge_packed(job: tuple[RuleSet, Path, Context]) -> Entry:
    # In a forked worker: plain values back, as the parent's rule objects are not the worker's.
    findings, problems = _judged(*job)
    return pack_findings(job[1], findings), tuple(problems)


def _judge_unchecked(
    chosen: list[tuple[Organisation, Policy, Path]],
    loaded: dict[Path, tuple[RuleSet | None, list[Problem]]],
    memories: dict[Path, CheckCache],
    today: dt.date,
) -> dict[Key, Entry]:
    """Every text the cache does not hold, judged on every core at once (:mod:`policydocs.forked_map`)."""
    jobs: dict[Key, tuple[RuleSet, Path, Context]] = {}
    for org, policy, path in chosen:
        rules = loaded[path][0]
        if rules is None:
            continue
        for text in judged_texts(policy, today):
            context = Context(text.law_date, org.name, org.body)
            key = text_key(text.path, text.digest or sha256_of(text.path), text.law_date, org.name, org.body)
            if key not in jobs and memories[path].get(key) is None:
                jobs[key] = (rules, text.path, context)
    return dict(zip(jobs, map_forked(_judge_packed, list(jobs.values())), strict=True))


@dataclass(frozen=True)
class SiteCheck:
    """Everything ``policydocs check`` reports: problems (front matter, rules, hashes) and findings."""

    problems: tuple[Problem, ...]
    reports: tuple[RevisionReport, ...]

    @property
    def fails(self) -> bool:
        return bool(self.problems) or any(report.fails for report in self.reports)

    @cached_property
    def _by_text(self) -> dict[tuple[str, str], RevisionReport]:
        return {(r.policy.docname, r.key): r for r in self.reports}

    def report(self, policy: Policy, key: str) -> RevisionReport | None:
        """The report on one text of a policy: a revision key, or "current"."""
        return self._by_text.get((policy.docname, key))


def check_site(
    site: Site,
    today: dt.date,
    only: tuple[str, ...] = (),
    rules_file: Path | None = None,
    verify_revisions: bool = True,
    cache_dir: Path | None = None,
) -> SiteCheck:
    """Verify and check every policy (or those named ``<org>`` or ``<org>/<kind>``).

    With ``cache_dir``, findings on texts checked before (same bytes, rules and code) are read
    from there instead of worked out again, and new ones are kept for the next run.
    """
    problems: list[Problem] = list(site.problems)
    reports: list[RevisionReport] = []
    loaded: dict[Path, tuple[RuleSet | None, list[Problem]]] = {}
    memories: dict[Path, CheckCache] = {}
    dates = DatesMemory.open(cache_dir)
    chosen = [
        (org, policy, rules_file or default_rules_path(policy.kind))
        for org in site.organisations
        for policy in org.policies
        if not only or policy.organisation in only or f"{policy.organisation}/{policy.kind.value}" in only
    ]
    for _org, _policy, path in chosen:
        if path not in loaded:
            loaded[path] = load_rules(path)
            if loaded[path][0] is not None:
                memories[path] = CheckCache.open(cache_dir, loaded[path][0])
    fresh = _judge_unchecked(chosen, loaded, memories, today)
    reported: set[Path] = set()
    for org, policy, path in chosen:
        if verify_revisions:  # the build warns of these itself, each with its own type
            problems += verify(policy) + stated_date_problems(policy, dates)
        rules, rule_problems = loaded[path]
        if path not in reported:
            reported.add(path)
            problems += rule_problems
        if rules is None:
            continue
        for report, text_problems in _check_policy(rules, policy, org, today, memories[path], fresh):
            problems += text_problems
            reports.append(report)
    for memory in memories.values():
        memory.save()
    dates.save()
    return SiteCheck(tuple(dict.fromkeys(problems)), tuple(reports))


def check_as_json(result: SiteCheck, root: Path) -> dict[str, object]:
    """The check as data for CI: every finding with its rule, verdict and location."""

    def where(location: Location) -> dict[str, object]:
        path = location.path.relative_to(root) if location.path.is_relative_to(root) else location.path
        return {"file": str(path), "line": location.line}

    return {
        "fails": result.fails,
        "needs_review": sum(f.verdict is Verdict.NEEDS_REVIEW for r in result.reports for f in r.findings),
        "problems": [{"message": p.message, "fix": p.fix, **where(p.location)} for p in result.problems],
        "reports": [
            {
                "policy": f"{r.policy.organisation}/{r.policy.kind.value}",
                "revision": r.key,
                "law_date": r.law_date.isoformat(),
                "judged_by": r.judged_by,
                "fails": r.fails,
                "needs_review": [f.rule.id for f in r.findings if f.verdict is Verdict.NEEDS_REVIEW],
                "findings": [
                    {
                        "rule": f.rule.id,
                        "level": f.rule.level.value,
                        "basis": f.rule.basis_on(r.law_date),  # the article as numbered on that day
                        "verdict": f.verdict.value,
                        # missing because the text holds a clause the law makes void (revise it), not a gap
                        "clause_to_revise": f.verdict is Verdict.MISSING and f.rule.judges_defects,
                        "detail": f.detail,
                        "suggested_label": f.suggested_label,
                        **where(f.location),
                    }
                    for f in r.findings
                ],
            }
            for r in result.reports
        ],
    }
