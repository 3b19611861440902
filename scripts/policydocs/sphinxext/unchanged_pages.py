"""Generated pages written again only when what they show has changed.

Sphinx writes every page an extension collects (``html-collect-pages``) in every
build, while it writes a document's page only when the document changed. A site
of hundreds of revisions has thousands of comparison pages whose content is fixed
once their revisions are frozen, so a build that changed nothing spent most of its
time writing them again.

A collected page is written when its output file is missing or when its key
differs from the one it was last written with. The key covers everything that
decides the written file: the page's own context (title and body, which hold
everything the extension computed for it) and template; and the state every
page shares, which Sphinx itself answers by writing every page: the HTML
configuration and tags (Sphinx's build info), the sidebar's inputs
(:mod:`.navigation_freshness`), the extension's code, templates, static files and
message catalogs, the project's own templates and static files, the CSS and
script files of the page, and the versions of Sphinx, docutils, MyST and the
theme. Keys are kept per language, in the language's doctree directory, and saved
only after the pages are collected, so a build that fails before leaves them to
be written again.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from policydocs.cache_files import CacheFile

_PACKAGE = Path(__file__).resolve().parent.parent
_VERSIONS = ("sphinx", "docutils", "myst-parser", "furo", "jinja2")
Page = tuple[str, dict[str, Any], str]  # a collected page: name, context, template
_GROUP = "\0group\0"  # before a group's name among the kept keys: no page's name holds a NUL


@dataclass(frozen=True)
class PageGroup:
    """Pages made from the same inputs, made only when those inputs (or the shared state) changed."""

    name: str  # unique among the collector's groups
    inputs: str  # a digest of everything the group's pages are made from, beyond the shared state
    pages: tuple[str, ...]  # the names of the pages ``make`` yields, every one of them
    make: Callable[[], Iterable[Page]]


@functools.cache
def _code() -> str:
    """A digest of the extension's files (code, templates, static files) and the package's catalogs."""
    digest = hashlib.sha256()
    for path in sorted([*(_PACKAGE / "sphinxext").rglob("*"), *(_PACKAGE / "locale").rglob("*.po")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _VERSIONS:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def _project_files(app: Sphinx) -> list[tuple[str, int, int]]:
    """The project's own templates and static files, by path, size and time (they may change any page)."""
    found = []
    for setting in (app.config.templates_path, app.config.html_static_path):
        for entry in setting or ():
            base = Path(app.confdir, entry)
            for path in sorted(base.rglob("*")) if base.is_dir() else [base] if base.is_file() else []:
                if path.is_file():
                    stat = path.stat()
                    found.append((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return found


def shared_state(app: Sphinx) -> str:
    """A digest of what every written page depends on beyond its own context and template."""
    builder: Any = app.builder
    info = getattr(builder, "build_info", None)
    assets = [
        (str(getattr(asset, "filename", asset)), sorted(getattr(asset, "attributes", {}).items()))
        for asset in [*getattr(builder, "_css_files", ()), *getattr(builder, "_js_files", ())]
    ]
    state = (
        getattr(info, "config_hash", ""),
        getattr(info, "tags_hash", ""),
        getattr(app.env, "policydocs_navigation", ""),
        app.config.policydocs_catalog_fingerprint,
        app.config.language,
        _code(),
        _project_files(app),
        assets,
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def page_key(shared: str, name: str, context: dict[str, Any], template: str) -> str:
    return hashlib.sha256(repr((shared, name, template, sorted(context.items()))).encode("utf-8")).hexdigest()


def only_changed(app: Sphinx, groups: Iterable[PageGroup], cache_name: str) -> Iterator[Page]:
    """The pages of ``groups`` whose written file is missing or out of date; the rest are left as they are.

    ``cache_name`` names the file (in the doctree directory) that keeps this collector's keys: for
    each page its key and its file (relative to the output directory, so that looking whether it
    is still there makes no path objects: 11,000 pages at 5,000 documents), for each group its inputs.
    """
    keys: CacheFile[str, tuple[str, str]] = CacheFile.at(Path(app.doctreedir) / cache_name)
    shared = shared_state(app)
    outdir = str(app.outdir)
    seen: set[str] = set()

    def written(name: str, key: str | None = None) -> bool:
        kept = keys.entries.get(name)
        if not isinstance(kept, tuple) or (key is not None and kept[0] != key):
            return False
        return os.path.isfile(os.path.join(outdir, kept[1]))

    for group in groups:
        marker = _GROUP + group.name
        inputs = hashlib.sha256(f"{shared}\0{group.inputs}".encode()).hexdigest()
        seen.update((marker, *group.pages))
        if keys.entries.get(marker) == (inputs, "") and all(written(name) for name in group.pages):
            continue
        made = set()
        for name, context, template in group.make():
            made.add(name)
            key = page_key(shared, name, context, template)
            if written(name, key):
                continue
            keys.remember(name, (key, os.path.relpath(app.builder.get_outfilename(name), outdir)))
            yield name, context, template
        seen.update(made)
        if made == set(group.pages):
            keys.remember(marker, (inputs, ""))
        else:  # the group named other pages than it made: never pass over it on that word
            keys.forget(marker)
    for gone in set(keys.entries) - seen:
        keys.forget(gone)
    keys.save()
