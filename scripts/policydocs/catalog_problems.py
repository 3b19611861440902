"""Translation catalogs as untrusted input: what is wrong with them, located, with the fix.

A ``.po`` comes from a person or another system. Before anything compiles or
merges it, it must be a regular UTF-8 file (no byte-order mark) that declares
``charset=UTF-8``, is PO syntax throughout, has each message once, valid
plural forms and the same placeholders as its source; each translation may
add no markup its Japanese lacks (:mod:`policydocs.catalog_markup`); and it
must translate a document of the site. Every function here is pure: it returns
:class:`~policydocs.model.Problem` values and prints nothing.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from policydocs.catalog_files import locale_files
from policydocs.catalog_markup import added_markup
from policydocs.catalog_memory import CheckedCatalogs, file_stat
from policydocs.model import Location, Problem
from policydocs.po_scan import SYNTAX_FIX, PoScan, scan
from policydocs.project import Project
from policydocs.site_documents import site_documents

# Catalogs Sphinx itself reads that translate no document.
SPHINX_DOMAINS = frozenset({"sphinx"})
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
_BOM = b"\xef\xbb\xbf"


def _problem(path: Path, line: int, message: str, fix: str) -> Problem:
    return Problem(Location(path, line), message, fix)


def _decode(path: Path, data: bytes) -> tuple[str | None, Problem | None]:
    if data.startswith(_BOM):
        return None, _problem(path, 1, "the catalog starts with a byte-order mark", "save it as UTF-8 without BOM")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, _problem(
            path,
            line,
            f"the catalog is not UTF-8 (byte 0x{data[error.start]:02x} at line {line})",
            "save it as UTF-8 (and declare charset=UTF-8 in its header)",
        )


def _header_line(text: str, name: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip('"').lower().startswith(f"{name.lower()}:"):
            return number
    return 1


def _header_problems(path: Path, text: str, scanned: PoScan) -> list[Problem]:
    header = next((e for e in scanned.entries if e.msgid == "" and e.context is None and not e.obsolete), None)
    fields: dict[str, str] = {}
    for row in (header.strings.get("msgstr", "") if header else "").splitlines():
        name, _colon, value = row.partition(":")
        fields[name.strip().lower()] = value.strip()
    problems = []
    fix = 'declare it in the header: "Content-Type: text/plain; charset=UTF-8\\n"'
    content_type = fields.get("content-type")
    charset = re.search(r"charset\s*=\s*([\w.:-]+)", content_type or "", re.IGNORECASE)
    if header is None or content_type is None:
        problems.append(_problem(path, header.line if header else 1, "the catalog's header declares no charset", fix))
    elif charset is None:
        problems.append(_problem(path, _header_line(text, "Content-Type"), "Content-Type names no charset", fix))
    elif charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(
            _problem(
                path,
                _header_line(text, "Content-Type"),
                f"the catalog declares charset={charset.group(1)}; catalogs are UTF-8",
                "save it as UTF-8 and declare charset=UTF-8",
            )
        )
    plural_forms = fields.get("plural-forms")
    if plural_forms is not None:
        match = re.fullmatch(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?", plural_forms)
        try:
            if match is None or int(match.group(1)) < 1:
                raise ValueError("not nplurals=N; plural=EXPRESSION")
            gettext.c2py(match.group(2))
        except (ValueError, SyntaxError, RecursionError) as error:
            problems.append(
                _problem(
                    path,
                    _header_line(text, "Plural-Forms"),
                    f"Plural-Forms is not valid ({error}): {plural_forms[:60]!r}",
                    'for English write "Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                )
            )
    return problems


def _duplicates(path: Path, scanned: PoScan) -> list[Problem]:
    seen: dict[tuple[str | None, str], int] = {}
    problems = []
    for entry in scanned.entries:
        if entry.obsolete:
            continue
        first = seen.setdefault(entry.key, entry.line)
        if first != entry.line:
            problems.append(
                _problem(
                    path,
                    entry.line,
                    f"msgid {entry.msgid[:40]!r} appears twice (first at line {first})",
                    "keep one of them",
                )
            )
    return problems


def _babel_read(path: Path, data: bytes, language: str | None) -> tuple[Catalog | None, Problem | None]:
    try:
        return read_po(io.BytesIO(data), locale=language, abort_invalid=True), None
    except PoFileError as error:
        match = re.search(r" on (\d+)", str(error))  # babel counts lines from 0
        line = int(match.group(1)) + 1 if match else 1
        fix = "fix the PO syntax there (every msgid needs a msgstr; quote each line)"
        return None, _problem(path, line, f"the catalog cannot be read: {error}", fix)
    except (UnicodeError, ValueError, LookupError) as error:
        return None, _problem(path, 1, f"the catalog cannot be read: {error}", "save it as UTF-8 PO")


def _placeholder_problems(path: Path, catalog: Catalog) -> list[Problem]:
    problems = []
    for message in catalog:
        if message.id and message.string and message.python_format:
            ours = sorted(_PLACEHOLDER.findall(str(message.id)))
            theirs = sorted(_PLACEHOLDER.findall(str(message.string)))
            if ours != theirs:
                problems.append(
                    _problem(
                        path,
                        message.lineno,
                        f"the translation of {str(message.id)[:40]!r} does not use the same placeholders",
                        f"use exactly {', '.join(ours) or 'no placeholders'}",
                    )
                )
    return problems


def markup_problems(path: Path, scanned: PoScan) -> list[Problem]:
    """Translations that add markup their msgid lacks, at the msgstr's line."""
    problems = []
    for entry in scanned.entries:
        if entry.obsolete or not entry.msgid:
            continue
        for keyword, string in entry.strings.items():
            added = added_markup(entry.msgid, string)
            if added:
                shown = ", ".join(added[:3]) + (" …" if len(added) > 3 else "")
                problems.append(
                    _problem(
                        path,
                        entry.string_lines[keyword],
                        f"the translation adds markup its Japanese does not have: {shown}",
                        "remove it, or translate without markup (keep only the msgid's links, roles and labels)",
                    )
                )
    return problems


def verify(path: Path, language: str | None = None) -> tuple[Catalog | None, list[Problem]]:
    """``path`` read as a catalog, or None and why not; and what is wrong with its translations."""
    if path.is_symlink() or not path.is_file():
        what = "a symbolic link" if path.is_symlink() else "a directory" if path.is_dir() else "not a file"
        return None, [_problem(path, 1, f"the catalog is {what}", "make it a regular .po file, or delete it")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [_problem(path, 1, f"the catalog cannot be read: {error.strerror}", "make it readable")]
    text, problem = _decode(path, data)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    scanned = scan(text)
    if scanned.bad_line is not None:
        message = f"the catalog cannot be read: {scanned.bad_text[:50]!r} is not PO syntax"
        return None, [_problem(path, scanned.bad_line, message, SYNTAX_FIX)]
    if not scanned.entries:
        fix = "restore it from version control, or delete it and run `policydocs translate update`"
        return None, [_problem(path, 1, "the catalog is empty", fix)]
    problems = _header_problems(path, text, scanned) + _duplicates(path, scanned)
    if problems:
        return None, problems
    catalog, problem = _babel_read(path, data, language)
    if catalog is None:
        return None, [problem] if problem else []
    problems = _placeholder_problems(path, catalog) + markup_problems(path, scanned)
    return (None if problems else catalog), problems


def read_problem(path: Path) -> Problem | None:
    """The first reason ``path`` is not a valid catalog, located, or None."""
    problems = verify(path)[1]
    return problems[0] if problems else None


def orphan_problems(
    documents: Iterable[str], po: dict[str, Path], mo: dict[str, Path], odd: Iterable[Path]
) -> list[Problem]:
    """Catalogs that translate no document, compiled catalogs without their ``.po``, and odd files."""
    known = set(documents) | SPHINX_DOMAINS
    problems = [
        _problem(
            path, 1, f"the catalog translates no document of the site ({domain})", "delete it, or restore its document"
        )
        for domain, path in po.items()
        if domain not in known
    ]
    problems += [
        _problem(
            path,
            1,
            "a compiled catalog without its .po: it would translate pages with text no catalog shows",
            "delete it (compiled catalogs are made from the .po beside them)",
        )
        for domain, path in mo.items()
        if domain not in po
    ]
    for path in odd:
        if path.suffix == ".mo" or path.is_symlink():  # a .po directory is reported by verify()
            what = "a symbolic link" if path.is_symlink() else "not a file"
            problems.append(_problem(path, 1, f"{path.name} is {what}", "make it a regular file, or delete it"))
    return problems


def check_catalogs(project: Project, languages: Iterable[str], memory: CheckedCatalogs | None = None) -> list[Problem]:
    """Catalogs that cannot be read or be trusted, each with its file, line and what to do.

    With a ``memory``, a catalog found good before and unchanged since is not read again.
    """
    problems = []
    for language in languages:
        files = locale_files(project, language)
        paths = [*files.po.values(), *(p for p in files.odd if p.suffix == ".po" and not p.is_symlink())]
        for path in sorted(paths):
            stats = [file_stat(path)]
            if memory is not None and memory.known(path, stats):
                continue
            found = verify(path, language)[1]
            if not found and memory is not None:
                memory.remember(path, stats)
            problems += found
    return problems


def catalog_problems(project: Project, languages: Iterable[str], memory_file: Path | None = None) -> list[Problem]:
    """Everything wrong with the catalogs of ``languages``: unreadable, untrusted, or translating nothing.

    ``memory_file`` (e.g. ``_build/cache/catalogs.json``) keeps which catalogs were good, so that
    a build of a large site reads only the catalogs that changed; it is the only file written.
    """
    memory = CheckedCatalogs(memory_file)
    chosen = tuple(languages)
    problems = check_catalogs(project, chosen, memory)
    documents = site_documents(project)
    for language in chosen:
        files = locale_files(project, language)
        problems += orphan_problems(documents, files.po, files.mo, files.odd)
    memory.save()
    return sorted(problems, key=lambda p: (str(p.location.path), p.location.line))
