"""Sphinx builds forked from a process that has already imported Sphinx.

A ``sphinx-build`` process spends most of a small rebuild importing: Sphinx and
its builders, docutils, MyST, furo (and Beautiful Soup, whose selector library
compiles hundreds of regular expressions), and this package. A long-lived
process, ``policydocs preview``, imports all of that once, then forks one child
per language for every rebuild. Each child starts with everything imported,
runs one Sphinx build exactly as ``sphinx-build`` would, and exits, so no state
of one build (Sphinx's or an extension's) is ever seen by the next.

A one-shot ``policydocs build`` forks its language builds too, without importing
anything first: the children share the interpreter's start-up and what the
command has imported already, and each imports the rest in parallel (measured
on the seed site: 1.6 s against 2.0 s for two ``sphinx-build`` processes).

Forking needs a POSIX system; :func:`available` says whether it can be used.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO

from policydocs.language_build import LanguageBuild
from policydocs.project import Project

# Imported by Sphinx, MyST and furo while a build sets up or runs, not when sphinx.cmd.build is
# imported (found by listing what a forked child imports). One missing here costs time, not
# correctness: the child imports it itself.
_LAZY = (
    "docutils.core",
    "jinja2.ext",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.docutils_",
    "pygments.styles.native",
    "sphinx.builders.dirhtml",
    "sphinx.builders.latex.transforms",
    "sphinx.environment.collectors.asset",
    "sphinx.environment.collectors.dependencies",
    "sphinx.environment.collectors.metadata",
    "sphinx.environment.collectors.title",
    "sphinx.environment.collectors.toctree",
    "sphinx.ext.mathjax",
    "sphinx.search.en",
    "sphinx.search.ja",
    "sphinx.util.console",
    "sphinx.writers.html5",
    "sphinx_basic_ng",
)


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def prepare(project: Project) -> None:
    """Import what every build of ``project`` will need, once, before any child is forked."""
    import sphinx.application
    import sphinx.cmd.build

    for name in (*sphinx.application.builtin_extensions, *_LAZY, *project.extensions, project.theme):
        # A module that cannot be imported here is imported (and reported) by the build itself.
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def run_forked(
    commands: list[tuple[str, tuple[str, ...]]],
    cwd: Path,
    on_done: Callable[[LanguageBuild, bool], None] | None = None,
) -> tuple[LanguageBuild, ...]:
    """Run each ``sphinx-build`` command line (as :func:`policydocs.build.sphinx_command` makes
    them) in its own forked child, all at once, and collect their exit codes and output.

    ``on_done`` is called with each language's build as soon as it ends, and whether another is
    still running (the PDFs of one language are printed while the next builds). It may start
    threads and processes: every child is forked by then.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    with contextlib.ExitStack() as files:
        # A child shares the parent's memory until it writes to it, and the garbage collector writes
        # to every object it examines: each child's first full collection would copy the whole of
        # what the parent holds (the site model and the checker's findings: ~230 MiB at 5,000
        # documents) into itself. Frozen objects are never examined, in the children or here,
        # until every child has ended (issue 18, point 3; the use gc.freeze is documented for).
        gc.freeze()
        files.callback(gc.unfreeze)
        running: dict[int, tuple[str, tuple[str, ...], IO[bytes]]] = {}
        # Stopped (Ctrl-C, or a plain kill of the preview), this process takes its builds with it:
        # left running, they would go on writing into the build directory with no one waiting.
        files.callback(_stop, running)
        for language, command in commands:
            output = files.enter_context(tempfile.TemporaryFile())
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _build_in_child(command, cwd, output.fileno())
            running[pid] = (language, command, output)
        builds: dict[str, LanguageBuild] = {}
        while running:
            # Each child by its own pid, never "any child": that could be Chromium, started by on_done.
            ended = []
            for pid in list(running):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    ended.append((pid, status))
            for pid, status in ended:
                language, command, output = running.pop(pid)
                output.seek(0)
                text = output.read().decode("utf-8", errors="replace")
                builds[language] = LanguageBuild(language, command, os.waitstatus_to_exitcode(status), text)
                if on_done is not None:
                    on_done(builds[language], bool(running))
            if running and not ended:
                time.sleep(0.01)
    return tuple(builds[language] for language, _command in commands)


def _stop(running: dict[int, object]) -> None:
    """End every child still in ``running`` (none, once all were collected)."""
    for pid in running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in running:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _build_in_child(command: tuple[str, ...], cwd: Path, output: int) -> None:
    code = 2
    try:
        os.dup2(output, 1)
        os.dup2(output, 2)
        # New streams on the new descriptors: the inherited ones may not write to fd 1 and 2 at
        # all (a test runner's capture) and may hold a lock another thread of the parent took.
        sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        os.chdir(cwd)
        from sphinx.cmd.build import build_main

        _say_user_errors_in_one_line()

        # The command line is ``python -m sphinx build <options>``: Sphinx's own options follow "build".
        code = build_main(list(command[command.index("build") + 1 :]))
    except BaseException:  # the child must never return into the parent's code
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _say_user_errors_in_one_line() -> None:
    """A fault of the site or of the machine is said in one line, with what to do; a crash keeps its report.

    Sphinx 9 reports any exception from a build with a crash report and a saved traceback. A
    disk that fills up or turns read-only, or an error Sphinx raises on purpose about the site
    (a missing root document, a bad configuration), is not a crash: the user needs only what is
    wrong and where. An extension's unexpected exception (``orig_exc``) is a bug, and keeps it.
    """
    import errno

    import sphinx._cli.util.errors as sphinx_errors
    from sphinx.errors import SphinxError

    from policydocs.publishing import storage_problem

    report_crash = sphinx_errors.handle_exception
    storage = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)

    def handle_exception(exception: BaseException, /, **options: object) -> None:
        if isinstance(exception, OSError) and exception.errno in storage:
            print(storage_problem(Path.cwd(), exception, "write the build"), file=sys.stderr)
        elif isinstance(exception, SphinxError) and getattr(exception, "orig_exc", None) is None:
            print(f"{exception.category}: {exception}", file=sys.stderr)
        else:
            report_crash(exception, **options)  # type: ignore[arg-type]

    sphinx_errors.handle_exception = handle_exception
