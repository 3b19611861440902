"""What the PDFs cost (issue 17): a build of the seed site with them against the same build without.

Both builds are the real command line (``policydocs build`` and ``policydocs build --no-pdf``), each
in its own build directory, run alternately so that the machine's load falls on both alike:
from scratch (every PDF printed), and after one edit of a paragraph, twice: on an organisation's
page (no printed text changes: the PDFs are only checked against the cache) and in a policy's
English translation (its English PDFs, revisions and redlines, are printed again).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import Figures, checked
from bench.scale import NO_PDF, _edit, build_ours

# The line policydocs build prints: the PDF step's time beyond the Sphinx builds.
_STEP = re.compile(r"^pdf: .*, (\d+\.\d+) s after\)$", re.MULTILINE)


@dataclass
class Pair:
    """The same build without and with PDFs."""

    without: Figures = field(default_factory=Figures)
    with_pdfs: Figures = field(default_factory=Figures)
    step: Figures = field(default_factory=Figures)  # the PDF step after the Sphinx builds, as the build reports it

    @property
    def overhead(self) -> float:
        return self.with_pdfs.median / self.without.median - 1

    @property
    def step_share(self) -> float:
        """The PDF step after Sphinx against the build without PDFs: what the PDFs add beyond the
        builds, free of the machine's noise (not what they take from the builds they run beside)."""
        return self.step.median / self.without.median


@dataclass
class PdfFigures:
    scratch: Pair = field(default_factory=Pair)
    organisation_page: Pair = field(default_factory=Pair)
    translation: Pair = field(default_factory=Pair)
    pdfs: int = 0
    kib: float = 0.0


def _both(site: Path, workdir: Path, into: Pair, fresh: bool) -> None:
    for extra, figures, name in ((NO_PDF, into.without, "without"), ((), into.with_pdfs, "with")):
        build_dir = workdir / f"pdf-{name}"
        if fresh:
            shutil.rmtree(build_dir, ignore_errors=True)
        result = checked(build_ours(site, build_dir, extra), f"policydocs build {' '.join(extra)}")
        figures.add(result)
        step = _STEP.search(result.output)
        if step:
            into.step.seconds.append(float(step.group(1)))


def measure_pdf(source: Path, workdir: Path, runs: int, progress: Callable[[str], None]) -> PdfFigures:
    site = workdir / "pdf-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(
        source, site, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "tests", "*.mo", "__pycache__")
    )
    figures = PdfFigures()
    for attempt in range(runs):
        progress(f"pdf: from scratch {attempt + 1}/{runs}")
        _both(site, workdir, figures.scratch, fresh=True)
    published = (workdir / "pdf-with" / "html").resolve()
    pdfs = list(published.glob("*/policies/**/*.pdf"))
    figures.pdfs, figures.kib = len(pdfs), sum(p.stat().st_size for p in pdfs) / 1024
    edits = (
        (site / "policies" / "yamazakura" / "index.md", "記載がありません。", figures.organisation_page),
        (
            site / "locale" / "en" / "LC_MESSAGES" / "policies" / "sample" / "privacy.po",
            "To ship products and to bill for their price",
            figures.translation,
        ),
    )
    for path, sentence, into in edits:
        for attempt in range(runs):
            progress(f"pdf: after editing {path.name} {attempt + 1}/{runs}")
            edited = f"{sentence} (edit {attempt})" if path.suffix == ".po" else f"{sentence}(編集{attempt})"
            _edit(path, sentence, edited)
            _both(site, workdir, into, fresh=False)
            _edit(path, edited, sentence)
    return figures


def report(figures: PdfFigures) -> None:
    print()
    print(
        f"PDFs on the seed site ({figures.pdfs} PDFs, ja + en, {figures.kib / 1024:.1f} MiB): "
        "policydocs build --no-pdf against policydocs build, in seconds;"
    )
    print("  the last two columns: the whole build's difference, and the PDF step's time after the Sphinx builds")
    print("  against the build without PDFs (as the build times it, free of the noise between two builds)")
    rows = (
        ("from scratch (every PDF printed)", figures.scratch),
        ("one paragraph of an organisation page", figures.organisation_page),
        ("one paragraph of an English translation", figures.translation),
    )
    for label, pair in rows:
        print(
            f"  {label:<42} {pair.without.spread():>22} {pair.with_pdfs.spread():>22}  {pair.overhead:+.0%}  "
            f"step {pair.step.median:.2f} s = {pair.step_share:+.0%}"
        )
