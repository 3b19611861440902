"""Does every character a reader should see in a MyST source reach the page?

Both sides are reduced to the characters that carry text: letters, digits
(Latin, kana, kanji, full-width) and non-ASCII punctuation (「」、。…). ASCII
punctuation and whitespace are left out on both sides: Markdown's markup is
made of them (``*``, ``#``, ``-``, ``|``, ``>``…), and Sphinx turns ASCII
quotes into typographic ones. On the source side, what is syntax rather than
text is removed first: front matter, list numbers, labels ``(x)=``, attribute
lines ``{.circled}``, comments, directive names and options, link
destinations, role names, footnote references, HTML tags and entities. Then
the source's characters must appear on the page in order (an O(n) subsequence
test): the page may add text (banners, titles of notes, footnote numbers) but
never lose any. Footnotes, which the page moves to its end, are checked on
their own, each against the page's footnote of the same label.

Where the source syntax is ambiguous, more is removed rather than less: a
missed loss is possible in odd corners, a false alarm on correct text is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Whole lines that are syntax: a label, an attribute block, a comment, a block break, raw HTML
# (refused, with its line, by the untrusted-markup check), a link
# definition whose destination is a URL or path (a definition of anything else is more likely
# text that markdown-it swallowed, and is left in so that its loss is found).
_SYNTAX_LINE = re.compile(
    r"^\s*(?:\([^()]*\)=|\{[^{}]*\}|%.*|\+\+\+.*|<[A-Za-z/!?].*|\[[^\]]+\]:\s*<?[\x21-\x7e]*[:/.#][\x21-\x7e]*>?(?:\s+[\"'(].*)?)\s*$"
)
_PREFIX = re.compile(r"^\s*(?:>\s?)*(?:(?:[-*+]|\d{1,9}[.)])(?=\s|$)\s*)*")
_FENCE = re.compile(r"^\s*(?:>\s?)*(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[^{}]*)\}(?P<argument>.*)$")
#: Directives whose content is not page text: the untrusted-markup check refuses them, with their line.
OPAQUE_DIRECTIVES = frozenset({"raw", "include", "literalinclude", "eval-rst", "eval-md", "meta", "csv-table"})
_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s.*)?$")
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]]+)\]:[ \t]?(?P<text>.*)$")
_INLINE_SYNTAX = re.compile(
    r"\{[\w:.-]+\}`(?P<role>[^`]*)`"  # a role: its text is kept only where it is written "text <target>"
    r"|\[\^[^\]]+\]"  # a footnote reference: the page shows a number
    r"|\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # ](dest)
    r"|\]\[[^\]]*\]"  # ][reference]
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # an HTML tag
    r"|<[A-Za-z][\w+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>"  # an autolink: unsafe ones are refused, unshown
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
)
_MARKUP = "\x00"  # where markup was removed from a line
_ROLE_TEXT = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.DOTALL)


def significant(character: str) -> bool:
    """A character that carries text: a letter or digit of any script, or non-ASCII punctuation."""
    if character.isalnum():
        return True
    return character > "\x7f" and not character.isspace() and character.isprintable()


@dataclass
class SourceText:
    """The characters of a source that a reader should see, each with its 1-based line."""

    chars: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # Per character: it follows markup the page may replace with text of its own (a reference's title).
    after_markup: list[bool] = field(default_factory=list)
    footnotes: dict[str, SourceText] = field(default_factory=dict)

    def add(self, text: str, line: int) -> None:
        markup = True  # a new line may start anywhere after the last
        for character in text:
            if character == _MARKUP:
                markup = True
            elif significant(character):
                self.chars.append(character)
                self.lines.append(line)
                self.after_markup.append(markup)
                markup = False


def _inline_text(line: str) -> str:
    def keep(match: re.Match[str]) -> str:
        role = match.group("role")
        if role is not None:
            text = _ROLE_TEXT.match(role)
            return _MARKUP + (text.group("text") if text else "")
        return "]" + _MARKUP if match.group(0).startswith("]") else _MARKUP

    return _INLINE_SYNTAX.sub(keep, line)


def _blank_out(match: re.Match[str]) -> str:
    # Keep the line count, so that every later character keeps its line.
    return "\n" * match.group(0).count("\n")


def source_text(markdown: str) -> SourceText:
    """What a reader should see of a MyST source, character by character, with lines."""
    text = _FRONT_MATTER.sub(_blank_out, markdown, count=1)
    text = _HTML_COMMENT.sub(_blank_out, text)
    result = SourceText()
    target = result
    fence = ""  # the open code fence; its content is shown verbatim
    opaque = False  # the open fence is a directive whose content is not shown (refused, see OPAQUE_DIRECTIVES)
    options = False  # just after a directive's opening line: its options
    directives: list[str] = []  # the fences of the directives open around the line
    for number, line in enumerate(text.split("\n"), start=1):
        if fence:
            opened = _FENCE.match(line)
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence) and not opened["info"]:
                fence = ""
            elif not opaque:
                target.add(line, number)
            continue
        if options and _OPTION.match(line):
            continue
        options = False
        if target is not result and line.strip() and not line.startswith((" ", "\t")):
            target = result  # a footnote's text ends at the first line not indented
        footnote = _FOOTNOTE.match(line)
        if footnote:
            target = result.footnotes.setdefault(footnote["label"], SourceText())
            line = footnote["text"]
        opened = _FENCE.match(line)
        if opened:
            marks, info = opened["fence"], opened["info"].strip()
            directive = _DIRECTIVE.match(info)
            if directive and directive["name"] in OPAQUE_DIRECTIVES:
                fence, opaque = marks, True
            elif directive:
                directives.append(marks)
                options = True
                target.add(_inline_text(directive["argument"]), number)
            elif not info and directives and directives[-1][0] == marks[0] and len(marks) >= len(directives[-1]):
                directives.pop()
            elif marks[0] != ":":
                fence, opaque = marks, False  # a code block; its language is not text
            continue
        if _SYNTAX_LINE.match(line):
            continue
        target.add(_inline_text(_PREFIX.sub("", line, count=1)), number)
    return result


#: How far apart, on the page, two characters of one source line may be: next to each other, but for a
#: footnote's number or an entity; after markup (a role, a tag), as far as the title a reference shows.
#: Further apart, the line's text is lost: otherwise a lost line whose characters happen to appear
#: further on would be found there, one by one.
WITHIN_LINE = 4
AFTER_MARKUP = 200


_STARTS = 64  # places tried for a line's first character before the line is taken to be lost


def _match_run(expected: list[str], shown: str, start: int, stop: int, source: SourceText, position: int) -> int:
    """Where on the page the characters ``start:stop`` of one line end, matched from ``position``; -1: nowhere."""
    for index in range(start, stop):
        end = len(shown) if index == start else position + (AFTER_MARKUP if source.after_markup[index] else WITHIN_LINE)
        found = shown.find(expected[index], position, end)
        if found < 0:
            return -1
        position = found + 1
    return position


def first_missing(expected: list[str], shown: str, source: SourceText | None = None) -> int | None:
    """The index of the first of ``expected`` that ``shown`` does not contain in order, or None.

    With the ``source`` the characters come from, the characters of one line must stay together (a
    line is tried from the first few places its first character appears on the page).
    """
    if source is None:
        position = 0
        for index, character in enumerate(expected):
            position = shown.find(character, position) + 1
            if not position:
                return index
        return None
    position = start = 0
    while start < len(expected):
        stop = start
        while stop < len(expected) and source.lines[stop] == source.lines[start]:
            stop += 1
        begin = position
        for _attempt in range(_STARTS):
            end = _match_run(expected, shown, start, stop, source, begin)
            if end >= 0:
                position = end
                break
            begin = shown.find(expected[start], begin) + 1
            if not begin:
                break
        else:
            end = -1
        if end < 0:
            return start
        start = stop
    return None


@dataclass(frozen=True)
class Lost:
    """The first text of a source that is not on its page."""

    line: int
    excerpt: str  # the source's text from there, shortened


def first_lost(source: SourceText, page: str, footnotes: dict[str, str]) -> Lost | None:
    """Where the page first loses text of the source; ``footnotes`` maps each label to its text on the page."""
    shown = "".join(character for character in page if significant(character))
    checks = [(source, shown)]
    for label, footnote in source.footnotes.items():
        checks.append((footnote, "".join(c for c in footnotes.get(label, "") if significant(c))))
    losses = []
    for expected, text in checks:
        index = first_missing(expected.chars, text, expected)
        if index is not None:
            losses.append(Lost(expected.lines[index], "".join(expected.chars[index : index + 20])))
    return min(losses, key=lambda lost: lost.line, default=None)
