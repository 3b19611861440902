"""The dates a policy's text states, checked: the evidence of the ``policy_dates`` rule, and
the stated date against the front matter's ``effective:``.

A text (the current one or a frozen revision) whose latest own date (制定, 改定, 施行,
更新日, or a date on a line of its own) is not its ``effective:`` day (a month-only date
agrees with any day of its month) is a :class:`~policydocs.model.Problem` at the date's
line; so is a text with ``effective: unknown`` that states a date, and a date that is no
day (平成31年5月1日). ``policydocs check`` reports them with the verifier's problems and
the build warns of them as ``policy.stated_date``. Each text's dates are remembered by its
SHA-256 between runs (:class:`DatesMemory`), so a warm check reads no text for them.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from policydocs.cache_files import CacheFile, fingerprint
from policydocs.front_matter import read_front_matter
from policydocs.model import Location, Policy, Problem
from policydocs.stated_dates import StatedDate, dates_in_source, latest_own


def dates_of(path: Path) -> tuple[StatedDate, ...]:
    """The dates ``path`` states, read once per version of the file; none if it cannot be read."""
    try:
        stat = path.stat()
        return _dates(path, stat.st_mtime_ns, stat.st_size)
    except (OSError, UnicodeDecodeError):
        return ()  # the loader reports a file it cannot read


@functools.lru_cache(maxsize=4096)
def _dates(path: Path, mtime_ns: int, size: int) -> tuple[StatedDate, ...]:
    return tuple(dates_in_source(path.read_text(encoding="utf-8")))


class DatesMemory(CacheFile[str, tuple[StatedDate, ...]]):
    """The dates each text states, by the SHA-256 of its bytes, in one file per version of this code."""

    @classmethod
    def open(cls, directory: Path | None) -> DatesMemory:
        """The memory kept in ``directory``; without one, a memory that remembers nothing."""
        if directory is None:
            return cls(None)
        return cls.at(directory / f"stated-dates-{fingerprint(('stated_dates.py', 'stated_date_check.py'))}.pickle")

    def dates(self, path: Path, digest: str) -> tuple[StatedDate, ...]:
        """The dates of ``path``, whose bytes hash to ``digest`` ("" if not known)."""
        known = self.entries.get(digest) if digest else None
        if known is None:
            known = dates_of(path)
            if digest:
                self.remember(digest, known)
        return known

    def save(self, stale: str = "") -> None:
        super().save(stale or "stated-dates-*.pickle")


def _said(date: StatedDate) -> str:
    return f"「{date.text}」" + (f" ({date.role}, {date.date.isoformat()})" if date.date and date.own else "")


def judge_policy_dates(path: Path, end_line: int) -> tuple[bool, int, str]:
    """Whether the text states a date of its own, the line of the evidence (or of what comes
    closest), and why."""
    dates = dates_of(path)
    latest = latest_own(list(dates))
    if latest is not None:
        return True, latest.line, f"states {_said(latest)}"
    wrong = next((d for d in dates if d.date is None and d.role != "law"), None)
    if wrong is not None:
        return False, wrong.line, f"「{wrong.text}」 is no date: {wrong.error}"
    law = next((d for d in dates if d.role == "law"), None)
    if law is not None:  # where a date of the policy's own would go is not the law's line
        return False, end_line, f"the only date is a law's (「{law.text}」 at line {law.line}); add the policy's own"
    prose = next(iter(dates), None)
    if prose is not None:
        return False, prose.line, f"「{prose.text}」 is not said to be the policy's date (制定, 改定 or 施行)"
    return (
        False,
        end_line,
        "states no date of its own (制定, 改定, 施行 or 最終更新日); this line is the end of the file",
    )


def stated_date_problems(policy: Policy, memory: DatesMemory | None = None) -> list[Problem]:
    """Each text of ``policy`` whose stated date disagrees with its ``effective:`` or is no day."""
    name = f"{policy.organisation}/{policy.kind.value}"
    memory = memory or DatesMemory(None)
    texts: list[tuple[Path, str, dt.date | None, str]] = [(policy.path, policy.digest, policy.effective, "")]
    texts += [
        (revision.path, revision.digest, revision.effective, revision.key)
        for revision in policy.revisions
        if not (revision.digest and revision.digest == policy.digest)  # the current text's own copy: once
    ]
    problems = []
    for path, digest, effective, frozen in texts:
        what = f"{name} {f'revision {frozen}' if frozen else 'current text'}"
        dates = memory.dates(path, digest)
        problems += [
            Problem(
                Location(path, d.line),
                f"{what} states 「{d.text}」, which is no date: {d.error}",
                _fix(frozen, name, "write the day that was meant"),
            )
            for d in dates
            if d.date is None and d.role != "law"
        ]
        latest = latest_own(list(dates))
        if latest is None or (effective is not None and latest.agrees(effective)):
            continue
        if effective is None:
            record = (
                f"effective: {latest.date.isoformat()}"
                if latest.precision == "day" and latest.date
                else (f"the day it took effect as effective: (the text states only {latest.text})")
            )
            message = f"{what} states {_said(latest)} as its date, but its effective: is unknown"
            problems.append(Problem(Location(path, latest.line), message, _fix(frozen, name, f"record it: {record}")))
            continue
        fm, _problem = read_front_matter(path)
        line = fm.line_of("effective") if fm else 1
        message = (
            f"{what} takes effect on {effective.isoformat()} (effective: at line {line}), but the latest date "
            f"its text states is {_said(latest)}"
        )
        fix = "state the new date in the text (e.g. 「{0.year}年{0.month}月{0.day}日改定」), or correct effective:"
        problems.append(Problem(Location(path, latest.line), message, _fix(frozen, name, fix.format(effective))))
    return problems


def _fix(frozen: str, name: str, fix: str) -> str:
    if not frozen:
        return fix
    return (
        f"this revision is frozen and cannot change: {fix} in the current text, then freeze it as a new revision "
        f"with `policydocs snapshot {name}`"
    )


def restate(source: str, day: dt.date) -> str:
    """``source`` with every date it states as its own written as ``day`` instead (for synthetic revisions)."""
    lines = source.split("\n")
    for date in dates_in_source(source):
        if date.own:
            lines[date.line - 1] = lines[date.line - 1].replace(date.text, f"{day.year}年{day.month}月{day.day}日", 1)
    return "\n".join(lines)
