"""``policydocs preview``: what it watches, and the served site following an edit in a browser."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs.preview import changed, served, sources


def test_sources_are_what_a_build_reads_not_what_it_writes(tmp_path: Path) -> None:
    files = [
        "conf.py",
        "index.md",
        "policies/acme/privacy.md",
        "policies/acme/privacy/revisions.lock",
        "locale/en/LC_MESSAGES/index.po",
        "locale/en/LC_MESSAGES/index.mo",  # compiled by the build itself
        "scripts/policydocs/cli.py",  # code: already imported, needs a restart
        ".git/HEAD",
        "_build/html/index.html",
        "out/html/index.html",  # a --build-dir outside _build
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    seen = sources(tmp_path, tmp_path / "out")
    assert sorted(seen) == [
        "conf.py",
        "index.md",
        "locale/en/LC_MESSAGES/index.po",
        "policies/acme/privacy.md",
        "policies/acme/privacy/revisions.lock",
    ]
    (tmp_path / "index.md").write_text("longer", encoding="utf-8")
    (tmp_path / "policies/acme/privacy/revisions.lock").unlink()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/editing.md").write_text("new", encoding="utf-8")
    assert changed(seen, sources(tmp_path, tmp_path / "out")) == (
        "docs/editing.md",
        "index.md",
        "policies/acme/privacy/revisions.lock",
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Console:
    """The preview's output, line by line, as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} in the preview's output:\n{''.join(self.seen)}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str], _Console]]:
    root = copy_root("basic", tmp_path)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "policydocs.cli", "--source", str(root), "preview", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    console = _Console(process)
    try:
        console.wait_for("serving")
        yield root, f"http://127.0.0.1:{port}", process, console
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_preview_serves_the_site_and_every_saved_edit(preview, page) -> None:  # type: ignore[no-untyped-def]
    root, url, process, console = preview
    assert not (root / "_build" / "html").exists()  # never the published site
    page.goto(f"{url}/ja/policies/beta/")
    assert "追記された段落" not in page.content()

    source = root / "policies" / "beta" / "index.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n追記された段落。\n", encoding="utf-8")
    line = console.wait_for("changed")
    assert line.startswith("policies/beta/index.md changed: rebuilt in ")
    page.reload()
    assert page.get_by_text("追記された段落。").is_visible()

    # A draft with a mistake is still shown, and the mistake is printed with its file and line.
    policy = root / "policies" / "acme" / "privacy.md"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("effective: 2014-02-17", "effective: 2014-13-45"), encoding="utf-8"
    )
    console.wait_for("policies/acme/privacy.md changed")
    console.wait_for("policies/acme/privacy.md:5:")
    assert "Traceback" not in "".join(console.seen)
    assert "追記された段落。" in served(f"{url}/ja/policies/beta/")

    # A build that fails outright (here conf.py) leaves the last good build served.
    conf = root / "conf.py"
    good = conf.read_text(encoding="utf-8")
    conf.write_text(good + "\nthis is not python\n", encoding="utf-8")
    assert "build failed, still showing the last good build" in console.wait_for("conf.py changed")
    lines = good.count("\n") + 2
    assert f"conf.py:{lines}: conf.py failed: NameError" in console.wait_for("conf.py failed")
    assert "追記された段落。" in served(f"{url}/ja/policies/beta/")
    conf.write_text(good, encoding="utf-8")
    assert "rebuilt" in console.wait_for("conf.py changed")

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    console.wait_for("preview stopped")
    assert served(f"{url}/ja/") == ""  # the server went with it


def test_the_preview_serves_each_language_from_its_build(tmp_path: Path) -> None:
    from policydocs.preview import served_site
    from policydocs.project import Project

    root = copy_root("basic", tmp_path)
    build = tmp_path / "preview"
    # As an older preview left it: html linked to one of two published sites.
    (build / ".sites" / "site-a" / "ja").mkdir(parents=True)
    (build / "html").symlink_to(Path(".sites") / "site-a", target_is_directory=True)
    for language in ("ja", "en"):
        (build / "work" / language).mkdir(parents=True)
        (build / "work" / language / "index.html").write_text(f"<p>{language}</p>", encoding="utf-8")
    html = served_site(build, Project.at(root))
    assert html == build / "html" and html.is_dir() and not html.is_symlink()
    assert not (build / ".sites").exists()
    for language in ("ja", "en"):
        assert (html / language).is_symlink() and (html / language).resolve() == (build / "work" / language).resolve()
        assert (html / language / "index.html").read_text(encoding="utf-8") == f"<p>{language}</p>"
    assert 'href="ja/index.html"' in (html / "index.html").read_text(encoding="utf-8")
    # Written by the build into place: the served page is the new one at once, nothing is copied.
    (build / "work" / "ja" / "index.html").write_text("<p>new</p>", encoding="utf-8")
    assert (html / "ja" / "index.html").read_text(encoding="utf-8") == "<p>new</p>"
    assert served_site(build, Project.at(root)) == html  # again: nothing to change
    (html / "fr").symlink_to(Path("..") / "work" / "fr", target_is_directory=True)  # a language since dropped
    served_site(build, Project.at(root))
    assert sorted(entry.name for entry in html.iterdir()) == ["en", "index.html", "ja"]


def test_a_page_rewritten_within_the_second_it_was_served_is_served_new(tmp_path: Path) -> None:
    # Python's http.server answered If-Modified-Since by whole seconds: an edit saved and rebuilt
    # within the second the page was first loaded reloaded as "not modified", the old text.
    import urllib.request

    from policydocs.preview import serve

    page = tmp_path / "page.html"
    page.write_text("<p>old</p>", encoding="utf-8")
    port = _free_port()
    server = serve(tmp_path, port)
    try:
        url = f"http://127.0.0.1:{port}/page.html"
        deadline = time.monotonic() + 20
        while served(url) != "<p>old</p>" and time.monotonic() < deadline:
            time.sleep(0.05)
        page.write_text("<p>new</p>", encoding="utf-8")
        asked = urllib.request.Request(url, headers={"If-Modified-Since": "Fri, 31 Dec 2099 23:59:59 GMT"})
        with urllib.request.urlopen(asked, timeout=5) as response:
            assert response.status == 200 and response.read() == b"<p>new</p>"
            assert response.headers["Cache-Control"] == "no-store"
    finally:
        server.terminate()
        server.wait()


def test_a_page_rewritten_while_it_is_served_is_sent_whole(tmp_path: Path) -> None:
    # Sphinx rewrites a page in place; http.server sent the size the file had when opened, then what
    # it held by then, so a page rewritten in between came cut short of the length announced.
    import functools
    import http.client
    import http.server

    from policydocs.preview_server import PreviewHandler

    (tmp_path / "policies" / "acme").mkdir(parents=True)
    page = tmp_path / "policies" / "acme" / "index.html"
    versions = [("<p>" + "短い" * 10 + "</p>").encode(), ("<p>" + "長い本文" * 4000 + "</p>").encode()]
    page.write_bytes(versions[0])
    handler = functools.partial(PreviewHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()

    def rewrite() -> None:
        while not stop.is_set():
            for version in versions:
                with page.open("wb") as stream:  # in place, as Sphinx writes
                    stream.write(version[: len(version) // 2])
                    stream.flush()
                    stream.write(version[len(version) // 2 :])

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    try:
        port = server.server_address[1]
        for _attempt in range(300):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/policies/acme/")
            response = connection.getresponse()
            body = response.read()  # IncompleteRead if fewer bytes came than announced
            assert response.status == 200 and len(body) == int(response.headers["Content-Length"])
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/policies/acme")
        assert connection.getresponse().status == 301  # a directory without its slash: as http.server does
        connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/policies/missing/")
        assert connection.getresponse().status == 404
        connection.close()
    finally:
        stop.set()
        writer.join()
        server.shutdown()
        server.server_close()


def test_a_build_failing_inside_sphinx_is_told_apart_from_one_that_never_ran(tmp_path: Path) -> None:
    # The preview serves what Sphinx writes: when Sphinx itself fails part-way, what it wrote is shown.
    from policydocs.preview import Preview

    root = copy_root("basic", tmp_path)
    preview = Preview(root, tmp_path / "preview", "2026-11-22")
    first = preview.build()
    assert first.ok and first.written
    (root / "_templates").mkdir()
    broken = '{% extends "!page.html" %}{% block body %}{{ super() }{% endblock %}'
    (root / "_templates" / "page.html").write_text(broken, encoding="utf-8")
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ntemplates_path = ["_templates"]\n', encoding="utf-8")
    failed = preview.build(("conf.py",))
    assert not failed.ok and failed.written and failed.result is not None
    assert all("TemplateSyntaxError" in build.output for build in failed.result.languages)
    conf.write_text(conf.read_text(encoding="utf-8") + "\nthis is not python\n", encoding="utf-8")
    never = preview.build(("conf.py",))
    assert not never.ok and not never.written and never.problem is not None
