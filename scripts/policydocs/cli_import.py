"""``policydocs import``: thin over :func:`policydocs.import_policy.import_policy`; only this prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_import(args: argparse.Namespace) -> int:
    from policydocs.import_policy import import_policy
    from policydocs.import_sources import ImportSourceError

    try:
        outcome = import_policy(
            Path(args.source_file),
            args.source,
            args.org,
            args.kind,
            name_en=args.name_en or "",
            effective=args.effective,
            force=args.force,
        )
    except ImportSourceError as error:
        print(f"policydocs import: {error.problem}", file=sys.stderr)
        return 2
    site = args.source

    def shown(path: Path) -> Path:
        return path.relative_to(site) if path.is_relative_to(site) else path

    if outcome.index_path is not None:
        print(f"wrote {shown(outcome.index_path)}")
    if outcome.unchanged:
        print(f"{shown(outcome.policy_path)} already holds exactly this text")
    elif outcome.next_revision:
        print(f"wrote {shown(outcome.policy_path)}: the next revision (the frozen one stays in its archive)")
    else:
        print(f"wrote {shown(outcome.policy_path)}")
    print("recognised:")
    for note in outcome.recognised:
        print(f"  {note}")
    if outcome.guesses:
        print(f"guessed ({len(outcome.guesses)}; check these places):")
        for note in outcome.guesses:
            print(f"  {note}")
    print(f"next: read it over, then `{outcome.next_step}` to publish it (until then `make html` refuses it)")
    return 0
