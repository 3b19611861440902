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


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it, from each process's parent in ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended between the listing and the read
            continue
        # The command name is in parentheses and may hold spaces: the parent follows the last ')'.
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def _usage_kib(pid: int) -> tuple[int, int]:
    """``(pss, rss)`` of one process in KiB; ``(0, 0)`` if it has ended; PSS 0 where the kernel lacks it."""
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except FileNotFoundError:  # a kernel before 4.14: RSS only, from statm
        try:
            return 0, int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE_KIB
        except OSError:
            return 0, 0
    except OSError:
        return 0, 0
    pss = rss = 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            pss = int(line.split()[1])
        elif line.startswith("Rss:"):
            rss = int(line.split()[1])
    return pss, rss


def tree_usage_kib(root: int) -> tuple[int, int, int]:
    """The sums of PSS and RSS over ``root``'s process tree now, and how many processes it has."""
    pids = _tree(root)
    usages = [_usage_kib(pid) for pid in pids]
    return sum(p for p, _ in usages), sum(r for _, r in usages), len(pids)


def checked(result: Run, what: str) -> Run:
    """``result`` if its command succeeded; a benchmark cannot go on from a failed build."""
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.output[-3000:]}")
    return result


def timed(command: Sequence[str], cwd: Path, timeout: float | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command``; its wall time alone (no peak memory: 0).

    For a figure of time only. Sampling a process tree's memory (:func:`run`, reading each process's
    ``smaps_rollup`` every 50 ms) costs the processes themselves: at 500 documents ``policydocs build``
    took 87.7 s sampled and 69.9 s not, one after the other; a baseline of small separate builds pays less.
    """
    return run(command, cwd, timeout, env, sample=False)


def run(
    command: Sequence[str],
    cwd: Path,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
    sample: bool = True,
) -> Run:
    """Run ``command``; its wall time and the peak memory of its process tree (unless not ``sample``)."""
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

    def sampled() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, tree_usage_kib(process.pid)[1])

    sampler = threading.Thread(target=sampled, daemon=True) if sample and PROC.is_dir() else None
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
    if not peak and sample:
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
