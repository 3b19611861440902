"""The checker once per build, shared by its language builds.

Every language's Sphinx build shows the same findings (the Japanese text is the
one judged), yet each used to run the checker itself, with its findings cache in
its own doctree directory: from scratch, the whole check twice, once on each core.
Now ``policydocs build`` checks the site once in the parent process
(:func:`precheck`), before it forks the language builds, with the findings cache
in ``BUILD_DIR/check`` shared by every language; each build then takes that result
(:func:`site_check`) instead of checking again.

A language build reuses the parent's result only when nothing it depends on
differs: the build date, the site model (every text's SHA-256 is in it, so an
edit saved between the two loads is seen) and the rule files (their size and
modification time). Otherwise (a build not forked from ``policydocs build``, a
file saved in between) it runs the checker itself, on the shared cache, which
serves every text already checked; a changed rule file or new checker code starts
a new cache file (:mod:`policydocs.check_cache`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from policydocs.checker import SiteCheck, check_site
from policydocs.kinds import RULES_DIR
from policydocs.loader import load_site
from policydocs.model import Organisation, Site

CHECK_DIR = "check"  # under the build directory, beside doctrees/<lang>

# The parent's result, inherited by every language build it forks: by source directory and
# build date, with the site and the rule files it was worked out from.
_DONE: dict[tuple[str, dt.date], tuple[str, tuple[tuple[str, int, int], ...], SiteCheck]] = {}
# The digest of each organisation's repr, by the object it was made from. Organisations are frozen,
# and the site cache gives the parent and every build it forks the very object it kept for an
# organisation none of whose files changed: at 5,000 documents the whole site's repr took 0.06 s,
# in the parent and again in each language's build, before every preview rebuild.
_ORGANISATION_DIGESTS: dict[int, tuple[Organisation, bytes]] = {}


def check_directory(doctreedir: Path) -> Path:
    """Where a build keeps its findings: ``BUILD_DIR/check`` for a language of ``policydocs build``
    (whose doctrees are ``BUILD_DIR/doctrees/<lang>``), else the build's own doctree directory."""
    if doctreedir.parent.name == "doctrees":
        return doctreedir.parent.parent / CHECK_DIR
    return doctreedir


def rules_state(directory: Path = RULES_DIR) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every rule file: a rule edited since the parent checked is seen."""
    found = []
    for path in sorted(directory.glob("*.toml")):
        stat = path.stat()
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _judged(site: Site) -> Site:
    # What the checker is given: the organisations only (the loader's problems are warned by each build).
    return Site(site.organisations)


def _fingerprint(site: Site) -> str:
    """A digest of everything the model's equality compares (its repr shows every field ``==`` reads).

    A forked build compares digests, never its model with the parent's: reading every object the
    parent holds writes to each (its reference count), and so copied all of it into each child.
    Each organisation's part is kept by the object it was made from (:data:`_ORGANISATION_DIGESTS`).
    """
    known, whole = {}, hashlib.sha256()
    for org in site.organisations:
        kept = _ORGANISATION_DIGESTS.get(id(org))
        if kept is None or kept[0] is not org:
            kept = (org, hashlib.sha256(repr(org).encode("utf-8")).digest())
        known[id(org)] = kept
        whole.update(kept[1])
    _ORGANISATION_DIGESTS.clear()  # only the site's present organisations are kept
    _ORGANISATION_DIGESTS.update(known)
    return whole.hexdigest()


def _all_digests_known(site: Site) -> bool:
    # Equal models prove equal texts only where each text's SHA-256 was recorded when it was loaded.
    return all(
        policy.digest and all(revision.digest for revision in policy.revisions)
        for org in site.organisations
        for policy in org.policies
    )


def precheck(srcdir: Path, build_dir: Path, today: dt.date) -> SiteCheck:
    """Check the site once for every language build about to be forked from this process."""
    cache = build_dir / CHECK_DIR
    site = _judged(load_site(srcdir, cache_dir=cache))
    state, fingerprint = rules_state(), _fingerprint(site)
    done = _DONE.get((str(srcdir), today))
    if done is not None and done[0] == fingerprint and done[1] == state and _all_digests_known(site):
        # The same texts, rules and day as the last build's check: its findings (an edit of an
        # organisation's page, a guide, a translation; 0.13 s at 5,000 documents).
        return done[2]
    checked = check_site(site, today, verify_revisions=False, cache_dir=cache)
    _DONE.clear()  # one build's result at a time: a long preview must not accumulate them
    _DONE[(str(srcdir), today)] = (fingerprint, state, checked)
    return checked


def site_check(srcdir: Path, site: Site, today: dt.date, doctreedir: Path) -> SiteCheck:
    """The check of ``site`` by the law of ``today``: the parent's if it checked these very texts, else run here."""
    judged = _judged(site)
    done = _DONE.get((str(srcdir), today))
    if done is not None and done[0] == _fingerprint(judged) and done[1] == rules_state() and _all_digests_known(judged):
        return done[2]
    return check_site(judged, today, verify_revisions=False, cache_dir=check_directory(doctreedir))
