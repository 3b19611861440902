"""The site's data, once: organisations and their policies, as typed values.

Built from the files by :mod:`policydocs.loader` and used alike by the Sphinx
extension and the command line; nothing else reads front matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class BodyKind(StrEnum):
    """What kind of body an organisation is, as far as its policy tells."""

    YUGEN_KAISHA = "yugen-kaisha"  # 有限会社
    KABUSHIKI_KAISHA = "kabushiki-kaisha"  # 株式会社
    BRAND = "brand"  # a brand name; the operating company is not named
    CLUB = "club"  # a club or other unincorporated association


class PolicyKind(StrEnum):
    """The kinds of policy the site publishes."""

    PRIVACY = "privacy"


@dataclass(frozen=True)
class Location:
    """A place in a source file, for messages that name file and line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Policy:
    """One kind of policy of one organisation, in its current text."""

    organisation: str  # the organisation's slug
    kind: PolicyKind
    docname: str  # e.g. "policies/openclose/privacy"
    path: Path
    title: str  # the policy's own H1
    effective: dt.date | None  # None: the text states no date
    date_as_stated: str | None  # the date exactly as the text writes it
    source: str | None  # where the text came from, e.g. a seed file


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

    def display_name(self, language: str) -> str:
        """The organisation's name as readers of ``language`` should see it."""
        return self.name if language == "ja" else self.name_en


@dataclass(frozen=True)
class Problem:
    """Something wrong in a source file, with where it is and how to fix it."""

    location: Location
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message} ({self.fix})"


@dataclass(frozen=True)
class Site:
    """Every organisation under ``policies/``, sorted by slug."""

    organisations: tuple[Organisation, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    def organisation(self, slug: str) -> Organisation | None:
        return next((org for org in self.organisations if org.slug == slug), None)

    def policy_for_doc(self, docname: str) -> Policy | None:
        for org in self.organisations:
            for policy in org.policies:
                if policy.docname == docname:
                    return policy
        return None

    def organisation_for_doc(self, docname: str) -> Organisation | None:
        return next((org for org in self.organisations if org.docname == docname), None)
