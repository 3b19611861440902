"""What must hold before Sphinx runs at all: checked in the parent process, in one pass.

Sphinx reports most faults of a source as located warnings, and the build fails on
them. Some faults it cannot report that way: it crashes on them, or does harm first
(a catalog it cannot compile leaves a broken ``.mo``; a symbolic link under
``policies/`` can loop or lead outside the site; a build directory it cannot write
fails deep inside it). Those are found here, each as a located
:class:`~policydocs.model.Problem`, and the build does not start.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from policydocs.model import Location, Problem
from policydocs.project import Project
from policydocs.publishing import storage_problem


def build_dir_problem(build_dir: Path) -> Problem | None:
    """Why nothing can be written under ``build_dir`` (missing directories are made), or None."""
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        # Written and flushed, not only created: a full disk still lets an empty file be made.
        with tempfile.NamedTemporaryFile(dir=build_dir, prefix=".write-test-") as probe:
            probe.write(b"\0" * 65536)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        # Named as the build directory, not as the probe file inside it.
        return storage_problem(build_dir, OSError(error.errno, error.strerror), "write the build directory")
    return None


def language_problems(project: Project) -> list[Problem]:
    """Languages in ``policydocs_languages`` that no date or label could be written in."""
    from babel import Locale, UnknownLocaleError

    conf = project.srcdir / "conf.py"
    problems = []
    for language in project.languages:
        try:
            Locale.parse(language)
        except (UnknownLocaleError, ValueError):
            problems.append(
                Problem(
                    Location(conf, _line_naming(conf, "policydocs_languages")),
                    f"policydocs_languages names {language!r}, which is not a language code",
                    "use a code such as 'ja', 'en', 'fr', 'zh_Hant'",
                )
            )
    return problems


def _line_naming(path: Path, name: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    # The last assignment is the one in force.
    return max((number for number, line in enumerate(lines, start=1) if line.lstrip().startswith(name)), default=1)


def preflight(project: Project, build_dir: Path) -> list[Problem]:
    """Everything that stops a build before Sphinx starts (the command line has checked its own arguments)."""
    problem = build_dir_problem(build_dir)
    return [problem, *language_problems(project)] if problem else language_problems(project)
