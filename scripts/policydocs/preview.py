"""``policydocs preview``: serve the site on this machine and rebuild it whenever a source changes.

An editor changes a paragraph, saves, and reloads the page. What stands between
the two is the rebuild, and a one-shot ``policydocs build`` spends most of a
small rebuild starting Python and importing Sphinx, twice (one process per
language). The preview process imports all of that once
(:mod:`policydocs.warm_build`) and forks the per-language builds from itself,
so a rebuild costs the reading and writing of what changed.

The preview is built without ``-W``: a draft with a problem is still shown, and
the problem is printed with its file and line. It lives in its own build
directory (``_build/preview``), so it never replaces the published site, which
only a strict ``policydocs build`` writes.

Pages are served from where Sphinx writes them, not published: ``html/`` links
each language to its build (``work/<lang>``), so an edited page is served as
soon as its language's build has written it, before that build has written the
site-wide pages (comparisons, search, feeds) and before the other language is
done. Publishing a site atomically (:mod:`policydocs.publishing`) walks every
file of both languages, a quarter of a second at 500 documents, which the one
person looking at a preview would wait for on every save; they may, for that
fraction of a second, see one page new and another not yet. A build that fails
before Sphinx writes anything (a broken ``conf.py``, a refused file) leaves the
last build served as it was.

What changed is told by comparing what the file system says of every source (size,
modification time) before and after, which needs no library: the content of a site
is at most some tens of thousands of files. When to look is told by Linux's inotify
where it can be had (:mod:`policydocs.source_watch`), else by a timer. Python files other than
``conf.py`` are not watched: this process has already imported the extension,
so a change to its code needs a restart of the preview, not a rebuild.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from policydocs import warm_build
from policydocs.build import SiteBuild, build_site
from policydocs.languages import landing_page
from policydocs.model import Problem
from policydocs.project import Project, ProjectError
from policydocs.publishing import SITES
from policydocs.source_watch import SourceWatch

# Written by the build itself (compiled catalogs, bytecode), or code already imported.
_IGNORED_SUFFIXES = (".mo", ".pyc", ".py", ".swp", "~")
_WATCHED_PYTHON = "conf.py"
# Woken by inotify, the preview still looks this often, for file systems that send no events.
_LOOK_ANYWAY_SECONDS = 5.0

Snapshot = dict[str, tuple[int, int]]


def sources(srcdir: Path, build_dir: Path, directories: list[str] | None = None) -> Snapshot:
    """Size and modification time of every file a build may read, by path relative to ``srcdir``.

    ``directories``, if given, gets every directory looked in (the ones to watch for changes).
    """
    # Plain strings throughout: a large site has tens of thousands of files, looked at every poll.
    root = str(srcdir.resolve())
    prefix = len(root) + 1
    skipped = str(build_dir.resolve())
    found: Snapshot = {}
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # removed while we looked: the next poll sees it gone
        if directories is not None:
            directories.append(directory)
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.path != skipped:
                    pending.append(entry.path)
            elif name == _WATCHED_PYTHON or not name.endswith(_IGNORED_SUFFIXES):
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                found[entry.path[prefix:]] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> tuple[str, ...]:
    """Files added, removed or written between two snapshots, sorted."""
    return tuple(sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path)))


@dataclass(frozen=True)
class Rebuild:
    """One build of the preview: why it ran, how long it took, what Sphinx said."""

    changed: tuple[str, ...]  # empty for the first build
    seconds: float
    result: SiteBuild | None  # None when the project itself could not be read
    problem: Problem | None = None  # why it could not

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok

    @property
    def written(self) -> bool:
        """Whether Sphinx ran for any language (and so may have written pages), even if it then failed."""
        return self.result is not None and bool(self.result.languages)


class Preview:
    """Builds ``srcdir`` into ``build_dir`` now and again after every change."""

    def __init__(self, srcdir: Path, build_dir: Path, today: str | None = None) -> None:
        self.srcdir = srcdir.resolve()
        self.build_dir = build_dir.resolve()
        self.today = today
        project = Project.at(self.srcdir)
        if warm_build.available():
            warm_build.prepare(project)
        served_site(self.build_dir, project)
        self.watch = SourceWatch()
        self.seen = self._look()
        self.look_seconds = 0.0  # how long the last look at the sources took

    @property
    def html(self) -> Path:
        return self.build_dir / "html"

    def build(self, why: tuple[str, ...] = ()) -> Rebuild:
        started = time.perf_counter()
        try:
            result = build_site(
                self.srcdir, self.build_dir, strict=False, today=self.today, pdfs=False, publish_result=False
            )
            served_site(self.build_dir, Project.at(self.srcdir))  # conf.py may have changed the languages
        except ProjectError as error:  # a broken conf.py: say where, keep serving the last good build
            return Rebuild(why, time.perf_counter() - started, None, error.problem)
        return Rebuild(why, time.perf_counter() - started, result)

    def _look(self) -> Snapshot:
        """The sources now; every directory looked in is watched from here on."""
        directories: list[str] = []
        now = sources(self.srcdir, self.build_dir, directories if self.watch.active else None)
        self.watch.watch(directories)
        return now

    def poll(self, settle: float = 0.05, woken: bool = False) -> Rebuild | None:
        """Rebuild if a source changed since the last look; ``settle`` lets an editor finish saving.

        ``woken``: told by the watch that something changed, so the editor's save is let finish
        first and one look follows; otherwise a look, and a second after ``settle`` if it saw a change.
        """
        if woken:
            time.sleep(settle)
        started = time.perf_counter()
        now = self._look()
        self.look_seconds = time.perf_counter() - started
        if now == self.seen:
            return None
        if not woken:
            time.sleep(settle)
            now = self._look()
        why, self.seen = changed(self.seen, now), now
        return self.build(why)

    def run(self, report: Callable[[Rebuild], None], interval: float = 0.1) -> None:
        """Build, then watch and rebuild until interrupted."""
        report(self.build())
        while True:
            if self.watch.active:
                rebuild = self.poll(woken=self.watch.wait(_LOOK_ANYWAY_SECONDS))
            else:
                # A look stats every source: on a site of thousands of files, look less often, so
                # that watching never takes more than a fifth of a core.
                time.sleep(max(interval, 4 * self.look_seconds))
                rebuild = self.poll()
            if rebuild is not None:
                report(rebuild)


def served_site(build_dir: Path, project: Project) -> Path:
    """``build_dir/html``: the landing page, and each language linked to its build in ``build_dir/work``."""
    html = build_dir / "html"
    if html.is_symlink():  # published, by an older preview: its sites are no longer needed
        html.unlink()
        shutil.rmtree(build_dir / SITES, ignore_errors=True)
    html.mkdir(parents=True, exist_ok=True)
    for entry in html.iterdir():
        if entry.is_symlink() and entry.name not in project.languages:
            entry.unlink()  # a language conf.py no longer builds
    for language in project.languages:
        link = html / language
        target = Path("..") / "work" / language
        if not link.is_symlink() or Path(os.readlink(link)) != target:
            if link.is_dir() and not link.is_symlink():
                shutil.rmtree(link)
            link.unlink(missing_ok=True)
            link.symlink_to(target, target_is_directory=True)
    page = html / "index.html"
    text = landing_page(project.source_language, project.languages)
    if not page.is_file() or page.read_text(encoding="utf-8") != text:
        page.write_text(text, encoding="utf-8")
    return html


def serve(directory: Path, port: int, bind: str = "127.0.0.1") -> subprocess.Popen[bytes]:
    """Serve ``directory`` over HTTP from a child process, so that builds can fork from this one.

    Every request is answered with the file as it is now (:mod:`policydocs.preview_server`),
    so a page a build has just rewritten is served at once.
    """
    directory.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "policydocs.preview_server", str(port), "--bind", bind, "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def served(url: str) -> str:
    """The page served at ``url`` (as text), or "" while nothing (or not all of it) is served there."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException):
        return ""
