"""Atom feeds of revisions, for the whole site and per organisation, in every language.

Watchers (regulators, journalists, Open Terms Archive-style trackers) follow a
feed rather than a page. Each entry is one revision: its effective date, its
announcement, legal's summary and a link to its permanent page.

No date in a feed lies ahead of the build: ``<updated>`` is when an entry last
changed in a way a watcher should hear of. An archived or in-force revision's
entry is dated by its effective date (it took effect then). An upcoming
revision's entry is dated by its announcement (else the day it was frozen),
which is when it was published; on its effective date, after the rebuild of
that day, the entry's date moves to it and its status to in force, so feed
readers show it again as the news it then is. Links are relative to the
language's root, which ``xml:base`` names (absolute when ``html_baseurl`` is
set), so a reader resolves them wherever the feed is fetched from.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from policydocs.model import Organisation, Policy, Revision
from policydocs.output_files import write_if_changed
from policydocs.sphinxext.messages import POLICY_LABELS, STATUS_LABELS, _, date_label
from policydocs.sphinxext.policy_catalogs import translate
from policydocs.sphinxext.site import BuildSite, site_of

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "revisions.atom"
HTML_BUILDERS = frozenset({"html", "dirhtml"})


def feed_path(organisation: str) -> str:
    return f"policies/{organisation}/revisions.atom"


def _stamp(day: dt.date) -> str:
    # Policies take effect at the start of the day in Japan, not in Greenwich.
    return f"{day.isoformat()}T00:00:00+09:00"


def _entry_date(revision: Revision, today: dt.date) -> dt.date:
    """When the entry last changed: its effective date once come, else its announcement; never after today."""
    if revision.effective is not None and revision.effective <= today:
        return revision.effective
    # Upcoming, or stating no date: published when announced, else when frozen.
    published = revision.announced or revision.frozen
    if published is not None:
        return min(published, today)
    return today if revision.effective is not None else dt.date(1970, 1, 1)


def _base(app: Sphinx, feed: str) -> str:
    """The language root as ``xml:base`` of a feed at ``feed``: absolute with html_baseurl, else relative."""
    baseurl = (app.config.html_baseurl or "").rstrip("/")
    if baseurl:
        return f"{baseurl}/{app.config.language}/"
    return relative_uri(feed, "") or "./"


def _entry(
    app: Sphinx, built: BuildSite, org: Organisation, policy: Policy, revision: Revision, feed: str
) -> ET.Element:
    language = app.config.language
    status = built.timeline(policy).status(revision)
    entry = ET.Element(f"{{{ATOM}}}entry")
    title = f"{org.display_name(language)} — {POLICY_LABELS[policy.kind]} — {date_label(revision.effective, language)}"
    ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:policydocs,2026:{language}/{revision.docname}"
    ET.SubElement(entry, f"{{{ATOM}}}title").text = title
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(_entry_date(revision, built.today))
    if revision.announced:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(revision.announced)
    href = app.builder.get_target_uri(revision.docname)  # relative to the language root, the feed's xml:base
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href)
    ET.SubElement(entry, f"{{{ATOM}}}category", term=status.value, label=str(STATUS_LABELS[status]))
    lines = [str(_("Effective date")) + ": " + date_label(revision.effective, language)]
    if revision.announced:
        lines.append(str(_("Announced")) + ": " + date_label(revision.announced, language))
    if revision.summary:
        lines.append(str(_("Summary of changes")) + ": " + translate(app.env, app.config, policy, revision.summary)[0])
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = "\n".join(lines)
    return entry


def _feed(app: Sphinx, built: BuildSite, path: str, title: str, organisations: list[Organisation]) -> bytes:
    entries = [
        (_entry_date(revision, built.today), _entry(app, built, org, policy, revision, path))
        for org in organisations
        for policy in org.policies
        for revision in policy.revisions
    ]
    entries.sort(key=lambda pair: pair[0], reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": app.config.language, "xml:base": _base(app, path)})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:policydocs,2026:{app.config.language}/{path}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = entries[0][0] if entries else built.today
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = app.config.html_title or app.config.project
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=path)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href="./")
    for _day, entry in entries:
        feed.append(entry)
    ET.register_namespace("", ATOM)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    built = site_of(app.env)
    outdir = Path(app.outdir)
    organisations = [org for org in built.site.organisations if any(p.revisions for p in org.policies)]
    site_title = str(_("Policy revisions")) + f" — {app.config.html_title or app.config.project}"
    # Written only when changed: publishing copies a file whose time moved (1,001 feeds at 5,000 documents).
    write_if_changed(outdir / SITE_FEED, _feed(app, built, SITE_FEED, site_title, organisations))
    for org in (org for org in organisations if built.builds(org.slug)):  # another slice writes the others
        title = str(_("Policy revisions")) + f" — {org.display_name(app.config.language)}"
        write_if_changed(outdir / feed_path(org.slug), _feed(app, built, feed_path(org.slug), title, [org]))


def add_feed_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Announce the feeds in every page's head, so readers and browsers can find them."""
    here = app.builder.get_target_uri(pagename)
    built = site_of(app.env)
    feeds = [(str(_("Policy revisions")), SITE_FEED)]
    org_slug = pagename.split("/")[1] if pagename.startswith("policies/") and pagename.count("/") >= 1 else None
    org = built.site.organisation(org_slug) if org_slug else None
    if org is not None and any(p.revisions for p in org.policies):
        title = str(_("Policy revisions")) + f" — {org.display_name(app.config.language)}"
        feeds.append((title, feed_path(org.slug)))
    links = "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{relative_uri(here, path)}">\n'
        for title, path in feeds
    )
    context["metatags"] = context.get("metatags", "") + links
