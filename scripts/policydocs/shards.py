"""Which organisations a slice of the site holds, for a build spread over several machines.

``policydocs build --shard K/N`` builds slice K of N: the pages of the organisations
assigned to it, and every page of the site as a whole (home, guides, compliance,
search page), which each slice makes alike from the site model. ``policydocs merge``
then puts the slices together (:mod:`policydocs.site_merge`).

An organisation's slice is a hash of its directory's name, so it never depends on
which other organisations exist: adding one moves no other, and a CI matrix of N jobs
keeps each organisation's build cache on the same job. The price is balance: with few
organisations a slice may hold none (it still builds the pages of the whole site).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SLICE_MANIFEST = "shard.json"  # written beside the languages' output of a slice
_FORM = re.compile(r"(\d+)/(\d+)")


class ShardError(ValueError):
    """A ``--shard`` value that names no slice."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} ({fix})")
        self.message, self.fix = message, fix


@dataclass(frozen=True)
class Shard:
    """Slice ``index`` (from 1) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        found = _FORM.fullmatch(text.strip())
        if found is None:
            raise ShardError(f"--shard {text!r} is not K/N", "write the slice and the number of slices, as 2/3")
        index, count = int(found[1]), int(found[2])
        if count < 1 or not 1 <= index <= count:
            first = f"1/{max(count, 1)}"
            raise ShardError(f"--shard {text}: there is no slice {index} of {count}", f"K runs from 1 to N, as {first}")
        return cls(index, count)

    def holds(self, slug: str) -> bool:
        """Whether the organisation in ``policies/<slug>/`` is built in this slice."""
        return slice_of(slug, self.count) == self.index

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def slice_of(slug: str, count: int) -> int:
    """The slice (from 1) of ``count`` that builds the organisation ``slug``."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1
