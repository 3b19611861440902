"""Section anchors made from heading text, shared by the Sphinx extension and the checker."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
MAX_LENGTH = 48


def slugify(text: str) -> str:
    """A URL fragment for a heading: NFKC, lower case, words joined by hyphens.

    A fragment that would start with a digit ("4. 第三者提供") gets a "sec-" prefix: an id
    must not start with a digit to be used in a CSS selector, as Sphinx's search does.
    """
    slug = _NOT_WORD.sub("-", unicodedata.normalize("NFKC", text).lower()).strip("-")[:MAX_LENGTH].rstrip("-")
    return f"sec-{slug}" if slug[:1].isdigit() else slug
