"""After an edit, the edited page is written before the pages it made outdated (the preview serves it sooner).

Which pages a rebuild writes, and that each equals a clean build's, is shown by ``test_incremental``;
here only the order (:mod:`policydocs.sphinxext.write_order`).
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, copy_root
from policydocs.sphinxext.write_order import read_first

ACME_PAGE = "policies/acme/index"


def _build_writing(make_app, root: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """The documents whose pages the build writes, in the order it writes them."""
    app = make_app("dirhtml", srcdir=root, confoverrides={"policydocs_today": TODAY})
    written: list[str] = []
    app.connect("html-page-context", lambda _app, name, *_rest: written.append(name))
    app.build()
    return [name for name in written if name in app.env.found_docs]


def test_the_edited_page_is_written_before_the_pages_it_made_outdated(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    everything = _build_writing(make_app, root)
    assert everything == sorted(everything)  # a build that reads every document keeps Sphinx's order
    assert {"index", ACME_PAGE} <= set(everything)
    page = root / f"{ACME_PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nアクメの紹介文を追記しました。\n", encoding="utf-8")
    after_edit = _build_writing(make_app, root)
    # The site's index lists the page in its table of contents, so it is written again too, but
    # after it, although its name sorts first.
    assert after_edit[0] == ACME_PAGE
    assert "index" in after_edit[1:]


def test_the_old_search_index_is_loaded_after_the_edited_page_is_written(
    tmp_path: Path, make_app, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """Loading the last build's index (0.4 s at 5,000 documents) waits until the edited page is out.

    That the index then holds exactly what a clean build's holds is shown by ``test_incremental``.
    """
    from sphinx.search import IndexBuilder

    root = copy_root("basic", tmp_path)
    _build_writing(make_app, root)
    events: list[str] = []
    load = IndexBuilder.load
    monkeypatch.setattr(IndexBuilder, "load", lambda self, *args: (events.append("load"), load(self, *args))[1])
    page = root / f"{ACME_PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nアクメの紹介文を追記しました。\n", encoding="utf-8")
    app = make_app("dirhtml", srcdir=root, confoverrides={"policydocs_today": TODAY})
    app.connect("html-page-context", lambda _app, name, *_rest: events.append(name))
    app.build()
    assert events[:3] == [ACME_PAGE, "load", "index"]


def test_read_documents_come_first_and_nothing_is_lost() -> None:
    first, rest = read_first({"index", "a", "b"}, {"b", "c"})
    assert (first, rest) == ({"b"}, {"index", "a"})
    assert read_first({"a"}, set()) == (frozenset(), {"a"})

