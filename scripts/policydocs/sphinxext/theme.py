"""Furo set-up: the extension's templates, stylesheet, sidebar and per-language title."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

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
    # The language switcher belongs on every page; respect a site that placed it itself.
    if not any(LANGUAGE_SIDEBAR in templates for templates in config.html_sidebars.values()):
        config.html_sidebars = {**config.html_sidebars, "**": FURO_SIDEBAR}
    title = config.policydocs_site_titles.get(config.language)
    if title:
        config.html_title = title
        config.html_short_title = title
