"""What a check says: a verdict, what the checker knows of the organisation, and a finding.

The types every layer of the checker returns or reads (:mod:`policydocs.judge` and the layers it
calls: defects, per-unit, display items), kept apart from the judging itself so that each layer can
import them without importing the judge that calls it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from policydocs.model import BodyKind, Location
from policydocs.rule_model import Level, Rule


class Verdict(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    WAIVED = "waived"
    NOT_APPLICABLE = "not-applicable"
    # Some evidence, too weak to call present or missing (a partial description, say): listed
    # for a person to decide, with the reason in the finding's detail; it fails nothing by itself.
    NEEDS_REVIEW = "needs-review"


@dataclass(frozen=True)
class Context:
    """What the checker knows of the organisation, and the day whose law applies."""

    law_date: dt.date
    organisation_name: str = ""
    body: BodyKind | None = None


class Finding(NamedTuple):
    """One rule's verdict on one text, with where the evidence is (or where to add it).

    A named tuple rather than a dataclass: a cached check of a thousand policies makes
    a hundred thousand of them, and a tuple is made several times faster.
    """

    rule: Rule
    verdict: Verdict
    location: Location
    detail: str
    section: str = ""  # the heading of the section holding the evidence, if any

    @property
    def suggested_label(self) -> str:
        return f"({self.rule.id})="

    @property
    def fails(self) -> bool:
        return self.verdict is Verdict.MISSING and self.rule.level is not Level.SHOULD


def excerpt(text: str, length: int = 24) -> str:
    """The start of ``text`` for a finding's detail, with an ellipsis when cut."""
    return text if len(text) <= length else text[:length] + "…"
