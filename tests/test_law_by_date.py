"""The law by date: which day's law judges which text, and what the site shows for the text in force.

The text in force is judged by the law of the build date; every dated revision by the law on
its effective date, an upcoming one included (the day it must comply from); the articles cited
are numbered as they stood on that day.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, copy_root
from policydocs.checker import check_policy, check_site
from policydocs.legal_citations import basis_ja
from policydocs.loader import load_site
from policydocs.model import PolicyKind
from policydocs.revisions import judged_texts, snapshot
from policydocs.rules import default_rules_path, load_rules

RULES, _ = load_rules(default_rules_path(PolicyKind.PRIVACY))
TODAY = dt.date(2026, 11, 22)

# A complete text for 株式会社アクメ, as a revision of 2022-06-01 might state it.
COMPLETE = """\
---
policy:
  organisation: acme
  kind: privacy
  effective: {effective}
---

# プライバシーポリシー

## 1. 事業者の名称等

名称:株式会社アクメ

所在地:東京都千代田区架空町一丁目1番1号

代表者:代表取締役 見本太郎

## 2. 利用目的

当社は、取得した個人情報を商品の発送及びお問い合わせへの回答のために利用します。

## 3. 安全管理措置

当社は、個人データの取扱いに関する規程を整備し、従業者に定期的な研修を行い、端末へのアクセスを制御します。

## 4. 開示等のご請求

保有個人データの開示、訂正、利用停止等のご請求は、次の窓口で受け付けます。

## 5. お問い合わせ窓口

苦情及びお問い合わせは privacy@acme.invalid までご連絡ください。

制定日:2014年2月17日 改定日:{stated}
"""


def _acme_with_upcoming(tmp_path: Path, effective: dt.date, today: dt.date, freeze: bool = True) -> Path:
    """test-basic, whose acme has a new current text effective on ``effective`` (frozen unless told)."""
    root = copy_root("basic", tmp_path)
    stated = f"{effective.year}年{effective.month}月{effective.day}日"
    text = COMPLETE.format(effective=effective.isoformat(), stated=stated)
    (root / "policies" / "acme" / "privacy.md").write_text(text, encoding="utf-8")
    if freeze:
        policy = load_site(root).policy("acme/privacy")
        assert policy is not None
        snapshot(policy, today)
    return root


def _reports(root: Path, today: dt.date) -> dict[str, object]:
    site = load_site(root)
    policy, org = site.policy("acme/privacy"), site.organisation("acme")
    assert policy is not None and org is not None and RULES is not None
    return {report.key: report for report in check_policy(RULES, policy, org, today)}


def test_the_sample_s_texts_are_each_judged_by_their_own_day() -> None:
    policy = load_site(REPO).policy("sample/privacy")
    assert policy is not None
    texts = {text.key: text for text in judged_texts(policy, TODAY)}
    assert set(texts) == {"current", "2023-04-01", "2024-10-01", "2027-04-01"}
    # The current text is the upcoming 2027 revision: the text in force is the 2024 one, by today's law.
    assert texts["current"].path.name == "2024-10-01.md"
    assert (texts["current"].law_date, texts["current"].judged_by) == (TODAY, "build date")
    assert (texts["2027-04-01"].law_date, texts["2027-04-01"].judged_by) == (dt.date(2027, 4, 1), "effective date")
    assert (texts["2023-04-01"].law_date, texts["2023-04-01"].judged_by) == (dt.date(2023, 4, 1), "effective date")


def test_an_upcoming_revision_is_judged_by_the_law_on_its_effective_date(tmp_path: Path) -> None:
    # Built on 2022-01-01, before the amended Act took effect on 2022-04-01; the revision takes
    # effect on 2022-06-01, when the rules on personally referable information (Art. 31) and the
    # operator's address (Art. 32(1)(i)) apply: it is judged by them.
    today = dt.date(2022, 1, 1)
    root = _acme_with_upcoming(tmp_path, dt.date(2022, 6, 1), today)
    reports = _reports(root, today)
    upcoming = reports["2022-06-01"]
    assert (upcoming.law_date, upcoming.judged_by) == (dt.date(2022, 6, 1), "effective date")
    referable = next(f for f in upcoming.findings if f.rule.id == "personally_referable_info")
    assert referable.verdict.value == "missing", referable.detail
    # The text in force (2014) is judged by the build date's law, when the measures were not yet required.
    current = reports["current"]
    assert current.path.name == "2014-02-17.md" and current.law_date == today
    assert next(f for f in current.findings if f.rule.id == "personally_referable_info").verdict.value == (
        "not-applicable"
    )


def test_an_upcoming_text_not_frozen_yet_is_judged_by_its_date_too(tmp_path: Path) -> None:
    today = dt.date(2022, 1, 1)
    root = _acme_with_upcoming(tmp_path, dt.date(2022, 6, 1), today, freeze=False)
    reports = _reports(root, today)
    assert set(reports) == {"current", "2014-02-17", "2022-06-01"}
    assert reports["2022-06-01"].path.name == "privacy.md" and reports["2022-06-01"].law_date == dt.date(2022, 6, 1)
    assert reports["current"].path.name == "2014-02-17.md"


def _freeze(root: Path, text: str, today: dt.date) -> None:
    (root / "policies" / "acme" / "privacy.md").write_text(text, encoding="utf-8")
    policy = load_site(root).policy("acme/privacy")
    assert policy is not None
    snapshot(policy, today)


@pytest.fixture(scope="module")
def upcoming_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """test-basic whose acme has a text in force since 2015 that names no address or representative
    (the law did not ask for them then; it does today) and a complete upcoming one of 2030, both
    frozen; built in Japanese on TODAY."""
    from policydocs.build import build_site

    root = copy_root("basic", tmp_path_factory.mktemp("upcoming"))
    of_2015 = COMPLETE.format(effective="2015-01-01", stated="2015年1月1日")
    for line in ("所在地:東京都千代田区架空町一丁目1番1号\n\n", "代表者:代表取締役 見本太郎\n\n"):
        of_2015 = of_2015.replace(line, "")
    _freeze(root, of_2015, dt.date(2014, 12, 1))
    _freeze(root, COMPLETE.format(effective="2030-01-01", stated="2030年1月1日"), TODAY)
    result = build_site(root, languages=("ja",), strict=False, today=TODAY.isoformat())
    output = "\n".join(build.output for build in result.languages)
    assert result.languages and result.languages[0].returncode == 0, output
    return root, root / "_build" / "work"  # one language alone is built, not published


def _html(site: Path, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site / "ja" / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_site_shows_the_in_force_text_s_own_result_once_an_upcoming_one_is_frozen(
    upcoming_site: tuple[Path, Path],
) -> None:
    root, site = upcoming_site
    check = check_site(load_site(root), TODAY, verify_revisions=False)
    policy = load_site(root).policy("acme/privacy")
    assert policy is not None
    in_force, upcoming = check.report(policy, "current"), check.report(policy, "2030-01-01")
    as_of_2015 = check.report(policy, "2015-01-01")
    assert in_force is not None and upcoming is not None and as_of_2015 is not None
    assert in_force.path.name == "2015-01-01.md" and in_force.law_date == TODAY

    def failing(report: object) -> list[str]:
        return [finding.rule.id for finding in report.findings if finding.fails]  # type: ignore[attr-defined]

    # By today's law the 2015 text lacks the address and representative; by 2015 law it did not.
    assert "operator_identity" in failing(in_force)
    assert "operator_identity" not in failing(as_of_2015) and "operator_identity" not in failing(upcoming)

    # The facts box on the main page: the in-force text's count by today's law.
    facts = _html(site, "policies/acme/privacy").select_one(".policydocs-policy-facts").get_text(" ", strip=True)
    assert f"必要記載事項が {len(failing(in_force))} 件不足" in facts, facts

    # The compliance page: the operator's identity is missing from the text in force, with the evidence there.
    page = _html(site, "compliance")
    row = next(tr for tr in page.select("table.policydocs-compliance tbody tr") if "株式会社アクメ" in tr.th.get_text())
    cell = row.select_one("td[data-rule=operator_identity]")
    assert "policydocs-verdict-missing" in cell["class"], cell
    assert "2015-01-01.md" in cell.a["title"] and "address" in cell.a["title"]


def _acme_revisions(tmp_path: Path, dates: tuple[str, ...]) -> Path:
    """test-basic whose acme froze its 2014 text again on each of ``dates`` (the same gaps each time)."""
    root = copy_root("basic", tmp_path)
    path = root / "policies" / "acme" / "privacy.md"
    text = path.read_text(encoding="utf-8").replace("  date_as_stated: 2014年2月17日\n", "")
    for date in dates:
        _freeze(root, text.replace("effective: 2014-02-17", f"effective: {date}"), dt.date.fromisoformat(date))
    return root


@pytest.mark.parametrize(
    ("revision", "article"),
    [("2015-06-01", "APPI Art. 24(1)(i)"), ("2020-06-01", "APPI Art. 27(1)(i)"), ("2023-06-01", "APPI Art. 32(1)(i)")],
)
def test_each_revision_cites_the_article_as_numbered_on_its_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], revision: str, article: str
) -> None:
    import json

    from policydocs.cli import main

    root = _acme_revisions(tmp_path, ("2015-06-01", "2020-06-01", "2023-06-01"))
    assert main(["--source", str(root), "check", "acme", "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    block = out.split(f"  {revision}: judged by the law in force on {revision} (its effective date)\n")[1]
    block = re.split(r"\n  \S", block)[0]
    assert f"operator_identity [must; {article}] missing" in block, block
    assert main(["--source", str(root), "check", "acme", "--format", "json", "--today", TODAY.isoformat()]) == 1
    reports = json.loads(capsys.readouterr().out)["reports"]
    (report,) = [r for r in reports if r["revision"] == revision]
    assert next(f for f in report["findings"] if f["rule"] == "operator_identity")["basis"] == article


def test_the_compliance_page_cites_each_revision_s_articles_as_they_stood(upcoming_site: tuple[Path, Path]) -> None:
    page = _html(upcoming_site[1], "compliance")
    # The Japanese page cites in Japanese legal style (第32条第1項第3号), converted by basis_ja.
    header = page.select_one("tr#disclosure_requests").get_text(" ", strip=True)
    assert basis_ja("APPI Art. 32(1)(iii), 33-35, 37") in header  # the texts in force: by today's law
    rows = page.select("table.policydocs-compliance-revisions tbody tr")
    # The archived 2014 text, by the law of 2014: the articles of the 2003 Act as then numbered.
    of_2014 = next(r for r in rows if "2014" in r.find_all("td")[1].get_text()).get_text()
    assert f"({basis_ja('APPI Art. 24(1)(i)')})" in of_2014, of_2014
    assert f"({basis_ja('APPI Art. 24(1)(iii), 25-27, 29')})" in of_2014, of_2014
    assert f"({basis_ja('Cabinet Order Art. 5(i); APPI Art. 31')})" in of_2014 and "第32条" not in of_2014
