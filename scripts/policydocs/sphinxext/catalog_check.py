"""Translation catalogs checked and compiled here, before Sphinx could compile them itself.

Sphinx compiles every ``.po`` into a ``.mo`` during the build and crashes on a
catalog it cannot read (or leaves a 0-byte ``.mo`` behind); a ``.mo`` without
its ``.po`` it uses as it is. So for a translated build this handler takes
compilation over (``gettext_auto_build`` is switched off): each catalog is
checked (:func:`policydocs.catalog_problems.verify`: readable, trusted, no
markup its source lacks), a refused one is a located ``policy.catalog``
warning and gets no ``.mo`` at all (its page shows the source language), and a
good one is compiled in one step. A compiled catalog without its ``.po`` is
reported and removed, so no page is translated with text nobody can review.

The check runs on every build over every catalog, so what was checked is
remembered in the doctree directory by each file's size, times and inode: an
unchanged catalog with the ``.mo`` this handler wrote costs two ``stat`` calls,
and an unchanged refused one a ``stat``, its warnings said again from memory
(:mod:`policydocs.catalog_refusals`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from policydocs.catalog_files import LocaleFiles, compile_mo, locale_files
from policydocs.catalog_memory import CheckedCatalogs, file_stat
from policydocs.catalog_problems import orphan_problems, verify
from policydocs.catalog_refusals import RefusedCatalogs
from policydocs.model import Problem
from policydocs.project import Project
from policydocs.site_documents import documents_under
from policydocs.sphinxext.messages import warn
from policydocs.sphinxext.policy_catalogs import note_fuzzy

MEMORY = "policydocs-catalogs.json"
REFUSED = "policydocs-catalogs-refused.json"


def _project(app: Sphinx, config: Config, directory: str) -> Project:
    suffixes = tuple(dict.fromkeys([*config.source_suffix, *app.registry.source_suffix, ".md"]))
    return Project(
        Path(app.srcdir),
        config.policydocs_source_language,
        tuple(config.policydocs_languages),
        Path(app.srcdir) / directory,
        source_suffixes=suffixes,
        include_patterns=tuple(config.include_patterns),
        exclude_patterns=tuple(config.exclude_patterns),
    )


def warn_problem(problem: Problem) -> None:
    """A catalog's problem as a located ``policy.catalog`` warning of the build."""
    warn(f"{problem.message} ({problem.fix})", "catalog", problem.location)


def _warn_refused(problems: list[Problem], mo_path: Path, say: Callable[[Problem], None]) -> None:
    for problem in problems:
        say(problem)
    mo_path.unlink(missing_ok=True)  # an earlier good .mo would show text the .po no longer has


def check_and_compile(
    files: LocaleFiles,
    language: str,
    use_fuzzy: bool,
    memory: CheckedCatalogs,
    refused: RefusedCatalogs | None = None,
    say: Callable[[Problem], None] = warn_problem,
) -> None:
    """Check every catalog in ``files``, compile the good ones, remove the ``.mo`` of refused ones.

    With ``refused``, a catalog refused before and unchanged since is not parsed again: its
    problems are warned again as they were found (a broken catalog fails every build until fixed).
    Each problem is given to ``say`` (by default, a warning of the Sphinx build running this).
    """
    for po_path in files.po.values():
        mo_path = po_path.with_suffix(".mo")
        stats = [file_stat(po_path), file_stat(mo_path)]
        if stats[1] is not None and memory.known(po_path, stats):
            continue  # checked, and its .mo is the one compiled then
        remembered = refused.problems(po_path, stats[0]) if refused is not None else None
        if remembered is not None:  # refused as it is now: said again on every build, not parsed again
            _warn_refused(remembered, mo_path, say)
            continue
        catalog, problems = verify(po_path, language)
        if catalog is None:
            if refused is not None:
                refused.remember(po_path, stats[0], problems)
            _warn_refused(problems, mo_path, say)
            continue
        for problem in problems:
            say(problem)
        note_fuzzy(po_path, stats[0], catalog)
        compile_mo(catalog, mo_path, use_fuzzy)
        po_time = po_path.stat().st_mtime_ns
        if mo_path.stat().st_mtime_ns < po_time:  # a .po dated in the future: never older than it
            os.utime(mo_path, ns=(po_time, po_time))
        memory.remember(po_path, [file_stat(po_path), file_stat(mo_path)])


def report_broken_catalogs(app: Sphinx, config: Config) -> None:
    """Check and compile the build language's catalogs; warn, located, about every refused one."""
    if config.language == config.policydocs_source_language:
        return
    config.gettext_auto_build = False  # from here on, only checked catalogs are compiled
    use_fuzzy = bool(config.gettext_allow_fuzzy_translations)
    memory = CheckedCatalogs(Path(app.doctreedir) / MEMORY, use_fuzzy)
    refused = RefusedCatalogs(Path(app.doctreedir) / REFUSED, use_fuzzy)
    for directory in config.locale_dirs:
        project = _project(app, config, directory)
        files = locale_files(project, config.language)
        documents = documents_under(
            project.srcdir, project.source_suffixes, project.include_patterns, project.exclude_patterns
        )
        for problem in orphan_problems(documents, files.po, files.mo, files.odd):
            warn_problem(problem)
            if problem.location.path.suffix == ".mo" and not problem.location.path.is_dir():
                problem.location.path.unlink(missing_ok=True)  # never used to translate a page (a link: the link)
        for path in files.odd:
            if path.suffix == ".po" and not path.is_symlink():
                for problem in verify(path, config.language)[1]:
                    warn_problem(problem)
        check_and_compile(files, config.language, use_fuzzy, memory, refused)
    memory.save()
    refused.save()
