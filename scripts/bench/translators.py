"""What ``policydocs translate status`` costs a translator at scale, against ``sphinx-intl stat``.

On a synthetic site (:mod:`bench.synthetic`, every revision frozen and
translated), the first status extracts every document; after that it is timed
with nothing changed and after one edit of a policy's Japanese text (a new
paragraph each run, so each run has a change to extract), each run interleaved
with ``sphinx-intl stat`` on the same locale directory, so that the machine's
load falls on both alike. The target (issue 18): status at most twice
``sphinx-intl stat``. Run on its own::

    PYTHONPATH=scripts .venv/bin/python -m bench.translators --documents 500
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import Figures, checked, run
from bench.synthetic import generate_site

REVISIONS = 5
TARGET = 2.0  # status / sphinx-intl stat (issue 18, point 5)
POLICYDOCS = [sys.executable, "-m", "policydocs.cli"]
SPHINX_INTL = [str(Path(sys.executable).with_name("sphinx-intl"))]
REPO = Path(__file__).resolve().parents[2]


@dataclass
class TranslatorFigures:
    """Status against sphinx-intl stat on one synthetic site."""

    documents: int
    catalogs: int = 0
    first: Figures = field(default_factory=Figures)
    no_change: Figures = field(default_factory=Figures)
    one_edit: Figures = field(default_factory=Figures)
    intl: Figures = field(default_factory=Figures)  # every sphinx-intl stat, from both rounds

    def ratio(self, figures: Figures) -> float:
        return figures.median / self.intl.median


def measure(source: Path, workdir: Path, documents: int, runs: int) -> TranslatorFigures:
    organisations = max(1, documents // REVISIONS)
    site = generate_site(source, workdir / f"site-{documents}", organisations, REVISIONS).root
    return measure_site(site, workdir / f"build-{documents}", organisations * REVISIONS, runs)


def measure_site(site: Path, build_dir: Path, documents: int, runs: int) -> TranslatorFigures:
    """On a site already generated (its first policy's text is edited, a paragraph a run)."""
    figures = TranslatorFigures(documents, sum(1 for _ in (site / "locale").rglob("*.po")))
    status = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "translate", "status"]
    stat = [*SPHINX_INTL, "stat", "-l", "en", "-d", str(site / "locale")]
    figures.first.add(checked(run(status, site), "translate status"))
    edited = sorted(p for p in site.glob("policies/*/*.md") if p.name != "index.md")[0]
    for attempt in range(runs):
        figures.no_change.add(checked(run(status, site), "translate status"))
        figures.intl.add(checked(run(stat, site), "sphinx-intl stat"))
        with edited.open("a", encoding="utf-8") as file:  # a new paragraph: a new message to extract
            file.write(f"\n改訂のために加えた段落、その{attempt + 1}です。\n")
        figures.one_edit.add(checked(run(status, site), "translate status after an edit"))
        figures.intl.add(checked(run(stat, site), "sphinx-intl stat"))
    return figures


def report(figures: TranslatorFigures) -> list[str]:
    def line(what: str, measured: Figures) -> str:
        ratio = figures.ratio(measured)
        verdict = "met" if ratio <= TARGET else "missed"
        target = f"(target <= {TARGET:g}x: {verdict})"
        return f"  {what:<34} {measured.spread():>22} s  {ratio:5.2f}x sphinx-intl stat  {target}"

    return [
        f"translate status, {figures.documents} revision documents ({figures.catalogs} catalogs), "
        f"median (min-max) of {len(figures.no_change.seconds)} runs, interleaved with sphinx-intl stat:",
        f"  {'first status (extracts everything)':<34} {figures.first.spread():>22} s",
        f"  {'sphinx-intl stat':<34} {figures.intl.spread():>22} s",
        line("status, nothing changed", figures.no_change),
        line("status after one policy edit", figures.one_edit),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.translators", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=500, help="revision documents in the synthetic site")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median, min, max)")
    parser.add_argument("--source", type=Path, default=REPO, help="the site whose real policies are copied")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: a temporary directory)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="policydocs-translators-"))
    try:
        figures = measure(args.source, workdir, args.documents, args.runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n".join(report(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
