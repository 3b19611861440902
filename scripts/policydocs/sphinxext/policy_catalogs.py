"""Translations looked up across every catalog of a policy.

Each revision is its own document with its own catalog, but a paragraph whose
Japanese did not change between revisions needs one English text, not one per
revision: a message is looked up in the page's own catalog first, then in the
catalogs of the policy's current text and of its other revisions. ``policydocs
translate update`` keeps each message in one of them only
(:mod:`policydocs.catalog_owners`), so a page depends on all of them.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.i18n import docname_to_domain

from policydocs.catalog_memory import Stat, file_stat
from policydocs.model import Policy
from policydocs.sphinxext.site import site_of


def catalogs(env: BuildEnvironment, config: Config, docnames: list[str]) -> list[gettext.NullTranslations]:
    """The compiled catalogs of ``docnames`` for the build's language, in that order."""
    found = []
    for docname in docnames:
        domain = docname_to_domain(docname, config.gettext_compact)
        for directory in config.locale_dirs:
            localedir = Path(env.srcdir) / directory
            # Python's gettext caches each .mo, so asking again costs a dictionary look-up.
            translation = gettext.translation(domain, localedir=localedir, languages=[config.language], fallback=True)
            if isinstance(translation, gettext.GNUTranslations):  # not the null fallback
                found.append(translation)
    return found


def policy_docnames(env: BuildEnvironment, docname: str) -> list[str]:
    """``docname``, then the policy's current text and its revisions newest first (the lookup order)."""
    policy = site_of(env).site.policy_for_doc(docname)
    docnames = [docname]
    if policy is not None:
        docnames += [d for d in [policy.docname, *(r.docname for r in reversed(policy.revisions))] if d != docname]
    return docnames


def compiled_catalogs(env: BuildEnvironment, config: Config, docname: str) -> list[Path]:
    """The ``.mo`` files a page of ``docname`` takes translations from, that exist."""
    found = []
    for name in policy_docnames(env, docname):
        domain = docname_to_domain(name, config.gettext_compact)
        for directory in config.locale_dirs:
            path = Path(env.srcdir) / directory / config.language / "LC_MESSAGES" / f"{domain}.mo"
            if path.is_file():
                found.append(path)
    return found


def catalogs_for_doc(env: BuildEnvironment, config: Config, docname: str) -> list[gettext.NullTranslations]:
    """The page's own catalog, then those of the rest of its policy."""
    return catalogs(env, config, policy_docnames(env, docname))


def lookup(translations: list[gettext.NullTranslations], message: str) -> str | None:
    for translation in translations:
        translated = translation.gettext(message)
        if translated != message and translated.strip():
            return translated
    return None


def translate(env: BuildEnvironment, config: Config, policy: Policy, message: str) -> tuple[str, bool]:
    """``message`` in the build's language if any of the policy's catalogs has it; else as it is."""
    if config.language == config.policydocs_source_language:
        return message, True
    found = lookup(catalogs_for_doc(env, config, policy.docname), message)
    return (found, True) if found is not None else (message, False)


# Each catalog's fuzzy messages by its path, with the stat they were read at. Every page of a policy
# looks through the catalogs of all its revisions, so without this a policy of six texts read each .po
# six times per build (a sixth of the English build's time at 500 documents); a changed file is read again.
_fuzzy: dict[Path, tuple[Stat, frozenset[str]]] = {}


def _fuzzy_of(catalog: Catalog) -> frozenset[str]:
    return frozenset(str(m.id) for m in catalog if m.id and m.fuzzy)


def kept_fuzzy() -> dict[Path, tuple[Stat, frozenset[str]]]:
    """The fuzzy messages kept so far, by catalog (for a process that checked catalogs for its parent)."""
    return dict(_fuzzy)


def keep_fuzzy(found: dict[Path, tuple[Stat, frozenset[str]]]) -> None:
    """Keep fuzzy messages another process read (:func:`kept_fuzzy`), each with the stat it was read at."""
    _fuzzy.update(found)


def note_fuzzy(path: Path, stat: Stat, catalog: Catalog) -> None:
    """Keep the fuzzy messages of a catalog the build has just read (checking it), read when ``path`` had
    ``stat``: from scratch, every catalog was otherwise read twice, 0.6 s of the English build at 500 documents."""
    if stat is not None:
        _fuzzy[path] = (stat, _fuzzy_of(catalog))


def _fuzzy_in(path: Path) -> frozenset[str]:
    stat = file_stat(path)
    kept = _fuzzy.get(path)
    if kept is not None and stat is not None and kept[0] == stat:
        return kept[1]
    with path.open("rb") as handle:
        try:
            catalog = read_po(handle, abort_invalid=True)
        except (PoFileError, UnicodeError, ValueError, LookupError):
            found: frozenset[str] = frozenset()  # reported, with its line, when the catalogs are checked
        else:
            found = _fuzzy_of(catalog)
    if stat is not None:
        _fuzzy[path] = (stat, found)
    return found


def fuzzy_messages(env: BuildEnvironment, config: Config, docname: str) -> frozenset[str]:
    """Messages of the page's policy catalogs whose translation is marked fuzzy (not used until revised)."""
    found: set[str] = set()
    for name in policy_docnames(env, docname):
        domain = docname_to_domain(name, config.gettext_compact)
        for directory in config.locale_dirs:
            path = Path(env.srcdir) / directory / config.language / "LC_MESSAGES" / f"{domain}.po"
            # Only a catalog that was checked and compiled (catalog_check): a refused one has no .mo.
            if path.is_file() and not path.is_symlink() and path.with_suffix(".mo").is_file():
                found |= _fuzzy_in(path)
    return frozenset(found)
