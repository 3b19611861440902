"""Revision pages: outside the navigation and the search index; the main page shows the one in force.

Each frozen revision is a document of its own (its permanent URL). It is kept
out of the global table of contents, whose cost grows with every page, and
out of search, so archived text never crowds out the text in force. When the
current text is upcoming, the policy's main page is read from the revision in
force instead, so its URL keeps showing the policy that applies today.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from policydocs.sphinxext.site import site_of


def show_revision_in_force(app: Sphinx, docname: str, source: list[str]) -> None:
    built = site_of(app.env)
    policy = built.site.policy_for_doc(docname)
    if policy is None or policy.docname != docname:
        return
    shown = built.shown_revision(policy)
    if shown is not None and shown.key != policy.key:
        app.env.note_dependency(str(shown.path))
        source[0] = shown.path.read_text(encoding="utf-8")


def keep_revisions_out_of_navigation_and_search(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.current_document.docname
    if site_of(app.env).site.revision_for_doc(docname) is not None:
        metadata = app.env.metadata[docname]
        metadata["orphan"] = True
        metadata["nosearch"] = True
