"""Build every language of the site, and publish only a build that fully succeeded.

Each language is built by its own ``sphinx-build`` process (in parallel, one
per core) into ``_build/work/<lang>``, keeping Sphinx's incremental state in
``_build/doctrees/<lang>``. Only when every language built without warnings is
the result copied into a fresh directory and swapped in as ``_build/html``; a
failed run leaves the last good site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from policydocs.languages import landing_page
from policydocs.project import Project


@dataclass(frozen=True)
class LanguageBuild:
    """One language's ``sphinx-build`` run."""

    language: str
    command: tuple[str, ...]
    returncode: int
    output: str


@dataclass(frozen=True)
class SiteBuild:
    """All languages of one build, and where the site was published if it was."""

    languages: tuple[LanguageBuild, ...]
    published: Path | None

    @property
    def ok(self) -> bool:
        return all(build.returncode == 0 for build in self.languages)


def sphinx_command(
    project: Project,
    language: str,
    build_dir: Path,
    builder: str = "dirhtml",
    strict: bool = True,
    today: str | None = None,
) -> tuple[str, ...]:
    """The ``sphinx-build`` command line for one language."""
    command = [sys.executable, "-m", "sphinx", "build", "-b", builder, "-q"]
    if strict:
        command += ["-W", "--keep-going"]
    if today:
        command += ["-D", f"policydocs_today={today}"]
    command += ["-D", f"language={language}", "-d", str(build_dir / "doctrees" / language)]
    command += [str(project.srcdir), str(build_dir / "work" / language)]
    return tuple(command)


def _run(command: tuple[str, ...], language: str, cwd: Path) -> LanguageBuild:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return LanguageBuild(language, command, result.returncode, result.stdout + result.stderr)


def _copy_unless_published(work: Path, published: Path) -> Callable[[str, str], object]:
    """Copy a built file into the staging site, or link the published one if it is the same file.

    A rebuild rewrites only the pages that changed, so most of a large site is linked, not
    copied. Published files are never written to, only replaced as a whole directory, so the
    new site and the one it replaces can share them; Sphinx's work files are rewritten in
    place, so those are always copied. The copy keeps the work file's modification time,
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


def publish(project: Project, build_dir: Path) -> Path:
    """Swap the finished work directories in as ``build_dir/html``."""
    html = build_dir / "html"
    staging = build_dir / ".html-staging"
    retired = build_dir / ".html-retired"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    staging.mkdir(parents=True)
    for language in project.languages:
        work = build_dir / "work" / language
        shutil.copytree(
            work,
            staging / language,
            ignore=shutil.ignore_patterns(".buildinfo*"),
            copy_function=_copy_unless_published(work, html / language),
        )
    (staging / "index.html").write_text(landing_page(project.source_language, project.languages), encoding="utf-8")
    if html.exists():
        html.rename(retired)
    staging.rename(html)
    shutil.rmtree(retired, ignore_errors=True)
    return html


def build_site(
    srcdir: Path,
    build_dir: Path | None = None,
    languages: tuple[str, ...] | None = None,
    strict: bool = True,
    today: str | None = None,
    forked: bool = True,
) -> SiteBuild:
    """Build the site in every language; publish it to ``build_dir/html`` if all succeeded.

    Each language runs in a child forked from this process (:mod:`policydocs.warm_build`)
    where the system can fork, else (or with ``forked=False``) in a ``sphinx-build`` process.
    """
    from policydocs import warm_build

    project = Project.at(srcdir.resolve())
    build_dir = (build_dir or project.srcdir / "_build").resolve()
    chosen = languages or project.languages
    commands = [(lang, sphinx_command(project, lang, build_dir, strict=strict, today=today)) for lang in chosen]
    if forked and warm_build.available():
        runs = warm_build.run_forked(commands, project.srcdir)
    else:
        with ThreadPoolExecutor(max_workers=max(1, min(len(commands), os.cpu_count() or 1))) as pool:
            runs = tuple(pool.map(lambda item: _run(item[1], item[0], project.srcdir), commands))
    result = SiteBuild(runs, None)
    if result.ok and set(chosen) == set(project.languages):
        result = SiteBuild(runs, publish(project, build_dir))
    return result
