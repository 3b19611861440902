"""Which catalogs were found good, by the stat of their files: a catalog is checked once per change.

Checking a catalog costs about 1.5 ms (reading, PO syntax, markup of every
message); a site of thousands of catalogs checks them on every build. What was
found good is kept in a small JSON file under the build directory, keyed by
each file's size, modification and change times and inode (a rewrite changes
the change time even when size and modification time are kept), and by the
version of the rules, so a change of the rules checks everything again.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from policydocs.cache_files import Stat, file_stat
from policydocs.catalog_files import write_atomically

__all__ = ["CheckedCatalogs", "Stat", "file_stat"]

# Raise when what catalog_problems.verify() refuses changes: earlier verdicts no longer hold.
RULES_VERSION = 1


class CheckedCatalogs:
    """A memory of good catalogs: for each ``.po`` path, the stats of the files it was judged with."""

    def __init__(self, path: Path | None, variant: object = None) -> None:
        self.path = path
        self.salt = [RULES_VERSION, variant]
        self.before: dict[str, list[Stat]] = {}
        if path is not None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = None
            if isinstance(stored, dict) and stored.get("rules") == self.salt and isinstance(stored.get("good"), dict):
                self.before = stored["good"]
        self.now: dict[str, list[Stat]] = {}

    def known(self, key: Path, stats: list[Stat]) -> bool:
        """Whether ``key`` was found good with exactly these file stats (and remember it for the next time)."""
        if None in stats[:1] or self.before.get(str(key)) != stats:
            return False
        self.now[str(key)] = stats
        return True

    def remember(self, key: Path, stats: list[Stat]) -> None:
        self.now[str(key)] = stats

    def save(self) -> None:
        """Keep what is good now (and forget what is gone or refused), if anything changed."""
        if self.path is None or self.now == self.before:
            return
        with contextlib.suppress(OSError):  # a memory that cannot be kept only costs time
            write_atomically(self.path, json.dumps({"rules": self.salt, "good": self.now}, sort_keys=True).encode())
