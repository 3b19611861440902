"""The indexes of the whole site, made from its slices' (see :mod:`policydocs.site_merge`).

Three files of each language list every page, so each slice holds only its share:

- ``searchindex.js``: Sphinx's search index (used by a site opened from disk);
- ``objects.inv``: Sphinx's inventory, for other sites' intersphinx links;
- ``_search/``: the sharded index the search page fetches (:mod:`.sphinxext.search_shards`).

Each is read back into what its writer started from, page by page, and written by
the same rules its writer follows, so the merged file is the one a build of the whole
site writes. A page every slice draws (the home page, a guide) is taken once.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

from sphinx.search import js_index

from policydocs.sphinxext.search_shards import COUNT_BITS, SEARCH_DIR, write_index

_HEADER_LINES = 4  # an inventory's header: its version, project and version, and a note
_ENTRY = re.compile(r"(.+?)\s+(\S+?:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)")  # name domain:type priority uri display


class IndexMergeError(ValueError):
    """The slices' indexes cannot be put together; the message says which and why."""


# -- searchindex.js ---------------------------------------------------------------------------


def _pages_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each page's share of a frozen Sphinx index, by its name."""
    docnames = data["docnames"]
    pages: dict[str, dict[str, Any]] = {
        name: {"title": data["titles"][i], "filename": data["filenames"][i], "terms": [], "titleterms": []}
        for i, name in enumerate(docnames)
    }
    for kind in ("terms", "titleterms"):
        for term, found in data[kind].items():
            for index in [found] if isinstance(found, int) else found:
                pages[docnames[index]][kind].append(term)
    for key in ("alltitles", "indexentries"):
        for text, entries in data[key].items():
            for index, *rest in entries:
                pages[docnames[index]].setdefault(key, []).append((text, rest))
    return pages


def merge_searchindex(texts: list[str]) -> str:
    """One ``searchindex.js`` from each slice's, as Sphinx's ``IndexBuilder.freeze`` would write it."""
    loaded = [js_index.loads(text) for text in texts]
    for key in ("objects", "objtypes", "objnames", "envversion"):
        if any(data[key] != loaded[0][key] for data in loaded):
            raise IndexMergeError(f"the slices' search indexes differ in {key!r}: build the site whole")
    pages: dict[str, dict[str, Any]] = {}
    for data in loaded:
        for name, page in _pages_of(data).items():
            pages.setdefault(name, page)
    docnames = sorted(pages)
    number = {name: i for i, name in enumerate(docnames)}
    merged: dict[str, Any] = {key: loaded[0][key] for key in ("objects", "objtypes", "objnames", "envversion")}
    merged["docnames"] = docnames
    merged["titles"] = [pages[name]["title"] for name in docnames]
    merged["filenames"] = [pages[name]["filename"] for name in docnames]
    for kind in ("terms", "titleterms"):
        found: dict[str, list[int]] = {}
        for name in docnames:
            for term in pages[name][kind]:
                found.setdefault(term, []).append(number[name])
        merged[kind] = {term: where[0] if len(where) == 1 else where for term, where in found.items()}
    for key in ("alltitles", "indexentries"):
        entries: dict[str, list[list[Any]]] = {}
        for name in docnames:  # by page, each page's entries in its own order, as freeze() lists them
            for text, rest in pages[name].get(key, []):
                entries.setdefault(text, []).append([number[name], *rest])
        merged[key] = entries
    return js_index.dumps(merged)


# -- objects.inv ------------------------------------------------------------------------------


def _inventory(data: bytes) -> tuple[bytes, list[str]]:
    lines = data.split(b"\n", _HEADER_LINES)
    if len(lines) <= _HEADER_LINES or not lines[0].startswith(b"# Sphinx inventory version 2"):
        raise IndexMergeError("a slice's objects.inv is not a Sphinx inventory (version 2)")
    header = b"\n".join(lines[:_HEADER_LINES]) + b"\n"
    try:
        entries = zlib.decompress(lines[_HEADER_LINES]).decode("utf-8").splitlines()
    except (zlib.error, UnicodeDecodeError) as error:
        raise IndexMergeError(f"a slice's objects.inv is damaged ({error})") from None
    if any(_ENTRY.match(line) is None for line in entries):
        raise IndexMergeError("a slice's objects.inv holds a line that is not an entry")
    return header, entries


def _entry_order(line: str) -> tuple[str, ...]:
    # Sphinx writes domain by domain, each in the order of (name, display name, type, page, ...).
    name, role, priority, uri, display = _ENTRY.match(line).groups()  # type: ignore[union-attr]  # checked on reading
    domain, kind = role.split(":", 1)
    return (domain, name, name if display == "-" else display, kind, uri, priority)


def merge_inventory(files: list[bytes]) -> bytes:
    """One ``objects.inv`` holding every slice's entries, in the order Sphinx writes them."""
    read = [_inventory(data) for data in files]
    if any(header != read[0][0] for header, _lines in read):
        raise IndexMergeError("the slices' objects.inv name different projects or versions")
    entries = sorted({line for _header, lines in read for line in lines}, key=_entry_order)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(f"{line}\n".encode()) for line in entries) + compressor.flush()
    return read[0][0] + body


# -- _search/ ---------------------------------------------------------------------------------


def _search_pages(root: Path) -> dict[str, tuple[str, dict[str, int], dict[str, int]]]:
    """What ``write_index`` was given for this slice: each page's title, word counts and title words."""
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    order: list[str] = meta["pages"]
    counts: dict[str, dict[str, int]] = {name: {} for name in order}
    titled: dict[str, dict[str, int]] = {name: {} for name in order}
    for number in range(meta["shards"]):
        shard = json.loads((root / "t" / f"{number}.json").read_text(encoding="utf-8"))
        for term, postings in shard["t"].items():
            page = 0
            for posting in postings:
                page += posting >> COUNT_BITS
                counts[order[page]][term] = posting & ((1 << COUNT_BITS) - 1)
        for term, gaps in shard["h"].items():
            page = 0
            for gap in gaps:
                page += gap
                titled[order[page]][term] = 1
    titles = {name: json.loads((root / "p" / f"{name}.json").read_text(encoding="utf-8"))["title"] for name in order}
    return {name: (titles[name], counts[name], titled[name]) for name in order}


def merge_search_shards(roots: list[Path], target: Path) -> None:
    """Write ``target/_search/meta.json`` and its term shards from every slice's ``_search/``.

    The pages' own files (``p/``) are copied with the other pages; only the index over them is made here.
    """
    pages: dict[str, tuple[str, dict[str, int], dict[str, int]]] = {}
    for root in roots:
        for name, page in _search_pages(root / SEARCH_DIR).items():
            pages.setdefault(name, page)
    write_index(target / SEARCH_DIR, pages)
