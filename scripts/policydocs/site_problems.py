"""What is wrong in the site's sources as the loader and the locks find them, before any page is read.

One list for the two places that say it. Each language's Sphinx build warns of every
problem, located, with its ``policy.<subtype>`` type (:mod:`policydocs.sphinxext.site`);
and a strict ``policydocs build`` refuses on them before it starts any language's build
(:func:`refusing_problems`): such a build could only fail, after reading and writing every
page of every language (minutes at a few thousand documents), to print each problem once
per language.
"""

from __future__ import annotations

from policydocs.model import Problem, Site
from policydocs.revisions import unfrozen, verify
from policydocs.shards import Shard

# The subtypes (warning types policy.<subtype>) these problems are warned as.
FRONT_MATTER, FROZEN, UNFROZEN = "front_matter", "frozen", "unfrozen"


def site_problems(site: Site, shard: Shard | None = None) -> list[tuple[str, Problem]]:
    """Every problem of the sources, each with its subtype.

    A slice (``shard``) answers for its own organisations' texts only; the loader's
    problems are every slice's, since each loads the whole site.
    """
    found = [(FRONT_MATTER, problem) for problem in site.problems]
    for policy in site.policies:
        if shard is None or shard.holds(policy.organisation):
            found += [(FROZEN, problem) for problem in verify(policy)]
            if (problem := unfrozen(policy)) is not None:
                found.append((UNFROZEN, problem))
    return found


def refusing_problems(site: Site, shard: Shard | None, suppressed: tuple[str, ...]) -> list[Problem]:
    """The problems that fail a strict build: all but those whose type ``suppress_warnings`` lists."""
    from sphinx.util.logging import is_suppressed_warning

    return [
        problem
        for subtype, problem in site_problems(site, shard)
        if not is_suppressed_warning("policy", subtype, list(suppressed))
    ]
