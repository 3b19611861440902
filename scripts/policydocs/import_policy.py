"""``policydocs import``: one source brought onto the site, as the files an editor would write.

read (:mod:`.import_sources`) → structure (:mod:`.import_structure`) → MyST (:mod:`.import_myst`)
→ fidelity (:mod:`.import_fidelity`) → files. Nothing is written unless every character of the
source reaches the page. ``policies/<org>/index.md`` is written only when missing. The policy's
current text is written when new; over a current text that is frozen (recorded in its
``revisions.lock``) the import is the policy's next revision, which needs its own date (stated
or ``--effective``); over one that is not frozen (edits not yet published) only with ``force``.

Freezing stays the editor's act (``policydocs snapshot``): a frozen text never changes, and
an imported one holds guesses to check first, so the import ends by naming that step instead
of taking it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.import_facts import Facts, index_page, read_facts
from policydocs.import_fidelity import lost_text
from policydocs.import_formats import read_source
from policydocs.import_myst import stated_date, write_myst
from policydocs.import_sources import STDIN, Hint, ImportSourceError, SourceDocument
from policydocs.import_structure import BlockKind, Structure, read_structure
from policydocs.kinds import kind_ids
from policydocs.locks import read_lock
from policydocs.model import Location, PolicyKind, Problem
from policydocs.schema import SLUG_RULE, implausible, is_slug
from policydocs.stated_dates import StatedDate


@dataclass(frozen=True)
class Note:
    """One line of the import's report: where, and what was recognised or guessed there."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Imported:
    """What an import did: the files written, what it recognised and guessed, and the next step."""

    policy_path: Path
    index_path: Path | None  # written, or None if it was there already
    recognised: list[Note] = field(default_factory=list)
    guesses: list[Note] = field(default_factory=list)
    unchanged: bool = False  # the policy already had exactly this text
    next_revision: bool = False  # written over a frozen text, as its next revision
    next_step: str = ""


def _refuse(path: Path, line: int, message: str, fix: str) -> ImportSourceError:
    return ImportSourceError(Problem(Location(path, line), message, fix))


def parse_effective(value: str | None) -> dt.date | None:
    """``--effective``: a day as YYYY-MM-DD between the years the site accepts."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _refuse(Path("--effective"), 0, f"'{value}' is not a date", "write it as YYYY-MM-DD") from None
    if why := implausible(day):
        raise _refuse(Path("--effective"), 0, why, "give the day the text takes effect")
    return day


def _stated(document: SourceDocument) -> StatedDate | None:
    lines = [(line.text, line.line) for line in document.lines if line.hint is not Hint.BLANK]
    found = stated_date(lines)
    if found is None:
        return None
    whole = next(text.strip() for text, number in lines if number == found.line)
    # A short date line is kept whole (「最終更新日:2020年9月25日」), as editors write date_as_stated.
    return found._replace(text=whole) if len(whole) <= 40 else found


def _frozen(policy_path: Path, archive: Path) -> bool:
    digest = hashlib.sha256(policy_path.read_bytes()).hexdigest()
    lock = read_lock(archive / "revisions.lock", [])
    return any(entry.sha256 == digest for entry in lock.entries.values())


def _report(
    document: SourceDocument,
    structure: Structure,
    facts: Facts,
    stated: StatedDate | None,
    effective: dt.date | None,
    given: bool,
) -> list[Note]:
    where = document.where
    notes = [Note(where(structure.title_line), f"title: {structure.title} ({structure.title_from})")]
    if given:
        notes.append(Note(where(0), f"effective: {effective} (given with --effective)"))
    elif stated is not None:
        notes.append(Note(where(stated.line), f"date: {stated.text} → effective: {effective}"))
    else:
        notes.append(Note(where(0), "date: none stated → effective: unknown"))
    if facts.name:
        notes.append(Note(where(facts.name_line), f"organisation: {facts.name} (body: {facts.body})"))
    for label, text, line in facts.stated:
        notes.append(Note(where(line), f"{label}: {text}"))
    sections = structure.count(BlockKind.HEADING)
    lists = structure.count(BlockKind.LIST)
    blocks = structure.count(BlockKind.LINES)
    notes.append(Note(where(1), f"{sections} sections, {lists} lists, {blocks} blocks of lines"))
    return notes


def import_policy(
    source: Path,
    site: Path,
    org: str,
    kind: str = PolicyKind.PRIVACY.value,
    *,
    name_en: str = "",
    effective: str | None = None,
    force: bool = False,
) -> Imported:
    """Import ``source`` as the ``kind`` policy of ``org`` in the site at ``site``; refuses with ImportSourceError."""
    directory = site / "policies" / org
    if not is_slug(org):
        raise _refuse(directory, 0, f"'{org}' is not a slug", f"give --org as {SLUG_RULE}")
    if kind not in kind_ids():
        known = ", ".join(kind_ids())
        raise _refuse(Path(source), 0, f"'{kind}' is not a kind of policy", f"use --kind with one of: {known}")
    given = parse_effective(effective)
    document = read_source(source)
    if not any(line.text.strip() for line in document.lines):
        raise _refuse(document.path, 0, "holds no text", "give the file that holds the policy's text")
    structure = read_structure(document, kind)
    stated = _stated(document)
    day = given or (stated.date if stated else None)
    name = "standard input" if str(source) == STDIN else Path(source).name
    written = write_myst(structure, org, kind, effective=day, stated=stated, source=name, base=document.url)
    lost = lost_text(document, written.text)
    if lost is not None:
        raise ImportSourceError(lost)
    policy_path = directory / f"{kind}.md"
    outcome = Imported(policy_path, None)
    if policy_path.exists() and not policy_path.is_file():
        raise _refuse(policy_path, 0, "is not a file", "remove it, or import into another organisation")
    if policy_path.is_file():
        if policy_path.read_bytes() == written.text.encode("utf-8"):
            outcome.unchanged = True
        elif _frozen(policy_path, directory / kind):
            if day is None:
                raise _refuse(
                    document.path,
                    0,
                    "the new text states no date, so it cannot become the next revision",
                    "give its effective date with --effective YYYY-MM-DD",
                )
            if (directory / kind / f"{day.isoformat()}.md").exists():
                raise _refuse(
                    directory / kind / f"{day.isoformat()}.md",
                    0,
                    f"a revision of {day} is already frozen with another text",
                    "give the new text's own effective date with --effective YYYY-MM-DD",
                )
            outcome.next_revision = True
        elif not force:
            raise _refuse(
                policy_path,
                1,
                "exists and its text is not frozen (edits not yet published)",
                "pass --force to overwrite it, or `policydocs snapshot` it first to keep it as a revision",
            )
    facts = read_facts(structure, name_en)
    index_path = directory / "index.md"
    directory.mkdir(parents=True, exist_ok=True)
    if not index_path.exists():
        index_path.write_text(index_page(facts, org), encoding="utf-8")
        outcome.index_path = index_path
    if not outcome.unchanged:
        policy_path.write_text(written.text, encoding="utf-8")
    outcome.recognised = _report(document, structure, facts, stated, day, given is not None)
    where = document.where
    outcome.guesses = [Note(where(g.line), g.message) for g in structure.guesses]
    if stated is not None and stated.precision != "day" and given is None:
        outcome.guesses.append(
            Note(
                where(stated.line),
                f"'{stated.text}' names no day: effective is {day}, its "
                "first day; give --effective if another day is meant",
            )
        )
    if stated is not None and given is not None and not stated.agrees(given):
        outcome.guesses.append(
            Note(
                where(stated.line),
                f"the text states '{stated.text}', not {given}: the build "
                "warns (policy.stated_date) until the text or --effective is corrected",
            )
        )
    outcome.guesses += [Note(where(n.line), f"link '{n.text}' ({n.href}) kept as text: {n.why}") for n in written.links]
    if outcome.index_path is not None:
        outcome.guesses += [Note(Location(index_path, 0), f"left for the editor: {m}") for m in facts.missing]
    outcome.next_step = f"policydocs snapshot {org}/{kind}"
    return outcome
