"""The directory where one run's language builds share their parses (:mod:`policydocs.sphinxext.shared_parses`).

Each run of ``policydocs build`` (or each preview rebuild) gets a directory of its
own under the build directory, named by its process, and removes it when its
builds end: two runs into one build directory never read each other's parses,
and a kept parse never outlives the sources it was made from. A run that was
killed leaves its directory behind; the next run removes those whose process is
gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_PREFIX = "parses-"


def _gone(directory: Path) -> bool:
    # parses-<pid>-<random>: left by a process that no longer runs.
    try:
        pid = int(directory.name.split("-")[1])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return True
    except PermissionError:  # another user's process: still running
        return False
    return False


@contextlib.contextmanager
def shared_parses(build_dir: Path, languages: int) -> Iterator[Path | None]:
    """A new directory for this run's parses while the block runs; None for a single language (nothing to share)."""
    if languages < 2:
        yield None
        return
    with contextlib.suppress(OSError):
        for left in build_dir.glob(_PREFIX + "*"):
            if _gone(left):
                shutil.rmtree(left, ignore_errors=True)
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        directory = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=build_dir))
    except OSError:  # a full disk or a read-only build directory: the builds parse for themselves
        yield None
        return
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
