"""The loader turns front matter into the model, and bad front matter into located problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOTS, copy_root
from policydocs.loader import load_site
from policydocs.model import BodyKind, PolicyKind


def test_loads_organisations_and_policies() -> None:
    site = load_site(ROOTS / "test-basic")
    assert site.problems == ()
    assert [org.slug for org in site.organisations] == ["acme", "beta"]
    acme = site.organisation("acme")
    assert acme is not None
    assert (acme.name, acme.name_en, acme.body) == ("株式会社アクメ", "Acme Inc.", BodyKind.KABUSHIKI_KAISHA)
    (policy,) = acme.policies
    assert policy.kind is PolicyKind.PRIVACY
    assert policy.docname == "policies/acme/privacy"
    assert policy.effective == dt.date(2014, 2, 17)
    assert policy.date_as_stated == "2014年2月17日"
    assert policy.title == "プライバシーポリシー"
    beta = site.organisation("beta")
    assert beta is not None and beta.policies[0].effective is None


def _problems(tmp_path: Path, relative: str, old: str, new: str) -> list[str]:
    root = copy_root("basic", tmp_path)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [str(p) for p in load_site(root).problems]


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "policies/acme/privacy.md", "kind: privacy", "kind: [privacy")
    assert "policies/acme/privacy.md:" in problem
    assert "not valid YAML" in problem
    assert "correct the YAML syntax" in problem


def test_invented_date_is_refused_with_the_fix(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "policies/beta/privacy.md", "effective: unknown", "effective: sometime")
    assert problem.startswith(str(tmp_path / "basic/policies/beta/privacy.md") + ":5:")
    assert "YYYY-MM-DD" in problem and "unknown" in problem


def test_unknown_kind_of_body_lists_the_choices(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "policies/acme/index.md", "body: kabushiki-kaisha", "body: company")
    assert "index.md:5:" in problem
    assert "kabushiki-kaisha" in problem and "yugen-kaisha" in problem


def test_organisation_must_match_its_directory(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "policies/acme/privacy.md", "organisation: acme", "organisation: acne")
    assert "privacy.md:3:" in problem
    assert "write 'organisation: acme'" in problem


def test_unclosed_front_matter(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "policies/beta/privacy.md", "effective: unknown\n---", "effective: unknown\n")
    assert any("privacy.md:1: front matter is not closed" in p for p in problems)


def test_every_source_of_the_repository_loads_without_a_problem() -> None:
    from conftest import REPO

    for root in (REPO, *sorted(ROOTS.iterdir())):
        site = load_site(root)
        assert site.problems == () and site.excluded == (), root
        assert site.organisations, root


def test_did_you_mean_names_the_nearest_key_or_lists_them() -> None:
    from policydocs.schema import POLICY, did_you_mean

    assert did_you_mean("sumary", list(POLICY.keys)).startswith("did you mean 'summary'?")
    assert did_you_mean("announcd", list(POLICY.keys)).startswith("did you mean 'announced'?")
    fix = did_you_mean("colour", list(POLICY.keys))
    assert fix.startswith("remove it") and "effective" in fix and "waivers" in fix


def test_schema_checks_types_and_keeps_a_policy_with_a_bad_optional_key(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    path = root / "policies/acme/privacy.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  source: test", "  summary:\n    a: b\n  waivers:\n    rule: 3"), encoding="utf-8")
    site = load_site(root)
    problems = [str(p) for p in site.problems]
    assert any(p.startswith(f"{path}:7: 'summary: a mapping' must be one line of text") for p in problems)
    assert any(p.startswith(f"{path}:9: 'waivers: a mapping' must give each rule a reason") for p in problems)
    policy = site.policy("acme/privacy")
    assert policy is not None and policy.summary is None  # left out, never published as a repr


def test_top_level_keys_that_change_the_parser_are_refused(tmp_path: Path) -> None:
    (problem,) = _problems(
        tmp_path, "policies/beta/index.md", "---\norganisation:", "---\nmyst:\n  x: 1\norganisation:"
    )
    assert "index.md:2: the top-level key 'myst' would change how this page is made" in problem
    (problem,) = _problems(tmp_path / "b", "policies/beta/privacy.md", "unknown\n---", "unknown\nsummary: x\n---")
    assert "privacy.md:6: unknown top-level key 'summary' (move it under 'policy:'" in problem


def test_plausible_dates_and_their_range_are_named(tmp_path: Path) -> None:
    from policydocs.schema import EARLIEST_YEAR, LATEST_YEAR

    (problem,) = _problems(tmp_path, "policies/acme/privacy.md", "2014-02-17\n", "1899-12-31\n")
    assert f"between {EARLIEST_YEAR} and {LATEST_YEAR}" in problem and "privacy.md:5:" in problem
    assert _problems(tmp_path / "b", "policies/acme/privacy.md", "2014-02-17\n", f"{LATEST_YEAR}-12-31\n") == []


def test_an_unreadable_file_is_a_problem_not_an_exception(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    root = copy_root("basic", tmp_path)
    denied = str(root / "policies/beta/privacy.md")
    real_open = os.open

    def open_(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path) == denied:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", open_)
    site = load_site(root)
    assert [str(p) for p in site.problems] == [
        f"{denied}:0: cannot be read (permission denied) (make it readable (chmod a+r))"
    ]
    assert site.excluded == (Path(denied),)
    assert [org.slug for org in site.organisations] == ["acme", "beta"]  # the others still load


def test_a_fault_in_one_organisation_never_stops_the_others(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    (root / "policies/acme/privacy.md").write_bytes(b"---\npolicy:\n  kind: \x82\n---\n")
    (root / "policies/acme/privacy/revisions.lock").write_text('revision = "oops"\n', encoding="utf-8")
    site = load_site(root)
    assert [org.slug for org in site.organisations] == ["acme", "beta"]
    assert site.policy("beta/privacy") is not None
    assert any("privacy.md:3: is not UTF-8 (byte 0x82 at line 3)" in str(p) for p in site.problems)


def test_a_link_leading_outside_is_named_and_kept_out(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    (root / "policies/acme/terms.md").symlink_to("/etc/hostname")
    site = load_site(root, cache_dir=tmp_path / "cache")
    (problem,) = site.problems
    assert str(problem).startswith(f"{root}/policies/acme/terms.md:0: is a symbolic link leading outside policies/")
    assert site.excluded == (root / "policies/acme/terms.md",)
