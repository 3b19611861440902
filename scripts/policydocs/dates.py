"""Dates written the way each language writes them (2014年2月17日 / 17 February 2014)."""

from __future__ import annotations

import datetime as dt
import os

from babel.dates import format_date as babel_format_date

# CLDR patterns; English uses the day-month order of British and legal usage.
_PATTERNS = {"ja": "y年M月d日", "en": "d MMMM y"}


def format_date(date: dt.date, language: str) -> str:
    """``date`` in ``language``'s written form."""
    pattern = _PATTERNS.get(language, "long")
    return babel_format_date(date, pattern, locale=language)


def build_date(override: str | dt.date | None = None) -> dt.date:
    """The day a build treats as today: ``override``, else ``SOURCE_DATE_EPOCH``, else the clock.

    Fixing it makes builds and tests reproducible, and lets a team preview the
    site as it will be on the day an upcoming revision takes effect.
    """
    if isinstance(override, dt.date):
        return override
    if override:
        return dt.date.fromisoformat(str(override))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
