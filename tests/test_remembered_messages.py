"""Translated messages copied once parsed: the English pages are what Sphinx's own translation makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_same_pages, built_pages, copy_root
from policydocs.sphinxext import remembered_messages
from sphinx.transforms import i18n

ENGLISH = {"language": "en"}


def test_english_pages_are_what_sphinx_translation_makes(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    copied: list[str] = []
    plain_message = remembered_messages.plain_message

    def counting(text, config, source):  # type: ignore[no-untyped-def]
        found = plain_message(text, config, source)
        copied.extend([text] if found is not None else [])
        return found

    monkeypatch.setattr(remembered_messages, "plain_message", counting)
    ours = built_pages(make_app("dirhtml", srcdir=copy_root("translated", tmp_path / "ours"), confoverrides=ENGLISH))
    # Sphinx's own _publish_msgstr, for every message.
    monkeypatch.setattr(remembered_messages, "install", lambda: None)
    monkeypatch.setattr(i18n, "_publish_msgstr", remembered_messages._publish_msgstr)
    sphinx = built_pages(
        make_app("dirhtml", srcdir=copy_root("translated", tmp_path / "sphinx"), confoverrides=ENGLISH)
    )
    assert_same_pages(ours, sphinx, at_least=5)
    assert copied, "no message parsed before was copied"
