"""A site built in slices (``build --shard K/N``) and merged is the site built whole (issue 18, point 7).

The project is ``test-search`` (four organisations, which fall in all three slices of
three) with ``test-basic``'s ``acme`` added: a frozen revision with its redline and an
English catalog. Charlie's policy links to Alpha's, which another slice builds.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from policydocs.build import build_site
from policydocs.shards import Shard, ShardError, slice_of
from policydocs.site_merge import merge_slices

from tests.bad_inputs import assert_refused, run_policydocs, site_digest
from tests.conftest import ROOTS, TODAY

SLICES = 3
CROSS_LINK = "\n\n会員規約は{doc}`アルファの方針 </policies/alpha/privacy>`にも倣っています。\n"


@dataclass(frozen=True)
class Built:
    root: Path
    whole: Path  # the build directory of the whole site
    slices: tuple[Path, ...]  # each slice's directory, as build --shard wrote it
    merged: Path  # the build directory the slices were merged into


def _project(directory: Path) -> Path:
    root = directory / "site"
    shutil.copytree(ROOTS / "test-search", root)
    shutil.copytree(ROOTS / "test-basic" / "policies" / "acme", root / "policies" / "acme")
    shutil.copytree(ROOTS / "test-basic" / "locale", root / "locale")
    shutil.rmtree(root / "locale" / "en" / "LC_MESSAGES" / "policies" / "beta")
    (root / "locale" / "en" / "LC_MESSAGES" / "index.po").unlink()  # test-basic's home page, not this one's
    # Two guides after the organisations, as the seed site's home page lists its guides.
    guides = "\n```{toctree}\n:caption: ガイド\n\nguide/one\nguide/two\n```\n"
    (root / "index.md").write_text((root / "index.md").read_text(encoding="utf-8") + guides, encoding="utf-8")
    (root / "guide").mkdir()
    for name in ("one", "two"):
        (root / "guide" / f"{name}.md").write_text(f"# 手引き {name}\n\n編集の手引きです。\n", encoding="utf-8")
    privacy = root / "policies" / "charlie" / "privacy.md"
    privacy.write_text(privacy.read_text(encoding="utf-8") + CROSS_LINK, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    directory = tmp_path_factory.mktemp("shards")
    root = _project(directory)
    whole = build_site(root, directory / "whole", today=TODAY, pdfs=False)
    assert whole.ok and whole.published, whole
    slices = []
    for index in range(1, SLICES + 1):
        part = build_site(root, directory / f"slice-{index}", today=TODAY, pdfs=False, shard=Shard(index, SLICES))
        assert part.ok and part.slice is not None and part.published is None, part
        slices.append(part.slice)
    merged = merge_slices(root, slices, directory / "merged")
    assert merged.published is not None, merged.problems
    return Built(root, directory / "whole", tuple(slices), directory / "merged")


def _files(site: Path) -> dict[str, bytes]:
    root = site.resolve()
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_the_merged_slices_are_the_whole_site_byte_for_byte(built: Built, report) -> None:  # type: ignore[no-untyped-def]
    whole, merged = _files(built.whole / "html"), _files(built.merged / "html")
    assert sorted(merged) == sorted(whole)
    differing = [name for name in whole if whole[name] != merged[name]]
    assert differing == []
    # The indexes over every page were made from the slices, not taken from one of them.
    for name in ("ja/searchindex.js", "en/objects.inv", "ja/_search/meta.json"):
        assert all(whole[name] != (built_slice / name).read_bytes() for built_slice in built.slices)
    report(f"shards: whole site and 3 merged slices: {len(whole)} files, {len(differing)} differing")


def test_each_slice_builds_only_its_organisations(built: Built) -> None:
    organisations = ["acme", "alpha", "bravo", "charlie", "delta"]
    held = {}
    for directory in built.slices:
        manifest = json.loads((directory / "shard.json").read_text(encoding="utf-8"))
        held[manifest["shard"]] = manifest["organisations"]
        built_here = sorted(path.name for path in (directory / "ja" / "policies").iterdir())
        assert built_here == manifest["organisations"]
        # Every slice draws the pages of the whole site: the home page lists every organisation.
        home = (directory / "ja" / "index.html").read_text(encoding="utf-8")
        assert all(f"policies/{slug}/" in home for slug in organisations)
    assert sorted(slug for slugs in held.values() for slug in slugs) == organisations
    assert all(held[f"{slice_of(slug, SLICES)}/{SLICES}"].count(slug) == 1 for slug in organisations)


def test_a_link_to_a_page_of_another_slice_is_resolved(built: Built) -> None:
    assert slice_of("charlie", SLICES) != slice_of("alpha", SLICES)
    page = (built.merged / "html" / "ja" / "policies" / "charlie" / "privacy" / "index.html").read_text(
        encoding="utf-8"
    )
    assert 'href="../../alpha/privacy/"' in page and "アルファの方針" in page


def test_previous_and_next_stay_within_one_organisation(built: Built) -> None:
    html = built.merged / "html" / "ja"
    organisation_page = (html / "policies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'class="next-page" href="privacy/"' in organisation_page
    assert 'class="prev-page"' not in organisation_page  # the home page, or another organisation's last page
    assert 'class="next-page"' not in (html / "index.html").read_text(encoding="utf-8")


def test_a_slice_with_no_organisation_draws_the_same_pages_of_the_whole_site(built: Built, tmp_path: Path) -> None:
    assert all(slice_of(slug, 4) != 4 for slug in ("acme", "alpha", "bravo", "charlie", "delta"))
    empty = build_site(built.root, tmp_path, today=TODAY, pdfs=False, shard=Shard(4, 4))
    assert empty.ok and empty.slice is not None, empty
    assert not (empty.slice / "ja" / "policies").exists()
    whole = built.whole / "html"
    for page in ("ja/index.html", "en/index.html", "ja/guide/one/index.html", "en/guide/two/index.html"):
        assert (empty.slice / page).read_bytes() == (whole / page).read_bytes(), page
    # Between the guides, Previous and Next are kept.
    assert 'class="next-page" href="../two/"' in (whole / "ja" / "guide" / "one" / "index.html").read_text("utf-8")


def test_assignment_is_stable_and_the_slice_is_checked() -> None:
    # An organisation's slice depends on its own name only: adding others moves none.
    assert [slice_of(slug, 4) for slug in ("acme", "beta")] == [slice_of(slug, 4) for slug in ("acme", "beta")]
    assert Shard.parse(" 2/3 ") == Shard(2, 3) and Shard(2, 3).name == "2-of-3"
    for wrong in ("4/3", "0/3", "1/0", "two/3", "1-3"):
        with pytest.raises(ShardError):
            Shard.parse(wrong)


def test_a_slice_that_does_not_exist_is_refused_on_the_command_line(tmp_path: Path) -> None:
    outcome = run_policydocs(ROOTS / "test-search", "--build-dir", str(tmp_path), "build", "--shard", "4/3")
    assert_refused(outcome, "--shard 4/3", "K runs from 1 to N", code=2)
    assert not (tmp_path / "work").exists()


def test_merging_wrong_slices_is_refused_and_the_site_stays(built: Built, tmp_path: Path) -> None:
    before = site_digest(built.merged)
    first, second, third = built.slices
    outcome = run_policydocs(built.root, "--build-dir", str(built.merged), "merge", str(first), str(second))
    assert_refused(outcome, "each slice is needed exactly once")
    outcome = run_policydocs(built.root, "--build-dir", str(built.merged), "merge", str(first), str(tmp_path))
    assert_refused(outcome, str(tmp_path / "shard.json"), "build --shard K/N")
    # A slice built for another day (a CI matrix crossing midnight) is of another site.
    moved = tmp_path / "third"
    shutil.copytree(third, moved)
    manifest = json.loads((moved / "shard.json").read_text(encoding="utf-8"))
    (moved / "shard.json").write_text(json.dumps({**manifest, "today": "2030-01-01"}), encoding="utf-8")
    outcome = run_policydocs(built.root, "--build-dir", str(built.merged), "merge", str(first), str(second), str(moved))
    assert_refused(outcome, str(moved / "shard.json"), "same day")
    # A page of the whole site that differs between slices: built from other sources.
    shutil.rmtree(moved)
    shutil.copytree(third, moved)
    home = moved / "en" / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", "<p>changed</p></body>"), encoding="utf-8")
    outcome = run_policydocs(built.root, "--build-dir", str(built.merged), "merge", str(first), str(second), str(moved))
    assert_refused(outcome, "slices disagree on en/index.html", str(moved / "shard.json"))
    # A damaged index: said, never a traceback.
    shutil.rmtree(moved)
    shutil.copytree(third, moved)
    header = b"# Sphinx inventory version 2\n# Project: x\n# Version: \n# z\n"
    (moved / "ja" / "objects.inv").write_bytes(header + b"not zlib")
    (moved / "en" / "_search" / "meta.json").write_text('{"pages": ["nowhere"], "shards": 9}', encoding="utf-8")
    outcome = run_policydocs(built.root, "--build-dir", str(built.merged), "merge", str(first), str(second), str(moved))
    assert_refused(outcome, "the search indexes cannot be merged", "objects.inv is damaged")
    assert site_digest(built.merged) == before
