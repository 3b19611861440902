"""Findings of the checker in the build: located warnings, and the compliance page.

Each missing section is a warning of type ``policy.missing_section`` at the
line where the evidence should be, so a team can make its build strict; a
clause the law makes void (terms of use) is one of type ``policy.void_clause``,
at the clause, worded as a clause to revise (:mod:`.finding_words`), so that a
site suppressing the gaps of real texts still hears of a void clause; a label
or waiver naming no rule is ``policy.unknown_rule``. A needs-review
finding (weak evidence, for a person to decide) is no warning: the page shows it
in a cell of its own. The compliance page
(``compliance/``) shows one row per policy (a site may hold a hundred) and one
narrow numbered column per rule, explained in a table of rules below with its
level and legal basis in the page's language; each cell links to its evidence.
It also lists the gaps of every other revision.

The page exists only where findings are public (:mod:`.public_findings`).
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from policydocs.anchors_text import slugify
from policydocs.checker import Finding, RevisionReport, Verdict
from policydocs.kinds import has_checklist, kind_ids, kind_name
from policydocs.legal_citations import basis_label
from policydocs.model import Organisation, Policy, PolicyKind
from policydocs.rule_model import Level, Rule, RuleSet, default_rules_path
from policydocs.rules import load_rules
from policydocs.sphinxext.finding_words import finding_label, gaps, is_defect, verdict_label, warning_text
from policydocs.sphinxext.messages import POLICY_LABELS, STATUS_LABELS, _, date_label, suppressed, warn
from policydocs.sphinxext.public_findings import public
from policydocs.sphinxext.site import BuildSite, site_of

PAGE = "compliance"
HTML_BUILDERS = frozenset({"html", "dirhtml"})
MARKS = {
    Verdict.PRESENT: "✓",
    Verdict.MISSING: "✗",
    Verdict.WAIVED: "⊘",
    Verdict.NOT_APPLICABLE: "—",
    Verdict.NEEDS_REVIEW: "?",
}


def report_findings(app: Sphinx) -> None:
    """Every problem and missing section, as located warnings of their own types."""
    check = site_of(app.env).check
    for problem in check.problems:
        subtype = "unknown_rule" if "names no rule" in problem.message else "rules"
        warn(f"{problem.message} ({problem.fix})", subtype, problem.location)
    dropped = {subtype for subtype in ("void_clause", "missing_section") if suppressed(app.config, subtype)}
    for report in check.reports:
        for finding in report.findings:
            if finding.verdict is Verdict.MISSING:
                subtype = "void_clause" if is_defect(finding) else "missing_section"
                if subtype not in dropped:
                    warn(warning_text(finding, report), subtype, finding.location)


def shown_report(built: BuildSite, policy: Policy) -> RevisionReport | None:
    """The report on the text the policy's main page shows."""
    return built.check.report(policy, built.shown_report_key(policy))


def evidence_anchor(finding: Finding) -> str:
    """The anchor of the section holding the evidence (made as the page makes its anchors)."""
    return slugify(finding.section) if finding.section else ""


def level_label(level: Level) -> str:
    labels = {Level.MUST: _("must"), Level.IF_APPLICABLE: _("must if applicable"), Level.SHOULD: _("should")}
    return str(labels[level])


def rule_basis(basis: str, language: str) -> str:
    return basis_label(basis, language)


def _cell(app: Sphinx, docname: str, finding: Finding) -> str:
    mark = MARKS[finding.verdict]
    label = finding_label(finding)
    uri = app.builder.get_relative_uri(PAGE, docname)
    anchor = evidence_anchor(finding) if finding.verdict is not Verdict.NOT_APPLICABLE else ""
    href = escape(uri + (f"#{anchor}" if anchor else ""))
    rule = finding.rule.name(app.config.language)
    title = escape(f"{rule}: {label}: {finding.detail} ({finding.location.path.name}:{finding.location.line})")
    # A recommendation missing is no legal gap: it is marked, but not in the colour of one.
    css = f"policydocs-verdict policydocs-verdict-{finding.verdict.value} policydocs-level-{finding.rule.level.value}"
    css += " policydocs-defect" if is_defect(finding) else ""
    # The mark is what the eye scans; the word is there for screen readers and for text search.
    word = f'<span class="policydocs-visually-hidden">{escape(label)}</span>'
    return (
        f'<td class="{css}" data-rule="{escape(finding.rule.id)}"><a href="{href}" title="{title}">'
        f'<span aria-hidden="true">{mark}</span>{word}</a></td>'
    )


def _key(defects: bool) -> str:
    """What each mark means, once, above the table (✗ also marks a clause to revise where rules look for one)."""
    words = {v: verdict_label(v) for v in MARKS}
    if defects:
        words[Verdict.MISSING] += f" / {verdict_label(Verdict.MISSING, defect=True)}"
    marks = " · ".join(f"{MARKS[v]} {escape(words[v])}" for v in MARKS)
    return f'<p class="policydocs-compliance-key">{marks}</p>'


def compliance_page(app: Sphinx, built: BuildSite) -> dict[str, Any]:
    """One table per kind of policy; a kind whose rule file has no rules says it has no checklist."""
    language = app.config.language
    policies = [(org, policy) for org in built.site.organisations for policy in org.policies]
    shown_kinds = [kind for kind in kind_ids() if any(policy.kind == kind for _org, policy in policies)]
    title = str(_("Required sections of each policy"))
    defects = any(rule.judges_defects for kind in shown_kinds for rule in _ruleset(kind).rules)
    parts = [f'<section id="compliance"><h1>{escape(title)}</h1>', _key(defects)]
    for kind in shown_kinds or ["privacy"]:
        of_kind = [(org, policy) for org, policy in policies if policy.kind == kind]
        if len(shown_kinds) > 1:
            # Privacy keeps the page's first anchors (#rules, a rule's id) as they were before kinds.
            parts.append(f'<h2 id="kind-{escape(kind)}">{escape(kind_name(kind, language))}</h2>')
        if has_checklist(kind):
            parts.append(_kind_table(app, built, of_kind, language, kind, len(shown_kinds) > 1))
        else:
            parts.append(_no_checklist(app, of_kind, language))
    parts.append(_other_revisions(app, built, language, defects))
    parts.append("</section>")
    return {"title": title, "body": "\n".join(parts)}


def _ruleset(kind: str) -> RuleSet:
    """The kind's rule set, for its title and whether it looks for void clauses (its faults are warned of
    where the checker loads it)."""
    path = default_rules_path(PolicyKind(kind))
    rules, _problems = load_rules(path)
    return rules or RuleSet(PolicyKind(kind), "", "", (), path)


def no_checklist_text() -> str:
    return str(_("no legal checklist: this kind of policy is published without being checked against the law"))


def _no_checklist(app: Sphinx, policies: list[tuple[Organisation, Policy]], language: str) -> str:
    """A kind with no rules: its policies listed, and no claim made about them."""
    items = "".join(
        f'<li><a href="{escape(app.builder.get_relative_uri(PAGE, policy.docname))}">'
        f"{escape(org.display_name(language))}</a></li>"
        for org, policy in policies
    )
    text = escape(no_checklist_text())
    return f'<p class="policydocs-no-checklist">{text[0].upper()}{text[1:]}.</p><ul>{items}</ul>'


def _kind_table(
    app: Sphinx, built: BuildSite, policies: list[tuple[Organisation, Policy]], language: str, kind: str, nested: bool
) -> str:
    """Policies as rows (a site may have a hundred), rules as numbered columns explained below the table;
    ``nested``: under the kind's own heading, among other kinds."""
    reports = {policy.docname: shown_report(built, policy) for _org, policy in policies}
    kind_reports = (r for r in built.check.reports if r.policy.kind == kind)
    rules = [finding.rule for finding in next((r.findings for r in kind_reports), ())]
    anchor = "" if kind == "privacy" else f"{kind}-"
    ruleset = _ruleset(kind)
    # Each table is its own region, named after its kind: a page of several kinds has several.
    title = f"{_('Required sections of each policy')}: {kind_name(kind, language)}"
    parts = [f"<p>{escape(_intro(ruleset, kind, language, built))}</p>"]
    columns = "".join(
        f'<th scope="col" class="policydocs-rule-column"><a href="#{escape(anchor + rule.id)}">'
        f'<abbr title="{escape(rule.name(language))} ({escape(level_label(rule.level))})">{number}</abbr></a></th>'
        for number, rule in enumerate(rules, 1)
    )
    missing_header = _("Missing or to revise") if any(rule.judges_defects for rule in rules) else _("Missing")
    head = (
        f'<th scope="col">{escape(str(_("Organisation")))}</th>'
        f'<th scope="col" class="policydocs-count">{escape(str(missing_header))}</th>'
        f'<th scope="col" class="policydocs-count">{escape(str(_("To review")))}</th>{columns}'
    )
    parts.append(
        f'<div class="policydocs-compliance-scroll" role="region" tabindex="0" aria-label="{escape(title)}">'
        f'<table class="policydocs-compliance docutils"><thead><tr>{head}</tr></thead><tbody>'
    )
    for org, policy in policies:
        report = reports[policy.docname]
        name = org.display_name(language)
        if len(org.policies) > 1:
            name = f"{name}: {POLICY_LABELS[policy.kind]}"
        link = escape(app.builder.get_relative_uri(PAGE, policy.docname))
        findings = report.findings if report else ()
        counted = gaps(findings)
        missing, review = counted.missing + counted.to_revise, counted.to_review
        cells = "".join(_cell(app, policy.docname, f) for f in findings) or "<td></td>" * len(rules)
        counts = (
            f'<td class="policydocs-count{" policydocs-count-missing" if missing else ""}">{missing}</td>'
            f'<td class="policydocs-count">{review}</td>'
        )
        row_id = escape(f"policy-{policy.organisation}-{policy.kind.value}")
        parts.append(f'<tr id="{row_id}"><th scope="row"><a href="{link}">{escape(name)}</a></th>{counts}{cells}</tr>')
    parts.append("</tbody></table></div>")
    parts.append(_rules(rules, built, language, anchor, 3 if nested else 2))
    return "\n".join(parts)


def _intro(ruleset: RuleSet, kind: str, language: str, built: BuildSite) -> str:
    """What the kind's texts are checked against, by the law of which day; and what ✗ means for void clauses."""
    title = ruleset.title_ja if language == "ja" else ruleset.title_en
    said = _(
        "%(kind)s: each text in force is checked against what Japanese law requires and what good practice "
        "recommends (%(title)s)."
    ) % {"kind": kind_name(kind, language), "title": title or kind_name(kind, language)}
    parts = [str(said)]
    if any(rule.judges_defects for rule in ruleset.rules):
        parts.append(
            str(
                _(
                    "Some rules look for clauses the law makes void, such as an exclusion of all liability: "
                    "under them ✗ marks a clause to revise, not a section to add."
                )
            )
        )
    dates = _(
        "Current and undated texts are judged by the law in force on %(date)s; each dated revision by the law "
        "in force on its effective date."
    ) % {"date": date_label(built.today, language)}
    parts.append(str(dates))
    return ("" if language == "ja" else " ").join(parts)


def _rules(rules: list[Rule], built: BuildSite, language: str, anchor: str = "", level: int = 2) -> str:
    """The legend of the numbered columns: each rule's name, level and legal basis."""
    heading = escape(str(_("Rules")))
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in ("№", _("Rule"), _("Level"), _("Legal basis")))
    rows = "".join(
        f'<tr id="{escape(anchor + rule.id)}"><td>{number}</td><th scope="row">{escape(rule.name(language))}</th>'
        f"<td>{escape(level_label(rule.level))}</td>"
        # The texts in force are judged by the build date's law, and cited as numbered then.
        f"<td>{escape(rule_basis(rule.basis_on(built.today), language))}</td></tr>"
        for number, rule in enumerate(rules, 1)
    )
    return (
        f'<h{level} id="{anchor}rules">{heading}</h{level}><table class="policydocs-compliance-rules docutils">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _other_revisions(app: Sphinx, built: BuildSite, language: str, defects: bool) -> str:
    rows = []
    for policy in built.site.policies:
        line = built.timeline(policy)
        for revision in reversed(line.revisions):
            report = built.check.report(policy, revision.key)
            if report is None or revision == built.shown_revision(policy):
                continue
            org = built.site.organisation(policy.organisation)
            assert org is not None
            # Each with its article as numbered on the day whose law judged this revision.
            on = report.law_date
            missing = [
                f"{f.rule.name(language)} ({rule_basis(f.rule.basis_on(on), language)})"
                + (f": {verdict_label(f.verdict, defect=True)}" if is_defect(f) else "")
                for f in report.findings
                if f.fails
            ]
            link = escape(app.builder.get_relative_uri(PAGE, revision.docname))
            name = org.display_name(language)
            if len(org.policies) > 1:  # which of its policies the revision is of
                name = f"{name}: {POLICY_LABELS[policy.kind]}"
            rows.append(
                f"<tr><td>{escape(name)}</td>"
                f'<td><a href="{link}">{escape(date_label(revision.effective, language))}</a></td>'
                f"<td>{escape(str(STATUS_LABELS[line.status(revision)]))}</td>"
                f"<td>{escape(date_label(report.law_date, language))}</td>"
                f"<td>{escape('、'.join(missing) if language == 'ja' else '; '.join(missing)) or '✓'}</td></tr>"
            )
    heading = escape(str(_("Archived and upcoming revisions")))
    gaps_header = _("Required sections missing, clauses to revise") if defects else _("Required sections missing")
    headers = [_("Organisation"), _("Revision"), _("Status"), _("Judged by the law on"), gaps_header]
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join(rows)
    return (
        f'<h2 id="other-revisions">{heading}</h2>'
        f'<table class="policydocs-compliance-revisions docutils">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def collect_compliance_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in HTML_BUILDERS:
        return
    if public(app.config):
        yield PAGE, compliance_page(app, site_of(app.env)), "page.html"
        return
    # Sphinx keeps what an earlier build wrote in its output directory: a page of findings
    # published before the setting was turned off must not stay on the site.
    written = Path(app.builder.get_outfilename(PAGE))
    written.unlink(missing_ok=True)
    if written.name == "index.html" and written.parent.is_dir() and not any(written.parent.iterdir()):
        written.parent.rmdir()
