"""A redline of two frozen revisions is made once and kept (issue 18, point 1).

Built in process on the two-revision test project, in each language: a rebuild
that changed nothing diffs nothing and unpickles no revision's doctree, and
writes the same comparison page; a changed revision, a changed English
translation or new code (the fingerprint of the modules that make a redline)
makes the redline again, with the new content; and after new code, whose digests
the frozen revisions (never read again) do not carry, each revision's doctree is
unpickled once, not in every build.
"""

from __future__ import annotations

import gettext
import hashlib
import re
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_root
from policydocs.diffing import compare_blocks
from policydocs.sphinxext import comparisons, redline_cache
from sphinx.environment import BuildEnvironment
from sphinx.testing.util import SphinxTestApp

COMPARISON = "policies/acme/privacy/2025-04-01/changes/index.html"
REVISIONS = ("policies/acme/privacy/2024-04-01", "policies/acme/privacy/2025-04-01")
SECURITY_EN = "We take organisational, human, physical and technical security measures"


class Counts:
    """What the builds of one test did: redlines diffed, revisions' doctrees unpickled for comparisons."""

    def __init__(self) -> None:
        self.diffs = 0
        self.doctrees: list[str] = []


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    found = Counts()
    get_doctree = BuildEnvironment.get_doctree

    def counting_compare(*args: object, **kwargs: object) -> object:
        found.diffs += 1
        return compare_blocks(*args, **kwargs)  # type: ignore[arg-type]

    def counting_get_doctree(env: BuildEnvironment, docname: str) -> object:
        # Only what the comparison pages unpickle: Sphinx itself reads a doctree for each page it rewrites.
        if any(frame.name == "collect_comparison_pages" for frame in traceback.extract_stack()):
            found.doctrees.append(docname)
        return get_doctree(env, docname)

    monkeypatch.setattr(comparisons, "compare_blocks", counting_compare)
    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting_get_doctree)
    yield found


def _build(root: Path, language: str) -> str:
    """Build ``root`` in ``language`` (keeping its environment between calls); the comparison page's redline."""
    # Each real build is a process of its own; in this one, Python's gettext would serve the catalogs
    # it loaded for the previous build, not the ones compiled again from an edited .po.
    gettext._translations.clear()  # type: ignore[attr-defined]
    app = SphinxTestApp(
        "dirhtml", srcdir=root, builddir=root.parent / f"_build-{language}", confoverrides={"language": language}
    )
    try:
        app.build()
        assert app.warning.getvalue() == ""
        html = (Path(app.outdir) / COMPARISON).read_text(encoding="utf-8")
    finally:
        app.cleanup()
    found = re.search(r'<div class="policydocs-redline">.*?</div>', html, re.DOTALL)
    assert found is not None
    return found.group(0)


def _revisions_read(counts: Counts) -> list[str]:
    return [name for name in counts.doctrees if name in REVISIONS]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_rebuild_that_changed_nothing_reuses_the_redline(tmp_path: Path, counts: Counts, language: str) -> None:
    root = copy_root("pdf", tmp_path)
    first = _build(root, language)
    assert counts.diffs == 1 and sorted(set(_revisions_read(counts))) == list(REVISIONS)
    counts.diffs, counts.doctrees = 0, []
    again = _build(root, language)
    assert counts.diffs == 0, "the redline was made again"
    assert _revisions_read(counts) == [], "a revision's doctree was unpickled"
    assert again == first and "<ins>" in again


def test_a_changed_revision_makes_its_redline_again(tmp_path: Path, counts: Counts) -> None:
    root = copy_root("pdf", tmp_path)
    _build(root, "ja")
    # The newest revision frozen again (as if its snapshot were corrected): the current text, the
    # revision and its lock change together.
    revision = root / "policies/acme/privacy/2025-04-01.md"
    text = revision.read_bytes().replace("お問い合わせに対応するため".encode(), "ご質問に回答するため".encode())
    for path in (revision, root / "policies/acme/privacy.md"):
        path.write_bytes(text)
    lock = revision.with_name("revisions.lock")
    old = re.search(r'file = "2025-04-01.md"\nsha256 = "([0-9a-f]+)"', lock.read_text(encoding="utf-8"))
    assert old is not None
    lock.write_text(
        lock.read_text(encoding="utf-8").replace(old.group(1), hashlib.sha256(text).hexdigest()), encoding="utf-8"
    )
    counts.diffs = 0
    redline = _build(root, "ja")
    assert counts.diffs == 1
    newer = re.sub(r"<[^>]+>", "", re.sub(r"<del>.*?</del>", "", redline))  # the newer text, as the page marks it
    assert "② ご質問に回答するため" in newer, redline


def test_a_changed_translation_makes_the_english_redline_again(tmp_path: Path, counts: Counts) -> None:
    root = copy_root("pdf", tmp_path)
    assert SECURITY_EN in _build(root, "en")
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(SECURITY_EN, "We take every security measure the law asks for"),
        encoding="utf-8",
    )
    counts.diffs = 0
    redline = _build(root, "en")
    assert counts.diffs == 1
    assert "We take every security measure the law asks for" in redline and SECURITY_EN not in redline


def test_new_code_makes_the_redline_again_and_drops_the_old_cache(
    tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root("pdf", tmp_path)
    first = _build(root, "ja")
    doctrees = root.parent / "_build-ja" / "doctrees"
    assert [p.name for p in doctrees.glob("redlines-*.pickle")] == [
        f"redlines-{redline_cache.code_fingerprint()}.pickle"
    ]
    # A new version of the code that makes redlines (diffing, blocks, rendering, this cache).
    monkeypatch.setattr(redline_cache, "code_fingerprint", lambda: "0123456789abcdef")
    counts.diffs, counts.doctrees = 0, []
    again = _build(root, "ja")
    assert counts.diffs == 1 and sorted(set(_revisions_read(counts))) == list(REVISIONS)
    assert again == first
    assert [p.name for p in doctrees.glob("redlines-*.pickle")] == ["redlines-0123456789abcdef.pickle"]


def test_revisions_noted_by_older_code_are_read_once_not_in_every_build(
    tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root("pdf", tmp_path)
    first = _build(root, "ja")
    # New code: frozen revisions are never read again, so their noted digests stay the old code's.
    monkeypatch.setattr(redline_cache, "code_fingerprint", lambda: "0123456789abcdef")
    counts.diffs, counts.doctrees = 0, []
    assert _build(root, "ja") == first
    assert counts.diffs == 1 and sorted(set(_revisions_read(counts))) == list(REVISIONS)
    doctrees = root.parent / "_build-ja" / "doctrees"
    assert [p.name for p in doctrees.glob("read-digests-*.pickle")] == ["read-digests-0123456789abcdef.pickle"]
    counts.diffs, counts.doctrees = 0, []
    assert _build(root, "ja") == first
    assert counts.diffs == 0 and _revisions_read(counts) == [], "the revisions were unpickled again"
