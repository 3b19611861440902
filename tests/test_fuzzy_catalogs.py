"""A catalog's fuzzy messages are read once per change of its file, not once per page that looks at it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from policydocs.sphinxext import policy_catalogs

_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

{flag}msgid "第1条"
msgstr "Article 1"

msgid "第2条"
msgstr "Article 2"
"""


def _write(path: Path, fuzzy: bool) -> None:
    path.write_text(_PO.format(flag="#, fuzzy\n" if fuzzy else ""), encoding="utf-8")


def test_fuzzy_messages_are_read_once_per_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[object] = []
    read_po = policy_catalogs.read_po
    monkeypatch.setattr(policy_catalogs, "read_po", lambda *a, **k: reads.append(a) or read_po(*a, **k))
    monkeypatch.setattr(policy_catalogs, "_fuzzy", {})
    path = tmp_path / "privacy.po"
    _write(path, fuzzy=True)
    assert policy_catalogs._fuzzy_in(path) == {"第1条"}
    assert policy_catalogs._fuzzy_in(path) == {"第1条"}
    assert len(reads) == 1  # the second page of the policy takes what the first read

    # Revised (same size, even with the old modification time): read again.
    stat = path.stat()
    _write(path, fuzzy=False)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert policy_catalogs._fuzzy_in(path) == frozenset()
    assert len(reads) == 2


def test_a_catalog_babel_refuses_has_no_fuzzy_messages(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid "a"\nmsgstr "b"\nnot po at all\n', encoding="utf-8")
    assert policy_catalogs._fuzzy_in(path) == frozenset()
