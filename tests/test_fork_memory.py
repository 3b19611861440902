"""Forked language builds do not copy the parent's memory by collecting it (issue 18, point 3).

:func:`policydocs.warm_build.run_forked` freezes the parent's objects before it forks, so
that no child's garbage collector writes to (and so copies) them, and unfreezes them once
every child has ended, so that a long-lived preview collects them again.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from policydocs import warm_build

pytestmark = pytest.mark.skipif(not warm_build.available(), reason="needs fork")


def test_children_see_the_parents_objects_frozen_and_the_parent_unfreezes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def report_frozen(command: tuple[str, ...], cwd: Path, output: int) -> None:
        os.write(output, str(gc.get_freeze_count()).encode())
        os._exit(0)

    monkeypatch.setattr(warm_build, "_build_in_child", report_frozen)
    assert gc.get_freeze_count() == 0
    builds = warm_build.run_forked([("ja", ("build",)), ("en", ("build",))], tmp_path)
    assert [build.returncode for build in builds] == [0, 0]
    assert all(int(build.output) > 0 for build in builds)
    assert gc.get_freeze_count() == 0
