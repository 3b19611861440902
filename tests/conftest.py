"""Shared fixtures: Sphinx's test projects, the real site built once, and a headless browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from policydocs.build import SiteBuild, build_site

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
SEEDS = REPO.parent / "shared" / "seeds"
# The day the tests build the site as of: the sample's third revision (2027-04-01) is upcoming.
TODAY = "2026-11-22"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_MEASUREMENTS: list[str] = []


@pytest.fixture(scope="session")
def report() -> Callable[[str], None]:
    """Record a figure for the 'policydocs measurements' section of the test summary."""
    return _MEASUREMENTS.append


def pytest_sessionfinish(session: pytest.Session) -> None:
    # In a worker of pytest-xdist: the figures go to the controller, which prints the summary.
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["policydocs_measurements"] = list(_MEASUREMENTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # type: ignore[no-untyped-def]  # pytest-xdist's hook
    _MEASUREMENTS.extend(getattr(node, "workeroutput", {}).get("policydocs_measurements", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _MEASUREMENTS:
        terminalreporter.section("policydocs measurements")
        for line in _MEASUREMENTS:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The repository's own site, built once for the whole session as `make html` builds it."""
    result = build_site(REPO, tmp_path_factory.mktemp("site-build"), today=TODAY)
    assert result.ok, "\n".join(b.output for b in result.languages)
    return result


@pytest.fixture(scope="session")
def site_html(site_build: SiteBuild) -> Path:
    assert site_build.published is not None
    return site_build.published


def copy_root(name: str, destination: Path) -> Path:
    """A writable copy of a test project, for tests that change its files."""
    target = destination / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def built_pages(app) -> dict[Path, bytes]:  # type: ignore[no-untyped-def]
    """Build Sphinx ``app`` (a ``make_app`` fixture's), which must warn of nothing, and return every HTML page's
    bytes by its path in the output. A second app in one test re-registers Sphinx's own nodes; only that may be said."""
    app.build()
    assert [w for w in app.warning.getvalue().splitlines() if "is already registered" not in w] == []
    out = Path(app.outdir)
    return {path.relative_to(out): path.read_bytes() for path in out.rglob("*.html")}


def built_pages_with(app, transforms: list[type], replaced: type, used: type) -> dict[Path, bytes]:  # type: ignore[no-untyped-def]
    """:func:`built_pages`, after asserting that ``used`` is the one transform of ``transforms`` (the app's registry's
    list) standing for ``replaced``: ours in place of Sphinx's, or Sphinx's own left where it registered it."""
    assert [t for t in transforms if issubclass(t, replaced)] == [used]
    return built_pages(app)


def assert_same_pages(ours: dict[Path, bytes], theirs: dict[Path, bytes], at_least: int) -> None:
    """Two builds' pages (:func:`built_pages`) are the same pages, byte for byte, and more than ``at_least``."""
    assert ours.keys() == theirs.keys() and len(ours) > at_least
    assert [page for page in ours if ours[page] != theirs[page]] == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """``directory`` served on loopback, at the address yielded, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_html: Path) -> Iterator[str]:
    """The built site served on loopback."""
    with served(site_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright; no browser is ever downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``test-basic`` built and published once; bad-input cases break copies of it (:mod:`bad_inputs`)."""
    from bad_inputs import built_template

    return built_template(tmp_path_factory.mktemp("built-basic"))


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The Nu HTML Checker that ``make test`` installed (tests/tools.lock); never fetched by the tests."""
    from tools import tool_path

    jar = tool_path("vnu")
    assert jar.is_file(), f"{jar} is missing: run `make tools` (or `make test`), which fetches it once, pinned."
    return jar
