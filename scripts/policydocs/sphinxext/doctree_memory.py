"""Doctrees read in a build are not all held in memory until they are written (issue 18, point 3).

Sphinx (7.2 and later) keeps every doctree it reads in ``env._write_doc_doctree_cache``
until the writing phase takes it out, to save unpickling it again. From scratch that is
every document of the site alive at once at the end of reading: about 280 KiB of Python
objects per page here (a pickled doctree is 40 KiB), so at 5,000 revision documents some
7,000 pages, about 2 GiB, in each language's build. And every doctree Sphinx unpickles
(``env.get_doctree``) leaves its pickle in ``env._pickled_doctree_cache`` for the rest of
the build, so a write phase without the first cache would keep every page's pickle instead.

Here, once the environment is ready for reading:

* the write cache keeps doctrees only while their pickles total at most
  :data:`KEPT_PICKLED_BYTES`: Sphinx reads and writes documents in the same (sorted) order,
  so those first doctrees are the first written and taken out again, and a small site
  (a hundred pages) keeps them all, as before; past the budget, the writing phase unpickles each page from
  the file Sphinx has just written, exactly the doctree it would have kept (the same
  pickle, made when it was read);
* the pickle cache keeps the :data:`KEPT_PICKLES` most recently used pickles (the root
  document, read for every page's sidebar, and the revisions a redline compares, read in
  turn), not every one.

What each page shows is unchanged: a doctree taken from the cache and one unpickled from
its file are the same tree (tested, site built both ways compared byte for byte).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# The pickled size of the doctrees kept alive for writing, per build: a doctree in memory is
# about seven times its pickle, so 8 MiB holds at most ~60 MiB per language at any size (a
# third of a 500-document site's pages, 26 MiB of pickles per language). Unpickling a page
# again costs ~2 ms of CPU: about 1% of a 500-document build from scratch.
KEPT_PICKLED_BYTES = 8 * 1024 * 1024
# Pickles kept for env.get_doctree: the ones read again soon (see the module docstring).
KEPT_PICKLES = 64


class BudgetedDoctrees(dict[str, nodes.document]):
    """Sphinx's write cache, which stops taking doctrees once their pickles pass a budget."""

    def __init__(self, doctreedir: Path, budget: int | None = None) -> None:
        super().__init__()
        self.doctreedir = doctreedir
        self.left = KEPT_PICKLED_BYTES if budget is None else budget

    def __setitem__(self, docname: str, doctree: nodes.document) -> None:
        # Sphinx stores the doctree right after writing its pickle: its file's size is what it costs.
        try:
            size = (self.doctreedir / f"{docname}.doctree").stat().st_size
        except OSError:  # not where Sphinx writes it: keep nothing we cannot weigh
            return
        if size <= self.left:
            self.left -= size
            super().__setitem__(docname, doctree)
        else:
            self.left = 0  # in reading order: once one is left out, later ones are too (written later)


class RecentPickles(OrderedDict[str, bytes]):
    """Sphinx's cache of doctree pickles, keeping only the most recently used ones."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = KEPT_PICKLES if limit is None else limit

    def __getitem__(self, docname: str) -> bytes:
        value = super().__getitem__(docname)
        self.move_to_end(docname)
        return value

    def __setitem__(self, docname: str, value: bytes) -> None:
        super().__setitem__(docname, value)
        self.move_to_end(docname)
        while len(self) > self.limit:
            self.popitem(last=False)


def bound_doctree_caches(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """At ``env-before-read-docs``: Sphinx's two doctree caches, bounded, for this build.

    Set on every build (a pickled environment comes back with plain dicts), keeping whatever
    the caches already hold.
    """
    kept = BudgetedDoctrees(Path(env.doctreedir))
    for docname, doctree in env._write_doc_doctree_cache.items():
        dict.__setitem__(kept, docname, doctree)
    env._write_doc_doctree_cache = kept
    pickles = RecentPickles()
    pickles.update(env._pickled_doctree_cache)
    env._pickled_doctree_cache = pickles


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", bound_doctree_caches)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
