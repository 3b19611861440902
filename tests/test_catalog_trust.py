"""Translation catalogs as untrusted input, and catalogs that do not churn.

Every broken or hostile catalog is refused with its file and line by the real
command line (``build``, ``translate check/update/status``), never with a
traceback, never with a compiled ``.mo`` of what was refused, and never
replacing the published site. A translation may add no markup its Japanese
lacks. Updating catalogs twice changes nothing, whichever babel wrote them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from bs4 import BeautifulSoup
from conftest import REPO, TODAY, copy_root
from policydocs.catalog_markup import added_markup

PO = "locale/en/LC_MESSAGES/policies/acme/privacy.po"
MO = "locale/en/LC_MESSAGES/policies/acme/privacy.mo"
PARAGRAPH_EN = "We handle personal information appropriately."  # line 12 of test-basic's privacy.po


def _edit(root: Path, old: str, new: str, path: str = PO) -> None:
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def _latin1_header(root: Path) -> None:
    _edit(root, "charset=UTF-8", "charset=ISO-8859-1")


def _shift_jis(root: Path) -> None:
    target = root / PO
    target.write_bytes(target.read_text(encoding="utf-8").encode("shift_jis"))  # first Japanese: line 8


def _keyword_typo(root: Path) -> None:
    _edit(root, 'msgstr "Privacy Policy"', 'msgstrx "Privacy Policy"')


def _unterminated(root: Path) -> None:
    _edit(root, 'msgstr "Privacy Policy"', 'msgstr "Privacy Policy')


def _duplicate(root: Path) -> None:
    _edit(root, 'msgid "1. 利用目的"', 'msgid "プライバシーポリシー"\nmsgstr "Again"\n\nmsgid "1. 利用目的"')


def _directory(root: Path) -> None:
    (root / PO).unlink()
    (root / PO).mkdir()


def _empty(root: Path) -> None:
    (root / PO).write_bytes(b"")


def _leftover_mo(root: Path) -> None:
    (root / PO).unlink()  # its .mo, compiled by the first build, stays behind


def _plural_garbage(root: Path) -> None:
    _edit(root, '"Language: en\\n"\n', '"Language: en\\n"\n"Plural-Forms: nplurals=banana; plural=(n!=;\\n"\n')


def _no_charset(root: Path) -> None:
    _edit(root, "text/plain; charset=UTF-8", "text/plain")


def _bom(root: Path) -> None:
    target = root / PO
    target.write_bytes(b"\xef\xbb\xbf" + target.read_bytes())


def _orphan(root: Path) -> None:
    target = root / "locale/en/LC_MESSAGES/policies/nosuch/privacy.po"
    target.parent.mkdir(parents=True)
    shutil.copy(root / PO, target)


def _script(root: Path) -> None:
    _edit(root, PARAGRAPH_EN, "We handle <script>alert(1)</script> personal information.")


def _javascript_link(root: Path) -> None:
    _edit(root, PARAGRAPH_EN, "We handle [personal information](javascript:alert(1)).")


def _symlink_to_machine(root: Path) -> None:
    (root / PO).unlink()
    (root / PO).symlink_to("/etc/passwd")


# name, how to break the copy, the command, where the message must point, whether the catalog
# that was refused is privacy.po (so its .mo must be gone after the command)
CASES: list[tuple[str, Callable[[Path], None], tuple[str, ...], str, bool]] = [
    ("charset ISO-8859-1 in the header", _latin1_header, ("build",), f"{PO}:5", True),
    ("saved in Shift_JIS", _shift_jis, ("build",), f"{PO}:8", True),
    ("a keyword misspelt", _keyword_typo, ("build",), f"{PO}:9", True),
    ("an unterminated string", _unterminated, ("translate", "check"), f"{PO}:9", False),
    ("a msgid twice", _duplicate, ("build",), f"{PO}:14", True),
    ("the .po is a directory", _directory, ("translate", "update"), f"{PO}:1", False),
    ("an empty .po", _empty, ("translate", "status"), f"{PO}:1", False),
    ("a .mo left without its .po", _leftover_mo, ("build",), f"{MO}:1", True),
    ("garbage Plural-Forms", _plural_garbage, ("build",), f"{PO}:4", True),
    ("Content-Type without charset", _no_charset, ("translate", "update"), f"{PO}:5", False),
    ("a byte-order mark", _bom, ("build",), f"{PO}:1", True),
    ("a catalog of no document", _orphan, ("build",), "locale/en/LC_MESSAGES/policies/nosuch/privacy.po:1", False),
    ("<script> in a msgstr", _script, ("build",), f"{PO}:12", True),
    ("a javascript: link in a msgstr", _javascript_link, ("translate", "check"), f"{PO}:12", False),
    ("the .po links to a file of the machine", _symlink_to_machine, ("build",), f"{PO}:1", False),
]


@pytest.mark.parametrize(("name", "breaks", "command", "where", "no_mo"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_catalog_is_refused_at_its_line(
    built_basic: Path, tmp_path: Path, name: str, breaks: Callable[[Path], None], command: tuple[str, ...],
    where: str, no_mo: bool,
) -> None:  # fmt: skip
    root = broken_copy(built_basic, tmp_path)
    published = site_digest(root / "_build")
    breaks(root)
    args = (*command, "--today", TODAY) if command == ("build",) else command
    outcome = run_policydocs(root, *args)
    assert_refused(outcome, where)
    assert site_digest(root / "_build") == published
    assert "root:x:0:0" not in outcome.text  # nothing of the machine's files is ever printed
    if no_mo:
        assert not (root / MO).exists(), "a refused catalog must not be compiled"
        assert not list((root / MO).parent.glob(".*.tmp")), "nor leave a partly written one"


def test_a_refused_translation_never_reaches_a_page_even_when_not_strict(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    _script(root)
    outcome = run_policydocs(root, "build", "--no-strict", "--today", TODAY)
    assert outcome.code == 0, outcome.text
    assert f"{PO}:12" in outcome.text and "adds markup its Japanese does not have" in outcome.text
    page = (root / "_build/html/en/policies/acme/privacy/index.html").read_text(encoding="utf-8")
    assert "alert(1)" not in page
    assert "当社は個人情報を適切に取り扱います。" in page  # the page falls back to the Japanese it translates


def test_a_stale_mo_beside_its_po_is_compiled_again(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    mo = root / MO
    mo.write_bytes(b"not a compiled catalog")
    later = (root / PO).stat().st_mtime_ns + 10**12  # newer than its .po: Sphinx would trust it
    os.utime(mo, ns=(later, later))
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert outcome.code == 0, outcome.text
    page = BeautifulSoup(
        (root / "_build/html/en/policies/acme/privacy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert PARAGRAPH_EN in page.get_text()


def test_a_translation_may_reword_a_link_but_not_add_markup() -> None:
    msgid = "※ 詳しくは[個人情報保護委員会](https://www.ppc.go.jp/)のウェブサイトをご覧ください。"
    kept = "See the website of the [Personal Information Protection Commission](https://www.ppc.go.jp/)."
    assert added_markup(msgid, kept) == []
    assert added_markup(msgid, "See [the PPC](https://evil.example/).") == ["link https://evil.example/"]
    assert added_markup(msgid, kept + " <script>alert(1)</script>") == ["HTML </script>", "HTML <script>"]
    assert added_markup("当社は", "We <https://evil.example>") == ["link https://evil.example"]
    assert added_markup("当社は", "We {raw}`<b>x</b>`") == ["role {raw}<b>x</b>"]
    assert added_markup("当社は", "We `<b>` as code, **strongly** and *so*.") == []  # literal and typography
    assert added_markup("当社は", "TEL: 03-1234, at 10:30, see file:line") == []  # words, not URLs
    assert added_markup("当社は", "see JaVaScRiPt:alert(1)") == ["URL JaVaScRiPt:alert(1"]
    # Code spans that name roles are code, not roles: a guide's "`{raw}`, `{include}`" is words.
    guide = "使えない: `{raw}`、`{eval-rst}`、`{csv-table}`"
    assert added_markup(guide, "Not allowed: `{raw}`, `{eval-rst}`, and `{csv-table}` with `:file:`") == []
    assert added_markup(guide, "Not allowed: `{raw}` and {raw}`<b>x</b>`") == ["role {raw}<b>x</b>"]
    assert added_markup("当社は", "{#top onclick=x}") == ["attributes {#top onclick=x}"]
    assert added_markup("当社は", "![x](../../etc/passwd)") == ["image ../../etc/passwd"]


def test_translate_check_refuses_a_new_link_destination_and_accepts_a_reworded_link(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    catalog = root / PO
    before = catalog.read_text(encoding="utf-8")
    reworded = before.replace('"Commission](https://www.ppc.go.jp/)."', '"Commission (PPC)](https://www.ppc.go.jp/)."')
    assert reworded != before
    catalog.write_text(reworded, encoding="utf-8")
    outcome = run_policydocs(root, "translate", "check")
    assert outcome.code == 0 and "0 problems" in outcome.out, outcome.text

    moved = before.replace('"Commission](https://www.ppc.go.jp/)."', '"Commission](https://evil.example/)."')
    catalog.write_text(moved, encoding="utf-8")
    outcome = run_policydocs(root, "translate", "check")
    line = next(n for n, text in enumerate(before.splitlines(), 1) if text.startswith('msgstr "') and n > 49)
    assert_refused(outcome, f"{PO}:{line}: the translation adds markup its Japanese does not have")
    assert "link https://evil.example/" in outcome.text


def _repository_site(destination: Path) -> Path:
    root = destination / "site"
    root.mkdir()
    for name in ("conf.py", "index.md"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "policies", "locale"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    return root


def test_updating_the_repository_catalogs_twice_changes_none_whichever_babel_wrote_them(tmp_path: Path) -> None:
    root = _repository_site(tmp_path)
    catalogs = sorted(root.glob("locale/**/*.po"))
    assert len(catalogs) >= 24
    for path in catalogs:  # as if another babel had written them
        text = path.read_text(encoding="utf-8")
        assert "Generated-By: Babel " in text
        path.write_text(text.replace("Generated-By: Babel ", "Generated-By: Babel 0.9 was "), encoding="utf-8")
    before = {path: path.read_bytes() for path in catalogs}
    for _ in range(2):
        outcome = run_policydocs(root, "--build-dir", str(tmp_path / "build"), "translate", "update")
        assert outcome.code == 0, outcome.text
        assert f"0 created, 0 updated, {len(catalogs)} unchanged" in outcome.out
    assert {path: path.read_bytes() for path in sorted(root.glob("locale/**/*.po"))} == before


def test_update_writes_no_catalog_for_what_is_not_a_document(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    stale = tmp_path / "build/gettext/policies/nosuch/privacy.pot"  # left by an earlier extraction
    stale.parent.mkdir(parents=True)
    stale.write_text('msgid ""\nmsgstr ""\n\nmsgid "幽霊"\nmsgstr ""\n', encoding="utf-8")
    outcome = run_policydocs(root, "--build-dir", str(tmp_path / "build"), "translate", "update")
    assert outcome.code == 0, outcome.text
    assert not (root / "locale/en/LC_MESSAGES/policies/nosuch").exists()
    assert "0 created" in outcome.out
