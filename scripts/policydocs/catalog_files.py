"""Catalog files: finding, reading, rendering and writing ``.po`` and ``.mo`` files.

Catalogs are written only when their content changes, and compared by content,
not by the version of the tool that wrote them: a fresh machine with a newer
babel must not rewrite every committed catalog because ``Generated-By`` (or
line wrapping) changed. Writes go to a temporary file that is renamed into
place, so a reader never sees half a catalog.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import denormalize, normalize, read_po, unescape
from sphinx_intl.catalog import dump_po, load_po

from policydocs.project import Project

LINE_WIDTH = 76  # sphinx-intl's default, so both tools write the same files
TRANSLATOR = "policydocs translators"
# Headers that say which tool wrote a file, not what it says: kept as the file has them.
TOOL_HEADERS = ("Generated-By",)


@dataclass(frozen=True)
class LocaleFiles:
    """What lies under one language's ``LC_MESSAGES``: catalogs, compiled catalogs, and the odd."""

    root: Path
    po: dict[str, Path]  # by domain (the document they translate)
    mo: dict[str, Path]
    odd: tuple[Path, ...]  # .po/.mo that are directories or symbolic links


def locale_files(project: Project, language: str) -> LocaleFiles:
    """The files of ``locale/<language>/LC_MESSAGES``, never following a symbolic link."""
    root = project.locale_dir / language / "LC_MESSAGES"
    po: dict[str, Path] = {}
    mo: dict[str, Path] = {}
    odd: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):
        # Dot-directories are not catalogs to Sphinx either (sphinx.util.i18n.CatalogRepository).
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(directory)
        for name in [*filenames, *dirnames]:
            path = here / name
            if path.suffix not in (".po", ".mo"):
                continue
            if path.is_symlink() or not path.is_file():
                odd.append(path)
                continue
            (po if path.suffix == ".po" else mo)[path.relative_to(root).with_suffix("").as_posix()] = path
    return LocaleFiles(root, dict(sorted(po.items())), dict(sorted(mo.items())), tuple(sorted(odd)))


def catalogs_of(project: Project, language: str) -> dict[str, Path]:
    """The catalogs of one language that are files, by the document they translate."""
    return locale_files(project, language).po


def load_catalog(path: Path) -> Catalog:
    """A catalog with its fuzzy entries' previous Japanese (``#| msgid``), which babel does not read back."""
    return _with_previous_ids(load_po(str(path)), path.read_text(encoding="utf-8"))


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _previous_text(lines: list[str]) -> str:
    """The previous id of ``#| msgid`` lines (their ``#|`` prefix removed), however they were wrapped.

    Written by :func:`render` they are a PO string of one line per part; written by babel they
    were reflowed as a comment (several quoted parts on a line, or ``msgid`` alone on its
    line), which is read back here so that a hint written either way survives the next update.
    """
    body = " ".join(lines).strip()[len("msgid") :]
    return "".join(unescape(part) for part in _QUOTED.findall(body))


def _with_previous_ids(catalog: Catalog, text: str) -> Catalog:
    for message in catalog:
        # babel reads "#| msgid …" back as a translator comment; it is the previous id, restored below.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    previous: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line == "#| msgid" or line.startswith("#| msgid "):
            previous = [line[3:]]
        elif line.startswith("#| ") and previous:
            previous.append(line[3:])
        elif line.startswith("msgid ") and previous:
            current = [line[len("msgid ") :]]
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif current is not None:
            message = catalog.get(denormalize("\n".join(current)))
            if message is not None:
                message.previous_id = [_previous_text(previous)]
            previous, current = [], None
    return catalog


def settle_header(catalog: Catalog, previous: Catalog | None) -> None:
    """A header msgfmt --check accepts, and that does not change when the messages did not."""
    if previous is not None and [m.id for m in previous if m.id] == [m.id for m in catalog if m.id]:
        catalog.creation_date = previous.creation_date
    catalog.revision_date = catalog.creation_date
    catalog.last_translator = TRANSLATOR
    catalog.language_team = f"{catalog.locale} <translators@policydocs.invalid>" if catalog.locale else TRANSLATOR
    catalog.fuzzy = False


def render(catalog: Catalog) -> bytes:
    """The catalog as a ``.po``, each fuzzy entry's previous Japanese as gettext writes it.

    babel writes ``#| msgid`` as a comment, reflowed like prose: a long previous id loses its
    PO line structure and came back without its first line. It is written here instead, one
    ``#| "…"`` line per part, exactly as the message itself is wrapped.
    """
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        dump_po(handle.name, catalog, width=LINE_WIDTH, ignore_obsolete=False, include_previous=False)
        text = Path(handle.name).read_bytes().decode("utf-8")
    for message in catalog:
        if not message.id or not message.previous_id or not isinstance(message.id, str):
            continue
        start = f"msgctxt {normalize(message.context, width=LINE_WIDTH)}\n" if message.context else ""
        start += f"msgid {normalize(message.id, width=LINE_WIDTH)}\nmsgstr"  # msgstr: not a longer msgid's start
        at = text.find("\n" + start)
        if at < 0:
            continue
        hint = f"#| msgid {normalize(message.previous_id[0], prefix='#| ', width=LINE_WIDTH)}\n"
        text = text[: at + 1] + hint + text[at + 1 :]
    return text.encode("utf-8")


def _tool_header(name: str) -> re.Pattern[bytes]:
    return re.compile(rb'^"' + re.escape(name.encode()) + rb":[^\n]*\n", re.MULTILINE)


def keep_tool_headers(rendered: bytes, existing: bytes | None) -> bytes:
    """``rendered`` with each tool header as ``existing`` has it (absent if it has none)."""
    if existing is None:
        return rendered
    for name in TOOL_HEADERS:
        pattern = _tool_header(name)
        kept = pattern.search(existing)
        # A function replacement: the kept line is bytes to copy, not a template.
        rendered = pattern.sub(lambda _match, kept=kept: kept.group(0) if kept else b"", rendered, count=1)
    return rendered


def content(data: bytes) -> tuple[object, ...]:
    """What a catalog says, whatever wrote it: header fields but the tool's, and every message."""
    catalog = _with_previous_ids(read_po(io.BytesIO(data), charset="utf-8"), data.decode("utf-8"))
    header = tuple(
        (name, value)
        for name, value in catalog.mime_headers
        if name not in TOOL_HEADERS and name not in ("POT-Creation-Date", "PO-Revision-Date")
    )
    dates = (catalog.creation_date, catalog.revision_date)

    def entry(message) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
        return (
            message.id, message.string, message.context, sorted(message.flags), message.previous_id,
            message.user_comments, message.auto_comments, message.locations,
        )  # fmt: skip

    messages = tuple(entry(m) for m in catalog if m.id)
    obsolete = tuple(entry(m) for m in catalog.obsolete.values())
    return header, dates, messages, obsolete


def same_content(rendered: bytes, existing: bytes) -> bool:
    """Whether two renderings of a catalog say the same (they may differ in wrapping or tool headers)."""
    if rendered == existing:
        return True
    try:
        return content(rendered) == content(existing)
    except (ValueError, UnicodeDecodeError):
        return False


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step: readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile_mo(catalog: Catalog, mo_path: Path, use_fuzzy: bool = False) -> bool:
    """Write ``catalog`` as a ``.mo`` beside its ``.po``, in one step, unless it already holds exactly that.

    Returns whether it wrote. Every English page depends on its catalogs' ``.mo`` by their time:
    writing the same bytes again would make Sphinx read every page again. Each build directory
    remembers on its own which catalogs it checked (the preview's, ``make html``'s, a slice's), so
    without this, builds into two directories of one site rewrote every ``.mo`` for each other and
    each re-read all of English (38 s instead of 2 at 500 documents).
    """
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=use_fuzzy)
    data = buffer.getvalue()
    try:
        if _timeless(mo_path.read_bytes()) == _timeless(data):
            return False
    except OSError:
        pass  # none yet, or unreadable: written afresh
    write_atomically(mo_path, data)
    return True


# Babel writes the minute it read a .po as its creation date when the .po states none (hand-written
# and other tools' catalogs often do not): the same catalog compiled a minute later differed, and
# the builds of two directories re-read every English page for each other across each minute.
# A date is as long as the one it replaces, so the rest of the file compares byte for byte.
_CREATION_DATE = re.compile(rb"POT-Creation-Date: [^\n]*")


def _timeless(mo: bytes) -> bytes:
    return _CREATION_DATE.sub(b"POT-Creation-Date:", mo, count=1)
