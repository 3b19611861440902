"""Furo set-up: the extension's templates, stylesheet, sidebar, per-language title and chrome.

furo's own words (Next, Previous, Back to top, Skip to content, On this page…)
go through the templates' gettext, which Sphinx backs with its own catalog
only; Sphinx's Japanese has none of furo's words. :func:`speak_the_language`
puts the extension's catalog in front of Sphinx's for the templates, so the
chrome of a Japanese page is Japanese (the words live in
``policydocs/locale/ja/LC_MESSAGES/policydocs.po``).
"""

from __future__ import annotations

from gettext import NullTranslations
from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config

from policydocs.sphinxext.messages import CATALOG

HERE = Path(__file__).resolve().parent
LANGUAGE_SIDEBAR = "sidebar/languages.html"
FURO_SIDEBAR = [
    "sidebar/brand.html",
    LANGUAGE_SIDEBAR,
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "sidebar/scroll-end.html",
]


def configure(app: Sphinx, config: Config) -> None:
    config.templates_path.append(str(HERE / "templates"))
    config.html_static_path.append(str(HERE / "static"))
    app.add_css_file("policydocs.css")
    app.add_js_file("policydocs-search.js", loading_method="defer")
    # Print address and links that work from disk (file://): see the file.
    app.add_js_file("policydocs-reading.js", loading_method="defer")
    # The language switcher belongs on every page; respect a site that placed it itself.
    if not any(LANGUAGE_SIDEBAR in templates for templates in config.html_sidebars.values()):
        config.html_sidebars = {**config.html_sidebars, "**": FURO_SIDEBAR}
    title = config.policydocs_site_titles.get(config.language)
    if title:
        config.html_title = title
        config.html_short_title = title
    # No "View this page": the Markdown source is not what the reader reads. A policy's main page
    # shows the revision in force while its file holds the current (perhaps upcoming) text, with
    # front matter, and an English page would offer the Japanese source.
    config.html_show_sourcelink = False


class ChromeTranslations(NullTranslations):
    """The extension's catalog first, then Sphinx's: what the templates' ``_()`` and ``{% trans %}`` read."""

    def __init__(self, ours: NullTranslations, sphinx: NullTranslations | None) -> None:
        super().__init__()
        self._ours = ours
        self._sphinx = sphinx or NullTranslations()

    def gettext(self, message: str) -> str:
        translated = self._ours.gettext(message)
        return translated if translated != message else self._sphinx.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = self._ours.ngettext(singular, plural, n)
        if translated not in (singular, plural):
            return translated
        return self._sphinx.ngettext(singular, plural, n)


def speak_the_language(app: Sphinx) -> None:
    """Give the templates the extension's words for furo's chrome (builder-inited, after the templates exist)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or not hasattr(environment, "install_gettext_translations"):
        return
    chrome = ChromeTranslations(locale.get_translator(CATALOG), getattr(app, "translator", None))
    environment.install_gettext_translations(chrome)
