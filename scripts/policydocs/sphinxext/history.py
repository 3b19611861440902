"""The history of revisions at the foot of every policy page: dates, summaries, text, changes."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from policydocs.model import Policy, Revision
from policydocs.sphinxext.compare_choice import changes_page, chooser_page
from policydocs.sphinxext.feeds import feed_path
from policydocs.sphinxext.links import doc_link, file_link, page_link
from policydocs.sphinxext.listings import GENERATED, table
from policydocs.sphinxext.messages import STATUS_LABELS, _, date_label
from policydocs.sphinxext.pdf_pages import comparison_pdf, revision_pdf, with_pdf
from policydocs.sphinxext.pdf_pages import enabled as pdf_enabled
from policydocs.sphinxext.policy_catalogs import translate
from policydocs.sphinxext.policy_facts import policy_page
from policydocs.sphinxext.translation_notice import UNTRANSLATED

HISTORY_ID = "history"


class History(SphinxTransform):
    # With the other generated parts, after translation.
    default_priority = 32

    def apply(self, **kwargs: object) -> None:
        found = policy_page(self)
        if found is None or not found[1].policy.revisions:
            return
        built, page, section = found
        docname = self.env.current_document.docname
        self.env.note_dependency(str(page.policy.lock_path))
        line = built.timeline(page.policy)
        language = self.config.language
        rows = []
        for revision in reversed(line.revisions):  # newest first
            previous = line.previous(revision)
            text_link: nodes.Node = doc_link(docname, revision.docname, str(_("Read")))
            changes: nodes.Node | str = (
                page_link(changes_page(revision), str(_("Compare with the previous revision")))
                if previous is not None
                else "—"
            )
            if pdf_enabled(self.config):  # each text and each redline also as a PDF, in this language
                text_link = with_pdf(text_link, revision_pdf(page.policy, revision, language))
                if previous is not None:
                    changes = with_pdf(changes, comparison_pdf(page.policy, line, previous, revision, language))
            rows.append(
                [
                    date_label(revision.effective, language),
                    date_label(revision.announced, language) if revision.announced else "—",
                    self._summary(page.policy, revision),
                    str(STATUS_LABELS[line.status(revision)]),
                    text_link,
                    changes,
                ]
            )
        headers = [_("Effective date"), _("Announced"), _("Summary of changes"), _("Status"), _("Text"), _("Changes")]
        history = nodes.section("", ids=[HISTORY_ID], names=[HISTORY_ID], classes=["policydocs-history", GENERATED])
        history += nodes.title("", str(_("History of revisions")))
        history += table(["policydocs-history-table"], [str(h) for h in headers], rows)
        if len(line.revisions) > 1:
            history += self._compare_note(page.policy)
        history += self._feed_note(page.policy)
        section += history

    def _summary(self, policy: Policy, revision: Revision) -> nodes.paragraph | str:
        if not revision.summary:
            return "—"
        text, translated = translate(self.env, self.config, policy, revision.summary)
        # A source lets the gettext builder extract the summary for translators.
        summary = nodes.paragraph(revision.summary, text, classes=[] if translated else [UNTRANSLATED])
        summary.source, summary.line = str(revision.path), 1
        summary["translated"] = translated
        summary["translatable"] = True  # extracted for translators, unlike the rest of the table
        return summary

    def _compare_note(self, policy: Policy) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["policydocs-compare-link"])
        paragraph += page_link(chooser_page(policy), str(_("Compare any two revisions")))
        return paragraph

    def _feed_note(self, policy: Policy) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["policydocs-feed-link"])
        paragraph += file_link(feed_path(policy.organisation), str(_("Atom feed of these revisions")))
        return paragraph
