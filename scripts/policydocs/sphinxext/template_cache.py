"""Compiled page templates kept between builds.

Sphinx compiles furo's Jinja templates afresh in every run: about 0.3 s of a
preview rebuild that writes a handful of pages. Jinja's bytecode cache keeps
them compiled in the doctree directory, keyed by each template's source, so an
edited template is compiled again and an unchanged one is not.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx


def keep_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    directory = Path(app.doctreedir) / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(directory))
