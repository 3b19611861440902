"""Build every language of the site, and publish only a build that fully succeeded.

Each language is built by its own ``sphinx-build`` process (in parallel, one
per core) into ``_build/work/<lang>``, keeping Sphinx's incremental state in
``_build/doctrees/<lang>``. Before any of that, :mod:`policydocs.preflight` refuses
what would make a build crash or unsafe, and a strict build refuses on the problems
the loader and the locks find in the sources (:mod:`policydocs.site_problems`).
Only when every language built without warnings, and its PDFs printed
(:mod:`policydocs.pdf_render`), is the result published
(:mod:`policydocs.publishing`); a failed run leaves the last good site exactly
as it was.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policydocs import warm_build
from policydocs.forked_map import cores
from policydocs.language_build import LanguageBuild
from policydocs.model import Problem
from policydocs.parse_directory import shared_parses
from policydocs.project import Project
from policydocs.shards import Shard

if TYPE_CHECKING:
    from policydocs.pdf_render import PdfRun


@dataclass(frozen=True)
class SiteBuild:
    """All languages of one build, and where the site was published if it was."""

    languages: tuple[LanguageBuild, ...]
    published: Path | None
    problems: tuple[Problem, ...] = ()  # what stopped the build before or after Sphinx ran
    notes: tuple[str, ...] = ()  # what the build did after Sphinx (the PDFs printed), for the user
    slice: Path | None = None  # a slice of the site (--shard K/N): where it was written, for policydocs merge

    @property
    def ok(self) -> bool:
        return not self.problems and all(build.returncode == 0 for build in self.languages)


def sphinx_command(
    project: Project,
    language: str,
    build_dir: Path,
    builder: str = "dirhtml",
    strict: bool = True,
    today: str | None = None,
    pdfs: bool = True,
    color: bool = False,
    shard: Shard | None = None,
    shared_parses: Path | None = None,
) -> tuple[str, ...]:
    """The ``sphinx-build`` command line for one language (sharing parses in ``shared_parses``, if given).

    Colour is said either way: left to itself, Sphinx colours whenever ``CI`` is set, and its
    output here is captured text for a person or a program, not a terminal.
    """
    command = [sys.executable, "-m", "sphinx", "build", "-b", builder, "-q"]
    command.append("--color" if color else "--no-color")
    if strict:
        command += ["-W", "--keep-going"]
    if not pdfs:  # no PDFs, so no links to them either
        command += ["-D", "policydocs_pdf=0"]
    if today:
        command += ["-D", f"policydocs_today={today}"]
    if shard is not None:
        command += ["-D", f"policydocs_shard={shard}"]
    if shared_parses is not None:
        command += ["-D", f"policydocs_shared_parses={shared_parses}"]
    command += ["-D", f"language={language}", "-d", str(build_dir / "doctrees" / language)]
    command += [str(project.srcdir), str(build_dir / "work" / language)]
    return tuple(command)


def _run(command: tuple[str, ...], language: str, cwd: Path) -> LanguageBuild:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    return LanguageBuild(language, command, result.returncode, result.stdout + result.stderr)


def _build_languages(
    commands: list[tuple[str, tuple[str, ...]]],
    cwd: Path,
    forked: bool,
    on_done: Callable[[LanguageBuild, bool], None],
) -> tuple[LanguageBuild, ...]:
    """Every language's build at once; ``on_done`` as each ends, told whether others still run."""
    if forked and warm_build.available():
        return warm_build.run_forked(commands, cwd, on_done)
    ended: dict[str, LanguageBuild] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(len(commands), cores()))) as pool:
        running = [pool.submit(_run, command, language, cwd) for language, command in commands]
        for future in as_completed(running):
            build = future.result()
            ended[build.language] = build
            on_done(build, len(ended) < len(running))
    return tuple(ended[language] for language, _command in commands)


def _check_once(project: Project, build_dir: Path, today: str | None) -> None:
    """Run the checker here, once, for every language build about to start (:mod:`policydocs.shared_check`).

    A forked build takes the result as it is; a ``sphinx-build`` process finds it in the shared cache.
    Whatever goes wrong here (a bad date, an unreadable rule file) each build finds and reports itself.
    """
    from policydocs.dates import BuildDateError, build_date
    from policydocs.shared_check import precheck

    try:
        day = build_date(today or None)
    except BuildDateError:
        return
    with contextlib.suppress(Exception):  # reported, located, by the language builds
        precheck(project.srcdir, build_dir, day)


def _source_problems(project: Project, build_dir: Path, shard: Shard | None) -> list[Problem]:
    """What in the sources fails a strict build (:mod:`policydocs.site_problems`), found before any language's
    build starts: each would only read and write every page to fail on it, and say it once per language."""
    from policydocs.loader import load_site
    from policydocs.shared_check import CHECK_DIR
    from policydocs.site_problems import refusing_problems

    # Through the check's site cache, which the check and every language's build then read from memory.
    site = load_site(project.srcdir, cache_dir=build_dir / CHECK_DIR)
    return refusing_problems(site, shard, project.suppress_warnings)


def _write_slice(project: Project, build_dir: Path, shard: Shard, today: str | None) -> Path:
    """Say what the slice in ``build_dir/work`` holds, for the merge (:mod:`policydocs.slice_manifest`)."""
    from policydocs.dates import build_date
    from policydocs.loader import load_site
    from policydocs.shared_check import CHECK_DIR
    from policydocs.slice_manifest import write_manifest

    # The parent loaded the site for its check just now: read through the same cache, nothing is parsed again.
    site = load_site(project.srcdir, cache_dir=build_dir / CHECK_DIR)
    organisations = [org.slug for org in site.organisations if shard.holds(org.slug)]
    work = build_dir / "work"
    write_manifest(work, shard, organisations, project.languages, build_date(today or None))
    return work


def _pdf_run(build_dir: Path) -> PdfRun:
    # Imported here: the PDF tools (pypdf) take 0.15 s to import, which a refused build need not wait for.
    from policydocs.pdf_render import PdfRun

    return PdfRun(build_dir)


def build_site(
    srcdir: Path,
    build_dir: Path | None = None,
    languages: tuple[str, ...] | None = None,
    strict: bool = True,
    today: str | None = None,
    forked: bool = True,
    pdfs: bool = True,
    color: bool = False,
    shard: Shard | None = None,
    publish_result: bool = True,
) -> SiteBuild:
    """Build the site in every language; publish it to ``build_dir/html`` if all succeeded.

    Each language runs in a child forked from this process (:mod:`policydocs.warm_build`)
    where the system can fork, else (or with ``forked=False``) in a ``sphinx-build`` process.
    Then the PDFs of the policy texts are printed (:mod:`policydocs.pdf_render`) unless
    ``pdfs`` is False (the preview, which an editor waits for): each language's as soon as its
    build ends, while the other may still be building. ``color`` colours Sphinx's
    messages, for a command printing them to a terminal.

    With ``shard``, only that slice of the organisations is built (:mod:`policydocs.shards`),
    by default in ``_build/shards/K-of-N``, and left there with its manifest for
    ``policydocs merge`` instead of being published. With ``publish_result`` False, the languages'
    builds are left in ``build_dir/work`` (the preview serves them from there).
    """
    from policydocs import catalog_precompile
    from policydocs.preflight import preflight
    from policydocs.publishing import Publication, PublishError, publish

    project = Project.at(srcdir.resolve())
    default = project.srcdir / "_build" / ("shards/" + shard.name if shard else "")
    build_dir = (build_dir or default).resolve()
    chosen = languages or project.languages
    problems = preflight(project, build_dir) or (_source_problems(project, build_dir, shard) if strict else [])
    if problems:
        return SiteBuild((), None, tuple(problems))
    # The translations' catalogs are checked and compiled beside the check (policydocs.catalog_precompile).
    precompiling = catalog_precompile.start(project, build_dir, chosen)
    try:
        _check_once(project, build_dir, today)
    finally:
        catalog_precompile.finish(precompiling)
    options = {"strict": strict, "today": today, "pdfs": pdfs, "color": color, "shard": shard}
    # PDFs only in a build of every language, the one that is published.
    run = _pdf_run(build_dir) if pdfs and set(chosen) == set(project.languages) else None
    failed: list[str] = []
    # Without PDFs to print into its output first, a language whose build ends while another still builds is
    # copied into the spare site on the core it leaves free (policydocs.publishing.Publication).
    early_publishing = run is None and publish_result and shard is None and set(chosen) == set(project.languages)
    begun: list[Publication] = []

    def language_done(build: LanguageBuild, others_running: bool) -> None:
        # A language's PDFs are printed as soon as its build ends, on the core it leaves free.
        failed.extend([build.language] if build.returncode else [])
        if run is not None and not failed:
            run.add(build.language, beside=others_running)
        elif early_publishing and others_running and not failed:
            if not begun:
                with contextlib.suppress(PublishError):  # said by the publish at the end, if it holds then
                    begun.append(Publication(project, build_dir))
            for publication in begun:
                publication.level(build.language)

    try:
        # The languages' builds parse each source once between them (policydocs.sphinxext.shared_parses).
        with shared_parses(build_dir, len(chosen)) as parses:
            commands = [
                (lang, sphinx_command(project, lang, build_dir, **options, shared_parses=parses)) for lang in chosen
            ]
            runs = _build_languages(commands, project.srcdir, forked, language_done)
        result = SiteBuild(runs, None)
        if result.ok and set(chosen) == set(project.languages):
            if run is not None:  # into the languages' output, so that they are published with the pages or not at all
                notes: list[str] = []
                problems = run.finish(notes)
                run.printer.close()  # while the site is published
                if problems:
                    return SiteBuild(runs, None, tuple(problems))
                result = SiteBuild(runs, None, (), tuple(notes))
            if shard is not None:
                return SiteBuild(runs, None, (), result.notes, _write_slice(project, build_dir, shard, today))
            if not publish_result:
                return result
            try:
                published = begun[0].finish() if begun else publish(project, build_dir)
                result = SiteBuild(runs, published, (), result.notes)
            except PublishError as error:
                result = SiteBuild(runs, None, (error.problem,))
    finally:
        for publication in begun:
            publication.close()  # a build that failed leaves the published site as it was
        if run is not None:
            run.printer.join()
    return result
