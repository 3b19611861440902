"""The dates a Japanese policy text states, read into values with their precision and role.

Pure: text in, :class:`StatedDate` values out. Forms read (after NFKC, so full-width
digits, spaces and ㍻-style era signs count alike): 2023年4月1日, 2023/4/1, 2023.4.1,
2023-04-01, eras 明治 to 令和 with 元年 (令和元年5月1日, H28.12.1), kanji numerals
(令和五年四月一日, 二〇二三年), month-only (2020年9月) and year-only dates. An era date
outside its era (平成31年5月1日) or a day its month lacks (2月30日) is kept with no
date and the reason, never guessed. The role comes from the words around the date:
制定, 施行 (「から施行する」), 改定/改訂, 更新日; a date on a line of its own dates the
text; a statute's date (「平成15年5月30日法律第57号」, 「…に施行された改正法」) is a law's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import NamedTuple

# Each era's first day (明治: the day the modern calendar reckons it from, for our purposes).
ERAS = {
    "明治": dt.date(1868, 1, 25),
    "大正": dt.date(1912, 7, 30),
    "昭和": dt.date(1926, 12, 25),
    "平成": dt.date(1989, 1, 8),
    "令和": dt.date(2019, 5, 1),
}
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
# The roles of a date the policy states as its own; "law" and "" (a date in prose) are not.
OWN_ROLES = frozenset({"enacted", "effective", "revised", "updated", "dated"})
_ROLE_WORDS = {
    "制定": "enacted",
    "作成": "enacted",
    "施行": "effective",
    "発効": "effective",
    "適用": "effective",
    "実施": "effective",
    "改定": "revised",
    "改訂": "revised",
    "改正": "revised",
    "変更": "revised",
    "更新": "updated",
}
_WORDS = "|".join(_ROLE_WORDS)
_LAW_EVENTS = ("施行", "改正", "公布", "成立")

_N = r"(?:[0-9]{1,4}|[〇○零一二三四五六七八九十百千]{1,6})"
_DATE = re.compile(
    rf"(?:(?P<era>明治|大正|昭和|平成|令和)\s*(?P<eyear>元|{_N})|(?<![0-9])(?P<year>[0-9]{{4}}|[〇○零一二三四五六七八九]{{4}}))"
    rf"\s*年(?![度間代])(?:\s*(?P<month>{_N})\s*月(?:\s*(?P<day>{_N})\s*日)?)?"
    r"|(?<![0-9./-])(?P<syear>[0-9]{4})(?P<sep>[./-])(?P<smonth>[0-9]{1,2})(?P=sep)(?P<sday>[0-9]{1,2})(?![0-9]|\.[0-9])"
    r"|(?<![A-Za-z0-9])(?P<aera>[MTSHR]|明治|大正|昭和|平成|令和)\s*(?P<ayear>元|[0-9]{1,2})[./](?P<amonth>[0-9]{1,2})"
    r"[./](?P<aday>[0-9]{1,2})(?![0-9])"
)
# Words right after a date that say what it is: 「2014年2月17日制定」 「令和元年8月27日から施行する」
_AFTER = re.compile(rf"[\s|:：)）]*(?:付け?で?|に|から|より|を以て|をもって|以降)?\s*(?:全面|一部)?({_WORDS})")
# A label right before it: 「制定日：」 「最終改定日 ： 」 「改定 」 (not 「更新認定年月日：」)
_BEFORE = re.compile(rf"({_WORDS})(?:日時|日付|年月日|日)?\s*[:：]?\s*[(（]?\s*$")
_CITATION = re.compile(r"\s*(?:法律|政令|省令|府令|内閣府令|規則|条例|告示)\s*第")
_LAW = re.compile(r"(?<!方)法(?!人)")
# A line that may hold a date: the full search is slow on Japanese text, and most lines have none.
_HINT = re.compile(r"年|[0-9０-９][./\-／．－][0-9０-９]")
# What a reader of a Markdown source does not see, besides front matter: fenced code, % comments.
_FENCE = re.compile(r"^ {0,3}(```|~~~)[\s\S]*?(?:^ {0,3}\1|\Z)", re.M)
_COMMENT = re.compile(r"^[ \t]*%[^\n]*", re.M)
_LINE_START = re.compile(r"[\s#>*+\-|]*(?:[0-9]+[.)]\s+)?")
_NOT_DATING = re.compile(r"\s*(?:に|から|より|以降|まで|は|の|、|,)")
# What in a Markdown source is not text a reader sees: front matter, comments, link targets, URLs.
_URL = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}


class StatedDate(NamedTuple):
    """One date as the text states it."""

    text: str  # as written (full-width and all)
    line: int
    date: dt.date | None  # the first day it names; None: no such day (see ``error``)
    precision: str  # "day", "month" or "year"
    role: str  # enacted, effective, revised, updated, dated (a line of its own), law, or ""
    error: str = ""  # why there is no such day

    @property
    def own(self) -> bool:
        """The policy states it as its own date (not a law's, not a date in prose)."""
        return self.role in OWN_ROLES

    def agrees(self, day: dt.date) -> bool:
        """``day`` is within the period stated: the day, the month or the year."""
        if self.date is None:
            return False
        same = (self.date.year, self.date.month, self.date.day)[: {"year": 1, "month": 2}.get(self.precision, 3)]
        return (day.year, day.month, day.day)[: len(same)] == same


def number(text: str) -> int:
    """An Arabic or kanji numeral: 28, 二十八, 二〇二三, 一五; 元 (the first year) is 1."""
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    if not any(c in _KANJI_UNITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for char in text:
        if char in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[char]
            current = 0
        else:
            current = current * 10 + _KANJI_DIGITS[char]
    return total + current


def _value(match: re.Match[str]) -> tuple[dt.date | None, str, str]:
    """The date a match names, its precision, and why it names none."""
    groups = match.groupdict()
    era = groups["era"] or _ERA_LETTERS.get(groups["aera"] or "", groups["aera"])
    year_text = groups["eyear"] or groups["year"] or groups["syear"] or groups["ayear"]
    month_text = groups["month"] or groups["smonth"] or groups["amonth"]
    day_text = groups["day"] or groups["sday"] or groups["aday"]
    year = number(year_text)
    if era:
        if year < 1:
            return None, "year", f"{era} has no year 0"
        year += ERAS[era].year - 1
    month = number(month_text) if month_text else None
    day = number(day_text) if day_text else None
    precision = "day" if day is not None else "month" if month is not None else "year"
    if not 1 <= year <= 9999:
        return None, precision, f"there is no year {year}"
    if month is not None and not 1 <= month <= 12:
        return None, precision, f"there is no month {month}"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
        return None, precision, f"{year}年{month}月 has {calendar.monthrange(year, month or 1)[1]} days"
    first = dt.date(year, month or 1, day or 1)
    last = dt.date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    if era:
        eras = list(ERAS)
        start = ERAS[era]
        following = eras.index(era) + 1
        end = ERAS[eras[following]] - dt.timedelta(days=1) if following < len(eras) else dt.date.max
        if last < start:
            return None, precision, f"{era} began on {start.isoformat()}"
        if first > end:
            return None, precision, f"{era} ended on {end.isoformat()} ({eras[following]} began the next day)"
    return first, precision, ""


def _role(before: str, after: str, first: bool) -> str:
    """What the words around a date say it is."""
    window = re.split(r"[。(（]", after, maxsplit=1)[0][:30]
    if (found := _AFTER.match(after)) is not None:
        word = found.group(1)
        return "law" if word in _LAW_EVENTS and _LAW.search(window[found.end() :]) else _ROLE_WORDS[word]
    if _CITATION.match(after) or (_LAW.search(window) and any(event in window for event in _LAW_EVENTS)):
        return "law"
    if (found := _BEFORE.search(before)) is not None:
        return _ROLE_WORDS[found.group(1)]
    if first and _LINE_START.fullmatch(before) and "。" not in after and not _NOT_DATING.match(after):
        return "dated"
    return ""


def _index(raw: str, text: str) -> list[int]:
    """For each character of ``text`` (``raw`` after NFKC), its index in ``raw``: to quote dates as written."""
    if text == raw:
        return list(range(len(raw) + 1))
    parts, index = [], []
    for position, char in enumerate(raw):
        part = unicodedata.normalize("NFKC", char)
        parts.append(part)
        index.extend([position] * len(part))
    return [*index, len(raw)]


def find_dates(text: str, first_line: int = 1) -> list[StatedDate]:
    """Every date in ``text`` (plain text), numbering its lines from ``first_line``."""
    found = []
    number_, counted, position = first_line, 0, 0
    while (hint := _HINT.search(text, position)) is not None:
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end
        number_ += text.count("\n", counted, start)
        counted, position = start, end + 1
        raw = text[start:end]
        line = unicodedata.normalize("NFKC", raw)
        index: list[int] = []  # worked out only for a line that has a date
        previous = 0
        for match in _DATE.finditer(line):
            index = index or _index(raw, line)
            date, precision, error = _value(match)
            role = _role(line[previous : match.start()], line[match.end() :], previous == 0)
            written = raw[index[match.start()] : index[match.end()]].strip()
            found.append(StatedDate(written, number_, date, precision, role, error))
            previous = match.end()
    return found


def dates_in_source(source: str) -> list[StatedDate]:
    """The dates of a MyST Markdown source, by its lines: not in front matter, comments, code or link targets."""
    blank = _blank_lines
    if source.startswith("---\n") and (end := source.find("\n---\n", 3)) > 0:
        source = "\n" * source.count("\n", 0, end + 4) + source[end + 4 :]
    # Each pattern only where it may match: tried at every position, they cost more than the rest.
    if "```" in source or "~~~" in source:
        source = _FENCE.sub(blank, source)
    if "%" in source:
        source = _COMMENT.sub(blank, source)
    if "](" in source or "http" in source:
        source = _URL.sub(lambda m: " " * len(m.group()), source)
    return find_dates(source)


def _blank_lines(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def latest_own(dates: list[StatedDate]) -> StatedDate | None:
    """The latest date the text states as its own (of two alike, the more precise)."""
    own = [d for d in dates if d.own and d.date is not None]
    rank = {"year": 0, "month": 1, "day": 2}
    return max(own, key=lambda d: (d.date, rank[d.precision]), default=None)
