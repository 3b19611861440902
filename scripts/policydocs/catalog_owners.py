"""Which catalog of a policy translates each message: one translation per string.

A policy's current text and its frozen revisions are separate documents, and
most of their paragraphs are the same Japanese. Each message belongs to the
catalog of the first of the policy's documents that has it, in the order the
build looks them up (:func:`policydocs.sphinxext.policy_catalogs.catalogs_for_doc`):
the current text, then the revisions newest first. So the current text's
catalog translates everything it says, and a revision's catalog only what no
newer text says any more (a paragraph since changed or removed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from policydocs.loader import load_site
from policydocs.project import Project

TRANSLATED, FUZZY = "translated", "fuzzy"


def policy_documents(project: Project, cache_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """For each document of a policy, its policy's documents in lookup order (current text, newest revision…).

    With ``cache_dir``, organisations unchanged since the last run are not parsed again (:func:`load_site`).
    """
    groups: dict[str, tuple[str, ...]] = {}
    for policy in load_site(project.srcdir, cache_dir).policies:
        order = (policy.docname, *(r.docname for r in reversed(policy.revisions)))
        for docname in order:
            groups[docname] = order
    return groups


def owned_messages(templates: Mapping[str, Catalog], groups: Mapping[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """For each document, the messages its own catalog translates (all of them, outside a policy)."""
    ids = {docname: {str(m.id) for m in template if m.id} for docname, template in templates.items()}
    owned: dict[str, set[str]] = {}
    for docname, own in ids.items():
        order = groups.get(docname, (docname,))
        earlier = order[: order.index(docname)] if docname in order else ()
        owned[docname] = own.difference(*(ids.get(d, set()) for d in earlier))
    return owned


def state_of(messages: Iterable[Message]) -> dict[str, str]:
    """Each message's state in one catalog: translated, fuzzy or (empty string) untranslated."""
    return {str(m.id): (FUZZY if m.fuzzy else TRANSLATED if m.string else "") for m in messages if m.id}


def shared_state(
    docname: str, groups: Mapping[str, tuple[str, ...]], catalogs: Mapping[str, list[Message]]
) -> dict[str, str]:
    """What a page of ``docname`` shows of each message, as the build finds it in its policy's catalogs.

    Translated if any catalog of the policy translates it (the build takes the first that does),
    else fuzzy if one has a translation being revised, else untranslated.
    """
    order = [docname, *groups.get(docname, ())]
    return shared_state_of(docname, groups, {name: state_of(catalogs[name]) for name in order if name in catalogs})


def shared_state_of(
    docname: str, groups: Mapping[str, tuple[str, ...]], states: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    """:func:`shared_state` from each catalog's message states (:func:`state_of`), already read."""
    order = [docname, *(d for d in groups.get(docname, ()) if d != docname)]
    result: dict[str, str] = {}
    for name in order:
        for message_id, state in states.get(name, {}).items():
            if state == TRANSLATED or not result.get(message_id):
                result[message_id] = state
    return result
