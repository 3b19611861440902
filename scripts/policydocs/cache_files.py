"""Cache files: read whole or not at all, replaced atomically, never failing a run.

The checker's findings and the loader's organisations are kept between runs in
pickle files under the build directory. A cache is only ever a shortcut: one
that is missing, torn, from another version or not writable makes a run slower,
never wrong and never failed. Each file is written beside its final name and
moved into place, so two builds writing at once leave one whole file.
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PosixPath
from typing import Any, BinaryIO, ClassVar, Generic, Self, TypeVar

Stat = list[int] | None


def file_stat(path: Path) -> Stat:
    """What a file looks like to the file system (size, modification and change times, inode); None if absent.

    Any write changes it, even one that keeps the size and sets the modification time back.
    """
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]


_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError)


def fingerprint(modules: tuple[str, ...], *files: Path) -> str:
    """A short digest of the package's ``modules`` (by file name) and of ``files``: what decides a
    cache's content, so that a new version of either starts a new cache."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in (*files, *(package / name for name in modules)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_cache(path: Path, unpickler: Callable[[BinaryIO], pickle.Unpickler] = pickle.Unpickler) -> dict:
    """The mapping pickled in ``path``; empty if the file is missing or unreadable."""
    try:
        with path.open("rb") as stream:
            data = unpickler(stream).load()
    except _UNREADABLE:
        return {}
    return data if isinstance(data, dict) else {}


class PathPickler(pickle.Pickler):
    """Pickles paths as one string each, which loads twice as fast as their parts."""

    dispatch_table: ClassVar[dict[type, Callable[[Any], tuple[Any, ...]]]] = {
        **copyreg.dispatch_table,
        PosixPath: lambda path: (PosixPath, (str(path),)),
    }

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream, pickle.HIGHEST_PROTOCOL)


def write_cache(
    path: Path, data: dict, pickler: Callable[[BinaryIO], pickle.Pickler] = PathPickler, stale: str = ""
) -> bool:
    """Replace ``path`` with ``data``, then remove the files matching the glob ``stale`` (older versions).

    False if it could not be written (only a slower next run).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickler(stream).dump(data)
        os.replace(temporary, path)
    except OSError:
        return False
    if stale:
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
    return True


K = TypeVar("K")
V = TypeVar("V")


@dataclass
class CacheFile(Generic[K, V]):
    """A mapping kept in one file between runs; without a path, one that remembers nothing."""

    path: Path | None
    entries: dict[K, V] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def at(cls, path: Path | None) -> Self:
        """The cache kept in ``path``: the one this process last read or wrote there while the file is
        as it was then (a long-lived process, the preview, opens the same caches before every rebuild)."""
        if path is None:
            return cls(None, {})
        stat = file_stat(path)  # before reading: a file replaced meanwhile is read again next time
        kept = _RESIDENT.pop(path, None)
        # Only a cache holding just what its file holds: one that learnt something it did not write is read again.
        if kept is not None and stat is not None and kept[0] == stat and type(kept[1]) is cls and not kept[1].changed:
            cache = kept[1]
        else:
            cache = cls(path, read_cache(path))
        _keep(path, stat, cache)
        return cache

    def remember(self, key: K, value: V) -> None:
        if self.path is not None:
            self.entries[key] = value
            self.changed = True

    def forget(self, key: K) -> None:
        if self.entries.pop(key, None) is not None:
            self.changed = True

    def save(self, stale: str = "") -> None:
        """Write the file if it learnt something, removing older ones matching the glob ``stale``."""
        if self.path is not None and self.changed and write_cache(self.path, self.entries, stale=stale):
            self.changed = False  # the file holds all of it now
            _keep(self.path, file_stat(self.path), self)


# The caches this process read or wrote last, by file, with the file's stat then; the most recent few only.
_RESIDENT: dict[Path, tuple[Stat, CacheFile[Any, Any]]] = {}
_RESIDENT_FILES = 8


def _keep(path: Path, stat: Stat, cache: CacheFile[Any, Any]) -> None:
    _RESIDENT.pop(path, None)
    _RESIDENT[path] = (stat, cache)
    while len(_RESIDENT) > _RESIDENT_FILES:
        del _RESIDENT[next(iter(_RESIDENT))]
