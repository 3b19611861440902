"""The checker's memory: findings on texts already checked, kept between runs.

A text's findings depend only on its bytes, where it is, the organisation's
facts, the day whose law applies, the rules and the checker's own code. The
cache keys each text by the first four and names its file after the rule file
and a fingerprint of the last two,
so an edited rule file or a new version of policydocs starts a fresh cache and
nothing stale is ever served. Frozen revisions never change, so on a site with
thousands of them a check reads and hashes them and parses none.

Findings are stored as plain values (their rule by id, their verdict by name,
their line), which loads many times faster than the objects: a warm check of a
thousand policies reads a hundred thousand of them. The file is replaced
atomically (:mod:`policydocs.cache_files`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.cache_files import CacheFile, fingerprint
from policydocs.findings import Finding, Verdict
from policydocs.model import BodyKind, Location, Problem
from policydocs.rule_model import RuleSet

# The modules whose code decides a finding: a change to any of them invalidates the cache.
_CODE = (
    "checker.py",
    "diffing.py",
    "rules.py",
    "rule_model.py",
    "loader.py",
    "front_matter.py",
    "model.py",
    "check_cache.py",
    "stated_dates.py",
    "stated_date_check.py",
    # The checker's layers: a change to any of them changes findings, so it starts a new cache.
    "policy_text.py",
    "recognise.py",
    "judge.py",
    "findings.py",
    "substance.py",
    "defects.py",
    "notice_rules.py",
    "notice_units.py",
    "per_unit.py",
    "display_rules.py",
    "display_rows.py",
    "display_items.py",
    "display_names.py",
    "plain_language.py",
    "page_title.py",
    "legal_forms.py",
    "revisions.py",
    "markdown_nesting.py",
)

Key = tuple[str, str, dt.date, str, BodyKind | None]
# A finding as plain values: rule id, verdict, line, detail, section; the path if not the text's own.
PackedFinding = tuple[str, str, int, str, str, str | None]
Entry = tuple[tuple[PackedFinding, ...], tuple[Problem, ...]]  # the text's findings, and its label problems


@dataclass
class CheckCache(CacheFile[Key, Entry]):
    """Findings by text, in one file per rule file and fingerprint."""

    # Each entry's findings as made by this process, with the packed entry they were made from: a process
    # that checks again and again (the preview, before every rebuild) made the same findings from the same
    # cache each time, 0.55 s of a cached check's 0.8 s at 5,000 documents.
    made: dict[Key, tuple[tuple[PackedFinding, ...], tuple[Finding, ...]]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, directory: Path | None, rules: RuleSet) -> CheckCache:
        """The cache for ``rules`` in ``directory``; without a directory, one that remembers nothing."""
        if directory is None:
            return cls(None)
        return cls.at(directory / f"check-{rules.path.stem}-{fingerprint(_CODE, rules.path)}.pickle")

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: Key, findings: tuple[PackedFinding, ...], problems: tuple[Problem, ...]) -> None:
        self.remember(key, (findings, problems))

    def findings(
        self, rules: RuleSet, path: Path, key: Key, packed: tuple[PackedFinding, ...]
    ) -> tuple[Finding, ...] | None:
        """:func:`unpack_findings`, made once per entry of a resident cache.

        The findings made by an earlier check hold that check's rule objects: the same rules, as the
        file's name holds the rule file's digest.
        """
        made = self.made.get(key)
        if made is not None and made[0] is packed:
            return made[1]
        findings = unpack_findings(rules, path, packed)
        if findings is not None and self.path is not None:
            self.made[key] = (packed, findings)
        return findings

    def save(self, stale: str = "") -> None:
        """Write the cache if it learnt something; a cache that cannot be written is only a slower next run."""
        if self.path is not None:
            # Older caches of the same rule file only; other rule files (other kinds) keep theirs.
            stem = self.path.name.rsplit("-", 1)[0]
            super().save(stale or f"{stem}-{'?' * 16}.pickle")


def text_key(path: Path, digest: str, law_date: dt.date, organisation_name: str, body: BodyKind | None) -> Key:
    return (str(path), digest, law_date, organisation_name, body)


def pack_findings(path: Path, findings: tuple[Finding, ...]) -> tuple[PackedFinding, ...]:
    """Findings on the text at ``path`` as plain values, as the cache keeps them."""
    return tuple(
        (
            f.rule.id,
            f.verdict.value,
            f.location.line,
            f.detail,
            f.section,
            None if f.location.path == path else str(f.location.path),
        )
        for f in findings
    )


_VERDICTS = {verdict.value: verdict for verdict in Verdict}


def unpack_findings(rules: RuleSet, path: Path, packed: tuple[PackedFinding, ...]) -> tuple[Finding, ...] | None:
    """The findings :func:`pack_findings` kept, with ``rules``' own rule objects; None if not what it writes."""
    by_id, make = rules.by_id, Finding._make
    try:
        return tuple(
            [
                make((by_id[rule], _VERDICTS[verdict], Location(Path(other) if other else path, line), detail, section))
                for rule, verdict, line, detail, section, other in packed
            ]
        )
    except (KeyError, TypeError, ValueError):
        return None  # not what this version writes: check the text afresh
