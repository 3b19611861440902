"""The no-change rebuild and the preview at N documents, against plain Sphinx's no-change rebuild.

Issue 18's targets, each printed beside its figure: at 500 documents (same
machine, same run) a no-change ``policydocs build --no-pdf`` at most 1.5 times
plain Sphinx's no-change rebuild of the same revision texts; under ``policydocs
preview``, an edited paragraph served at most 1 s after the save (2 s at 5,000
documents). Rebuilds of the two are interleaved (ours, plain, ours, ...) so that
the machine's load weighs on both alike; figures are medians.

    PYTHONPATH=scripts .venv/bin/python -m bench.preview_scale --documents 500 [--runs 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.measure import Figures, checked, run
from bench.scale import NO_PDF, REVISIONS, SPHINX, build_ours, measure_served
from bench.synthetic import generate_site, plain_project

REBUILD_RATIO = 1.5  # a no-change rebuild, against plain Sphinx's


def preview_target(documents: int) -> float:
    """Seconds from the save to the served page: 1 s up to 500 documents, 2 s at 5,000."""
    return 1.0 if documents <= 500 else 2.0


def edited_paragraph(page: Path) -> str:
    """A sentence of the organisation page's body that occurs once: the paragraph an editor changes."""
    text = page.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[-1]
    for line in body.splitlines():
        found = re.search(r"[^\s#>*\-|(`:{。]{4,}。", line)
        if found and text.count(found.group()) == 1:
            return found.group()
    raise RuntimeError(f"{page}: no sentence to edit")


def measure(documents: int, runs: int, workdir: Path, progress: Callable[[str], None] = print) -> dict[str, Figures]:
    """The figures at ``documents``; a site already generated in ``workdir`` (``--keep``) is used again."""
    organisations = max(1, documents // REVISIONS)
    site, plain = workdir / "site", workdir / "plain"
    if not (site / "conf.py").is_file() or not (plain / "conf.py").is_file():
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(plain, ignore_errors=True)
        generate_site(Path.cwd(), site, organisations, REVISIONS)
        plain_project(site, plain)
    ours_dir, plain_out = workdir / "build", workdir / "plain-html"
    plain_command = [*SPHINX, "-d", str(plain_out / ".doctrees"), str(plain), str(plain_out)]
    progress(f"{documents} documents: first builds (from scratch)")
    checked(build_ours(site, ours_dir, NO_PDF), "policydocs build")
    checked(build_ours(site, ours_dir, NO_PDF), "policydocs build")  # both published sites made
    checked(run(plain_command, plain), "plain Sphinx build")
    figures = {"ours": Figures(), "plain": Figures(), "preview": Figures(), "rebuilt": Figures()}
    for attempt in range(runs):
        progress(f"{documents} documents: no-change rebuilds {attempt + 1}/{runs}")
        figures["ours"].add(checked(build_ours(site, ours_dir, NO_PDF), "policydocs build"))
        figures["plain"].add(checked(run(plain_command, plain), "plain Sphinx build"))
    progress(f"no-change rebuild: policydocs {figures['ours'].spread()}, plain Sphinx {figures['plain'].spread()}")
    # The preview starts from the build just made (its own copy), as an editor's preview starts from the
    # last one: its first build is then a no-change rebuild, not one from scratch.
    preview_dir = workdir / "preview"
    shutil.rmtree(preview_dir, ignore_errors=True)
    shutil.copytree(ours_dir, preview_dir, symlinks=True)
    page = next(iter(sorted((site / "policies").iterdir()))) / "index.md"
    url_path = f"policies/{page.parent.name}/"
    edits = ((page, edited_paragraph(page), url_path, figures["preview"]),)
    measure_served(site, preview_dir, edits, runs, progress, timeout=900, rebuilt=figures["rebuilt"])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep", type=Path, help="work and keep the sites here, reusing any made before (default: a temporary dir)"
    )
    options = parser.parse_args(argv)
    workdir = options.keep or Path(tempfile.mkdtemp(prefix="preview-scale-"))
    try:
        figures = measure(options.documents, options.runs, workdir, lambda line: print(line, file=sys.stderr))
    finally:
        if options.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    ours, plain, preview = figures["ours"], figures["plain"], figures["preview"]
    ratio = ours.median / plain.median
    target = preview_target(options.documents)
    print(f"{options.documents} documents, {options.runs} interleaved runs, medians (min-max), seconds")
    print(f"  no-change rebuild, policydocs build --no-pdf  {ours.spread()}")
    print(f"  no-change rebuild, plain Sphinx               {plain.spread()}")
    verdict = "met" if ratio <= REBUILD_RATIO else "missed"
    print(f"  ratio {ratio:.2f}x   target <= {REBUILD_RATIO}x: {verdict}")
    verdict = "met" if preview.median <= target else "missed"
    print(f"  preview, save to served page                  {preview.spread()}   target <= {target:.0f} s: {verdict}")
    print(f"  preview, the whole rebuild (both languages)   {figures['rebuilt'].spread()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
