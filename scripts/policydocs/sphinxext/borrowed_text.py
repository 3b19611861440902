"""A policy page's words are its own: no text borrowed from another page or from the build.

A frozen revision's published text must depend only on the bytes its hash
covers. Some Markdown takes its words from elsewhere when the page is built: a
link without text (``[](other.md)``, ``{doc}`other```, ``{ref}`label```) shows the
title of the page or section it points at, and ``{sub-ref}`today``` shows the
build date, so the page of a frozen revision would change when another page is
retitled, or every day. Under ``policies/`` each is refused with a located
``policy.markup`` warning (the fix: write the words), and stands as the literal
text the editor typed.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from policydocs.sphinxext.untrusted_markup import REFUSED, UNTRUSTED_PREFIX, node_location, refuse

_FIX = "a policy's words must be in its own file (a frozen revision must not change when another page does)"


class BorrowedText(SphinxTransform):
    # Before Sphinx fills in |today| and the word counts (DefaultSubstitutions, 210).
    default_priority = 23

    def apply(self, **kwargs: object) -> None:
        if not self.env.current_document.docname.startswith(UNTRUSTED_PREFIX):
            return
        for reference in list(self.document.findall(addnodes.pending_xref)):
            if not reference.get("refexplicit"):
                target = reference.get("reftarget", "")
                # MyST's own links ([](target)) have the reference type "myst"; a role has its name.
                role = "" if reference.get("reftype", "myst") == "myst" else reference.get("reftype", "")
                example = f"{{{role}}}`the words <{target}>`" if role else f"[the words]({target})"
                refuse(
                    f"A link without its own text (to {target!r})",
                    f"write the words to show, e.g. {example}; {_FIX}",
                    node_location(reference, self.document),
                )
                reference.replace_self(nodes.inline(reference.rawsource, reference.astext(), classes=[REFUSED]))
        for substitution in list(self.document.findall(nodes.substitution_reference)):
            name = substitution.get("refname", "")
            refuse(
                f"A substitution ({{sub-ref}}`{name}`)",
                f"write the words or the date itself; {_FIX}",
                node_location(substitution, self.document),
            )
            text = f"{{sub-ref}}`{name}`"
            substitution.replace_self(nodes.literal(text, text, classes=[REFUSED]))
