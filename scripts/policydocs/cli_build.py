"""``policydocs build`` and ``policydocs preview``: thin over :mod:`policydocs.build` and :mod:`policydocs.preview`."""

from __future__ import annotations

import argparse
import signal
import sys
from typing import TYPE_CHECKING

from policydocs.cli_usage import UsageError, known_languages, use_color
from policydocs.dates import build_date

if TYPE_CHECKING:
    from policydocs.build import SiteBuild
    from policydocs.shards import Shard


def print_languages(result: SiteBuild) -> None:
    for build in result.languages:
        status = "ok" if build.returncode == 0 else f"FAILED (exit {build.returncode})"
        print(f"[{build.language}] {status}")
        if build.output.strip():
            print(build.output.rstrip())


def cmd_preview(args: argparse.Namespace) -> int:
    from policydocs.preview import Preview, Rebuild, serve

    build_date(args.today)  # a bad --today or SOURCE_DATE_EPOCH is said here, once, not at every rebuild
    preview = Preview(args.source, (args.build_dir or args.source / "_build") / "preview", args.today)
    server = serve(preview.html, args.port, args.bind)

    def report(rebuild: Rebuild) -> None:
        why = ""
        if rebuild.changed:
            why = ", ".join(rebuild.changed[:3]) + (" …" if len(rebuild.changed) > 3 else "") + " changed: "
        if rebuild.ok:
            state = "rebuilt"
        elif rebuild.written:
            state = "build failed, showing what it wrote over the last build"
        else:
            state = "build failed, still showing the last good build"
        print(f"{why}{state} in {rebuild.seconds:.2f} s")
        if rebuild.problem is not None:
            print(rebuild.problem)
        if rebuild.result is not None:
            print_languages(rebuild.result)
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


def cmd_build(args: argparse.Namespace) -> int:
    from policydocs.build import build_site
    from policydocs.publishing import published_site

    languages = known_languages(args)
    build_date(args.today)  # a bad --today or SOURCE_DATE_EPOCH is said once, here
    shard = _shard(args.shard)
    result = build_site(
        args.source,
        args.build_dir,
        languages,
        strict=not args.no_strict,
        today=args.today,
        pdfs=not args.no_pdf,
        color=use_color(),
        shard=shard,
    )
    print_languages(result)
    for note in result.notes:
        print(note)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.slice:
        print(f"slice {shard} written to {result.slice}: publish every slice with policydocs merge")
    elif result.published:
        print(f"published {result.published}")
    elif result.ok:
        print("built; not published (only a build of every language is published)")
    elif shard is not None:
        print("build failed: the slice was not written", file=sys.stderr)
    elif published_site(args.build_dir or args.source / "_build") is not None:
        print("build failed: the published site was left as it was", file=sys.stderr)
    else:
        print("build failed: nothing was published (there is no published site yet)", file=sys.stderr)
    return 0 if result.ok else 1


def _shard(text: str | None) -> Shard | None:
    from policydocs.shards import Shard, ShardError

    try:
        return Shard.parse(text) if text is not None else None
    except ShardError as error:
        raise UsageError(error.message, error.fix) from None


def cmd_merge(args: argparse.Namespace) -> int:
    from policydocs.site_merge import merge_slices

    result = merge_slices(args.source, args.slices, args.build_dir)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.published is None:
        print("merge failed: the published site was left as it was", file=sys.stderr)
        return 1
    held = ", ".join(f"{s.shard} ({len(s.organisations)} organisations)" for s in result.slices)
    print(f"merged slices {held}")
    print(f"published {result.published}")
    return 0
