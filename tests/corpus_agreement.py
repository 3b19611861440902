"""How far the checker agrees with hand readings of real documents, for any kind of policy.

One measure for every corpus under ``tests/corpus/<kind>/``: each document's ``reading.toml``
judges every rule of the kind, written by hand before the checker ran on it; the checker's
verdict on the same text, by the law on the document's stated date, either equals the
reading's or not. An item the rule set does not check counts as a disagreement.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.checker import Context, PolicyText, check_text
from policydocs.legal_forms import legal_form_of
from policydocs.model import BodyKind, PolicyKind
from policydocs.rules import default_rules_path, load_rules

CORPUS = Path(__file__).resolve().parent / "corpus"
READ_ON = dt.date(2026, 11, 29)  # the day the readings judged undated texts by
# The reading's legal form as a body kind: its own value where the model has it, else what the
# organisation's name states (a reading says "other" for forms it had no word for).
_READING_FORMS = {"school-corporation": "gakko-hojin"}


def documents(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if (p / "reading.toml").is_file()) if directory.is_dir() else []


def reading_of(document: Path) -> dict:
    return tomllib.loads((document / "reading.toml").read_text(encoding="utf-8"))


def body_of(source: dict) -> BodyKind | None:
    value = _READING_FORMS.get(source.get("body", ""), source.get("body", ""))
    if value in {kind.value for kind in BodyKind}:
        return BodyKind(value)
    form = legal_form_of(source.get("organisation", ""))
    return form.kind if form is not None else None


def law_date_of(source: dict) -> dt.date:
    effective = source.get("effective", "unknown")
    return READ_ON if effective == "unknown" else dt.date.fromisoformat(effective)


@dataclass
class Agreement:
    """Agreeing (document, item) pairs, counted overall, per level and per item."""

    agree: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    disagreements: list[tuple[str, str, str, str]] = field(default_factory=list)  # document, item, read, checked

    def share(self, key: str = "all") -> float:
        return self.agree[key] / self.total[key] if self.total[key] else 0.0

    def lines(self, label: str) -> list[str]:
        keys = sorted(self.total, key=lambda k: (k != "all", not k.startswith("level"), k))
        return [f"{label} agreement {key}: {self.agree[key]}/{self.total[key]} = {self.share(key):.1%}" for key in keys]


def measure(kind: str, directory: Path | None = None) -> Agreement:
    """The checker's verdicts against the readings of every document of ``kind``."""
    rules, _problems = load_rules(default_rules_path(PolicyKind(kind)))
    levels = {rule.id: rule.level.value for rule in rules.rules}
    result = Agreement()
    for document in documents(directory or CORPUS / kind):
        reading = reading_of(document)
        source = reading["source"]
        context = Context(law_date_of(source), source["organisation"], body_of(source))
        findings = check_text(rules, PolicyText.read(document / "policy.md"), context)
        checked = {finding.rule.id: str(finding.verdict) for finding in findings}
        for item, verdict in reading["reading"].items():
            expected = verdict["verdict"]
            got = checked.get(item, "unchecked")
            for key in ("all", f"level {levels.get(item, 'unchecked')}", f"item {item}"):
                result.total[key] += 1
                result.agree[key] += got == expected
            if got != expected:
                result.disagreements.append((document.name, item, expected, got))
    return result


def privacy_corpus_site(root: Path, conf: Path) -> Path:
    """A site under ``root`` (with ``conf`` as its conf.py) whose organisations are the real privacy
    policies of ``tests/corpus/privacy/``, each with a one-line organisation page."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "index.md").write_text("# 実在のポリシー\n\n```{policy-index}\n```\n", encoding="utf-8")
    for document in documents(CORPUS / "privacy"):
        slug = document.name.lower()
        text = (document / "policy.md").read_text(encoding="utf-8")
        name = text.split("organisation:", 1)[1].split("\n", 1)[0].strip()
        target = root / "policies" / slug
        target.mkdir(parents=True)
        (target / "privacy.md").write_text(text.replace(f"organisation: {name}", f"organisation: {slug}", 1), "utf-8")
        (target / "index.md").write_text(
            f"---\norganisation:\n  name: {slug}\n  name_en: {slug}\n  body: club\n---\n\n# {slug}\n", "utf-8"
        )
    return root
