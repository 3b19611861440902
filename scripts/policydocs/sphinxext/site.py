"""The site model for one build, loaded once from the files before reading starts.

It is derived from front matter only, so every build (and every parallel
worker, which forks after ``builder-inited``) sees the same value without any
environment merging.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from policydocs.loader import load_site
from policydocs.model import Site
from policydocs.sphinxext.messages import warn

_SITES: dict[str, Site] = {}


def load(app: Sphinx) -> None:
    site = load_site(Path(app.srcdir))
    for problem in site.problems:
        warn(f"{problem.message} ({problem.fix})", "front_matter", problem.location)
    _SITES[str(app.srcdir)] = site


def site_of(env: BuildEnvironment) -> Site:
    """The site model of the build ``env`` belongs to."""
    return _SITES.get(str(env.srcdir)) or Site()
