"""Rule sets: what a policy of a kind must or should say, read from a TOML file legal can edit.

The default set for Japanese privacy policies ships in ``rules/privacy-ja.toml``.
A bad rule file never raises: each fault is a :class:`~policydocs.model.Problem`
naming the file, the line and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from policydocs.display_rules import read_display
from policydocs.model import Location, PolicyKind, Problem
from policydocs.notice_rules import read_each, read_plain
from policydocs.rule_model import RULES_DIR as RULES_DIR
from policydocs.rule_model import Element, Forbidden, Level, Rule, RuleSet, Substance
from policydocs.rule_model import default_rules_path as default_rules_path

_GROUP = re.compile(r"@(\w+)")


class _Reader:
    """Turns the TOML data into rules, recording each fault at its line."""

    def __init__(self, path: Path, text: str, groups: dict[str, list[str]]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.groups = groups
        self.problems: list[Problem] = []

    def line_of(self, needle: str, start: int = 0) -> int:
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if needle in line:
                return number
        return start or 1

    def key_line(self, key: str, rule_line: int) -> int:
        """The line of ``key = …`` within the rule that starts at ``rule_line``."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines[rule_line - 1 :], start=rule_line):
            if number > rule_line and line.strip().startswith("[[rule]]"):
                break
            if pattern.match(line):
                return number
        return rule_line

    def problem(self, line: int, message: str, fix: str) -> None:
        self.problems.append(Problem(Location(self.path, line), message, fix))

    def patterns(self, values: Any, line: int, key: str) -> tuple[re.Pattern[str], ...]:
        if values is None:
            return ()
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(line, f"'{key}' must be a list of patterns", f"write {key} = ['pattern', …]")
            return ()
        compiled = []
        for value in values:
            where = self.line_of(value, line - 1) if value else line
            expanded = self._expand(value, where)
            try:
                compiled.append(re.compile(expanded, re.IGNORECASE))
            except re.error as error:
                self.problem(where, f"pattern {value!r} is not a valid regular expression: {error}", "fix the pattern")
        return tuple(compiled)

    def _expand(self, pattern: str, line: int) -> str:
        def group(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.groups:
                known = ", ".join(f"@{g}" for g in self.groups) or "none"
                self.problem(line, f"unknown pattern group @{name}", f"use one of: {known}")
                return "(?!)"
            return "(?:" + "|".join(self.groups[name]) + ")"

        return _GROUP.sub(group, pattern)

    def date(self, value: Any, line: int, key: str) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.problem(line, f"'{key}' must be a date, not {value!r}", f"write {key} = YYYY-MM-DD")
        return None

    def substance(self, data: Any, line: int) -> Substance | None:
        if data is None:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
            self.problem(line, "'substance' must be a table with a 'groups' table", "see the header of the rule file")
            return None
        when = self.date(data.get("in_force"), line, "substance in_force")
        groups = tuple((str(k), self.patterns(v, line, f"substance group {k}")) for k, v in data["groups"].items())
        needed = data.get("needed_if", {})
        needed_if = tuple((str(k), self.patterns(v, line, f"needed_if {k}")) for k, v in needed.items())
        unknown = [name for name, _p in needed_if if name not in data["groups"]]
        if unknown:
            self.problem(line, f"needed_if names no group: {', '.join(unknown)}", "name a group of 'substance.groups'")
        present, review = data.get("present", 1), data.get("review", data.get("present", 1))
        if not isinstance(present, int) or not isinstance(review, int) or not 0 < review <= present:
            self.problem(line, "substance 'present' and 'review' must be counts", "write e.g. 3 and 1")
            return None
        if when is None:
            return None
        also = self.patterns(data.get("also_present"), line, "also_present")
        review_if = self.patterns(data.get("review_if"), line, "review_if")
        return Substance(when, groups, present, review, also, needed_if, review_if, str(data.get("review_if_why", "")))

    def forbids(self, entries: Any, line: int, in_force: dt.date) -> tuple[Forbidden, ...]:
        """``[[rule.forbids]]`` entries: the void clause's patterns, its carve-out, its date and why."""
        found = []
        for entry in entries if isinstance(entries, list) else [entries]:
            where = self.key_line("patterns", line)
            if not isinstance(entry, dict) or not entry.get("patterns") or not isinstance(entry.get("why"), str):
                self.problem(where, 'a forbids entry needs patterns = [...] and why = "..."', "add both")
                continue
            when = self.date(entry["in_force"], where, "forbids in_force") if "in_force" in entry else in_force
            found.append(
                Forbidden(
                    in_force=when or in_force,
                    patterns=self.patterns(entry["patterns"], where, "forbids patterns"),
                    unless=self.patterns(entry.get("unless"), where, "forbids unless"),
                    review=bool(entry.get("review", False)),
                    why=entry["why"],
                    basis=str(entry.get("basis", "")),
                )
            )
        return tuple(found)

    def basis_history(self, entries: Any, line: int) -> tuple[tuple[dt.date, str], ...]:
        """``[[rule.basis_history]]`` entries (``until``, ``basis``), checked and sorted by date."""
        history = []
        for entry in entries if isinstance(entries, list) else [entries]:
            where = self.key_line("until", line)
            if not isinstance(entry, dict) or not isinstance(entry.get("basis"), str):
                self.problem(where, 'a basis_history entry needs until = YYYY-MM-DD and basis = "…"', "add both")
                continue
            until = self.date(entry.get("until"), where, "basis_history until")
            if until is not None:
                history.append((until, entry["basis"]))
        return tuple(sorted(history))

    def rule(self, data: dict[str, Any], seen: set[str]) -> Rule | None:
        rule_id = data.get("id")
        line = self.line_of(f'"{rule_id}"') if isinstance(rule_id, str) else 1
        if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", rule_id):
            self.problem(line, f"rule id {rule_id!r} is not a lower-case identifier", 'write id = "snake_case"')
            return None
        if rule_id in seen:
            self.problem(line, f"rule id {rule_id!r} is used twice", "give each rule its own id")
            return None
        seen.add(rule_id)
        missing = [k for k in ("name_ja", "name_en", "basis", "level", "in_force") if k not in data]
        if missing:
            self.problem(line, f"rule {rule_id!r} has no {', '.join(missing)}", "add the missing keys")
            return None
        try:
            level = Level(data["level"])
        except ValueError:
            self.problem(
                self.key_line("level", line),
                f"rule {rule_id!r} has unknown level {data['level']!r}",
                "use must, must-if-applicable or should",
            )
            return None
        in_force = self.date(data["in_force"], self.key_line("in_force", line), "in_force")
        scope = data.get("requires_scope", "section")
        if scope not in ("section", "policy"):
            self.problem(line, f"requires_scope {scope!r} is neither 'section' nor 'policy'", "use one of them")
        if in_force is None:
            return None
        elements = []
        for element in data.get("element", []):
            when = self.date(element.get("in_force"), line, "element in_force")
            elements.append(
                Element(
                    name_ja=str(element.get("name_ja", "")),
                    name_en=str(element.get("name_en", "")),
                    in_force=when or in_force,
                    patterns=self.patterns(element.get("patterns", []), line, "patterns"),
                    organisation_name=bool(element.get("organisation_name", False)),
                    bodies=tuple(element.get("bodies", ())),
                    title=bool(element.get("title", False)),
                )
            )
        history = self.basis_history(data.get("basis_history", []), line)
        return Rule(
            id=rule_id,
            name_ja=str(data["name_ja"]),
            name_en=str(data["name_en"]),
            basis=str(data["basis"]),
            level=level,
            in_force=in_force,
            headings=self.patterns(data.get("headings"), line, "headings"),
            body=self.patterns(data.get("body"), line, "body"),
            needs_content=bool(data.get("needs_content", False)),
            requires=self.patterns(data.get("requires"), line, "requires"),
            requires_text=tuple(str(p) for p in data.get("requires") or ()),
            requires_scope=scope,
            applies_if=self.patterns(data.get("applies_if"), line, "applies_if"),
            elements=tuple(elements),
            line=line,
            stated_dates=bool(data.get("stated_dates", False)),
            basis_history=history,
            not_evidence=self.patterns(data.get("not_evidence"), line, "not_evidence"),
            not_under=self.patterns(data.get("not_under"), line, "not_under"),
            weak=self.patterns(data.get("weak"), line, "weak"),
            weak_why=str(data.get("weak_why", "")),
            narrow=self.patterns(data.get("narrow"), line, "narrow"),
            narrow_why=str(data.get("narrow_why", "")),
            named_without_means_review=bool(data.get("named_without_means_review", False)),
            substance=self.substance(data.get("substance"), self.line_of("[rule.substance]", line - 1)),
            forbids=self.forbids(data.get("forbids", []), line, in_force),
            each=read_each(data.get("each"), self.line_of("[rule.each]", line - 1), self),
            plain=read_plain(data.get("plain"), self.line_of("[rule.plain]", line - 1), self),
            display=read_display(data.get("display"), self.line_of("[rule.display]", line - 1), self, in_force),
        )


def load_rules(path: Path) -> tuple[RuleSet | None, list[Problem]]:
    """Read a rule set; on faults, return what could be read and every problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, [Problem(Location(path, 0), f"cannot read the rule file: {error.strerror}", "check the path")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else 1
        return None, [Problem(Location(path, line), f"the rule file is not valid TOML: {error}", "fix the TOML syntax")]
    groups = {k: v for k, v in data.get("patterns", {}).items() if isinstance(v, list)}
    reader = _Reader(path, text, groups)
    try:
        kind = PolicyKind(data.get("kind"))
    except ValueError:
        expected = path.name.removesuffix("-ja.toml")
        fix = f'write kind = "{expected}" (a kind is declared by its file, rules/<kind>-ja.toml)'
        reader.problem(reader.line_of("kind"), f"unknown policy kind {data.get('kind')!r}", fix)
        return None, reader.problems
    seen: set[str] = set()
    rules = tuple(rule for entry in data.get("rule", []) if (rule := reader.rule(entry, seen)) is not None)
    ruleset = RuleSet(kind, str(data.get("title_ja", "")), str(data.get("title_en", "")), rules, path)
    return ruleset, reader.problems
