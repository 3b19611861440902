"""The multi-language build publishes only a complete, warning-free site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_root
from policydocs.build import build_site


def test_build_publishes_every_language_and_a_landing_page(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    result = build_site(root)
    assert result.ok, [b.output for b in result.languages]
    html = root / "_build" / "html"
    assert result.published == html
    assert (html / "ja" / "policies" / "acme" / "privacy" / "index.html").is_file()
    assert (html / "en" / "policies" / "acme" / "privacy" / "index.html").is_file()
    landing = (html / "index.html").read_text(encoding="utf-8")
    assert "url=ja/" in landing and "script-src 'none'" in landing  # the landing page runs nothing


def test_failed_build_leaves_the_published_site_untouched(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root).ok
    published = root / "_build" / "html" / "en" / "policies" / "acme" / "privacy" / "index.html"
    before = published.read_text(encoding="utf-8")

    policy = root / "policies" / "acme" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("effective: 2014-02-17", "effective: 2014-13-45"))
    result = build_site(root)

    assert not result.ok and result.published is None
    # Refused before any language's build started, said once, located.
    assert result.languages == ()
    said = "\n".join(str(problem) for problem in result.problems)
    assert f"{policy}:5: front matter has an impossible date" in said and "YYYY-MM-DD" in said
    assert published.read_text(encoding="utf-8") == before


def test_a_source_problem_is_warned_by_each_language_when_not_strict_or_when_suppressed(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    page = root / "policies" / "acme" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("  body:", "  motto: x\n  body:"), encoding="utf-8")

    loose = build_site(root, strict=False)
    assert [b.language for b in loose.languages] == ["ja", "en"] and loose.ok
    for build in loose.languages:
        assert f"{page}:5: WARNING: " in build.output and "'motto'" in build.output, build.output

    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'suppress_warnings.append("policy.front_matter")\n')
    suppressed = build_site(root)
    assert suppressed.ok and suppressed.published is not None, [b.output for b in suppressed.languages]
    assert all("motto" not in build.output for build in suppressed.languages)


def test_a_rebuild_publishes_the_edit_and_links_what_did_not_change(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    assert build_site(root).ok
    html = root / "_build" / "html" / "ja" / "policies"
    edited, untouched = html / "beta" / "index.html", html / "acme" / "privacy" / "2014-02-17" / "index.html"
    untouched_inode = untouched.stat().st_ino
    page = root / "policies" / "beta" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記された段落。\n", encoding="utf-8")

    assert build_site(root).published is not None

    assert "追記された段落。" in edited.read_text(encoding="utf-8")
    # The frozen revision's page was not rebuilt: the new site links the published file.
    assert untouched.stat().st_ino == untouched_inode
    work = root / "_build" / "work" / "ja" / "policies" / "acme" / "privacy" / "2014-02-17" / "index.html"
    assert work.stat().st_ino != untouched_inode  # never linked to Sphinx's work files


def test_a_forked_build_writes_what_sphinx_build_processes_write(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    forked, spawned = build_site(root, tmp_path / "forked"), build_site(root, tmp_path / "spawned", forked=False)
    assert forked.ok and spawned.ok
    assert [b.language for b in forked.languages] == [b.language for b in spawned.languages] == ["ja", "en"]
    assert forked.published is not None and spawned.published is not None
    pages = sorted(p.relative_to(forked.published) for p in forked.published.rglob("*.html"))
    assert pages == sorted(p.relative_to(spawned.published) for p in spawned.published.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert (forked.published / page).read_bytes() == (spawned.published / page).read_bytes(), page


def test_messages_are_plain_text_unless_colour_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx colours its messages whenever CI is set; captured for a person or a program, they must read
    as ``file:line: WARNING`` lines, and carry colour only for a command printing to a terminal."""
    monkeypatch.setenv("CI", "true")
    root = copy_root("basic", tmp_path)
    page = root / "policies" / "acme" / "index.md"
    lines_before = page.read_text(encoding="utf-8").count("\n")
    page.write_text(page.read_text(encoding="utf-8") + "\n<b>太字</b>\n", encoding="utf-8")  # warned while read
    for forked in (True, False):
        plain = build_site(root, tmp_path / f"plain-{forked}", forked=forked)
        where = f"index.md:{lines_before + 2}:"
        lines = [line for b in plain.languages for line in b.output.splitlines() if where in line]
        assert lines and all(line.startswith(str(page)) and "\x1b[" not in line for line in lines), plain
    coloured = build_site(root, tmp_path / "coloured", color=True)
    assert "\x1b[" in "\n".join(b.output for b in coloured.languages)


def test_each_language_is_handed_on_as_soon_as_its_build_ends(tmp_path: Path) -> None:
    """The PDFs of one language are printed while the other still builds: the forked builds report each
    language as it ends, saying whether another is still running, and return them in the order asked."""
    from policydocs import warm_build
    from policydocs.build import sphinx_command
    from policydocs.project import Project

    project = Project.at(copy_root("basic", tmp_path))
    commands = [(language, sphinx_command(project, language, tmp_path / "build")) for language in ("ja", "en")]
    ended: list[tuple[str, bool]] = []
    builds = warm_build.run_forked(
        commands, project.srcdir, lambda build, others: ended.append((build.language, others))
    )
    assert [build.language for build in builds] == ["ja", "en"] and all(b.returncode == 0 for b in builds)
    assert sorted(language for language, _others in ended) == ["en", "ja"]
    assert [others for _language, others in ended] == [True, False]
