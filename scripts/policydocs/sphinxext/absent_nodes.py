"""Sphinx's and furo's transforms skipped on a page that has none of the nodes they act on.

Each transform below walks the whole page for nodes that only a directive or Markdown
of some kind makes (a citation, a footnote, an image, a table, an index entry, a
substitution, a ``c:alias`` or an ``only`` directive...) and changes nothing on a page
without them, as a policy's pages mostly are: at 500 documents each walk took 0.1 to
0.3 s of each language's build, about 2.9 s in all. Here each page's node classes are
listed in one walk just before the first of them in each phase of the page (reading:
:class:`ReadCensus`; writing: :class:`WriteCensus`, before every post-transform), and a
transform runs only where a class it acts on (or a subclass) is listed. The classes
each acts on are made by the parser alone, never by a transform running between the
census and it: what a page lacks at the census it lacks when the transform comes. A
page without a census (a transform run some other way) is walked as before.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.transforms import FootnoteDocnameUpdater
from sphinx.domains import c, citation, cpp
from sphinx.environment import BuildEnvironment
from sphinx.transforms import (
    AutoIndexUpgrader,
    AutoNumbering,
    DefaultSubstitutions,
    DoctestTransform,
    GlossarySorter,
    HandleCodeBlocks,
    SphinxTransform,
)
from sphinx.transforms.post_transforms import OnlyNodeTransform, PropagateDescDomain, SphinxPostTransform
from sphinx.transforms.post_transforms.code import TrimDoctestFlagsTransform
from sphinx.transforms.post_transforms.images import DataURIExtractor, ImageDownloader

Classes = tuple[type[nodes.Node], ...]

# Each page's node classes, by the phase ("read", "write") that listed them.
_CENSUS: weakref.WeakKeyDictionary[nodes.document, tuple[str, frozenset[type]]] = weakref.WeakKeyDictionary()


def _enumerable(env: BuildEnvironment) -> Classes:
    return tuple(env.domains.standard_domain.enumerable_nodes)


# What each transform acts on: classes, or the environment's answer (numbered figures, tables, code blocks).
READ: dict[type[Transform], Classes | Callable[[BuildEnvironment], Classes]] = {
    DefaultSubstitutions: (nodes.substitution_reference,),
    AutoIndexUpgrader: (addnodes.index,),
    HandleCodeBlocks: (nodes.block_quote,),
    AutoNumbering: _enumerable,
    DoctestTransform: (nodes.doctest_block,),
    GlossarySorter: (addnodes.glossary,),
    citation.CitationDefinitionTransform: (nodes.citation,),
    citation.CitationReferenceTransform: (nodes.citation_reference,),
    FootnoteDocnameUpdater: (nodes.footnote, nodes.footnote_reference),
}
WRITE: dict[str, Classes] = {  # by qualified name: furo registers its transform only when the theme loads
    "sphinx.domains.c.AliasTransform": (c.AliasNode,),
    "sphinx.domains.cpp.AliasTransform": (cpp.AliasNode,),
    f"{OnlyNodeTransform.__module__}.OnlyNodeTransform": (addnodes.only,),
    f"{ImageDownloader.__module__}.ImageDownloader": (nodes.image,),
    f"{DataURIExtractor.__module__}.DataURIExtractor": (nodes.image,),
    f"{PropagateDescDomain.__module__}.PropagateDescDomain": (addnodes.desc_signature,),
    f"{TrimDoctestFlagsTransform.__module__}.TrimDoctestFlagsTransform": (nodes.literal_block, nodes.doctest_block),
    "furo.WrapTableAndMathInAContainerTransform": (nodes.table, nodes.math_block),
}


def _classes(document: nodes.document) -> frozenset[type]:
    found: set[type] = set()
    levels: list[Any] = [document.children]
    while levels:  # in any order: only which classes appear matters
        for node in levels.pop():
            found.add(type(node))
            if node.children:
                levels.append(node.children)
    return frozenset(found)


def lacks(document: nodes.document, phase: str, acted_on: Classes) -> bool:
    """Whether the page's census of ``phase`` lists no node of ``acted_on`` (False without a census)."""
    census = _CENSUS.get(document)
    return census is not None and census[0] == phase and not any(issubclass(k, acted_on) for k in census[1])


class ReadCensus(SphinxTransform):
    """The page's node classes, listed once its text is parsed and translated (before the first skipped)."""

    default_priority = min(transform.default_priority for transform in READ) - 1

    def apply(self, **kwargs: Any) -> None:
        _CENSUS[self.document] = ("read", _classes(self.document))


class WriteCensus(SphinxPostTransform):
    """The page's node classes as it is resolved for writing, before every post-transform."""

    default_priority = 1

    def run(self, **kwargs: Any) -> None:
        _CENSUS[self.document] = ("write", _classes(self.document))


_SKIPPING: dict[type[Transform], type[Transform]] = {}


def skipping(transform: type[Transform], phase: str, acted_on: Any) -> type[Transform]:
    """``transform``, doing nothing on a page whose census lists none of ``acted_on``."""
    if transform not in _SKIPPING:

        def apply(self: Any, **kwargs: Any) -> None:
            classes = acted_on(self.env) if callable(acted_on) else acted_on
            if not lacks(self.document, phase, classes):
                transform.apply(self, **kwargs)

        name = f"{transform.__name__}WhereNeeded"
        _SKIPPING[transform] = type(name, (transform,), {"apply": apply, "__module__": __name__})
    return _SKIPPING[transform]


def _qualified(transform: type) -> str:
    return f"{transform.__module__}.{transform.__qualname__}"


def put_in_place(app: Sphinx) -> None:
    """``builder-inited`` (the theme's transforms are registered by then): each transform above where it was."""
    read = app.registry.transforms
    read[:] = [skipping(t, "read", READ[t]) if t in READ else t for t in read]
    write = app.registry.post_transforms
    write[:] = [skipping(t, "write", WRITE[_qualified(t)]) if _qualified(t) in WRITE else t for t in write]


def setup(app: Sphinx) -> None:
    app.add_transform(ReadCensus)
    app.add_post_transform(WriteCensus)
    app.connect("builder-inited", put_in_place)
