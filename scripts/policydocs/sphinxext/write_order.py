"""The pages of the documents read in a build are written before the pages they made outdated.

Sphinx writes a rebuild's pages in the order of their names. After an editor saves one page,
that order puts the site's index (``index``, rewritten because its table of contents lists the
page) and other pages before the one they saved; ``policydocs preview`` serves each page as
soon as it is written, so at 5,000 documents the editor waited for the whole site index to be
loaded, resolved and written (about half a second) before seeing their own change.

Here the documents read in this build are written first, in the same sorted order among
themselves, then the rest: the same pages, each written from the same doctree, only sooner. A
build that reads every document (the first, or any from scratch) writes in Sphinx's own order.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

_READ = "_policydocs_read_now"


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember the documents this build reads (the final list: this handler runs last)."""
    setattr(app.builder, _READ, frozenset(docnames))


def read_first(written: Set[str], read: Set[str]) -> tuple[frozenset[str], frozenset[str]]:
    """``written`` split into the documents read in this build and the others, in writing order."""
    first = frozenset(written & read)
    return first, frozenset(written - first)


class _ReadFirst(StandaloneHTMLBuilder):
    def write_documents(self, docnames: Set[str]) -> None:
        first, rest = read_first(docnames, getattr(self, _READ, frozenset()))
        if not first or not rest:
            super().write_documents(docnames)
            return
        super().write_documents(first)
        super().write_documents(rest)


class ReadFirstHTMLBuilder(_ReadFirst):
    """Sphinx's ``html`` builder, writing the pages read in this build first."""


class ReadFirstDirectoryHTMLBuilder(_ReadFirst, DirectoryHTMLBuilder):
    """Sphinx's ``dirhtml`` builder, writing the pages read in this build first."""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(ReadFirstHTMLBuilder, override=True)
    app.add_builder(ReadFirstDirectoryHTMLBuilder, override=True)
    app.connect("env-before-read-docs", note_read, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
