"""The translations' catalogs checked and compiled beside the parent's check, before the language builds start.

Each translated language's build checks and compiles its catalogs first of all
(:func:`policydocs.sphinxext.catalog_check.report_broken_catalogs`): from scratch at
500 documents, 4.6 s at the start of the English build, the one that ends last, while
the parent's check of the site has long finished. :func:`start` does that work in a
child forked from ``policydocs build`` while the parent checks the site, when the build
directory has no memory of the language's catalogs yet (from scratch); the English
build then finds every catalog in the memory it keeps in its doctree directory (two
``stat`` calls each) and every refused one in the memory of refusals, which it warns
again, each at its line. The fuzzy messages read on the way are handed back
(:func:`finish`), so that the build does not read every catalog again for them.

Nothing is reported here: whatever fails or is refused, the language's build finds and
says itself, as before. A child that fails leaves only less done.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from policydocs.catalog_files import locale_files
from policydocs.catalog_memory import CheckedCatalogs
from policydocs.catalog_refusals import RefusedCatalogs
from policydocs.project import Project
from policydocs.sphinxext import policy_catalogs
from policydocs.sphinxext.catalog_check import MEMORY, REFUSED, check_and_compile


@dataclass(frozen=True)
class Precompiling:
    """A child checking and compiling catalogs: its process id, and the pipe it answers on."""

    pid: int
    answer: int


def precompile(project: Project, build_dir: Path, languages: tuple[str, ...]) -> None:
    """Check and compile each language's catalogs into the memories its build in ``build_dir`` reads."""
    for language in languages:
        doctrees = build_dir / "doctrees" / language  # as policydocs.build.sphinx_command names it
        doctrees.mkdir(parents=True, exist_ok=True)
        memory = CheckedCatalogs(doctrees / MEMORY, project.allow_fuzzy)
        refused = RefusedCatalogs(doctrees / REFUSED, project.allow_fuzzy)
        files = locale_files(project, language)
        check_and_compile(files, language, project.allow_fuzzy, memory, refused, say=lambda problem: None)
        memory.save()
        refused.save()


def start(project: Project, build_dir: Path, languages: tuple[str, ...]) -> Precompiling | None:
    """:func:`precompile` in a forked child, for the translated ``languages``; None where there is nothing to do."""
    # Only into a build directory that has no memory of its catalogs yet (a build from scratch): otherwise
    # the language's build stats each catalog and checks the few that changed itself, beside the others'
    # builds, while waiting here for a child to do it would delay every language (the preview's edit too).
    translated = tuple(
        language
        for language in languages
        if language != project.source_language and not (build_dir / "doctrees" / language / MEMORY).exists()
    )
    if not translated or not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            os.close(read)
            precompile(project, build_dir, translated)
            with os.fdopen(write, "wb") as answer:
                pickle.dump(policy_catalogs.kept_fuzzy(), answer)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return Precompiling(pid, read)


def finish(running: Precompiling | None) -> None:
    """Wait for the child; keep the fuzzy messages it read, for the language builds forked from here."""
    if running is None:
        return
    with os.fdopen(running.answer, "rb") as answer:
        data = answer.read()  # before waiting: a large answer fills the pipe until it is read
    _pid, status = os.waitpid(running.pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        with contextlib.suppress(pickle.UnpicklingError, EOFError):
            policy_catalogs.keep_fuzzy(pickle.loads(data))
