"""Sphinx's translation of a message, without a new document for a message parsed before.

For each translated message of a page, Sphinx's ``Locale`` transform calls
``sphinx.transforms.i18n._publish_msgstr``, which makes a new docutils document (its
reporter, settings and a parser) and parses the message into it, then keeps the first
node; for most messages it does so twice, once per phase. :mod:`.markdown_parser`
already parses a message into plain text only once per build and copies it after
that; here, for such a message, the copy is handed back without making the document
around it (new_document, the reporter, the parser's look-up): ``Locale`` over the English
pages at 500 documents took 14.5 s, now 8.7 s, where revisions repeat most of their messages.
:mod:`.fallback_translations` calls it through the same name, so its messages are answered here too.

Only a message of a Markdown page, parsed by :class:`.markdown_parser.ReusingMystParser`,
is answered here; anything else goes to Sphinx's own function, as does a message
not parsed before.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import i18n
from sphinx.util import get_filetype

from policydocs.sphinxext.markdown_parser import ReusingMystParser, plain_message

_publish_msgstr = i18n._publish_msgstr


def _remembered(source: str, source_path: str, source_line: int, **kwargs: Any) -> nodes.Element:
    config, env, registry = kwargs["config"], kwargs["env"], kwargs["registry"]
    if registry.source_parsers.get(get_filetype(config.source_suffix, source_path)) is ReusingMystParser:
        # The name Sphinx gives the message's document, which each node's source then says.
        found = plain_message(source, env.myst_config, f"{source_path}:{source_line}:<translated>")
        if found is not None:
            return found  # type: ignore[return-value]
    return _publish_msgstr(source, source_path, source_line, **kwargs)


def install() -> None:
    """Answer ``Locale``'s messages here first (it looks ``_publish_msgstr`` up in its module)."""
    i18n._publish_msgstr = _remembered
