"""What a rebuild that changed nothing costs, against plain Sphinx's rebuild that changed nothing.

On a synthetic site of N revision documents (:mod:`bench.synthetic`) and its plain
Sphinx counterpart (myst-parser + furo, Japanese only, no extension), each built once
first: ``policydocs build --no-pdf`` (both languages, publishing included) run again
with nothing changed, interleaved with ``sphinx-build`` run again on the plain
project, so that the machine's load falls on both alike. The target (issue 18,
point 1, with point 2): at most 1.5 times plain Sphinx. Run on its own::

    PYTHONPATH=scripts .venv/bin/python -m bench.rebuild --documents 500
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import Figures, checked, run, work_directory
from bench.synthetic import generate_site, plain_project

REVISIONS = 5
TARGET = 1.5  # no-change rebuild / plain Sphinx's no-change rebuild (issue 18)
POLICYDOCS = [sys.executable, "-m", "policydocs.cli"]
SPHINX = [sys.executable, "-m", "sphinx", "build", "-b", "dirhtml", "-q"]
REPO = Path(__file__).resolve().parents[2]


@dataclass
class RebuildFigures:
    """No-change rebuilds of one synthetic site, ours against plain Sphinx's."""

    documents: int
    first: Figures = field(default_factory=Figures)  # our build from scratch, once
    ours: Figures = field(default_factory=Figures)
    plain: Figures = field(default_factory=Figures)

    @property
    def ratio(self) -> float:
        return self.ours.median / self.plain.median


def measure(source: Path, workdir: Path, documents: int, runs: int) -> RebuildFigures:
    """Build both once, then ``runs`` no-change rebuilds of each, interleaved."""
    organisations = max(1, documents // REVISIONS)
    site = generate_site(source, workdir / f"site-{documents}", organisations, REVISIONS).root
    plain = workdir / f"plain-{documents}"
    plain_project(site, plain)
    figures = RebuildFigures(organisations * REVISIONS)
    build_dir = workdir / f"build-{documents}"
    ours = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "build", "--no-pdf"]
    out = workdir / f"plain-html-{documents}"
    theirs = [*SPHINX, "-d", str(out / ".doctrees"), str(plain), str(out)]
    figures.first.add(checked(run(ours, site), "policydocs build"))
    checked(run(theirs, plain), "plain Sphinx build")
    for _attempt in range(runs):
        figures.ours.add(checked(run(ours, site), "policydocs build (nothing changed)"))
        figures.plain.add(checked(run(theirs, plain), "plain Sphinx build (nothing changed)"))
    return figures


def report(figures: RebuildFigures) -> list[str]:
    verdict = "met" if figures.ratio <= TARGET else "missed"
    return [
        f"rebuild with nothing changed, {figures.documents} revision documents, "
        f"median (min-max) of {len(figures.ours.seconds)} runs, interleaved:",
        f"  {'policydocs build from scratch':<38} {figures.first.spread():>22} s",
        f"  {'plain Sphinx, nothing changed':<38} {figures.plain.spread():>22} s",
        f"  {'policydocs build --no-pdf, nothing changed':<38} {figures.ours.spread():>22} s  "
        f"{figures.ratio:5.2f}x plain Sphinx  (target <= {TARGET:g}x: {verdict})",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.rebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[500], help="revision documents (one or more)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median, min, max)")
    parser.add_argument("--source", type=Path, default=REPO, help="the site whose real policies are copied")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: a temporary directory)")
    args = parser.parse_args(argv)
    with work_directory(args.workdir, "policydocs-rebuild-") as workdir:
        for documents in args.documents:
            print("\n".join(report(measure(args.source, workdir, documents, args.runs))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
