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


class BuildDateError(ValueError):
    """The day to build as cannot be read; the message says what was given and how to fix it."""


def build_date(override: str | dt.date | None = None) -> dt.date:
    """The day a build treats as today: ``override``, else ``SOURCE_DATE_EPOCH``, else the clock.

    Fixing it makes builds and tests reproducible, and lets a team preview the
    site as it will be on the day an upcoming revision takes effect. A value that
    is not a date raises :class:`BuildDateError`.
    """
    if isinstance(override, dt.date):
        return override
    if override:
        try:
            return dt.date.fromisoformat(str(override).strip())
        except ValueError:
            raise BuildDateError(
                f"--today {override!r} is not a date: write it as YYYY-MM-DD, e.g. 2027-04-01"
            ) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise BuildDateError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time: set it to whole seconds since 1970-01-01 "
                "(e.g. $(git log -1 --format=%ct)), or unset it to build as of today"
            ) from None
    return dt.date.today()
