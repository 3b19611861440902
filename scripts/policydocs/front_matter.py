"""Reading one source file faithfully: its bytes, encoding, byte-order mark, line endings and YAML front matter.

Whatever a file holds, reading it never raises: a directory where a file belongs,
a link, a file that cannot be opened, bytes that are not UTF-8, YAML that does not
parse or repeats a key all become a :class:`~policydocs.model.Problem` naming the
file, the line and the fix. A byte-order mark or CR line endings are not refused
here but recorded on the :class:`FrontMatter` (:func:`format_problem` turns them
into a problem), because a frozen revision with them must be reported by the
verifier, which can tell whether they are its only difference from the lock.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policydocs.model import Location, Problem

BOM = b"\xef\xbb\xbf"

# libyaml's safe loader when PyYAML has it (7x faster: a site reads thousands of front matters).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_DATE_LIKE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, by libyaml's loader when PyYAML has it."""
    return yaml.load(text, Loader=_SAFE_LOADER)


@dataclass(frozen=True)
class FrontMatter:
    """A file's YAML front matter and where each of its lines is."""

    path: Path
    data: dict[str, Any]
    lines: tuple[str, ...]  # the file's lines (without a BOM, whatever its line endings), for locating
    digest: str = ""  # SHA-256 of the file's bytes
    flaws: str = ""  # what keeps the bytes from being plain UTF-8 with LF endings ("" if nothing)
    flaw_line: int = 1
    clean_digest: str = ""  # SHA-256 of the bytes without those flaws ("" if there are none)
    key_lines: dict[tuple[str, ...], int] = field(default_factory=dict, compare=False)  # key path → line

    def line_of(self, key: str) -> int:
        """The 1-based line where ``key:`` is written (at any depth), or 1 if it is absent."""
        found = [line for path, line in self.key_lines.items() if path[-1] == key]
        return min(found) if found else 1

    def line(self, *path: str) -> int:
        """The line of the key at ``path`` (e.g. ``("policy", "summary")``), else of its nearest parent."""
        for depth in range(len(path), 0, -1):
            if path[:depth] in self.key_lines:
                return self.key_lines[path[:depth]]
        return 1

    def at(self, *path: str) -> Location:
        return Location(self.path, self.line(*path) if len(path) > 1 else self.line_of(path[0]))

    def title(self) -> str | None:
        fence = False
        for line in self.lines[self._body_start() :]:
            if line.startswith(("```", ":::")):
                fence = not fence
            match = None if fence else _H1.match(line)
            if match:
                return match.group(1)
        return None

    def _body_start(self) -> int:
        if self.lines and self.lines[0].strip() == "---":
            for index, line in enumerate(self.lines[1:], start=1):
                if line.strip() == "---":
                    return index + 1
        return 0


def read_bytes(path: Path, what: str = "a file") -> bytes | Problem:
    """The bytes of the regular file ``path``, never following a link; else the problem (and no build reads it)."""

    def refused(message: str, fix: str = f"it must be {what}: replace it with the file itself") -> Problem:
        return Problem(Location(path, 0), message, fix, keep_out=True)

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except PermissionError:
        return refused("cannot be read (permission denied)", "make it readable (chmod a+r)")
    except FileNotFoundError:
        return refused("is missing", "restore it from version control")
    except OSError as error:
        return refused("is a symbolic link") if error.errno == errno.ELOOP else refused(f"cannot be read ({error})")
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            return refused(f"is a directory where {what} belongs", "remove or rename the directory")
        if not stat.S_ISREG(mode):
            return refused(f"is not a regular file where {what} belongs")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as error:
        return refused(f"cannot be read ({error.strerror})", "check the file")
    finally:
        os.close(descriptor)


# Characters a text may not hold: C0 controls but tab, LF and CR (CR is said as a line ending), and DEL.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _flaws(raw: bytes) -> tuple[str, int]:
    """What keeps ``raw`` from being UTF-8 without BOM and with LF endings, and the line where it shows."""
    found, lines = [], []
    if raw.startswith(BOM):
        found.append("starts with a byte-order mark (BOM)")
        lines.append(1)
    crlf, cr = raw.find(b"\r\n"), re.search(rb"\r(?!\n)", raw)
    if crlf >= 0:
        lines.append(_line_at(raw, crlf))
        found.append(f"has Windows (CRLF) line endings (the first at line {lines[-1]})")
    if cr is not None:
        lines.append(_line_at(raw, cr.start()))
        found.append(f"has a lone carriage return (CR) as a line ending at line {lines[-1]}")
    return " and ".join(found), min(lines, default=1)


def clean(raw: bytes) -> bytes:
    """``raw`` without a byte-order mark and with LF line endings."""
    return raw.removeprefix(BOM).replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def format_problem(fm: FrontMatter, frozen: bool = False) -> Problem | None:
    """A BOM or CR line endings, as a problem with the fix (for a text an editor saves)."""
    if not fm.flaws:
        return None
    if frozen:
        fix = f"a frozen revision is never edited: restore it with `git checkout -- {fm.path}`"
    else:
        fix = "save it as UTF-8 without BOM, with LF (Unix) line endings; the repository's .gitattributes keeps "
        fix += "checkouts LF (after changing git settings: `git add --renormalize .`)"
    return Problem(Location(fm.path, fm.flaw_line), fm.flaws, fix)


def read_front_matter(path: Path, what: str = "a file") -> tuple[FrontMatter | None, Problem | None]:
    """Parse ``path``'s front matter; a file without any has an empty mapping."""
    raw = read_bytes(path, what)
    if isinstance(raw, Problem):
        return None, raw
    digest = hashlib.sha256(raw).hexdigest()  # read once: verifying a revision needs its hash
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(raw, error.start)
        return None, Problem(
            Location(path, line),
            f"is not UTF-8 (byte 0x{raw[error.start]:02x} at line {line})",
            "save it as UTF-8 (without BOM)",
            keep_out=True,
        )
    control = _CONTROL.search(raw)
    if control is not None:
        line = _line_at(raw, control.start())
        return None, Problem(
            Location(path, line),
            f"has the control character U+{ord(control.group()):04X} at line {line}, which no page can show",
            "remove it (an editor or a copy from another program put it there)",
            keep_out=True,
        )
    flaws, flaw_line = _flaws(raw)
    cleaned = clean(raw) if flaws else raw
    lines = tuple(cleaned.decode("utf-8").split("\n"))
    lines = lines[:-1] if lines and lines[-1] == "" else lines
    fm = FrontMatter(path, {}, lines, digest, flaws, flaw_line, hashlib.sha256(cleaned).hexdigest() if flaws else "")
    if not lines or lines[0].strip() != "---":
        return fm, None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), None)
    if end is None:
        return None, Problem(Location(path, 1), "front matter is not closed", "end it with a line '---'")
    data, key_lines, problem = _parse_yaml(path, lines, end)
    if problem is not None:
        return None, problem
    return FrontMatter(path, data, lines, digest, flaws, flaw_line, fm.clean_digest, key_lines), None


def _parse_yaml(path: Path, lines: tuple[str, ...], end: int) -> tuple[dict[str, Any], dict, Problem | None]:
    loader = _SAFE_LOADER("\n".join(lines[1:end]))
    try:
        node = loader.get_single_node()
        key_lines: dict[tuple[str, ...], int] = {}
        duplicate = _key_lines(node, (), key_lines)
        if duplicate is not None:
            key, line = duplicate
            return (
                {},
                {},
                Problem(
                    Location(path, line),
                    f"front matter has the key '{key}' twice",
                    "keep one of them (YAML keeps the last)",
                ),
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or "invalid YAML"
        return (
            {},
            {},
            Problem(Location(path, line), f"front matter is not valid YAML: {reason}", "correct the YAML syntax"),
        )
    except (ValueError, OverflowError) as error:
        # YAML reads 2014-13-45 as a date and fails on it, without a position.
        line = next((n for n, text in enumerate(lines[:end], start=1) if _is_invalid_date(text)), 2)
        return (
            {},
            {},
            Problem(
                Location(path, line),
                f"front matter has an impossible date ({error})",
                "write a real date as YYYY-MM-DD",
            ),
        )
    except RecursionError:
        return {}, {}, Problem(Location(path, 2), "front matter is nested too deeply", "write it as 'key: value' lines")
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, {}, Problem(Location(path, 2), "front matter is not a mapping", "write it as 'key: value' lines")
    return data, key_lines, None


def _key_lines(node: Any, path: tuple[str, ...], found: dict[tuple[str, ...], int]) -> tuple[str, int] | None:
    """Record the line of every mapping key under ``node`` (3 levels deep); return a repeated key, if any."""
    if not isinstance(node, yaml.MappingNode) or len(path) >= 3:
        return None
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        if key in seen:
            return ".".join((*path, key)), line
        seen.add(key)
        found.setdefault((*path, key), line)
        repeated = _key_lines(value_node, (*path, key), found)
        if repeated is not None:
            return repeated
    return None


def _is_invalid_date(text: str) -> bool:
    match = _DATE_LIKE.search(text)
    if match is None:
        return False
    try:
        dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return True
    return False
