"""Reading a policy's ``revisions.lock``: the shape ``policydocs snapshot`` writes, and nothing else.

A lock is TOML: an array of tables ``[[revision]]``, each with ``file`` (a revision
file name, ``YYYY-MM-DD.md`` or ``undated.md``), ``sha256`` (64 lower-case hex
digits) and ``frozen`` (the day it was frozen). Anything else is reported against
the lock's own line, so that a damaged lock is never mistaken for a changed
revision: an entry whose hash is malformed (or all zeros, which no file has) is
kept as "recorded, hash unusable" and the verifier says nothing more about it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.front_matter import BOM, read_bytes
from policydocs.model import Location, LockStatus, Problem
from policydocs.schema import implausible, parse_effective, revision_key

_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_HEADER = re.compile(r"^\s*\[\[\s*revision\s*\]\]")
_ENTRY_KEYS = ("file", "sha256", "frozen")


@dataclass(frozen=True)
class LockEntry:
    """One revision's entry in a lock file."""

    sha256: str | None  # None: the entry's hash is malformed (reported against the lock)
    frozen: dt.date | None
    line: int


@dataclass(frozen=True)
class Lock:
    """What a lock file records, by revision file name."""

    status: LockStatus
    entries: dict[str, LockEntry] = field(default_factory=dict)


def _fix(path: Path) -> str:
    return f"restore it with `git checkout -- {path}`; only `policydocs snapshot` writes it"


def read_lock(path: Path, problems: list[Problem]) -> Lock:
    """The revisions the lock at ``path`` records; problems in it are appended to ``problems``."""
    if not path.exists() and not path.is_symlink():
        return Lock(LockStatus.MISSING)
    raw = read_bytes(path, "the lock file")
    if isinstance(raw, Problem):
        problems.append(raw)
        return Lock(LockStatus.UNREADABLE)
    try:
        text = raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.append(Problem(Location(path, line), f"the lock file is not UTF-8 (at line {line})", _fix(path)))
        return Lock(LockStatus.UNREADABLE)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        problems.append(
            Problem(
                Location(path, int(match.group(1)) if match else 1),
                f"the lock file is not valid TOML: {error}",
                _fix(path),
            )
        )
        return Lock(LockStatus.UNREADABLE)
    return _entries(path, text, data, problems)


def _entries(path: Path, text: str, data: dict, problems: list[Problem]) -> Lock:
    lines = text.splitlines()
    for key in data:
        if key != "revision":
            problems.append(
                Problem(Location(path, _key_line(lines, key, 0, len(lines))), f"unknown key '{key}'", _fix(path))
            )
    records = data.get("revision", [])
    if not isinstance(records, list) or not all(isinstance(entry, dict) for entry in records):
        line = _key_line(lines, "revision", 0, len(lines))
        problems.append(
            Problem(Location(path, line), "'revision' must be an array of tables ([[revision]] entries)", _fix(path))
        )
        return Lock(LockStatus.UNREADABLE)
    headers = [n for n, line in enumerate(lines) if _HEADER.match(line)]
    entries: dict[str, LockEntry] = {}
    for index, record in enumerate(records):
        start = headers[index] if index < len(headers) else 0
        end = headers[index + 1] if index + 1 < len(headers) else len(lines)

        def at(key: str, start: int = start, end: int = end) -> Location:
            return Location(path, _key_line(lines, key, start, end))

        found = _entry(path, record, at, problems)
        if found is None:
            continue
        name, entry = found
        if name in entries:
            problems.append(
                Problem(at("file"), f"the lock records {name} twice (first at line {entries[name].line})", _fix(path))
            )
            continue
        entries[name] = entry
    return Lock(LockStatus.RECORDED, entries)


def _entry(
    path: Path, record: dict, at: Callable[[str], Location], problems: list[Problem]
) -> tuple[str, LockEntry] | None:
    """One ``[[revision]]`` table as (file name, entry); None if it names no revision file."""
    for key in record:
        if key not in _ENTRY_KEYS:
            problems.append(Problem(at(key), f"unknown key '{key}' in a [[revision]] entry", _fix(path)))
    name = record.get("file")
    if not isinstance(name, str) or not name.endswith(".md") or not revision_key(name[:-3]):
        shown = f"'file = {name!r}'" if name is not None else "an entry without 'file'"
        message = f"{shown} does not name a revision file (YYYY-MM-DD.md or undated.md)"
        problems.append(Problem(at("file"), message, _fix(path)))
        return None
    sha256 = record.get("sha256")
    if not isinstance(sha256, str) or not _SHA256.match(sha256) or set(sha256) == {"0"}:
        what = (
            "all zeros"
            if isinstance(sha256, str) and sha256 and set(sha256) == {"0"}
            else "not 64 lower-case hex digits"
        )
        problems.append(Problem(at("sha256"), f"the SHA-256 recorded for {name} is {what}", _fix(path)))
        sha256 = None
    frozen, valid = parse_effective(record.get("frozen"))
    if "frozen" in record and (not valid or frozen is None or implausible(frozen)):
        problems.append(Problem(at("frozen"), f"the freezing date of {name} is not a plausible date", _fix(path)))
        frozen = None
    return name, LockEntry(sha256, frozen, at("file").line)


def _key_line(lines: list[str], key: str, start: int, end: int) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    found = next((n for n in range(start, end) if pattern.match(lines[n])), start)
    return found + 1
