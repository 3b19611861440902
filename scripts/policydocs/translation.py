"""Message catalogs: extract the sources' messages and merge them into each language's ``.po``.

Extraction is Sphinx's gettext builder; merging is sphinx-intl's, which keeps
every existing translation and marks changed messages fuzzy.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sphinx_intl import basic as sphinx_intl

from policydocs.project import Project


@dataclass(frozen=True)
class CatalogUpdate:
    """What an update did: sphinx-intl's counts and its report, line by line."""

    returncode: int
    created: int
    updated: int
    unchanged: int
    report: tuple[str, ...]


def extract(project: Project, pot_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run Sphinx's gettext builder: one ``.pot`` per document under ``pot_dir``."""
    # -E: extraction must reflect the sources and the extension exactly, never a stale doctree.
    command = [sys.executable, "-m", "sphinx", "build", "-b", "gettext", "-E", "-q", "-W", "--keep-going"]
    command += ["-d", str(pot_dir.parent / "doctrees" / "gettext"), str(project.srcdir), str(pot_dir)]
    return subprocess.run(command, cwd=project.srcdir, capture_output=True, text=True, check=False)


def update_catalogs(
    srcdir: Path, languages: tuple[str, ...] | None = None, build_dir: Path | None = None
) -> CatalogUpdate:
    """Extract, then create or update ``locale/<lang>/LC_MESSAGES/**.po`` for each translation."""
    project = Project.at(srcdir.resolve())
    pot_dir = (build_dir or project.srcdir / "_build").resolve() / "gettext"
    extracted = extract(project, pot_dir)
    if extracted.returncode != 0:
        return CatalogUpdate(extracted.returncode, 0, 0, 0, tuple(extracted.stderr.splitlines()))
    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        status = sphinx_intl.update(str(project.locale_dir), str(pot_dir), languages or project.translations, jobs=1)
    return CatalogUpdate(
        0, status["create"], status["update"], status["notchanged"], tuple(report.getvalue().splitlines())
    )
