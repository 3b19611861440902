"""Revisions: freezing, tamper detection, what is in force on a day, and the commands around them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root
from policydocs.build import build_site
from policydocs.cli import main
from policydocs.loader import load_site
from policydocs.revisions import SnapshotRefused, Status, snapshot, timeline, verify


def _policy(root: Path, reference: str = "acme/privacy"):  # type: ignore[no-untyped-def]
    policy = load_site(root).policy(reference)
    assert policy is not None
    return policy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _page(root: Path, language: str, uri: str) -> BeautifulSoup:
    path = root / "_build" / "html" / language / uri / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_snapshot_freezes_and_never_overwrites(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    current = root / "policies/acme/privacy.md"
    again = snapshot(_policy(root), dt.date(2026, 5, 1))
    assert not again.created  # the test project's revision is already frozen with this text

    _edit(current, "当社は個人情報を適切に取り扱います。", "当社は個人情報を大切に取り扱います。")
    (problem,) = verify(_policy(root))
    assert str(problem).startswith(f"{current}:5: the text in force since 2014-02-17 was changed")
    assert "give it a new effective date and snapshot it" in str(problem)
    with pytest.raises(SnapshotRefused, match="already frozen with a different text"):
        snapshot(_policy(root), dt.date(2026, 5, 1))

    _edit(current, "effective: 2014-02-17", "effective: 2026-04-01")
    result = snapshot(_policy(root), dt.date(2026, 3, 1))
    assert result.created and result.path == root / "policies/acme/privacy/2026-04-01.md"
    assert result.path.read_bytes() == current.read_bytes()
    lock = (root / "policies/acme/privacy/revisions.lock").read_text(encoding="utf-8")
    assert 'file = "2026-04-01.md"' in lock and result.sha256 in lock and 'frozen = "2026-03-01"' in lock
    assert verify(_policy(root)) == []
    assert [r.key for r in _policy(root).revisions] == ["2014-02-17", "2026-04-01"]


def test_undated_revision_sorts_before_dated_ones(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    _edit(root / "policies/beta/privacy.md", "effective: unknown", "effective: 2025-01-01")
    snapshot(_policy(root, "beta/privacy"), dt.date(2025, 1, 1))
    line = timeline(_policy(root, "beta/privacy"), dt.date(2025, 6, 1))
    assert [r.key for r in line.revisions] == ["undated", "2025-01-01"]
    assert line.in_force is not None and line.in_force.key == "2025-01-01"
    assert line.status(line.revisions[0]) is Status.ARCHIVED
    assert line.ends(line.revisions[0]) == dt.date(2025, 1, 1)


def test_one_changed_byte_fails_check_and_build_and_keeps_the_published_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root).ok
    published = root / "_build/html/ja/policies/acme/privacy/2014-02-17/index.html"
    before = published.read_bytes()

    frozen = root / "policies/acme/privacy/2014-02-17.md"
    data = bytearray(frozen.read_bytes())
    data[-2] ^= 0x01  # one byte, one bit
    frozen.write_bytes(bytes(data))

    assert main(["--source", str(root), "check"]) == 1
    err = capsys.readouterr().err
    message = "frozen revision 2014-02-17 of acme/privacy was changed"
    assert f"{frozen}:1: {message}" in err and "git checkout --" in err

    result = build_site(root)
    assert not result.ok and result.published is None
    # The build refuses on the same finding, at the same place, before any language's build starts.
    assert result.languages == () and f"{frozen}:1: {message}" in "\n".join(map(str, result.problems))
    assert published.read_bytes() == before
    # A build that is not strict (the preview's) shows it as each language's Sphinx warning.
    loose = build_site(root, strict=False, publish_result=False)
    assert all(f"{frozen}:1: WARNING: {message}" in build.output for build in loose.languages), loose
    assert published.read_bytes() == before


def test_upcoming_revision_becomes_current_on_its_date(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    current = root / "policies/acme/privacy.md"
    _edit(current, "effective: 2014-02-17", "effective: 2030-01-01\n  announced: 2029-11-01")
    _edit(current, "当社は個人情報を適切に取り扱います。", "当社は個人情報を慎重に取り扱います。")
    snapshot(_policy(root), dt.date(2029, 11, 1))

    assert build_site(root, today="2029-12-01").ok
    main_ja = _page(root, "ja", "policies/acme/privacy")
    text = main_ja.select_one("article").get_text()
    assert "適切に取り扱います" in text and "慎重に" not in text  # the revision in force stays current
    upcoming = main_ja.select_one(".policydocs-banner-upcoming").get_text()
    assert "改訂後のポリシーが2030年1月1日に施行されます。" in upcoming and "2029年11月1日に公表" in upcoming
    main_en = _page(root, "en", "policies/acme/privacy")
    assert (
        "A revised policy takes effect on 1 January 2030."
        in main_en.select_one(".policydocs-banner-upcoming").get_text()
    )
    new = _page(root, "en", "policies/acme/privacy/2030-01-01")
    assert "This revision takes effect on 1 January 2030." in new.select_one(".policydocs-banner-upcoming").get_text()
    assert _page(root, "en", "policies/acme/privacy/2014-02-17").select(".policydocs-banner") == []

    assert build_site(root, today="2030-01-01").ok
    main_ja = _page(root, "ja", "policies/acme/privacy")
    assert "慎重に取り扱います" in main_ja.select_one("article").get_text()
    assert main_ja.select(".policydocs-banner-upcoming") == []
    old = _page(root, "en", "policies/acme/privacy/2014-02-17").select_one(".policydocs-banner-archived").get_text()
    assert "It was in force from 17 February 2014 until 31 December 2029." in old  # the day before the next


def test_diff_command_prints_a_redline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("basic", tmp_path)
    _edit(root / "policies/acme/privacy.md", "effective: 2014-02-17", "effective: 2026-04-01")
    _edit(root / "policies/acme/privacy.md", "お問い合わせに対応するため", "お問い合わせに迅速に対応するため")
    assert main(["--source", str(root), "snapshot", "acme/privacy"]) == 0
    capsys.readouterr()
    assert main(["--source", str(root), "diff", "acme/privacy", "2014-02-17", "2026-04-01", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "## 1. 利用目的" in out
    assert "② お問い合わせに{+迅速に+}対応するため" in out
    assert main(["--source", str(root), "diff", "acme/privacy", "2014-02-17", "1999-01-01"]) == 2
    assert "has no revision '1999-01-01'" in capsys.readouterr().err


def test_snapshot_command_refuses_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("basic", tmp_path)
    _edit(root / "policies/acme/privacy.md", "法令に基づく場合", "法令に基づくとき")
    assert main(["--source", str(root), "snapshot", "acme/privacy"]) == 1
    err = capsys.readouterr().err
    assert "refused:" in err and "already frozen with a different text" in err and "Traceback" not in err
    assert main(["--source", str(root), "snapshot", "acme/nothing"]) == 2
    assert "no policy 'acme/nothing'" in capsys.readouterr().err


def test_crlf_in_a_frozen_revision_is_named_as_such_not_as_tampering(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    frozen = root / "policies/acme/privacy/2014-02-17.md"
    frozen.write_bytes(frozen.read_bytes().replace(b"\n", b"\r\n"))
    (problem,) = verify(_policy(root))
    assert str(problem).startswith(f"{frozen}:1: frozen revision 2014-02-17 of acme/privacy has Windows (CRLF)")
    assert "its words are unchanged" in str(problem) and f"git checkout -- {frozen}" in str(problem)
    frozen.write_bytes(frozen.read_bytes().replace("適切".encode(), "大切".encode()))
    (problem,) = verify(_policy(root))
    assert "was changed: its SHA-256 no longer matches" in str(problem)


def test_a_broken_lock_is_blamed_not_the_revision(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    lock = root / "policies/acme/privacy/revisions.lock"
    text = lock.read_text(encoding="utf-8")
    digest = text.split('sha256 = "')[1][:64]
    lock.write_text(text.replace(digest, "0" * 64), encoding="utf-8")
    site = load_site(root)
    assert [str(p).split(" (")[0] for p in site.problems] == [
        f"{lock}:6: the SHA-256 recorded for 2014-02-17.md is all zeros"
    ]
    assert verify(_policy(root)) == []  # nothing more is said about the revision itself

    lock.write_text(text.split("[[revision]]")[0], encoding="utf-8")
    (problem,) = verify(_policy(root))
    assert str(problem).startswith(
        f"{lock}:1: the lock of acme/privacy records no revision, but 1 frozen revision is in"
    )
    assert "restore it from version control" in str(problem)
    lock.unlink()
    (problem,) = verify(_policy(root))
    assert "the lock of acme/privacy is missing" in str(problem) and "remove a file" not in str(problem)


def test_snapshot_refuses_to_freeze_crlf_or_a_bom(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    current = root / "policies/acme/privacy.md"
    _edit(current, "effective: 2014-02-17", "effective: 2026-04-01")
    policy = _policy(root)
    current.write_bytes(current.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(SnapshotRefused, match="byte-order mark or CR line endings"):
        snapshot(policy, dt.date(2026, 3, 1))
    assert not (root / "policies/acme/privacy/2026-04-01.md").exists()
    assert "has Windows (CRLF) line endings" in str(load_site(root).problems[0])


def test_a_revision_the_lock_records_but_that_was_removed_is_reported_at_the_lock(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    assert verify(_policy(root)) == []
    (root / "policies/acme/privacy/2014-02-17.md").unlink()
    (problem,) = verify(_policy(root))
    assert problem.location.path.name == "revisions.lock" and problem.location.line > 1
    assert "the lock records revision 2014-02-17.md of acme/privacy, but the file is missing" in problem.message
