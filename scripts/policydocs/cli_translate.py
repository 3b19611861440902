"""``policydocs translate update|status|check``: thin over :mod:`policydocs.translation`."""

from __future__ import annotations

import argparse
import json
import sys

from policydocs.cli_usage import known_languages
from policydocs.wording import plural


def cmd_translate_update(args: argparse.Namespace) -> int:
    from policydocs.translation import update_catalogs

    update = update_catalogs(args.source, known_languages(args, translations_only=True), args.build_dir)
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
        f"{plural(update.from_memory, 'message')} filled from translation memory, "
        f"{update.suggested} suggested (fuzzy)"
    )
    return 0


def cmd_translate_check(args: argparse.Namespace) -> int:
    from policydocs.translation import check_translations

    problems = check_translations(args.source, known_languages(args, translations_only=True))
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"catalogs and glossary: {len(problems)} problems")
    return 1 if problems else 0


def cmd_translate_status(args: argparse.Namespace) -> int:
    from policydocs.project import Project
    from policydocs.translation import status as translation_status

    languages = known_languages(args, translations_only=True) or Project.at(args.source).translations
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
