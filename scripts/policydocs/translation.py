"""Message catalogs: extract, merge with translation memory, and report status.

Extraction is Sphinx's gettext builder, incremental: only the documents whose
inputs changed are read again (:mod:`policydocs.extraction`), so status reads
only catalogs when nothing changed. Merging follows
sphinx-intl: every existing translation is kept and a changed message becomes
fuzzy with its previous English as the suggestion. On top of that, every
message whose Japanese is translated anywhere in the site is filled in from
that translation memory (exactly, or as a fuzzy suggestion when only close),
so a new revision or document starts translated. Catalogs are written only
when their content changed, with a complete header that does not churn.

One translation per string within a policy: a message belongs to the catalog
of the first of the policy's documents that has it, in the order the build
looks them up (:mod:`policydocs.sphinxext.policy_catalogs`): the current text,
then its revisions newest first (:mod:`policydocs.catalog_owners`). A frozen
revision's catalog holds only what no newer text of its policy says; what it
shares with them is translated once, where they have it, and shown on its page
from there.
"""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from babel.messages.catalog import Catalog
from sphinx_intl.catalog import load_po, update_with_fuzzy

from policydocs.catalog_files import (
    catalogs_of,
    keep_tool_headers,
    load_catalog,
    render,
    same_content,
    settle_header,
    write_atomically,
)
from policydocs.catalog_memory import CheckedCatalogs
from policydocs.catalog_owners import FUZZY, TRANSLATED, owned_messages, policy_documents, shared_state_of
from policydocs.catalog_problems import catalog_problems, check_catalogs
from policydocs.catalog_reads import catalog_states, template_ids
from policydocs.extraction import extract_incrementally, extraction_paths
from policydocs.glossary import GLOSSARY_FILE, glossary_problems, load_glossary
from policydocs.model import Location, Problem
from policydocs.project import Project
from policydocs.site_documents import site_documents

__all__ = ["CatalogUpdate", "DocumentStatus", "check_translations", "load_catalog", "status", "update_catalogs"]

CLOSE_MATCH = 0.8  # how alike two Japanese messages must be for one's English to be suggested


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


def merge(pot_dir: Path, project: Project, language: str, documents: set[str] | None = None) -> CatalogUpdate:
    """Create or update every catalog of ``language`` from the templates in ``pot_dir``.

    Only documents of the site get a catalog (``documents``, default: :func:`site_documents`):
    a template left over from an earlier extraction, or one that a link loop multiplied, does not.
    A catalog is rewritten only when what it says changes, never for a tool's version or wrapping.
    """
    documents = site_documents(project) if documents is None else documents
    pots = {pot_docname(pot, pot_dir): pot for pot in sorted(pot_dir.rglob("*.pot"))}
    templates = {docname: load_po(str(pot)) for docname, pot in pots.items() if docname in documents}
    groups = policy_documents(project)
    owned = owned_messages(templates, groups)
    existing = catalogs_of(project, language)
    loaded = {docname: load_catalog(path) for docname, path in existing.items()}
    memory = translation_memory(list(loaded.values()))
    created: list[Path] = []
    updated: list[Path] = []
    unchanged = exact_total = suggested_total = 0
    for docname, template in templates.items():
        target = project.locale_dir / language / "LC_MESSAGES" / f"{docname}.po"
        elsewhere = {m.id for m in template if m.id} - owned[docname]
        for message_id in elsewhere:
            template.delete(message_id)  # translated in a newer text of the policy
        previous = loaded.get(docname)
        if previous is not None:
            catalog = load_catalog(target)
            hints = {m.id: m.previous_id for m in catalog if m.id and m.previous_id}
            update_with_fuzzy(catalog, template)
            # babel's merge keeps an unchanged fuzzy entry's string but not its previous id.
            for message in catalog:
                if message.fuzzy and not message.previous_id and message.id in hints:
                    message.previous_id = hints[message.id]
            # A copy of what a newer text translates is not kept, even as obsolete: it would be a
            # second translation of one string (its English is in the memory, for the owner).
            for key in [k for k, m in catalog.obsolete.items() if m.id in elsewhere]:
                del catalog.obsolete[key]
        else:
            catalog = template
            catalog.locale = language
        exact, suggested = fill_from_memory(catalog, memory)
        exact_total, suggested_total = exact_total + exact, suggested_total + suggested
        settle_header(catalog, previous)
        before = target.read_bytes() if previous is not None else None
        rendered = keep_tool_headers(render(catalog), before)
        if before is not None and same_content(rendered, before):
            unchanged += 1
            continue
        write_atomically(target, rendered)
        (updated if previous is not None else created).append(target)
    return CatalogUpdate(0, tuple(created), tuple(updated), unchanged, exact_total, suggested_total)


def pot_docname(pot: Path, pot_dir: Path) -> str:
    return pot.relative_to(pot_dir).with_suffix("").as_posix()


def update_catalogs(
    srcdir: Path, languages: tuple[str, ...] | None = None, build_dir: Path | None = None
) -> CatalogUpdate:
    """Extract, then create or update ``locale/<lang>/LC_MESSAGES/**.po`` for each translation."""
    project = Project.at(srcdir.resolve())
    problems = check_catalogs(project, languages or project.translations)
    if problems:
        return CatalogUpdate(1, errors=tuple(str(p) for p in problems))
    documents = site_documents(project)
    extracted = extract_incrementally(project, documents, build_dir)
    if extracted.returncode != 0:
        return CatalogUpdate(extracted.returncode, errors=tuple(extracted.stderr.splitlines()))
    pot_dir = extracted.paths.pots
    results = [merge(pot_dir, project, language, documents) for language in languages or project.translations]
    return CatalogUpdate(
        0,
        tuple(p for r in results for p in r.created),
        tuple(p for r in results for p in r.updated),
        sum(r.unchanged for r in results),
        sum(r.from_memory for r in results),
        sum(r.suggested for r in results),
    )


class _Id(NamedTuple):
    """A template's message as status needs it (its id), without building babel's Message."""

    id: str


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
    kept = extraction_paths(project, build_dir)
    documents = site_documents(project)  # not Sphinx's own messages (sphinx.pot), which no catalog translates
    # When a document changed, Sphinx extracts in a process of its own: the catalogs are checked and read meanwhile.
    with ThreadPoolExecutor(max_workers=1) as pool:
        extraction = pool.submit(extract_incrementally, project, documents, build_dir)
        # A catalog found good before and unchanged since is not read again to be checked.
        memory = CheckedCatalogs(kept.pots / f"checked-{language}.json")
        problems = check_catalogs(project, (language,), memory)
        memory.save()
        paths = catalogs_of(project, language)
        states = {} if problems else catalog_states(paths, kept.pots / f"states-{language}.json")
        groups = policy_documents(project, kept.pots)  # organisations kept as loaded while unchanged
        extracted = extraction.result()
    if problems:
        return [], problems
    if extracted.returncode != 0:
        return [], [Problem(Location(project.srcdir / "conf.py", 1), "message extraction failed", extracted.stderr)]
    templates = template_ids(kept.pots, documents, kept.pots / "messages.json")
    owned = owned_messages({docname: [_Id(i) for i in ids] for docname, ids in templates.items()}, groups)
    result = []
    for docname, ids in templates.items():
        source_ids = set(ids)
        # As the build finds them: in the page's own catalog or in the rest of its policy's.
        shown = shared_state_of(docname, groups, states)
        done = sum(1 for i in source_ids if shown.get(i) == TRANSLATED)
        fuzzy = sum(1 for i in source_ids if shown.get(i) == FUZZY)
        # Out of date: the catalog does not hold exactly the messages that are its own to translate.
        outdated = set(states.get(docname, {})) != owned[docname]
        total = len(source_ids)
        result.append(DocumentStatus(docname, paths.get(docname), total, done, fuzzy, total - done - fuzzy, outdated))
    return result, []


def check_translations(srcdir: Path, languages: tuple[str, ...] | None = None) -> list[Problem]:
    """Catalogs that cannot be read or trusted or translate nothing, and translations off the glossary."""
    project = Project.at(srcdir.resolve())
    chosen = languages or project.translations
    problems = catalog_problems(project, chosen)
    terms, glossary_faults = load_glossary(project.locale_dir / GLOSSARY_FILE)
    problems += glossary_faults
    broken = {p.location.path for p in problems}
    for language in chosen:
        for path in catalogs_of(project, language).values():
            if path not in broken:
                problems += glossary_problems(terms, path)
    return problems
