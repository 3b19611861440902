"""The tests' ``policydocs`` processes, forked from one that has imported the package once.

Hundreds of tests run the real command line in a child process. Each such process spent
most of its life starting: the interpreter, then importing Sphinx, docutils, MyST, furo and
this package (0.7-0.9 s on the machines we test on, against 0.1-0.5 s for the refusal or the
small build it was started for). This server imports all of that once, then forks one child
per command line: the child takes the command's working directory, its whole environment,
``/dev/null`` as input and files as output, and runs :func:`policydocs.cli.run`, the
``policydocs`` entry point itself, which ends the process with the command's exit code. A
traceback escaping it is printed as the interpreter would print it, with exit code 1.

The server is started by the first :func:`run` and ended with the test session. What it
cannot give is a fresh interpreter: what a command reads from the environment while its
modules are imported would be read from the server's (the package reads the environment
where it acts, and ``tests/test_process_exit.py`` and the tests that kill builds still start
real processes).

Protocol: one JSON request per line on the server's input (arguments, environment, working
directory, output files), one JSON line back with the child's exit status.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Outcome:
    """What one run of the command line did: its exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def _child(request: dict) -> None:
    """In the forked child: become the command's process and run it; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        for fd, path in ((1, request["out"]), (2, request["err"])):
            os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        from policydocs import cli

        sys.argv = [cli.__file__, *request["args"]]  # as under `python -m policydocs.cli`
        cli.run()  # ends the process itself
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        traceback.print_exc()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def serve() -> None:
    """The server's loop: import, then fork one child per request line until input ends."""
    from policydocs import build, cli, warm_build  # noqa: F401  (imported to be inherited)
    from policydocs.project import Project

    warm_build.prepare(Project.at(ROOT / "tests" / "roots" / "test-basic"))
    channel_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    channel_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # nothing printed by accident may reach the channel
    for line in channel_in:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            channel_in.close()
            channel_out.close()
            _child(request)
        _pid, status = os.waitpid(pid, 0)
        channel_out.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
        channel_out.flush()


class Server:
    """The client's side: one server process for the session, one command at a time."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._scratch = TemporaryDirectory(prefix="policydocs-cli-")
        atexit.register(self.close)

    def _started(self) -> subprocess.Popen[str]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, __file__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
            )
        return self._process

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> Outcome:
        with self._lock:
            process = self._started()
            out, err = Path(self._scratch.name, "out"), Path(self._scratch.name, "err")
            request = {"args": args, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            reply = process.stdout.readline()
            assert reply, "the policydocs test server ended"
            code = json.loads(reply)["code"]
            return Outcome(code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait(timeout=30)
        self._scratch.cleanup()


_SERVER = Server()


def run(args: list[str], cwd: Path, env: dict[str, str]) -> Outcome:
    """``policydocs ARGS…`` in ``cwd`` with exactly the environment ``env``, as a user would run it."""
    return _SERVER.run(args, cwd, env)


if __name__ == "__main__":
    serve()
