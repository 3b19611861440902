"""Every page is written again when the sidebar it shows has changed.

The sidebar (:mod:`.navigation`) is drawn when a page is written, from the site
model (the organisations' names) and the titles of the guides. Sphinx writes
only the pages it read again, so renaming an organisation left every other page
showing the old name: an incremental build differed from a clean one. After
reading, the sidebar's inputs are compared with those of the last build (kept in
the environment); when they differ, every page is written.
"""

from __future__ import annotations

import hashlib

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.sphinxext.navigation import guides_of, title_of
from policydocs.sphinxext.site import site_of


def navigation_fingerprint(app: Sphinx, env: BuildEnvironment) -> str:
    """A digest of everything the sidebar of any page shows."""
    site = site_of(env).site
    guides = guides_of(app)
    shown = [doc for _caption, docs in guides for doc in docs]
    language = app.config.language
    inputs = (
        [
            (org.docname, org.display_name(language), [(policy.docname, policy.kind.value) for policy in org.policies])
            for org in site.organisations
        ],
        guides,
        [(doc, title_of(app, doc)) for doc in shown],
        app.config.policydocs_navigation_limit,
    )
    return hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()


def pages_with_changed_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every document, when the sidebar changed since the last build."""
    fingerprint = navigation_fingerprint(app, env)
    if getattr(env, "policydocs_navigation", None) == fingerprint:
        return []
    env.policydocs_navigation = fingerprint  # type: ignore[attr-defined]  # pickled with the environment
    return sorted(env.found_docs)
