"""Which catalogs were refused, and why: a broken catalog is parsed once per change, yet fails every build.

:mod:`policydocs.catalog_memory` remembers the catalogs found good; a refused one
used to be read and verified again on every build. Its problems are kept here,
in a JSON file beside that memory, keyed like it by the ``.po`` file's size,
modification and change times and inode and by the rules' version, so that an
unchanged broken catalog costs one ``stat`` and its warnings are said again, each
with its file and line, on every build until the file is fixed (then its stat
changes and it is verified afresh).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from policydocs.catalog_files import write_atomically
from policydocs.catalog_memory import RULES_VERSION, Stat
from policydocs.model import Location, Problem

Stored = list[object]  # [stat of the .po, [[path, line, message, fix], ...]]


class RefusedCatalogs:
    """A memory of refused catalogs: for each ``.po`` path, its stat and the problems found in it."""

    def __init__(self, path: Path | None, variant: object = None) -> None:
        self.path = path
        self.salt = [RULES_VERSION, variant]
        self.before: dict[str, Stored] = {}
        if path is not None:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = None
            if (
                isinstance(stored, dict)
                and stored.get("rules") == self.salt
                and isinstance(stored.get("refused"), dict)
            ):
                self.before = stored["refused"]
        self.now: dict[str, Stored] = {}

    def problems(self, key: Path, stat: Stat) -> list[Problem] | None:
        """The problems ``key`` was refused for with exactly this stat, or None if it must be verified."""
        stored = self.before.get(str(key))
        if stat is None or not isinstance(stored, list) or len(stored) != 2 or stored[0] != stat:
            return None
        try:
            found = [
                Problem(Location(Path(path), int(line)), str(message), str(fix))
                for path, line, message, fix in stored[1]
            ]  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return None  # not what this version writes
        self.now[str(key)] = stored
        return found

    def remember(self, key: Path, stat: Stat, problems: list[Problem]) -> None:
        rows = [[str(p.location.path), p.location.line, p.message, p.fix] for p in problems]
        self.now[str(key)] = [stat, rows]

    def save(self) -> None:
        """Keep what is refused now (a fixed or removed catalog is forgotten), if anything changed."""
        if self.path is None or self.now == self.before:
            return
        with contextlib.suppress(OSError):  # a memory that cannot be kept only costs time
            data = json.dumps({"rules": self.salt, "refused": self.now}, sort_keys=True).encode()
            write_atomically(self.path, data)
