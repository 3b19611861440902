"""A page is the same whether the site is built whole or in slices (:mod:`policydocs.shards`).

A slice reads only its own organisations' documents, yet draws every page of the
whole site. Two things a page takes from other documents would differ:

- A link to another slice's page (the home page's list, a policy citing another
  organisation's page) is unknown to this slice's Sphinx. It is resolved here, as
  Sphinx resolves a ``doc`` link with its own text, when the site model says the
  page exists in another slice; a link to a page that exists nowhere still warns.
- "Previous" and "Next" at the foot of a page come from the order of the whole
  table of contents, across organisations. They are kept only between pages of one
  organisation, or between pages that belong to none other than the home page (the
  guides): a reader of one organisation's documents is not sent on to another's, and
  every slice knows both ends of each link it draws. The home page is left out because
  its neighbours are whichever organisations a slice holds (in a slice with none, the
  first guide would follow it).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join
from sphinx.util.nodes import make_refnode

from policydocs.model import Site
from policydocs.sphinxext.site import site_of


def owner(env: BuildEnvironment, docname: str) -> str | None:
    """The slug of the organisation whose directory holds ``docname``; None for the site's own pages.

    Asked several times for every page written: looked up by the page's directory, not by going
    through every organisation.
    """
    site = site_of(env).site
    if not _DIRECTORIES or _DIRECTORIES[0][0] is not site:  # one build's site at a time, held so it is that one
        _DIRECTORIES[:] = [(site, {org.docname.rsplit("/", 1)[0]: org.slug for org in site.organisations})]
    directories = _DIRECTORIES[0][1]
    parts = docname.split("/")
    for depth in range(len(parts) - 1, 0, -1):
        found = directories.get("/".join(parts[:depth]))
        if found is not None:
            return found
    return None


_DIRECTORIES: list[tuple[Site, dict[str, str]]] = []  # a site model and each of its organisations' directories


def link_other_slices(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """``missing-reference``: a link with its own text to a page another slice builds."""
    built = site_of(env)
    if built.shard is None or node.get("refdomain") != "std" or node.get("reftype") != "doc":
        return None
    docname = docname_join(node["refdoc"], node["reftarget"])
    slug = owner(env, docname)
    if slug is None or built.builds(slug) or not node.get("refexplicit") or not _exists(env, docname):
        return None  # Sphinx warns, as a whole build would (a title it cannot know here, or no such page)
    caption = node.astext()
    return make_refnode(app.builder, node["refdoc"], docname, None, nodes.inline(caption, caption, classes=["doc"]))


def _exists(env: BuildEnvironment, docname: str) -> bool:
    site = site_of(env).site
    return site.policy_for_doc(docname) is not None or site.organisation_for_doc(docname) is not None


def keep_relations_within_organisation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: no "Previous" or "Next" from one organisation's page to another's."""
    related = getattr(app.builder, "relations", {}).get(pagename)
    if not related:
        return
    here = owner(app.env, pagename)
    root = app.config.root_doc
    for key, target, accesskey in (("prev", related[1], "P"), ("next", related[2], "N")):
        if target and (owner(app.env, target) != here or root in (pagename, target)):
            context[key] = None
            context["rellinks"] = [link for link in context.get("rellinks", []) if link[2] != accesskey]
