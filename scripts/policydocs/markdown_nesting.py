"""How deep lists and quotes may nest in a policy, for every markdown-it parser of the project.

markdown-it stops parsing at ``maxNesting`` levels (20 by default: a list ten
deep, since each list level opens a list and an item) and silently drops the
rest of the text. Every parser the project builds (MyST's for pages, the
redline's) goes through :func:`limit_nesting`, which raises that limit far
above what a reader can follow, and adds a rule that finds lists and quotes
nested deeper than :data:`MAX_DEPTH`: it flattens them to that depth, so no
text is lost and nothing deep reaches docutils (whose visitors recurse), and
records where, so that the build can refuse the text with its line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

#: Lists and quotes inside one another that a text may have; deeper ones are flattened and refused.
MAX_DEPTH = 20
#: markdown-it's own limit, in its levels (a list level is two: the list and its item). Far enough
#: above MAX_DEPTH that a text is refused before markdown-it cuts it, low enough that markdown-it's
#: recursion (a few frames per level) stays clear of Python's limit.
MAX_NESTING = 120
_CONTAINERS = frozenset({"bullet_list", "ordered_list", "blockquote"})
_NAMES = {"bullet_list": "list", "ordered_list": "list", "blockquote": "quote"}


@dataclass(frozen=True)
class TooDeep:
    """Lists or quotes nested deeper than :data:`MAX_DEPTH`: the first one too deep, and how deep they go."""

    kind: str  # "list" or "quote"
    depth: int  # at least; markdown-it stops counting at MAX_NESTING
    token: Token  # the first container too deep; its map is its 0-based line (shifted by MyST for nested texts)
    cut: bool  # markdown-it reached MAX_NESTING and dropped the rest of the text

    @property
    def line(self) -> int:
        return self.token.map[0] + 1 if self.token.map else 0

    def message(self) -> str:
        lost = " (and the text after it was dropped)" if self.cut else ""
        more = "more than " if self.cut else ""
        return (
            f"a {self.kind} nested {more}{self.depth} deep{lost}; at most {MAX_DEPTH} levels of lists "
            f"and quotes can be shown: flatten it (start a new list, or number the items in the text)"
        )


def flatten_too_deep(tokens: list[Token]) -> TooDeep | None:
    """Drop the containers nested deeper than MAX_DEPTH (their text joins the deepest one kept); say where."""
    kept: list[Token] = []
    dropped: list[bool] = []  # per open token: was it dropped
    depth = 0
    first: Token | None = None
    deepest = 0
    cut = False
    for token in tokens:
        if token.nesting == 1:
            if token.level >= MAX_NESTING - 1:
                cut = True
            kind = token.type.removesuffix("_open")
            inside_dropped_list = kind == "list_item" and bool(dropped) and dropped[-1]
            drop = inside_dropped_list
            if kind in _CONTAINERS:
                depth += 1
                deepest = max(deepest, depth)
                if depth > MAX_DEPTH:
                    first = first or token
                    drop = True
            dropped.append(drop)
            if not drop:
                kept.append(token)
        elif token.nesting == -1:
            if token.type.removesuffix("_close") in _CONTAINERS:
                depth -= 1
            if not (dropped.pop() if dropped else False):
                kept.append(token)
        else:
            kept.append(token)
    if first is None:
        return None
    tokens[:] = kept
    return TooDeep(_NAMES[first.type.removesuffix("_open")], deepest, first, cut)


Report = Callable[[StateCore, TooDeep], None]


def limit_nesting(parser: MarkdownIt, report: Report | None = None) -> MarkdownIt:
    """Raise ``parser``'s nesting limit and flatten (and ``report``) anything nested deeper than MAX_DEPTH."""
    parser.options["maxNesting"] = MAX_NESTING

    def rule(state: StateCore) -> None:
        found = flatten_too_deep(state.tokens)
        if found is not None and report is not None:
            report(state, found)

    parser.core.ruler.push("policydocs_nesting", rule)
    return parser
