"""What status needs of templates and catalogs, read once per change of each file.

``translate status`` needs, for every document, the message ids of its template
and the state (translated, fuzzy, untranslated) of each message of its catalog.
Parsing hundreds of ``.po``/``.pot`` files with babel is most of what status
costs, and between two runs most of them did not change. Each file's reading is
kept in a JSON file beside the templates, keyed by the file's size, modification
and change times and inode (:func:`policydocs.catalog_memory.file_stat`: a
rewrite changes the change time even when size and modification time are kept),
so a file is parsed again exactly when it changed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from sphinx_intl.catalog import load_po

from policydocs.catalog_files import write_atomically
from policydocs.catalog_memory import file_stat
from policydocs.catalog_owners import state_of

T = TypeVar("T")
READER_VERSION = 1  # raise when what a reading keeps changes


def remembered(memory: Path, files: Mapping[str, Path], read: Callable[[Path], T]) -> dict[str, T]:
    """``read(path)`` for each of ``files`` (by key), taken from ``memory`` when the file is unchanged."""
    try:
        stored = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
    valid = isinstance(stored, dict) and stored.get("version") == READER_VERSION
    before = stored.get("files", {}) if valid else {}
    now: dict[str, list[object]] = {}
    result: dict[str, T] = {}
    for key, path in files.items():
        stat = file_stat(path)
        kept = before.get(key)
        if isinstance(kept, list) and len(kept) == 2 and stat is not None and kept[0] == stat:
            value = kept[1]
        else:
            value = read(path)
        now[key] = [stat, value]
        result[key] = value
    if now != before:
        with contextlib.suppress(OSError):  # a memory that cannot be kept only costs time
            data = json.dumps({"version": READER_VERSION, "files": now}, ensure_ascii=False)
            write_atomically(memory, data.encode("utf-8"))
    return result


def message_ids(path: Path) -> list[str]:
    """A template's message ids, in order."""
    return [str(m.id) for m in load_po(str(path)) if m.id]


def message_states(path: Path) -> dict[str, str]:
    """A catalog's messages, each with its state (:func:`policydocs.catalog_owners.state_of`)."""
    return state_of(m for m in load_po(str(path)) if m.id)


def template_ids(pots: Path, documents: set[str], memory: Path) -> dict[str, list[str]]:
    """Each document's message ids, for the templates of ``documents`` under ``pots`` (in their path order)."""
    files = {}
    for pot in sorted(pots.rglob("*.pot")):
        docname = pot.relative_to(pots).with_suffix("").as_posix()
        if docname in documents:
            files[docname] = pot
    return remembered(memory, files, message_ids)


def catalog_states(catalogs: Mapping[str, Path], memory: Path) -> dict[str, dict[str, str]]:
    """Each catalog's message states, by the document it translates."""
    return remembered(memory, catalogs, message_states)
