"""Assemble the site from ``policies/``: organisations, their policies and their frozen revisions.

Reading one file (:mod:`policydocs.front_matter`), what its front matter may say
(:mod:`policydocs.schema`) and reading a lock (:mod:`policydocs.locks`) each have
their own module; this one walks the directories and builds the model. Bad input
never raises: each fault becomes a :class:`~policydocs.model.Problem` naming the
file, the line and the fix. A file that cannot be read faithfully, or lacks a
required key, is left out of the site; an optional key that is wrong is left out
of its entry. A fault in one organisation never keeps the others from loading.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

from policydocs.front_matter import FrontMatter, format_problem, read_front_matter
from policydocs.locks import Lock, LockEntry, read_lock
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
from policydocs.schema import (
    ORGANISATION,
    POLICY,
    UNKNOWN_DATE,
    parse_effective,
    revision_key,
    validate,
)
from policydocs.site_cache import SiteCache
from policydocs.source_tree import listing, organisation_directories, stray_files

__all__ = ["UNKNOWN_DATE", "LockEntry", "load_site", "parse_effective", "read_front_matter", "read_lock"]

POLICIES_DIR = "policies"
ORGANISATION_PAGE = "index.md"
LOCK_FILE = "revisions.lock"


def load_site(srcdir: Path, cache_dir: Path | None = None) -> Site:
    """Load every organisation under ``srcdir/policies``.

    With ``cache_dir``, an organisation none of whose files changed since the last run
    (:mod:`policydocs.site_cache`) is taken from there instead of being parsed again.
    """
    problems: list[Problem] = []
    root = srcdir / POLICIES_DIR
    directories = organisation_directories(root, problems)
    memory = SiteCache.open(cache_dir)
    organisations = []
    for directory in directories:
        org, found = memory.organisation(directory, functools.partial(load_organisation, srcdir, directory))
        problems += found
        if org is not None:
            organisations.append(org)
    memory.keep_only(directories)
    memory.save()
    # What cannot be read faithfully (a link, a directory where a file belongs, bytes that are not
    # UTF-8) must not reach a page either, whatever the build's strictness.
    excluded = tuple(dict.fromkeys(p.location.path for p in problems if p.keep_out))
    return Site(tuple(organisations), tuple(problems), excluded)


def load_organisation(srcdir: Path, directory: Path, problems: list[Problem]) -> Organisation | None:
    """Load one organisation directory and the policies in it."""
    root = directory.parent
    found = listing(directory, root, problems)
    if found is None:
        return None
    page = directory / ORGANISATION_PAGE
    if ORGANISATION_PAGE not in found.names():
        problems.append(
            Problem(
                Location(directory, 0),
                "organisation directory has no index.md",
                "add an organisation page (copy one from another organisation)",
                keep_out=True,
            )
        )
        return None
    for path in found.directories:
        if path.suffix != ".md" and f"{path.name}.md" not in found.names():
            problems.append(
                Problem(
                    Location(path, 0),
                    f"is not the archive of a policy of {directory.name} (there is no {path.name}.md)",
                    "a policy's revisions go in <kind>/ beside <kind>.md: remove or move this directory",
                    keep_out=True,
                )
            )
    stray_files(found, "index.md and one <kind>.md per policy", problems)
    fm = _read(page, "an organisation page", problems)
    section = validate(fm, ORGANISATION, problems) if fm is not None else None
    if fm is None or section is None:
        return None
    policies = tuple(
        policy
        for path in (*found.files, *found.directories)
        if path.suffix == ".md"
        and path.name != ORGANISATION_PAGE
        and (policy := load_policy(srcdir, directory.name, path, problems)) is not None
    )
    return Organisation(
        fictional=section.get("fictional") is True,
        slug=directory.name,
        docname=_docname(srcdir, page),
        path=page,
        name=section["name"],
        name_en=section["name_en"],
        body=BodyKind(section["body"]),
        policies=tuple(sorted(policies, key=lambda policy: policy.path.name)),
    )


def _read(path: Path, what: str, problems: list[Problem], frozen: bool = False) -> FrontMatter | None:
    """``path``'s front matter; None (with the problem recorded) if it cannot be read faithfully."""
    fm, problem = read_front_matter(path, what)
    if fm is None:
        problems.append(problem or Problem(Location(path, 1), "unreadable front matter", "check the file"))
        return None
    if not frozen and (flaw := format_problem(fm)) is not None:
        problems.append(flaw)
        return None
    return fm


def _agrees(fm: FrontMatter, values: dict[str, Any], slug: str, stem: str, problems: list[Problem]) -> bool:
    """Whether a policy's front matter names its directory and its file's kind; reports what does not."""
    ok = True
    if values["organisation"] != slug:
        message = f"'organisation: {values['organisation']}' does not match the directory '{slug}'"
        problems.append(Problem(fm.at("policy", "organisation"), message, f"write 'organisation: {slug}'"))
        ok = False
    if stem != values["kind"]:
        kind = values["kind"]
        message = f"a '{kind}' policy must be in {kind}.md, not {stem}.md"
        problems.append(Problem(fm.at("policy", "kind"), message, f"rename the file to {kind}.md"))
        ok = False
    return ok


def _dates(fm: FrontMatter, values: dict[str, Any], problems: list[Problem]) -> tuple[dt.date | None, dt.date | None]:
    """The effective date (None: not stated) and the announced date, if it is not after the effective one."""
    effective = values["effective"] if values["effective"] != UNKNOWN_DATE else None
    announced = values.get("announced")
    if announced is not None and effective is not None and announced > effective:
        problems.append(
            Problem(
                fm.at("policy", "announced"),
                f"'announced: {announced.isoformat()}' is after 'effective: {effective.isoformat()}'",
                "a revision is announced on or before the day it takes effect: correct one of the dates",
            )
        )
        announced = None
    return effective, announced


def load_policy(srcdir: Path, slug: str, path: Path, problems: list[Problem]) -> Policy | None:
    """Load one policy's current text (its front matter and title), its lock and its revisions."""
    fm = _read(path, "a policy text", problems)
    values = validate(fm, POLICY, problems) if fm is not None else None
    if fm is None or values is None:
        return None
    ok = _agrees(fm, values, slug, path.stem, problems)
    effective, announced = _dates(fm, values, problems)
    title = fm.title()
    if title is None:
        problems.append(
            Problem(Location(path, len(fm.lines) or 1), "the policy has no '# ' title", "add one H1 heading")
        )
        ok = False
    if not ok or title is None:
        return None
    policy = Policy(
        organisation=slug,
        kind=PolicyKind(values["kind"]),
        docname=_docname(srcdir, path),
        path=path,
        title=title,
        effective=effective,
        date_as_stated=values.get("date_as_stated"),
        source=values.get("source"),
        announced=announced,
        summary=values.get("summary"),
        digest=fm.digest,
    )
    lock = read_lock(policy.lock_path, problems)
    return replace(
        policy,
        revisions=load_revisions(srcdir, policy, lock, problems),
        locked=tuple((name, entry.line) for name, entry in lock.entries.items()),
        lock_status=lock.status,
    )


def load_revisions(srcdir: Path, policy: Policy, lock: Lock, problems: list[Problem]) -> tuple[Revision, ...]:
    """The frozen revisions in ``policies/<org>/<kind>/``, oldest first, with what ``lock`` records of each."""
    archive = policy.archive_dir
    if archive.is_symlink() or not archive.is_dir():
        return ()  # a link was reported with the organisation's directory
    found = listing(archive, archive.parent.parent, problems)
    if found is None:
        return ()
    stray_files(found, f"revision files and {LOCK_FILE}", problems)
    revisions = []
    for path in found.directories:
        if path.suffix != ".md" and path.name != LOCK_FILE:  # a lock that is a directory: see read_lock
            problems.append(
                Problem(
                    Location(path, 0),
                    f"only revision files and {LOCK_FILE} belong in {archive.name}/",
                    "remove or move this directory",
                    keep_out=True,
                )
            )
    for path in (*found.files, *found.directories):
        if path.suffix != ".md":
            continue
        if not revision_key(path.stem):
            problems.append(
                Problem(
                    Location(path, 1),
                    f"a revision file must be named YYYY-MM-DD.md (a plausible date) or {UNDATED}.md, not {path.name}",
                    "freeze revisions with `policydocs snapshot`",
                )
            )
            continue
        revision = _load_revision(srcdir, policy, path, lock, problems)
        if revision is not None:
            revisions.append(revision)
    return tuple(sorted(revisions, key=lambda r: r.sort_key))


def _load_revision(srcdir: Path, policy: Policy, path: Path, lock: Lock, problems: list[Problem]) -> Revision | None:
    fm = _read(path, "a revision file", problems, frozen=True)
    values = validate(fm, POLICY, problems, _frozen_fix(path)) if fm is not None else None
    if fm is None or values is None:
        return None
    _agrees(fm, values, policy.organisation, policy.kind.value, problems)
    effective, announced = _dates(fm, values, problems)
    # The file name is the revision's identity (its URL, its lock entry); the date it states must agree,
    # which also keeps two revisions from stating one effective date.
    stated = effective.isoformat() if effective else UNDATED
    if stated != path.stem:
        problems.append(
            Problem(
                fm.at("policy", "effective"),
                f"the revision states 'effective: {effective or UNKNOWN_DATE}' but is frozen as {path.name}",
                "a revision is frozen under its own effective date: restore the file from version control, "
                "or remove a copy made by hand and freeze the text with `policydocs snapshot`",
            )
        )
        effective = None if path.stem == UNDATED else dt.date.fromisoformat(path.stem)
    entry = lock.entries.get(path.name)
    return Revision(
        key=path.stem,
        docname=_docname(srcdir, path),
        path=path,
        effective=effective,
        announced=announced,
        summary=values.get("summary"),
        sha256=entry.sha256 if entry else None,
        digest=fm.digest,
        frozen=entry.frozen if entry else None,
        flaws=fm.flaws,
        clean_digest=fm.clean_digest,
    )


def _frozen_fix(path: Path) -> str:
    return f"; this revision is frozen: if it was edited, restore it with `git checkout -- {path}`"


def _docname(srcdir: Path, path: Path) -> str:
    return path.relative_to(srcdir).with_suffix("").as_posix()
