"""The benchmark's parts that must be right for its figures to mean anything.

The synthetic sites must be real sites (frozen revisions that verify, catalogs
for every text, revisions that differ from each other), their plain Sphinx
counterpart must hold the same documents, and the measurement must see the
memory of a whole process tree. Speed itself is only ever printed by
``make bench``, never asserted here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from bench.measure import Figures, Run, run
from bench.synthetic import generate_site, plain_project
from conftest import REPO
from policydocs.checker import check_site
from policydocs.diffing import blocks_from_markdown, compare_blocks, granularity_for
from policydocs.loader import load_site
from policydocs.revisions import verify

TODAY = dt.date(2026, 11, 22)


def test_a_synthetic_site_is_a_real_site_of_n_organisations_by_r_revisions(tmp_path: Path) -> None:
    generated = generate_site(REPO, tmp_path / "site", organisations=7, revisions=3)
    assert generated.documents == 21
    site = load_site(generated.root)
    assert site.problems == ()
    assert len(site.organisations) == 7
    # Copies of the five real organisations, never of the fictional sample.
    assert {org.slug.rsplit("-", 1)[0] for org in site.organisations} == {
        "cremedelacreme",
        "digiro",
        "openclose",
        "soarer-owners-club",
        "yamazakura",
    }
    for policy in site.policies:
        assert [r.key for r in policy.revisions] == ["2016-04-01", "2017-04-01", "2018-04-01"]
        assert verify(policy) == []
        assert policy.path.read_bytes() == policy.revisions[-1].path.read_bytes()
    result = check_site(site, TODAY)
    assert result.problems == ()
    assert len(result.reports) == 7 * 4


def test_each_older_revision_differs_from_the_next(tmp_path: Path) -> None:
    site = load_site(generate_site(REPO, tmp_path / "site", organisations=5, revisions=3).root)
    for policy in site.policies:
        texts = [r.path.read_text(encoding="utf-8") for r in policy.revisions]
        for older, newer in itertools.pairwise(texts):
            changes = compare_blocks(blocks_from_markdown(older), blocks_from_markdown(newer), granularity_for("ja"))
            changed = [c for c in changes if c.old is None or c.new is None or c.old.text != c.new.text]
            assert changed, policy.organisation


def test_every_synthetic_text_has_its_english_catalog(tmp_path: Path) -> None:
    root = generate_site(REPO, tmp_path / "site", organisations=2, revisions=2).root
    site = load_site(root)
    catalogs = root / "locale" / "en" / "LC_MESSAGES"
    for org in site.organisations:
        assert (catalogs / f"{org.docname}.po").is_file()
        for policy in org.policies:
            assert (catalogs / f"{policy.docname}.po").is_file()
            for revision in policy.revisions:
                assert (catalogs / f"{revision.docname}.po").is_file()
    # Nothing of the source site's own organisations is carried over.
    assert not (catalogs / "policies" / "openclose").exists()


def test_the_plain_project_holds_the_same_revision_documents(tmp_path: Path) -> None:
    root = generate_site(REPO, tmp_path / "site", organisations=3, revisions=2).root
    plain = tmp_path / "plain"
    assert plain_project(root, plain) == 6
    pages = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.md"))
    assert len([p for p in pages if not p.endswith("index.md")]) == 6
    conf = (plain / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["myst_parser"]' in conf and "policydocs.sphinxext" not in conf
    index = (plain / "index.md").read_text(encoding="utf-8")
    assert all(f"{org.slug}/index" in index for org in load_site(root).organisations)


def test_measuring_sees_the_memory_of_the_whole_process_tree(tmp_path: Path) -> None:
    # The child holds ~60 MiB in a grandchild, as sphinx-build holds pages under `policydocs build`.
    grandchild = "import time; b = bytearray(60 * 1024 * 1024); time.sleep(0.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    result = run([sys.executable, "-c", child], tmp_path)
    assert result.returncode == 0
    assert result.peak_kib > 60 * 1024
    assert result.seconds >= 0.5


def test_a_command_that_runs_too_long_is_stopped_and_said_so(tmp_path: Path) -> None:
    result = run([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout=0.5)
    assert result.returncode == -9


def test_figures_report_median_min_and_max() -> None:
    figures = Figures()
    for seconds in (3.0, 1.0, 2.0):
        figures.add(Run(seconds, 1024, 0, ""))
    assert figures.spread() == "2.00 (1.00–3.00)"
    assert figures.peak_mib == 1.0
    assert Figures(note="> 300 (stopped)").spread() == "> 300 (stopped)"
