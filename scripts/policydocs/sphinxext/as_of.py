""""In force as of": every page that shows the text in force says on which day that was true.

"In force" is a statement about one day, the build date, and a page is read on
many. The date is written when a page is *written* (a post-transform), not when
it is read, so that a daily rebuild with no changed source still dates every such
page: when the build date differs from the last build's, those pages are written
again (``env-get-updated``). What changes on a later day is said in the reader's
browser by ``policydocs-dates.js`` (see :mod:`.banners`), which this module
registers.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from policydocs.revisions import Status
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import _, date_label
from policydocs.sphinxext.site import BuildSite, page_of, site_of

DATES_SCRIPT = "policydocs-dates.js"
AS_OF = "policydocs-as-of"


def dated_pages(built: BuildSite) -> list[str]:
    """The documents that say "in force as of": main pages and in-force revisions' own pages."""
    docnames = []
    for policy in built.site.policies:
        line = built.timeline(policy)
        docnames.append(policy.docname)
        if line.in_force is not None:
            docnames.append(line.in_force.docname)
    return sorted(docnames)


class InForceAsOf(SphinxPostTransform):
    """Under the facts box of a page in force: "In force as of <build date>"."""

    default_priority = 30
    builders = ("html", "dirhtml")

    def run(self, **kwargs: Any) -> None:
        built = site_of(self.env)
        page = page_of(built, self.env.current_document.docname)
        if page is None or page.status is not Status.IN_FORCE:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        text = _("In force as of %(date)s, the day this page was built.") % {
            "date": date_label(built.today, self.config.language)
        }
        note = nodes.paragraph("", str(text), classes=[AS_OF, GENERATED])
        facts = [i for i, child in enumerate(section.children) if "policydocs-policy-facts" in child.get("classes", ())]
        section.insert(facts[0] + 1 if facts else 1, note)


def pages_to_date_again(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: on a new build date, the dated pages, whose sources did not change."""
    built = site_of(env)
    today = built.today.isoformat()
    if getattr(env, "policydocs_as_of", None) == today:
        return []
    env.policydocs_as_of = today  # type: ignore[attr-defined]  # pickled with the environment
    return [docname for docname in dated_pages(built) if docname in env.found_docs]


def setup(app: Sphinx) -> None:
    app.add_post_transform(InForceAsOf)
    app.connect("env-get-updated", pages_to_date_again)
    # Deferred, and a file: the Content-Security-Policy forbids inline handlers and unhashed scripts.
    app.add_js_file(DATES_SCRIPT, loading_method="defer")
