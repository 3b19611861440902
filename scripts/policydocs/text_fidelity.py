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
# Whole lines that are syntax: a label, an attribute block, a comment, a block break, a link
# definition whose destination is a URL or path (a definition of anything else is more likely
# text that markdown-it swallowed, and is left in so that its loss is found).
_SYNTAX_LINE = re.compile(
    r"^\s*(?:\([^()]*\)=|\{[^{}]*\}|%.*|\+\+\+.*|\[[^\]]+\]:\s*<?[\x21-\x7e]*[:/.#][\x21-\x7e]*>?(?:\s+[\"'(].*)?)\s*$"
)
_PREFIX = re.compile(r"^\s*(?:>\s?)*(?:(?:[-*+]|\d{1,9}[.)])(?=\s|$)\s*)*")
_FENCE = re.compile(r"^\s*(?:>\s?)*(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{[^{}]*\}(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s.*)?$")
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^(?P<label>[^\]]+)\]:[ \t]?(?P<text>.*)$")
_INLINE_SYNTAX = re.compile(
    r"\{[\w:.-]+\}`(?P<role>[^`]*)`"  # a role: its text is kept only where it is written "text <target>"
    r"|\[\^[^\]]+\]"  # a footnote reference: the page shows a number
    r"|\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # ](dest)
    r"|\]\[[^\]]*\]"  # ][reference]
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"  # an HTML tag (an autolink <https://…> shows its URL and stays)
    r"|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
)
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
    footnotes: dict[str, SourceText] = field(default_factory=dict)

    def add(self, text: str, line: int) -> None:
        for character in text:
            if significant(character):
                self.chars.append(character)
                self.lines.append(line)


def _inline_text(line: str) -> str:
    def keep(match: re.Match[str]) -> str:
        role = match.group("role")
        if role is not None:
            text = _ROLE_TEXT.match(role)
            return text.group("text") if text else ""
        return "]" if match.group(0).startswith("]") else ""

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
    options = False  # just after a directive's opening line: its options
    for number, line in enumerate(text.split("\n"), start=1):
        if fence:
            opened = _FENCE.match(line)
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence) and not opened["info"]:
                fence = ""
            else:
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
            directive = _DIRECTIVE.match(opened["info"].strip())
            if directive:
                options = True
                target.add(_inline_text(directive["argument"]), number)
            elif opened["fence"][0] != ":":
                fence = opened["fence"]  # a code block; its language is not text
            continue
        if _SYNTAX_LINE.match(line):
            continue
        target.add(_inline_text(_PREFIX.sub("", line, count=1)), number)
    return result


def first_missing(expected: list[str], shown: str) -> int | None:
    """The index of the first of ``expected`` that ``shown`` does not contain in order, or None."""
    position = 0
    for index, character in enumerate(expected):
        position = shown.find(character, position)
        if position < 0:
            return index
        position += 1
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
        index = first_missing(expected.chars, text)
        if index is not None:
            losses.append(Lost(expected.lines[index], "".join(expected.chars[index : index + 20])))
    return min(losses, key=lambda lost: lost.line, default=None)
