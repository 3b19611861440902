"""The ``policydocs`` command: a thin layer over the package's functions; only it prints."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policydocs.dates import build_date

if TYPE_CHECKING:
    from policydocs.build import SiteBuild
    from policydocs.checker import RevisionReport
    from policydocs.model import Policy

# Each command imports what it needs when it runs: `policydocs build` is on every preview's
# critical path and needs neither the checker nor the translation tools in this process.

EPILOG = """examples:
  policydocs build                      build every language into _build/html/
  policydocs build --no-strict          build even if Sphinx warns
  policydocs build --today 2027-04-01   preview the site on the day a revision takes effect
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
"""


def _print_languages(result: SiteBuild) -> None:
    for build in result.languages:
        status = "ok" if build.returncode == 0 else f"FAILED (exit {build.returncode})"
        print(f"[{build.language}] {status}")
        if build.output.strip():
            print(build.output.rstrip())


def _cmd_preview(args: argparse.Namespace) -> int:
    from policydocs.preview import Preview, Rebuild, serve

    build_date(args.today)  # a bad --today or SOURCE_DATE_EPOCH is said here, once, not at every rebuild
    preview = Preview(args.source, (args.build_dir or args.source / "_build") / "preview", args.today)
    server = serve(preview.html, args.port, args.bind)

    def report(rebuild: Rebuild) -> None:
        why = ""
        if rebuild.changed:
            why = ", ".join(rebuild.changed[:3]) + (" …" if len(rebuild.changed) > 3 else "") + " changed: "
        state = "rebuilt" if rebuild.published else "build failed, still showing the last good build"
        print(f"{why}{state} in {rebuild.seconds:.2f} s")
        if rebuild.problem is not None:
            print(rebuild.problem)
        if rebuild.result is not None:
            _print_languages(rebuild.result)
        if not rebuild.changed:
            print(f"serving {preview.html} at http://{args.bind}:{args.port}/ (Ctrl-C to stop)")
        sys.stdout.flush()

    # Stop on Ctrl-C or a plain `kill` alike (a shell's background job ignores SIGINT), and
    # never leave the server behind.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        preview.run(report)
    except KeyboardInterrupt:
        print("preview stopped")
    finally:
        server.terminate()
        server.wait()
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from policydocs.build import build_site
    from policydocs.publishing import published_site

    languages = _known_languages(args)
    build_date(args.today)  # a bad --today or SOURCE_DATE_EPOCH is said once, here
    result = build_site(args.source, args.build_dir, languages, strict=not args.no_strict, today=args.today)
    _print_languages(result)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.published:
        print(f"published {result.published}")
    elif result.ok:
        print("built; not published (only a build of every language is published)")
    elif published_site(args.build_dir or args.source / "_build") is not None:
        print("build failed: the published site was left as it was", file=sys.stderr)
    else:
        print("build failed: nothing was published (there is no published site yet)", file=sys.stderr)
    return 0 if result.ok else 1


def _known_languages(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The languages asked for with -l, each one the site builds; None for all of them."""
    from policydocs.project import Project

    if not args.language:
        return None
    built = Project.at(args.source).languages
    for language in args.language:
        if language not in built:
            raise UsageError(
                f"-l {language}: this site is not built in {language!r}",
                f"use one of: {', '.join(built)} (policydocs_languages in conf.py)",
            )
    return tuple(args.language)


def _cmd_translate_update(args: argparse.Namespace) -> int:
    from policydocs.translation import update_catalogs

    update = update_catalogs(args.source, tuple(args.language) or None, args.build_dir)
    for line in update.errors:
        print(line, file=sys.stderr)
    if update.returncode:
        print("catalogs not updated: fix the problems above", file=sys.stderr)
        return update.returncode
    root = args.source
    for path in update.created:
        print(f"created {path.relative_to(root)}")
    for path in update.updated:
        print(f"updated {path.relative_to(root)}")
    print(
        f"catalogs: {len(update.created)} created, {len(update.updated)} updated, {update.unchanged} unchanged; "
        f"{update.from_memory} messages filled from translation memory, {update.suggested} suggested (fuzzy)"
    )
    return 0


def _cmd_translate_check(args: argparse.Namespace) -> int:
    from policydocs.translation import check_translations

    problems = check_translations(args.source, tuple(args.language) or None)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"catalogs and glossary: {len(problems)} problems")
    return 1 if problems else 0


def _cmd_translate_status(args: argparse.Namespace) -> int:
    from policydocs.project import Project
    from policydocs.translation import status as translation_status

    languages = tuple(args.language) or Project.at(args.source).translations
    report: dict[str, list[dict[str, object]]] = {}
    status_code = 0
    for language in languages:
        documents, problems = translation_status(args.source, language, args.build_dir)
        for problem in problems:
            print(problem, file=sys.stderr)
            status_code = 1
        report[language] = [
            {
                "document": d.docname,
                "translated": d.translated,
                "fuzzy": d.fuzzy,
                "untranslated": d.untranslated,
                "total": d.total,
                "percent": d.percent,
                "outdated": d.outdated,
            }
            for d in documents
        ]
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return status_code
    for language, documents in report.items():
        print(f"{language}: {'document':<48} {'done':>5} {'fuzzy':>5} {'todo':>5} {'%':>6}")
        for d in documents:
            flag = "  out of date with its source" if d["outdated"] else ""
            print(
                f"    {d['document']:<48} {d['translated']:>5} {d['fuzzy']:>5} {d['untranslated']:>5} "
                f"{d['percent']:>6}{flag}"
            )
        complete = sum(1 for d in documents if d["percent"] == 100.0 and not d["outdated"])
        print(f"{language}: {complete} of {len(documents)} documents fully translated")
    return status_code


def _cmd_list(args: argparse.Namespace) -> int:
    from policydocs.loader import load_site
    from policydocs.revisions import timeline

    today = build_date(args.today)
    site = load_site(args.source)
    for org in site.organisations:
        print(f"{org.slug}\t{org.name} / {org.name_en}\t{org.body.value}")
        for policy in org.policies:
            date = policy.effective.isoformat() if policy.effective else "not stated"
            print(f"  {policy.kind.value}\t{date}\t{policy.path.relative_to(args.source)}")
            line = timeline(policy, today)
            for revision in policy.revisions:
                print(f"    {revision.key}\t{line.status(revision).value}")
    for problem in site.problems:
        print(problem, file=sys.stderr)
    return 1 if site.problems else 0


def _policy(args: argparse.Namespace, reference: str) -> Policy | None:
    from policydocs.loader import load_site

    site = load_site(args.source)
    for problem in site.problems:
        print(problem, file=sys.stderr)
    policy = site.policy(reference)
    if policy is None:
        known = ", ".join(f"{p.organisation}/{p.kind.value}" for p in site.policies)
        print(f"no policy {reference!r}: name it as <organisation>/<kind>, one of: {known}", file=sys.stderr)
    return policy


def _cmd_snapshot(args: argparse.Namespace) -> int:
    from policydocs.revisions import SnapshotRefused, snapshot
    from policydocs.translation import update_catalogs

    status = 0
    for reference in args.policy:
        policy = _policy(args, reference)
        if policy is None:
            status = 2
            continue
        try:
            result = snapshot(policy, build_date(args.today))
        except SnapshotRefused as refused:
            print(f"refused: {refused.problem}", file=sys.stderr)
            status = 1
            continue
        shown = result.path.relative_to(args.source)
        if result.created:
            print(f"froze {reference} as {shown} (sha256 {result.sha256[:12]}…)")
        else:
            print(f"{reference}: {shown} is already frozen with this text")
    if status == 0 and not args.no_catalogs:
        # The new revision's catalogs, filled from translation memory: its unchanged paragraphs
        # are translated without anyone touching them.
        update = update_catalogs(args.source, None, args.build_dir)
        for line in update.errors:
            print(line, file=sys.stderr)
        for path in update.created:
            print(f"created {path.relative_to(args.source)}")
        if update.returncode == 0:
            print(f"catalogs: {update.from_memory} messages filled from translation memory")
    return status


VERDICT_MARKS = {"present": "✓", "missing": "✗", "waived": "–", "not-applicable": "·"}


def _cmd_check(args: argparse.Namespace) -> int:
    from policydocs.checker import check_as_json, check_site
    from policydocs.loader import load_site

    cache_dir = None if args.no_cache else (args.build_dir or args.source / "_build") / "cache"
    today = build_date(args.today)
    site = load_site(args.source, cache_dir)
    known = {p.organisation for p in site.policies} | {f"{p.organisation}/{p.kind.value}" for p in site.policies}
    for name in args.policy:
        if name not in known:
            raise UsageError(
                f"check {name}: there is no organisation or policy {name!r} under {args.source / 'policies'}",
                f"name an organisation or <organisation>/<kind>: {', '.join(sorted(known)) or 'there are none yet'}",
            )
    result = check_site(site, today, tuple(args.policy), args.rules, cache_dir=cache_dir)
    if args.format == "json":
        print(json.dumps(check_as_json(result, args.source), ensure_ascii=False, indent=2))
    else:
        for report in result.reports:
            print(_report_text(report, args.source, args.all))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    failing = [r for r in result.reports if r.fails]
    revisions = sum(len(p.revisions) for p in site.policies)
    print(
        f"{len(site.policies)} policies, {revisions} frozen revisions, {len(result.reports)} texts checked: "
        f"{len(failing)} miss a required section, {len(result.problems)} other problems",
        file=sys.stderr,
    )
    return 1 if result.fails else 0


def _relative(path: Path, root: Path) -> str:
    # Plain string work: a large site prints tens of thousands of locations.
    text, prefix = str(path), f"{root}{os.sep}"
    return text[len(prefix) :] if text.startswith(prefix) else text


def _report_text(report: RevisionReport, root: Path, show_all: bool) -> str:
    # Verdicts and levels are StrEnums: compared and formatted as their values, without `.value`,
    # which costs more than the rest of a line when a large site prints a hundred thousand.
    name = f"{report.policy.organisation}/{report.policy.kind.value}"
    lines = [f"{name} {report.key}: judged by the law in force on {report.law_date} (its {report.judged_by})"]
    for finding in report.findings:
        verdict = finding.verdict
        if not show_all and verdict in ("present", "not-applicable"):
            continue
        rule = finding.rule
        lines.append(
            f"  {VERDICT_MARKS[verdict]} {rule.id} [{rule.level}; {rule.basis}] {verdict}: {finding.detail}\n"
            f"      at {_relative(finding.location.path, root)}:{finding.location.line}"
            + (f"; label it {finding.suggested_label}" if verdict == "missing" else "")
        )
    return "\n".join(lines)


def _cmd_diff(args: argparse.Namespace) -> int:
    from policydocs.diffing import blocks_from_markdown, compare_blocks, granularity_for, terminal_redline

    policy = _policy(args, args.policy)
    if policy is None:
        return 2
    texts = []
    for key in (args.old, args.new):
        revision = policy.revision(key) if key != "current" else None
        path = policy.path if key == "current" else revision.path if revision else None
        if path is None:
            keys = ", ".join(["current", *(r.key for r in policy.revisions)])
            print(f"{args.policy} has no revision {key!r}: use one of {keys}", file=sys.stderr)
            return 2
        texts.append(path.read_text(encoding="utf-8"))
    changes = compare_blocks(
        blocks_from_markdown(texts[0]), blocks_from_markdown(texts[1]), granularity_for(args.language)
    )
    print(terminal_redline(changes, color=_use_color(args.color)))
    return 0


def _use_color(choice: str) -> bool:
    return choice == "always" or (choice == "auto" and sys.stdout.isatty())


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

    build = commands.add_parser("build", help="build every language into _build/html/")
    build.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    build.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    build.add_argument("--today", help="build the site as it stands on this day (YYYY-MM-DD)")
    build.set_defaults(func=_cmd_build)

    preview = commands.add_parser(
        "preview", help="serve the site locally and rebuild it on every change (into _build/preview/)"
    )
    preview.add_argument("--port", type=int, default=8000, help="HTTP port (default: 8000)")
    preview.add_argument("--bind", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    preview.add_argument("--today", help="preview the site as it stands on this day (YYYY-MM-DD)")
    preview.set_defaults(func=_cmd_preview)

    translate = commands.add_parser("translate", help="gettext catalogs").add_subparsers(dest="action", required=True)
    update = translate.add_parser("update", help="extract messages and update every .po, with translation memory")
    update.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    update.set_defaults(func=_cmd_translate_update)
    state = translate.add_parser("status", help="translated, fuzzy and untranslated messages per document")
    state.add_argument("-l", "--language", action="append", default=[], help="only this language (repeatable)")
    state.add_argument("--format", choices=["text", "json"], default="text")
    state.set_defaults(func=_cmd_translate_status)
    verify_catalogs = translate.add_parser("check", help="catalogs that cannot be read; terms off the glossary")
    verify_catalogs.add_argument("-l", "--language", action="append", default=[], help="only this language")
    verify_catalogs.set_defaults(func=_cmd_translate_check)

    listing = commands.add_parser("list", help="organisations, policies and their revisions")
    listing.add_argument("--today", help="treat this day (YYYY-MM-DD) as today")
    listing.set_defaults(func=_cmd_list)

    freeze = commands.add_parser("snapshot", help="freeze a policy's current text as the revision of its date")
    freeze.add_argument("policy", nargs="+", help="<organisation>/<kind>, e.g. openclose/privacy")
    freeze.add_argument("--today", help="the day recorded as the freezing date (default: today)")
    freeze.add_argument("--no-catalogs", action="store_true", help="do not update the translation catalogs")
    freeze.set_defaults(func=_cmd_snapshot)

    check = commands.add_parser(
        "check", help="verify frozen revisions and check each policy for the sections the law requires"
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
    check.set_defaults(func=_cmd_check)

    diff = commands.add_parser("diff", help="redline between two revisions")
    diff.add_argument("policy", help="<organisation>/<kind>")
    diff.add_argument("old", help="revision (YYYY-MM-DD, undated) or 'current'")
    diff.add_argument("new", help="revision (YYYY-MM-DD, undated) or 'current'")
    diff.add_argument("--language", default="ja", help="granularity: ja compares characters, others words")
    diff.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    diff.set_defaults(func=_cmd_diff)
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


class UsageError(Exception):
    """A command line that cannot be carried out, with what to do instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


def site_directory(given: Path | None) -> Path:
    """The site to work on: ``--source``, else the nearest directory up from here with a conf.py."""
    if given is not None:
        source = given.resolve()
        if not source.is_dir():
            raise UsageError(f"--source {given}: no such directory", "pass the site's directory (it holds conf.py)")
        if not (source / "conf.py").is_file():
            raise UsageError(f"--source {given}: there is no conf.py there", "pass the site's directory")
        return source
    here = Path.cwd().resolve()
    for directory in (here, *here.parents):
        if (directory / "conf.py").is_file():
            return directory
    raise UsageError(f"{here} is not inside a site: no conf.py here or above", "run it in the site, or pass --source")


if __name__ == "__main__":
    sys.exit(main())
