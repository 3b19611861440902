"""A catalog's fuzzy messages are read once per change of its file, not once per page that looks at it."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest
from babel.messages.catalog import Catalog
from bs4 import BeautifulSoup
from conftest import copy_root
from policydocs import catalog_problems
from policydocs.sphinxext import policy_catalogs
from policydocs.translation import update_catalogs

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


def test_a_build_reads_each_catalog_once(tmp_path: Path, make_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # The catalog check reads every catalog before the pages are read; the pages' fuzzy messages come from
    # that reading, not from a second one (from scratch, 0.6 s of the English build at 500 documents).
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    edited = "当社は個人情報を慎重に取り扱います。"
    source.write_text(
        source.read_text(encoding="utf-8").replace("当社は個人情報を適切に取り扱います。", edited), encoding="utf-8"
    )
    assert update_catalogs(root).returncode == 0  # the paragraph's translation becomes fuzzy
    reads: list[bytes] = []
    for module in (catalog_problems, policy_catalogs):
        monkeypatch.setattr(module, "read_po", _counting(module.read_po, reads))
    monkeypatch.setattr(policy_catalogs, "_fuzzy", {})
    app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en", "suppress_warnings": ["policy"]})
    app.build()
    catalogs = sorted((root / "locale/en/LC_MESSAGES").rglob("*.po"))
    assert len(catalogs) >= 2 and len(reads) == len(catalogs) == len(set(reads))
    page = BeautifulSoup(
        (Path(app.outdir) / "policies/acme/privacy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [node.get_text(strip=True) for node in page.select(".policydocs-fuzzy")] == [edited]


def _counting(real: Callable[..., Catalog], reads: list[bytes]) -> Callable[..., Catalog]:
    def read_po(stream: BinaryIO, *args: object, **kwargs: object) -> Catalog:
        data = stream.read()
        reads.append(data)
        return real(io.BytesIO(data), *args, **kwargs)

    return read_po
