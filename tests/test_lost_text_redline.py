"""The check that a redline keeps all of a page's text: an image's alternative text is the page's, not the
redline's, and a passage the redline's blocks leave out is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from policydocs.sphinxext import lost_text


def _doctree() -> nodes.document:
    document = new_document("policy.md", get_default_settings(Parser))
    section = nodes.section(ids=["purpose"])
    section += nodes.title(text="1. 利用目的")
    paragraph = nodes.paragraph(text="当社は個人情報を取得します。")
    paragraph.line = 3
    section += paragraph
    section += nodes.image(uri="chart.png", alt="取得の流れ図")
    document += section
    return document


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(lost_text, "warn", lambda message, *args: said.append(message))
    return said


def test_an_image_alternative_text_is_not_asked_of_the_redline(warned: list[str]) -> None:
    doctree = _doctree()
    page, _footnotes, starts, images = lost_text._page_text(doctree, alt=True)
    assert images and "取得の流れ図" in page
    page, _footnotes, starts, _images = lost_text._page_text(doctree, alt=False)
    lost_text._check_redline_blocks(doctree, page, starts, Path("policy.md"))
    assert warned == []


def test_a_page_without_an_image_has_one_text(warned: list[str]) -> None:
    doctree = _doctree()
    doctree[0].pop()  # the image
    assert lost_text._page_text(doctree, alt=True)[::2] == lost_text._page_text(doctree, alt=False)[::2]
    assert lost_text._page_text(doctree, alt=True)[3] is False


def test_text_the_redline_leaves_out_is_named_at_its_line(warned: list[str]) -> None:
    doctree = _doctree()
    page, _footnotes, starts, _images = lost_text._page_text(doctree, alt=False)
    # A passage shown on the page that no heading, paragraph or list item holds (as a bare text node would be).
    extra = nodes.Text("保存期間は五年")
    doctree[0][1] += extra
    page, _footnotes, starts, _images = lost_text._page_text(doctree, alt=False)
    doctree[0][1].remove(extra)
    lost_text._check_redline_blocks(doctree, page, starts, Path("policy.md"))
    assert len(warned) == 1
    assert "from line 3" in warned[0] and "'保存期間は五年'" in warned[0]
