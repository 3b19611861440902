"""The checker's memory: findings on texts already checked, kept between runs.

A text's findings depend only on its bytes, where it is, the organisation's
facts, the day whose law applies, the rules and the checker's own code. The
cache keys each text by the first four and names its file after the rule file
and a fingerprint of the last two,
so an edited rule file or a new version of policydocs starts a fresh cache and
nothing stale is ever served. Frozen revisions never change, so on a site with
thousands of them a check reads and hashes them and parses none.

Findings are stored with their rules by id (each rule is written once, in the
rule file, not once per finding), which keeps the file small and fast to load;
it is replaced atomically, so two builds writing at once leave one whole
cache, never a torn one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from policydocs.model import BodyKind, Problem
from policydocs.rules import Rule, RuleSet

# The modules whose code decides a finding: a change to any of them invalidates the cache.
_CODE = ("checker.py", "diffing.py", "rules.py", "loader.py", "model.py", "check_cache.py")

Key = tuple[str, str, dt.date, str, BodyKind | None]
Entry = tuple[tuple[Any, ...], tuple[Problem, ...]]  # the text's findings, and its label problems


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> str | None:
        return obj.id if isinstance(obj, Rule) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, stream: BinaryIO, rules: RuleSet) -> None:
        super().__init__(stream)
        self.rules = {rule.id: rule for rule in rules.rules}

    def persistent_load(self, pid: object) -> Rule:
        try:
            return self.rules[str(pid)]
        except KeyError:
            raise pickle.UnpicklingError(f"no rule {pid!r}") from None


def fingerprint(rules: RuleSet) -> str:
    """What, besides the text, decides findings: the rule file and the checker's code."""
    digest = hashlib.sha256(rules.path.read_bytes())
    package = Path(__file__).parent
    for name in _CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class CheckCache:
    """Findings by text, loaded from and saved to one file per fingerprint."""

    path: Path | None
    entries: dict[Key, Entry] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, directory: Path | None, rules: RuleSet) -> CheckCache:
        """The cache for ``rules`` in ``directory``; without a directory, one that remembers nothing."""
        if directory is None:
            return cls(None)
        path = directory / f"check-{rules.path.stem}-{fingerprint(rules)}.pickle"
        try:
            with path.open("rb") as stream:
                entries = _Unpickler(stream, rules).load()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            entries = {}  # missing or unreadable: check afresh and write a new one
        return cls(path, entries if isinstance(entries, dict) else {})

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: Key, findings: tuple[Any, ...], problems: tuple[Problem, ...]) -> None:
        if self.path is not None:
            self.entries[key] = (findings, problems)
            self.changed = True

    def save(self) -> None:
        """Write the cache if it learnt something; a cache that cannot be written is only a slower next run."""
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with temporary.open("wb") as stream:
                _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(self.entries)
            os.replace(temporary, self.path)
        except OSError:
            return
        # Older caches of the same rule file only; other rule files (other kinds) keep theirs.
        stem = self.path.name.rsplit("-", 1)[0]
        for stale in self.path.parent.glob("check-*.pickle"):
            if stale != self.path and stale.name.rsplit("-", 1)[0] == stem:
                stale.unlink(missing_ok=True)


def text_key(path: Path, digest: str, law_date: dt.date, organisation_name: str, body: BodyKind | None) -> Key:
    return (str(path), digest, law_date, organisation_name, body)
