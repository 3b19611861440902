"""Banners at the top of a page: fictional organisations, archived and upcoming revisions."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from policydocs.revisions import Status
from policydocs.sphinxext.links import doc_link, page_link
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import _, date_label
from policydocs.sphinxext.policy_facts import first_section
from policydocs.sphinxext.site import BuildSite, PolicyPage, page_of, site_of


def banner(kind: str, *content: nodes.Node | str) -> nodes.container:
    paragraph = nodes.paragraph()
    for part in content:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    return nodes.container("", paragraph, classes=["policydocs-banner", f"policydocs-banner-{kind}", GENERATED])


FICTIONAL_TEXT = _(
    "This organisation is fictional: a sample that shows how revisions are published. It is not a real policy."
)


def fictional_banner() -> nodes.container:
    return banner("fictional", str(FICTIONAL_TEXT))


class Banners(SphinxTransform):
    # After the facts box (30), so the banners stand above it.
    default_priority = 31

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        built = site_of(self.env)
        section = first_section(self.document)
        if section is None:
            return
        page = page_of(built, docname)
        org = built.site.organisation(page.policy.organisation) if page else built.site.organisation_for_doc(docname)
        banners = [] if page is None else self._revision_banners(built, page, docname)
        if org is not None:
            self.env.note_dependency(str(org.path))  # whether it is fictional is stated there
        if org is not None and org.fictional:
            banners.insert(0, fictional_banner())
        for position, node in enumerate(banners, start=1):
            section.insert(position, node)

    def _revision_banners(self, built: BuildSite, page: PolicyPage, docname: str) -> list[nodes.Node]:
        language = self.config.language
        line = built.timeline(page.policy)
        current = doc_link(docname, page.policy.docname, str(_("Read the policy in force")))
        revision = page.revision
        if page.is_main:
            return [self._upcoming_notice(upcoming, line.previous(upcoming), docname) for upcoming in line.upcoming]
        assert revision is not None
        if page.status is Status.UPCOMING:
            text = _("This revision takes effect on %(date)s.") % {"date": date_label(revision.effective, language)}
            return [banner("upcoming", str(text), " ", current)]
        if page.status is Status.ARCHIVED:
            ends = date_label(line.ends(revision), language)
            if revision.effective is None:
                text = _("This is an archived revision, whose date is not stated; it was in force until %(end)s.")
            else:
                text = _("This is an archived revision. It was in force from %(start)s until %(end)s.")
            text = text % {"start": date_label(revision.effective, language), "end": ends}
            return [banner("archived", str(text), " ", current)]
        return []

    def _upcoming_notice(self, upcoming, previous, docname: str) -> nodes.container:  # type: ignore[no-untyped-def]
        language = self.config.language
        text = _("A revised policy takes effect on %(date)s.") % {"date": date_label(upcoming.effective, language)}
        parts: list[nodes.Node | str] = [str(text)]
        if upcoming.announced:
            parts.append(" " + str(_("Announced on %(date)s.") % {"date": date_label(upcoming.announced, language)}))
        parts += [" ", doc_link(docname, upcoming.docname, str(_("Read the revised policy")))]
        if previous is not None:
            parts += [" · ", page_link(f"{upcoming.docname}/changes", str(_("see what changes")))]
        return banner("upcoming", *parts)
