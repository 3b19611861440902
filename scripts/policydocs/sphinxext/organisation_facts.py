"""What pages show of an organisation, kept in a file that changes only when that does.

A policy's page, each of its revisions' pages and the site's listings show the
organisation's names, its kind of body and whether it is fictional: all from the
front matter of its ``index.md``. They used to note ``index.md`` itself as their
dependency, so an edit of the organisation page's text alone made Sphinx read and
write every page of every policy of the organisation again (six of the eight pages
an edit of an organisation page read, at 500 and 5,000 documents). They now note a
file under the doctree directory holding those facts, rewritten (and so newer than
the pages) only when one of them changes.

The listings (the site index, each organisation page) also show each policy's kind and the
date of the revision its page shows, and noted every policy's text and revisions lock for
them: so an edit of a policy's wording read the site index (at 5,000 documents it depended on
3,000 files) and the organisation page again, in both languages. They now note one file per
organisation holding what they show of it and of its policies (:func:`note_listing`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.model import Organisation, Policy
from policydocs.output_files import write_if_changed
from policydocs.sphinxext.site import BuildSite, site_of

FACTS_DIR = "organisation-facts"
LISTING_DIR = "organisation-listings"


def _facts(org: Organisation) -> bytes:
    # Every field of the organisation a page other than its own shows; its policies are noted apart.
    return repr((org.docname, org.name, org.name_en, str(org.body), org.fictional)).encode("utf-8")


def listed_date(built: BuildSite, policy: Policy) -> dt.date | None:
    """The date a listing gives a policy: that of the revision its page shows."""
    shown = built.shown_revision(policy)
    return shown.effective if shown else policy.effective


def _listing(built: BuildSite, org: Organisation) -> bytes:
    # The organisation's facts, and of each policy what a listing shows: the page it links, its kind, its date.
    listed = [(policy.docname, policy.kind.value, listed_date(built, policy)) for policy in org.policies]
    return _facts(org) + b"\n" + repr(listed).encode("utf-8")


def facts_file(env: BuildEnvironment, org: Organisation) -> Path:
    return Path(env.doctreedir) / FACTS_DIR / f"{org.slug}.txt"


def listing_file(env: BuildEnvironment, org: Organisation) -> Path:
    return Path(env.doctreedir) / LISTING_DIR / f"{org.slug}.txt"


def write_facts(app: Sphinx) -> None:
    """``builder-inited``, before any page is read: each organisation's facts, where they changed."""
    built = site_of(app.env)
    for org in built.site.organisations:
        write_if_changed(facts_file(app.env, org), _facts(org))
        write_if_changed(listing_file(app.env, org), _listing(built, org))


def note_facts(env: BuildEnvironment, org: Organisation) -> None:
    """The page being read shows ``org``'s names or kind: read it again when they change."""
    env.note_dependency(str(facts_file(env, org)))


def note_listing(env: BuildEnvironment, org: Organisation) -> None:
    """The page being read lists ``org`` and its policies: read it again when what it shows of them changes."""
    env.note_dependency(str(listing_file(env, org)))
