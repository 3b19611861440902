"""A policy's text as the checker reads it: blocks with their lines, sections under headings.

Reading only; what a rule is about is :mod:`policydocs.recognise`, the verdicts
:mod:`policydocs.judge`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from policydocs.diffing import HEADING, Block, parse_markdown
from policydocs.loader import read_front_matter

# Numbering policies put before a heading: 1. / 第3条 / (1) / ① / ■ / ※
_NUMBERING = re.compile(r"^\s*(?:第[0-9一二三四五六七八九十百]+条|[0-9]+\s*[.)]|\(\s*[0-9]+\s*\)|[①-⑳]|[■□●◆◇・※]+)\s*")
# A placeholder the original left unfilled: 「[個人データ開示等相談窓口]」
_PLACEHOLDER = re.compile(r"^\s*[\[［【〔].*[\]］】〕]\s*$")


@functools.lru_cache(maxsize=1 << 13)
def normalise(text: str) -> str:
    # Kept: each rule asks again for the same blocks' text (1.3 million times over 600 texts at 500 documents);
    # a text's blocks are asked for together, so a few thousand kept serve it and bound the memory held.
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=1 << 12)
def heading_text(text: str) -> str:
    """A heading without its numbering, for recognition."""
    return _NUMBERING.sub("", normalise(text))


@dataclass(frozen=True)
class Section:
    heading: Block
    body: tuple[Block, ...]  # paragraphs under it, its sub-sections' included

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.body if b.kind != HEADING)

    @property
    def has_content(self) -> bool:
        return any(not _PLACEHOLDER.match(normalise(b.text)) for b in self.paragraphs)

    @property
    def placeholders(self) -> tuple[Block, ...]:
        return tuple(b for b in self.paragraphs if _PLACEHOLDER.match(normalise(b.text)))

    def text(self) -> str:
        return normalise("\n".join(b.text for b in (self.heading, *self.body)))


@dataclass(frozen=True)
class PolicyText:
    """A policy's text as the checker reads it."""

    path: Path
    blocks: tuple[Block, ...]
    declares: frozenset[str] = frozenset()
    waivers: dict[str, tuple[str, int]] = field(default_factory=dict)  # rule id → (reason, line)
    labels: tuple[tuple[str, int], ...] = ()
    end_line: int = 1

    def position(self, block: Block) -> int:
        """Where ``block`` stands in :attr:`blocks` (as ``blocks.index``), found by identity first: ``index``
        compared it field by field with each block before it, 4 million comparisons at 500 documents."""
        found = self._positions.get(id(block))
        return found if found is not None and self.blocks[found] is block else self.blocks.index(block)

    @cached_property
    def _positions(self) -> dict[int, int]:
        return {id(block): index for index, block in enumerate(self.blocks)}

    @classmethod
    def read(cls, path: Path) -> PolicyText:
        """The text of ``path``, parsed once per version of the file however often it is asked for."""
        stat = path.stat()
        return _read_policy_text(path, stat.st_mtime_ns, stat.st_size)

    @classmethod
    def parse(cls, path: Path) -> PolicyText:
        source = path.read_text(encoding="utf-8")
        fm, _problem = read_front_matter(path)
        section = fm.data.get("policy", {}) if fm else {}
        declares = section.get("declares", []) if isinstance(section, dict) else []
        waivers_data = section.get("waivers", {}) if isinstance(section, dict) else {}
        waivers = {}
        if isinstance(waivers_data, dict) and fm is not None:
            for rule_id, reason in waivers_data.items():
                waivers[str(rule_id)] = (str(reason or "").strip(), fm.line_of(str(rule_id)))
        blocks, labels = parse_markdown(source)
        return cls(
            path=path,
            blocks=tuple(blocks),
            declares=frozenset(str(d) for d in declares) if isinstance(declares, list) else frozenset(),
            waivers=waivers,
            labels=tuple(labels),
            end_line=len(source.splitlines()) or 1,
        )

    def sections(self) -> list[Section]:
        return list(self._sections)

    @cached_property
    def _sections(self) -> tuple[Section, ...]:
        # Every rule looks at the sections: work them out once per text.
        sections = []
        for index, block in enumerate(self.blocks):
            if block.kind != HEADING:
                continue
            body = []
            for following in self.blocks[index + 1 :]:
                if following.kind == HEADING and following.level <= block.level:
                    break
                body.append(following)
            sections.append(Section(block, tuple(body)))
        return tuple(sections)

    def section_of(self, block: Block) -> Section | None:
        """The innermost section a paragraph stands in."""
        found = None
        for section in self._sections:
            inside = block in section.body or block == section.heading
            if inside and (found is None or section.heading.level >= found.heading.level):
                found = section
        return found

    def full_text(self) -> str:
        return self._full_text

    @cached_property
    def _full_text(self) -> str:
        return normalise("\n".join(b.text for b in self.blocks))


@functools.lru_cache(maxsize=4096)
def _read_policy_text(path: Path, mtime_ns: int, size: int) -> PolicyText:
    return PolicyText.parse(path)
