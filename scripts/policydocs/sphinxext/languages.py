"""The language switcher: every page links to the same page in each other language.

Each language is built into its own directory (``ja/``, ``en/``) with the same
page paths, so the counterpart of a page is found by climbing to the language
root and descending into the other language with the same target URI.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from policydocs.languages import native_name


def counterpart_url(target_uri: str, language: str) -> str:
    """The relative URL from a page at ``target_uri`` to the same page in ``language``."""
    depth = target_uri.count("/")
    return "../" * depth + f"../{language}/{target_uri}"


def add_language_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    current = app.config.language
    target_uri = app.builder.get_target_uri(pagename)
    links = [
        {
            "code": code,
            "name": native_name(code),
            "url": counterpart_url(target_uri, code),
            "current": code == current,
        }
        for code in app.config.policydocs_languages
    ]
    context["policydocs_languages"] = links
    alternates = "".join(
        f'<link rel="alternate" hreflang="{link["code"]}" href="{link["url"]}">\n'
        for link in links
        if not link["current"]
    )
    context["metatags"] = context.get("metatags", "") + alternates
