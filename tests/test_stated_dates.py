"""Dates as policies state them: forms, eras, impossible days, roles; the policy_dates rule, and the
stated date against ``effective:`` through ``policydocs check`` and a build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bad_inputs import assert_refused, run_policydocs
from conftest import REPO, TODAY, copy_root
from policydocs.checker import Context, PolicyText, check_rule
from policydocs.loader import load_site
from policydocs.model import PolicyKind
from policydocs.rules import default_rules_path, load_rules
from policydocs.stated_date_check import DatesMemory, restate, stated_date_problems
from policydocs.stated_dates import dates_in_source, find_dates, latest_own

D = dt.date

# Lines as real policies write them (tests/corpus/privacy/*/policy.md and the seeds), with each date
# they state: (date, precision, role).
REAL = [
    ("2005年2月15日制定", [(D(2005, 2, 15), "day", "enacted")]),
    ("2006年12月20日改訂", [(D(2006, 12, 20), "day", "revised")]),
    ("2008年7月1日改訂", [(D(2008, 7, 1), "day", "revised")]),
    ("改定履歴 2022年11月1日 改定", [(D(2022, 11, 1), "day", "revised")]),
    (
        "個人情報の保護に関する法律（平成十五年法律第五十七号、以下「個人情報保護法」といいます。）",
        [(D(2003, 1, 1), "year", "law")],
    ),
    ("更新認定年月日：平成27年11月12日", [(D(2015, 11, 12), "day", "")]),  # the P-mark's renewal, not the policy's
    ("制定日：平成17年11月1日", [(D(2005, 11, 1), "day", "enacted")]),
    ("最終改定日：令和2年12月1日", [(D(2020, 12, 1), "day", "revised")]),
    (
        "制定日 ： 2015年10月30日 最終改定日 ： 2015年10月30日",
        [(D(2015, 10, 30), "day", "enacted"), (D(2015, 10, 30), "day", "revised")],
    ),
    ("2017年3月20日 制定", [(D(2017, 3, 20), "day", "enacted")]),
    ("2022年4月1日 改定", [(D(2022, 4, 1), "day", "revised")]),
    (
        "2026年8月16日 提供中のアプリのデータ取扱いに合わせて全面改定し、記載をアプリ別に整理",
        [(D(2026, 8, 16), "day", "dated")],
    ),
    ("2026年8月23日 Foldlyticsの保存・共有機能に関する記載を整理", [(D(2026, 8, 23), "day", "dated")]),
    ("制定：2008年1月11日", [(D(2008, 1, 11), "day", "enacted")]),
    ("改定：2011年11月1日", [(D(2011, 11, 1), "day", "revised")]),
    ("制定日：2025年9月28日", [(D(2025, 9, 28), "day", "enacted")]),
    ("改定日：2025年11月20日", [(D(2025, 11, 20), "day", "revised")]),
    ("ツルツル株式会社 2018年10月12日 制定", [(D(2018, 10, 12), "day", "enacted")]),
    ("この規程は、令和元年8月27日から施行する。", [(D(2019, 8, 27), "day", "effective")]),
    ("制定日2022年9月8日", [(D(2022, 9, 8), "day", "enacted")]),
    ("注：個人情報の保護に関する法律（平成一五年五月三十日法律第五十七号） 第二条", [(D(2003, 5, 30), "day", "law")]),
    ("最終更新日：2025年6月10日", [(D(2025, 6, 10), "day", "updated")]),
    ("2005年4月1日に、「個人情報保護法」が施行され、本学におきましても", [(D(2005, 4, 1), "day", "law")]),
    ("制定日：2024年4月1日", [(D(2024, 4, 1), "day", "enacted")]),
    ("最終改定日：2026年4月1日", [(D(2026, 4, 1), "day", "revised")]),
    ("令和４年４月１日", [(D(2022, 4, 1), "day", "dated")]),
    ("制定\u30002015年11月1日", [(D(2015, 11, 1), "day", "enacted")]),
    ("制定日：平成20年10月1日", [(D(2008, 10, 1), "day", "enacted")]),
    ("最終改定日：平成26年1月15日", [(D(2014, 1, 15), "day", "revised")]),
    (
        "当社は、平成２３年１１月２１日に「プライバシーマーク制度」を認定取得致しました。",
        [(D(2011, 11, 21), "day", "")],
    ),
    ("制定 \u3000平成２３年\u3000６月\u3000７日", [(D(2011, 6, 7), "day", "enacted")]),
    ("改定 \u3000平成２８年１１月\u3000１日", [(D(2016, 11, 1), "day", "revised")]),
    ("改定\u3000平成２８年１２月\u3000１日", [(D(2016, 12, 1), "day", "revised")]),
    ("制定日：平成30年4月", [(D(2018, 4, 1), "month", "enacted")]),
    ("制定日：平成21年6月1日", [(D(2009, 6, 1), "day", "enacted")]),
    ("最終改訂日：平成26年4月25日", [(D(2014, 4, 25), "day", "revised")]),
    ("※ 当ページは、2023年6月16日施行の、改正電気通信事業法に基づく外部送信規律", [(D(2023, 6, 16), "day", "law")]),
    ("最終調査月: 2023年6月現在", [(D(2023, 6, 1), "month", "")]),
    ("2023年6月16日制定", [(D(2023, 6, 16), "day", "enacted")]),
    ("制定日 ： 2013年9月9日", [(D(2013, 9, 9), "day", "enacted")]),
    ("令和４年４月１日改定", [(D(2022, 4, 1), "day", "revised")]),
    ("更新日時 2018年9月1日", [(D(2018, 9, 1), "day", "updated")]),
    # the seeds
    ("最終更新日:2020年9月25日", [(D(2020, 9, 25), "day", "updated")]),
    ("2014年2月17日", [(D(2014, 2, 17), "day", "dated")]),
    ("開示に関する法律(平成十三年十一月三十日法律第百三十七号)に基づく", [(D(2001, 11, 30), "day", "law")]),
    ("刑事訴訟法(昭和二十三年七月十日法律第百三十一号)などの", [(D(1948, 7, 10), "day", "law")]),
    ("個人情報の保護に関する法律(平成15年5月30日法律第57号、以下「個人情報保護法」)", [(D(2003, 5, 30), "day", "law")]),
]

# Every other form the reader promises.
FORMS = [
    ("2023/4/1 改定", [(D(2023, 4, 1), "day", "revised")]),
    ("改定日：2023.4.1", [(D(2023, 4, 1), "day", "revised")]),
    ("施行日: 2023-04-01", [(D(2023, 4, 1), "day", "effective")]),
    ("２０２３／０４／０１ 制定", [(D(2023, 4, 1), "day", "enacted")]),
    ("令和五年四月一日から施行する。", [(D(2023, 4, 1), "day", "effective")]),
    ("二〇二三年四月一日改定", [(D(2023, 4, 1), "day", "revised")]),
    ("平成二十八年十二月一日 制定", [(D(2016, 12, 1), "day", "enacted")]),
    ("令和元年5月1日制定", [(D(2019, 5, 1), "day", "enacted")]),
    ("平成２８年制定", [(D(2016, 1, 1), "year", "enacted")]),
    ("最終更新：2020年9月", [(D(2020, 9, 1), "month", "updated")]),
    ("H28.12.1 改定", [(D(2016, 12, 1), "day", "revised")]),
    ("㍻28年12月1日改定", [(D(2016, 12, 1), "day", "revised")]),
    ("附則 本方針は、2024年10月1日より施行します。", [(D(2024, 10, 1), "day", "effective")]),
    ("2022年4月1日に施行された改正個人情報保護法に対応しました。", [(D(2022, 4, 1), "day", "law")]),
    ("2020年度の事業計画", []),  # a fiscal year is not a date
    ("お問い合わせ 03-1234-5678、受付 9:00-17:00", []),
]


@pytest.mark.parametrize(("line", "expected"), REAL + FORMS, ids=[text[:24] for text, _ in REAL + FORMS])
def test_dates_as_policies_write_them(line: str, expected: list[tuple[dt.date, str, str]]) -> None:
    found = find_dates(line)
    assert [(d.date, d.precision, d.role) for d in found] == expected
    assert all(d.text in line and d.line == 1 and d.error == "" for d in found)


def test_the_table_is_mostly_real() -> None:
    assert len(REAL) >= 40


# Each era's first and last day, and the days either side.
BOUNDARIES = [
    ("明治元年1月25日", D(1868, 1, 25)),
    ("明治45年7月29日", D(1912, 7, 29)),
    ("大正元年7月30日", D(1912, 7, 30)),
    ("大正15年12月24日", D(1926, 12, 24)),
    ("昭和元年12月25日", D(1926, 12, 25)),
    ("昭和64年1月7日", D(1989, 1, 7)),
    ("平成元年1月8日", D(1989, 1, 8)),
    ("平成31年4月30日", D(2019, 4, 30)),
    ("令和元年5月1日", D(2019, 5, 1)),
    ("平成31年4月", D(2019, 4, 1)),
    ("令和元年5月", D(2019, 5, 1)),
    ("平成31年", D(2019, 1, 1)),
    ("令和元年", D(2019, 1, 1)),
    ("昭和64年1月", D(1989, 1, 1)),
    ("平成元年1月", D(1989, 1, 1)),
]


@pytest.mark.parametrize(("text", "day"), BOUNDARIES)
def test_era_dates_are_exact_at_the_boundaries(text: str, day: dt.date) -> None:
    (found,) = find_dates(text)
    assert (found.date, found.error) == (day, "")


IMPOSSIBLE = [
    ("平成31年5月1日", "平成 ended on 2019-04-30"),
    ("令和元年4月30日", "令和 began on 2019-05-01"),
    ("令和元年4月", "令和 began on 2019-05-01"),
    ("平成31年5月", "平成 ended on 2019-04-30"),
    ("平成32年", "平成 ended on 2019-04-30"),
    ("昭和64年1月8日", "昭和 ended on 1989-01-07"),
    ("平成元年1月7日", "平成 began on 1989-01-08"),
    ("大正元年7月29日", "大正 began on 1912-07-30"),
    ("明治元年1月24日", "明治 began on 1868-01-25"),
    ("2023年2月30日", "2023年2月 has 28 days"),
    ("2024年2月30日", "2024年2月 has 29 days"),
    ("2023年13月1日", "there is no month 13"),
    ("2023/4/31", "2023年4月 has 30 days"),
    ("平成0年4月1日", "平成 has no year 0"),
]


@pytest.mark.parametrize(("text", "error"), IMPOSSIBLE)
def test_an_impossible_date_is_reported_not_guessed(text: str, error: str) -> None:
    (found,) = find_dates(f"{text}改定")
    assert found.date is None and error in found.error, found
    assert latest_own([found]) is None


def test_month_and_year_precision_agree_with_any_day_within() -> None:
    month, year, day = find_dates("2020年9月\n2020年\n2020年9月25日")
    assert month.agrees(D(2020, 9, 30)) and not month.agrees(D(2020, 10, 1))
    assert year.agrees(D(2020, 12, 31)) and not year.agrees(D(2021, 1, 1))
    assert day.agrees(D(2020, 9, 25)) and not day.agrees(D(2020, 9, 24))


def test_a_source_is_read_by_its_lines_without_front_matter_comments_code_or_link_targets() -> None:
    source = (
        "---\npolicy:\n  effective: 2027-04-01\n---\n\n# 方針\n\n```\n2020年1月1日\n```\n\n"
        "% 2021-01-01 より前の版は別\n[記録](https://example.jp/2020/09/25/)\n\n制定：２０１４年２月１７日\n改定：2020年4月1日\n"
    )
    found = dates_in_source(source)
    assert [(d.text, d.line, d.role) for d in found] == [
        ("２０１４年２月１７日", 15, "enacted"),
        ("2020年4月1日", 16, "revised"),
    ]
    assert latest_own(found) == found[1]


def test_restate_writes_the_new_date_where_the_text_states_its_own() -> None:
    source = "# 方針\n\n個人情報保護法(平成15年5月30日法律第57号)\n\n2014年2月17日制定\n"
    assert restate(source, D(2018, 4, 1)) == "# 方針\n\n個人情報保護法(平成15年5月30日法律第57号)\n\n2018年4月1日制定\n"


RULES, _ = load_rules(default_rules_path(PolicyKind.PRIVACY))


def _policy_dates(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "privacy.md"
    path.write_text(f"---\npolicy:\n  organisation: x\n  kind: privacy\n---\n\n# 方針\n\n{body}\n", encoding="utf-8")
    assert RULES is not None
    rule = RULES.rule("policy_dates")
    assert rule is not None
    return check_rule(rule, PolicyText.parse(path), Context(D(2026, 11, 22)))


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("当社は個人情報を大切にします。\n\n制定日：令和元年5月1日\n\n最終改定日：平成２８年１２月\u3000１日", 11),
        ("本方針は、\n令和五年四月一日から施行する。", 10),
        ("制定日：平成30年4月", 9),
        ("- 2020/9/25 改定", 9),
    ],
)
def test_policy_dates_is_present_with_the_evidence_at_the_date(tmp_path: Path, body: str, line: int) -> None:
    finding = _policy_dates(tmp_path, body)
    assert (finding.verdict.value, finding.location.line) == ("present", line), finding.detail


def test_policy_dates_is_not_a_laws_date_nor_an_impossible_one(tmp_path: Path) -> None:
    law = _policy_dates(tmp_path, "個人情報保護法(平成15年5月30日法律第57号)を守ります。")
    assert law.verdict.value == "missing" and "a law's (「平成15年5月30日」 at line 9)" in law.detail
    wrong = _policy_dates(tmp_path, "平成31年5月1日改定")
    assert (wrong.verdict.value, wrong.location.line) == ("missing", 9)
    assert "平成 ended on 2019-04-30" in wrong.detail


def test_the_repository_states_its_dates_as_its_front_matter_records_them(tmp_path: Path) -> None:
    """No false finding on the five seeds or the sample, and the seeds' dates are read as recorded."""
    site = load_site(REPO)
    memory = DatesMemory.open(tmp_path)
    assert [p for policy in site.policies for p in stated_date_problems(policy, memory)] == []
    for policy in site.policies:
        latest = latest_own(list(memory.dates(policy.path, policy.digest)))
        if policy.date_as_stated:
            assert latest is not None and latest.text in policy.date_as_stated and policy.effective == latest.date
        else:
            assert latest is None, policy.path
    memory.save()
    assert DatesMemory.open(tmp_path).entries == memory.entries  # kept for the next run, by each text's SHA-256


def _stale_acme(root: Path, effective: str, stated: str) -> Path:
    path = root / "policies/acme/privacy.md"
    text = path.read_text(encoding="utf-8").replace("effective: 2014-02-17", f"effective: {effective}")
    path.write_text(f"{text}\n{stated}\n", encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if needle in line)


def test_check_reports_a_text_still_stating_its_old_date(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    path = _stale_acme(root, "2026-12-29", "2014年2月17日制定")
    outcome = run_policydocs(root, "check", "--today", TODAY)
    where = f"policies/acme/privacy.md:{_line_of(path, '2014年2月17日制定')}"
    assert_refused(outcome, where)
    assert "acme/privacy current text takes effect on 2026-12-29 (effective: at line 5)" in outcome.err
    assert "the latest date its text states is 「2014年2月17日」 (enacted, 2014-02-17)" in outcome.err
    assert "state the new date in the text (e.g. 「2026年12月29日改定」), or correct effective:" in outcome.err
    assert "1 other problem\n" in outcome.err


def test_check_accepts_a_new_date_stated_and_a_month_for_any_day_of_it(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    _stale_acme(root, "2026-12-29", "2014年2月17日制定\n\n令和8年12月改定")
    outcome = run_policydocs(root, "check", "--today", TODAY)
    assert "takes effect on" not in outcome.err and "0 other problems" in outcome.err, outcome.err


def test_a_frozen_revision_and_an_undated_text_are_told_too(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    path = _stale_acme(root, "2026-12-29", "2014年2月17日制定")
    frozen = run_policydocs(root, "snapshot", "acme/privacy", "--today", TODAY, "--no-catalogs")
    assert frozen.code == 0, frozen.text
    # The current text moves on; the frozen revision keeps its stale date.
    path.write_text(path.read_text(encoding="utf-8").replace("2026-12-29", "2027-01-05") + "\n2027年1月5日改定\n")
    beta = root / "policies/beta/privacy.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\n最終更新日：令和2年9月25日\n", encoding="utf-8")
    outcome = run_policydocs(root, "check", "--today", TODAY)
    revision = root / "policies/acme/privacy/2026-12-29.md"
    assert_refused(
        outcome,
        f"policies/acme/privacy/2026-12-29.md:{_line_of(revision, '2014年2月17日制定')}",
        f"policies/beta/privacy.md:{_line_of(beta, '最終更新日')}",
    )
    assert "this revision is frozen and cannot change" in outcome.err
    told = (
        "beta/privacy current text states 「令和2年9月25日」 (updated, 2020-09-25) as its date, but its effective: is"
    )
    assert f"{told} unknown (record it: effective: 2020-09-25)" in outcome.err
    assert f"policies/acme/privacy.md:{_line_of(path, '2014年2月17日制定')}" not in outcome.err


def test_the_build_warns_of_it_as_policy_stated_date(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = copy_root("basic", tmp_path)
    path = _stale_acme(root, "2026-12-29", "平成31年5月1日改定\n\n2014年2月17日制定")
    app = make_app("dirhtml", srcdir=root, confoverrides={"policydocs_today": TODAY})
    app.build()
    warnings = app.warning.getvalue()
    assert (
        f"policies/acme/privacy.md:{_line_of(path, '2014年2月17日制定')}: WARNING: acme/privacy current text "
        in warnings
    )
    assert f"policies/acme/privacy.md:{_line_of(path, '平成31年5月1日')}: WARNING: " in warnings
    assert "which is no date: 平成 ended on 2019-04-30" in warnings
    assert warnings.count("[policy.stated_date]") == 2
    assert "Traceback" not in warnings
