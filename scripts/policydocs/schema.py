"""What front matter may say: the declared keys of each kind of source file, and their types.

An organisation page has one top-level key, ``organisation:``; a policy's current
text and each of its revisions have ``policy:``. Any other key, at the top or
inside, is refused with the nearest known key as a suggestion: a misspelt
``sumary`` would otherwise be dropped without a word, and MyST itself reads a
top-level ``myst:`` or ``html_meta:`` to change how the file is parsed, which a
text written by people outside the team must not do. Each value has a type (a
summary is one text, waivers map rule names to reasons…), and every date lies in
:data:`EARLIEST_YEAR`..:data:`LATEST_YEAR`, a fixed range rather than one
counted from the build date, so that a site loads the same whatever the day
(and what the loader remembers of it stays true).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from policydocs import legal_forms
from policydocs.dates import EARLIEST_YEAR, LATEST_YEAR
from policydocs.front_matter import FrontMatter
from policydocs.kinds import kind_ids
from policydocs.model import UNDATED, Problem

UNKNOWN_DATE = "unknown"
# What the editors' guide allows as an organisation's slug (its directory and URL segment).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SLUG_RULE = "lower-case ASCII letters, digits and single hyphens, e.g. 'open-close'"
# Top-level keys MyST and Sphinx act on: named as such, since they change how the page is made.
_PARSER_KEYS = {"myst", "html_meta", "html_theme", "orphan", "nosearch", "tocdepth", "nocomments"}

Checker = Callable[[Any], tuple[Any, str | None]]  # value → (converted value, None) or (None, what is wrong)


def parse_effective(value: object) -> tuple[dt.date | None, bool]:
    """Read an ``effective:`` value: a date, or ``unknown``. Returns (date, valid)."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, str):
        if value.strip() == UNKNOWN_DATE:
            return None, True
        try:
            return dt.date.fromisoformat(value.strip()), True
        except ValueError:
            pass
    return None, False


def implausible(date: dt.date) -> str | None:
    """Why ``date`` cannot be a policy's date, if it cannot."""
    if EARLIEST_YEAR <= date.year <= LATEST_YEAR:
        return None
    return f"the year {date.year} is not plausible (dates must lie between {EARLIEST_YEAR} and {LATEST_YEAR})"


def is_slug(name: str) -> bool:
    return SLUG.match(name) is not None


def revision_key(stem: str) -> bool:
    """Whether ``stem`` names a revision: ``undated`` or a plausible YYYY-MM-DD."""
    if stem == UNDATED:
        return True
    try:
        date = dt.date.fromisoformat(stem)
    except ValueError:
        return False
    return len(stem) == 10 and implausible(date) is None


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    if isinstance(value, str):
        return None, "is empty"
    return None, f"must be one line of text, not {_kind(value)}"


def _stated(value: Any) -> tuple[Any, str | None]:
    return (value.isoformat(), None) if isinstance(value, dt.date) else _text(value)


def _date(value: Any) -> tuple[Any, str | None]:
    date, valid = parse_effective(value)
    if not valid or date is None:
        return None, "is not a date (write it as YYYY-MM-DD)"
    return (None, why) if (why := implausible(date)) else (date, None)


def _effective(value: Any) -> tuple[Any, str | None]:
    date, valid = parse_effective(value)
    if not valid:
        return None, f"is neither a date nor '{UNKNOWN_DATE}'"
    if date is not None and (why := implausible(date)):
        return None, why
    return (date if date is not None else UNKNOWN_DATE), None


def _flag(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, f"must be true or false, not {_kind(value)}")


def _slug(value: Any) -> tuple[Any, str | None]:
    text, wrong = _text(value)
    if wrong or is_slug(text):
        return text, wrong
    return None, f"is not a slug ({SLUG_RULE})"


def _declared_kind(value: Any) -> tuple[Any, str | None]:
    # Read when checked, not at import: the kinds are the rule files' (policydocs.kinds).
    known = kind_ids()
    return (value, None) if value in known else (None, f"is not a kind of policy (the kinds are: {', '.join(known)})")


def _body(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value in legal_forms.choices():
        return value, None
    forms = ", ".join(f"{form.value} ({form.name_ja})" for form in legal_forms.FORMS.values())
    # An editor who writes the form as the name states it (「一般社団法人」) is told its value.
    meant = legal_forms.legal_form_of(value) if isinstance(value, str) else None
    meant = meant or next((f for f in legal_forms.FORMS.values() if value in (f.name_ja, f.name_en)), None)
    hint = f" (for {meant.name_ja} write '{meant.value}')" if meant else ""
    return None, f"must be one of: {forms}{hint}"


def _reasons(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, f"must be a mapping of rule names to reasons, not {_kind(value)}"
    for rule, reason in value.items():
        if not isinstance(rule, str) or not isinstance(reason, str) or not reason.strip():
            return None, f"must give each rule a reason in words ('{rule}' has {_kind(reason)})"
    return value, None


def _names(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value):
        return value, None
    return None, "must be a list of rule names, e.g. [joint_use]"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "text" if value.strip() else "an empty text"
    return f"{type(value).__name__} {value!r}"


@dataclass(frozen=True)
class Schema:
    """The keys under one top-level key, each with its check; ``required`` ones must be present."""

    top: str
    keys: dict[str, Checker]
    required: tuple[str, ...]


ORGANISATION = Schema(
    "organisation",
    {"name": _text, "name_en": _text, "body": _body, "fictional": _flag},
    ("name", "name_en", "body"),
)
POLICY = Schema(
    "policy",
    {
        "organisation": _slug,
        "kind": _declared_kind,
        "effective": _effective,
        "date_as_stated": _stated,
        "announced": _date,
        "summary": _text,
        "source": _text,
        "waivers": _reasons,
        "declares": _names,
    },
    ("organisation", "kind", "effective"),
)


_FIXES = {
    "effective": "write the date the text states as YYYY-MM-DD, or 'unknown' if it states none",
    "announced": "write the day the revision was announced as YYYY-MM-DD, or leave it out",
    "summary": "write the summary of the changes as one line of text",
    "organisation": "write the organisation's slug, the name of its directory",
    "kind": "write one of the kinds listed, or declare a new one in a rule file (rules/<kind>-ja.toml)",
    "waivers": "write each waiver as 'rule_name: reason' under 'waivers:'",
    "body": "write the organisation's legal form as one of the values listed (see docs/editing.md)",
}


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, dict | list) or value is None:
        return _kind(value)
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean(key: str, known: list[str]) -> str:
    """A fix for an unknown key: the nearest known one, or the list of them."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    listed = ", ".join(known)
    return f"did you mean '{close[0]}'? (the keys are: {listed})" if close else f"remove it (the keys are: {listed})"


def validate(fm: FrontMatter, schema: Schema, problems: list[Problem], why: str = "") -> dict[str, Any] | None:
    """The ``schema.top`` mapping of ``fm``, each value checked and converted; None if it is unusable.

    A key that is unknown or of the wrong type is reported and left out; a missing required key
    is reported and makes the whole mapping unusable. ``why`` ends each fix (e.g. for frozen files).
    """
    for key in fm.data:
        if key == schema.top:
            continue
        if str(key) in _PARSER_KEYS:
            message = f"the top-level key '{key}' would change how this page is made, which a source may not do"
            problems.append(Problem(fm.at(str(key)), message, "remove it" + why))
        else:
            inner = str(key) in schema.keys
            fix = f"move it under '{schema.top}:' (indent it)" if inner else did_you_mean(str(key), [schema.top])
            fix += why
            problems.append(Problem(fm.at(str(key)), f"unknown top-level key '{key}'", fix))
    section = fm.data.get(schema.top)
    if not isinstance(section, dict):
        message = (
            f"front matter has no '{schema.top}:' mapping" if section is None else f"'{schema.top}:' must be a mapping"
        )
        problems.append(Problem(fm.at(schema.top), message, f"see docs/editing.md for the '{schema.top}:' keys" + why))
        return None
    known = list(schema.keys)
    values: dict[str, Any] = {}
    for key, value in section.items():
        where = fm.at(schema.top, str(key))
        check = schema.keys.get(str(key)) if isinstance(key, str) else None
        if check is None:
            problems.append(
                Problem(where, f"unknown key '{key}' in '{schema.top}:'", did_you_mean(str(key), known) + why)
            )
            continue
        converted, wrong = check(value)
        if wrong is not None:
            fix = _FIXES.get(key, f"correct '{key}:' (see docs/editing.md)")
            problems.append(Problem(where, f"'{key}: {_shown(value)}' {wrong}", fix + why))
            continue
        values[key] = converted
    missing = [key for key in schema.required if key not in section]
    for key in missing:
        problems.append(Problem(fm.at(schema.top), f"'{schema.top}:' has no '{key}'", f"add '{key}:'" + why))
    if missing or any(key not in values for key in schema.required):
        return None
    return values
