"""The checker: does each revision of a policy say what the law and good practice require?

Pure functions over the model and a rule set; no Sphinx. A policy's text is
read into sections (headings with what lies under them) and paragraphs, each
with its line. A rule is satisfied by a labelled section, else by a section
whose heading it recognises, else by a paragraph anywhere that says the thing;
what it recognises must have content, and the content it requires (a usable
means of contact, say), or it does not count.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from policydocs.check_cache import CheckCache, PackedFinding, text_key
from policydocs.diffing import HEADING, Block, parse_markdown
from policydocs.loader import read_front_matter
from policydocs.model import BodyKind, Location, Organisation, Policy, Problem, Site
from policydocs.revisions import sha256_of, timeline, verify
from policydocs.rules import Level, Rule, RuleSet, default_rules_path, load_rules
from policydocs.stated_date_check import judge_policy_dates, stated_date_problems

# Numbering policies put before a heading: 1. / 第3条 / (1) / ① / ■ / ※
_NUMBERING = re.compile(r"^\s*(?:第[0-9一二三四五六七八九十百]+条|[0-9]+\s*[.)]|\(\s*[0-9]+\s*\)|[①-⑳]|[■□●◆◇・※]+)\s*")
# A placeholder the original left unfilled: 「[個人データ開示等相談窓口]」
_PLACEHOLDER = re.compile(r"^\s*[\[［【〔].*[\]］】〕]\s*$")


class Verdict(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    WAIVED = "waived"
    NOT_APPLICABLE = "not-applicable"


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def heading_text(text: str) -> str:
    """A heading without its numbering, for recognition."""
    return _NUMBERING.sub("", normalise(text))


@dataclass(frozen=True)
class Section:
    heading: Block
    body: tuple[Block, ...]  # paragraphs under it, its sub-sections' included

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.body if b.kind != HEADING)

    @property
    def has_content(self) -> bool:
        return any(not _PLACEHOLDER.match(normalise(b.text)) for b in self.paragraphs)

    @property
    def placeholders(self) -> tuple[Block, ...]:
        return tuple(b for b in self.paragraphs if _PLACEHOLDER.match(normalise(b.text)))

    def text(self) -> str:
        return normalise("\n".join(b.text for b in (self.heading, *self.body)))


@dataclass(frozen=True)
class PolicyText:
    """A policy's text as the checker reads it."""

    path: Path
    blocks: tuple[Block, ...]
    declares: frozenset[str] = frozenset()
    waivers: dict[str, tuple[str, int]] = field(default_factory=dict)  # rule id → (reason, line)
    labels: tuple[tuple[str, int], ...] = ()
    end_line: int = 1

    @classmethod
    def read(cls, path: Path) -> PolicyText:
        """The text of ``path``, parsed once per version of the file however often it is asked for."""
        stat = path.stat()
        return _read_policy_text(path, stat.st_mtime_ns, stat.st_size)

    @classmethod
    def parse(cls, path: Path) -> PolicyText:
        source = path.read_text(encoding="utf-8")
        fm, _problem = read_front_matter(path)
        section = fm.data.get("policy", {}) if fm else {}
        declares = section.get("declares", []) if isinstance(section, dict) else []
        waivers_data = section.get("waivers", {}) if isinstance(section, dict) else {}
        waivers = {}
        if isinstance(waivers_data, dict) and fm is not None:
            for rule_id, reason in waivers_data.items():
                waivers[str(rule_id)] = (str(reason or "").strip(), fm.line_of(str(rule_id)))
        blocks, labels = parse_markdown(source)
        return cls(
            path=path,
            blocks=tuple(blocks),
            declares=frozenset(str(d) for d in declares) if isinstance(declares, list) else frozenset(),
            waivers=waivers,
            labels=tuple(labels),
            end_line=len(source.splitlines()) or 1,
        )

    def sections(self) -> list[Section]:
        return list(self._sections)

    @cached_property
    def _sections(self) -> tuple[Section, ...]:
        # Every rule looks at the sections: work them out once per text.
        sections = []
        for index, block in enumerate(self.blocks):
            if block.kind != HEADING:
                continue
            body = []
            for following in self.blocks[index + 1 :]:
                if following.kind == HEADING and following.level <= block.level:
                    break
                body.append(following)
            sections.append(Section(block, tuple(body)))
        return tuple(sections)

    def section_of(self, block: Block) -> Section | None:
        """The innermost section a paragraph stands in."""
        found = None
        for section in self._sections:
            inside = block in section.body or block == section.heading
            if inside and (found is None or section.heading.level >= found.heading.level):
                found = section
        return found

    def full_text(self) -> str:
        return self._full_text

    @cached_property
    def _full_text(self) -> str:
        return normalise("\n".join(b.text for b in self.blocks))


@functools.lru_cache(maxsize=4096)
def _read_policy_text(path: Path, mtime_ns: int, size: int) -> PolicyText:
    return PolicyText.parse(path)


@dataclass(frozen=True)
class Context:
    """What the checker knows of the organisation, and the day whose law applies."""

    law_date: dt.date
    organisation_name: str = ""
    body: BodyKind | None = None


class Finding(NamedTuple):
    """One rule's verdict on one text, with where the evidence is (or where to add it).

    A named tuple rather than a dataclass: a cached check of a thousand policies makes
    a hundred thousand of them, and a tuple is made several times faster.
    """

    rule: Rule
    verdict: Verdict
    location: Location
    detail: str
    section: str = ""  # the heading of the section holding the evidence, if any

    @property
    def suggested_label(self) -> str:
        return f"({self.rule.id})="

    @property
    def fails(self) -> bool:
        return self.verdict is Verdict.MISSING and self.rule.level is not Level.SHOULD


def _search(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


_GROUP_WORDS = {
    "@contact": "a usable means of contact (e-mail address, phone number, contact form, URL or postal address)",
    "@self_service": "an online procedure",
}


def _describe(requirement: str) -> str:
    parts = [_GROUP_WORDS.get(part, f"「{part}」") for part in requirement.split("|")]
    return " or ".join(parts)


def _requirements_met(rule: Rule, scope_text: str) -> list[str]:
    """What the rule requires and ``scope_text`` lacks, in words."""
    return [
        _describe(text)
        for pattern, text in zip(rule.requires, rule.requires_text, strict=True)
        if not pattern.search(scope_text)
    ]


def _where(text: PolicyText, line: int) -> Location:
    return Location(text.path, line)


def _scope(rule: Rule, text: PolicyText, section: Section | None) -> str:
    if rule.requires_scope == "policy" or section is None:
        return text.full_text()
    return section.text()


def _judge_section(rule: Rule, text: PolicyText, section: Section, how: str) -> Finding:
    where = _where(text, section.heading.line)
    title = section.heading.text
    if rule.needs_content and not section.has_content:
        note = ""
        if section.placeholders:
            note = f", only the placeholder 「{section.placeholders[0].text}」"
        return Finding(rule, Verdict.MISSING, where, f"the section 「{title}」 has no content{note}")
    missing = _requirements_met(rule, _scope(rule, text, section))
    if missing:
        return Finding(
            rule,
            Verdict.MISSING,
            where,
            f"the section 「{title}」 lacks {'; '.join(missing)}{_placeholder_note(section)}",
        )
    return Finding(rule, Verdict.PRESENT, where, f"{how} 「{title}」")


def check_rule(rule: Rule, text: PolicyText, context: Context) -> Finding:
    """One rule's verdict on one text."""
    end = _where(text, text.end_line)
    if context.law_date < rule.in_force:
        return Finding(
            rule, Verdict.NOT_APPLICABLE, end, f"not yet in force on {context.law_date} (from {rule.in_force})"
        )
    if rule.id in text.waivers:
        reason, line = text.waivers[rule.id]
        return Finding(rule, Verdict.WAIVED, _where(text, line), reason or "waived without a reason")

    sections = text.sections()
    labelled = next((s for s in sections if rule.id in s.heading.labels), None)
    if labelled is not None:
        return _judge_section(rule, text, labelled, "labelled section")
    if rule.stated_dates:  # dates are read, not matched: eras, kanji numerals, impossible days
        stated, line, detail = judge_policy_dates(text.path, text.end_line)
        return Finding(rule, Verdict.PRESENT if stated else Verdict.MISSING, _where(text, line), detail)

    trigger: Block | None = None
    if rule.level is Level.IF_APPLICABLE and rule.id not in text.declares:
        trigger = next((b for b in text.blocks if _search(rule.applies_if, normalise(b.text))), None)
        if trigger is None:
            return Finding(rule, Verdict.NOT_APPLICABLE, end, "the policy does not mention the practice")
    if rule.elements:
        return _check_elements(rule, text, context)

    first_failure: Finding | None = None
    for section in sections:
        if section.heading.level > 1 and _search(rule.headings, heading_text(section.heading.text)):
            finding = _judge_section(rule, text, section, "section")
            if finding.verdict is Verdict.PRESENT:
                return finding
            first_failure = first_failure or finding
    for block in text.blocks:
        if block.kind == HEADING or not _search(rule.body, normalise(block.text)):
            continue
        section = text.section_of(block)
        missing = _requirements_met(rule, _scope(rule, text, section))
        if not missing:
            return Finding(rule, Verdict.PRESENT, _where(text, block.line), f"stated in 「{_excerpt(block.text)}」")
        if first_failure is None:
            note = _placeholder_note(section) if section else ""
            first_failure = Finding(
                rule,
                Verdict.MISSING,
                _where(text, block.line),
                f"「{_excerpt(block.text)}」 lacks {'; '.join(missing)}{note}",
            )
    if first_failure is not None:
        return first_failure
    if trigger is not None:
        return Finding(
            rule,
            Verdict.MISSING,
            _where(text, trigger.line),
            f"the policy mentions the practice (「{_excerpt(trigger.text)}」) "
            "but does not state what the rule requires",
        )
    return Finding(rule, Verdict.MISSING, end, "not found: add a section (this line is the end of the file)")


def _check_elements(rule: Rule, text: PolicyText, context: Context) -> Finding:
    found: list[tuple[str, int]] = []
    missing: list[str] = []
    for element in rule.elements:
        if context.law_date < element.in_force:
            continue
        if element.bodies and (context.body is None or context.body.value not in element.bodies):
            continue
        block = next((b for b in text.blocks if _search(element.patterns, normalise(b.text))), None)
        if (
            block is None
            and element.organisation_name
            and context.body is not BodyKind.BRAND
            and context.organisation_name
        ):
            name = normalise(context.organisation_name)
            block = next((b for b in text.blocks if name in normalise(b.text)), None)
        if block is None:
            missing.append(f"{element.name_en} ({element.name_ja})")
        else:
            found.append((element.name_en, block.line))
    if missing:
        location = _where(text, found[0][1]) if found else _where(text, text.end_line)
        return Finding(rule, Verdict.MISSING, location, "lacks " + ", ".join(missing))
    return Finding(
        rule, Verdict.PRESENT, _where(text, found[0][1]), ", ".join(f"{n} at line {line}" for n, line in found)
    )


def _placeholder_note(section: Section) -> str:
    placeholders = section.placeholders
    return f" (only the placeholder 「{placeholders[0].text}」)" if placeholders else ""


def _excerpt(text: str, length: int = 24) -> str:
    return text if len(text) <= length else text[:length] + "…"


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
    """The findings on one text of a policy: a frozen revision, or the current text."""

    policy: Policy
    key: str  # a revision key, or "current"
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
    rules: RuleSet, policy: Policy, organisation: Organisation, today: dt.date, cache: CheckCache
) -> list[tuple[RevisionReport, list[Problem]]]:
    line = timeline(policy, today)
    texts: list[tuple[str, Path, str, dt.date | None]] = [("current", policy.path, policy.digest, None)]
    texts += [
        (r.key, r.path, r.digest, r.effective if r.effective and r.effective <= today else None) for r in line.revisions
    ]
    reports = []
    for key, path, digest, effective in texts:
        law_date, judged_by = (effective, "effective date") if effective else (today, "build date")
        context = Context(law_date, organisation.name, organisation.body)
        findings, problems = _check_text_cached(rules, path, digest or sha256_of(path), context, cache)
        reports.append((RevisionReport(policy, key, path, law_date, judged_by, findings), problems))
    return reports


def _check_text_cached(
    rules: RuleSet, path: Path, digest: str, context: Context, cache: CheckCache
) -> tuple[tuple[Finding, ...], list[Problem]]:
    """The findings and label problems of one text (whose SHA-256 is ``digest``), from the cache
    when the same bytes were checked before."""
    key = text_key(path, digest, context.law_date, context.organisation_name, context.body)
    cached = cache.get(key)
    if cached is not None and (findings := _unpack(rules, path, cached[0])) is not None:
        return findings, list(cached[1])
    text = PolicyText.read(path)
    findings = tuple(check_text(rules, text, context))
    problems = label_problems(rules, text)
    cache.put(key, _pack(path, findings), tuple(problems))
    return findings, problems


def _pack(path: Path, findings: tuple[Finding, ...]) -> tuple[PackedFinding, ...]:
    return tuple(
        (
            f.rule.id,
            f.verdict.value,
            f.location.line,
            f.detail,
            f.section,
            None if f.location.path == path else str(f.location.path),
        )
        for f in findings
    )


_VERDICTS = {verdict.value: verdict for verdict in Verdict}


def _unpack(rules: RuleSet, path: Path, packed: tuple[PackedFinding, ...]) -> tuple[Finding, ...] | None:
    by_id, make = rules.by_id, Finding._make
    try:
        return tuple(
            [
                make((by_id[rule], _VERDICTS[verdict], Location(Path(other) if other else path, line), detail, section))
                for rule, verdict, line, detail, section, other in packed
            ]
        )
    except (KeyError, TypeError, ValueError):
        return None  # not what this version writes: check the text afresh


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
    cache: dict[Path, tuple[RuleSet | None, list[Problem]]] = {}
    memories: dict[Path, CheckCache] = {}
    for org in site.organisations:
        for policy in org.policies:
            name = f"{policy.organisation}/{policy.kind.value}"
            if only and policy.organisation not in only and name not in only:
                continue
            if verify_revisions:  # the build warns of these itself, each with its own type
                problems += verify(policy) + stated_date_problems(policy)
            path = rules_file or default_rules_path(policy.kind)
            if path not in cache:
                cache[path] = load_rules(path)
                problems += cache[path][1]
            rules = cache[path][0]
            if rules is None:
                continue
            if path not in memories:
                memories[path] = CheckCache.open(cache_dir, rules)
            for report, text_problems in _check_policy(rules, policy, org, today, memories[path]):
                problems += text_problems
                reports.append(report)
    for memory in memories.values():
        memory.save()
    return SiteCheck(tuple(dict.fromkeys(problems)), tuple(reports))


def check_as_json(result: SiteCheck, root: Path) -> dict[str, object]:
    """The check as data for CI: every finding with its rule, verdict and location."""

    def where(location: Location) -> dict[str, object]:
        path = location.path.relative_to(root) if location.path.is_relative_to(root) else location.path
        return {"file": str(path), "line": location.line}

    return {
        "fails": result.fails,
        "problems": [{"message": p.message, "fix": p.fix, **where(p.location)} for p in result.problems],
        "reports": [
            {
                "policy": f"{r.policy.organisation}/{r.policy.kind.value}",
                "revision": r.key,
                "law_date": r.law_date.isoformat(),
                "judged_by": r.judged_by,
                "fails": r.fails,
                "findings": [
                    {
                        "rule": f.rule.id,
                        "level": f.rule.level.value,
                        "basis": f.rule.basis,
                        "verdict": f.verdict.value,
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
