"""The required-section checker: verdicts on the seeds, recognition, labels, waivers, dates, rule files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO
from policydocs.checker import Context, PolicyText, Verdict, check_policy, check_rule, check_site, label_problems
from policydocs.cli import main
from policydocs.loader import load_site
from policydocs.model import BodyKind, PolicyKind
from policydocs.rules import default_rules_path, load_rules

RULES, _PROBLEMS = load_rules(default_rules_path(PolicyKind.PRIVACY))
TODAY = dt.date(2026, 11, 22)
SITE = load_site(REPO)

# Every must rule's verdict on each seed's current text (judged by the law on TODAY), with the
# line of the evidence (or of where the section should go) and the text found on that line.
SEED_VERDICTS = {
    "cremedelacreme": {
        "operator_identity": ("missing", 57, "## ご質問やご提案について"),  # a brand: no operator's name, no address
        "purpose_of_use": ("present", 18, "以下の11の目的で利用します"),
        "disclosure_requests": ("missing", 57, "## ご質問やご提案について"),
        # Rules, organisation, password and SSL: three of the guidelines' kinds described.
        "security_measures": ("present", 49, "社内規程および組織を整備"),
        "complaint_contact": ("missing", 57, "## ご質問やご提案について"),  # a heading with nothing under it
    },
    "digiro": {
        "operator_identity": ("missing", 12, "株式会社デジロウ"),  # name stated; no address, no representative
        "purpose_of_use": ("present", 30, "以下の目的の達成に必要な範囲内で"),
        "disclosure_requests": ("missing", 89, "## 5. 個人情報及び個人データについての開示"),  # only a placeholder
        # Since 2022-04-01 the measures must be described: section 4 only names the categories
        # (「組織的・人的・技術的・物理的な安全管理措置を実施」); a manager is named for SMS data.
        "security_measures": ("needs-review", 86, "組織的・人的・技術的・物理的な安全管理措置"),
        "complaint_contact": ("missing", 92, "以下のお問い合わせ窓口までご連絡ください"),
    },
    "openclose": {
        "operator_identity": ("missing", 12, "有限会社オープンクローズ"),
        "purpose_of_use": ("present", 22, "各サービスの提供と個人認証の目的及び範囲"),
        # The e-mail address is missing from section 7, but the policy's enquiry form takes
        # 「お客様の個人情報についてのお問い合わせ」: somewhere to apply, wherever it stands.
        "disclosure_requests": ("present", 53, "開示、訂正、追加及び利用停止をご希望の方は"),
        # A manager, a password and SSL: two kinds described, short of a description (2022 law).
        "security_measures": ("needs-review", 49, "パスワードで保護"),
        "complaint_contact": ("present", 61, "お問い合わせフォーム"),  # an inquiry form
    },
    "soarer-owners-club": {
        "operator_identity": ("missing", 9, "Soarer Owners' Club"),  # a club: name only, no address
        "purpose_of_use": ("present", 25, "以下の9の目的で利用します"),
        "disclosure_requests": ("present", 58, "オンラインで"),  # online self-service
        # 「最大限の努力」 only: no measure described, which 2022 law requires.
        "security_measures": ("missing", 62, "外部漏洩を未然に防ぐ"),
        "complaint_contact": ("missing", 64, None),  # nowhere: the end of the file is where to add it
    },
    "yamazakura": {
        "operator_identity": ("missing", 11, "株式会社山櫻"),
        "purpose_of_use": ("present", 55, "以下の具体的な利用目的"),
        "disclosure_requests": ("present", 76, "所定の設定"),
        "security_measures": (
            "present",
            110,
            "弊社は、利用者情報の正確性を保ち",
        ),  # body only: the block has no heading
        "complaint_contact": ("present", 133, "TEL:03-5543-6349"),
    },
}


def _reports(slug: str) -> dict[str, dict[str, object]]:
    org = SITE.organisation(slug)
    assert org is not None and RULES is not None
    privacy = next(p for p in org.policies if p.kind.value == "privacy")  # the sample has other kinds too
    return {r.key: {f.rule.id: f for f in r.findings} for r in check_policy(RULES, privacy, org, TODAY)}


@pytest.mark.parametrize("slug", sorted(SEED_VERDICTS))
def test_seed_must_rule_verdicts_are_justified_by_the_text(slug: str, report) -> None:  # type: ignore[no-untyped-def]
    findings = _reports(slug)["current"]
    policy_lines = (REPO / "policies" / slug / "privacy.md").read_text(encoding="utf-8").splitlines()
    for rule_id, (verdict, line, text) in SEED_VERDICTS[slug].items():
        finding = findings[rule_id]
        assert (finding.verdict.value, finding.location.line) == (verdict, line), (rule_id, finding.detail)
        if text is not None:
            assert text in policy_lines[line - 1], (rule_id, policy_lines[line - 1])
        else:
            assert line == len(policy_lines)
    missing = [rule for rule, (verdict, _line, _text) in SEED_VERDICTS[slug].items() if verdict == "missing"]
    report(f"checker {slug}: must rules missing: {', '.join(missing) or 'none'}")


def test_details_say_why() -> None:
    assert (
        "only the placeholder 「[個人データ開示等相談窓口]」"
        in _reports("digiro")["current"]["disclosure_requests"].detail
    )
    assert "has no content" in _reports("cremedelacreme")["current"]["complaint_contact"].detail
    assert "lacks address (住所), representative" in _reports("openclose")["current"]["operator_identity"].detail
    fee = _reports("yamazakura")["current"]["disclosure_fee"]  # a fee is charged, its amount is not stated
    assert (fee.verdict, fee.location.line) == (Verdict.MISSING, 97)


def test_a_revision_is_judged_by_the_law_on_its_date() -> None:
    reports = _reports("openclose")
    old = reports["2014-02-17"]
    # In 2014 a statement of the measures (a password, SSL) was enough; since 2022-04-01 they
    # must be described, and the same words are only a partial description.
    assert old["security_measures"].verdict is Verdict.PRESENT
    assert old["operator_identity"].verdict is Verdict.PRESENT  # the address became required in 2022
    assert reports["current"]["security_measures"].verdict is Verdict.NEEDS_REVIEW


def _text(tmp_path: Path, body: str, front: str = "") -> PolicyText:
    path = tmp_path / "privacy.md"
    path.write_text(
        f"---\npolicy:\n  organisation: x\n  kind: privacy\n{front}---\n\n# ポリシー\n\n{body}", encoding="utf-8"
    )
    return PolicyText.read(path)


def _verdict(tmp_path: Path, rule_id: str, body: str, front: str = "", on: dt.date = TODAY, kind=None):  # type: ignore[no-untyped-def]
    assert RULES is not None
    rule = RULES.rule(rule_id)
    assert rule is not None
    return check_rule(
        rule, _text(tmp_path, body, front), Context(on, "株式会社エックス", kind or BodyKind.KABUSHIKI_KAISHA)
    )


@pytest.mark.parametrize(
    "heading", ["第3条 利用目的", "(2) 利用目的", "② 利用目的", "■利用目的", "3.利用目的", "利用目的について"]
)
def test_headings_are_recognised_whatever_the_numbering(tmp_path: Path, heading: str) -> None:
    finding = _verdict(tmp_path, "purpose_of_use", f"## {heading}\n\nサービスの提供のため。\n")
    assert finding.verdict is Verdict.PRESENT and "section" in finding.detail
    assert finding.location.line == 11  # the passage under the heading, not the heading


def test_full_width_text_is_normalised(tmp_path: Path) -> None:
    finding = _verdict(tmp_path, "complaint_contact", "## お問い合わせ\n\nＴＥＬ:０３−１２３４−５６７８\n")
    assert finding.verdict is Verdict.PRESENT


def test_body_text_counts_without_a_heading(tmp_path: Path) -> None:
    finding = _verdict(
        tmp_path,
        "security_measures",
        "## その他\n\nはじめに。\n\n当社は必要な安全管理措置を講じます。\n",
        on=dt.date(2021, 4, 1),  # a statement was enough then
    )
    assert finding.verdict is Verdict.PRESENT and finding.location.line == 13


def test_a_label_wins_over_recognition(tmp_path: Path) -> None:
    body = "(security_measures)=\n## 7. 情報の取扱い\n\n当社は従業者を教育します。\n"
    finding = _verdict(tmp_path, "security_measures", body, on=dt.date(2021, 4, 1))
    assert finding.verdict is Verdict.PRESENT and finding.detail == "labelled section 「7. 情報の取扱い」"
    assert finding.location.line == 12  # the passage under the labelled heading
    empty = _verdict(tmp_path, "security_measures", "(security_measures)=\n## 7. 情報の取扱い\n")
    assert empty.verdict is Verdict.MISSING and "has no content" in empty.detail


def test_empty_sections_and_placeholders_do_not_count(tmp_path: Path) -> None:
    empty = _verdict(tmp_path, "complaint_contact", "## 苦情の窓口\n")
    assert empty.verdict is Verdict.MISSING and "has no content" in empty.detail
    placeholder = _verdict(tmp_path, "complaint_contact", "## 苦情の窓口\n\n\\[相談窓口\\]\n")
    assert placeholder.verdict is Verdict.MISSING and "only the placeholder 「[相談窓口]」" in placeholder.detail
    # A place named without a means of reaching it is for a person to judge (test_checker_weak_evidence).
    no_means = _verdict(tmp_path, "complaint_contact", "## 苦情の窓口\n\n当社までご連絡ください。\n")
    assert no_means.verdict is Verdict.NEEDS_REVIEW and "usable means of contact" in no_means.detail
    usable = _verdict(tmp_path, "complaint_contact", "## 苦情の窓口\n\nprivacy@example.jp までご連絡ください。\n")
    assert usable.verdict is Verdict.PRESENT


def test_waivers_are_shown_with_their_reason(tmp_path: Path) -> None:
    front = "  waivers:\n    security_measures: 個人情報を取り扱わないため\n"
    finding = _verdict(tmp_path, "security_measures", "本文。\n", front)
    assert finding.verdict is Verdict.WAIVED and finding.detail == "個人情報を取り扱わないため"
    assert finding.location.line == 6


def test_law_in_force_by_date(tmp_path: Path) -> None:
    before = _verdict(tmp_path, "personally_referable_info", "本文。\n", on=dt.date(2022, 3, 31))
    assert before.verdict is Verdict.NOT_APPLICABLE and "2022-04-01" in before.detail
    after = _verdict(tmp_path, "personally_referable_info", "本文。\n", on=dt.date(2022, 4, 1))
    assert after.verdict is Verdict.MISSING
    # A statement of the security measures was enough until 2022-03-31; from 2022-04-01 it is not.
    statement = "当社は、個人情報の漏えいを防止するため、必要かつ適切な安全管理措置を講じます。\n"
    assert _verdict(tmp_path, "security_measures", statement, on=dt.date(2022, 3, 31)).verdict is Verdict.PRESENT
    assert _verdict(tmp_path, "security_measures", statement, on=dt.date(2022, 4, 1)).verdict is Verdict.MISSING
    name_only = "株式会社エックスは個人情報を大切にします。\n"
    assert _verdict(tmp_path, "operator_identity", name_only, on=dt.date(2021, 1, 1)).verdict is Verdict.PRESENT
    assert _verdict(tmp_path, "operator_identity", name_only).verdict is Verdict.MISSING
    full = name_only + "\n所在地:東京都千代田区一丁目1番1号\n\n代表者:代表取締役 山田太郎\n"
    assert _verdict(tmp_path, "operator_identity", full).verdict is Verdict.PRESENT
    # A sole trader has no representative to name. (A club has: an association with a representative
    # must name them, APPI Art. 32(1)(i) as Art. 27(2)(i) reads it; see tests/test_legal_forms.py.)
    trader = "株式会社エックスは…\n\n所在地:東京都千代田区一丁目1番1号\n"  # the context's name, whatever the form
    assert _verdict(tmp_path, "operator_identity", trader, kind=BodyKind.SOLE_TRADER).verdict is Verdict.PRESENT
    assert _verdict(tmp_path, "operator_identity", trader, kind=BodyKind.CLUB).verdict is Verdict.MISSING


def test_conditional_rules_apply_when_the_policy_mentions_the_practice(tmp_path: Path) -> None:
    assert _verdict(tmp_path, "joint_use", "本文。\n").verdict is Verdict.NOT_APPLICABLE
    mentioned = _verdict(tmp_path, "joint_use", "当社はグループ会社と共同利用します。\n")
    assert mentioned.verdict is Verdict.MISSING and mentioned.location.line == 9
    complete = (
        "当社は次のとおり共同利用します。項目:氏名。共同して利用する者の範囲:子会社。"
        "利用する者の利用目的:サービス提供。管理について責任を有する者:当社。\n"
    )
    assert _verdict(tmp_path, "joint_use", complete).verdict is Verdict.PRESENT
    declared = _verdict(tmp_path, "joint_use", "本文。\n", "  declares: [joint_use]\n")
    assert declared.verdict is Verdict.MISSING


def test_labels_and_waivers_naming_no_rule_are_located(tmp_path: Path) -> None:
    assert RULES is not None
    text = _text(tmp_path, "(security_measure)=\n## 安全\n\n本文。\n", "  waivers:\n    no_such_rule: 理由\n")
    problems = [str(p) for p in label_problems(RULES, text)]
    assert (
        f"{tmp_path / 'privacy.md'}:11: label 'security_measure' names no rule (did you mean 'security_measures'?)"
        in problems
    )
    assert any(p.startswith(f"{tmp_path / 'privacy.md'}:6: waiver 'no_such_rule' names no rule") for p in problems)


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        ('level = "must"\nin_force = 2005-04-01\nheadings', 0, "is not valid TOML"),
        ('level = "must"', 7, "unknown level 'mandatory'"),
        ("headings = ['利用(の)?目的']", 13, "not a valid regular expression"),
        ("body = ['利用目的'", 14, "unknown pattern group @nothing"),
    ],
)
def test_bad_rule_files_are_reported_with_file_and_line(tmp_path: Path, change: str, line: int, message: str) -> None:
    rule = (
        'kind = "privacy"\n[patterns]\ncontact = ["x"]\n\n[[rule]]\nid = "purpose_of_use"\nlevel = "must"\n'
        'name_ja = "利用目的"\nname_en = "Purpose"\nbasis = "APPI"\nin_force = 2005-04-01\n'
        "needs_content = true\nheadings = ['利用(の)?目的']\nbody = ['利用目的']\n"
    )
    replacements = {
        'level = "must"\nin_force = 2005-04-01\nheadings': rule.replace("in_force = 2005-04-01", "in_force = 2005-04-"),
        'level = "must"': rule.replace('level = "must"', 'level = "mandatory"'),
        "headings = ['利用(の)?目的']": rule.replace("利用(の)?目的", "利用(の?目的"),
        "body = ['利用目的'": rule.replace("body = ['利用目的']", "body = ['@nothing']"),
    }
    path = tmp_path / "rules.toml"
    path.write_text(replacements[change], encoding="utf-8")
    ruleset, problems = load_rules(path)
    assert problems, ruleset
    text = str(problems[0])
    assert text.startswith(f"{path}:") and message in text
    if line:
        assert text.startswith(f"{path}:{line}:")


def test_default_rules_load_without_problems() -> None:
    assert RULES is not None and _PROBLEMS == []
    assert {"operator_identity", "security_measures", "external_transmission", "pi_manager"} <= set(RULES.ids)


def test_check_command_on_this_repository_lists_the_real_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(REPO), "check", "--today", "2026-11-22"]) == 1
    captured = capsys.readouterr()
    assert "openclose/privacy: 1 of 2 texts misses a required section" in captured.out
    assert "  current: judged by the law in force on 2026-11-22 (its build date)" in captured.out
    assert (
        "✗ operator_identity [must; APPI Art. 32(1)(i)] missing: lacks address (住所), representative" in captured.out
    )
    assert "at policies/digiro/privacy.md:89; label it (disclosure_requests)=" in captured.out
    assert "miss a required section" in captured.err

    assert main(["--source", str(REPO), "check", "yamazakura", "--format", "json", "--today", "2026-11-22"]) == 1
    data = json.loads(capsys.readouterr().out)
    (current,) = [r for r in data["reports"] if r["revision"] == "current"]
    fee = next(f for f in current["findings"] if f["rule"] == "disclosure_fee")
    assert (fee["verdict"], fee["file"], fee["line"]) == ("missing", "policies/yamazakura/privacy.md", 97)


def test_site_check_verifies_hashes_too(tmp_path: Path) -> None:
    result = check_site(SITE, TODAY)
    assert result.fails and result.problems == ()
    assert len(result.reports) == sum(1 + len(p.revisions) for p in SITE.policies)


def test_the_sample_template_satisfies_every_must_rule() -> None:
    """The fictional sample is the template editors copy: its newest text meets the law of its day.

    Its 2023 and 2024 texts only state that measures are taken (「必要かつ適切な安全管理措置を講じます」),
    which since 2022-04-01 is not a description of them: the 2027 revision lists them, as its
    summary says. Every other must rule is met by every revision.
    """
    reports = _reports("sample")
    assert set(reports) == {"current", "2023-04-01", "2024-10-01", "2027-04-01"}
    for key, findings in reports.items():
        failing = [rule for rule, finding in findings.items() if finding.fails]
        assert failing == ([] if key == "2027-04-01" else ["security_measures"]) or failing == [], key


def _copy_of_sample(tmp_path: Path) -> Path:
    import shutil

    # Its privacy policy alone: the cache tests count one rule file's cache (the sample has other kinds too).
    site = tmp_path / "site"
    source, target = REPO / "policies" / "sample", site / "policies" / "sample"
    shutil.copytree(source / "privacy", target / "privacy")
    for name in ("index.md", "privacy.md"):
        shutil.copy2(source / name, target / name)
    return site


def test_a_second_check_reads_findings_from_the_cache(tmp_path: Path) -> None:
    site_dir = _copy_of_sample(tmp_path)
    cache = tmp_path / "cache"
    first = check_site(load_site(site_dir), TODAY, cache_dir=cache)
    assert len(list(cache.glob("check-*.pickle"))) == 1
    second = check_site(load_site(site_dir), TODAY, cache_dir=cache)
    assert second == first
    assert {f.rule.id for r in second.reports for f in r.findings} == set(RULES.ids)


def test_an_edited_text_is_checked_afresh_not_served_from_the_cache(tmp_path: Path) -> None:
    site_dir = _copy_of_sample(tmp_path)
    cache = tmp_path / "cache"
    # On the day the current text takes effect, so that "current" is that text (before, the 2024 one is in force).
    today = dt.date(2027, 4, 1)
    before = check_site(load_site(site_dir), today, cache_dir=cache).report(load_site(site_dir).policies[0], "current")
    assert before is not None and {f.rule.id: f.verdict for f in before.findings}["complaint_contact"] == "present"
    current = site_dir / "policies" / "sample" / "privacy.md"
    text = current.read_text(encoding="utf-8")
    current.write_text(text[: text.index("## 6. お問い合わせ窓口")], encoding="utf-8")  # no complaint desk any more
    after = check_site(load_site(site_dir), today, cache_dir=cache).report(load_site(site_dir).policies[0], "current")
    assert after is not None
    verdicts = {f.rule.id: f.verdict for f in after.findings}
    assert verdicts["complaint_contact"] is Verdict.MISSING


def test_a_changed_rule_file_starts_a_new_cache(tmp_path: Path) -> None:
    site_dir = _copy_of_sample(tmp_path)
    cache = tmp_path / "cache"
    check_site(load_site(site_dir), TODAY, cache_dir=cache)
    (old,) = cache.glob("check-*.pickle")
    rules = tmp_path / "privacy-ja.toml"
    rules.write_text(default_rules_path(PolicyKind.PRIVACY).read_text(encoding="utf-8") + "\n# edited\n")
    check_site(load_site(site_dir), TODAY, rules_file=rules, cache_dir=cache)
    (new,) = cache.glob("check-*.pickle")
    assert new != old


def test_each_rule_file_keeps_its_own_cache(tmp_path: Path) -> None:
    site_dir = _copy_of_sample(tmp_path)
    cache = tmp_path / "cache"
    check_site(load_site(site_dir), TODAY, cache_dir=cache)
    other = tmp_path / "privacy-other.toml"
    other.write_text(default_rules_path(PolicyKind.PRIVACY).read_text(encoding="utf-8"), encoding="utf-8")
    check_site(load_site(site_dir), TODAY, rules_file=other, cache_dir=cache)
    names = sorted(path.name.rsplit("-", 1)[0] for path in cache.glob("check-*.pickle"))
    assert names == ["check-privacy-ja", "check-privacy-other"]


def test_an_unreadable_cache_is_ignored(tmp_path: Path) -> None:
    site_dir = _copy_of_sample(tmp_path)
    cache = tmp_path / "cache"
    expected = check_site(load_site(site_dir), TODAY, cache_dir=cache)
    (path,) = cache.glob("check-*.pickle")
    path.write_bytes(b"not a pickle")
    assert check_site(load_site(site_dir), TODAY, cache_dir=cache) == expected
