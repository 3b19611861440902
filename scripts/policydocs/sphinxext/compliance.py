"""Findings of the checker in the build: located warnings, and the compliance page.

Each missing section is a warning of type ``policy.missing_section`` at the
line where the evidence should be, so a team can make its build strict; a
label or waiver naming no rule is ``policy.unknown_rule``. A needs-review
finding (weak evidence, for a person to decide) is no warning: the page shows it
in a cell of its own. The compliance page
(``compliance/``) shows organisations × rules for the revision in force, each
cell linked to its evidence, and the gaps of every other revision.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from sphinx.application import Sphinx

from policydocs.anchors_text import slugify
from policydocs.checker import Finding, RevisionReport, Verdict
from policydocs.model import Policy
from policydocs.sphinxext.messages import STATUS_LABELS, _, date_label, warn
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


def verdict_label(verdict: Verdict) -> str:
    labels = {
        Verdict.PRESENT: _("present"),
        Verdict.MISSING: _("missing"),
        Verdict.WAIVED: _("waived"),
        Verdict.NOT_APPLICABLE: _("not applicable"),
        Verdict.NEEDS_REVIEW: _("needs review"),
    }
    return str(labels[verdict])


def report_findings(app: Sphinx) -> None:
    """Every problem and missing section, as located warnings of their own types."""
    check = site_of(app.env).check
    for problem in check.problems:
        subtype = "unknown_rule" if "names no rule" in problem.message else "rules"
        warn(f"{problem.message} ({problem.fix})", subtype, problem.location)
    for report in check.reports:
        for finding in report.findings:
            if finding.verdict is Verdict.MISSING:
                basis = finding.rule.basis_on(report.law_date)  # the article as numbered on the text's law date
                warn(
                    f"{finding.rule.id} ({finding.rule.level.value}, {basis}) is missing from "
                    f"{report.policy.organisation}/{report.policy.kind.value} {report.key}: {finding.detail}; "
                    f"add it, labelled {finding.suggested_label}",
                    "missing_section",
                    finding.location,
                )


def shown_report(built: BuildSite, policy: Policy) -> RevisionReport | None:
    """The report on the text the policy's main page shows."""
    return built.check.report(policy, built.shown_report_key(policy))


def evidence_anchor(finding: Finding) -> str:
    """The anchor of the section holding the evidence (made as the page makes its anchors)."""
    return slugify(finding.section) if finding.section else ""


def _cell(app: Sphinx, docname: str, finding: Finding) -> str:
    mark = MARKS[finding.verdict]
    label = verdict_label(finding.verdict)
    uri = app.builder.get_relative_uri(PAGE, docname)
    anchor = evidence_anchor(finding) if finding.verdict is not Verdict.NOT_APPLICABLE else ""
    href = escape(uri + (f"#{anchor}" if anchor else ""))
    title = escape(f"{label}: {finding.detail} ({finding.location.path.name}:{finding.location.line})")
    css = f"policydocs-verdict policydocs-verdict-{finding.verdict.value}"
    return f'<td class="{css}"><a href="{href}" title="{title}">{mark} <span>{escape(label)}</span></a></td>'


def compliance_page(app: Sphinx, built: BuildSite) -> dict[str, Any]:
    language = app.config.language
    policies = [(org, policy) for org in built.site.organisations for policy in org.policies]
    reports = {policy.docname: shown_report(built, policy) for _org, policy in policies}
    rules = next((r.findings for r in built.check.reports), ())
    title = str(_("Required sections of each policy"))
    parts = [f'<section id="compliance"><h1>{escape(title)}</h1>']
    intro = _(
        "Each policy in force is checked against what Japanese law requires of a privacy policy and what "
        "good practice recommends. Current and undated texts are judged by the law in force on %(date)s; "
        "each dated revision by the law in force on its effective date."
    ) % {"date": date_label(built.today, language)}
    parts.append(f"<p>{escape(str(intro))}</p>")
    headers = "".join(
        f'<th><a href="{escape(app.builder.get_relative_uri(PAGE, policy.docname))}">'
        f"{escape(org.display_name(language))}</a></th>"
        for org, policy in policies
    )
    rule_header = escape(str(_("Rule")))
    parts.append(
        f'<table class="policydocs-compliance docutils"><thead><tr><th>{rule_header}</th>{headers}</tr></thead><tbody>'
    )
    for index, finding in enumerate(rules):
        rule = finding.rule
        cells = []
        for _org, policy in policies:
            report = reports[policy.docname]
            cells.append(_cell(app, policy.docname, report.findings[index]) if report else "<td></td>")
        basis = rule.basis_on(built.today)  # the texts in force are judged by the build date's law
        name = f"{escape(rule.name(language))}<br><small>{escape(rule.level.value)} · {escape(basis)}</small>"
        parts.append(f'<tr id="{escape(rule.id)}"><th>{name}</th>{"".join(cells)}</tr>')
    parts.append("</tbody></table>")
    parts.append(_other_revisions(app, built, language))
    parts.append("</section>")
    return {"title": title, "body": "\n".join(parts)}


def _other_revisions(app: Sphinx, built: BuildSite, language: str) -> str:
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
            missing = [f"{f.rule.name(language)} ({f.rule.basis_on(on)})" for f in report.findings if f.fails]
            link = escape(app.builder.get_relative_uri(PAGE, revision.docname))
            rows.append(
                f"<tr><td>{escape(org.display_name(language))}</td>"
                f'<td><a href="{link}">{escape(date_label(revision.effective, language))}</a></td>'
                f"<td>{escape(str(STATUS_LABELS[line.status(revision)]))}</td>"
                f"<td>{escape(date_label(report.law_date, language))}</td>"
                f"<td>{escape('、'.join(missing) if language == 'ja' else '; '.join(missing)) or '✓'}</td></tr>"
            )
    heading = escape(str(_("Archived and upcoming revisions")))
    headers = [_("Organisation"), _("Revision"), _("Status"), _("Judged by the law on"), _("Required sections missing")]
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join(rows)
    return (
        f'<h2 id="other-revisions">{heading}</h2>'
        f'<table class="policydocs-compliance-revisions docutils">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def collect_compliance_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name in HTML_BUILDERS:
        yield PAGE, compliance_page(app, site_of(app.env)), "page.html"
