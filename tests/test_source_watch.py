"""The preview sleeps until a source may have changed (Linux's inotify), and looks on a timer where it cannot."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs.preview import Preview, changed
from policydocs.source_watch import SourceWatch

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def test_a_save_wakes_the_watch_and_a_quiet_tree_does_not(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    preview = Preview(root, tmp_path / "build")
    assert preview.watch.active
    assert str(root / "policies" / "acme") in preview.watch.watched
    assert not preview.watch.wait(0.05)
    page = root / "policies" / "acme" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    assert preview.watch.wait(5)
    assert changed(preview.seen, preview._look()) == ("policies/acme/privacy.md",)
    assert not preview.watch.wait(0.05)  # every event of that save was read


def test_a_new_directory_is_watched_once_looked_at_and_a_removed_one_again_when_remade(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    preview = Preview(root, tmp_path / "build")
    gamma = root / "policies" / "gamma"
    gamma.mkdir()
    assert preview.watch.wait(5)  # its creation, seen in the watched policies/
    preview._look()
    (gamma / "index.md").write_text("# ガンマ\n", encoding="utf-8")
    assert preview.watch.wait(5)
    shutil.rmtree(gamma)
    assert preview.watch.wait(5)
    gamma.mkdir()
    assert preview.watch.wait(5)
    preview._look()
    assert not preview.watch.wait(0.05)
    (gamma / "index.md").write_text("# ガンマ\n", encoding="utf-8")
    assert preview.watch.wait(5)


def test_files_the_build_writes_are_not_watched(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    preview = Preview(root, root / "_build" / "preview")
    assert not [d for d in preview.watch.watched if "_build" in Path(d).parts]
    (root / "_build" / "preview" / "work").mkdir(parents=True)
    (root / "_build" / "preview" / "work" / "page.html").write_text("x", encoding="utf-8")
    assert not preview.watch.wait(0.05)


def test_without_inotify_the_watch_never_wakes_and_watches_nothing() -> None:
    watch = SourceWatch()
    watch.close()
    watch.watch(["/"])
    assert not watch.active and not watch.watched and not watch.wait(0.01)
