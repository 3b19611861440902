"""Helpers for the import tests: a policy's outline (headings and list items), and a MyST policy as plain text.

The outline is what a careful hand conversion decides and an import must reproduce: which
lines are headings (and at what level) and which are list items. It is read from the tokens
markdown-it makes of the MyST, as the site parses it, with whitespace removed from each text.
"""

from __future__ import annotations

import difflib

from markdown_it.token import Token
from policydocs.import_fidelity import markdown_parser

_KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _inline(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


def outline(myst: str) -> list[tuple[str, str]]:
    """("h2", text) for each heading, ("li1", text) for each list item's first paragraph (by depth), in order."""
    tokens = markdown_parser().parse(myst)
    found: list[tuple[str, str]] = []
    pending = ""
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((token.tag, _squeeze(_inline(tokens[index + 1]))))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            pending = f"li{depth}"
        elif token.type == "inline" and pending:
            found.append((pending, _squeeze(_inline(token))))
            pending = ""
    return found


def _marker(style: str, number: int) -> str:
    if style == "circled":
        return chr(0x2460 + number - 1) if number <= 20 else f"({number})"
    if style == "parens":
        return f"({number})"
    if style == "paren-right":
        return f"{number})"
    if style == "katakana":
        return f"{_KATAKANA[number - 1]}." if number <= len(_KATAKANA) else f"{number}."
    return f"{number}."


def plain_text(myst: str) -> str:
    """A MyST policy as a copied web page reads: one line per heading, paragraph and item, markers as text."""
    tokens = markdown_parser().parse(myst)
    lines: list[str] = []
    lists: list[list] = []  # per open list: [style or "bullet", next number]
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            style = "bullet"
            if token.type == "ordered_list_open":
                style = next(
                    (
                        c
                        for c in ("circled", "parens", "paren-right", "katakana")
                        if c in str(token.attrs.get("class", ""))
                    ),
                    "decimal",
                )
            lists.append([style, int(token.attrs.get("start", 1) or 1)])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "tr_open":
            row = []  # a table row copied from a page: its cells on one line, separated by tabs
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(_inline(token))
        elif token.type == "tr_close":
            lines += ["", "\t".join(row)]
        elif token.type == "inline":
            text = "".join(
                "\n" if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children or []
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            opener = tokens[index - 1]
            item = opener.type == "paragraph_open" and index >= 2 and tokens[index - 2].type == "list_item_open"
            if item and lists:
                style, number = lists[-1]
                marker = "・" if style == "bullet" else _marker(style, number)
                lists[-1][1] += 1
                text = "  " * (len(lists) - 1) + marker + " " + text
            lines.append("")
            lines.append(text)
    return "\n".join(lines).strip() + "\n"


def agreement(hand: list, mine: list) -> tuple[int, int]:
    """(entries both have in the same order, the longer outline's length): the share agreed is their ratio."""
    blocks = difflib.SequenceMatcher(a=hand, b=mine, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks), max(len(hand), len(mine))


def outline_parts(myst: str) -> dict[str, list]:
    """A policy's outline three ways: heading texts, headings with their level, list items with their depth."""
    found = outline(myst)
    return {
        "headings": [text for tag, text in found if tag.startswith("h")],
        "levels": [(tag, text) for tag, text in found if tag.startswith("h")],
        "items": [(tag, text) for tag, text in found if tag.startswith("li")],
    }
