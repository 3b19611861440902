"""The sidebar navigation, built from the site model so that its cost per page stays flat.

furo asks Sphinx for the whole site's table of contents on every page and
re-parses it, which costs pages × entries: a build of 500 pages spent most of
its time there. This module answers furo's request itself, before furo's own
handler runs: the organisations (all of them while there are at most
``policydocs_navigation_limit``, else only the page's own), the current page
marked, and the other documents of the home page's table of contents (the
guides). Revisions are never in the tree; a revision page opens its
organisation.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from policydocs.model import Organisation
from policydocs.sphinxext.listings import in_kind_order
from policydocs.sphinxext.messages import POLICY_LABELS
from policydocs.sphinxext.site import site_of
from policydocs.sphinxext.valid_markup import LEVELLED_CAPTION

# Runs before furo's html-page-context handler (priority 500), which calls context["toctree"].
PRIORITY = 400


def title_of(app: Sphinx, docname: str) -> str:
    title = app.env.titles.get(docname)
    return title.astext() if isinstance(title, nodes.Node) else docname


# The home page's toctrees as (caption, documents), noted when it is read and pickled with the
# environment: loading the home page's doctree for them (at 5,000 documents a table of 1,000
# organisations) took 0.07 s of every build, after reading, though the home page rarely changes.
_HOME_TOCTREES = "policydocs_home_toctrees"


def _toctrees(doctree: nodes.Node) -> list[tuple[str | None, list[str]]]:
    found = doctree.findall(addnodes.toctree)
    return [(toctree.get("caption"), [doc for _title, doc in toctree["entries"]]) for toctree in found]


def note_home_toctrees(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the home page's toctrees, for the sidebar of every page."""
    if app.env.current_document.docname == app.config.root_doc:
        setattr(app.env, _HOME_TOCTREES, _toctrees(doctree))


def merge_home_toctrees(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    """``env-merge-info``: the home page's toctrees, when a parallel reader read it."""
    if app.config.root_doc in docnames and hasattr(other, _HOME_TOCTREES):
        setattr(env, _HOME_TOCTREES, getattr(other, _HOME_TOCTREES))


def _guides(app: Sphinx) -> list[tuple[str | None, list[str]]]:
    """The home page's other toctrees: (caption, documents), organisations left out."""
    organisations = {org.docname for org in site_of(app.env).site.organisations}
    toctrees = getattr(app.env, _HOME_TOCTREES, None)
    if toctrees is None:  # an environment read before the home page's toctrees were noted
        toctrees = _toctrees(app.env.get_doctree(app.config.root_doc))
    groups = []
    for caption, entries in toctrees:
        docs = [doc for doc in entries if doc in app.env.all_docs and doc not in organisations]
        if docs:
            groups.append((caption, docs))
    return groups


def render(app: Sphinx, pagename: str, guides: list[tuple[str | None, list[str]]]) -> str:
    built = site_of(app.env)
    site = built.site
    policy = site.policy_for_doc(pagename)
    here = site.organisation(policy.organisation) if policy else site.organisation_for_doc(pagename)
    limit = app.config.policydocs_navigation_limit
    shown: list[Organisation] = (
        list(site.organisations) if len(site.organisations) <= limit else ([here] if here else [])
    )
    link = app.builder.get_relative_uri

    def item(level: int, docname: str, text: str, children: str = "", current: bool = False) -> str:
        classes = (
            f"toctree-l{level}" + (" current" if current else "") + (" current-page" if docname == pagename else "")
        )
        anchor = (
            f'<a class="reference internal{" current" if current else ""}" href="{escape(link(pagename, docname))}">'
        )
        return f'<li class="{classes}">{anchor}{escape(text)}</a>{children}</li>'

    organisations = []
    for org in shown:
        inside = org is here
        policies = "".join(
            item(2, p.docname, str(POLICY_LABELS[p.kind]), current=inside and policy is p)
            for p in in_kind_order(org.policies)
        )
        children = f"<ul>{policies}</ul>" if policies else ""
        # By the site model's name, not the page's title: a slice of the site has not read the
        # other organisations' pages (shards.py), and every slice draws the same sidebar.
        organisations.append(item(1, org.docname, org.display_name(app.config.language), children, current=inside))
    parts = [f"<ul>{''.join(organisations)}</ul>"] if organisations else []
    for caption, docs in guides:
        if caption:
            # aria-level: a heading role without it is invalid HTML and unreadable by level (valid_markup).
            parts.append(f'{LEVELLED_CAPTION}<span class="caption-text">{escape(caption)}</span></p>')
        entries = "".join(item(1, doc, title_of(app, doc), current=doc == pagename) for doc in docs)
        parts.append(f"<ul>{entries}</ul>")
    return "".join(parts)


def compact_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if "toctree" not in context or not site_of(app.env).site.organisations:
        return
    guides = guides_of(app)
    context["toctree"] = lambda **_options: render(app, pagename, guides)


_GUIDES: dict[int, list[tuple[str | None, list[str]]]] = {}


def guides_of(app: Sphinx) -> list[tuple[str | None, list[str]]]:
    # The same for every page of a build: read the home page's toctrees once.
    key = id(app.env)
    if key not in _GUIDES:
        _GUIDES[key] = _guides(app)
    return _GUIDES[key]
