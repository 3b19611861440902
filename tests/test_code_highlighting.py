"""Highlighting set up only on pages with code: every page is what Sphinx's own transform makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_same_pages, built_pages_with, copy_root
from policydocs.sphinxext import code_highlighting
from policydocs.sphinxext.code_highlighting import HighlightWhereCode
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform

CODE = """
```python
print("a python block")
```

```{highlight} ruby
```

    an indented block, highlighted as ruby

```
a block with no language
```
"""


def _pages(make_app, root: Path, transform: type) -> dict[Path, bytes]:  # type: ignore[no-untyped-def]
    app = make_app("dirhtml", srcdir=root)
    return built_pages_with(app, app.registry.get_post_transforms(), HighlightLanguageTransform, transform)


def test_pages_with_and_without_code_are_what_sphinx_makes(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for name in ("ours", "sphinx"):
        root = copy_root("basic", tmp_path / name)
        with (root / "index.md").open("a", encoding="utf-8") as index:
            index.write(CODE)
        if name == "sphinx":  # Sphinx's own transform, left where it registered it
            monkeypatch.setattr(code_highlighting, "setup", lambda app: None)
        pages.append(_pages(make_app, root, HighlightLanguageTransform if name == "sphinx" else HighlightWhereCode))
    ours, sphinx = pages
    assert_same_pages(ours, sphinx, at_least=3)
    home = ours[Path("index.html")].decode("utf-8")
    for language in ("python", "ruby", "none"):  # ruby: set by the highlight directive, through the transform
        assert f'class="highlight-{language} notranslate"' in home, language
    # The pages without code: nothing to highlight, and nothing else changed either (compared above).
    assert all(
        "highlight-" not in page.decode("utf-8") for path, page in ours.items() if path.parts[:1] == ("policies",)
    )
