"""Dates written the way each language writes them (2014年2月17日 / 17 February 2014)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_format_date

# CLDR patterns; English uses the day-month order of British and legal usage.
_PATTERNS = {"ja": "y年M月d日", "en": "d MMMM y"}


def format_date(date: dt.date, language: str) -> str:
    """``date`` in ``language``'s written form."""
    pattern = _PATTERNS.get(language, "long")
    return babel_format_date(date, pattern, locale=language)
