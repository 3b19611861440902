"""Publishing: the finished language builds become the site at ``BUILD_DIR/html`` in one step.

``BUILD_DIR/html`` is a symbolic link to one complete site under ``BUILD_DIR/.sites/``.
The new site is made in the other of two sites (``site-a`` and ``site-b``), the one
not published, and the link is replaced by a single ``rename()``, which POSIX makes
atomic: whenever a reader (or a web server) looks, and wherever a run is killed,
``html`` is the old site or the new one, never nothing and never a mixture.

The spare site is brought level with the language builds, not made anew: a file
whose size and modification time match is left alone, any other is written beside
its name and renamed over it (never written in place: the two sites share unchanged
files as hard links), and what the build no longer has is removed. So a rebuild that
changed a few pages writes a few files: making a whole new tree of a large site,
with a directory per page, and deleting the old one cost 19 s at 500 documents
(7,000 files in 5,000 directories), nearly all of it in ``mkdir`` and ``rmdir``. A
killed run leaves a spare half levelled, which is never published and which the next
publish levels again by the same comparison; stray links and sites of older versions
are removed by the next publish.

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
from pathlib import Path
from typing import IO

from policydocs.languages import landing_page
from policydocs.model import Location, Problem
from policydocs.project import Project

SITES = ".sites"  # complete sites, one of them published; beside ``html`` in the build directory
SLOTS = ("site-a", "site-b")  # the published site and the spare, by turns
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


def _same_file(first: os.stat_result, second: os.stat_result) -> bool:
    # A copy keeps its source's modification time (copy2), so an unchanged file is known by it.
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def _remove(path: str, is_dir: bool) -> None:
    if is_dir:
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _put(source: str, target: str, published: str) -> None:
    """Make ``target`` the file ``source`` unless it is already; never write into a file in place.

    The published site's copy is linked when it is the same file (published files are
    only ever replaced, so two sites can share them); Sphinx rewrites its work files in
    place, so those are copied.
    """
    now = os.stat(source)
    try:
        if _same_file(now, os.stat(target, follow_symlinks=False)):
            return
    except OSError:
        pass  # not there yet
    temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.publishing")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)  # left by a killed run
    try:
        if not _same_file(now, os.stat(published)):
            raise FileNotFoundError(published)
        os.link(published, temporary)
    except OSError:  # not published before, changed, or links not possible here: copy
        shutil.copy2(source, temporary)
    os.replace(temporary, target)


def _level(work: str, target: str, published: str) -> None:
    """Make the directory ``target`` hold exactly what ``work`` holds (Sphinx's ``.buildinfo`` aside)."""
    wanted = {entry.name: entry.is_dir() for entry in os.scandir(work) if not entry.name.startswith(".buildinfo")}
    if not os.path.isdir(target) or os.path.islink(target):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        os.mkdir(target)
    for entry in list(os.scandir(target)):
        is_dir = entry.is_dir(follow_symlinks=False)
        if wanted.get(entry.name) is not is_dir or entry.is_symlink():
            _remove(entry.path, is_dir)  # gone from the build, of another kind now, or left by a killed run
    for name, is_dir in wanted.items():
        source, into, earlier = os.path.join(work, name), os.path.join(target, name), os.path.join(published, name)
        if is_dir:
            _level(source, into, earlier)
        else:
            _put(source, into, earlier)


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    with contextlib.suppress(OSError):
        if path.read_bytes() == data:
            return
    temporary = path.with_name(f".{path.name}.publishing")
    temporary.write_bytes(data)
    os.replace(temporary, path)


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


def _clear_leftovers(build_dir: Path, sites: Path, keep: tuple[Path, ...]) -> None:
    """Remove what earlier (possibly killed) runs or versions left: stray links, every site but ``keep``."""
    for entry in build_dir.glob(f"{_LINK_PREFIX}*"):
        entry.unlink(missing_ok=True)
    if sites.is_dir():
        for entry in sites.iterdir():
            if entry.resolve() not in keep:
                shutil.rmtree(entry, ignore_errors=True)


def _spare(current: Path | None) -> str:
    """The site not published: the one the next site is made in."""
    return SLOTS[1] if current is not None and current.name == SLOTS[0] else SLOTS[0]


def publish(project: Project, build_dir: Path, work: Path | None = None) -> Path:
    """Assemble the finished language builds into a new site and swap it in as ``build_dir/html``.

    The languages are taken from ``work`` (by default ``build_dir/work``, where Sphinx wrote
    them; merged slices are elsewhere). Raises :class:`PublishError` (the published site
    untouched) if the site cannot be written.
    """
    with Publication(project, build_dir, work) as publication:
        return publication.finish()


class Publication:
    """One publish, begun while languages still build: the lock is held and the spare site chosen,
    so that a language whose build has ended is levelled into the spare (:meth:`level`) on the core its build
    left free; :meth:`finish` levels the others and swaps the site in. Copying a site built from scratch
    (11,500 files at 500 documents) took 5.5 s, all of it after the last language's build. Until
    :meth:`finish`, nothing is published: a build that fails leaves a spare half levelled, which is never
    published and which the next publish levels by the same comparison.
    """

    def __init__(self, project: Project, build_dir: Path, work: Path | None = None) -> None:
        self.project, self.work = project, work or build_dir / "work"
        self.html, self.sites = build_dir / "html", build_dir / SITES
        try:
            self._lock: IO[bytes] | None = open(build_dir / ".publish.lock", "a+b")  # noqa: SIM115  # see close()
        except OSError as error:
            raise PublishError(storage_problem(build_dir, error, "publish the site")) from None
        # Two builds publishing at once would each clear the other's site: one waits for the other.
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.current = published_site(build_dir)
        self.staging = self.sites / _spare(self.current)
        self.levelled: set[str] = set()  # languages levelled by level(), not walked again by finish()

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let another publish go on (what was levelled stays in the spare, unpublished)."""
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def level(self, language: str) -> None:
        """Level one language's finished build into the spare site now; what fails here, :meth:`finish` does
        again and reports."""
        with contextlib.suppress(OSError):
            self.staging.mkdir(parents=True, exist_ok=True)
            published = self.current or self.html
            _level(str(self.work / language), str(self.staging / language), str(published / language))
            self.levelled.add(language)

    def finish(self) -> Path:
        """Level the spare with every language's build and publish it; :class:`PublishError` if it cannot be."""
        build_dir, current, staging, sites = self.html.parent, self.current, self.staging, self.sites
        try:
            _clear_leftovers(build_dir, sites, keep=tuple(p for p in (current, staging.resolve()) if p is not None))
            sites.mkdir(exist_ok=True)
            _level_site(self.project, self.work, staging, current or self.html, self.levelled)
            link = build_dir / f"{_LINK_PREFIX}{staging.name}-{os.getpid()}"
            os.symlink(Path(SITES) / staging.name, link, target_is_directory=True)
            _swap_in(link, self.html, sites / f"retired-{time.time_ns()}")
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)  # half levelled: never published, and may hold a full disk
            raise PublishError(storage_problem(build_dir, error, "publish the site")) from None
        # The new site is published; the one it replaced is the spare for the next publish.
        _clear_leftovers(build_dir, sites, keep=tuple(p for p in (staging.resolve(), current) if p is not None))
        return self.html


def _level_site(
    project: Project, work: Path, staging: Path, published: Path, levelled: set[str] | frozenset[str] = frozenset()
) -> None:
    """Bring the spare site ``staging`` level with every language's build (but those ``levelled`` already)
    and the landing page."""
    wanted = {*project.languages, "index.html"}
    staging.mkdir(exist_ok=True)
    for entry in staging.iterdir():
        if entry.name not in wanted:  # a language no longer built, or a killed run's temporary file
            _remove(str(entry), entry.is_dir() and not entry.is_symlink())
    for language in project.languages:
        if language not in levelled:
            _level(str(work / language), str(staging / language), str(published / language))
    _write_if_changed(staging / "index.html", landing_page(project.source_language, project.languages))
