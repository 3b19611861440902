"""A language whose build ends first is copied into the spare site while the other builds; nothing is
published before every language has built, and a build that then fails leaves the published site as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs import site_digest
from conftest import TODAY, copy_root
from policydocs import publishing
from policydocs.build import build_site
from policydocs.project import Project
from policydocs.publishing import Publication


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_language_levelled_early_is_published_with_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("translated", tmp_path)
    levelled: list[str] = []
    level = Publication.level

    def noted(self: Publication, language: str) -> None:
        levelled.append(language)
        level(self, language)

    monkeypatch.setattr(Publication, "level", noted)
    result = build_site(root, pdfs=False, today=TODAY)
    assert result.ok and result.published is not None
    assert len(levelled) == 1 and levelled[0] in ("ja", "en")  # the first to end, while the other built
    html, work = root / "_build" / "html", root / "_build" / "work"
    for language in ("ja", "en"):
        published = {k: v for k, v in _tree(html / language).items() if not k.startswith(".buildinfo")}
        built = {k: v for k, v in _tree(work / language).items() if not k.startswith(".buildinfo")}
        assert published == built and len(published) > 5, language


def test_a_levelled_spare_is_not_published_until_finished(tmp_path: Path) -> None:
    root = copy_root("translated", tmp_path)
    assert build_site(root, pdfs=False, today=TODAY).ok
    build_dir = root / "_build"
    before, link = site_digest(build_dir), (build_dir / "html").resolve()
    assert before != "no site"
    page = build_dir / "work" / "ja" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed -->", encoding="utf-8")
    project = Project.at(root.resolve())
    with Publication(project, build_dir) as publication:
        publication.level("ja")
        assert publication.staging.resolve() != link
        assert "<!-- changed -->" in (publication.staging / "ja" / "index.html").read_text(encoding="utf-8")
    # Closed without finishing (the other language failed): the published site is as it was.
    assert site_digest(build_dir) == before and (build_dir / "html").resolve() == link
    publishing.publish(project, build_dir)  # the next publish levels the spare by the same comparison
    assert "<!-- changed -->" in (build_dir / "html" / "ja" / "index.html").read_text(encoding="utf-8")
    assert (build_dir / "html").resolve() != link
