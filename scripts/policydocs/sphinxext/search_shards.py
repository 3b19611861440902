"""The search index in shards, so that a query fetches only what it needs (issue 18, point 4).

Sphinx's ``searchindex.js`` holds every term of every page and must be fetched whole
before any result (10 MB, 520 KB gzipped at 5,000 documents), and the browser then
fetched every candidate page to check and quote it. At ``build-finished`` this module
writes, under ``_search/`` in each language's output:

- ``meta.json``: the number of shards and the indexed pages' names, numbered in the order
  results fall back to (title, then name), so the browser ranks without any title;
- ``t/<n>.json``: the shards. A term's shard is the FNV-1a hash of its first three
  characters, so a Japanese pair of characters has one shard and a Latin word shares one
  with every word it starts (the browser's prefix match for a word longer than two
  characters). Each holds ``{"t": {term: postings}, "h": {term: pages}}``: the pages whose
  text has the term, each as ``gap * 16 + count`` (count of the term on the page, at most
  10), and the pages whose title has it, as gaps;
- ``p/<page>.json``: each indexed page's title and its text by section
  (:mod:`.search_pages`), fetched only for the results a reader is shown, to check the
  match as written, pick the section and quote it.

Which pages are indexed is Sphinx's own decision (its indexer's pages, less those marked
``nosearch``: every revision but the one in force), and terms are cut by the build's search
language, as Sphinx cuts them, except that Japanese in a page of another language (a text
not translated yet) is also cut into pairs of characters, as the Japanese index cuts it.
A page's text is read again only when its HTML changed (size and time, kept in the doctree
directory); shards are rewritten only when something did.

Everything is JSON, fetched and parsed as data: nothing in ``_search/`` is run by the browser.
"""

from __future__ import annotations

import html
import json
import os
import pickle
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from policydocs.output_files import write_if_changed
from policydocs.sphinxext.search_pages import Section, index_terms, page_terms, read_page

logger = logging.getLogger(__name__)

SEARCH_DIR = "_search"
KEY_LENGTH = 3  # a term's shard is chosen by its first three characters (see the module docstring)
SHARD_BYTES = 24_000  # the size a shard aims at, before compression (about 5 KB gzipped)
COUNT_BITS = 4  # a posting is gap << 4 | count; counts stop at 10
_CACHE = "search-pages.pickle"
_HTML_BUILDERS = ("html", "dirhtml")


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bits) over the UTF-16 code units of the term's key, as the browser computes it."""
    value = 0x811C9DC5
    key = term[:KEY_LENGTH].encode("utf-16-le")
    for index in range(0, len(key), 2):
        value ^= key[index] | key[index + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % shards


def _dump(value: object) -> bytes:
    # ensure_ascii=False keeps Japanese at 3 bytes a character instead of 6 (\\uXXXX); the browser parses it as JSON.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _page_fragment(title: str, sections: list[Section]) -> bytes:
    return _dump({"title": title, "sections": [[s.id, s.level, s.heading, s.text] for s in sections]})


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            cache = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _postings(pages: list[tuple[int, int]]) -> list[int]:
    """Pages in order, each as its gap from the one before, shifted, with its count below."""
    encoded, previous = [], 0
    for page, count in sorted(pages):
        encoded.append((page - previous) << COUNT_BITS | count)
        previous = page
    return encoded


def _gaps(pages: list[int]) -> list[int]:
    encoded, previous = [], 0
    for page in sorted(pages):
        encoded.append(page - previous)
        previous = page
    return encoded


def write_search_shards(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write ``_search/`` from the pages Sphinx indexed (see the module docstring)."""
    indexer = getattr(app.builder, "indexer", None)
    if exception is not None or app.builder.name not in _HTML_BUILDERS or indexer is None:
        return
    outdir = Path(app.outdir)
    root = outdir / SEARCH_DIR
    cache_path = Path(app.doctreedir) / _CACHE
    cache = _load_cache(cache_path)
    # Sphinx feeds a page marked nosearch (every revision but the one in force) with no title and
    # no words: it is listed in searchindex.js but found by nothing, so it has no place here.
    titles = {
        docname: title
        for docname, title in indexer._titles.items()
        if "nosearch" not in app.env.metadata.get(docname, {})
    }
    changed = set(cache) != set(titles)
    pages: dict[str, tuple[str, dict[str, int], dict[str, int]]] = {}
    for docname, title in titles.items():
        html_path = Path(app.builder.get_outfilename(docname))
        fragment = root / "p" / f"{docname}.json"
        try:
            stamp = _stamp(html_path)
        except OSError:
            logger.warning(
                "search: %s was indexed but not written; it is left out of search",
                docname,
                location=docname,
                type="policydocs",
                subtype="search",
            )
            changed = True
            continue
        known = cache.get(docname)
        if known is None or known[0] != stamp or known[1] != title or not fragment.exists():
            sections = read_page(html_path)
            write_if_changed(fragment, _page_fragment(title, sections))
            known = (stamp, title, page_terms(indexer, sections), _title_terms(indexer, title))
            cache[docname] = known
            changed = True
        pages[docname] = known[1:]  # type: ignore[assignment]
    for gone in set(cache) - set(pages):
        del cache[gone]
        (root / "p" / f"{gone}.json").unlink(missing_ok=True)
    if not changed and (root / "meta.json").exists():
        return
    write_index(root, pages)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    with cache_path.open("wb") as stream:
        pickle.dump(cache, stream, protocol=pickle.HIGHEST_PROTOCOL)


def _title_terms(indexer: Any, title: str) -> dict[str, int]:
    return dict.fromkeys(index_terms(indexer, html.unescape(title)), 1)


def write_index(root: Path, pages: dict[str, tuple[str, dict[str, int], dict[str, int]]]) -> None:
    """Write ``meta.json`` and the term shards under ``root`` from each page's title, word counts and
    title words (also what merging a site's slices does, :mod:`policydocs.index_merge`)."""
    # Pages numbered in the order equal scores fall back to: title, then name (as the browser compared them).
    order = sorted(pages, key=lambda name: (pages[name][0], name))
    text: dict[str, list[tuple[int, int]]] = {}
    title: dict[str, list[int]] = {}
    for number, name in enumerate(order):
        _title, counts, title_terms = pages[name]
        for term, count in counts.items():
            text.setdefault(term, []).append((number, count))
        for term in title_terms:
            title.setdefault(term, []).append(number)
    encoded_text = {term: _postings(found) for term, found in text.items()}
    encoded_title = {term: _gaps(found) for term, found in title.items()}
    total = sum(len(term) * 3 + 4 * len(found) for term, found in encoded_text.items())
    total += sum(len(term) * 3 + 3 * len(found) for term, found in encoded_title.items())
    shards = 1
    while total / shards > SHARD_BYTES:
        shards *= 2
    contents: list[dict[str, dict[str, list[int]]]] = [{"t": {}, "h": {}} for _ in range(shards)]
    for term, found in encoded_text.items():
        contents[shard_of(term, shards)]["t"][term] = found
    for term, found in encoded_title.items():
        contents[shard_of(term, shards)]["h"][term] = found
    for number, content in enumerate(contents):
        write_if_changed(root / "t" / f"{number}.json", _dump(content))
    for stale in (root / "t").glob("*.json"):
        if not stale.stem.isdigit() or int(stale.stem) >= shards:
            stale.unlink()
    meta = {"version": 1, "shards": shards, "keyLength": KEY_LENGTH, "pages": order}
    write_if_changed(root / "meta.json", _dump(meta))


def search_files(outdir: Path) -> list[Path]:
    """Every file of the sharded index (for tests and the benchmark)."""
    return sorted(path for path in (outdir / SEARCH_DIR).rglob("*.json") if os.path.isfile(path))
