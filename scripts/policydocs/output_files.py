"""Files a build writes into its output, written only when their bytes change.

Publishing (:mod:`policydocs.publishing`) knows an unchanged file by its size and
modification time, and links it instead of copying it; a file written again with the
same bytes looks changed. So whatever a build writes on every run (search shards,
feeds) goes through here.
"""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` (its directory made if need be) unless it already holds it; whether it wrote."""
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True
