"""Links to pages, documents or not, resolved when the page is written.

Comparison pages are generated, not documents, so ``:doc:`` cannot reach them;
a ``page_link`` names the target page and gets its relative URL from the
builder, the same way Sphinx links documents.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

TARGET = "policydocs_page"
FILE = "policydocs_file"


def doc_link(fromdoc: str, docname: str, text: str) -> addnodes.pending_xref:
    """A link to document ``docname`` resolved by Sphinx, so it is right in every builder."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + docname, refdoc=fromdoc, refexplicit=True
    )
    ref += nodes.inline(text, text)
    return ref


def page_link(pagename: str, text: str, anchor: str = "") -> nodes.reference:
    """A link to any page of the build (a document or a generated page)."""
    reference = nodes.reference("", text, internal=True)
    reference[TARGET] = pagename
    reference["policydocs_anchor"] = anchor
    return reference


def file_link(path: str, text: str) -> nodes.reference:
    """A link to a file the build writes (e.g. a feed), by its path below the output root."""
    reference = nodes.reference("", text, internal=True)
    reference[FILE] = path
    return reference


class ResolvePageLinks(SphinxPostTransform):
    default_priority = 20
    builders = ("html", "dirhtml")

    def run(self, **kwargs: Any) -> None:
        builder = self.env._app.builder  # as Sphinx's own ReferencesResolver reaches it
        for reference in self.document.findall(nodes.reference):
            target = reference.get(TARGET)
            if target:
                uri = builder.get_relative_uri(self.env.current_document.docname, target)
                anchor = reference.get("policydocs_anchor")
                reference["refuri"] = uri + (f"#{anchor}" if anchor else "")
            elif reference.get(FILE):
                here = builder.get_target_uri(self.env.current_document.docname)
                reference["refuri"] = relative_uri(here, reference[FILE])
