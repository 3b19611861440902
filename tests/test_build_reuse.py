"""What the build keeps and reuses must not change what it writes.

Each distinct translated message is parsed once per build and copied after
that (``sphinxext/markdown_parser.py``); furo's compiled templates are kept in
the doctree directory (``sphinxext/template_cache.py``). Both are checked on
real builds of the translated test project.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import built_pages, copy_root
from policydocs.sphinxext.markdown_parser import ReusingMystParser
from sphinx.testing.util import SphinxTestApp


def _article(app: SphinxTestApp, page: str) -> BeautifulSoup:
    html = (Path(app.outdir) / page / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    return article


@pytest.mark.sphinx("dirhtml", testroot="translated", srcdir="reuse-en", confoverrides={"language": "en"})
def test_a_message_repeated_across_revisions_is_translated_on_every_page(app: SphinxTestApp) -> None:
    assert app.registry.get_source_parsers()["markdown"] is ReusingMystParser
    app.build()
    assert app.warning.getvalue() == ""
    current = _article(app, "policies/acme/privacy")
    revision = _article(app, "policies/acme/privacy/2024-04-01")
    for article in (current, revision):
        paragraphs = [p.get_text(strip=True) for p in article.find_all("p")]
        assert "We handle personal information appropriately." in paragraphs
        # A message holding a link is parsed afresh on each page, and keeps its link.
        link = article.find("a", href="https://www.ppc.go.jp/")
        assert link is not None and link.get_text() == "Personal Information Protection Commission"
        assert "当社は個人情報を適切に取り扱います。" not in article.get_text()
        # Headings, plain and numbered (which Markdown reads as a list item), are copied too.
        assert article.find("h1").get_text(strip=True).rstrip("#¶") == "Privacy Policy"
        headings = [h.get_text(strip=True).rstrip("#¶") for h in article.find_all("h2")]
        assert headings[:2] == ["1. Purpose of Use", "2. Contact Point for Inquiries"], headings


@pytest.mark.sphinx("dirhtml", testroot="translated", srcdir="reuse-templates")
def test_compiled_templates_are_kept_and_used_by_the_next_build(app: SphinxTestApp) -> None:
    app.build()
    kept = {path: path.stat().st_mtime_ns for path in (Path(app.doctreedir) / "jinja").glob("__jinja2_*.cache")}
    assert kept, "no compiled template was kept"
    app.cleanup()
    again = SphinxTestApp("dirhtml", srcdir=Path(app.srcdir), builddir=Path(app.outdir).parent.parent)
    try:
        again.build(force_all=True)
        assert again.warning.getvalue() == ""
    finally:
        again.cleanup()
    # Every page was written again from the kept templates: none was compiled (and so rewritten).
    assert {path: path.stat().st_mtime_ns for path in kept} == kept
    page = _article(app, "policies/acme/privacy")
    assert page.find("h1") is not None and page.find("h2") is not None


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_parallel_build_writes_what_a_serial_one_does(make_app, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    # The extension says it is parallel-safe, so `sphinx-build -j` reads and writes in several processes.
    outputs = []
    for jobs in (1, 3):  # -j 3: two processes read, two write (the main process merges)
        root = copy_root("translated", tmp_path / f"j{jobs}")
        outputs.append(
            built_pages(make_app("dirhtml", srcdir=root, parallel=jobs, confoverrides={"language": language}))
        )
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 5
    assert [page for page in outputs[0] if outputs[0][page] != outputs[1][page]] == []
