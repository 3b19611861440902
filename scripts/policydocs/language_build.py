"""One language's Sphinx build as it ended: its command line, exit code and output.

Apart from :mod:`policydocs.build`, which runs the builds, so that :mod:`policydocs.warm_build`,
which forks them, needs nothing from it (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageBuild:
    """One language's ``sphinx-build`` run."""

    language: str
    command: tuple[str, ...]
    returncode: int
    output: str
