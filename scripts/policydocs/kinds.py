"""The kinds of policy the site publishes, as declared by the rule files under ``rules/``.

Each ``rules/<kind>-ja.toml`` declares one kind: its id (``kind``, also its file name and its URL
segment), its name in each language (``name_ja``, ``name_en``) and its rules, which may be none (a
kind with no legal checklist, such as a security policy, is shown as such rather than as compliant).
Adding a kind is adding a file: the loader, schema, pages, search and import read the list from here.

This module reads only the declaration; :mod:`policydocs.rules` reads and checks the rules themselves
and reports a faulty file at its line. It imports nothing of the package, so that the model may use it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent / "rules"
SUFFIX = "-ja.toml"
_ID = re.compile(r"^[a-z][a-z0-9-]*$")  # a URL segment and a file stem


@dataclass(frozen=True)
class KindDeclaration:
    """One kind as its rule file declares it."""

    id: str
    name_ja: str
    name_en: str
    path: Path
    rule_count: int  # 0: no legal checklist

    def name(self, language: str) -> str:
        return self.name_ja if language == "ja" else self.name_en

    @property
    def has_rules(self) -> bool:
        return self.rule_count > 0


def _declaration(path: Path) -> KindDeclaration | None:
    """The kind ``path`` declares; None when it declares none that can be used (rules.py says why)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    kind = data.get("kind")
    # The id is the file's name, so that a policy's kind always finds its one rule file.
    if not isinstance(kind, str) or kind != path.name.removesuffix(SUFFIX) or not _ID.match(kind):
        return None
    rules = data.get("rule", [])
    name_ja, name_en = data.get("name_ja"), data.get("name_en")
    return KindDeclaration(
        kind,
        name_ja if isinstance(name_ja, str) and name_ja.strip() else kind,
        name_en if isinstance(name_en, str) and name_en.strip() else kind,
        path,
        len(rules) if isinstance(rules, list) else 0,
    )


@cache
def declared(rules_dir: Path = RULES_DIR) -> dict[str, KindDeclaration]:
    """Every kind declared under ``rules_dir``, privacy first (the site's first kind), then by id."""
    found = (_declaration(path) for path in sorted(rules_dir.glob(f"*{SUFFIX}")))
    kinds = {d.id: d for d in found if d is not None}
    return dict(sorted(kinds.items(), key=lambda item: (item[0] != "privacy", item[0])))


def kind_ids() -> list[str]:
    return list(declared())


def declaration(kind: str) -> KindDeclaration | None:
    return declared().get(str(kind))


def kind_name(kind: str, language: str) -> str:
    """The kind's name in ``language`` ("プライバシーポリシー", "Privacy policy")."""
    found = declaration(kind)
    return found.name(language) if found else str(kind)


def known_kinds_text() -> str:
    return ", ".join(kind_ids())


def has_checklist(kind: str) -> bool:
    """Whether policies of ``kind`` are checked against rules (False: shown as having no legal checklist)."""
    found = declaration(kind)
    return found is not None and found.has_rules
