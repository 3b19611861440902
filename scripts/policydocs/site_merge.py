"""``policydocs merge``: the slices of a site built on several machines, published as one site.

Each slice (``policydocs build --shard K/N``, :mod:`policydocs.shards`) holds its own
organisations' pages and every page of the site as a whole. Merging checks that the
slices are all the N slices of one site (:mod:`policydocs.slice_manifest`), then puts
into ``BUILD_DIR/merged/<language>``:

- each organisation's files, from the one slice that built them;
- each page of the site as a whole, which every slice drew: they must be the same
  bytes, or the slices were built from different sources and nothing is published;
- the indexes over every page, made from all slices' (:mod:`policydocs.index_merge`).

The result is published as any build is (:mod:`policydocs.publishing`): in one step,
the site before it left as it was when anything fails.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from policydocs.index_merge import IndexMergeError, merge_inventory, merge_search_shards, merge_searchindex
from policydocs.model import Location, Problem
from policydocs.project import Project
from policydocs.slice_manifest import SliceManifest, read_manifest
from policydocs.sphinxext.search_shards import SEARCH_DIR

MERGED = "merged"  # under the build directory: the merged languages, levelled into the published site
# Files every slice writes over every page; made from all of them rather than taken from one.
_INDEXES = ("searchindex.js", "objects.inv", f"{SEARCH_DIR}/meta.json")
_SHARDS_DIR = f"{SEARCH_DIR}/t/"
_FIX_SAME = "build every slice from the same commit, on the same day, with the same options"


@dataclass(frozen=True)
class MergedSite:
    """Where the merged site was published, or what stopped it."""

    published: Path | None
    slices: tuple[SliceManifest, ...] = ()
    problems: tuple[Problem, ...] = ()


def check_slices(read: list[SliceManifest | Problem]) -> tuple[list[SliceManifest], list[Problem]]:
    """The manifests if they are the N slices of one site, else what is wrong with them."""
    problems = [item for item in read if isinstance(item, Problem)]
    slices = [item for item in read if isinstance(item, SliceManifest)]
    if problems or not slices:
        return slices, problems or [Problem(Location(Path("."), 0), "no slice to merge", "name every slice")]
    first = slices[0]
    for other in slices[1:]:
        if other.same_site() != first.same_site():
            problems.append(
                Problem(
                    Location(other.path, 0),
                    f"slice {other.shard} is not of the same site as slice {first.shard} "
                    f"(slices, languages, day, version: {other.same_site()} against {first.same_site()})",
                    _FIX_SAME,
                )
            )
    indexes = sorted(s.shard.index for s in slices)
    if not problems and indexes != list(range(1, first.shard.count + 1)):
        problems.append(
            Problem(
                Location(first.path, 0),
                f"the slices given are {', '.join(map(str, indexes))} of {first.shard.count}: "
                "each slice is needed exactly once",
                "name the directory of every slice, 1 to N, once each",
            )
        )
    return sorted(slices, key=lambda s: s.shard.index), problems


def _put(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # no copy where the slices are on the same disk
    except OSError:
        shutil.copy2(source, target)


def merge_language(slices: list[SliceManifest], language: str, target: Path) -> list[Problem]:
    """Put the slices' output in ``language`` together in ``target``."""
    roots = [s.directory / language for s in slices]
    origin: dict[str, Path] = {}
    problems: list[Problem] = []
    for root, manifest in zip(roots, slices, strict=True):
        for directory, _dirs, files in os.walk(root):
            for name in files:
                path = Path(directory) / name
                relative = path.relative_to(root).as_posix()
                if relative in _INDEXES or relative.startswith(_SHARDS_DIR):
                    continue
                first = origin.setdefault(relative, path)
                if first is path:
                    _put(path, target / relative)
                elif not filecmp.cmp(first, path, shallow=False):
                    problems.append(
                        Problem(
                            Location(manifest.path, 0),
                            f"slices disagree on {language}/{relative}, a page of the whole site",
                            _FIX_SAME,
                        )
                    )
    try:
        (target / "searchindex.js").write_text(
            merge_searchindex([(root / "searchindex.js").read_text(encoding="utf-8") for root in roots]),
            encoding="utf-8",
        )
        (target / "objects.inv").write_bytes(merge_inventory([(root / "objects.inv").read_bytes() for root in roots]))
        merge_search_shards(roots, target)
    except (IndexMergeError, OSError, ValueError, KeyError, IndexError, TypeError) as error:  # a damaged slice
        problems.append(
            Problem(Location(slices[0].path, 0), f"the search indexes cannot be merged: {error}", _FIX_SAME)
        )
    return problems


def merge_slices(srcdir: Path, directories: list[Path], build_dir: Path | None = None) -> MergedSite:
    """Merge the slices in ``directories`` and publish them as ``build_dir/html``."""
    from policydocs.publishing import PublishError, publish

    project = Project.at(srcdir.resolve())
    build_dir = (build_dir or project.srcdir / "_build").resolve()
    slices, problems = check_slices([read_manifest(directory.resolve()) for directory in directories])
    if problems:
        return MergedSite(None, tuple(slices), tuple(problems))
    merged = build_dir / MERGED
    shutil.rmtree(merged, ignore_errors=True)
    for language in slices[0].languages:
        problems += merge_language(slices, language, merged / language)
    if problems:
        return MergedSite(None, tuple(slices), tuple(problems))
    try:
        return MergedSite(publish(project, build_dir, work=merged), tuple(slices))
    except PublishError as error:
        return MergedSite(None, tuple(slices), (error.problem,))
