"""Run Sphinx's gettext builder on its kept environment, then write the extraction manifest.

Run by :func:`policydocs.extraction.extract_incrementally` in a process of its own
(Sphinx and the extension keep state per process). The documents found stale are
read on standard input, one per line; each is read again even where Sphinx's own
comparison of times would not see it (a file restored with an older time). Only
the documents read again, and those Sphinx finds depend on them, get their
templates written; every other template stays as it is.

Usage: ``python -m policydocs.extraction_runner SRCDIR POTS DOCTREES MANIFEST --today D [--fresh]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from policydocs.extraction import MANIFEST_VERSION, file_signature, package_modules, toolchain_key


def _relative(path: str, srcdir: Path) -> str:
    """A dependency as Sphinx stores it (relative to the source directory, or absolute), made relative."""
    full = Path(os.path.normpath(srcdir / path))
    try:
        return full.relative_to(srcdir).as_posix()
    except ValueError:
        return full.as_posix()  # outside the site (an absolute path stays absolute when joined)


# A file's times come from the kernel's coarse clock, which may lag the one read here by a tick.
CLOCK_TICK_NS = 50_000_000
CHANGED_DURING_RUN = [-1]  # matches no file: read again next time


def _signature(path: Path, started: int, doctrees: Path) -> list[int] | None:
    """The file's signature, or one that matches nothing if the file changed while this extraction ran.

    A file saved during the run may have been read before or after the change: its template
    cannot be trusted to match it, so it is read again next time. A file the run wrote itself
    under its doctree directory (an organisation's facts) holds what the run read, and is kept.
    """
    signature = file_signature(path)
    written_here = path.is_relative_to(doctrees)
    if signature is not None and not written_here and max(signature[1], signature[2]) >= started - CLOCK_TICK_NS:
        return CHANGED_DURING_RUN
    return signature


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policydocs.extraction_runner")
    parser.add_argument("srcdir", type=Path)
    parser.add_argument("pots", type=Path)
    parser.add_argument("doctrees", type=Path)
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--today", required=True)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args(argv)
    stale = [line.strip() for line in sys.stdin if line.strip()]

    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()  # captured and shown as text, even where CI is set
    srcdir = args.srcdir.resolve()
    doctrees = args.doctrees.resolve()
    read: list[str] = []
    started = time.time_ns()
    with patch_docutils(srcdir), docutils_namespace():
        # Not -W: a policy's content warnings (a draft, a gap) must not stop translators' work.
        # The build date is a config value ("env"): a new day re-reads every page, as it must.
        app = Sphinx(
            srcdir, srcdir, args.pots, args.doctrees, "gettext",
            confoverrides={"policydocs_today": args.today}, status=None, warning=sys.stderr,
            freshenv=args.fresh, warningiserror=False,
        )  # fmt: skip
        env = app.env
        for docname in stale:
            if docname in env.all_docs:
                env.all_docs[docname] = 0  # older than any file: Sphinx reads it again
        app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
        # The gettext builder writes every document's template each time; only the ones read again
        # (and their dependents, which Sphinx adds) can have changed.
        app.builder.get_outdated_docs = set  # type: ignore[method-assign]
        app.build(force_all=args.fresh)
        if app.statuscode != 0:
            return app.statuscode
        documents = {}
        for docname in sorted(env.found_docs):
            files = [str(env.doc2path(docname, base=False)), *map(str, env.dependencies.get(docname, ()))]
            documents[docname] = {
                name: _signature(srcdir / name, started, doctrees) for name in (_relative(f, srcdir) for f in files)
            }
    modules = package_modules()
    manifest = {
        "version": MANIFEST_VERSION,
        "toolchain": toolchain_key(srcdir, modules),
        "modules": modules,
        "today": args.today,
        "documents": documents,
        "read": sorted(set(read)),
    }
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.manifest.with_suffix(".tmp")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    os.replace(temporary, args.manifest)
    return 0


if __name__ == "__main__":
    from policydocs.process_exit import exit_at_once

    exit_at_once(main())
