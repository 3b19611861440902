"""Kinds as data (issue 16): a second kind of policy on a built site, and kinds declared by rule files.

``tests/roots/test-kinds`` holds one organisation with a privacy policy and terms of use, each frozen
with one revision and translated; it is built in both languages once for this module.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import feedparser
import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from bench.searchprobe import search
from bs4 import BeautifulSoup
from conftest import TODAY, copy_root, served
from policydocs import kinds
from policydocs.build import build_site
from policydocs.import_policy import import_policy
from policydocs.loader import load_site
from policydocs.model import PolicyKind
from policydocs.revisions import snapshot
from policydocs.rules import load_rules

NO_CHECKLIST = {
    "ja": "法令上のチェックリストなし",
    "en": "no legal checklist",
}
TERMS_NAME = {"ja": "利用規約", "en": "Terms of use"}


@pytest.fixture(scope="module")
def kinds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_root("kinds", tmp_path_factory.mktemp("kinds-root"))
    built = build_site(root, tmp_path_factory.mktemp("kinds-build"), today=TODAY)
    assert built.ok and built.published is not None, "\n".join(b.output for b in built.languages)
    return built.published


def _page(site: Path, language: str, uri: str) -> BeautifulSoup:
    path = site / language / uri / "index.html" if uri else site / language / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_declared_kinds_are_privacy_first_then_the_three_of_issue_16() -> None:
    assert kinds.kind_ids() == ["privacy", "external", "terms", "tokushoho"]
    assert kinds.kind_name("tokushoho", "ja") == "特定商取引法に基づく表記"
    assert kinds.kind_name("external", "en") == "Notice of external transmission"
    assert kinds.has_checklist("privacy") and kinds.has_checklist("terms")  # terms: rules/terms-ja.toml
    assert PolicyKind("terms") is PolicyKind("terms") and PolicyKind("terms").value == "terms"
    with pytest.raises(ValueError, match="privacy, external, terms, tokushoho"):
        PolicyKind("cookies")


def test_a_rule_file_with_a_kind_and_no_rules_loads(tmp_path: Path) -> None:
    rules = tmp_path / "terms-ja.toml"
    rules.write_text('kind = "terms"\nname_ja = "利用規約"\nname_en = "Terms of use"\n', encoding="utf-8")
    ruleset, problems = load_rules(rules)
    assert problems == [] and ruleset is not None
    assert ruleset.kind is PolicyKind("terms") and ruleset.rules == ()


def test_a_new_kind_is_declared_by_adding_its_file(tmp_path: Path) -> None:
    (tmp_path / "security-ja.toml").write_text(
        'kind = "security"\nname_ja = "セキュリティポリシー"\nname_en = "Security policy"\n', encoding="utf-8"
    )
    (tmp_path / "wrong-ja.toml").write_text('kind = "other"\n', encoding="utf-8")  # id and file name disagree
    declared = kinds.declared(tmp_path)
    assert list(declared) == ["security"]
    assert declared["security"].name("ja") == "セキュリティポリシー" and not declared["security"].has_rules


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_second_kind_has_its_page_facts_and_history_in_both_languages(kinds_site: Path, language: str) -> None:
    page = _page(kinds_site, language, "policies/acme/terms")
    assert page.select_one("article h1").get_text(strip=True).startswith(TERMS_NAME[language])
    facts = page.select_one(".policydocs-policy-facts").get_text(" ", strip=True)
    # Terms of use are checked (rules/terms-ja.toml): the box says what the checker found, not "no checklist".
    assert TERMS_NAME[language] in facts and NO_CHECKLIST[language] not in facts
    assert ("必要記載事項" if language == "ja" else "Required sections") in facts
    assert ("準拠法" if language == "ja" else "Governing law") in page.select_one("article").get_text()
    history = page.select("table.policydocs-history-table tbody tr")
    assert len(history) == 1 and ("2020年4月1日" if language == "ja" else "1 April 2020") in history[0].get_text()
    revision = _page(kinds_site, language, "policies/acme/terms/2020-04-01")
    assert NO_CHECKLIST[language] not in revision.select_one(".policydocs-policy-facts").get_text(" ", strip=True)
    # The privacy policy beside it is still checked: its facts box makes no "no checklist" claim.
    privacy = _page(kinds_site, language, "policies/acme/privacy")
    assert NO_CHECKLIST[language] not in privacy.select_one(".policydocs-policy-facts").get_text(" ", strip=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_listings_show_the_organisations_portfolio(kinds_site: Path, language: str) -> None:
    for uri in ("", "policies/acme"):
        links = {a.get_text(strip=True): a["href"] for a in _page(kinds_site, language, uri).select("article a")}
        assert TERMS_NAME[language] in links, (uri, links)
        assert links[TERMS_NAME[language]].rstrip("/").endswith("terms")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_compliance_page_has_a_section_per_kind_each_in_its_own_words(kinds_site: Path, language: str) -> None:
    page = _page(kinds_site, language, "compliance")
    terms = page.select_one("#kind-terms")
    assert terms is not None and terms.get_text(strip=True) == TERMS_NAME[language]
    # Its introduction names the kind and its rule file's title, not a privacy policy's.
    intro = terms.find_next_sibling("p").get_text()
    assert intro.startswith(TERMS_NAME[language]) and ("定型約款" if language == "ja" else "terms of use") in intro
    assert ("プライバシーポリシー" if language == "ja" else "privacy") not in intro
    rows = page.select("table.policydocs-compliance tbody tr")
    assert [row["id"] for row in rows] == ["policy-acme-privacy", "policy-acme-terms"]
    # Each kind's rules have anchors of their own: privacy keeps #rules and #operator_identity as before.
    assert page.select_one("#kind-privacy") is not None and page.select_one("#rules") is not None
    assert page.select_one("#terms-rules") is not None and page.select_one("tr#terms-operator_identity") is not None
    assert page.select_one("tr#policy-acme-terms td[data-rule=liability_limits_valid] a") is not None


@pytest.mark.parametrize("language", ["ja", "en"])
def test_feeds_carry_the_second_kinds_revision(kinds_site: Path, language: str) -> None:
    for feed in (kinds_site / language / "revisions.atom", kinds_site / language / "policies/acme/revisions.atom"):
        parsed = feedparser.parse(feed.read_bytes())
        titles = [entry.title for entry in parsed.entries]
        assert any(TERMS_NAME[language] in title for title in titles), (feed, titles)
        links = [entry.link for entry in parsed.entries if TERMS_NAME[language] in entry.title]
        assert links[0].rstrip("/").endswith("policies/acme/terms/2020-04-01")


@pytest.fixture(scope="module")
def kinds_url(kinds_site: Path) -> Iterator[str]:
    with served(kinds_site) as url:
        yield url


@pytest.mark.parametrize(("language", "query"), [("ja", "準拠法"), ("en", "governing law")])
def test_search_finds_the_second_kind_and_names_it(kinds_url: str, page, language: str, query: str) -> None:  # type: ignore[no-untyped-def]
    results = search(page, f"{kinds_url}/{language}", query)
    assert [path for path, _anchor, _title in results][:1] == ["policies/acme/terms"], results
    assert TERMS_NAME[language] in results[0][2]


# --- Bad input: a kind no rule file declares.


def _unknown_kind(root: Path) -> None:
    path = root / "policies/acme/privacy.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: privacy", "kind: cookies"), encoding="utf-8")


def _unknown_kind_in_its_own_file(root: Path) -> None:
    text = (root / "policies/acme/privacy.md").read_text(encoding="utf-8").replace("kind: privacy", "kind: cookie")
    (root / "policies/acme/cookie.md").write_text(text, encoding="utf-8")


def _kind_of_another_file(root: Path) -> None:
    text = (root / "policies/acme/privacy.md").read_text(encoding="utf-8").replace("kind: privacy", "kind: terms")
    (root / "policies/acme/privacy.md").write_text(text, encoding="utf-8")


def _import_unknown_kind(root: Path) -> None:
    (root / "policy.txt").write_text("セキュリティポリシー\n\n当社は情報を守ります。\n", encoding="utf-8")


BAD_KINDS: list[tuple[str, Callable[[Path], None], tuple[str, ...], tuple[str, ...]]] = [
    ("unknown kind", _unknown_kind, ("build",), ("policies/acme/privacy.md:4", "privacy, external, terms, tokushoho")),
    ("unknown kind, own file", _unknown_kind_in_its_own_file, ("check",), ("policies/acme/cookie.md:4", "cookie")),
    ("declared kind, wrong file", _kind_of_another_file, ("build",), ("policies/acme/privacy.md:4", "terms.md")),
    (
        "import of an unknown kind",
        _import_unknown_kind,
        ("import", "policy.txt", "--org", "acme", "--kind", "security"),
        ("policy.txt", "privacy, external, terms, tokushoho"),
    ),
]


@pytest.mark.parametrize(("name", "breaks", "command", "where"), BAD_KINDS, ids=[case[0] for case in BAD_KINDS])
def test_a_kind_no_rule_file_declares_is_refused_where_it_is_written(
    name: str,
    breaks: Callable[[Path], None],
    command: tuple[str, ...],
    where: tuple[str, ...],
    built_basic: Path,
    tmp_path: Path,
) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    breaks(root)
    outcome = run_policydocs(root, *command)
    assert_refused(outcome, *where)
    assert site_digest(root / "_build") == before


def test_import_brings_a_policy_of_a_new_kind_onto_the_site(tmp_path: Path) -> None:
    root = copy_root("kinds", tmp_path)
    source = tmp_path / "tokushoho.txt"
    source.write_text(
        "特定商取引法に基づく表記\n\n販売業者\n株式会社アクメ\n\n所在地\n東京都千代田区一丁目1番1号\n", encoding="utf-8"
    )
    imported = import_policy(source, root, "acme", "tokushoho", effective="2025-01-01")
    assert imported.policy_path == root / "policies/acme/tokushoho.md"
    assert imported.next_step == "policydocs snapshot acme/tokushoho"
    site = load_site(root)
    assert not any("tokushoho" in str(p.location) for p in site.problems), site.problems
    policy = site.policy("acme/tokushoho")
    assert policy is not None and policy.kind is PolicyKind("tokushoho") and policy.title == "特定商取引法に基づく表記"


# --- A clause the law makes void (rules/terms-ja.toml's [[rule.forbids]]): worded as a clause to revise.

VOID_CLAUSE = "当社は、本サービスの利用によりお客様に生じた損害について、一切の責任を負いません。"
TO_REVISE = {"ja": "問題のある条項", "en": "clause to revise"}


@pytest.fixture(scope="module")
def void_clause_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """test-kinds whose terms in force (2024-04-01) and upcoming (2027-04-01) hold a total exclusion of
    liability, both frozen; built as its conf.py says, suppressing missing sections (policy.missing_section),
    which leaves the warnings of void clauses (policy.void_clause) to be seen."""
    root = copy_root("kinds", tmp_path_factory.mktemp("void-clause-root"))
    assert 'suppress_warnings = ["policy.missing_section"]' in (root / "conf.py").read_text(encoding="utf-8")
    terms = root / "policies/acme/terms.md"
    text = terms.read_text(encoding="utf-8").replace("2020-04-01", "2024-04-01").replace("2020年4月1日", "2024年4月1日")
    for effective, added in (("2024-04-01", ""), ("2027-04-01", "  announced: 2026-10-01\n")):
        text = text.replace("effective: 2024-04-01\n", f"effective: {effective}\n{added}")
        terms.write_text(f"{text}\n## 第3条 免責\n\n{VOID_CLAUSE}\n", encoding="utf-8")
        policy = load_site(root).policy("acme/terms")
        assert policy is not None
        snapshot(policy, dt.date.fromisoformat(effective))
    built = build_site(root, tmp_path_factory.mktemp("void-clause-build"), today=TODAY, strict=False)
    assert built.ok and built.published is not None, "\n".join(b.output for b in built.languages)
    return root, "\n".join(b.output for b in built.languages), built.published


def test_a_void_clause_is_warned_of_as_a_clause_to_revise(void_clause_site: tuple[Path, str, Path]) -> None:
    root, output, _site = void_clause_site
    warning = next(line for line in output.splitlines() if "liability_limits_valid" in line and " current " in line)
    # At the clause itself, in the text in force (frozen as 2024-04-01), quoted, with the article voiding it.
    revision = root / "policies/acme/terms/2024-04-01.md"
    line = revision.read_text(encoding="utf-8").splitlines().index(VOID_CLAUSE) + 1
    assert warning.startswith(f"{revision}:{line}: WARNING: liability_limits_valid (must): acme/terms current holds")
    assert "a clause that excludes all of the business's liability" in warning and f"「{VOID_CLAUSE}」" in warning
    assert "(Consumer Contract Act Art. 8(1)(i)-(iv))" in warning
    # A type of its own: a site that suppresses missing sections (as this repository's does) still sees it.
    assert warning.endswith("; revise it, or waive it with a reason [policy.void_clause]")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_compliance_page_and_facts_box_say_clause_to_revise(
    void_clause_site: tuple[Path, str, Path], language: str
) -> None:
    _root, _output, site = void_clause_site
    page = _page(site, language, "compliance")
    cell = page.select_one("tr#policy-acme-terms td[data-rule=liability_limits_valid]")
    assert "policydocs-defect" in cell["class"] and cell.get_text(strip=True) == f"✗{TO_REVISE[language]}"
    assert VOID_CLAUSE in cell.a["title"]
    key = page.select_one(".policydocs-compliance-key").get_text()
    assert TO_REVISE[language] in key
    # An upcoming revision holding it says so in the table of other revisions, under its policy's name.
    rows = [
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in page.select(".policydocs-compliance-revisions tbody tr")
    ]
    upcoming = next(row for row in rows if row[0].endswith(TERMS_NAME[language]) and "2027" in row[1])
    assert TO_REVISE[language] in upcoming[4]
    facts = (
        _page(site, language, "policies/acme/terms").select_one(".policydocs-policy-facts").get_text(" ", strip=True)
    )
    assert ("問題のある条項が 1 件" if language == "ja" else "1 clause to revise") in facts


def test_the_cli_says_clause_to_revise_and_what_to_do(void_clause_site: tuple[Path, str, Path]) -> None:
    root, _output, _site = void_clause_site
    outcome = run_policydocs(root, "check", "acme/terms")
    assert outcome.code == 1, outcome.err
    line = next(line for line in outcome.out.splitlines() if "liability_limits_valid" in line)
    assert "✗ liability_limits_valid [must; Consumer Contract Act Art. 8(1), 8(3)] clause to revise: excludes" in line
    assert "revise the clause, or waive the rule with a reason" in outcome.out
    assert "hold a clause to revise" in outcome.out and "hold a clause to revise" in outcome.err
    data = json.loads(run_policydocs(root, "check", "--format", "json", "acme/terms").out)
    found = [f for r in data["reports"] for f in r["findings"] if f["rule"] == "liability_limits_valid"]
    assert any(f["clause_to_revise"] and f["verdict"] == "missing" for f in found)
