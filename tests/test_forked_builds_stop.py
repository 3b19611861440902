"""A stopped ``policydocs build`` or preview takes its forked language builds with it.

Found at 5,000 documents: a preview stopped by a plain ``kill`` while it rebuilt left
both language builds running for minutes, writing into its build directory.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from policydocs import warm_build
from policydocs.language_build import LanguageBuild


def test_a_stopped_parent_ends_the_builds_still_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked: list[int] = []
    fork = os.fork

    def recorded_fork() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    def child(command: tuple[str, ...], cwd: Path, output: int) -> None:  # as forked: never returns
        if command[-1] == "slow":
            time.sleep(60)
        os._exit(0)

    monkeypatch.setattr(os, "fork", recorded_fork)
    monkeypatch.setattr(warm_build, "_build_in_child", child)

    def stopped(build: LanguageBuild, others_running: bool) -> None:
        assert others_running  # the slow one
        raise KeyboardInterrupt  # as Ctrl-C, or SIGTERM in the preview, arrives

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        warm_build.run_forked([("ja", ("build", "quick")), ("en", ("build", "slow"))], tmp_path, stopped)
    assert time.monotonic() - started < 30, "the parent waited for the slow build instead of ending it"
    assert len(forked) == 2
    for pid in forked:
        assert not Path(f"/proc/{pid}").exists(), "a build still runs, or was never collected"
