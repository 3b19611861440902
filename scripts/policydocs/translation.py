"""Message catalogs: extract, merge with translation memory, and report status.

Extraction is Sphinx's gettext builder (always from scratch). Merging follows
sphinx-intl: every existing translation is kept and a changed message becomes
fuzzy with its previous English as the suggestion. On top of that, every
message whose Japanese is translated anywhere in the site is filled in from
that translation memory (exactly, or as a fuzzy suggestion when only close),
so a new revision or document starts translated. Catalogs are written only
when their content changed, with a complete header that does not churn.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, denormalize, read_po
from sphinx_intl.catalog import dump_po, load_po, update_with_fuzzy

from policydocs.glossary import GLOSSARY_FILE, glossary_problems, load_glossary
from policydocs.model import Location, Problem
from policydocs.project import Project

LINE_WIDTH = 76  # sphinx-intl's default, so both tools write the same files
CLOSE_MATCH = 0.8  # how alike two Japanese messages must be for one's English to be suggested
TRANSLATOR = "policydocs translators"


@dataclass(frozen=True)
class CatalogUpdate:
    """What an update did."""

    returncode: int
    created: tuple[Path, ...] = ()
    updated: tuple[Path, ...] = ()
    unchanged: int = 0
    from_memory: int = 0  # messages filled exactly from another catalog
    suggested: int = 0  # messages given a fuzzy suggestion from a close one
    errors: tuple[str, ...] = ()


def extract(project: Project, pot_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run Sphinx's gettext builder: one ``.pot`` per document under ``pot_dir``."""
    # -E: extraction must reflect the sources and the extension exactly, never a stale doctree.
    # Not -W: a policy's content warnings (a draft, a gap) must not stop translators' work.
    command = [sys.executable, "-m", "sphinx", "build", "-b", "gettext", "-E", "-q"]
    command += ["-d", str(pot_dir.parent / "doctrees" / "gettext"), str(project.srcdir), str(pot_dir)]
    return subprocess.run(command, cwd=project.srcdir, capture_output=True, text=True, check=False)


def load_catalog(path: Path) -> Catalog:
    """A catalog with its fuzzy entries' previous Japanese (``#| msgid``), which babel does not read back."""
    catalog = load_po(str(path))
    for message in catalog:
        # babel reads "#| msgid …" back as a translator comment; it is the previous id, restored below.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    previous: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#| msgid "):
            previous = [line[len("#| msgid ") :]]
        elif line.startswith('#| "') and previous:
            previous.append(line[3:])
        elif line.startswith("msgid ") and previous:
            current = [line[len("msgid ") :]]
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif current is not None:
            message = catalog.get(denormalize("\n".join(current)))
            if message is not None:
                message.previous_id = [denormalize("\n".join(previous))]
            previous, current = [], None
    return catalog


def catalogs_of(project: Project, language: str) -> dict[str, Path]:
    """The catalogs of one language, by the document they translate."""
    root = project.locale_dir / language / "LC_MESSAGES"
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in sorted(root.rglob("*.po"))}


def translation_memory(catalogs: list[Catalog]) -> dict[str, str]:
    """Every finished translation in the catalogs, by its Japanese."""
    memory: dict[str, str] = {}
    for catalog in catalogs:
        # Obsolete entries too: a paragraph removed from one text may return in another.
        for message in [*catalog, *catalog.obsolete.values()]:
            if message.id and message.string and not message.fuzzy:
                memory.setdefault(str(message.id), str(message.string))
    return memory


def fill_from_memory(catalog: Catalog, memory: dict[str, str]) -> tuple[int, int]:
    """Translate what the memory knows; suggest (fuzzy) what it nearly knows. Returns (exact, suggested)."""
    exact = suggested = 0
    keys = list(memory)
    for message in catalog:
        if not message.id or (message.string and not message.fuzzy):
            continue
        if message.id in memory:
            message.string = memory[str(message.id)]
            message.flags.discard("fuzzy")
            exact += 1
        elif not message.string:
            close = difflib.get_close_matches(str(message.id), keys, n=1, cutoff=CLOSE_MATCH)
            if close:
                message.string = memory[close[0]]
                message.flags.add("fuzzy")
                message.previous_id = [close[0]]
                suggested += 1
    return exact, suggested


def _settle_header(catalog: Catalog, previous: Catalog | None) -> None:
    """A header msgfmt --check accepts, and that does not change when the messages did not."""
    if previous is not None and [m.id for m in previous if m.id] == [m.id for m in catalog if m.id]:
        catalog.creation_date = previous.creation_date
    catalog.revision_date = catalog.creation_date
    catalog.last_translator = TRANSLATOR
    catalog.language_team = f"{catalog.locale} <translators@policydocs.invalid>" if catalog.locale else TRANSLATOR
    catalog.fuzzy = False


def _render(catalog: Catalog) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        # include_previous: a fuzzy entry shows translators the Japanese it was translated from (#| msgid).
        dump_po(handle.name, catalog, width=LINE_WIDTH, ignore_obsolete=False, include_previous=True)
        return Path(handle.name).read_bytes()


def merge(pot_dir: Path, project: Project, language: str) -> CatalogUpdate:
    """Create or update every catalog of ``language`` from the templates in ``pot_dir``."""
    existing = catalogs_of(project, language)
    loaded = {docname: load_catalog(path) for docname, path in existing.items()}
    memory = translation_memory(list(loaded.values()))
    created: list[Path] = []
    updated: list[Path] = []
    unchanged = exact_total = suggested_total = 0
    for pot in sorted(pot_dir.rglob("*.pot")):
        docname = pot.relative_to(pot_dir).with_suffix("").as_posix()
        target = project.locale_dir / language / "LC_MESSAGES" / f"{docname}.po"
        template = load_po(str(pot))
        previous = loaded.get(docname)
        if previous is not None:
            catalog = load_catalog(target)
            hints = {m.id: m.previous_id for m in catalog if m.id and m.previous_id}
            update_with_fuzzy(catalog, template)
            # babel's merge keeps an unchanged fuzzy entry's string but not its previous id.
            for message in catalog:
                if message.fuzzy and not message.previous_id and message.id in hints:
                    message.previous_id = hints[message.id]
        else:
            catalog = template
            catalog.locale = language
        exact, suggested = fill_from_memory(catalog, memory)
        exact_total, suggested_total = exact_total + exact, suggested_total + suggested
        _settle_header(catalog, previous)
        rendered = _render(catalog)
        if target.exists() and target.read_bytes() == rendered:
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rendered)
        (updated if previous is not None else created).append(target)
    return CatalogUpdate(0, tuple(created), tuple(updated), unchanged, exact_total, suggested_total)


def update_catalogs(
    srcdir: Path, languages: tuple[str, ...] | None = None, build_dir: Path | None = None
) -> CatalogUpdate:
    """Extract, then create or update ``locale/<lang>/LC_MESSAGES/**.po`` for each translation."""
    project = Project.at(srcdir.resolve())
    problems = check_catalogs(project, languages or project.translations)
    if problems:
        return CatalogUpdate(1, errors=tuple(str(p) for p in problems))
    pot_dir = (build_dir or project.srcdir / "_build").resolve() / "gettext"
    extracted = extract(project, pot_dir)
    if extracted.returncode != 0:
        return CatalogUpdate(extracted.returncode, errors=tuple(extracted.stderr.splitlines()))
    results = [merge(pot_dir, project, language) for language in languages or project.translations]
    return CatalogUpdate(
        0,
        tuple(p for r in results for p in r.created),
        tuple(p for r in results for p in r.updated),
        sum(r.unchanged for r in results),
        sum(r.from_memory for r in results),
        sum(r.suggested for r in results),
    )


def check_catalogs(project: Project, languages: tuple[str, ...]) -> list[Problem]:
    """Catalogs that cannot be read, each with its file, line and what to do."""
    problems = []
    for language in languages:
        for path in catalogs_of(project, language).values():
            problem = read_problem(path)
            if problem is not None:
                problems.append(problem)
    return problems


_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_QUOTED}\s*$")


def syntax_problem(path: Path) -> Problem | None:
    """The first line that is not PO syntax. babel reads such lines leniently and loses text."""
    fix = "each line is a keyword (msgid, msgstr…) and a quoted string, a quoted continuation, or a # comment"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        return Problem(Location(path, 1), f"the catalog is not UTF-8: {error}", "save it as UTF-8")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(line):
            return Problem(
                Location(path, number), f"the catalog cannot be read: {stripped[:50]!r} is not PO syntax", fix
            )
    return None


def read_problem(path: Path) -> Problem | None:
    """Why ``path`` is not a valid catalog, located, or None."""
    problem = syntax_problem(path)
    if problem is not None:
        return problem
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as error:
        match = re.search(r" on (\d+)", str(error))  # babel counts lines from 0
        return Problem(
            Location(path, int(match.group(1)) + 1 if match else 1),
            f"the catalog cannot be read: {error}",
            "fix the PO syntax there (every msgid needs a msgstr; quote each line)",
        )
    except (UnicodeDecodeError, ValueError) as error:
        return Problem(Location(path, 1), f"the catalog cannot be read: {error}", "save it as UTF-8 PO")
    for message in catalog:
        if message.id and message.string and message.python_format:
            ours = sorted(re.findall(r"%\(\w+\)[sd]", str(message.id)))
            theirs = sorted(re.findall(r"%\(\w+\)[sd]", str(message.string)))
            if ours != theirs:
                return Problem(
                    Location(path, message.lineno),
                    f"the translation of {str(message.id)[:40]!r} does not use the same placeholders",
                    f"use exactly {', '.join(ours) or 'no placeholders'}",
                )
    return None


@dataclass(frozen=True)
class DocumentStatus:
    """One document's translation in one language."""

    docname: str
    catalog: Path | None
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    outdated: bool  # its messages differ from what the Japanese source has now

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else round(100.0 * self.translated / self.total, 1)


def status(srcdir: Path, language: str, build_dir: Path | None = None) -> tuple[list[DocumentStatus], list[Problem]]:
    """Per document: translated, fuzzy and untranslated messages, and whether the source moved on."""
    project = Project.at(srcdir.resolve())
    problems = check_catalogs(project, (language,))
    if problems:
        return [], problems
    pot_dir = (build_dir or project.srcdir / "_build").resolve() / "gettext-status"
    extracted = extract(project, pot_dir)
    if extracted.returncode != 0:
        return [], [Problem(Location(project.srcdir / "conf.py", 1), "message extraction failed", extracted.stderr)]
    catalogs = catalogs_of(project, language)
    result = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        docname = pot.relative_to(pot_dir).with_suffix("").as_posix()
        source_ids = {m.id for m in load_po(str(pot)) if m.id}
        path = catalogs.get(docname)
        messages = [m for m in load_po(str(path)) if m.id] if path else []
        done = sum(1 for m in messages if m.string and not m.fuzzy and m.id in source_ids)
        fuzzy = sum(1 for m in messages if m.fuzzy and m.id in source_ids)
        outdated = path is None or {m.id for m in messages} != source_ids
        total = len(source_ids)
        result.append(DocumentStatus(docname, path, total, done, fuzzy, total - done - fuzzy, outdated))
    return result, []


def check_translations(srcdir: Path, languages: tuple[str, ...] | None = None) -> list[Problem]:
    """Catalogs that cannot be read, and translations that stray from the glossary."""
    project = Project.at(srcdir.resolve())
    chosen = languages or project.translations
    problems = check_catalogs(project, chosen)
    terms, glossary_faults = load_glossary(project.locale_dir / GLOSSARY_FILE)
    problems += glossary_faults
    broken = {p.location.path for p in problems}
    for language in chosen:
        for path in catalogs_of(project, language).values():
            if path not in broken:
                problems += glossary_problems(terms, path)
    return problems
