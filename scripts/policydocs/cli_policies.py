"""``policydocs list|snapshot|check|diff``: thin over the loader, revisions, checker and diffing."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from policydocs.cli_usage import UsageError, use_color
from policydocs.dates import build_date
from policydocs.wording import plural

if TYPE_CHECKING:
    from policydocs.model import Policy


def cmd_list(args: argparse.Namespace) -> int:
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


def named_policy(args: argparse.Namespace, reference: str) -> Policy | None:
    from policydocs.loader import load_site

    site = load_site(args.source)
    for problem in site.problems:
        print(problem, file=sys.stderr)
    policy = site.policy(reference)
    if policy is None:
        known = ", ".join(f"{p.organisation}/{p.kind.value}" for p in site.policies)
        print(f"no policy {reference!r}: name it as <organisation>/<kind>, one of: {known}", file=sys.stderr)
    return policy


def cmd_snapshot(args: argparse.Namespace) -> int:
    from policydocs.revisions import SnapshotRefused, snapshot
    from policydocs.translation import update_catalogs

    status = 0
    for reference in args.policy:
        policy = named_policy(args, reference)
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
            print(f"catalogs: {plural(update.from_memory, 'message')} filled from translation memory")
    return status


def cmd_check(args: argparse.Namespace) -> int:
    from policydocs.check_report import problems_text, report_text, summary_text
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
        for problem in result.problems:
            print(problem, file=sys.stderr)
    else:
        # Errors first: a tampered revision or a bad front matter before any finding.
        if result.problems:
            print(problems_text(result), file=sys.stderr)
            sys.stderr.flush()
        print(report_text(result, args.source, args.all))
        sys.stdout.flush()
    revisions = sum(len(p.revisions) for p in site.policies)
    print(summary_text(result, len(site.policies), revisions), file=sys.stderr)
    return 1 if result.fails else 0


def cmd_diff(args: argparse.Namespace) -> int:
    from policydocs.diffing import blocks_from_markdown, compare_blocks, granularity_for, terminal_redline

    policy = named_policy(args, args.policy)
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
    print(terminal_redline(changes, color=use_color(args.color)))
    return 0
