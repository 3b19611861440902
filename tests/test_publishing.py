"""Publishing: the site exists at every instant, and no failed or killed run damages it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bad_inputs import CRASH_MARKS, site_digest
from conftest import REPO, TODAY, copy_root
from policydocs import publishing
from policydocs.build import build_site
from policydocs.project import Project


def _edit(root: Path) -> None:
    page = root / "policies" / "beta" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n新しい段落。\n", encoding="utf-8")


def test_the_published_site_is_a_link_to_one_complete_site(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    _edit(root)
    assert build_site(root, today=TODAY).ok
    html = root / "_build" / "html"
    assert html.is_symlink() and (html / "ja" / "index.html").is_file()
    # The site it replaced is kept as the spare the next one is made in; nothing else is left beside them.
    assert sorted(p.name for p in (root / "_build" / publishing.SITES).iterdir()) == list(publishing.SLOTS)
    assert html.resolve().name in publishing.SLOTS
    assert "新しい段落。" in (html / "ja" / "policies" / "beta" / "index.html").read_text(encoding="utf-8")


def test_a_site_published_as_a_plain_directory_is_replaced_by_the_link(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    html = root / "_build" / "html"
    plain = html.resolve()
    html.unlink()
    shutil.move(plain, html)  # as an older version of policydocs published it
    assert not html.is_symlink()
    _edit(root)
    assert build_site(root, today=TODAY).ok
    assert html.is_symlink() and "新しい段落。" in (html / "ja" / "policies" / "beta" / "index.html").read_text()
    assert not any(p.name.startswith("retired-") for p in (root / "_build" / publishing.SITES).iterdir())


# Run in a child: publish, but die by SIGKILL at the N-th file-system step it takes.
_KILLED_PUBLISH = """
import os, shutil, signal, sys
from pathlib import Path
from policydocs import publishing
from policydocs.project import Project

limit, steps = int(sys.argv[3]), [0]

def killing(function):
    def step(*args, **kwargs):
        steps[0] += 1
        if steps[0] == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return function(*args, **kwargs)
    return step

for module, name in [(shutil, "copy2"), (os, "link"), (os, "symlink"), (os, "replace"), (os, "rename"),
                     (shutil, "rmtree"), (Path, "mkdir"), (Path, "write_text"), (Path, "unlink")]:
    setattr(module, name, killing(getattr(module, name)))
publishing.publish(Project.at(Path(sys.argv[1])), Path(sys.argv[2]))
print(steps[0])
"""


def test_a_publish_killed_at_any_step_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    build_dir = root / "_build"
    assert build_site(root, today=TODAY).ok
    old = site_digest(build_dir)
    _edit(root)
    # Both languages built, but not published: one language at a time never publishes.
    for language in ("ja", "en"):
        assert build_site(root, languages=(language,), today=TODAY).ok
    script = tmp_path / "killed_publish.py"
    script.write_text(_KILLED_PUBLISH, encoding="utf-8")

    def publish_killed_at(step: int) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(script), str(root), str(build_dir), str(step)]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    total = int(publish_killed_at(0).stdout)  # an unkilled run counts its steps
    new = site_digest(build_dir)
    _republish_old(root, build_dir)
    old = site_digest(build_dir)
    assert new != old and total > 20
    seen = set()
    # Every step around the swap, and a spread of the copying before it. A run after a killed one
    # first clears what that left behind, a step or two more: past ``total``, the run completes.
    steps = sorted({*range(1, 6), *range(6, total - 10, max(1, total // 12)), *range(total - 10, total + 5)})
    for step in steps:
        result = publish_killed_at(step)
        assert result.returncode in (-signal.SIGKILL, 0), result.stderr
        digest = site_digest(build_dir)
        assert digest in (old, new), f"killed at step {step} of {total}: the published site is damaged"
        assert (build_dir / "html" / "index.html").is_file()
        seen.add(digest)
    assert seen == {old, new}
    # Whatever the killed runs left behind is cleared by the next publish.
    assert publish_killed_at(0).returncode == 0
    assert {p.name for p in (build_dir / publishing.SITES).iterdir()} <= set(publishing.SLOTS)
    assert not list((build_dir / publishing.SITES).rglob(".*.publishing"))
    assert not list(build_dir.glob(".html-*"))


def _republish_old(root: Path, build_dir: Path) -> None:
    """Publish the old text again, then rebuild the new one without publishing it."""
    page = root / "policies" / "beta" / "index.md"
    edited = page.read_text(encoding="utf-8")
    page.write_text(edited.replace("\n新しい段落。\n", ""), encoding="utf-8")
    assert build_site(root, today=TODAY).ok
    page.write_text(edited, encoding="utf-8")
    for language in ("ja", "en"):
        assert build_site(root, languages=(language,), today=TODAY).ok


def test_a_failing_publish_leaves_the_site_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    before = site_digest(root / "_build")
    _edit(root)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(root / "_build" / ".sites" / "x"))

    monkeypatch.setattr(publishing.os, "symlink", full)
    result = build_site(root, today=TODAY)
    assert not result.ok and result.published is None
    assert "cannot publish the site: No space left on device" in str(result.problems[0])
    assert "free some space" in str(result.problems[0])
    assert site_digest(root / "_build") == before
    assert len(list((root / "_build" / publishing.SITES).iterdir())) == 1  # the half-made site is gone
    assert Project.at(root).languages == ("ja", "en")


# A build directory on its own small file system, in a private mount namespace (no root needed:
# the user namespace maps us to root inside it): filled up; with room for the first check but not
# for the build; then made read-only.
_ON_A_SMALL_DISK = """
set -u
mount -t tmpfs -o size=48m tmpfs "$BUILD"
run() { "$PYTHON" -m policydocs.cli --source "$ROOT" --build-dir "$BUILD" build --today "$TODAY"; }
digest() { "$PYTHON" -c "$DIGEST" "$BUILD"; }
run > "$OUT/first.log" 2>&1; echo $? > "$OUT/first.code"
digest > "$OUT/before"
printf '\\n新しい段落。\\n' >> "$ROOT/policies/beta/index.md"
dd if=/dev/zero of="$BUILD/room" bs=1k count=192 2>/dev/null
dd if=/dev/zero of="$BUILD/filler" bs=1M 2>/dev/null
run > "$OUT/full.log" 2>&1; echo $? > "$OUT/full.code"
digest > "$OUT/after-full"
rm -f "$BUILD/room"
touch "$ROOT/policies/acme/index.md" "$ROOT/policies/beta/privacy.md"
run > "$OUT/nearly-full.log" 2>&1; echo $? > "$OUT/nearly-full.code"
digest > "$OUT/after-nearly-full"
rm -f "$BUILD/filler"
mount -o remount,ro "$BUILD"
run > "$OUT/readonly.log" 2>&1; echo $? > "$OUT/readonly.code"
digest > "$OUT/after-readonly"
"""


def test_a_full_disk_and_a_read_only_build_directory_are_said_and_harm_nothing(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    build, out = tmp_path / "build", tmp_path / "out"
    build.mkdir()
    out.mkdir()
    environment = {
        **os.environ,
        "ROOT": str(root),
        "BUILD": str(build),
        "OUT": str(out),
        "TODAY": TODAY,
        "PYTHON": sys.executable,
        "PYTHONPATH": str(REPO / "tests"),
        "DIGEST": "import sys, pathlib, bad_inputs; print(bad_inputs.site_digest(pathlib.Path(sys.argv[1])))",
    }
    command = ["unshare", "--mount", "--map-root-user", "sh", "-c", textwrap.dedent(_ON_A_SMALL_DISK)]
    subprocess.run(command, env=environment, check=True, timeout=300)
    read = {p.name: p.read_text(encoding="utf-8").strip() for p in out.iterdir()}
    assert read["first.code"] == "0", read["first.log"]
    report = {}
    for case in ("full", "nearly-full", "readonly"):
        log = read[f"{case}.log"]
        assert read[f"{case}.code"] != "0", log
        assert not any(mark in log for mark in CRASH_MARKS), log
        assert str(build) in log and "--build-dir" in log, log
        assert read[f"after-{case}"] == read["before"]
        report[case] = log.splitlines()[-2:]
    assert "No space left on device" in read["full.log"] and "No space left on device" in read["nearly-full.log"]
    assert "Read-only file system" in read["readonly.log"]
    print(json.dumps(report, ensure_ascii=False))


def _publish_command(tmp_path: Path) -> tuple[Path, list[str]]:
    """A published copy of test-basic, and the command line that publishes it again in a child."""
    root = copy_root("basic", tmp_path)
    assert build_site(root, today=TODAY).ok
    script = tmp_path / "publish.py"
    script.write_text(_KILLED_PUBLISH, encoding="utf-8")
    return root / "_build", [sys.executable, str(script), str(root), str(root / "_build"), "0"]


def test_two_builds_publishing_at_once_leave_one_whole_site(tmp_path: Path) -> None:
    build_dir, command = _publish_command(tmp_path)
    for _round in range(3):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
        assert all(run.wait() == 0 for run in runs), [run.stderr.read() for run in runs if run.stderr]
        assert (build_dir / "html" / "ja" / "index.html").is_file()
        assert {p.name for p in (build_dir / publishing.SITES).iterdir()} <= set(publishing.SLOTS)


def test_a_publish_waits_while_another_holds_the_publishing_lock(tmp_path: Path) -> None:
    import fcntl

    build_dir, command = _publish_command(tmp_path)
    with open(build_dir / ".publish.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = subprocess.Popen(command)
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert waiting.wait(timeout=60) == 0


def test_builds_killed_at_any_moment_never_damage_the_site_or_the_next_build(built_basic: Path, tmp_path: Path) -> None:
    from bad_inputs import broken_copy, run_policydocs

    root = broken_copy(built_basic, tmp_path)
    build_dir = root / "_build"
    old = site_digest(build_dir)
    _edit(root)
    command = [sys.executable, "-m", "policydocs.cli", "--source", str(root), "build", "--today", TODAY]
    outcomes = set()
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0):
        # Its own session, so that the language builds it forks are killed with it.
        run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            run.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        digest = site_digest(build_dir)
        outcomes.add("old" if digest == old else "other")
        assert (build_dir / "html" / "ja" / "index.html").is_file(), f"no site after a kill at {delay} s"
    # Whatever the kills left half-written (doctrees, caches, work directories), the next build is whole.
    finished = run_policydocs(root, "build", "--today", TODAY)
    assert finished.code == 0, finished.text
    assert "新しい段落。" in (build_dir / "html" / "ja" / "policies" / "beta" / "index.html").read_text("utf-8")
    assert "old" in outcomes
