"""The translators' glossary: Japanese legal terms and the English every catalog must use for them."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from policydocs.model import Location, Problem

GLOSSARY_FILE = "glossary.toml"


@dataclass(frozen=True)
class Term:
    ja: str
    en: str
    forms: tuple[re.Pattern[str], ...]

    def used_in(self, english: str) -> bool:
        return self.en.lower() in english.lower() or any(form.search(english) for form in self.forms)


def load_glossary(path: Path) -> tuple[list[Term], list[Problem]]:
    if not path.exists():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        where = Location(path, int(match.group(1)) if match else 1)
        return [], [Problem(where, f"the glossary is not valid TOML: {error}", "fix the TOML syntax")]
    terms, problems = [], []
    for entry in data.get("term", []):
        try:
            forms = tuple(re.compile(f, re.IGNORECASE) for f in entry.get("forms", []))
            terms.append(Term(str(entry["ja"]), str(entry["en"]), forms))
        except (KeyError, re.error) as error:
            line = next((n for n, row in enumerate(text.splitlines(), 1) if str(entry.get("ja", "\0")) in row), 1)
            problems.append(
                Problem(Location(path, line), f"bad glossary entry: {error}", "give ja, en and valid forms")
            )
    # Longer terms first: 保有個人データ is checked as itself, not as 個人データ.
    return sorted(terms, key=lambda t: -len(t.ja)), problems


def glossary_problems(terms: list[Term], catalog_path: Path) -> list[Problem]:
    """Finished translations in a catalog that render a glossary term otherwise."""
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        japanese, english = str(message.id), str(message.string)
        for term in terms:
            if term.ja not in japanese:
                continue
            # A shorter term inside a longer one (個人情報 in 個人情報保護法) is judged with the longer.
            japanese = japanese.replace(term.ja, "\u25a1")
            if not term.used_in(english):
                problems.append(
                    Problem(
                        Location(catalog_path, message.lineno),
                        f"「{term.ja}」 is not translated as {term.en!r}: {english[:60]!r}",
                        f"use {term.en!r} (see the glossary), or add the form used to its 'forms'",
                    )
                )
                break
    return problems
