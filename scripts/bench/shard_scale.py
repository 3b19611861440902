"""A site built on several machines: each slice's build and the merge, against the whole build.

On a synthetic site of N revision documents (:mod:`bench.synthetic`), ``policydocs
build --no-pdf`` of the whole site, then ``--shard K/N`` for each slice one after
the other (as N machines would run them side by side), then ``policydocs merge``,
and every published file compared with the whole build's. What N machines save is
the whole build's time against the slowest slice's plus the merge (issue 18,
point 7, which sets no figure: these are for a team choosing N). Run on its own::

    PYTHONPATH=scripts .venv/bin/python -m bench.shard_scale --documents 500 --slices 3
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import checked, run, work_directory
from bench.synthetic import generate_site

REVISIONS = 5
POLICYDOCS = [sys.executable, "-m", "policydocs.cli"]
REPO = Path(__file__).resolve().parents[2]


@dataclass
class ShardFigures:
    documents: int
    slices: int
    whole: float = 0.0
    each: list[float] = field(default_factory=list)
    merge: float = 0.0
    files: int = 0
    differing: list[str] = field(default_factory=list)


def _files(site: Path) -> dict[str, Path]:
    root = site.resolve()
    return {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}


def measure(source: Path, workdir: Path, documents: int, slices: int) -> ShardFigures:
    organisations = max(1, documents // REVISIONS)
    site = generate_site(source, workdir / f"site-{documents}", organisations, REVISIONS).root
    figures = ShardFigures(organisations * REVISIONS, slices)
    whole = workdir / f"whole-{documents}"
    base = [*POLICYDOCS, "--source", str(site)]
    figures.whole = checked(run([*base, "--build-dir", str(whole), "build", "--no-pdf"], site), "whole build").seconds
    directories = []
    for index in range(1, slices + 1):
        build_dir = workdir / f"slice-{documents}-{index}"
        command = [*base, "--build-dir", str(build_dir), "build", "--no-pdf", "--shard", f"{index}/{slices}"]
        figures.each.append(checked(run(command, site), f"slice {index}/{slices}").seconds)
        directories.append(str(build_dir / "work"))
    merged = workdir / f"merged-{documents}"
    figures.merge = checked(run([*base, "--build-dir", str(merged), "merge", *directories], site), "merge").seconds
    ours, theirs = _files(whole / "html"), _files(merged / "html")
    figures.files = len(ours)
    figures.differing = sorted(set(ours) ^ set(theirs))
    figures.differing += [
        name for name in ours if name in theirs and ours[name].read_bytes() != theirs[name].read_bytes()
    ]
    return figures


def report(figures: ShardFigures) -> list[str]:
    slowest = max(figures.each)
    return [
        f"a site in {figures.slices} slices, {figures.documents} revision documents (--no-pdf), one run each:",
        f"  {'whole build':<38} {figures.whole:>8.2f} s",
        f"  {'each slice':<38} {', '.join(f'{s:.2f}' for s in figures.each)} s",
        f"  {'merge and publish':<38} {figures.merge:>8.2f} s",
        f"  {'slowest slice + merge':<38} {slowest + figures.merge:>8.2f} s  "
        f"speed-up on {figures.slices} machines {figures.whole / (slowest + figures.merge):4.2f}x",
        f"  {'published files differing from whole':<38} {len(figures.differing):>8} of {figures.files}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.shard_scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[500], help="revision documents (one or more)")
    parser.add_argument("--slices", type=int, default=3, help="slices (machines)")
    parser.add_argument("--source", type=Path, default=REPO, help="the site whose real policies are copied")
    parser.add_argument("--workdir", type=Path, help="kept after the run (default: a temporary directory)")
    args = parser.parse_args(argv)
    with work_directory(args.workdir, "policydocs-shards-") as workdir:
        for documents in args.documents:
            print("\n".join(report(measure(args.source, workdir, documents, args.slices))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
