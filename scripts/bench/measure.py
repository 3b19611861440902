"""Wall time and peak memory of a command and everything it starts.

Peak memory is the largest sum of resident memory over the command's whole
process tree, sampled from ``/proc`` every 50 ms: ``policydocs build`` runs a
``sphinx-build`` per language at once, and what a machine must hold is their
sum. Where ``/proc`` is missing, the peak of the largest single process is
given instead (``getrusage``).
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    seconds: float
    peak_kib: int
    returncode: int
    output: str


@dataclass
class Figures:
    """Several runs of the same thing: median, min and max."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    note: str = ""  # why a figure is missing or bounded

    def add(self, run: Run) -> None:
        self.seconds.append(run.seconds)
        self.peak_kib.append(run.peak_kib)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def spread(self) -> str:
        """``median (min–max)`` in seconds, or the note when there is nothing to show."""
        if not self.seconds:
            return self.note or "n/a"
        if len(self.seconds) == 1:
            return f"{self.seconds[0]:.2f}"
        return f"{self.median:.2f} ({min(self.seconds):.2f}–{max(self.seconds):.2f})"

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else float("nan")


def _tree_rss_kib(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ')'.
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_KIB
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += rss.get(pid, 0)
        pending += children.get(pid, [])
    return total


def checked(result: Run, what: str) -> Run:
    """``result`` if its command succeeded; a benchmark cannot go on from a failed build."""
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.output[-3000:]}")
    return result


def run(command: Sequence[str], cwd: Path, timeout: float | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command``; its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss_kib(process.pid))

    sampler = threading.Thread(target=sample, daemon=True) if PROC.is_dir() else None
    if sampler:
        sampler.start()
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        done.set()
        return Run(time.perf_counter() - started, peak, -9, output)
    seconds = time.perf_counter() - started
    done.set()
    if sampler:
        sampler.join()
    if not peak:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Run(seconds, peak, process.returncode, output)


@contextlib.contextmanager
def work_directory(given: Path | None, prefix: str) -> Iterator[Path]:
    """``given`` (kept after the run, for a look at what was built), else a temporary directory, removed."""
    if given is not None:
        yield given
        return
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
