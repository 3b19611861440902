"""The test tools' installer (tests/tools.py): a pinned archive verified before anything is written."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest
import tools


def _archive(tmp_path: Path, jar: bytes) -> Path:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("package/build/dist/vnu.jar")
        info.size = len(jar)
        tar.addfile(info, io.BytesIO(jar))
    path = tmp_path / "vnu-jar-1.0.0.tgz"
    path.write_bytes(buffer.getvalue())
    return path


def _pin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, archive: Path, integrity_of: bytes) -> None:
    digest = base64.b64encode(hashlib.sha512(integrity_of).digest()).decode("ascii")
    lock = tmp_path / "tools.lock"
    lock.write_text(
        f'[vnu]\nversion = "1.0.0"\nurl = "{archive.as_uri()}"\nintegrity = "sha512-{digest}"\n'
        'member = "package/build/dist/vnu.jar"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(tools, "LOCK", lock)
    monkeypatch.setattr(tools, "CACHE", tmp_path / "cache")


def test_a_pinned_archive_is_unpacked_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    archive = _archive(tmp_path, b"the jar")
    _pin(monkeypatch, tmp_path, archive, archive.read_bytes())
    jar = tools.install("vnu")
    assert jar == tmp_path / "cache" / "vnu-1.0.0" / "vnu.jar" and jar.read_bytes() == b"the jar"
    archive.unlink()  # present: not fetched again
    assert tools.install("vnu").read_bytes() == b"the jar"


def test_an_archive_that_does_not_match_its_pin_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    archive = _archive(tmp_path, b"a different jar")
    _pin(monkeypatch, tmp_path, archive, b"what was pinned")
    with pytest.raises(SystemExit, match="does not match the integrity value pinned"):
        tools.install("vnu")
    assert not (tmp_path / "cache").exists()


def test_an_unreachable_archive_is_said_without_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _pin(monkeypatch, tmp_path, tmp_path / "missing.tgz", b"")
    with pytest.raises(SystemExit, match=r"missing\.tgz: could not fetch vnu .* nothing was installed"):
        tools.install("vnu")


def test_an_archive_without_the_jar_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz"):
        pass
    archive = tmp_path / "empty.tgz"
    archive.write_bytes(buffer.getvalue())
    _pin(monkeypatch, tmp_path, archive, archive.read_bytes())
    with pytest.raises(SystemExit, match=r"no package/build/dist/vnu\.jar in the archive"):
        tools.install("vnu")
    assert not (tmp_path / "cache").exists()


def test_the_lock_pins_the_jar_the_tests_use() -> None:
    entry = tools.pinned("vnu")
    assert entry["url"].endswith(f"/vnu-jar-{entry['version']}.tgz") and entry["integrity"].startswith("sha512-")
    assert tools.tool_path("vnu").parent.name == f"vnu-{entry['version']}"
