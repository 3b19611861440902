"""A line-exact reading of a ``.po`` file: each entry with the line of its msgid and of each msgstr.

babel reads catalogs leniently (an unknown line is skipped with a warning, a
duplicate msgid silently replaces the first) and remembers one line per message.
Validation needs more: the first line that is not PO syntax, both lines of a
duplicate, and the line of the msgstr a translator must change. This scanner
gives exactly that; babel still reads the catalog for everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.messages.pofile import unescape

_QUOTED = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(rf"^\s*(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+({_QUOTED})\s*$")
_CONTINUATION = re.compile(rf"^\s*({_QUOTED})\s*$")
SYNTAX_FIX = "each line is a keyword (msgid, msgstr…) and a quoted string, a quoted continuation, or a # comment"


@dataclass
class PoEntry:
    """One message as written: its strings, and the line each one starts on."""

    line: int  # the msgid's line
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[str, str] = field(default_factory=dict)  # "msgstr" or "msgstr[n]" → text
    string_lines: dict[str, int] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)


@dataclass(frozen=True)
class PoScan:
    """The entries of a catalog, or the first line that is not PO syntax."""

    entries: tuple[PoEntry, ...]
    bad_line: int | None = None  # 1-based
    bad_text: str = ""


def scan(text: str) -> PoScan:
    """Read ``text`` (a whole ``.po``) into entries; stop at the first line that is not PO syntax."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    keyword = ""  # the keyword a continuation line belongs to
    flags: frozenset[str] = frozenset()
    awaiting_msgid = False  # a msgctxt was read: the next msgid is its entry's
    for number, raw in enumerate(text.splitlines(), start=1):
        obsolete = raw.startswith("#~")
        line = raw[2:] if obsolete else raw
        stripped = line.strip()
        if obsolete and stripped.startswith(("|", "#", ",")):
            continue  # an obsolete entry's previous id or comment
        if not stripped or (stripped.startswith("#") and not obsolete):
            if stripped.startswith("#,"):
                flags = flags | {f.strip() for f in stripped[2:].split(",") if f.strip()}
            continue
        match = _KEYWORD.match(line)
        if match is not None:
            keyword, value = match.group(1), unescape(match.group(2))
            if keyword == "msgctxt" or (keyword == "msgid" and not awaiting_msgid):
                current = PoEntry(number, flags=flags, obsolete=obsolete)
                entries.append(current)
                flags = frozenset()
            awaiting_msgid = keyword == "msgctxt"
            if current is None:  # a msgstr before any msgid
                return PoScan(tuple(entries), number, stripped)
            if keyword == "msgctxt":
                current.context = value
            elif keyword == "msgid":
                current.msgid, current.line = value, number
            elif keyword == "msgid_plural":
                current.plural = value
            else:
                current.strings[keyword] = value
                current.string_lines[keyword] = number
            continue
        match = _CONTINUATION.match(line)
        if match is not None and current is not None and keyword:
            value = unescape(match.group(1))
            if keyword == "msgctxt":
                current.context = (current.context or "") + value
            elif keyword == "msgid":
                current.msgid += value
            elif keyword == "msgid_plural":
                current.plural = (current.plural or "") + value
            else:
                current.strings[keyword] += value
            continue
        return PoScan(tuple(entries), number, stripped)
    return PoScan(tuple(entries))
