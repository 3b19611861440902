"""furo's labels for screen readers, in the page's language.

furo types a few ``aria-label`` values straight into its page template ("Toggle site
navigation sidebar", "Toggle Light / Dark / Auto color theme"…) instead of passing them
through translation, so a Japanese page read aloud announced its controls in English.
The template loader is wrapped so that, as a template's source is loaded, each such
literal becomes ``{{ _("…") }}``; the words then come from the extension's catalog like
the rest of the chrome (:mod:`.theme`). Nothing else in the source changes. furo's
navigation adds "Toggle navigation of …" to each expandable entry in Python, after the
templates: :func:`translate_navigation_labels` says those in the page's language too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment
from markupsafe import escape
from sphinx.application import Sphinx

from policydocs.sphinxext.messages import _

# Only furo's literal English labels: a value holding Jinja ({{ … }}) is already translated.
_LITERAL_LABEL = re.compile(r'aria-label="(?P<text>(?:Toggle|On) [A-Za-z /]+)"')
_NAVIGATION_LABEL = re.compile(r'aria-label="Toggle navigation of (?P<title>[^"]*)"')
# After furo's own html-page-context handler, which writes the navigation tree.
PRIORITY = 900


def translatable(source: str) -> str:
    """``source`` with each literal English aria-label passed through ``_()``."""
    return _LITERAL_LABEL.sub(lambda match: f'aria-label="{{{{ _({match.group("text")!r}) }}}}"', source)


class TranslatedLabels(BaseLoader):
    """A loader that hands the templates of the loader it wraps over with their labels translatable."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        return translatable(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()

    def __getattr__(self, name: str) -> Any:  # the wrapped loader's own helpers (Sphinx's bridge)
        return getattr(self.inner, name)


def translate_labels(app: Sphinx) -> None:
    """Wrap the template loader (builder-inited), once."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.loader is None or isinstance(environment.loader, TranslatedLabels):
        return
    environment.loader = TranslatedLabels(environment.loader)


def translate_navigation_labels(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """furo's "Toggle navigation of X" in the page's language (html-page-context, after furo's)."""
    tree = context.get("furo_navigation_tree")
    if not isinstance(tree, str) or "Toggle navigation of " not in tree:
        return
    # The title is already escaped in the attribute: kept as it stands, the words around it translated.
    words = str(escape(_("Toggle navigation of %(title)s")))
    context["furo_navigation_tree"] = _NAVIGATION_LABEL.sub(
        lambda match: 'aria-label="' + words.replace("%(title)s", match.group("title")) + '"', tree
    )
