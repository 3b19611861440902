"""Incremental message extraction: only the documents whose inputs changed are read again.

``translate status`` and ``translate update`` need each document's messages (a
``.pot`` per document under ``_build/gettext``). Reading every page through
Sphinx costs seconds per hundred documents, so the templates are kept, with a
manifest (``_build/gettext/manifest.json``) of what they were made from:

- the *toolchain*: ``conf.py``, every file of the policydocs package (the
  extension's code, templates, rules and catalog add translatable text: the facts
  box, findings), and the versions of Python, Sphinx, MyST, docutils and babel.
  When it changes, everything is extracted afresh (``-E``): Sphinx cannot see that
  an extension now writes different text into a page it has already read;
- the build date, for the same reason: which revision a policy's main page shows,
  and what the law of the day makes the checker say, depend on it;
- per document, the files it was read from: its source and every file the
  extension noted it depends on (Sphinx's ``env.dependencies``: a revision in
  force, an organisation's front matter, the glossary), each by size and
  modification time.

When nothing in the manifest differs, no Sphinx starts at all and the templates are
read as they are. Otherwise Sphinx's gettext builder runs on its own kept
environment (:mod:`policydocs.extraction_runner`), told to read again exactly the
documents found stale here (and whatever Sphinx itself finds changed), and writes
only their templates. The numbers are those of a full extraction: a template is
only kept when nothing it was made from changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from policydocs.catalog_memory import file_stat
from policydocs.dates import build_date
from policydocs.project import Project

MANIFEST_VERSION = 1
# Distributions whose version changes what is extracted: the parser, the builder, the catalog format.
TOOLS = ("sphinx", "myst-parser", "docutils", "babel")
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ExtractionPaths:
    """Where one project's templates, their Sphinx environment and their manifest are kept."""

    pots: Path
    doctrees: Path
    manifest: Path


def extraction_paths(project: Project, build_dir: Path | None = None) -> ExtractionPaths:
    root = (build_dir or project.srcdir / "_build").resolve()
    pots = root / "gettext"
    return ExtractionPaths(pots, root / "doctrees" / "gettext", pots / "manifest.json")


@dataclass(frozen=True)
class Extraction:
    """What bringing the templates up to date did."""

    returncode: int
    paths: ExtractionPaths
    read: tuple[str, ...] = ()  # the documents Sphinx read again (empty when it did not run or read nothing)
    ran: bool = False  # whether Sphinx ran at all
    fresh: bool = False  # whether it started from an empty environment
    stderr: str = ""


def package_modules() -> list[str]:
    """The policydocs modules loaded in this process, relative to the package: the code an extraction ran."""
    found = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve().is_relative_to(PACKAGE_DIR):
            found.add(Path(path).resolve().relative_to(PACKAGE_DIR).as_posix())
    return sorted(found)


def toolchain_key(srcdir: Path, modules: list[str]) -> str:
    """A digest of everything outside the documents that decides what is extracted.

    ``modules`` are the package's modules the last extraction ran (its Sphinx extension and
    what that imports: the checker, the rules, the loader), so that a change to code that
    extraction never runs (the command line, the PDF printer) extracts nothing again; a change
    to one that it runs changes the digest, and a module it would newly import can only come
    from a change to one that it ran. Every data file of the package counts (rules, templates,
    the extension's catalog).
    """
    digest = hashlib.sha256()
    for name in TOOLS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}\n".encode())
    digest.update(f"python={platform.python_version()}\n".encode())
    conf = srcdir / "conf.py"
    digest.update(conf.read_bytes() if conf.is_file() else b"no conf.py")
    files = set(modules)
    for directory, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            if not name.endswith((".py", ".pyc", ".pyo")):
                files.add((Path(directory) / name).relative_to(PACKAGE_DIR).as_posix())
    # Content, not times: a fresh checkout of the same code must not extract everything again.
    for name in sorted(files):
        path = PACKAGE_DIR / name
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"\0gone")
    return digest.hexdigest()


def file_signature(path: Path) -> list[int] | None:
    """Size, modification and change times and inode, or None for a file that is gone.

    The change time and inode are there because a rewrite that keeps size and modification
    time (a copy with ``-p``, a checkout of another branch) still changes them.
    """
    return file_stat(path)


def read_manifest(path: Path) -> dict[str, object] | None:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        return None
    return manifest


@dataclass(frozen=True)
class Staleness:
    """What must be extracted again: everything (``fresh``), some documents, or nothing."""

    fresh: bool
    documents: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    @property
    def nothing(self) -> bool:
        return not self.fresh and not self.documents and not self.removed


def staleness(project: Project, paths: ExtractionPaths, documents: set[str], today: str) -> Staleness:
    """Compare the manifest with the files now; reads file metadata and the package's code, never a document."""
    manifest = read_manifest(paths.manifest)
    if manifest is None or manifest.get("today") != today:
        return Staleness(fresh=True)
    modules = manifest.get("modules")
    if not isinstance(modules, list) or manifest.get("toolchain") != toolchain_key(project.srcdir, modules):
        return Staleness(fresh=True)
    recorded = manifest.get("documents")
    if not isinstance(recorded, dict):
        return Staleness(fresh=True)
    signatures: dict[str, list[int] | None] = {}  # a file many documents depend on is looked at once
    stale: set[str] = set(documents - recorded.keys())
    for docname in documents & recorded.keys():
        files = recorded[docname]
        if not isinstance(files, dict) or not (paths.pots / f"{docname}.pot").is_file():
            stale.add(docname)
            continue
        for name, signature in files.items():
            if name not in signatures:
                signatures[name] = file_signature(project.srcdir / name)
            if signatures[name] != signature:
                stale.add(docname)
                break
    # Gone: its source (the first file recorded) no longer exists. A document Sphinx finds that
    # site_documents() leaves out (under a link to a directory) is not gone, and not extracted for it.
    gone = {
        docname
        for docname in recorded.keys() - documents
        if not isinstance(recorded[docname], dict)
        or file_signature(project.srcdir / next(iter(recorded[docname]), "")) is None
    }
    return Staleness(False, frozenset(stale), frozenset(gone))


def extract_incrementally(project: Project, documents: set[str], build_dir: Path | None = None) -> Extraction:
    """Bring every document's template up to date, reading again only what changed."""
    paths = extraction_paths(project, build_dir)
    paths.pots.mkdir(parents=True, exist_ok=True)
    # One extraction at a time per build directory: status and update share the templates.
    with (paths.pots / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _extract(project, paths, documents)


def _extract(project: Project, paths: ExtractionPaths, documents: set[str]) -> Extraction:
    today = build_date().isoformat()
    stale = staleness(project, paths, documents, today)
    if stale.nothing:
        return Extraction(0, paths)
    for docname in stale.removed:  # a template of a document that is gone must not be merged
        (paths.pots / f"{docname}.pot").unlink(missing_ok=True)
    command = [sys.executable, "-m", "policydocs.extraction_runner", str(project.srcdir), str(paths.pots)]
    command += [str(paths.doctrees), str(paths.manifest), "--today", today]
    if stale.fresh:
        command.append("--fresh")
    stale_list = "\n".join(sorted(stale.documents))
    result = subprocess.run(command, cwd=project.srcdir, input=stale_list, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        paths.manifest.unlink(missing_ok=True)  # never trust templates from a run that failed
        return Extraction(result.returncode, paths, ran=True, fresh=stale.fresh, stderr=result.stderr)
    manifest = read_manifest(paths.manifest) or {}
    read = manifest.get("read", [])
    return Extraction(0, paths, tuple(read) if isinstance(read, list) else (), True, stale.fresh, result.stderr)
