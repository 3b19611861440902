"""The harness of the bad-input catalogue: run `policydocs` on a broken copy of a built site.

Every case starts from a copy of ``tests/roots/test-basic`` whose site was built and
published once, breaks one thing, runs the real command line in a child process (so
exit codes, environment variables and anything printed are exactly what a user sees)
and asserts what every bad input must get: a non-zero exit, no traceback, a message
naming the file (and the line where one applies), and the published site unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import cli_server
from cli_server import Outcome
from conftest import ROOTS, TODAY

# Words that only a crash prints: no bad input may make the command print them.
CRASH_MARKS = ("Traceback (most recent call last)", "Exception occurred", "Extension error", "full traceback")


def run_policydocs(root: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Outcome:
    """``policydocs --source ROOT ARGS…`` in a child process, as a user would run it (:mod:`cli_server`)."""
    return run_cli(cwd or root, ("--source", str(root), *args), env)


def run_cli(cwd: Path, args: tuple[str, ...], env: dict[str, str] | None = None) -> Outcome:
    """``policydocs ARGS…`` in ``cwd``, in a child process with this environment and ``env`` over it."""
    return cli_server.run(list(args), cwd, {**os.environ, **(env or {})})


def site_digest(build_dir: Path) -> str:
    """One digest over every file of the published site (``BUILD_DIR/html``), wherever it points."""
    html = build_dir / "html"
    if not html.exists():
        return "no site"
    digest = hashlib.sha256()
    root = html.resolve()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def built_template(directory: Path) -> Path:
    """Copy ``test-basic`` into ``directory`` and publish its site once (a session fixture uses this)."""
    root = directory / "basic"
    shutil.copytree(ROOTS / "test-basic", root)
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert outcome.code == 0, outcome.text
    return root


def broken_copy(template: Path, destination: Path) -> Path:
    """A copy of the built project (sources, doctrees and the published site) to break."""
    root = destination / "site"
    shutil.copytree(template, root, symlinks=True)
    return root


def assert_refused(outcome: Outcome, *where: str, code: int | None = None) -> None:
    """Non-zero exit, no traceback, and every ``where`` (``file:line`` or a file) in the message."""
    assert outcome.code != 0 if code is None else outcome.code == code, outcome.text
    for mark in CRASH_MARKS:
        assert mark not in outcome.text, outcome.text
    for place in where:
        assert place in outcome.text, f"{place!r} not named in:\n{outcome.text}"
