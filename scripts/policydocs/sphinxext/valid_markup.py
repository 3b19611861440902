"""Markup that validators and screen readers accept, where Sphinx's own is at fault.

A toctree's caption is written by Sphinx's HTML writer as
``<p class="caption" role="heading">``: a heading role without ``aria-level``,
which the Nu HTML Checker reports as an error and axe-core as a critical
violation (``aria-required-attr``), since a screen reader then cannot say
which level the heading is. The caption ("Guides") titles a list inside the
page's top-level section, so it is a second-level heading. The sidebar's copy
is written by :mod:`.navigation` with the same level.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'


def level_toctree_captions(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str) and CAPTION in body:
        context["body"] = body.replace(CAPTION, LEVELLED_CAPTION)
