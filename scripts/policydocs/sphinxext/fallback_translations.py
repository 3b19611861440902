"""Apply translations that begin like a Markdown block ("1. Purpose of Use").

Sphinx parses each translated message on its own and silently drops it when
the result is not a paragraph (``sphinx.transforms.i18n.Locale``: "skip for
now"). Policies number their headings and clauses in the text ("1. 情報の管理体制"),
so their translations ("1. Information Management") parse as lists and would be
lost. This transform retries exactly those messages with the leading marker
escaped, so translators can write numbers naturally.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.transforms.i18n import _publish_msgstr
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

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


class NumberedTranslations(SphinxTransform):
    # Right after Locale (20), which leaves such messages untranslated.
    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        if self.config.language == self.config.policydocs_source_language:
            return
        domain = docname_to_domain(self.env.current_document.docname, self.config.gettext_compact)
        dirs = [self.env.srcdir / directory for directory in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, self.config.language, domain)
        if not has_catalog:
            return
        for node, message in extract_messages(self.document):
            if node.get("translated") or not isinstance(node, nodes.TextElement):
                continue
            translated = catalog.gettext(message)
            escaped = escape_block_start(translated)
            if translated == message or escaped == translated:
                continue
            patch = _publish_msgstr(
                escaped,
                self.document["source"],
                node.line or 0,
                config=self.config,
                env=self.env,
                registry=self.env._registry,
                settings=self.document.settings,
            )
            if isinstance(patch, nodes.paragraph):
                node.children = []
                node.extend(patch.children)
                node["translated"] = True
