"""The pages of the documents read in a build are written before the pages they made outdated.

Sphinx writes a rebuild's pages in the order of their names. After an editor saves one page,
that order puts the site's index (``index``, rewritten because its table of contents lists the
page) and other pages before the one they saved; ``policydocs preview`` serves each page as
soon as it is written, so at 5,000 documents the editor waited for the whole site index to be
loaded, resolved and written (about half a second) before seeing their own change.

Here the documents read in this build are written first, in the same sorted order among
themselves, then the rest: the same pages, each written from the same doctree, only sooner. A
build that reads every document (the first, or any from scratch) writes in Sphinx's own order.

Before writing any page, Sphinx also loads the last build's search index, to keep the entries of
the pages it does not write (the Japanese index of a 5,000-document site is 10 MB of JSON: about
0.4 s). When only a few pages come first, their search entries are held back and the old index
loaded after those pages are written, before the rest: the index ends up with exactly what
Sphinx's order gives it (loaded, stripped of every page written now, then fed each of them).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

_READ = "_policydocs_read_now"
# At most this many pages' doctrees are held until the old search index is loaded; a rebuild
# that reads more loads it first, as Sphinx does, so memory stays bounded.
HELD_PAGES = 50


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember the documents this build reads (the final list: this handler runs last)."""
    setattr(app.builder, _READ, frozenset(docnames))


def read_first(written: Set[str], read: Set[str]) -> tuple[frozenset[str], frozenset[str]]:
    """``written`` split into the documents read in this build and the others, in writing order."""
    first = frozenset(written & read)
    return first, frozenset(written - first)


class _ReadFirst(StandaloneHTMLBuilder):
    _index_to_load: Set[str] | None = None  # the pages written now, while the old index waits
    _held: list[tuple[str, nodes.document, str]]

    def load_indexer(self, docnames: Set[str]) -> None:
        first, rest = read_first(docnames, getattr(self, _READ, frozenset()))
        if first and rest and len(first) <= HELD_PAGES:
            self._index_to_load, self._held = docnames, []
        else:
            super().load_indexer(docnames)

    def index_page(self, pagename: str, doctree: nodes.document, title: str) -> None:
        if self._index_to_load is None:
            super().index_page(pagename, doctree, title)
        else:  # a copy: writing the page may still change its tree (html-page-context handlers get it)
            self._held.append((pagename, doctree.deepcopy(), title))

    def _load_index_held_back(self) -> None:
        if self._index_to_load is None:
            return
        written, self._index_to_load = self._index_to_load, None
        super().load_indexer(written)
        held, self._held = self._held, []
        for pagename, doctree, title in held:
            super().index_page(pagename, doctree, title)

    def write_documents(self, docnames: Set[str]) -> None:
        first, rest = read_first(docnames, getattr(self, _READ, frozenset()))
        if not first or not rest:
            super().write_documents(docnames)
        else:
            super().write_documents(first)
            self._load_index_held_back()
            super().write_documents(rest)
        self._load_index_held_back()  # never left waiting, whatever was written


class ReadFirstHTMLBuilder(_ReadFirst):
    """Sphinx's ``html`` builder, writing the pages read in this build first."""


class ReadFirstDirectoryHTMLBuilder(_ReadFirst, DirectoryHTMLBuilder):
    """Sphinx's ``dirhtml`` builder, writing the pages read in this build first."""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(ReadFirstHTMLBuilder, override=True)
    app.add_builder(ReadFirstDirectoryHTMLBuilder, override=True)
    app.connect("env-before-read-docs", note_read, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
