"""Redlines kept between builds: a comparison of two revisions is made once, not in every build.

A comparison page's redline depends only on the blocks of its two revisions (their doctrees as
read: the text, and in a translated build its catalog), on the language (character or word
granularity) and on the code that extracts, compares and renders blocks. Frozen revisions never
change, so a site of hundreds of revisions otherwise unpickled every revision's doctree and diffed
every pair again in each build that read nothing.

When Sphinx reads a revision (``doctree-read``), the SHA-256 of its blocks is noted in the
environment with a fingerprint of that code. A redline is kept under the two revisions' digests and
the granularity, in a file in the language's doctree directory (one per language, as the languages
build at once) named after the code's fingerprint, so new code starts a new file and nothing stale
is served. Sphinx reads a document again whenever its doctree would change (its source, its
catalog, its dependencies, the configuration), so a digest in the environment is always that of
the doctree on disk. A revision without a current digest (noted by older code: frozen revisions
are never read again, so after an upgrade none has one) is read from its doctree once, and its
digest kept beside the redlines under the doctree file's size, time and inode; without that, every
later build unpickled every revision (1.1 s at 500 documents). Only the redlines and digests of
this build's pairs are kept, so the files do not grow with old texts.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.cache_files import CacheFile, fingerprint
from policydocs.catalog_memory import Stat, file_stat
from policydocs.diffing import Block, granularity_for
from policydocs.model import Revision
from policydocs.sphinxext.doctree_blocks import blocks_from_doctree
from policydocs.sphinxext.site import site_of

# The code that decides a redline's blocks and its HTML: a change to any of them starts a new cache.
_CODE = (
    "diffing.py",
    "sphinxext/doctree_blocks.py",
    "sphinxext/comparisons.py",
    "sphinxext/redline_cache.py",
)
_DIGESTS = "policydocs_block_digests"  # the environment's {revision docname: (code fingerprint, blocks' SHA-256)}


@dataclass(frozen=True)
class Redline:
    """What a comparison page shows of the two texts: the redline as HTML, and the sections changed."""

    html: str
    sections: tuple[tuple[str, str], ...]  # (heading text, anchor) of every section in which something changed


Key = tuple[str, str, str]  # the older revision's blocks' digest, the newer's, the granularity


@functools.cache
def code_fingerprint() -> str:
    return fingerprint(_CODE)


def _digests(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    if not hasattr(env, _DIGESTS):
        setattr(env, _DIGESTS, {})
    return getattr(env, _DIGESTS)


def digest(blocks: list[Block]) -> str:
    # Blocks are frozen dataclasses of strings, numbers and tuples: their repr is exact and stable.
    return hashlib.sha256(repr(blocks).encode("utf-8")).hexdigest()


def note_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after the handlers that change the doctree: note a revision's blocks' digest."""
    docname = app.env.current_document.docname
    if site_of(app.env).site.revision_for_doc(docname) is not None:
        _digests(app.env)[docname] = (code_fingerprint(), digest(blocks_from_doctree(doctree)))


def forget_document(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``."""
    _digests(env).pop(docname, None)


def merge_digests(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """``env-merge-info``: the digests noted by a parallel reader."""
    theirs = _digests(other)
    _digests(env).update((name, theirs[name]) for name in docnames if name in theirs)


class RedlineCache:
    """The redlines of one build in one language: kept ones reused, missing ones made and kept."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.granularity = granularity_for(app.config.language).value
        path = Path(app.doctreedir) / f"redlines-{code_fingerprint()}.pickle"
        self.file: CacheFile[Key, Redline] = CacheFile.at(path)
        digests = Path(app.doctreedir) / f"read-digests-{code_fingerprint()}.pickle"
        self.read: CacheFile[str, tuple[Stat, str]] = CacheFile.at(digests)  # {docname: (doctree's stat, digest)}
        self.read_used: set[str] = set()
        self.blocks: dict[str, list[Block]] = {}  # read from doctrees in this build, each once for all its pairs
        self.used: set[Key] = set()
        self.made = 0  # redlines made in this build (not found in the cache)

    def _blocks(self, revision: Revision) -> list[Block]:
        if revision.docname not in self.blocks:
            self.blocks[revision.docname] = blocks_from_doctree(self.app.env.get_doctree(revision.docname))
        return self.blocks[revision.docname]

    def _digest(self, revision: Revision) -> str:
        noted = _digests(self.app.env).get(revision.docname)
        if noted is not None and noted[0] == code_fingerprint():
            return noted[1]
        # Read by older code, or not through this extension: from its doctree, once for that file.
        self.read_used.add(revision.docname)
        stat = file_stat(Path(self.app.doctreedir) / f"{revision.docname}.doctree")
        kept = self.read.entries.get(revision.docname)
        if stat is not None and kept is not None and kept[0] == stat:
            return kept[1]
        found = digest(self._blocks(revision))
        if stat is not None:
            self.read.remember(revision.docname, (stat, found))
        return found

    def key(self, old: Revision, new: Revision) -> Key:
        """What the redline of ``old`` against ``new`` is kept under; kept by this build, made or not."""
        key = (self._digest(old), self._digest(new), self.granularity)
        self.used.add(key)
        return key

    def redline(
        self, old: Revision, new: Revision, make: Callable[[list[Block], list[Block], str], Redline]
    ) -> Redline:
        """The redline of ``old`` against ``new``, from the cache or made by ``make`` and kept."""
        key = self.key(old, new)
        found = self.file.entries.get(key)
        if found is None:
            found = make(self._blocks(old), self._blocks(new), self.granularity)
            self.file.remember(key, found)
            self.made += 1
        return found

    def save(self) -> None:
        """Keep the redlines of this build's pairs only; replace the file if that changed it."""
        if set(self.file.entries) != self.used:
            self.file.entries = {key: value for key, value in self.file.entries.items() if key in self.used}
            self.file.changed = True
        self.file.save(stale="redlines-*.pickle")
        for gone in set(self.read.entries) - self.read_used:
            self.read.forget(gone)
        self.read.save(stale="read-digests-*.pickle")


def note_revision_blocks(app: Sphinx) -> None:
    """Connect the handlers that keep each revision's blocks' digest in the environment."""
    # Late, after every handler that may change the doctree, as the pickled doctree is the one compared.
    app.connect("doctree-read", note_blocks, priority=950)
    app.connect("env-purge-doc", forget_document)
    app.connect("env-merge-info", merge_digests)
