"""The ``policydocs`` command: a thin layer over the package's functions; only it prints."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from policydocs.build import build_site
from policydocs.loader import load_site
from policydocs.translation import update_catalogs

EPILOG = """examples:
  policydocs build                      build every language into _build/html/
  policydocs build --no-strict          build even if Sphinx warns
  policydocs translate update -l en     extract messages and update locale/en/*.po
  policydocs list                       organisations, policies and their stated dates
"""


def _cmd_build(args: argparse.Namespace) -> int:
    result = build_site(args.source, args.build_dir, tuple(args.language) or None, strict=not args.no_strict)
    for build in result.languages:
        status = "ok" if build.returncode == 0 else f"FAILED (exit {build.returncode})"
        print(f"[{build.language}] {status}")
        if build.output.strip():
            print(build.output.rstrip())
    if result.published:
        print(f"published {result.published}")
    elif result.ok:
        print("built; not published (only a build of every language is published)")
    else:
        print("build failed: the published site was left as it was", file=sys.stderr)
    return 0 if result.ok else 1


def _cmd_translate_update(args: argparse.Namespace) -> int:
    update = update_catalogs(args.source, tuple(args.language) or None, args.build_dir)
    for line in update.report:
        print(line)
    if update.returncode:
        print("message extraction failed: fix the warnings above", file=sys.stderr)
        return update.returncode
    print(f"catalogs: {update.created} created, {update.updated} updated, {update.unchanged} unchanged")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    site = load_site(args.source.resolve())
    for org in site.organisations:
        print(f"{org.slug}\t{org.name} / {org.name_en}\t{org.body.value}")
        for policy in org.policies:
            date = policy.effective.isoformat() if policy.effective else "not stated"
            print(f"  {policy.kind.value}\t{date}\t{policy.path.relative_to(args.source.resolve())}")
    for problem in site.problems:
        print(problem, file=sys.stderr)
    return 1 if site.problems else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="policydocs",
        description="Build and maintain a policydocs site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument("--source", type=Path, default=Path.cwd(), help="site directory (default: .)")
    main.add_argument("--build-dir", type=Path, default=None, help="build directory (default: SOURCE/_build)")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build every language into _build/html/")
    build.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    build.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    build.set_defaults(func=_cmd_build)

    translate = commands.add_parser("translate", help="gettext catalogs").add_subparsers(dest="action", required=True)
    update = translate.add_parser("update", help="extract messages and update every .po")
    update.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    update.set_defaults(func=_cmd_translate_update)

    listing = commands.add_parser("list", help="organisations, policies and their stated dates")
    listing.set_defaults(func=_cmd_list)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
