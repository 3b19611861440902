"""Publishing: the finished language builds become the site at ``BUILD_DIR/html`` in one step.

``BUILD_DIR/html`` is a symbolic link to one complete site under ``BUILD_DIR/.sites/``.
A new site is assembled beside the published one and the link is replaced by a
single ``rename()``, which POSIX makes atomic: whenever a reader (or a web server)
looks, and wherever a run is killed, ``html`` is the old site or the new one, never
nothing and never a mixture. Whatever a killed run left behind (a half-copied site,
a link not yet swapped in) is removed by the next publish.

A ``BUILD_DIR/html`` that is still a plain directory (published before sites were
linked) is exchanged with the link atomically where Linux offers ``renameat2``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from policydocs.languages import landing_page
from policydocs.model import Location, Problem
from policydocs.project import Project

SITES = ".sites"  # complete sites, one of them published; beside ``html`` in the build directory
_LINK_PREFIX = ".html-"  # a link to a new site, about to replace ``html``


class PublishError(Exception):
    """Publishing failed; the published site is as it was. The problem says where and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def storage_problem(path: Path, error: OSError, doing: str) -> Problem:
    """An ``OSError`` met while writing under ``path``, said so that a user can act on it."""
    where = Path(error.filename) if error.filename else path
    reason, code = error.strerror or str(error), error.errno
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        # copytree gathers every file it could not copy; the first one says enough.
        _source, target, why = error.args[0][0]
        found = re.match(r"\[Errno (\d+)\] ([^:]+)", str(why))
        where, reason = Path(target), found.group(2) if found else str(why)
        code = int(found.group(1)) if found else None
    if code == errno.ENOSPC:
        fix = "free some space on that disk, or build elsewhere with --build-dir"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "make the build directory writable, or build elsewhere with --build-dir"
    else:
        fix = "check the build directory, or build elsewhere with --build-dir"
    return Problem(Location(where, 0), f"cannot {doing}: {reason}", fix)


def published_site(build_dir: Path) -> Path | None:
    """The published site's directory, or None if nothing was ever published there."""
    html = build_dir / "html"
    return html.resolve() if html.is_dir() else None


def _copy_unless_published(work: Path, published: Path) -> Callable[[str, str], object]:
    """Copy a built file into the new site, or link the published one if it is the same file.

    A rebuild rewrites only the pages that changed, so most of a large site is linked, not
    copied. Published files are never written to, only replaced with their whole site, so
    the new site and the one it replaces can share them; Sphinx's work files are rewritten
    in place, so those are always copied. The copy keeps the work file's modification time,
    which is how an unchanged file is known on the next publish.
    """

    def copy(source: str, target: str) -> object:
        earlier = published / os.path.relpath(source, work)
        try:
            now, then = os.stat(source), os.stat(earlier)
            if (now.st_size, now.st_mtime_ns) == (then.st_size, then.st_mtime_ns):
                os.link(earlier, target)
                return target
        except OSError:
            pass  # not published before, or links not possible here: copy
        return shutil.copy2(source, target)

    return copy


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_in(link: Path, html: Path, retired: Path) -> None:
    """Make ``html`` the site ``link`` points to, in one step."""
    if html.is_symlink() or not html.exists():
        os.replace(link, html)
    elif _exchange(link, html):
        os.rename(link, retired)  # the old plain directory, now under the exchanged name
    else:
        # No atomic exchange on this system: the one moment without a site, once, when a plain
        # directory published by an older version is replaced by the link.
        os.rename(html, retired)
        os.replace(link, html)


def _clear_leftovers(build_dir: Path, sites: Path, keep: Path | None) -> None:
    """Remove what earlier (possibly killed) runs left: every site but the published one, stray links."""
    for entry in build_dir.glob(f"{_LINK_PREFIX}*"):
        entry.unlink(missing_ok=True)
    if sites.is_dir():
        for entry in sites.iterdir():
            if keep is None or entry.resolve() != keep:
                shutil.rmtree(entry, ignore_errors=True)


def publish(project: Project, build_dir: Path) -> Path:
    """Assemble the finished language builds into a new site and swap it in as ``build_dir/html``.

    Raises :class:`PublishError` (the published site untouched) if the site cannot be written.
    """
    html = build_dir / "html"
    sites = build_dir / SITES
    name = f"site-{time.time_ns()}-{os.getpid()}"
    staging = sites / name
    with _one_publisher(build_dir):
        _publish(project, build_dir, html, sites, staging)
    return html


@contextlib.contextmanager
def _one_publisher(build_dir: Path) -> Iterator[None]:
    """Two builds publishing at once would each clear the other's site: one waits for the other."""
    try:
        lock = open(build_dir / ".publish.lock", "a+b")  # noqa: SIM115  # closed below
    except OSError as error:
        raise PublishError(storage_problem(build_dir, error, "publish the site")) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _publish(project: Project, build_dir: Path, html: Path, sites: Path, staging: Path) -> None:
    name = staging.name
    try:
        current = published_site(build_dir)
        _clear_leftovers(build_dir, sites, keep=current)
        staging.mkdir(parents=True)
        for language in project.languages:
            work = build_dir / "work" / language
            shutil.copytree(
                work,
                staging / language,
                ignore=shutil.ignore_patterns(".buildinfo*"),
                copy_function=_copy_unless_published(work, (current or html) / language),
            )
        (staging / "index.html").write_text(landing_page(project.source_language, project.languages), encoding="utf-8")
        link = build_dir / f"{_LINK_PREFIX}{name}"
        os.symlink(Path(SITES) / name, link, target_is_directory=True)
        _swap_in(link, html, sites / f"retired-{name}")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(storage_problem(build_dir, error, "publish the site")) from None
    # The new site is published; the old one is no longer reachable by its name.
    _clear_leftovers(build_dir, sites, keep=staging.resolve())
