"""Every page's table of contents kept pickled in the environment (issue 18, point 3).

Sphinx keeps a docutils tree of each document's sections in ``env.tocs`` for the whole
build, in every language: at 1,000 revision documents 37.6 MiB of Python objects (about
38 KiB a page, against 4.5 KiB pickled), so some 190 MiB per language at 5,000, the
largest part of an environment that is otherwise a few MiB. Sphinx never shows those
trees as they are: it copies them (a page's own contents, the entries of a toctree),
and this site's sidebar is drawn from the site model (:mod:`.navigation`), so a page asks
for its own table of contents and little else.

Here ``env.tocs`` keeps each tree as its pickle, and unpickles a fresh tree whenever one
is asked for: the copy Sphinx was about to make anyway. The pickled environment holds
the pickles too, so loading it for a rebuild makes no trees either.

The one place Sphinx writes into those trees is numbering the sections under a
``:numbered:`` toctree (the numbers are kept in the trees, for the links to them). A build
with such a toctree gets its trees back unpacked, as plain Sphinx keeps them.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


class PackedTocs(MutableMapping[str, nodes.bullet_list]):
    """``env.tocs`` with each document's tree stored as its pickle."""

    def __init__(self, tocs: Mapping[str, nodes.bullet_list] | None = None) -> None:
        self.packed: dict[str, bytes] = {}
        self.update(tocs or {})

    def __getitem__(self, docname: str) -> nodes.bullet_list:
        return pickle.loads(self.packed[docname])

    def __setitem__(self, docname: str, toc: nodes.bullet_list) -> None:
        self.packed[docname] = pickle.dumps(toc, protocol=pickle.HIGHEST_PROTOCOL)

    def __delitem__(self, docname: str) -> None:
        del self.packed[docname]

    def __contains__(self, docname: object) -> bool:
        return docname in self.packed

    def __iter__(self) -> Iterator[str]:
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


def pack_tocs(_app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
    """At ``env-before-read-docs``: the environment's tables of contents, packed (a new or older one has a dict)."""
    if not isinstance(env.tocs, PackedTocs) and not env.numbered_toctrees:
        env.tocs = PackedTocs(env.tocs)  # type: ignore[assignment]


def unpack_if_numbered(_app: Sphinx, env: BuildEnvironment) -> None:
    """At ``env-updated``, before Sphinx numbers sections: trees it will write numbers into are kept as objects."""
    if isinstance(env.tocs, PackedTocs) and env.numbered_toctrees:
        env.tocs = dict(env.tocs.items())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", pack_tocs)
    app.connect("env-updated", unpack_if_numbered)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
