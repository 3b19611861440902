"""Revision pages: outside the navigation and the search index; the main page shows the one in force.

Each frozen revision is a document of its own (its permanent URL). It is kept
out of the global table of contents, whose cost grows with every page, and
out of search, so archived text never crowds out the text in force. When the
current text is upcoming, the policy's main page is read from the revision in
force instead, so its URL keeps showing the policy that applies today.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.sphinxext.site import site_of


def read_instead(env: BuildEnvironment, docname: str) -> Path | None:
    """The revision file a policy's main page is read from, when it is not the page's own file."""
    built = site_of(env)
    policy = built.site.policy_for_doc(docname)
    if policy is None or policy.docname != docname:
        return None
    shown = built.shown_revision(policy)
    return shown.path if shown is not None and shown.key != policy.key else None


def show_revision_in_force(app: Sphinx, docname: str, source: list[str]) -> None:
    path = read_instead(app.env, docname)
    if path is not None:
        app.env.note_dependency(str(path))
        source[0] = path.read_text(encoding="utf-8")


def keep_revisions_out_of_navigation_and_search(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    if site_of(app.env).site.revision_for_doc(docname) is not None:
        metadata = app.env.metadata[docname]
        metadata["orphan"] = True
        metadata["nosearch"] = True
