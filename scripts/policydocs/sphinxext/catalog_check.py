"""Broken translation catalogs, reported at their line before Sphinx compiles them.

Sphinx's own message for an unreadable ``.po`` names the file but not the line;
a translator needs the line.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from policydocs.sphinxext.messages import warn
from policydocs.translation import read_problem


def report_broken_catalogs(app: Sphinx, config: Config) -> None:
    if config.language == config.policydocs_source_language:
        return
    for directory in config.locale_dirs:
        root = Path(app.srcdir) / directory / config.language / "LC_MESSAGES"
        for path in sorted(root.rglob("*.po")):
            problem = read_problem(path)
            if problem is not None:
                warn(f"{problem.message} ({problem.fix})", "catalog", problem.location)
