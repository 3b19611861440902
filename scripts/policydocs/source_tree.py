"""Walking ``policies/`` without trusting it: links, stray directories and unreadable directories.

Nothing under ``policies/`` may be a symbolic link: a link can lead out of the
site to any file of the build machine, which Sphinx would then read and publish,
or loop forever. Each link is refused with one line saying where it leads, and
never followed, here or (through :attr:`policydocs.model.Site.excluded`) by Sphinx.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from policydocs.model import Location, Problem
from policydocs.schema import SLUG_RULE, is_slug


@dataclass(frozen=True)
class Listing:
    """A directory's entries by kind, each sorted by name; links are already reported."""

    files: tuple[Path, ...]
    directories: tuple[Path, ...]

    def names(self) -> set[str]:
        return {path.name for path in (*self.files, *self.directories)}


def listing(directory: Path, root: Path, problems: list[Problem]) -> Listing | None:
    """The entries of ``directory``; each link in it becomes a problem; None if it cannot be read."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(
            Problem(Location(directory, 0), f"cannot be read ({error.strerror})", "make it readable", keep_out=True)
        )
        return None
    files, directories = [], []
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            problems.append(link_problem(path, root))
        elif entry.is_dir(follow_symlinks=False):
            directories.append(path)
        else:
            files.append(path)
    return Listing(tuple(files), tuple(directories))


def stray_files(found: Listing, belongs: str, problems: list[Problem]) -> None:
    """Report each file of ``found`` that is not Markdown (nor hidden, like ``.gitkeep``): it would never be
    published, and whoever put it there may expect it to be."""
    for path in found.files:
        if path.suffix != ".md" and not path.name.startswith(".") and path.name not in _KEPT_FILES:
            problems.append(
                Problem(
                    Location(path, 0),
                    f"is not a source of the site and is never published (only {belongs} belong here)",
                    "move it out of policies/; a policy's text goes in <kind>.md, in MyST Markdown",
                )
            )


_KEPT_FILES = frozenset({"revisions.lock"})


def link_problem(path: Path, root: Path) -> Problem:
    """One line for a symbolic link under ``root``: where it leads, and that it is refused."""
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError) as error:
        loops = isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP
        what = "a symbolic link that loops" if loops else "a symbolic link to nothing"
    else:
        inside = target == root.resolve() or root.resolve() in target.parents
        what = "a symbolic link" + ("" if inside else f" leading outside {root.name}/ (to {target})")
    return Problem(
        Location(path, 0),
        f"is {what}; sources must be plain files and directories, and links are not followed",
        "replace the link with the file or directory itself, or remove it",
        keep_out=True,
    )


def organisation_directories(root: Path, problems: list[Problem]) -> list[Path]:
    """The organisation directories in ``policies/`` (``root``); anything else there is a problem."""
    if root.is_symlink():
        problems.append(link_problem(root, root.parent))
        return []
    if not root.is_dir():
        return []
    found = listing(root, root, problems)
    if found is None:
        return []
    for path in found.files:
        if path.suffix == ".md":
            problems.append(
                Problem(
                    Location(path, 0),
                    "belongs to no organisation",
                    "move it into policies/<organisation>/",
                    keep_out=True,
                )
            )
    directories = []
    for path in found.directories:
        if path.name.startswith((".", "_")):
            message = "is not an organisation: a name starting with '.' or '_' is neither loaded nor published"
            fix = f"rename it to a slug ({SLUG_RULE}) or move it out"
            problems.append(Problem(Location(path, 0), message, fix, keep_out=True))
        elif not is_slug(path.name):
            message = f"'{path.name}' is not an organisation slug ({SLUG_RULE}); it is the organisation's URL"
            problems.append(Problem(Location(path, 0), message, "rename the directory", keep_out=True))
        else:
            directories.append(path)
    return directories


def glob_escape(path: str) -> str:
    """``path`` as a Sphinx exclude pattern matching only itself (a name may hold '*', '?' or '[')."""
    # '[' cannot be put in a set without a regex warning: '?' (one character) matches it.
    return "".join(f"[{char}]" if char in "*?" else "?" if char == "[" else char for char in path)
