"""Translations Sphinx leaves out: numbered messages, and messages of other revisions.

Sphinx parses each translated message on its own and silently drops it when
the result is not a paragraph (``sphinx.transforms.i18n.Locale``: "skip for
now"). Policies number their headings and clauses in the text ("1. 情報の管理体制"),
so their translations ("1. Information Management") parse as lists and would be
lost; they are retried with the leading marker escaped.

Sphinx also looks only in the page's own catalog. A revision's page gets any
message it lacks from the catalogs of the rest of its policy
(:mod:`.policy_catalogs`), so an unchanged paragraph is translated once. Sphinx
re-reads a page when its own compiled catalog changes; the page is made to
depend on the rest of its policy's too, so that a translation added to the
current text's catalog reaches every revision that shares it on the next build.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform, i18n
from sphinx.transforms.i18n import _NodeUpdater
from sphinx.util.nodes import extract_messages

from policydocs.sphinxext.policy_catalogs import catalogs_for_doc, compiled_catalogs, lookup

# A leading ordered-list marker ("1." "1)"), bullet ("-" "+" "*"), heading ("#") or quote (">").
_BLOCK_START = re.compile(r"^(\s*)(\d{1,9}(?=[.)](?:\s|$))|[-+*](?=\s)|#{1,6}(?=\s)|>)")


def escape_block_start(text: str) -> str:
    """Make a message that starts like a block marker parse as plain text."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    marker = match.group(2)
    if marker[0].isdigit():
        end = match.end(2)  # escape the delimiter after the number: "1\." / "1\)"
        return text[:end] + "\\" + text[end:]
    return text[: match.start(2)] + "\\" + text[match.start(2) :]


class FallbackTranslations(SphinxTransform):
    # Right after Locale (20), which leaves such messages untranslated.
    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        if self.config.language == self.config.policydocs_source_language:
            return
        docname = self.env.current_document.docname
        for path in compiled_catalogs(self.env, self.config, docname):
            self.env.note_dependency(str(path))
        translations = catalogs_for_doc(self.env, self.config, docname)
        if not translations:
            return
        for node, message in extract_messages(self.document):
            if node.get("translated") or not isinstance(node, nodes.TextElement):
                continue
            translated = lookup(translations, message)
            if translated is None:
                continue
            # Looked up at call time: remembered_messages answers the messages it has parsed before.
            patch = i18n._publish_msgstr(
                escape_block_start(translated),
                self.document["source"],
                node.line or 0,
                config=self.config,
                env=self.env,
                registry=self.env._registry,
                settings=self.document.settings,
            )
            if isinstance(patch, nodes.paragraph):
                # As Sphinx's Locale does: footnote, citation and cross-references keep the ids the
                # rest of the page links back to (a revision's page takes most of its text from here).
                updater = _NodeUpdater(node, patch, self.document, noqa=False)
                updater.update_autofootnote_references()
                updater.update_refnamed_references()
                updater.update_refnamed_footnote_references()
                updater.update_citation_references()
                updater.update_pending_xrefs()
                updater.update_leaves()
                node["translated"] = True
