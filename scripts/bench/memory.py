"""Peak memory of a whole build from scratch, against plain Sphinx on the same documents.

``policydocs build`` forks one child per language (:mod:`policydocs.warm_build`) and may
start Chromium for the PDFs: what a machine must hold is the sum over that whole process
tree, sampled every 50 ms from ``/proc`` while it runs. Two sums are given:

* **PSS** (proportional set size, ``/proc/<pid>/smaps_rollup``): each page shared by k
  processes counts 1/k in each, so the sum is what the tree really occupies. Forked
  children share the parent's pages (the interpreter, every module imported before the
  fork) until they write to them, so this is the figure the target is judged by.
* **RSS** (resident set size): each process's resident pages counted in full, so shared
  pages count once per process that maps them. The sum overstates the tree (by the
  shared pages of every fork); it is given because ``ps`` and ``top`` show it, and because
  older figures (:mod:`bench.measure`, issue 18's 5.2 GiB) were sums of RSS.

The baseline is one plain ``sphinx-build`` (myst-parser + furo, Japanese only, no
extension) of the same revision texts (:func:`bench.synthetic.plain_project`). The target
(issue 18, point 3): the whole build's processes at most 1.5 GiB at 5,000 documents.
Run on its own::

    PYTHONPATH=scripts .venv/bin/python -m bench.memory --documents 500 5000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import tree_usage_kib, work_directory
from bench.synthetic import generate_site, plain_project

INTERVAL = 0.05  # seconds between samples: a child's peak lasts far longer than that
REVISIONS = 5
TARGET_MIB = 1.5 * 1024  # the whole build's processes at 5,000 documents (issue 18, point 3)
TARGET_DOCUMENTS = 5000
POLICYDOCS = [sys.executable, "-m", "policydocs.cli"]
SPHINX = [sys.executable, "-m", "sphinx", "build", "-b", "dirhtml", "-q"]
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Peak:
    """One command's run: its wall time and the peaks of its process tree's summed PSS and RSS."""

    seconds: float
    cpu_seconds: float  # user + system time of the whole tree: what the machine's other load does not change
    pss_kib: int  # peak of the sum of PSS over the tree (0 where smaps_rollup cannot be read)
    rss_kib: int  # peak of the sum of RSS over the tree
    processes: int  # most processes seen in the tree at once
    returncode: int
    output: str

    @property
    def pss_mib(self) -> float:
        return self.pss_kib / 1024

    @property
    def rss_mib(self) -> float:
        return self.rss_kib / 1024


@dataclass
class MemoryFigures:
    """One site size: ``policydocs build`` from scratch against one plain Sphinx build."""

    documents: int
    pdfs: bool
    ours: Peak | None = None
    plain: Peak | None = None
    extra: dict[str, Peak] = field(default_factory=dict)


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Peak:
    """Run ``command`` to its end, sampling its process tree every :data:`INTERVAL` seconds."""
    started = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    peaks = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(INTERVAL):
            for index, value in enumerate(tree_usage_kib(process.pid)):
                peaks[index] = max(peaks[index], value)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    # Counts every descendant its parent waited for: the forked language builds, Chromium.
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    return Peak(seconds, cpu, peaks[0], peaks[1], peaks[2], process.returncode, output)


def _checked(peak: Peak, what: str) -> Peak:
    if peak.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {peak.returncode}):\n{peak.output[-3000:]}")
    return peak


def build_ours(site: Path, build_dir: Path, pdfs: bool = False, env: dict[str, str] | None = None) -> Peak:
    """``policydocs build`` of ``site`` from scratch (``build_dir`` emptied first), measured."""
    shutil.rmtree(build_dir, ignore_errors=True)
    command = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "build"]
    return _checked(run([*command, *(() if pdfs else ("--no-pdf",))], site, env), "policydocs build")


def build_plain(plain: Path, out: Path) -> Peak:
    """One plain ``sphinx-build`` of ``plain`` from scratch into ``out``, measured."""
    shutil.rmtree(out, ignore_errors=True)
    return _checked(run([*SPHINX, "-d", str(out / ".doctrees"), str(plain), str(out)], plain), "plain Sphinx build")


def measure(
    source: Path, workdir: Path, documents: int, pdfs: bool = False, plain: bool = True, keep: bool = False
) -> MemoryFigures:
    """Peak memory of ``policydocs build`` from scratch on a synthetic site of ``documents`` revisions,
    and (``plain``) of plain Sphinx on the same revisions. Without ``pdfs`` (the default) the build
    makes HTML only, as plain Sphinx does; ``keep`` leaves the site and the builds in ``workdir``.
    """
    organisations = max(1, documents // REVISIONS)
    site = generate_site(source, workdir / f"site-{documents}", organisations, REVISIONS).root
    figures = MemoryFigures(organisations * REVISIONS, pdfs)
    build_dir = workdir / f"build-{documents}"
    figures.ours = build_ours(site, build_dir, pdfs)
    if plain:
        project = workdir / f"plain-{documents}"
        plain_project(site, project)
        out = workdir / f"plain-html-{documents}"
        figures.plain = build_plain(project, out)
        if not keep:
            shutil.rmtree(project, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    if not keep:
        shutil.rmtree(build_dir, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
    return figures


def _line(what: str, peak: Peak | None, baseline: Peak | None = None) -> str:
    if peak is None:
        return f"  {what:<34} {'n/a':>9}"
    ratio = f"  {peak.pss_kib / baseline.pss_kib:4.1f}x plain" if baseline and baseline.pss_kib else ""
    return (
        f"  {what:<34} {peak.pss_mib:>7.0f} MiB PSS  {peak.rss_mib:>7.0f} MiB RSS  "
        f"{peak.seconds:>7.1f} s ({peak.cpu_seconds:.0f} s CPU)  {peak.processes:>2} processes{ratio}"
    )


def report(figures: MemoryFigures) -> list[str]:
    """Lines for a reader: both builds' peaks, and the verdict against the target where it applies."""
    what = "policydocs build" + ("" if figures.pdfs else " --no-pdf")
    lines = [
        f"peak memory of the whole process tree, from scratch, {figures.documents} revision documents "
        "(sum of PSS, shared pages counted once; sum of RSS, counted per process):",
        _line("plain Sphinx (ja only)", figures.plain),
        _line(what, figures.ours, figures.plain),
    ]
    if figures.ours is not None and figures.documents >= TARGET_DOCUMENTS:
        verdict = "met" if figures.ours.pss_mib <= TARGET_MIB else "missed"
        lines.append(f"  target: <= {TARGET_MIB / 1024:g} GiB at {TARGET_DOCUMENTS:,} documents: {verdict}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[500], help="revision documents (one or more)")
    parser.add_argument("--pdf", action="store_true", help="print the PDFs too (Chromium); plain Sphinx makes none")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain Sphinx baseline")
    parser.add_argument("--source", type=Path, default=REPO, help="the site whose real policies are copied")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: a temporary directory)")
    args = parser.parse_args(argv)
    with work_directory(args.workdir, "policydocs-memory-") as workdir:
        for documents in args.documents:
            figures = measure(args.source, workdir, documents, args.pdf, not args.no_plain, args.workdir is not None)
            print("\n".join(report(figures)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
