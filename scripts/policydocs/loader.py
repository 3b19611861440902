"""Read organisations and policies from ``policies/`` into :mod:`policydocs.model`.

This is the one place that parses front matter. Bad input never raises: each
fault becomes a :class:`~policydocs.model.Problem` naming the file, the line and
the fix, and the faulty entry is left out of the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from policydocs.model import (
    UNDATED,
    BodyKind,
    Location,
    Organisation,
    Policy,
    PolicyKind,
    Problem,
    Revision,
    Site,
)
from policydocs.site_cache import SiteCache

POLICIES_DIR = "policies"
ORGANISATION_PAGE = "index.md"
UNKNOWN_DATE = "unknown"

# libyaml's safe loader when PyYAML has it (7x faster: a site reads thousands of front matters).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class FrontMatter:
    """A file's YAML front matter and where each of its lines is."""

    path: Path
    data: dict[str, Any]
    lines: tuple[str, ...]  # the file's lines, for locating keys and the title
    digest: str = ""  # SHA-256 of the file's bytes

    def line_of(self, key: str) -> int:
        """The 1-based line where ``key:`` is written, or 1 if it is absent."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
        for number, line in enumerate(self.lines, start=1):
            if line.strip() == "---" and number > 1:
                break
            if pattern.match(line):
                return number
        return 1

    def at(self, key: str) -> Location:
        return Location(self.path, self.line_of(key))

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


def read_front_matter(path: Path) -> tuple[FrontMatter | None, Problem | None]:
    """Parse ``path``'s front matter; a file without any has an empty mapping."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()  # read once: verifying a revision needs its hash
    lines = tuple(raw.decode("utf-8").splitlines())
    if not lines or lines[0].strip() != "---":
        return FrontMatter(path, {}, lines, digest), None
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        return None, Problem(Location(path, 1), "front matter is not closed", "end it with a line '---'")
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=_SAFE_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or "invalid YAML"
        return None, Problem(
            Location(path, line), f"front matter is not valid YAML: {reason}", "correct the YAML syntax"
        )
    except ValueError as error:
        # YAML reads 2014-13-45 as a date and fails on it, without a position.
        line = next((n for n, text in enumerate(lines[:end], start=1) if _is_invalid_date(text)), 2)
        return None, Problem(
            Location(path, line), f"front matter has an impossible date ({error})", "write a real date as YYYY-MM-DD"
        )
    if not isinstance(data, dict):
        return None, Problem(Location(path, 2), "front matter is not a mapping", "write it as 'key: value' lines")
    return FrontMatter(path, data, lines, digest), None


_DATE_LIKE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _is_invalid_date(text: str) -> bool:
    match = _DATE_LIKE.search(text)
    if match is None:
        return False
    try:
        dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return True
    return False


def _mapping(fm: FrontMatter, key: str, problems: list[Problem]) -> dict[str, Any] | None:
    value = fm.data.get(key)
    if isinstance(value, dict):
        return value
    problems.append(
        Problem(
            fm.at(key),
            f"front matter has no '{key}:' mapping" if value is None else f"'{key}:' must be a mapping",
            f"see docs/editing.md for the '{key}:' keys",
        )
    )
    return None


def _front_matter_section(path: Path, key: str, problems: list[Problem]) -> tuple[FrontMatter, dict[str, Any]] | None:
    """``path``'s front matter and its ``key:`` mapping, or None with the problem recorded."""
    fm, problem = read_front_matter(path)
    if fm is None:
        problems.append(problem or Problem(Location(path, 1), "unreadable front matter", "check the file"))
        return None
    section = _mapping(fm, key, problems)
    return None if section is None else (fm, section)


def _text(fm: FrontMatter, section: dict[str, Any], key: str, problems: list[Problem]) -> str | None:
    value = section.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(Problem(fm.at(key), f"'{key}' is missing or empty", f"give '{key}:' a text value"))
    return None


def parse_effective(value: object) -> tuple[dt.date | None, bool]:
    """Read an ``effective:`` value: a date, or ``unknown``. Returns (date, valid)."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, str):
        if value.strip() == UNKNOWN_DATE:
            return None, True
        try:
            return dt.date.fromisoformat(value.strip()), True
        except ValueError:
            pass
    return None, False


def load_organisation(srcdir: Path, directory: Path, problems: list[Problem]) -> Organisation | None:
    """Load one organisation directory and the policies in it."""
    page = directory / ORGANISATION_PAGE
    if not page.is_file():
        problems.append(
            Problem(
                Location(directory, 0),
                "organisation directory has no index.md",
                "add an organisation page (copy one from another organisation)",
            )
        )
        return None
    found = _front_matter_section(page, "organisation", problems)
    if found is None:
        return None
    fm, section = found
    name = _text(fm, section, "name", problems)
    name_en = _text(fm, section, "name_en", problems)
    body_value = section.get("body")
    try:
        body = BodyKind(body_value)
    except ValueError:
        choices = ", ".join(kind.value for kind in BodyKind)
        problems.append(Problem(fm.at("body"), f"unknown kind of body {body_value!r}", f"use one of: {choices}"))
        return None
    if name is None or name_en is None:
        return None
    policies = tuple(
        policy
        for path in sorted(directory.glob("*.md"))
        if path.name != ORGANISATION_PAGE
        and (policy := load_policy(srcdir, directory.name, path, problems)) is not None
    )
    return Organisation(
        fictional=section.get("fictional") is True,
        slug=directory.name,
        docname=_docname(srcdir, page),
        path=page,
        name=name,
        name_en=name_en,
        body=body,
        policies=policies,
    )


def load_policy(srcdir: Path, slug: str, path: Path, problems: list[Problem]) -> Policy | None:
    """Load one policy's current text (its front matter and title)."""
    found = _front_matter_section(path, "policy", problems)
    if found is None:
        return None
    fm, section = found
    ok = True
    if section.get("organisation") != slug:
        problems.append(
            Problem(
                fm.at("organisation"),
                f"'organisation: {section.get('organisation')}' does not match the directory '{slug}'",
                f"write 'organisation: {slug}'",
            )
        )
        ok = False
    try:
        kind = PolicyKind(section.get("kind"))
    except ValueError:
        choices = ", ".join(k.value for k in PolicyKind)
        problems.append(
            Problem(fm.at("kind"), f"unknown policy kind {section.get('kind')!r}", f"use one of: {choices}")
        )
        return None
    if path.stem != kind.value:
        problems.append(
            Problem(
                fm.at("kind"),
                f"a '{kind.value}' policy must be in {kind.value}.md, not {path.name}",
                f"rename the file to {kind.value}.md",
            )
        )
        ok = False
    effective, valid = parse_effective(section.get("effective"))
    if not valid:
        problems.append(
            Problem(
                fm.at("effective"),
                f"'effective: {section.get('effective')}' is neither a date nor '{UNKNOWN_DATE}'",
                "write the date the text states as YYYY-MM-DD, or 'unknown' if it states none",
            )
        )
        ok = False
    title = fm.title()
    if title is None:
        problems.append(
            Problem(Location(path, len(fm.lines) or 1), "the policy has no '# ' title", "add one H1 heading")
        )
        ok = False
    if not ok:
        return None
    assert title is not None
    stated = section.get("date_as_stated")
    announced = _optional_date(fm, section, "announced", problems)
    policy = Policy(
        organisation=slug,
        kind=kind,
        docname=_docname(srcdir, path),
        path=path,
        title=title,
        effective=effective,
        date_as_stated=str(stated) if stated is not None else None,
        source=section.get("source"),
        announced=announced,
        summary=_optional_text(section, "summary"),
        digest=fm.digest,
    )
    lock = read_lock(policy.lock_path, problems)
    return replace(
        policy,
        revisions=load_revisions(srcdir, policy, lock, problems),
        locked=tuple((name, entry.line) for name, entry in lock.items()),
    )


def _optional_date(fm: FrontMatter, section: dict[str, Any], key: str, problems: list[Problem]) -> dt.date | None:
    if section.get(key) is None:
        return None
    value, valid = parse_effective(section.get(key))
    if not valid or value is None:
        problems.append(Problem(fm.at(key), f"'{key}: {section.get(key)}' is not a date", "write it as YYYY-MM-DD"))
    return value if valid else None


def _optional_text(section: dict[str, Any], key: str) -> str | None:
    value = section.get(key)
    return str(value).strip() if value is not None and str(value).strip() else None


@dataclass(frozen=True)
class LockEntry:
    """One revision's line in a lock file."""

    sha256: str
    frozen: dt.date | None
    line: int


LOCK_ENTRY = re.compile(r"^\s*file\s*=")


def read_lock(path: Path, problems: list[Problem]) -> dict[str, LockEntry]:
    """The revisions a lock file records, by file name; none if there is no lock file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return _parse_lock(path, text, problems)


def _parse_lock(path: Path, text: str, problems: list[Problem]) -> dict[str, LockEntry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        problems.append(
            Problem(
                Location(path, int(match.group(1)) if match else 1),
                f"the lock file is not valid TOML: {error}",
                "restore it from version control; it is written only by `policydocs snapshot`",
            )
        )
        return {}
    entry_lines = [n for n, line in enumerate(text.splitlines(), start=1) if LOCK_ENTRY.match(line)]
    entries = {}
    for index, entry in enumerate(data.get("revision", [])):
        frozen, _valid = parse_effective(entry.get("frozen"))
        line = entry_lines[index] if index < len(entry_lines) else 1
        entries[str(entry.get("file"))] = LockEntry(str(entry.get("sha256", "")), frozen, line)
    return entries


def load_revisions(
    srcdir: Path, policy: Policy, lock: dict[str, LockEntry], problems: list[Problem]
) -> tuple[Revision, ...]:
    """The frozen revisions in ``policies/<org>/<kind>/``, oldest first, with what ``lock`` records of each."""
    archive = policy.archive_dir
    if not archive.is_dir():
        return ()
    revisions = []
    for path in sorted(archive.glob("*.md")):
        key = path.stem
        if key != UNDATED and not _is_iso_date(key):
            problems.append(
                Problem(
                    Location(path, 1),
                    f"a revision file must be named YYYY-MM-DD.md or {UNDATED}.md, not {path.name}",
                    "freeze revisions with `policydocs snapshot`",
                )
            )
            continue
        fm, problem = read_front_matter(path)
        section = fm.data.get("policy") if fm is not None else None
        if fm is None or not isinstance(section, dict):
            problems.append(problem or Problem(Location(path, 1), "the revision has no 'policy:' front matter", ""))
            continue
        effective, _valid = parse_effective(section.get("effective"))
        announced, _valid = parse_effective(section.get("announced"))
        entry = lock.get(path.name)
        revisions.append(
            Revision(
                key=key,
                docname=_docname(srcdir, path),
                path=path,
                effective=effective,
                announced=announced,
                summary=_optional_text(section, "summary"),
                sha256=entry.sha256 if entry else None,
                digest=fm.digest,
                frozen=entry.frozen if entry else None,
            )
        )
    return tuple(sorted(revisions, key=lambda r: r.sort_key))


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def load_site(srcdir: Path, cache_dir: Path | None = None) -> Site:
    """Load every organisation under ``srcdir/policies``.

    With ``cache_dir``, an organisation none of whose files changed since the last run
    (:mod:`policydocs.site_cache`) is taken from there instead of being parsed again.
    """
    problems: list[Problem] = []
    root = srcdir / POLICIES_DIR
    directories = (
        sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))) if root.is_dir() else []
    )
    memory = SiteCache.open(cache_dir)
    organisations = []
    for directory in directories:
        org, found = memory.organisation(directory, functools.partial(load_organisation, srcdir, directory))
        problems += found
        if org is not None:
            organisations.append(org)
    memory.keep_only(directories)
    memory.save()
    return Site(tuple(organisations), tuple(problems))


def _docname(srcdir: Path, path: Path) -> str:
    return path.relative_to(srcdir).with_suffix("").as_posix()
