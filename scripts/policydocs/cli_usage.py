"""What every command of the command line shares: the site it works on, colour, and a refused command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class UsageError(Exception):
    """A command line that cannot be carried out, with what to do instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


def site_directory(given: Path | None) -> Path:
    """The site to work on: ``--source``, else the nearest directory up from here with a conf.py."""
    if given is not None:
        source = given.resolve()
        if not source.is_dir():
            raise UsageError(f"--source {given}: no such directory", "pass the site's directory (it holds conf.py)")
        if not (source / "conf.py").is_file():
            raise UsageError(f"--source {given}: there is no conf.py there", "pass the site's directory")
        return source
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / "conf.py").is_file():
            return directory
    raise UsageError(f"{here} is not inside a site: no conf.py here or above", "run it in the site, or pass --source")


def known_languages(args: argparse.Namespace, translations_only: bool = False) -> tuple[str, ...] | None:
    """The languages asked for with -l, each one the site builds (or translates); None for all of them."""
    from policydocs.project import Project

    if not args.language:
        return None
    project = Project.at(args.source)
    allowed = project.translations if translations_only else project.languages
    for language in args.language:
        if language not in allowed:
            what = "translated into" if translations_only else "built in"
            raise UsageError(
                f"-l {language}: this site is not {what} {language!r}",
                f"use one of: {', '.join(allowed)} (policydocs_languages in conf.py)",
            )
    return tuple(args.language)


def use_color(choice: str = "auto") -> bool:
    """Colour this command's output: ``always``, ``never``, or ``auto`` (a terminal, and no NO_COLOR)."""
    return choice == "always" or (choice == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
