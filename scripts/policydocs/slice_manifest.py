"""What a slice of the site says about itself, so that only slices of one site are merged.

``policydocs build --shard K/N`` writes ``shard.json`` beside the languages it built
(:data:`policydocs.shards.SLICE_MANIFEST`): which slice it is, its organisations, the
languages, the day the site was built for and the version of policydocs. Slices built
for different days (a CI matrix crossing midnight), from other organisations or by
another version would make a site no single build makes; :func:`read_manifest` reads
one back and says what is wrong with it in a :class:`~policydocs.model.Problem`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from policydocs import __version__
from policydocs.model import Location, Problem
from policydocs.shards import SLICE_MANIFEST, Shard

_REBUILD = "build it again with policydocs build --shard K/N"


@dataclass(frozen=True)
class SliceManifest:
    """One built slice: where its languages' output is, and what it holds."""

    directory: Path
    shard: Shard
    organisations: tuple[str, ...]
    languages: tuple[str, ...]
    today: str
    version: str

    @property
    def path(self) -> Path:
        return self.directory / SLICE_MANIFEST

    def same_site(self) -> tuple[object, ...]:
        """What every slice of one site has in common."""
        return (self.shard.count, self.languages, self.today, self.version)


def write_manifest(
    directory: Path, shard: Shard, organisations: list[str], languages: tuple[str, ...], today: dt.date
) -> Path:
    manifest = {
        "shard": str(shard),
        "organisations": sorted(organisations),
        "languages": list(languages),
        "today": today.isoformat(),
        "policydocs": __version__,
    }
    path = directory / SLICE_MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_manifest(directory: Path) -> SliceManifest | Problem:
    path = directory / SLICE_MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = SliceManifest(
            directory,
            Shard.parse(data["shard"]),
            tuple(str(slug) for slug in data["organisations"]),
            tuple(str(language) for language in data["languages"]),
            str(data["today"]),
            str(data["policydocs"]),
        )
    except FileNotFoundError:
        return Problem(
            Location(path, 0),
            f"{directory} is not a slice of the site: it has no {SLICE_MANIFEST}",
            "give the directory policydocs build --shard K/N wrote (it says where), or " + _REBUILD,
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        return Problem(Location(path, 0), f"{SLICE_MANIFEST} cannot be read ({error})", _REBUILD)
    missing = [language for language in manifest.languages if not (directory / language).is_dir()]
    if missing:
        return Problem(Location(path, 0), f"the slice has no output for {', '.join(missing)}", _REBUILD)
    return manifest
