"""The documents of a site, as ``conf.py`` declares them: what a catalog may translate.

Found the way Sphinx finds them (source suffixes, ``include_patterns``,
``exclude_patterns``) except that no symbolic link to a directory is followed:
a link that loops would otherwise turn one document into a hundred (and a
hundred junk catalogs).
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.util.matching import Matcher

from policydocs.project import Project


def documents_under(
    srcdir: Path, suffixes: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...]
) -> set[str]:
    """Docnames of the source files under ``srcdir`` that Sphinx would read, links to directories not followed."""
    included, excluded = Matcher(list(include)), Matcher(list(exclude))
    found: set[str] = set()
    for directory, dirnames, filenames in os.walk(srcdir):
        relative = os.path.relpath(directory, srcdir)
        prefix = "" if relative == "." else f"{Path(relative).as_posix()}/"
        dirnames[:] = [d for d in dirnames if not excluded(f"{prefix}{d}") and not d.startswith(".")]
        for name in filenames:
            suffix = next((s for s in suffixes if name.endswith(s)), None)
            path = f"{prefix}{name}"
            if suffix is not None and included(path) and not excluded(path):
                found.add(path[: -len(suffix)])
    return found


def site_documents(project: Project) -> set[str]:
    """Docnames of the documents of ``project``."""
    return documents_under(project.srcdir, project.source_suffixes, project.include_patterns, project.exclude_patterns)
