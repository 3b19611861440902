"""The markup of a MyST message, and translations that add markup their Japanese lacks.

A translation comes from a person or another system and is published as the
English page: it may say anything, but it may not *do* anything its source does
not. So a msgstr may use only markup that its msgid already has: raw HTML,
links and images with their destinations, roles, directive fences,
substitutions, labels, attribute blocks and bare URLs with a scheme are counted
in both, and the msgstr's must be a sub-multiset of the msgid's. Link texts
and image descriptions are words, and may change; emphasis, strong and code
spans are typography, and are not counted (a code span's content is literal
text, so it is blanked before anything else is looked for).
"""

from __future__ import annotations

import re
from collections import Counter

# Order matters: each kind is blanked once found, so a link's destination is not
# also counted as a bare URL, nor a role's content as a code span.
# A role, or a code span, whichever starts first: "`{raw}`" is code, "{ref}`x`" a role.
_ROLE_OR_CODE = re.compile(r"\{([A-Za-z][\w:+.-]*)\}(`+)(.*?)(?<!`)\2(?!`)|(`+)(.+?)(?<!`)\4(?!`)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*(\{[^}\n]*\}|[^\s`]*)", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>?|<[!?][^>]*>?")
_INLINE_LINK = re.compile(
    r"(!?)\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)",
    re.DOTALL,
)
_REFERENCE_LINK = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\[([^\[\]]*)\]")
_DEFINITION = re.compile(r"^[ \t]{0,3}\[([^\]]+)\]:[ \t]*(\S+)", re.MULTILINE)
_SUBSTITUTION = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_LABEL = re.compile(r"^[ \t]*\(([^()\n]*)\)=[ \t]*$", re.MULTILINE)
_ATTRIBUTES = re.compile(r"\{([^{}\n]*)\}")
# A scheme followed by "/", or one of the schemes that need none; "file:line" is words.
_BARE_URL = re.compile(
    r"(?<![\w/.+-])(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:/|(?:javascript|vbscript|data|mailto|tel|sms|blob|about|urn|news):)"
    r"[\x21-\x7e]+",
    re.IGNORECASE,
)
_URL_TAIL = ".,;:!?)]}'\""
_SPACE = re.compile(r"\s+")


def _blank(pattern: re.Pattern[str], text: str, found: Counter[str], name: str, group: int = 0) -> str:
    def keep(match: re.Match[str]) -> str:
        found[f"{name} {_SPACE.sub(' ', match.group(group)).strip()}"] += 1
        return " "

    return pattern.sub(keep, text)


def _role_target(match: re.Match[str]) -> str:
    # {ref}`words <label>`: the words are translated, the target is not.
    content = match.group(3).strip()
    target = re.search(r"\S\s+<([^<>]*)>$", content)
    return f"{{{match.group(1)}}}{target.group(1) if target else content}"


def markup(message: str) -> Counter[str]:
    """Every piece of markup in a MyST message, named by kind and what it points at."""
    found: Counter[str] = Counter()
    text = message
    text = _blank(_FENCE, text, found, "directive", 2)
    for span in _ROLE_OR_CODE.finditer(text):
        if span.group(1) is not None:
            found[f"role {_role_target(span)}"] += 1
    text = _ROLE_OR_CODE.sub(" ", text)
    text = _blank(_HTML_COMMENT, text, found, "HTML comment")
    text = _blank(_AUTOLINK, text, found, "link", 1)
    text = _blank(_HTML_TAG, text, found, "HTML")
    for link in _INLINE_LINK.finditer(text):
        destination = link.group(2).strip("<>")
        found[f"{'image' if link.group(1) else 'link'} {destination}"] += 1
    text = _INLINE_LINK.sub(" ", text)
    for link in _REFERENCE_LINK.finditer(text):
        label = link.group(3) or link.group(2)  # [words][] refers by its words
        found[f"reference {_SPACE.sub(' ', label).strip().lower()}"] += 1
    text = _REFERENCE_LINK.sub(" ", text)
    text = _blank(_DEFINITION, text, found, "definition", 0)
    text = _blank(_SUBSTITUTION, text, found, "substitution", 1)
    text = _blank(_LABEL, text, found, "label", 1)
    text = _blank(_ATTRIBUTES, text, found, "attributes", 0)
    for url in _BARE_URL.finditer(text):
        found[f"URL {url.group(0).rstrip(_URL_TAIL)}"] += 1
    return found


def added_markup(msgid: str, msgstr: str) -> list[str]:
    """The markup of ``msgstr`` that ``msgid`` does not have (as many times as it is added)."""
    if not any(c in msgstr for c in "<>[]{}()`:=~"):
        return []  # the usual case, decided without a regular expression
    extra = markup(msgstr) - markup(msgid)
    return sorted(extra.elements())
