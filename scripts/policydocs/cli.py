"""The ``policydocs`` command: a thin layer over the package's functions; only it prints.

Each command lives in a module of its own (:mod:`.cli_build`, :mod:`.cli_policies`,
:mod:`.cli_translate`) and imports what it needs when it runs: `policydocs build` is on
every preview's critical path and needs neither the checker nor the translation tools.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from policydocs.cli_build import cmd_build, cmd_merge, cmd_preview
from policydocs.cli_import import cmd_import
from policydocs.cli_policies import cmd_check, cmd_diff, cmd_list, cmd_snapshot
from policydocs.cli_translate import cmd_translate_check, cmd_translate_status, cmd_translate_update
from policydocs.cli_usage import UsageError, site_directory
from policydocs.process_exit import exit_at_once

EPILOG = """examples:
  policydocs build                      build every language into _build/html/
  policydocs build --no-strict          build even if Sphinx warns
  policydocs build --today 2027-04-01   preview the site on the day a revision takes effect
  policydocs build --shard 2/3          one slice of the organisations, on one of 3 machines
  policydocs merge _build/shards/*/work publish the slices as one site
  policydocs preview                    serve at http://127.0.0.1:8000/, rebuild on every save
  policydocs snapshot openclose/privacy freeze the current text as the revision of its date
  policydocs check                      verify revisions, check every policy against the law
  policydocs check openclose --all      every rule's verdict for one organisation
  policydocs check --format json        the same, for CI
  policydocs diff sample/privacy 2023-04-01 2024-10-01
                                        redline between two revisions in the terminal
  policydocs translate update -l en     extract messages and update locale/en/*.po
  policydocs translate status --format json   per document: translated, fuzzy, untranslated
  policydocs translate check            broken catalogs (file:line) and terms off the glossary
  policydocs list                       organisations, policies and their revisions
  policydocs import policy.html --org acme   bring an existing policy onto the site
"""


def _examples(*lines: str) -> dict[str, object]:
    """A subcommand's ``--help`` ends with examples of its use."""
    text = "examples:\n" + "\n".join(f"  {line}" for line in lines)
    return {"epilog": text, "formatter_class": argparse.RawDescriptionHelpFormatter}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="policydocs",
        description="Build and maintain a policydocs site.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    main.add_argument(
        "--source", type=Path, default=None, help="site directory (default: the nearest one up from here with conf.py)"
    )
    main.add_argument("--build-dir", type=Path, default=None, help="build directory (default: SOURCE/_build)")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser(
        "build",
        help="build every language into _build/html/",
        **_examples("policydocs build", "policydocs build -l ja --no-strict", "policydocs build --today 2027-04-01"),
    )
    build.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    build.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    build.add_argument("--today", help="build the site as it stands on this day (YYYY-MM-DD)")
    build.add_argument("--no-pdf", action="store_true", help="build without the PDFs of the texts (and their links)")
    build.add_argument(
        "--shard",
        metavar="K/N",
        help="build slice K of N of the organisations into _build/shards/K-of-N/ (merge them with policydocs merge)",
    )
    build.set_defaults(func=cmd_build)

    merge = commands.add_parser(
        "merge",
        help="publish the slices built with build --shard as one site in _build/html/",
        **_examples(
            "policydocs build --shard 1/3   (and 2/3, 3/3, on as many machines)",
            "policydocs merge _build/shards/*/work",
            "policydocs merge slice-1 slice-2 slice-3 --build-dir public",
        ),
    )
    merge.add_argument("slices", nargs="+", type=Path, help="the directory of each slice (it holds shard.json)")
    merge.set_defaults(func=cmd_merge)

    preview = commands.add_parser(
        "preview",
        help="serve the site locally and rebuild it on every change (into _build/preview/)",
        **_examples("policydocs preview", "policydocs preview --port 8080 --today 2027-04-01"),
    )
    preview.add_argument("--port", type=int, default=8000, help="HTTP port (default: 8000)")
    preview.add_argument("--bind", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    preview.add_argument("--today", help="preview the site as it stands on this day (YYYY-MM-DD)")
    preview.set_defaults(func=cmd_preview)

    translate = commands.add_parser("translate", help="gettext catalogs").add_subparsers(dest="action", required=True)
    update = translate.add_parser(
        "update",
        help="extract messages and update every .po, with translation memory",
        **_examples("policydocs translate update", "policydocs translate update -l en"),
    )
    update.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    update.set_defaults(func=cmd_translate_update)
    state = translate.add_parser(
        "status",
        help="translated, fuzzy and untranslated messages per document",
        **_examples("policydocs translate status", "policydocs translate status --format json"),
    )
    state.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    state.add_argument("--format", choices=["text", "json"], default="text")
    state.set_defaults(func=cmd_translate_status)
    verify_catalogs = translate.add_parser(
        "check",
        help="catalogs that cannot be read; terms off the glossary",
        **_examples("policydocs translate check", "policydocs translate check -l en"),
    )
    verify_catalogs.add_argument("-l", "--language", action="append", default=[], help="only this language")
    verify_catalogs.set_defaults(func=cmd_translate_check)

    listing = commands.add_parser(
        "list",
        help="organisations, policies and their revisions",
        **_examples("policydocs list", "policydocs list --today 2027-04-01"),
    )
    listing.add_argument("--today", help="treat this day (YYYY-MM-DD) as today")
    listing.set_defaults(func=cmd_list)

    freeze = commands.add_parser(
        "snapshot",
        help="freeze a policy's current text as the revision of its date",
        **_examples("policydocs snapshot openclose/privacy", "policydocs snapshot sample/privacy --no-catalogs"),
    )
    freeze.add_argument("policy", nargs="+", help="<organisation>/<kind>, e.g. openclose/privacy")
    freeze.add_argument("--today", help="the day recorded as the freezing date (default: today)")
    freeze.add_argument("--no-catalogs", action="store_true", help="do not update the translation catalogs")
    freeze.set_defaults(func=cmd_snapshot)

    check = commands.add_parser(
        "check",
        help="verify frozen revisions and check each policy for the sections the law requires",
        **_examples(
            "policydocs check", "policydocs check openclose --all", "policydocs check sample/privacy --format json"
        ),
    )
    check.add_argument("policy", nargs="*", help="only these <organisation> or <organisation>/<kind>")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--all", action="store_true", help="also list rules that are present or not applicable")
    check.add_argument("--today", help="judge current and undated texts by the law on this day")
    check.add_argument("--rules", type=Path, help="a rule file instead of the default for each kind")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check every text afresh (default: reuse what BUILD_DIR/cache/ holds on unchanged files)",
    )
    check.set_defaults(func=cmd_check)

    diff = commands.add_parser(
        "diff",
        help="redline between two revisions",
        **_examples(
            "policydocs diff sample/privacy 2023-04-01 2024-10-01",
            "policydocs diff openclose/privacy 2014-02-17 current --color never",
        ),
    )
    diff.add_argument("policy", help="<organisation>/<kind>")
    diff.add_argument("old", help="revision (YYYY-MM-DD, undated) or 'current'")
    diff.add_argument("new", help="revision (YYYY-MM-DD, undated) or 'current'")
    diff.add_argument("--language", default="ja", help="granularity: ja compares characters, others words")
    diff.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    diff.set_defaults(func=cmd_diff)

    bring = commands.add_parser(
        "import",
        help="bring an existing policy (.txt, .html, .docx, .pdf, - for stdin) onto the site",
        **_examples(
            "policydocs import privacy.html --org acme --name-en 'Acme Inc.'",
            "policydocs import policy.txt --org acme --effective 2025-04-01",
            "pbpaste | policydocs import - --org acme",
        ),
    )
    bring.add_argument("source_file", metavar="SOURCE", help="the policy: .txt, .html/.htm, .docx, .pdf, or -")
    bring.add_argument("--org", required=True, help="the organisation's slug (its directory under policies/)")
    bring.add_argument("--kind", default="privacy", help="a kind that rules/<kind>-ja.toml declares (default: privacy)")
    bring.add_argument("--name-en", help="the organisation's English name, for a new organisation")
    bring.add_argument("--effective", help="the effective date (YYYY-MM-DD), over what the text states")
    bring.add_argument("--force", action="store_true", help="overwrite a current text that is not frozen")
    bring.set_defaults(func=cmd_import)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    # Piped into `head`, stop quietly as other Unix tools do.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    from policydocs.dates import BuildDateError
    from policydocs.project import ProjectError

    try:
        # Resolved once: commands print thousands of paths relative to it.
        args.source = site_directory(args.source)
        if args.build_dir is not None:
            args.build_dir = args.build_dir.resolve()
        return args.func(args)
    except UsageError as error:
        print(f"policydocs {args.command}: {error.message} ({error.fix})", file=sys.stderr)
        return 2
    except BuildDateError as error:
        print(f"policydocs {args.command}: {error}", file=sys.stderr)
        return 2
    except ProjectError as error:
        print(error.problem, file=sys.stderr)
        return 2
    except OSError as error:
        # A file that vanished, a directory that cannot be written, a full disk: said, not traced.
        from policydocs.publishing import storage_problem

        print(storage_problem(args.source, error, "read or write a file"), file=sys.stderr)
        return 2


def run() -> NoReturn:
    """The ``policydocs`` command: :func:`main`, then the process ends without taking its objects apart."""
    try:
        code = main()
    except KeyboardInterrupt:  # Ctrl-C: the user knows why it stopped, and needs no traceback
        print("policydocs: interrupted", file=sys.stderr)
        code = 130
    exit_at_once(code)


if __name__ == "__main__":
    run()
