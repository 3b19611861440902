"""Compare the visible text of a built policy page with the seed it was converted from.

The seeds in ``../shared/seeds/`` are plain-text copies of real policies. Their
legal wording must reach the site character for character; only broken copy may
be repaired, and every such repair is written down in ``tests/seed_repairs/``.

Both sides are cut into blocks (seed: lines; HTML: paragraphs, headings, list
items, table cells), a leading list marker is stripped from each block (list
markers become real ``<ol>``/``<ul>`` markup, drawn by CSS), and all whitespace
is removed (the copies broke lines mid-sentence). What is left must be equal.

Run by hand while converting a seed::

    python tests/fidelity.py SEED.txt PAGE.html REPAIRS.toml
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

#: The repairs DEVELOPERS.md and shared/README.md allow; anything else is rewording.
ALLOWED_REPAIR_KINDS = frozenset({"garbled-marker", "navigation", "broken-line", "empty-bullet", "run-together"})

# One leading list marker as the seeds write them: ①, (1), (1), 1. 1) ア. • ● ・ -
_MARKER = re.compile(
    r"^\s*(?:[\u2460-\u2473]|[(（][0-9０-９]+[)）]|[0-9]+[.)．](?!\d)|[\u30a2-\u30f3][.．]|[•●・\-])\s*"
)
_WHITESPACE = re.compile(r"\s+")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "caption")


@dataclass(frozen=True)
class Repair:
    """One documented change from the seed's copy to the site's text."""

    kind: str
    find: str
    replace: str
    count: int
    why: str


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing one seed with its built page."""

    similarity_raw: float  # before the documented repairs
    similarity: float  # after them: must be 1.0
    diff: list[str]


def load_repairs(path: Path) -> list[Repair]:
    """Read the documented repairs of one seed."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    repairs = []
    for entry in data.get("repair", []):
        kind = entry["kind"]
        if kind not in ALLOWED_REPAIR_KINDS:
            raise ValueError(f"{path}: repair kind {kind!r} is not an allowed repair")
        repairs.append(Repair(kind, entry["find"], entry["replace"], int(entry.get("count", 1)), entry["why"]))
    return repairs


def apply_repairs(text: str, repairs: list[Repair]) -> str:
    """Apply each repair, checking it matches exactly as often as documented."""
    for repair in repairs:
        found = text.count(repair.find)
        if found != repair.count:
            raise AssertionError(
                f"repair {repair.find!r} ({repair.why}) matches {found} times, documented {repair.count}"
            )
        text = text.replace(repair.find, repair.replace)
    return text


def strip_marker(block: str) -> str:
    """Remove leading list markers (possibly nested, e.g. ``- (1)``)."""
    while True:
        stripped = _MARKER.sub("", block, count=1)
        if stripped == block:
            return block
        block = stripped


def _squash(blocks: list[str]) -> str:
    return "".join(_WHITESPACE.sub("", strip_marker(b)) for b in blocks)


def seed_blocks(text: str) -> list[str]:
    """The seed's lines, as the blocks its copy shows."""
    return [line for line in text.splitlines() if line.strip()]


def html_blocks(html: str) -> list[str]:
    """The text blocks of the page's main content, without generated chrome."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article[role=main]") or soup
    for junk in main.select("a.headerlink, .policydocs-generated, script, style"):
        junk.decompose()
    blocks = []
    for element in main.find_all(_BLOCK_TAGS):
        # A block nested in another block is read with its parent.
        if element.find_parent(_BLOCK_TAGS) is not None:
            continue
        text = element.get_text()
        if text.strip():
            blocks.append(text)
    return blocks


def compare(seed_text: str, html: str, repairs: list[Repair]) -> Comparison:
    """Compare a seed with its built page after the documented repairs."""
    page = _squash(html_blocks(html))
    raw = _squash(seed_blocks(seed_text))
    repaired = _squash(seed_blocks(apply_repairs(seed_text, repairs)))
    diff = []
    if repaired != page:
        matcher = difflib.SequenceMatcher(None, repaired, page, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op != "equal":
                context = repaired[max(0, a1 - 15) : a1]
                diff.append(f"{op} after …{context}: seed {repaired[a1:a2]!r} → page {page[b1:b2]!r}")
    return Comparison(
        similarity_raw=difflib.SequenceMatcher(None, raw, page, autojunk=False).ratio(),
        similarity=difflib.SequenceMatcher(None, repaired, page, autojunk=False).ratio(),
        diff=diff,
    )


def main(argv: list[str]) -> int:
    seed, page, repairs = (Path(a) for a in argv)
    result = compare(
        seed.read_text(encoding="utf-8"),
        page.read_text(encoding="utf-8"),
        load_repairs(repairs),
    )
    print(f"similarity before repairs {result.similarity_raw:.4f}, after {result.similarity:.4f}")
    for line in result.diff:
        print(" ", line)
    return 0 if not result.diff else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
