"""The scale benchmark: what a build, a preview and a check cost as a site grows.

Every figure is measured here, in the same run as its baseline: synthetic sites
of N organisations x R revisions (:mod:`bench.synthetic`) built whole by
policydocs, against one plain Sphinx build (myst-parser + furo, Japanese only,
no extension) of the same revision texts; a preview rebuild after one edit;
the checker over a thousand policies; translation status; search index size;
and sphinx-multiversion (or, where it cannot run, the N plain builds it would
do) for the same revisions. Functions return figures; :mod:`bench.cli` prints.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.loader import load_site
from policydocs.preview import served

from bench.measure import Figures, Run, checked, run
from bench.synthetic import PLAIN_CONF, generate_site, plain_project, revision_dates

REVISIONS = 5
# The scale and versions figures compare HTML with HTML (plain Sphinx, sphinx-multiversion make no PDF);
# what the PDFs add is measured on its own (bench.pdf).
NO_PDF = ("--no-pdf",)
POLICYDOCS = [sys.executable, "-m", "policydocs.cli"]
SPHINX = [sys.executable, "-m", "sphinx", "build", "-b", "dirhtml", "-q"]


@dataclass
class SizeFigures:
    """One site size: the whole policydocs site against one plain build of the same documents."""

    documents: int
    organisations: int
    pages: dict[str, int] = field(default_factory=dict)  # HTML pages written, per language
    ours: Figures = field(default_factory=Figures)
    plain: Figures = field(default_factory=Figures)
    plain_pages: int = 0
    status: Figures = field(default_factory=Figures)
    index_kib: dict[str, float] = field(default_factory=dict)
    failure: str = ""

    @property
    def seconds_per_document(self) -> float:
        return self.ours.median / self.documents

    @property
    def ratio(self) -> float:
        return self.ours.median / self.plain.median


def build_ours(site: Path, build_dir: Path, extra: tuple[str, ...] = ()) -> Run:
    return run([*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "build", *extra], site)


def measure_size(
    source: Path,
    workdir: Path,
    documents: int,
    runs: int,
    plain_timeout: float,
    progress: Callable[[str], None],
) -> SizeFigures:
    """Build a site of ``documents`` revisions ``runs`` times from scratch, and its plain counterpart."""
    organisations = max(1, documents // REVISIONS)
    figures = SizeFigures(organisations * REVISIONS, organisations)
    site = generate_site(source, workdir / f"site-{documents}", organisations, REVISIONS).root
    plain = workdir / f"plain-{documents}"
    figures.plain_pages = plain_project(site, plain)
    build_dir = workdir / f"build-{documents}"
    for attempt in range(runs):
        progress(f"{documents} documents: policydocs build {attempt + 1}/{runs}")
        shutil.rmtree(build_dir, ignore_errors=True)
        result = build_ours(site, build_dir, NO_PDF)
        if result.returncode != 0:
            figures.failure = result.output[-3000:]
            return figures
        figures.ours.add(result)
    for language in ("ja", "en"):
        html = build_dir / "html" / language
        figures.pages[language] = sum(1 for _ in html.rglob("index.html"))
        figures.index_kib[language] = (html / "searchindex.js").stat().st_size / 1024
    for attempt in range(runs):
        progress(f"{documents} documents: plain Sphinx build {attempt + 1}/{runs}")
        out = workdir / f"plain-html-{documents}"
        shutil.rmtree(out, ignore_errors=True)
        result = run([*SPHINX, "-d", str(out / ".doctrees"), str(plain), str(out)], plain, timeout=plain_timeout)
        if result.returncode == -9:
            figures.plain.note = f"> {plain_timeout:.0f} (stopped)"
            figures.plain.seconds.clear()
            break
        figures.plain.add(checked(result, "plain Sphinx build"))
    for attempt in range(runs):
        progress(f"{documents} documents: translate status {attempt + 1}/{runs}")
        status = run([*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "translate", "status"], site)
        figures.status.add(checked(status, "policydocs translate status"))
    shutil.rmtree(plain, ignore_errors=True)
    shutil.rmtree(workdir / f"plain-html-{documents}", ignore_errors=True)
    return figures


@dataclass
class PreviewFigures:
    """Rebuilds of an already built site after one edit."""

    no_change: Figures = field(default_factory=Figures)
    organisation_page: Figures = field(default_factory=Figures)
    policy_draft: Figures = field(default_factory=Figures)
    # `policydocs preview`: from saving the edit to the served page showing it.
    served_organisation_page: Figures = field(default_factory=Figures)
    served_guide: Figures = field(default_factory=Figures)
    served_policy_draft: Figures = field(default_factory=Figures)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"{path}: cannot find the paragraph to edit ({old[:20]}…)")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def measure_preview(source: Path, workdir: Path, runs: int, progress: Callable[[str], None]) -> PreviewFigures:
    """On a copy of the seed site: rebuild with no change, after editing one paragraph of an
    organisation page, and after editing one paragraph of a policy draft (``--no-strict``,
    as an editor previews a text not frozen yet)."""
    site = workdir / "preview-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(
        source, site, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "tests", "*.mo", "__pycache__")
    )
    build_dir = workdir / "preview-build"
    shutil.rmtree(build_dir, ignore_errors=True)
    checked(build_ours(site, build_dir), "policydocs build")
    figures = PreviewFigures()

    def rebuilds(label: str, path: Path | None, sentence: str, into: Figures, *extra: str) -> None:
        """Rebuild ``runs`` times, each after adding a mark to ``sentence`` in ``path`` (then taking it out)."""
        for attempt in range(runs):
            progress(f"preview: {label} {attempt + 1}/{runs}")
            edited = f"{sentence}(編集{attempt})"
            if path is not None:
                _edit(path, sentence, edited)
            into.add(checked(build_ours(site, build_dir, extra), f"policydocs build {' '.join(extra)}"))
            if path is not None:
                _edit(path, edited, sentence)

    rebuilds("no change", None, "", figures.no_change)
    page = site / "policies" / "yamazakura" / "index.md"
    rebuilds("organisation page edited", page, "記載がありません。", figures.organisation_page)
    draft = site / "policies" / "openclose" / "privacy.md"
    _edit(draft, "effective: 2014-02-17", "effective: 2027-06-01")
    checked(build_ours(site, build_dir, ("--no-strict",)), "policydocs build --no-strict")
    rebuilds("policy draft edited", draft, "管理が行われます。", figures.policy_draft, "--no-strict")
    guide = site / "docs" / "editing.md"
    edits = (
        (page, "記載がありません。", "policies/yamazakura/", figures.served_organisation_page),
        (
            guide,
            "このページは、ポリシーを追加・編集する法務担当者向けの手引きです。",
            "docs/editing/",
            figures.served_guide,
        ),
        # A draft's page shows the revision in force until the draft is frozen: its source, which the
        # build publishes with the page, shows when the rebuild that read the edit is served.
        (draft, "管理が行われます。", "_sources/policies/openclose/privacy.md.txt", figures.served_policy_draft),
    )
    measure_served(site, workdir / "preview-served", edits, runs, progress)
    return figures


def measure_served(
    site: Path,
    build_dir: Path,
    edits: tuple[tuple[Path, str, str, Figures], ...],
    runs: int,
    progress: Callable[[str], None],
    timeout: float = 120,
    rebuilt: Figures | None = None,
) -> None:
    """Under ``policydocs preview``: for each edit, the time from saving it to the served Japanese
    page showing it (the preview's polling included, as an editor waits for it).

    The preview serves each page as soon as its language's build writes it, while the rest of
    the rebuild goes on; so before every save the preview is let finish the rebuild before (as an
    editor reading the page lets it), and ``rebuilt`` gets the preview's own time for each edit's
    whole rebuild, both languages and every page.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "preview", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    console = _Rebuilds(server)
    try:
        for path, sentence, url_path, into in edits:
            url = f"http://127.0.0.1:{port}/ja/{url_path}"
            console.wait(1, timeout)  # the first build is done
            _served_with(url, sentence, timeout)
            for attempt in range(runs):
                progress(f"preview server: {url_path} {attempt + 1}/{runs}")
                edited = f"{sentence}(保存{attempt})"
                done = len(console.seconds)
                _edit(path, sentence, edited)
                into.add(_served_with(url, edited, timeout))
                seconds = console.wait(done + 1, timeout)
                if rebuilt is not None:
                    rebuilt.add(Run(seconds, 0, 0, ""))
                _edit(path, edited, sentence)
                _served_without(url, edited, timeout)
                console.wait(done + 2, timeout)
    finally:
        server.terminate()
        server.wait()


class _Rebuilds:
    """The preview's reports of its builds ("... rebuilt in 0.61 s"), read as they come."""

    def __init__(self, server: subprocess.Popen[str]) -> None:
        self.seconds: list[float] = []
        assert server.stdout is not None
        stream = server.stdout

        def read() -> None:
            for line in stream:
                found = re.search(r"(?:rebuilt|build failed\b.*?) in ([0-9.]+) s$", line.strip())
                if found:
                    self.seconds.append(float(found.group(1)))

        threading.Thread(target=read, daemon=True).start()

    def wait(self, count: int, timeout: float) -> float:
        """The seconds of the ``count``-th build, once the preview has reported it."""
        started = time.perf_counter()
        while len(self.seconds) < count:
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"the preview reported {len(self.seconds)} builds, not {count}, in {timeout:.0f} s")
            time.sleep(0.01)
        return self.seconds[count - 1]


def _served_with(url: str, text: str, timeout: float) -> Run:
    started = time.perf_counter()
    while text not in served(url):
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{url} did not show {text!r} within {timeout:.0f} s")
        time.sleep(0.02)
    return Run(time.perf_counter() - started, 0, 0, "")


def _served_without(url: str, text: str, timeout: float) -> None:
    started = time.perf_counter()
    while not (page := served(url)) or text in page:
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{url} still shows {text!r} after {timeout:.0f} s")
        time.sleep(0.02)


@dataclass
class CheckFigures:
    policies: int
    texts: int
    cold: Figures = field(default_factory=Figures)
    warm: Figures = field(default_factory=Figures)


def measure_check(
    source: Path, workdir: Path, policies: int, revisions: int, runs: int, progress: Callable[[str], None]
) -> CheckFigures:
    """``policydocs check`` over ``policies`` policies of ``revisions`` revisions each: with no cache, then warm."""
    site = generate_site(source, workdir / f"check-{policies}x{revisions}", policies, revisions).root
    figures = CheckFigures(policies, policies * (revisions + 1))
    build_dir = workdir / f"check-build-{policies}x{revisions}"
    command = [*POLICYDOCS, "--source", str(site), "--build-dir", str(build_dir), "check"]
    progress(f"check: {policies} policies x {revisions} revisions, no cache")
    shutil.rmtree(build_dir, ignore_errors=True)
    figures.cold.add(run(command, site))
    for attempt in range(runs):
        progress(f"check: {policies} policies x {revisions} revisions, warm {attempt + 1}/{runs}")
        figures.warm.add(run(command, site))
    shutil.rmtree(site, ignore_errors=True)
    return figures


@dataclass
class VersionsFigures:
    """The same revisions of a small site: policydocs against sphinx-multiversion."""

    organisations: int
    revisions: int
    ours_cold: Figures = field(default_factory=Figures)
    ours_after_edit: Figures = field(default_factory=Figures)
    multiversion: Figures = field(default_factory=Figures)  # Japanese only, as one run of it gives
    # Also in English, which it builds in a run of its own. Its English builds have no catalogs
    # (less work than a translated build), so this baseline errs in its favour.
    multiversion_both: Figures = field(default_factory=Figures)
    baseline: str = "sphinx-multiversion"
    note: str = ""


MULTIVERSION_CONF = """
extensions.append("sphinx_multiversion")
smv_tag_whitelist = r"^v\\d+$"
smv_branch_whitelist = r"^$"
smv_remote_whitelist = None
smv_released_pattern = r"^tags/.*$"
"""


def _multiversion_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import sphinx_multiversion"], capture_output=True, check=False)
    return probe.returncode == 0


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _versions_repository(site: Path, repo: Path, revisions: int) -> None:
    """A git repository with one tag per revision date, each holding every organisation's text of that day."""
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    organisations = load_site(site).organisations
    for index, date in enumerate(revision_dates(revisions)):
        for path in repo.glob("*.md"):
            path.unlink()
        names = []
        for org in organisations:
            revision = org.policies[0].revision(date.isoformat())
            assert revision is not None
            shutil.copy(revision.path, repo / f"{org.slug}.md")
            names.append(org.slug)
        toctree = "\n".join(names)
        (repo / "index.md").write_text(f"# Policies\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
        (repo / "conf.py").write_text(PLAIN_CONF + MULTIVERSION_CONF, encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"revision {date}")
        _git(repo, "tag", f"v{index + 1}")


def measure_versions(
    source: Path, workdir: Path, organisations: int, runs: int, progress: Callable[[str], None]
) -> VersionsFigures:
    figures = VersionsFigures(organisations, REVISIONS)
    site = generate_site(source, workdir / "versions-site", organisations, REVISIONS).root
    build_dir = workdir / "versions-build"
    for attempt in range(runs):
        progress(f"versions: policydocs, whole site from scratch {attempt + 1}/{runs}")
        shutil.rmtree(build_dir, ignore_errors=True)
        figures.ours_cold.add(checked(build_ours(site, build_dir, NO_PDF), "policydocs build"))
    index = next((site / "policies").iterdir()) / "index.md"
    for attempt in range(runs):
        progress(f"versions: policydocs after one edit {attempt + 1}/{runs}")
        text = index.read_text(encoding="utf-8")
        index.write_text(text + f"\n\n編集{attempt}\n", encoding="utf-8")
        figures.ours_after_edit.add(checked(build_ours(site, build_dir, NO_PDF), "policydocs build"))
    versions_baseline(site, workdir, runs, progress, figures)
    return figures


def versions_baseline(
    site: Path,
    workdir: Path,
    runs: int,
    progress: Callable[[str], None],
    figures: VersionsFigures,
    runner: Callable[[list[str], Path], Run] = run,
) -> None:
    """sphinx-multiversion over the site's revisions (one tag each) into ``figures``, or, where it cannot
    run, the full plain build per version and language that it would do; each command run by ``runner``
    (:func:`bench.measure.run`, or :func:`bench.measure.timed` for the time alone)."""
    repo = workdir / "versions-repo"
    _versions_repository(site, repo, REVISIONS)
    out = workdir / "versions-multiversion"
    if _multiversion_available():
        for attempt in range(runs):
            progress(f"versions: sphinx-multiversion {attempt + 1}/{runs}")
            results = []
            for language in ("ja", "en"):
                shutil.rmtree(out, ignore_errors=True)
                command = [
                    sys.executable,
                    "-m",
                    "sphinx_multiversion",
                    str(repo),
                    str(out),
                    "-D",
                    f"language={language}",
                ]
                results.append(runner(command, repo))
            if any(result.returncode != 0 for result in results):
                failed = next(result for result in results if result.returncode != 0)
                figures.note = "sphinx-multiversion failed here: " + failed.output.strip().splitlines()[-1]
                figures.multiversion = Figures()
                break
            figures.multiversion.add(results[0])
            figures.multiversion_both.add(_sum(results))
    else:
        figures.note = "sphinx-multiversion is not installed"
    if not figures.multiversion.seconds:
        # What sphinx-multiversion does: one full build per version, from its own checkout.
        figures.baseline = f"{REVISIONS} plain builds, one per version"
        figures.multiversion_both = Figures()
        for attempt in range(runs):
            progress(f"versions: {REVISIONS} plain builds per language {attempt + 1}/{runs}")
            by_language: dict[str, list[Run]] = {"ja": [], "en": []}
            for tag in range(1, REVISIONS + 1):
                checkout = workdir / f"versions-v{tag}"
                shutil.rmtree(checkout, ignore_errors=True)
                _git(repo, "worktree", "add", "-f", "-q", str(checkout), f"v{tag}")
                (checkout / "conf.py").write_text(
                    (checkout / "conf.py").read_text().replace(MULTIVERSION_CONF, ""), encoding="utf-8"
                )
                for language, results in by_language.items():
                    command = [*SPHINX, "-D", f"language={language}", str(checkout), str(out / f"v{tag}-{language}")]
                    results.append(checked(runner(command, checkout), "plain build"))
                _git(repo, "worktree", "remove", "--force", str(checkout))
            figures.multiversion.add(_sum(by_language["ja"]))
            figures.multiversion_both.add(_sum(by_language["ja"] + by_language["en"]))


def _sum(runs: list[Run]) -> Run:
    """Runs one after another, as one: their total time and the largest peak."""
    return Run(sum(r.seconds for r in runs), max(r.peak_kib for r in runs), 0, "")
