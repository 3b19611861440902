"""The loader's memory: organisations already read, kept between runs.

Loading a large site is mostly parsing front matter and lock files that did not
change since the last run: a group with a thousand subsidiaries has thousands
of frozen revisions, and every ``check`` and every build reads them all. This
module keeps each organisation as the loader made it, with the problems found
on the way, keyed by what every file under its directory looks like to the file
system (name, size, modification and change times, inode). Any write to any of
those files, a file added or removed, changes the key, so the organisation is
read afresh; nothing stale is ever served. The change time cannot be set back
by hand, unlike the modification time. As in git's index, a directory with a
file written in the last two seconds is not remembered: a second write within
the file system's clock tick could leave its times as they were.

The memory is one file per version of the loader's code, replaced atomically,
so two builds writing at once leave one whole memory, never a torn one. A
memory that cannot be read or written only makes the run slower.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from policydocs.cache_files import CacheFile, fingerprint
from policydocs.model import Organisation, Problem

# The modules whose code decides what the loader makes of a directory.
_CODE = (
    "loader.py",
    "front_matter.py",
    "schema.py",
    "locks.py",
    "source_tree.py",
    "model.py",
    "site_cache.py",
)

Signature = tuple[tuple[str, int, int, int, int], ...]
Entry = tuple[Signature, Organisation | None, tuple[Problem, ...]]


def signature(directory: Path) -> Signature:
    """What every file under ``directory`` looks like to the file system, in a stable order."""
    found = []
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                        continue
                    # A link is described, never followed: it may loop or lead anywhere.
                    stat = entry.stat(follow_symlinks=False)
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
        except OSError:
            # Unreadable: the loader reports it; a time no file has keeps it from being remembered.
            found.append((str(current), -1, time.time_ns(), time.time_ns(), -1))
    return tuple(sorted(found))


def _racy(now: Signature, seconds: float) -> bool:
    """Whether a file was written so recently that another write could leave its times unchanged."""
    recent = time.time_ns() - int(seconds * 1e9)
    return any(max(mtime, ctime) > recent for _path, _size, mtime, ctime, _inode in now)


class SiteCache(CacheFile[str, Entry]):
    """Organisations by directory, in one file per version of the loader."""

    racy_seconds: ClassVar[float] = 2.0  # files younger than this leave their directory unremembered

    @classmethod
    def open(cls, directory: Path | None) -> SiteCache:
        """The memory in ``directory``; without a directory, one that remembers nothing."""
        return cls.at(directory / f"site-{fingerprint(_CODE)}.pickle" if directory is not None else None)

    def organisation(
        self, directory: Path, load: Callable[[list[Problem]], Organisation | None]
    ) -> tuple[Organisation | None, tuple[Problem, ...]]:
        """The organisation in ``directory`` and the problems loading it found: remembered if no file
        under it changed, else from ``load`` (which appends the problems it finds to its argument)."""
        now = signature(directory) if self.path is not None else ()
        entry = self.entries.get(str(directory))
        if entry is not None and entry[0] == now:
            return entry[1], entry[2]
        found: list[Problem] = []
        organisation = load(found)
        if not _racy(now, self.racy_seconds):
            self.remember(str(directory), (now, organisation, tuple(found)))
        return organisation, tuple(found)

    def keep_only(self, directories: list[Path]) -> None:
        """Forget organisations whose directories are gone, so the memory does not grow forever."""
        wanted = {str(directory) for directory in directories}
        for gone in [key for key in self.entries if key not in wanted]:
            self.forget(gone)

    def save(self, stale: str = "site-*.pickle") -> None:
        """Write the memory if it learnt something; one that cannot be written is only a slower next run."""
        super().save(stale)
