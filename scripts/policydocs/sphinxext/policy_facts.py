"""The facts box under a policy's title: whose policy, which revision, since when."""

from __future__ import annotations

from docutils import nodes
from sphinx import locale
from sphinx.transforms import SphinxTransform

from policydocs.kinds import has_checklist
from policydocs.revisions import Status
from policydocs.sphinxext.compliance import no_checklist_text, shown_report
from policydocs.sphinxext.finding_words import Gaps, gaps
from policydocs.sphinxext.links import doc_link, page_link
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import CATALOG, POLICY_LABELS, STATUS_LABELS, _, date_label
from policydocs.sphinxext.organisation_facts import note_facts
from policydocs.sphinxext.public_findings import public
from policydocs.sphinxext.site import BuildSite, PolicyPage, page_of, site_of


def plural(singular: str, plural: str, count: int) -> str:
    """One message in the number ``count`` asks for (Sphinx's ``_`` has no plural forms)."""
    return locale.get_translator(CATALOG).ngettext(singular, plural, count)


def first_section(document: nodes.document) -> nodes.section | None:
    return next(iter(document.findall(nodes.section)), None)


def policy_page(transform: SphinxTransform) -> tuple[BuildSite, PolicyPage, nodes.section] | None:
    """The site, the policy page being read and its top section; None on any other page."""
    built = site_of(transform.env)
    page = page_of(built, transform.env.current_document.docname)
    section = first_section(transform.document)
    return None if page is None or section is None else (built, page, section)


def findings_text(counted: Gaps) -> str:
    """The text's gaps in words: sections to add, clauses to revise (terms of use), findings to review."""
    said = []
    if counted.missing:
        words = plural("%(count)d required section missing", "%(count)d required sections missing", counted.missing)
        said.append(words % {"count": counted.missing})
    if counted.to_revise:
        words = plural("%(count)d clause to revise", "%(count)d clauses to revise", counted.to_revise)
        said.append(words % {"count": counted.to_revise})
    if not said:
        said.append(str(_("all present")))
    if counted.to_review:
        said.append(str(_("%(count)d to review") % {"count": counted.to_review}))
    return "; ".join(said)


class PolicyFacts(SphinxTransform):
    # After translation (Locale, 20): the box is written in the build's language.
    default_priority = 30

    def apply(self, **kwargs: object) -> None:
        found = policy_page(self)
        if found is None:
            return
        built, page, section = found
        docname = self.env.current_document.docname
        org = built.site.organisation(page.policy.organisation)
        assert org is not None
        # The box shows the organisation's name: the page is read again when it changes.
        note_facts(self.env, org)
        language = self.config.language
        effective = page.revision.effective if page.revision else page.policy.effective
        rows: list[tuple[str, nodes.Node]] = [
            (str(_("Organisation")), doc_link(docname, org.docname, org.display_name(language))),
            (str(_("Policy")), nodes.Text(str(POLICY_LABELS[page.policy.kind]))),
            (str(_("Effective date")), nodes.Text(date_label(effective, language))),
            (str(_("Status")), nodes.Text(str(STATUS_LABELS[page.status]))),
        ]
        if page.is_main and page.revision is not None:
            # Marked so that print can write its full address (policydocs-reading.js).
            permalink = nodes.inline("", "", doc_link(docname, page.revision.docname, page.revision.key))
            permalink["classes"].append("policydocs-permalink")
            rows.append((str(_("Permanent link")), permalink))
        elif not page.is_main and page.status is not Status.IN_FORCE:
            rows.append((str(_("Policy in force")), doc_link(docname, page.policy.docname, str(_("Current text")))))
        if page.is_main:
            report = shown_report(built, page.policy)
        else:
            assert page.revision is not None  # a revision's own page
            report = built.check.report(page.policy, page.revision.key)
        if language != self.config.policydocs_source_language:
            # A translation must say what it translates, and that it does not govern.
            basis = _("an English translation of the Japanese text of %(date)s; the Japanese text governs") % {
                "date": date_label(effective, language)
            }
            rows.append((str(_("Translation")), nodes.Text(str(basis))))
        if not has_checklist(page.policy.kind):
            # Not a finding, so shown whatever the setting: nothing here claims the text is complete.
            rows.append((str(_("Required sections")), nodes.Text(no_checklist_text())))
        elif report is not None and public(self.config):
            rows.append((str(_("Required sections")), page_link("compliance", findings_text(gaps(report.findings)))))
        facts = nodes.field_list(classes=["policydocs-policy-facts", GENERATED])
        for label, value in rows:
            paragraph = nodes.paragraph()
            paragraph += value
            facts += nodes.field("", nodes.field_name(text=label), nodes.field_body("", paragraph))
        section.insert(1, facts)
