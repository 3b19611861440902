"""What pages show of an organisation, kept in a file that changes only when that does.

A policy's page, each of its revisions' pages and the site's listings show the
organisation's names, its kind of body and whether it is fictional: all from the
front matter of its ``index.md``. They used to note ``index.md`` itself as their
dependency, so an edit of the organisation page's text alone made Sphinx read and
write every page of every policy of the organisation again (six of the eight pages
an edit of an organisation page read, at 500 and 5,000 documents). They now note a
file under the doctree directory holding those facts, rewritten (and so newer than
the pages) only when one of them changes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.model import Organisation
from policydocs.output_files import write_if_changed
from policydocs.sphinxext.site import site_of

FACTS_DIR = "organisation-facts"


def _facts(org: Organisation) -> bytes:
    # Every field of the organisation a page other than its own shows; its policies are noted apart.
    return repr((org.docname, org.name, org.name_en, str(org.body), org.fictional)).encode("utf-8")


def facts_file(env: BuildEnvironment, org: Organisation) -> Path:
    return Path(env.doctreedir) / FACTS_DIR / f"{org.slug}.txt"


def write_facts(app: Sphinx) -> None:
    """``builder-inited``, before any page is read: each organisation's facts, where they changed."""
    for org in site_of(app.env).site.organisations:
        write_if_changed(facts_file(app.env, org), _facts(org))


def note_facts(env: BuildEnvironment, org: Organisation) -> None:
    """The page being read shows ``org``'s names or kind: read it again when they change."""
    env.note_dependency(str(facts_file(env, org)))
