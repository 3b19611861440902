"""The keys of a rule file for a display the law requires item by item, as typed values, and their reading.

A display such as 特定商取引法に基づく表記 (Act on Specified Commercial Transactions Art. 11) is a list
of items, each a label and what it says (「販売業者 | 株式会社X」, 「**所在地**」 over an address,
「電話番号：03-…」). Recognition (:mod:`policydocs.judge`) finds whether an item is there; the law
asks more of what it says, and that is ``[rule.display]`` (judged by :mod:`policydocs.display_items`
and :mod:`policydocs.display_names`):

- ``[[rule.display.review_when]]``: what an item says that leaves it for a person to judge (only a
  promise to disclose on request, Art. 11 proviso; an open-ended amount 「400円～」), with ``why``, from
  its own ``in_force`` (and ``until``, for a duty the law lifted for a while);
- ``[[rule.display.review_unless]]``: what an item's rows must say somewhere (a time of delivery),
  else a person judges it, with ``why``; with ``when``, asked only of rows that say that (a
  cancellation row speaking of the renewal must also speak of the contract in course);
- ``none_said``: an item of a practice the display says it does not have (「動作環境 | 該当なし」) is
  not applicable rather than present;
- ``hints`` and ``hints_why``: indirect signs that a practice applies (「閲覧時の通信費」 for online
  content) where the text never names it: for a person to judge rather than not applicable, unless the
  text shows what rules the practice out (``hints_unless``: goods shipped, say);
- ``[[rule.display.part]]``: parts the item needs each (the method and the time of payment), each
  from its own date, given by a row so labelled (saying ``content``, where given: a price row gives a
  subscription's amount only if it states one) or by wording; each offering the display sets out in
  its own section, and the item applies to, must give every part;
- ``names``: the item names someone, judged by the legal form (``seller``: the business by its
  legal name, an individual by their own name; ``person``: a natural person, asked of ``bodies``),
  with ``person_name`` (how the content shows a person's own name, its group ``name`` the name) and
  ``stands_for`` (the labels of the other rows the two are read against: for a person, the seller's
  rows, whose trade name a person named may stand in for; for the seller, the persons' rows, whose
  name in the seller's row is an individual's own).

:func:`read_display` is called by :mod:`policydocs.rules` with the reader itself, so that pattern
groups (``@on_request``) and faults at their lines work here exactly as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from policydocs.notice_rules import Reader

Patterns = tuple[re.Pattern[str], ...]

NAMES = ("", "seller", "person")


@dataclass(frozen=True)
class Caveat:
    """What an item may say that leaves it for a person to judge, and why, on the days the law asks it."""

    patterns: Patterns
    why: str
    in_force: dt.date = dt.date.min
    until: dt.date = dt.date.max

    def on(self, day: dt.date) -> bool:
        return self.in_force <= day <= self.until


@dataclass(frozen=True)
class Wanted:
    """What an item's rows must say somewhere (``patterns``), where they say ``when`` (always if empty)."""

    patterns: Patterns
    why: str
    when: Patterns = ()


@dataclass(frozen=True)
class Part:
    """A part an item needs on its own (the time of payment beside its method), from its own date."""

    name_ja: str
    name_en: str
    in_force: dt.date
    headings: Patterns = ()  # the labels that give it
    body: Patterns = ()  # the wording that gives it, under any label
    content: Patterns = ()  # what a row so labelled must say to give it (anything, if empty)


@dataclass(frozen=True)
class Display:
    review_when: tuple[Caveat, ...] = ()
    review_unless: tuple[Wanted, ...] = ()
    none_said: Patterns = ()
    hints: Patterns = ()
    hints_why: str = ""
    hints_unless: Patterns = ()
    parts: tuple[Part, ...] = ()
    names: str = ""  # "", "seller" or "person"
    person_name: Patterns = ()
    bodies: tuple[str, ...] = ()  # (names = "person") asked only of these legal forms
    stands_for: Patterns = ()


def read_display(data: Any, line: int, reader: Reader, in_force: dt.date) -> Display | None:
    """``[rule.display]`` as a :class:`Display`; None when the rule has none (faults are complained of)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.problem(line, "'display' must be a table", "write [rule.display] with its keys under it")
        return None
    names = data.get("names", "")
    if names not in NAMES:
        reader.problem(line, f"display names {names!r} is none of seller, person", 'write names = "seller" or "person"')
        names = ""
    caveats = []
    for entry in _entries(data, "review_when", line, reader):
        since = reader.date(entry["in_force"], line, "review_when in_force") if "in_force" in entry else None
        until = reader.date(entry["until"], line, "review_when until") if "until" in entry else None
        patterns = reader.patterns(entry["patterns"], line, "review_when patterns")
        caveats.append(Caveat(patterns, entry["why"], since or dt.date.min, until or dt.date.max))
    wanted = [
        Wanted(
            reader.patterns(entry["patterns"], line, "review_unless patterns"),
            entry["why"],
            reader.patterns(entry.get("when"), line, "review_unless when"),
        )
        for entry in _entries(data, "review_unless", line, reader)
    ]
    parts = []
    for entry in data.get("part", []):
        if not isinstance(entry, dict) or not (entry.get("headings") or entry.get("body")):
            reader.problem(line, "a display part needs headings or body patterns", "add headings or body = [...]")
            continue
        when = reader.date(entry["in_force"], line, "part in_force") if "in_force" in entry else in_force
        parts.append(
            Part(
                str(entry.get("name_ja", "")),
                str(entry.get("name_en", "")),
                when or in_force,
                reader.patterns(entry.get("headings"), line, "part headings"),
                reader.patterns(entry.get("body"), line, "part body"),
                reader.patterns(entry.get("content"), line, "part content"),
            )
        )
    bodies = data.get("bodies", [])
    return Display(
        review_when=tuple(caveats),
        review_unless=tuple(wanted),
        none_said=reader.patterns(data.get("none_said"), line, "none_said"),
        hints=reader.patterns(data.get("hints"), line, "hints"),
        hints_why=str(data.get("hints_why", "")),
        hints_unless=reader.patterns(data.get("hints_unless"), line, "hints_unless"),
        parts=tuple(parts),
        names=names,
        person_name=reader.patterns(data.get("person_name"), line, "person_name"),
        bodies=tuple(str(b) for b in bodies) if isinstance(bodies, list) else (),
        stands_for=reader.patterns(data.get("stands_for"), line, "stands_for"),
    )


def _entries(data: dict[str, Any], key: str, line: int, reader: Reader) -> list[dict[str, Any]]:
    """The entries of ``[[rule.display.<key>]]`` that have patterns and a why (the others complained of)."""
    entries = []
    for entry in data.get(key, []):
        if not isinstance(entry, dict) or not entry.get("patterns") or not isinstance(entry.get("why"), str):
            reader.problem(line, f'a {key} entry needs patterns = [...] and why = "..."', "add both")
            continue
        entries.append(entry)
    return entries
