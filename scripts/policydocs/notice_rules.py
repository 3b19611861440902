"""Two keys of a rule file for what a notice must say throughout, as typed values, and their reading.

- ``[rule.each]``: what must be said for *each* unit the text describes, not once somewhere (the
  Ordinance under the Telecommunications Business Act Art. 27-12 asks for the information sent, the
  recipient and the purpose 情報送信指令通信ごと). Judged by :mod:`policydocs.per_unit`.
- ``[rule.plain]``: the text in Japanese, technical terms avoided or explained (the same Ordinance:
  日本語を用い、専門用語を避け、平易な表現を用いる). Judged by :mod:`policydocs.plain_language`.

The rule file's other keys are read by :mod:`policydocs.rules`, which calls :func:`read_each` and
:func:`read_plain` with itself as the reader, so that pattern groups (``@module``) and faults at
their lines work here exactly as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Protocol

Patterns = tuple[re.Pattern[str], ...]


class Reader(Protocol):
    """The rule file's reader (:class:`policydocs.rules._Reader`): patterns with their groups, dates, faults."""

    groups: dict[str, list[str]]

    def patterns(self, values: Any, line: int, key: str) -> Patterns: ...

    def date(self, value: Any, line: int, key: str) -> dt.date | None: ...

    def problem(self, line: int, message: str, fix: str) -> None: ...


@dataclass(frozen=True)
class Renamed:
    """A body's former name, no longer anyone's after ``until`` (LINE株式会社, merged into LINEヤフー株式会社)."""

    pattern: re.Pattern[str]
    until: dt.date
    now: str  # its name since, for the message


@dataclass(frozen=True)
class Each:
    """What must be said for each unit (each module of a notice).

    A heading or a table row holding labels of two fields of ``units`` or more (one pattern per
    field: 送信される情報, 送信先, 利用目的) describes a unit. ``labels`` is this rule's own field:
    every unit must have one, in its section or above it (one label over several units answers for
    them all). A rule without ``labels`` is about the units themselves: every name of ``names`` the
    text mentions as used (in a passage matching ``used``) must be a unit's title (one identity per
    pattern). A field's values must match ``value`` when given (a recipient's name: a legal form);
    a value or passage matching ``open`` leaves the unit open (「Tailwind Labs 等が提供する CDN」,
    「その他の計測・広告タグ」): needs-review with ``open_why``; so does a name of ``renamed`` after
    its day.
    """

    units: Patterns
    labels: Patterns = ()
    names: Patterns = ()
    used: Patterns = ()
    value: Patterns = ()
    value_why: str = ""
    open: Patterns = ()
    open_why: str = ""
    renamed: tuple[Renamed, ...] = ()


@dataclass(frozen=True)
class Plain:
    """A text in plain Japanese: the share of Japanese among its letters at least ``japanese`` (else
    missing), and fewer than ``review`` distinct ``terms`` left unexplained (else needs-review). A term is
    explained where the text says what it is: 「Xとは」, or a parenthesis that says it in words."""

    terms: Patterns
    review: int = 1
    japanese: float = 0.5
    why: str = ""


def read_each(data: Any, line: int, reader: Reader) -> Each | None:
    """``[rule.each]`` as read from the rule file, or None when the rule has none.

    In ``names`` a group written alone (``'@module'``) stands for its patterns one by one, each an
    identity of its own, where elsewhere a group is one pattern matching any of them."""
    if data is None:
        return None
    if not isinstance(data, dict) or not data.get("units"):
        reader.problem(line, "'each' must be a table with 'units' (the labels of every field)", "see external-ja.toml")
        return None
    renamed = []
    for entry in data.get("renamed", []):
        if not isinstance(entry, dict) or not {"pattern", "until", "now"} <= set(entry):
            reader.problem(line, 'a renamed entry needs pattern = "…", until = YYYY-MM-DD and now = "…"', "add them")
            continue
        until = reader.date(entry["until"], line, "renamed until")
        compiled = reader.patterns([entry["pattern"]], line, "renamed pattern")
        if until is not None and compiled:
            renamed.append(Renamed(compiled[0], until, str(entry["now"])))
    return Each(
        units=reader.patterns(data["units"], line, "each units"),
        labels=reader.patterns(data.get("labels"), line, "each labels"),
        names=reader.patterns(_one_by_one(data.get("names"), reader.groups), line, "each names"),
        used=reader.patterns(data.get("used"), line, "each used"),
        value=reader.patterns(data.get("value"), line, "each value"),
        value_why=str(data.get("value_why", "")),
        open=reader.patterns(data.get("open"), line, "each open"),
        open_why=str(data.get("open_why", "")),
        renamed=tuple(renamed),
    )


def read_plain(data: Any, line: int, reader: Reader) -> Plain | None:
    """``[rule.plain]`` as read from the rule file, or None when the rule has none."""
    if data is None:
        return None
    review, japanese = data.get("review", 1) if isinstance(data, dict) else 1, 0.5
    if isinstance(data, dict):
        japanese = data.get("japanese", 0.5)
    if not isinstance(data, dict) or not isinstance(review, int) or review < 1:
        reader.problem(
            line, "'plain' must be a table with 'terms' and a count 'review' (1 or more)", "write review = 2"
        )
        return None
    if not isinstance(japanese, int | float) or not 0 <= japanese <= 1:
        reader.problem(line, "'plain' 'japanese' must be a share between 0 and 1", "write japanese = 0.5")
        return None
    return Plain(
        reader.patterns(data.get("terms"), line, "plain terms"), review, float(japanese), str(data.get("why", ""))
    )


def _one_by_one(names: Any, groups: dict[str, list[str]]) -> Any:
    if not isinstance(names, list):
        return names
    spread: list[Any] = []
    for name in names:
        group = name[1:] if isinstance(name, str) and re.fullmatch(r"@\w+", name) else None
        spread.extend(groups.get(group, [name]) if group else [name])
    return spread
