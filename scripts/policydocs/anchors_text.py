"""Section anchors made from heading text, shared by the Sphinx extension and the checker."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
MAX_LENGTH = 48


def slugify(text: str) -> str:
    """A URL fragment for a heading: NFKC, lower case, words joined by hyphens."""
    slug = _NOT_WORD.sub("-", unicodedata.normalize("NFKC", text).lower()).strip("-")
    return slug[:MAX_LENGTH].rstrip("-")
