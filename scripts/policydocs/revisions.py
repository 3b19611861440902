"""Revisions: freezing, hashing, verifying, and which revision is in force on a date.

A revision is a byte-for-byte copy of a policy's current text, stored as
``policies/<org>/<kind>/<YYYY-MM-DD>.md`` (or ``undated.md``) and recorded with
its SHA-256 in ``policies/<org>/<kind>/revisions.lock``. Nothing here prints;
the CLI and the Sphinx extension report what these functions return.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from policydocs.front_matter import BOM, read_front_matter
from policydocs.model import UNDATED, Location, LockStatus, Policy, Problem, Revision

LOCK_HEADER = """\
# Frozen revisions of this policy, written by `policydocs snapshot`.
# Do not edit: every build and `policydocs check` verify each file against its SHA-256.
"""


class Status(StrEnum):
    """Where a revision stands on a given day."""

    ARCHIVED = "archived"
    IN_FORCE = "in-force"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Timeline:
    """A policy's revisions as they stand on one day."""

    today: dt.date
    revisions: tuple[Revision, ...]  # oldest first
    in_force: Revision | None
    upcoming: tuple[Revision, ...]

    def status(self, revision: Revision) -> Status:
        if revision in self.upcoming:
            return Status.UPCOMING
        return Status.IN_FORCE if revision == self.in_force else Status.ARCHIVED

    def previous(self, revision: Revision) -> Revision | None:
        index = self.revisions.index(revision)
        return self.revisions[index - 1] if index > 0 else None

    def next(self, revision: Revision) -> Revision | None:
        index = self.revisions.index(revision)
        return self.revisions[index + 1] if index + 1 < len(self.revisions) else None

    def ends(self, revision: Revision) -> dt.date | None:
        """The day the revision stopped (or will stop) being in force: the next one's effective date."""
        following = self.next(revision)
        return following.effective if following else None


def timeline(policy: Policy, today: dt.date) -> Timeline:
    """Which of ``policy``'s frozen revisions is in force on ``today``, and which are upcoming."""
    revisions = policy.revisions
    started = [r for r in revisions if r.effective is None or r.effective <= today]
    upcoming = tuple(r for r in revisions if r.effective is not None and r.effective > today)
    return Timeline(today, revisions, started[-1] if started else None, upcoming)


CURRENT = "current"  # the report key of the text in force on the build date (see judged_texts)
BUILD_DATE = "build date"
EFFECTIVE_DATE = "effective date"


@dataclass(frozen=True)
class JudgedText:
    """One text of a policy to check, and the day whose law judges it."""

    key: str  # CURRENT, or the key of a revision (or of a current text not frozen yet)
    path: Path
    digest: str  # SHA-256 as loaded ("" if not known)
    law_date: dt.date
    judged_by: str  # BUILD_DATE or EFFECTIVE_DATE


def judged_texts(policy: Policy, today: dt.date) -> list[JudgedText]:
    """Every text of ``policy`` to check, each with the law that judges it.

    The text in force on ``today`` (key ``current``) is judged by today's law: it must say
    what the law asks now, however long ago it took effect. When the current text is an
    upcoming revision, the text in force is the revision it will replace; the upcoming text
    is judged by the law on its own effective date, the day it must comply from (a policy
    with no text in force yet is "current" by its upcoming text, judged so). Every frozen
    revision is judged by the law on its effective date, archived or upcoming; one that
    states no date, by today's law, there being no other day to take.
    """
    line = timeline(policy, today)
    upcoming = policy.effective is not None and policy.effective > today
    in_force = line.in_force if upcoming else None
    texts = []
    if in_force is not None:
        texts.append(JudgedText(CURRENT, in_force.path, in_force.digest, today, BUILD_DATE))
    elif upcoming:
        assert policy.effective is not None
        texts.append(JudgedText(CURRENT, policy.path, policy.digest, policy.effective, EFFECTIVE_DATE))
    else:
        texts.append(JudgedText(CURRENT, policy.path, policy.digest, today, BUILD_DATE))
    for revision in line.revisions:
        if revision.effective is None:
            texts.append(JudgedText(revision.key, revision.path, revision.digest, today, BUILD_DATE))
        else:
            texts.append(JudgedText(revision.key, revision.path, revision.digest, revision.effective, EFFECTIVE_DATE))
    if in_force is not None and policy.revision(policy.key) is None:
        # An upcoming text not frozen yet: judged all the same, by the law on its own date.
        assert policy.effective is not None
        texts.append(JudgedText(policy.key, policy.path, policy.digest, policy.effective, EFFECTIVE_DATE))
    return texts


def sha256_of(path: Path) -> str:
    stat = path.stat()
    return _sha256_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=65536)
def _sha256_of(path: Path, mtime_ns: int, size: int) -> str:
    # Verifying and checking both hash every text: hash each version of a file once.
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _restore_fix(path: Path) -> str:
    return (
        f"restore it with `git checkout -- {path}`; to publish a new text, "
        "give the current text a new effective date and run `policydocs snapshot`"
    )


def verify(policy: Policy) -> list[Problem]:
    """Check every frozen revision against the lock (as loaded with the policy), and the current
    text against its frozen copy. Each problem blames what is wrong: the revision, or the lock."""
    name = f"{policy.organisation}/{policy.kind.value}"
    problems = _verify_lock(policy, name)
    recorded = {file_name for file_name, _line in policy.locked}
    # Without a usable lock, each revision would only be "not recorded": the lock is what to restore.
    usable = not problems and policy.lock_status is not LockStatus.UNREADABLE
    for revision in policy.revisions if usable else ():
        if revision.sha256 is None:
            if revision.path.name not in recorded:  # else its entry is malformed, reported against the lock
                problems.append(
                    Problem(
                        Location(revision.path, 1),
                        f"revision {revision.key} of {name} is not recorded in {policy.lock_path.name}",
                        "freeze revisions only with `policydocs snapshot`; remove a file that was copied by hand",
                    )
                )
        elif (revision.digest or sha256_of(revision.path)) != revision.sha256:
            problems.append(_changed(policy, revision, name))
    loaded = {revision.path.name for revision in policy.revisions}  # found there when the policy was loaded
    for file_name, line in policy.locked:
        if file_name in loaded:
            continue  # a stat per revision of every policy, per build, at 5,000 documents 0.05 s
        if not (policy.archive_dir / file_name).exists() and not (policy.archive_dir / file_name).is_symlink():
            problems.append(
                Problem(
                    Location(policy.lock_path, line),
                    f"the lock records revision {file_name} of {name}, but the file is missing",
                    _restore_fix(policy.archive_dir / file_name),
                )
            )
    frozen = policy.revision(policy.key)
    if frozen is not None and frozen.sha256 and (policy.digest or sha256_of(policy.path)) != frozen.sha256:
        fm, _problem = read_front_matter(policy.path)
        line = fm.line_of("effective") if fm else 1
        since = f"in force since {policy.effective.isoformat()}" if policy.effective else "with no stated date"
        problems.append(
            Problem(
                Location(policy.path, line),
                f"the text {since} was changed, but that revision is frozen",
                f"give it a new effective date and snapshot it (`policydocs snapshot {name}`), or undo the change",
            )
        )
    return problems


def _verify_lock(policy: Policy, name: str) -> list[Problem]:
    """A lock that is missing or records nothing while revisions exist: one problem for the lock, not one per file."""
    if policy.lock_status is LockStatus.UNREADABLE or not policy.revisions or policy.locked:
        return []  # an unreadable lock was reported, with its line, when it was read
        return []
    state = "is missing" if policy.lock_status is LockStatus.MISSING else "records no revision"
    count = len(policy.revisions)
    return [
        Problem(
            Location(policy.lock_path, 0 if policy.lock_status is LockStatus.MISSING else 1),
            f"the lock of {name} {state}, but {count} frozen revision{'s' if count > 1 else ''} "
            f"{'are' if count > 1 else 'is'} in {policy.archive_dir.name}/",
            _lock_fix(policy),
        )
    ]


def _lock_fix(policy: Policy) -> str:
    return (
        f"restore it from version control (`git checkout -- {policy.lock_path}`); only `policydocs snapshot` writes it"
    )


def _changed(policy: Policy, revision: Revision, name: str) -> Problem:
    """A frozen revision whose bytes no longer match the lock: reworded, or only re-encoded?"""
    if revision.flaws and revision.clean_digest == revision.sha256:
        return Problem(
            Location(revision.path, 1),
            f"frozen revision {revision.key} of {name} {revision.flaws}; its words are unchanged, only its bytes "
            f"differ from {policy.lock_path}",
            f"restore LF line endings and no BOM: `git checkout -- {revision.path}` (the repository's .gitattributes "
            "keeps checkouts LF)",
        )
    return Problem(
        Location(revision.path, 1),
        f"frozen revision {revision.key} of {name} was changed: its SHA-256 no longer matches {policy.lock_path}",
        _restore_fix(revision.path),
    )


def unfrozen(policy: Policy) -> Problem | None:
    """The current text, if it has not been frozen yet (and so has no permanent URL)."""
    if policy.revision(policy.key) is not None or (policy.archive_dir / f"{policy.key}.md").exists():
        return None  # frozen; or its file is there but could not be loaded, which the loader reported
    name = f"{policy.organisation}/{policy.kind.value}"
    return Problem(
        Location(policy.path, 1),
        f"the current text of {name} ({policy.key}) is not frozen yet",
        f"run `policydocs snapshot {name}` to publish it as a revision",
    )


class SnapshotRefused(Exception):
    """A snapshot that would change an existing frozen revision."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Snapshot:
    """What ``snapshot`` did."""

    path: Path
    sha256: str
    created: bool  # False: the revision was already frozen with this very text


def snapshot(policy: Policy, today: dt.date) -> Snapshot:
    """Freeze the current text as the revision for its effective date; record it in the lock."""
    problems = verify(policy)
    if problems and any(p.location.path != policy.path for p in problems):
        raise SnapshotRefused(problems[0])
    data = policy.path.read_bytes()
    if data.startswith(BOM) or b"\r" in data:
        # A frozen revision is the text byte for byte: normalising it here would freeze bytes that
        # differ from the file the editor reviewed, so the text is refused until it is saved plainly.
        raise SnapshotRefused(
            Problem(
                Location(policy.path, 1),
                "the text has a byte-order mark or CR line endings, which a frozen revision must not keep",
                "save it as UTF-8 without BOM, with LF line endings, then snapshot",
            )
        )
    digest = hashlib.sha256(data).hexdigest()
    target = policy.archive_dir / f"{policy.key}.md"
    if target.exists():
        if target.read_bytes() == data:
            return Snapshot(target, digest, created=False)
        name = f"{policy.organisation}/{policy.kind.value}"
        raise SnapshotRefused(
            Problem(
                Location(policy.path, 1),
                f"revision {policy.key} of {name} is already frozen with a different text ({target})",
                "a frozen revision is never overwritten: give the current text a new effective date, then snapshot",
            )
        )
    if policy.key == UNDATED and any(r.effective is not None for r in policy.revisions):
        raise SnapshotRefused(
            Problem(
                Location(policy.path, 1),
                "an undated text cannot follow dated revisions",
                "give the current text its effective date (YYYY-MM-DD), then snapshot",
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, data)
    entries = {r.path.name: (r.sha256 or "", r.frozen) for r in policy.revisions}
    entries[target.name] = (digest, today)
    _write_atomically(policy.lock_path, render_lock(entries).encode("utf-8"))
    return Snapshot(target, digest, created=True)


def render_lock(entries: dict[str, tuple[str, dt.date | None]]) -> str:
    lines = [LOCK_HEADER]
    for file_name in sorted(entries, key=lambda name: (name != f"{UNDATED}.md", name)):
        digest, frozen = entries[file_name]
        lines.append("[[revision]]")
        lines.append(f'file = "{file_name}"')
        lines.append(f'sha256 = "{digest}"')
        if frozen:
            lines.append(f'frozen = "{frozen.isoformat()}"')
        lines.append("")
    return "\n".join(lines)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
