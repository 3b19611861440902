"""The site's data, once: organisations and their policies, as typed values.

Built from the files by :mod:`policydocs.loader` and used alike by the Sphinx
extension and the command line; nothing else reads front matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from policydocs.kinds import declared, known_kinds_text

# What kind of body an organisation is: every legal form, with what the law asks of each, is in legal_forms.
from policydocs.legal_forms import FORMS, LegalForm
from policydocs.legal_forms import BodyKind as BodyKind


class LockStatus(StrEnum):
    """What became of a policy's ``revisions.lock`` when it was read."""

    RECORDED = "recorded"  # read; it may still record no revision
    MISSING = "missing"
    UNREADABLE = "unreadable"  # there, but not a lock (the loader reported why)


class PolicyKind(str):
    """A kind of policy the site publishes, by its id: one of those the rule files declare (:mod:`.kinds`).

    Behaves as the enum it replaces did: ``PolicyKind("terms")`` raises ValueError for an undeclared
    kind, ``.value`` is the id, and each id has one instance (``is`` compares).
    """

    __slots__ = ()
    _known: ClassVar[dict[str, PolicyKind]] = {}
    PRIVACY: ClassVar[PolicyKind]

    def __new__(cls, value: object) -> PolicyKind:
        text = str(value)
        if value is None or text not in declared():
            raise ValueError(f"{value!r} is not a declared kind of policy (the kinds are: {known_kinds_text()})")
        if text not in cls._known:
            cls._known[text] = super().__new__(cls, text)
        return cls._known[text]

    @property
    def value(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"PolicyKind({self.value!r})"


PolicyKind.PRIVACY = PolicyKind("privacy")


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file, for messages that name file and line."""

    path: Path
    line: int  # 0: the problem is the file or directory itself, not one of its lines

    def __str__(self) -> str:
        # Always "file:line": Sphinx reads a location without a colon as a document name.
        return f"{self.path}:{self.line}"


UNDATED = "undated"  # the key (file stem, URL segment) of a revision that states no date


@dataclass(frozen=True)
class Revision:
    """One frozen text of a policy: a byte-for-byte copy of its current text when it was frozen."""

    key: str  # "2014-02-17", or "undated"
    docname: str  # e.g. "policies/openclose/privacy/2014-02-17"
    path: Path
    effective: dt.date | None  # None: the text states no date
    announced: dt.date | None
    summary: str | None  # legal's one-line summary of the changes
    sha256: str | None  # as recorded in the lock file; None if the lock has no entry
    frozen: dt.date | None  # the day it was frozen, from the lock file
    digest: str = ""  # SHA-256 of the file as it was loaded ("" if not known)
    flaws: str = ""  # a BOM or CR line endings in the file, as a phrase ("" if none)
    clean_digest: str = ""  # SHA-256 of the file without those flaws ("" if none)

    @property
    def sort_key(self) -> tuple[int, dt.date]:
        # A revision that states no date comes before any dated one.
        return (0, dt.date.min) if self.effective is None else (1, self.effective)


@dataclass(frozen=True)
class Policy:
    """One kind of policy of one organisation: its current text and its frozen revisions."""

    organisation: str  # the organisation's slug
    kind: PolicyKind
    docname: str  # e.g. "policies/openclose/privacy"
    path: Path
    title: str  # the policy's own H1
    effective: dt.date | None  # None: the text states no date
    date_as_stated: str | None  # the date exactly as the text writes it
    source: str | None  # where the text came from, e.g. a seed file
    announced: dt.date | None = None
    summary: str | None = None
    revisions: tuple[Revision, ...] = ()  # oldest first
    locked: tuple[tuple[str, int], ...] = ()  # each file the lock file records, with its line there
    digest: str = ""  # SHA-256 of the current text as it was loaded ("" if not known)
    lock_status: LockStatus = LockStatus.RECORDED

    @property
    def key(self) -> str:
        """The revision key the current text is frozen under."""
        return self.effective.isoformat() if self.effective else UNDATED

    @property
    def archive_dir(self) -> Path:
        return self.path.with_suffix("")

    @property
    def lock_path(self) -> Path:
        return self.archive_dir / "revisions.lock"

    def revision(self, key: str) -> Revision | None:
        return next((r for r in self.revisions if r.key == key), None)


@dataclass(frozen=True)
class Organisation:
    """An organisation: its page and its policies."""

    slug: str
    docname: str  # e.g. "policies/openclose/index"
    path: Path
    name: str  # in Japanese, as its policy writes it
    name_en: str
    body: BodyKind
    policies: tuple[Policy, ...] = ()
    fictional: bool = False  # a sample for editors: every page says so

    @property
    def legal_form(self) -> LegalForm:
        """Its legal form, and with it what the law asks of it (a representative's name, which chapter)."""
        return FORMS[self.body]

    def display_name(self, language: str) -> str:
        """The organisation's name as readers of ``language`` should see it."""
        return self.name if language == "ja" else self.name_en


@dataclass(frozen=True)
class Problem:
    """Something wrong in a source file, with where it is and how to fix it."""

    location: Location
    message: str
    fix: str
    # The file or directory cannot be read faithfully (a link, bytes that are not UTF-8…): no build may read it.
    keep_out: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.location}: {self.message} ({self.fix})"


@dataclass(frozen=True)
class Site:
    """Every organisation under ``policies/``, sorted by slug."""

    organisations: tuple[Organisation, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    # Paths under policies/ that no build may read (the problems marked keep_out).
    excluded: tuple[Path, ...] = field(default=(), compare=False)

    def organisation(self, slug: str) -> Organisation | None:
        return next((org for org in self.organisations if org.slug == slug), None)

    @cached_property
    def policies(self) -> tuple[Policy, ...]:
        return tuple(policy for org in self.organisations for policy in org.policies)

    @cached_property
    def _pages(self) -> dict[str, tuple[Policy, Revision | None]]:
        # Asked for on every page of a build: looked up, never searched.
        pages: dict[str, tuple[Policy, Revision | None]] = {}
        for policy in self.policies:
            pages[policy.docname] = (policy, None)
            for revision in policy.revisions:
                pages[revision.docname] = (policy, revision)
        return pages

    def policy_for_doc(self, docname: str) -> Policy | None:
        """The policy whose current text or one of whose revisions is ``docname``."""
        found = self._pages.get(docname)
        return found[0] if found else None

    def revision_for_doc(self, docname: str) -> tuple[Policy, Revision] | None:
        found = self._pages.get(docname)
        return (found[0], found[1]) if found and found[1] is not None else None

    def policy(self, reference: str) -> Policy | None:
        """The policy named ``<org>/<kind>``, e.g. ``openclose/privacy``."""
        return next((p for p in self.policies if f"{p.organisation}/{p.kind.value}" == reference), None)

    def organisation_for_doc(self, docname: str) -> Organisation | None:
        return next((org for org in self.organisations if org.docname == docname), None)
