"""Bad-input catalogue, source files: front matter, locks, encodings, links and stray directories.

Each row breaks one thing in a copy of the built ``test-basic`` site and runs the real
command line: it must exit non-zero, print no traceback, name the file (and line) and
leave the published site as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from conftest import TODAY

ACME = "policies/acme/privacy.md"
ACME_PAGE = "policies/acme/index.md"
REVISION = "policies/acme/privacy/2014-02-17.md"
LOCK = "policies/acme/privacy/revisions.lock"
BETA = "policies/beta"


def _edit(root: Path, relative: str, old: str, new: str, count: int = 1) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _edit_bytes(relative: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        path = root / relative
        path.write_bytes(change(path.read_bytes()))

    return breaks


def _replace(relative: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    return lambda root: _edit(root, relative, old, new, count)


def _to_directory(relative: str) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        (root / relative).unlink()
        (root / relative / "x.md").parent.mkdir()
        (root / relative / "x.md").write_text("# x\n", encoding="utf-8")

    return breaks


def _copy_beta_as(name: str) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        target = root / "policies" / name
        target.mkdir()
        for source in (root / BETA).glob("*.md"):
            (target / source.name).write_bytes(source.read_bytes())

    return breaks


def _link(relative: str, target: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).symlink_to(target)


def _rename_revision(root: Path) -> None:
    (root / REVISION).rename(root / "policies/acme/privacy/2014-02-18.md")
    _edit(root, LOCK, "2014-02-17.md", "2014-02-18.md")


def _copy_revision(root: Path) -> None:
    (root / "policies/acme/privacy/2015-01-01.md").write_bytes((root / REVISION).read_bytes())


def _empty_lock(root: Path) -> None:
    lock = root / LOCK
    lock.write_text("\n".join(lock.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")


def _duplicate_entry(root: Path) -> None:
    lock = root / LOCK
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text + "\n" + text.split("\n\n", 1)[1], encoding="utf-8")


def _stray_directory(relative: str) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        (root / relative).mkdir()
        (root / relative / "page.md").write_text("# 下書き\n", encoding="utf-8")

    return breaks


def _page_outside(root: Path) -> None:
    (root / "policies/notes.md").write_text("# メモ\n", encoding="utf-8")


def _sjis(data: bytes) -> bytes:
    return data.decode("utf-8").encode("cp932")


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable[[Path], None]
    where: tuple[str, ...]  # file:line (or file) each command must name
    says: str  # a phrase of the message, so the right problem is named for the right reason
    commands: tuple[str, ...] = ("build", "check")


CASES = [
    # Files: bytes, encodings, line endings, directories where files belong.
    Case("shift-jis text", _edit_bytes(ACME, _sjis), (f"{ACME}:6",), "is not UTF-8 (byte 0x94 at line 6)"),
    Case("byte-order mark", _edit_bytes(ACME, lambda d: b"\xef\xbb\xbf" + d), (f"{ACME}:1",), "byte-order mark"),
    Case("crlf endings", _edit_bytes(ACME, lambda d: d.replace(b"\n", b"\r\n")), (f"{ACME}:1",), "(CRLF)"),
    Case(
        "control character",
        _edit_bytes(ACME_PAGE, lambda d: d + b"\n\xe6\xae\xb5\xe8\x90\xbd\x00\x1b[31m\n"),
        (f"{ACME_PAGE}:13",),
        "control character U+0000",
    ),
    Case(
        "word file in an organisation",
        lambda root: (root / BETA / "terms.docx").write_bytes(b"PK\x03\x04"),
        (f"{BETA}/terms.docx:0",),
        "is not a source of the site and is never published",
    ),
    Case(
        "notes in an archive",
        lambda root: (root / "policies/acme/privacy/notes.txt").write_text("x", encoding="utf-8"),
        ("policies/acme/privacy/notes.txt:0",),
        "only revision files and revisions.lock belong here",
    ),
    Case("lone cr", _edit_bytes(ACME_PAGE, lambda d: d.replace(b"\n", b"\r", 3)), (f"{ACME_PAGE}:1",), "(CR)"),
    Case("shift-jis revision", _edit_bytes(REVISION, _sjis), (f"{REVISION}:6",), "not UTF-8"),
    Case(
        "crlf revision",
        _edit_bytes(REVISION, lambda d: d.replace(b"\n", b"\r\n")),
        (f"{REVISION}:1",),
        "words are unchanged",
    ),
    Case(
        "bom revision",
        _edit_bytes(REVISION, lambda d: b"\xef\xbb\xbf" + d),
        (f"{REVISION}:1",),
        "only its bytes differ",
    ),
    Case(
        "revision is a directory", _to_directory(REVISION), (REVISION,), "is a directory where a revision file belongs"
    ),
    Case("policy is a directory", _to_directory(ACME), (ACME,), "is a directory where a policy text belongs"),
    Case("page is a directory", _to_directory(ACME_PAGE), (ACME_PAGE,), "is a directory where an organisation page"),
    Case("lock is a directory", _to_directory(LOCK), (LOCK,), "is a directory where the lock file belongs"),
    # Front matter: the schema of each kind of file.
    Case(
        "misspelt summary", _replace(ACME, "  source: test", "  sumary: 変更"), (f"{ACME}:7",), "did you mean 'summary'"
    ),
    Case(
        "misspelt announced", _replace(ACME, "  source: test", "  announcd: 2014-01-01"), (f"{ACME}:7",), "'announced'"
    ),
    Case(
        "myst key", _replace(ACME, "---\n", "---\nmyst:\n  enable_extensions: [html_image]\n"), (f"{ACME}:2",), "'myst'"
    ),
    Case(
        "html_meta key", _replace(ACME_PAGE, "---\n", "---\nhtml_meta:\n  x: y\n"), (f"{ACME_PAGE}:2",), "'html_meta'"
    ),
    Case(
        "summary mapping", _replace(ACME, "  source: test", "  summary: {a: b}"), (f"{ACME}:7",), "'summary: a mapping'"
    ),
    Case(
        "announced after effective",
        _replace(ACME, "  source: test", "  announced: 2015-01-01"),
        (f"{ACME}:7",),
        "is after 'effective: 2014-02-17'",
    ),
    Case("year 9999", _replace(ACME, "2014-02-17\n", "9999-12-31\n"), (f"{ACME}:5",), "the year 9999 is not plausible"),
    Case("year 1", _replace(ACME, "2014-02-17\n", "0001-01-01\n"), (f"{ACME}:5",), "the year 1 is not plausible"),
    Case("waivers list", _replace(ACME, "  source: test", "  waivers: [a]"), (f"{ACME}:7",), "'waivers: a list'"),
    Case("declares text", _replace(ACME, "  source: test", "  declares: joint_use"), (f"{ACME}:7",), "list of rule"),
    Case("key twice", _replace(ACME, "  source: test", "  source: a\n  source: b"), (f"{ACME}:8",), "twice"),
    Case("misspelt name", _replace(ACME_PAGE, "  name_en:", "  nmae_en:"), (f"{ACME_PAGE}:4",), "'name_en'"),
    Case(
        "fictional maybe",
        _replace(ACME_PAGE, "  body:", "  fictional: maybe\n  body:"),
        (f"{ACME_PAGE}:5",),
        "true or false",
    ),
    Case("revision renamed", _rename_revision, ("policies/acme/privacy/2014-02-18.md:5",), "frozen as 2014-02-18.md"),
    Case("one date, two files", _copy_revision, ("policies/acme/privacy/2015-01-01.md:5",), "frozen as 2015-01-01.md"),
    # Directories and links under policies/.
    Case("slug with a dot", _copy_beta_as("Foo.Bar"), ("policies/Foo.Bar",), "not an organisation slug"),
    Case("slug with spaces", _copy_beta_as("foo bar"), ("policies/foo bar",), "not an organisation slug"),
    Case("slug of url parts", _copy_beta_as("a%2Fb?x#y"), ("policies/a%2Fb?x#y",), "not an organisation slug"),
    Case("dot directory", _copy_beta_as(".evil"), ("policies/.evil",), "is not an organisation"),
    Case("underscore directory", _copy_beta_as("_drafts"), ("policies/_drafts",), "is not an organisation"),
    Case(
        "stray archive directory",
        _stray_directory("policies/acme/privacy/drafts"),
        ("privacy/drafts",),
        "only revision",
    ),
    Case("page outside organisations", _page_outside, ("policies/notes.md",), "belongs to no organisation"),
    Case("link loop", _link("policies/acme/loop", "loop"), ("policies/acme/loop",), "a symbolic link that loops"),
    Case("link to an ancestor", _link("policies/acme/up", ".."), ("policies/acme/up",), "is a symbolic link"),
    Case(
        "link outside",
        _link("policies/acme/terms.md", "/etc/hostname"),
        ("policies/acme/terms.md",),
        "outside policies/",
    ),
    # Locks.
    Case(
        "lock entry not a table",
        _replace(LOCK, "[[revision]]\nfile", 'revision = "oops"\n[x]\nfile'),
        (f"{LOCK}:4",),
        "array of tables",
    ),
    Case(
        "zeroed hash",
        lambda r: _edit(r, LOCK, re.findall(r"[0-9a-f]{64}", (r / LOCK).read_text())[0], "0" * 64),
        (f"{LOCK}:6",),
        "all zeros",
    ),
    Case("short hash", _replace(LOCK, 'sha256 = "e215', 'sha256 = "E215'), (f"{LOCK}:6",), "not 64 lower-case hex"),
    Case("empty lock", _empty_lock, (f"{LOCK}:1",), "records no revision"),
    Case("missing lock", lambda r: (r / LOCK).unlink(), (LOCK,), "is missing, but 1 frozen revision is in privacy/"),
    Case("entry twice", _duplicate_entry, (f"{LOCK}:10",), "records 2014-02-17.md twice (first at line 5)"),
    Case(
        "entry names no revision",
        _replace(LOCK, '"2014-02-17.md"', '"../../../../etc/passwd"'),
        (f"{LOCK}:5",),
        "does not name a revision",
    ),
    Case(
        "frozen not a date", _replace(LOCK, 'frozen = "2026-01-01"', 'frozen = "soon"'), (f"{LOCK}:7",), "freezing date"
    ),
    Case(
        "unknown entry key",
        _replace(LOCK, 'frozen = "2026-01-01"', 'frozen = "2026-01-01"\nby = "me"'),
        (f"{LOCK}:8",),
        "unknown key 'by'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_bad_source_is_refused_where_it_is(case: Case, built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    published = site_digest(root / "_build")
    case.breaks(root)
    for command in case.commands:
        args = (command, "--today", TODAY) if command == "build" else (command,)
        outcome = run_policydocs(root, *args)
        assert_refused(outcome, *case.where)
        assert case.says in outcome.text, outcome.text
        assert site_digest(root / "_build") == published
    assert os.path.exists(root / "_build/html")
