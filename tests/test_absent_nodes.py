"""Transforms skipped on pages without the nodes they act on: every page is what Sphinx's own transforms make."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_same_pages, built_pages, copy_root
from docutils import nodes
from docutils.utils import new_document
from policydocs.sphinxext import absent_nodes
from sphinx.builders.latex.transforms import FootnoteDocnameUpdater
from sphinx.transforms.post_transforms.images import ImageDownloader

# A page with something for each skipped transform to act on: footnote, table, code, quote, image, only, index.
EVERYTHING = """
# 全部入り

本文に脚注[^1]がある。

[^1]: 脚注の本文。

| 項目 | 内容 |
|---|---|
| 氏名 | 必須 |

```python
print("code")
```

> 引用の段落。

![ロゴ](logo.png)

```{only} html
HTMLでのみ表示する段落。
```

```{index} 個人情報
```

```{glossary}
個人情報
  生存する個人に関する情報。
```
"""
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082"
)


def _root(tmp_path: Path, name: str) -> Path:
    root = copy_root("translated", tmp_path / name)
    (root / "everything.md").write_text(EVERYTHING, encoding="utf-8")
    (root / "logo.png").write_bytes(PNG)
    with (root / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\n:hidden:\neverything\n```\n")
    return root


@pytest.mark.parametrize("language", ["ja", "en"])
def test_pages_are_what_sphinx_makes_with_and_without_the_nodes(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "sphinx"):
        if name == "sphinx":  # Sphinx's own transforms, where they were registered
            monkeypatch.setattr(absent_nodes, "setup", lambda app: None)
        app = make_app("dirhtml", srcdir=_root(tmp_path, name), confoverrides={"language": language})
        skipping = [t for t in app.registry.get_post_transforms() if t.__name__.endswith("WhereNeeded")]
        assert len(skipping) == (len(absent_nodes.WRITE) if name == "ours" else 0)
        pages.append(built_pages(app))
    assert_same_pages(pages[0], pages[1], at_least=3)
    page = pages[0][Path("everything/index.html")].decode("utf-8")
    for shown in ("table-wrapper", "footnote", "highlight-python", "<blockquote>", "logo.png", "HTML"):
        assert shown in page, shown


def test_a_transform_runs_only_on_pages_with_what_it_acts_on(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    ran: dict[str, list[str]] = {"footnotes": [], "images": []}
    for transform, kind in ((FootnoteDocnameUpdater, "footnotes"), (ImageDownloader, "images")):

        def recorded(self, original=transform.apply, kind=kind, **kwargs) -> None:  # type: ignore[no-untyped-def]
            ran[kind].append(self.env.current_document.docname or self.document["source"])
            original(self, **kwargs)

        monkeypatch.setattr(transform, "apply", recorded)
    app = make_app("dirhtml", srcdir=_root(tmp_path, "site"))
    app.build()
    assert ran["footnotes"] == ["everything"]  # read once; the other pages have no footnote
    assert len(ran["images"]) == 1 and ran["images"][0].endswith("everything")  # written once


def test_a_page_without_a_census_is_walked() -> None:
    document = new_document("page.md")
    assert not absent_nodes.lacks(document, "read", (nodes.footnote,))
    absent_nodes._CENSUS[document] = ("read", frozenset({nodes.paragraph, nodes.Text}))
    assert absent_nodes.lacks(document, "read", (nodes.footnote,))
    assert not absent_nodes.lacks(document, "write", (nodes.footnote,))  # the census of another phase
    assert not absent_nodes.lacks(document, "read", (nodes.TextElement,))  # a subclass is listed
