"""Woken when a source may have changed, instead of looking at every source again and again.

``policydocs preview`` compares snapshots of the sources (:func:`policydocs.preview.sources`):
at 5,000 documents a look stats 15,000 files (0.1 s), so it looked every 0.4 s to keep
watching under a fifth of a core, and an editor's save waited 0.2 s on average before it was
even seen, then a look, then the rebuild. Where Linux's inotify can be reached (through the C
library, no package), the preview instead sleeps until the kernel says something changed in
one of the watched directories, then looks once, after the editor has finished saving.

The snapshot stays the one judge of what changed: an event only wakes the preview, so an
event for a file the preview ignores (a compiled catalog the build wrote) costs one look and
no rebuild. Where inotify is missing, full (``fs.inotify.max_user_watches``), or overflows,
the preview looks on a timer as before; and it looks every few seconds anyway, for file
systems that send no events (a network share).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import sys
from collections.abc import Iterable

# From <sys/inotify.h>: what happens to a file in a watched directory, and the directory itself.
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x002, 0x004, 0x008
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x040, 0x080, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF, _IN_IGNORED = 0x400, 0x800, 0x8000
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows
_MASK = (
    _IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO
    | _IN_CREATE | _IN_DELETE | _IN_DELETE_SELF | _IN_MOVE_SELF
)


class SourceWatch:
    """An inotify instance watching directories, or nothing where inotify cannot be had."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.watched: set[str] = set()
        self._libc: ctypes.CDLL | None = None
        if not sys.platform.startswith("linux"):
            return
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
            fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        except (OSError, AttributeError):
            return
        if fd >= 0:
            self.fd, self._libc = fd, libc

    @property
    def active(self) -> bool:
        return self.fd is not None

    def watch(self, directories: Iterable[str]) -> None:
        """Watch each directory not watched yet; give up on inotify (and poll) if one cannot be."""
        if self.fd is None or self._libc is None:
            return
        for directory in directories:
            if directory in self.watched:
                continue
            if self._libc.inotify_add_watch(self.fd, os.fsencode(directory), _MASK) < 0:
                if ctypes.get_errno() in (2, 20):  # ENOENT, ENOTDIR: gone since it was seen
                    continue
                self.close()  # ENOSPC (the limit of watches) or worse: fall back to looking on a timer
                return
            self.watched.add(directory)

    def wait(self, timeout: float) -> bool:
        """Sleep until something changes in a watched directory (True) or ``timeout`` passes (False)."""
        if self.fd is None:
            return False
        waiting = select.poll()  # not select(): it fails for a descriptor numbered 1024 or more
        waiting.register(self.fd, select.POLLIN)
        if not waiting.poll(timeout * 1000):
            return False
        self._drain()
        return True

    def _drain(self) -> None:
        """Read every pending event. They only wake (an overflow lost some: the look sees all anyway),
        except that a watched directory removed or moved is no longer watched: every directory is
        watched again at the next :meth:`watch` (one that exists is given its existing watch)."""
        assert self.fd is not None
        while True:
            try:
                events = os.read(self.fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                self.close()
                return
            if not events:
                return
            offset = 0
            while offset + _EVENT.size <= len(events):
                _wd, mask, _cookie, length = _EVENT.unpack_from(events, offset)
                offset += _EVENT.size + length
                if mask & (_IN_IGNORED | _IN_DELETE_SELF | _IN_MOVE_SELF):
                    self.watched = set()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
        self.fd, self.watched = None, set()
