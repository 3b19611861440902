"""Dates written the way each language writes them (2014年2月17日 / 17 February 2014)."""

from __future__ import annotations

import datetime as dt
import functools
import os

from babel.dates import format_date as babel_format_date

# The years a policy's dates, and the day a site is built as of, may lie in: a date outside them
# is a typing mistake (9999-12-31, 0001-01-01), and the range is the same on any day the site loads.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2099

# CLDR patterns; English uses the day-month order of British and legal usage.
_PATTERNS = {"ja": "y年M月d日", "en": "d MMMM y"}


# Memoised: a site writes the same few hundred dates tens of thousands of times (every comparison page
# lists every pair of its policy's revisions), and babel parses the locale and pattern on every call.
@functools.lru_cache(maxsize=8192)
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
            day = dt.date.fromisoformat(str(override).strip())
        except ValueError:
            raise BuildDateError(
                f"--today {override!r} is not a date: write it as YYYY-MM-DD, e.g. 2027-04-01"
            ) from None
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise BuildDateError(
                f"--today {override!r} is not a plausible day to build the site as of: "
                f"give a day between {EARLIEST_YEAR} and {LATEST_YEAR}, e.g. 2027-04-01"
            )
        return day
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
