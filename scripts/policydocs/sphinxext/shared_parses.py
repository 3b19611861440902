"""A Markdown source parsed once for every language of one ``policydocs build``.

The Japanese and English builds run side by side (:mod:`policydocs.warm_build`) and
each parsed every source with MyST: the same bytes into the same tree, before any
transform makes the pages differ (translation is a transform). At 500 documents
that was 9.3 s of each build's CPU, and the English build is the longer of the
two. Here the first build to reach a source keeps the tree its parse made (the
document's children and everything the parse noted on the document: ids, names,
targets, substitutions) in a directory the build shares with its sibling, and the
other build reads it instead of parsing. Both read in the same order; the
Japanese build, faster per page, parses most of them.

Only a parse that cannot differ between languages is kept: Markdown of the kinds
listed below (paragraphs, headings, lists, quotes, tables, code, links,
emphasis, labels), with no directive or role (their output may be translated or
note things in the environment), no front-matter key that either language reads as
a bibliographic field (docutils names those in each language), and no warning
while it was parsed (a build warns of its own sources). The key is the source's
path and the very text parsed (after ``source-read``), with MyST's configuration.
``policydocs build`` names the directory (``policydocs_shared_parses``) and
removes it when its builds end; a build of its own (plain ``sphinx-build``) shares
nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.languages import get_language
from markdown_it.token import Token

SETTING = "policydocs_shared_parses"

# What a kept parse may hold: block tokens, and the inline ones inside them.
_BLOCKS = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "heading_open",
        "heading_close",
        "inline",
        "bullet_list_open",
        "bullet_list_close",
        "ordered_list_open",
        "ordered_list_close",
        "list_item_open",
        "list_item_close",
        "blockquote_open",
        "blockquote_close",
        "hr",
        "front_matter",
        "myst_target",
        "myst_line_comment",
        "myst_block_break",
        "code_block",
        "fence",
        "table_open",
        "table_close",
        "thead_open",
        "thead_close",
        "tbody_open",
        "tbody_close",
        "tr_open",
        "tr_close",
        "th_open",
        "th_close",
        "td_open",
        "td_close",
    }
)
_INLINES = frozenset(
    {"text", "softbreak", "hardbreak", "strong_open", "strong_close", "em_open", "em_close", "code_inline"}
    | {"link_open", "link_close"}
)
# Set on the document's settings by MyST's renderer, read by its later transforms.
_RENDER_SETTINGS = ("myst_heading_anchors_html_ids", "myst_footnote_transition", "myst_footnote_sort")
_SAVED = "policydocs_kept_"  # the prefix they are kept under, on the kept document
_DETACHED = ("settings", "reporter", "transformer")


def shareable(tokens: Iterable[Token]) -> bool:
    """Whether a parse of these tokens is the same in every language (see the module's docstring)."""
    for token in tokens:
        if token.type not in _BLOCKS or (token.type == "fence" and token.info.lstrip().startswith("{")):
            return False
        if any(child.type not in _INLINES for child in token.children or ()):
            return False
    return True


def _bibliographic(front_matter: Mapping[str, Any], language_code: str) -> tuple[str, ...]:
    # MyST renders such a key as a docinfo field in this language only: the key sets the two builds apart.
    fields = get_language(language_code).bibliographic_fields
    return tuple(sorted(str(key) for key in front_matter if str(key).lower() in fields))


class SharedParses:
    """The directory where the language builds of one ``policydocs build`` keep their parses."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def of(cls, document: nodes.document) -> SharedParses | None:
        """Where this document's build shares its parses; None outside ``policydocs build``."""
        if str(document.get("source", "")).endswith(":<translated>"):
            return None  # a translated message (Sphinx names its document so), not a source
        env = getattr(document.settings, "env", None)
        directory = getattr(env.config, SETTING, "") if env is not None else ""
        return cls(Path(directory)) if directory else None

    def key(self, document: nodes.document, text: str, config: object, front_matter: Mapping[str, Any]) -> str:
        """The name of the parse of ``text`` as the source of ``document``, by MyST configuration ``config``."""
        fields = _bibliographic(front_matter, document.settings.language_code)
        parts = (str(document.get("source")), text, repr(config), repr(fields))
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def read_into(self, key: str, document: nodes.document) -> bool:
        """Give ``document`` the kept parse named ``key``, if the other build kept it; else False."""
        try:
            kept = pickle.loads((self.directory / key).read_bytes())  # written by our own build, beside its doctrees
        except Exception:  # absent, or cut short however a write can be: this build parses the source itself
            return False
        if not isinstance(kept, nodes.document):
            return False
        settings = {name: kept.__dict__.pop(_SAVED + name, None) for name in _RENDER_SETTINGS}
        for name, value in kept.__dict__.items():
            if name not in _DETACHED:
                document.__dict__[name] = value
        document._document = document  # as docutils makes a document
        for node in document.findall(include_self=False):
            if node.parent is kept:
                node.parent = document
            if node._document is kept:  # the node's own record of its document
                node._document = document
        # What MyST's renderer leaves on the settings and the environment besides the document.
        for name, value in settings.items():
            setattr(document.settings, name, value)
        env = document.settings.env
        slugs = getattr(document, "myst_slugs", None)
        if slugs:
            env.metadata[env.current_document.docname]["myst_slugs"] = slugs
        return True

    def keep(self, key: str, document: nodes.document) -> None:
        """Keep ``document`` as the parse named ``key``, for the other build; a failure only loses the saving."""
        detached = {name: document.__dict__.get(name) for name in _DETACHED}
        for name in _RENDER_SETTINGS:
            setattr(document, _SAVED + name, getattr(document.settings, name, None))
        try:
            for name in _DETACHED:
                document.__dict__[name] = None
            data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        finally:
            document.__dict__.update(detached)
            for name in _RENDER_SETTINGS:
                document.__dict__.pop(_SAVED + name, None)
        target = self.directory / key
        partial = target.with_name(f".{key}.{os.getpid()}")
        with contextlib.suppress(OSError):
            partial.write_bytes(data)
            os.replace(partial, target)  # whole or absent for the other build
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
