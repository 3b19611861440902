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
