"""Pages' compiled catalogs are not all held for the whole build (issue 18, point 3).

Every translated page has a catalog of its own. Sphinx's Locale transform opens it through
Python's ``gettext``, which keeps every ``.mo`` it has opened for the rest of the process
(``gettext._translations``), and Sphinx keeps it again under the page's domain
(``sphinx.locale.translators``). At 1,000 revision documents the English build ended holding
1,404 catalogs (66,153 messages): about 41 KiB for every page read, some 290 MiB at 5,000.

Here both keep only the :data:`KEPT_CATALOGS` most recently used pages' catalogs. Pages are
read in order, a policy's revisions together, and a page looks its messages up in its whole
policy's catalogs (:mod:`.policy_catalogs`), so those stay at hand; a catalog let go is opened
again from its file if a later page asks for it: the same file, the same messages. What is
not a page's catalog (Sphinx's own messages, this extension's) is never let go: Sphinx would
answer an evicted one with no translation at all.
"""

from __future__ import annotations

import gettext
from collections import OrderedDict
from typing import Any

import sphinx.locale
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.i18n import docname_to_domain

# A policy's revisions' catalogs, many times over: a page and its whole policy stay at hand.
KEPT_CATALOGS = 256


class RecentFiles(OrderedDict[Any, Any]):
    """``gettext``'s cache of opened ``.mo`` files, keeping the most recently used pages' ones.

    ``gettext.translation`` asks it with ``get`` and fills it with ``setdefault``; a file it
    no longer holds is simply opened again. Files opened before reading began are kept.
    """

    def __init__(self, kept: dict[Any, Any], limit: int | None = None) -> None:
        super().__init__()
        self.pinned = dict(kept)
        self.limit = KEPT_CATALOGS if limit is None else limit

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self.pinned:
            return self.pinned[key]
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def setdefault(self, key: Any, default: Any = None) -> Any:
        found = self.get(key)
        if found is not None:
            return found
        self[key] = default
        while len(self) > self.limit:
            self.popitem(last=False)
        return default


class RecentTranslators(dict[tuple[str, str], gettext.NullTranslations]):
    """``sphinx.locale.translators``, letting go of the least recently set pages' catalogs."""

    def __init__(self, kept: dict[tuple[str, str], gettext.NullTranslations], limit: int | None = None) -> None:
        super().__init__(kept)
        self.pages: OrderedDict[tuple[str, str], None] = OrderedDict()
        self.domains: set[str] = set()
        self.limit = KEPT_CATALOGS if limit is None else limit

    def __setitem__(self, key: tuple[str, str], translator: gettext.NullTranslations) -> None:
        super().__setitem__(key, translator)
        namespace, catalog = key
        if namespace != "general" or catalog not in self.domains:
            return  # not a page's catalog: kept
        self.pages[key] = None
        self.pages.move_to_end(key)
        while len(self.pages) > self.limit:
            oldest, _none = self.pages.popitem(last=False)
            self.pop(oldest, None)


def keep_recent_catalogs(app: Sphinx, env: BuildEnvironment, _docnames: list[str]) -> None:
    """At ``env-before-read-docs``: both caches bounded for this build's pages (set again each build)."""
    files = gettext._translations  # type: ignore[attr-defined]
    if not isinstance(files, RecentFiles):
        gettext._translations = RecentFiles(files)  # type: ignore[attr-defined]
    translators = sphinx.locale.translators
    if not isinstance(translators, RecentTranslators):
        translators = RecentTranslators(translators)
        sphinx.locale.translators = translators
    translators.domains = {docname_to_domain(docname, app.config.gettext_compact) for docname in env.found_docs}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", keep_recent_catalogs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
