"""Smart quotes where there are quotes to curl: the English pages are what Sphinx's own transform makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_same_pages, built_pages_with, copy_root
from policydocs.sphinxext import smart_quotes
from policydocs.sphinxext.smart_quotes import SmartQuotesWhereNeeded
from sphinx.transforms import SphinxSmartQuotes

# Japanese paragraphs and their English translations: quotes, apostrophes, dashes, ellipses, escapes,
# literals, and plain text with nothing to curl.
MESSAGES = {
    "引用の段落。": 'He said "stop" -- and then left...',
    "所有の段落。": "The company's rules, and 'single' quotes.",
    "逃避の段落。": 'A Markdown escape \\"quote\\" is curled as Sphinx curls it.',
    "平文の段落。": "Plain words with nothing to curl.",
    "コードの段落。": "Use `x = 'y'` here, then \"this\".",
    "省略の段落。": "Wait . . . and --- then.",
    "強調の段落。": 'A *"quoted"* word and **it\'s** strong.',
}


def _html(make_app, root: Path, transform: type) -> dict[Path, bytes]:  # type: ignore[no-untyped-def]
    app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en"})
    return built_pages_with(app, app.registry.get_transforms(), SphinxSmartQuotes, transform)


def test_english_pages_are_what_sphinx_smart_quotes_make(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "sphinx"):
        root = copy_root("translated", tmp_path / name)
        with (root / "index.md").open("a", encoding="utf-8") as index:
            index.write("".join(f"\n{source}\n" for source in MESSAGES))
        with (root / "locale/en/LC_MESSAGES/index.po").open("a", encoding="utf-8") as catalog:
            for source, english in MESSAGES.items():
                escaped = english.replace("\\", "\\\\").replace('"', '\\"')
                catalog.write(f'\nmsgid "{source}"\nmsgstr "{escaped}"\n')
        if name == "sphinx":  # Sphinx's own SphinxSmartQuotes, left where it registered it
            monkeypatch.setattr(smart_quotes, "setup", lambda app: None)
        pages.append(_html(make_app, root, SphinxSmartQuotes if name == "sphinx" else SmartQuotesWhereNeeded))
    ours, sphinx = pages
    assert_same_pages(ours, sphinx, at_least=3)
    home = ours[Path("index.html")].decode("utf-8")
    # Curled where there was something to curl, left where there was not (or it was literal).
    curled_texts = ("He said “stop” – and then left…", "company’s rules", "‘single’", "<strong>it’s</strong>")
    for curled in (*curled_texts, "Wait … and — then"):
        assert curled in home, curled
    assert "A Markdown escape “quote” is curled" in home
    assert "<span class=\"pre\">'y'</span></code> here, then “this”." in home  # not in the literal
    assert "Plain words with nothing to curl." in home
