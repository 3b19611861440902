"""Banners at the top of a page: fictional organisations, archived and upcoming revisions.

A page is built on one day and read on many. Besides what was true on the build
day, a page that an announced revision will overtake carries, hidden, what to
say once that revision's date has come: a notice per upcoming revision, marked
with its effective date (class ``policydocs-from-YYYY-MM-DD``), which
``policydocs-dates.js`` shows in the reader's browser when that day has come in
Japan. The build date itself is written by :mod:`.as_of`.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx.transforms import SphinxTransform

from policydocs.model import Revision
from policydocs.revisions import Status, Timeline
from policydocs.sphinxext.links import doc_link, page_link
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import _, date_label
from policydocs.sphinxext.organisation_facts import note_facts
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


DATE_NOTICE = "policydocs-date-notice"


def date_notice(effective: dt.date, *content: nodes.Node | str) -> nodes.container:
    """A notice hidden until ``effective`` has come in Japan (see ``policydocs-dates.js``)."""
    paragraph = nodes.paragraph()
    for part in content:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    classes = [DATE_NOTICE, f"policydocs-from-{effective.isoformat()}", GENERATED]
    return nodes.container("", paragraph, classes=classes)


def last_day(line: Timeline, revision: Revision) -> dt.date | None:
    """The last day ``revision`` was (or will be) in force: the day before the next one took effect.

    "From 1 April 2023 until 1 October 2024" would include 1 October, when the next
    revision was already in force; a lawyer writes "until 30 September 2024".
    """
    ends = line.ends(revision)
    return ends - dt.timedelta(days=1) if ends is not None else None


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
            note_facts(self.env, org)  # whether it is fictional
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
            notices = [self._upcoming_notice(upcoming, line.previous(upcoming), docname) for upcoming in line.upcoming]
            return notices + self._overtaken_notices(line.upcoming, docname)
        assert revision is not None
        if page.status is Status.UPCOMING:
            text = _("This revision takes effect on %(date)s.") % {"date": date_label(revision.effective, language)}
            later = line.upcoming[line.upcoming.index(revision) + 1 :]
            notices = [banner("upcoming", str(text), " ", current), self._now_in_force(revision)]
            return [*notices, *self._overtaken_notices(later, docname)]
        if page.status is Status.IN_FORCE:
            return self._overtaken_notices(line.upcoming, docname)
        if page.status is Status.ARCHIVED:
            ends = date_label(last_day(line, revision), language)
            if revision.effective is None:
                text = _("This is an archived revision, whose date is not stated; it was in force until %(end)s.")
            else:
                text = _("This is an archived revision. It was in force from %(start)s until %(end)s.")
            text = text % {"start": date_label(revision.effective, language), "end": ends}
            return [banner("archived", str(text), " ", current)]
        return []

    def _overtaken_notices(self, upcoming: tuple[Revision, ...], docname: str) -> list[nodes.Node]:
        """For each announced revision, what to say once its day has come: it is in force, with a link."""
        language = self.config.language
        notices: list[nodes.Node] = []
        for revision in upcoming:
            assert revision.effective is not None  # an upcoming revision has a date
            text = _("A revised policy has been in force since %(date)s; this page was built before that day.")
            link = doc_link(docname, revision.docname, str(_("Read the revised policy")))
            said = str(text % {"date": date_label(revision.effective, language)})
            notices.append(date_notice(revision.effective, said, " ", link))
        return notices

    def _now_in_force(self, revision: Revision) -> nodes.container:
        assert revision.effective is not None
        text = _("This revision has been in force since %(date)s; this page was built before that day.")
        said = str(text % {"date": date_label(revision.effective, self.config.language)})
        return date_notice(revision.effective, said)

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
