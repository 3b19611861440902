"""Front matter read by libyaml in the Sphinx build: the same mappings and pages as PyYAML's own loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import REPO, ROOTS, assert_same_pages, built_pages, copy_root
from policydocs.front_matter import load_yaml
from policydocs.sphinxext import markdown_parser

# A page's front matter with what YAML can say: dates, lists, nested mappings, quoting, a multi-line string.
FRONT_MATTER = """---
title: 方針の一覧
author: 法務部
date: 2024-04-01
tags: [個人情報, "利用規約"]
notes: |
  一行目
  二行目
nested:
  key: 'value: with a colon'
  count: 3
  flag: yes
---
"""


def _front_matters() -> list[str]:
    texts = []
    for path in [*sorted((REPO / "policies").rglob("*.md")), *sorted(ROOTS.rglob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            texts.append(text[4 : text.index("\n---\n", 4) + 1])
    return texts


def test_libyaml_reads_every_front_matter_as_pyyaml_does() -> None:
    texts = [*_front_matters(), FRONT_MATTER.strip("-\n")]
    assert len(texts) > 20
    assert [load_yaml(text) for text in texts] == [yaml.safe_load(text) for text in texts]


def test_pages_are_the_same_with_either_loader(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pages, metadata = [], []
    for name in ("libyaml", "pyyaml"):
        root = copy_root("basic", tmp_path / name)
        home = root / "index.md"
        home.write_text(FRONT_MATTER + home.read_text(encoding="utf-8"), encoding="utf-8")
        if name == "pyyaml":
            monkeypatch.setattr(markdown_parser, "load_yaml", yaml.safe_load)
        app = make_app("dirhtml", srcdir=root)
        pages.append(built_pages(app))
        metadata.append(dict(app.env.metadata["index"]))
    assert_same_pages(pages[0], pages[1], at_least=3)
    # Front matter goes to the page's metadata (Sphinx takes it out of the page): every key, read alike.
    assert metadata[0] == metadata[1]
    assert metadata[0]["author"] == "法務部" and "二行目" in metadata[0]["notes"] and "count" in metadata[0]["nested"]


def test_malformed_front_matter_is_still_reported_at_its_line(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    home = root / "index.md"
    home.write_text("---\ntitle: [unclosed\n---\n" + home.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app("dirhtml", srcdir=root)
    app.build()
    warnings = app.warning.getvalue()
    assert "index.md:1: WARNING: Malformed YAML [myst.topmatter]" in warnings, warnings
