"""Which link and image addresses a page may carry: http, https, mailto, tel, or a relative one.

A browser reads an address's scheme after dropping what a human does not see:
``JaVaScRiPt:``, ``java\\tscript:``, ``&#106;avascript:`` and a leading control
character all run script. So the scheme is judged on the address as a browser
would read it: entities decoded, control characters, white space and invisible
format characters removed, case folded.
"""

from __future__ import annotations

import html
import re
import unicodedata

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _visible(uri: str) -> str:
    # Twice: "&amp;#106;" is one more round of decoding away from "j" in a careless consumer.
    decoded = html.unescape(html.unescape(uri))
    return "".join(
        char
        for char in decoded
        if not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"))
    ).lower()


def refused_scheme(uri: str) -> str | None:
    """The scheme of ``uri`` if it is not one a page may link to; None for an allowed or relative address."""
    visible = _visible(uri)
    # A relative path may hold a colon after a slash, "?" or "#" ("a/b:c", "#x:y"); only a leading name is a scheme.
    match = _SCHEME.match(visible)
    if match is None:
        # "\x00javascript:" or "%6Aavascript:" has no valid scheme and a browser treats it as relative,
        # but an address that starts with a symbol before a colon is refused too: nobody writes one.
        head = visible.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return head.split(":", 1)[0] or ":" if ":" in head else None
    scheme = match.group(1)
    return None if scheme in ALLOWED_SCHEMES else scheme
