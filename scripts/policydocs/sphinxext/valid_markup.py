"""Markup that validators and screen readers accept, where Sphinx's own is at fault.

Two faults of the HTML Sphinx writes, mended in each page's body (and, for the
first, in the sidebar :mod:`.navigation` writes):

- A toctree's caption is ``<p class="caption" role="heading">``: a heading role
  without ``aria-level``, which the Nu HTML Checker reports as an error and
  axe-core as a critical violation (``aria-required-attr``), since a screen
  reader then cannot say which level the heading is. The caption ("Guides")
  titles a list inside the page's top-level section: a second-level heading.
- A code block (``<pre>``) scrolls sideways on a phone, and a region that
  scrolls must be reachable from the keyboard (axe ``scrollable-region-focusable``,
  WCAG 2.1.1), so each one takes ``tabindex="0"``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

CAPTION = '<p class="caption" role="heading">'
LEVELLED_CAPTION = '<p class="caption" role="heading" aria-level="2">'
_REPAIRS = ((CAPTION, LEVELLED_CAPTION), ("<pre>", '<pre tabindex="0">'))


def repair_body(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str):
        for fault, repair in _REPAIRS:
            body = body.replace(fault, repair)
        context["body"] = body
