"""Evidence too weak to call present, and evidence offered for something else (issue 13).

Shaped like what real policies say: purposes told as the business's lines or as the occasions
of use; 「適切な管理」 naming no risk; a contact block's label taken for a measure; a request
about data on the user's own device; a desk offered only for the website or for corrections;
a place to complain named without a means of reaching it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policydocs.checker import Context, Finding, PolicyText, Verdict, check_rule
from policydocs.model import BodyKind, PolicyKind
from policydocs.rules import default_rules_path, load_rules

RULES, _PROBLEMS = load_rules(default_rules_path(PolicyKind.PRIVACY))
TODAY = dt.date(2026, 11, 22)
BEFORE_2022 = dt.date(2019, 8, 27)


def _finding(tmp_path: Path, rule_id: str, body: str, on: dt.date = TODAY) -> Finding:
    assert RULES is not None
    rule = RULES.rule(rule_id)
    assert rule is not None
    path = tmp_path / "privacy.md"
    path.write_text(f"---\npolicy:\n  organisation: x\n  kind: privacy\n---\n\n# ポリシー\n\n{body}", encoding="utf-8")
    return check_rule(rule, PolicyText.read(path), Context(on, "株式会社エックス", BodyKind.KABUSHIKI_KAISHA))


PURPOSES = [
    # The business's lines, not purposes of use: for a person to judge.
    (
        "1. 個人情報の収集、利用及び提供について、当社の事業目的（ウェブサイトの運営、システム開発など）"
        "を達成する範囲内で適正に取り扱います。\n",
        "needs-review",
    ),
    # The occasions of use, told as uses.
    (
        "## 3. 利用の範囲\n\nご提供いただいた個人情報は、当社からのご連絡、及びサービスのご提供の場合のみ利用され、"
        "それ以外の用途で利用されることはありません。\n",
        "needs-review",
    ),
    # Staying within the purposes, or acting to achieve them, lists none.
    ("当社は、利用目的の範囲で、お客様の個人情報を当社グループに提供することがあります。\n", "missing"),
    ("利用目的達成のため、お客様の個人情報を海外の拠点に移転する場合があります。\n", "missing"),
    # A list stays present.
    ("## 利用目的\n\n- 商品の発送のため\n- お問い合わせへの回答のため\n", "present"),
]


@pytest.mark.parametrize(("body", "expected"), PURPOSES)
def test_purposes_told_loosely_are_for_a_person_to_judge(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "purpose_of_use", body)
    assert finding.verdict == expected, finding.detail
    if expected == "needs-review":
        assert "a person should decide" in finding.detail


def test_appropriate_handling_naming_no_risk_is_weak_even_before_2022(tmp_path: Path) -> None:
    weak = "## 7. 個人情報の保護\n\n当社は個人情報の取り扱いに関して適切な管理を実施します。\n"
    finding = _finding(tmp_path, "security_measures", weak, on=BEFORE_2022)
    assert finding.verdict is Verdict.NEEDS_REVIEW, finding.detail
    assert finding.location.line == 11  # the sentence, not the heading (line 9)
    guarded = "当社は、個人情報の漏えい、滅失又はき損を防止するため、適切な措置を講じます。\n"
    assert _finding(tmp_path, "security_measures", guarded, on=BEFORE_2022).verdict is Verdict.PRESENT
    # Since 2022-04-01 the measures must be described: the promise is missing either way.
    assert _finding(tmp_path, "security_measures", weak).verdict is Verdict.MISSING


def test_a_contact_label_is_not_an_organisational_measure(tmp_path: Path) -> None:
    labelled = "## 事業者情報\n\n- 個人情報管理責任者：代表社員\n\n## 安全管理\n\n適切な管理措置を講じます。\n"
    assert _finding(tmp_path, "security_measures", labelled).verdict is Verdict.MISSING
    appointed = "## 安全管理\n\n個人情報管理責任者を置き、従業者への研修を行います。\n"
    assert _finding(tmp_path, "security_measures", appointed).verdict is Verdict.NEEDS_REVIEW


def test_requests_about_data_on_the_users_own_device_are_no_procedure(tmp_path: Path) -> None:
    device = (
        "## 端末内に保存する情報\n\nアプリの設定は端末内に保存します。"
        "端末上のアプリデータは、Androidの設定から消去できます。\n"
        "\n## お問い合わせ\n\nメール：support@example.jp\n"
    )
    assert _finding(tmp_path, "disclosure_requests", device).verdict is Verdict.MISSING
    held = (
        "## 個人情報の照会・訂正・削除について\n\nご本人が個人情報の照会／訂正／削除を希望される場合は、"
        "本人確認の上で対応いたします。下記のお問い合わせ窓口までご請求ください。\n"
        "\n## お問い合わせ窓口\n\nメール：support@example.jp\n"
    )
    assert _finding(tmp_path, "disclosure_requests", held).verdict is Verdict.PRESENT


COMPLAINTS = [
    # A desk for the website only.
    (
        "## お問い合わせ窓口\n\n本ウェブサイトに関するお問い合せにつきましては、以下のアドレスにご連絡ください。\n\n"
        "support@example.jp\n",
        "needs-review",
    ),
    # A form given only in the section on correction and deletion.
    (
        "## 4. 個人情報の訂正、削除\n\n個人情報の訂正・削除は下記の問い合せ先よりお知らせ下さい。\n\n"
        "- 問い合わせ窓口: https://forms.example.jp/abc\n",
        "needs-review",
    ),
    # ...with a general enquiry line elsewhere: present there.
    (
        "## 1. 事業者情報\n\n- お問い合わせ：info@example.jp\n\n## 4. 個人情報の訂正、削除\n\n"
        "個人情報の訂正・削除は下記の問い合せ先よりお知らせ下さい。\n\n- 問い合わせ窓口: https://forms.example.jp/abc\n",
        "present",
    ),
    # A desk for enquiries about personal information takes complaints.
    (
        "## お問い合わせ\n\n個人情報の取り扱いに関するお問い合わせは、下記にて受け付けております。\n\n"
        "電話：03-1234-5678\n",
        "present",
    ),
    # A place named without a means of reaching it.
    ("上記に関するお問い合わせ・ご意見等は、エックス学院事務局までお願いします。\n", "needs-review"),
    # A placeholder names no place.
    ("## お問い合わせ\n\n苦情のお申し出は、[個人情報相談窓口] までご連絡ください。\n", "missing"),
]


@pytest.mark.parametrize(("body", "expected"), COMPLAINTS)
def test_where_to_complain(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "complaint_contact", body)
    assert finding.verdict == expected, finding.detail


COLLECTED = [
    # Whose information, or from which source, without the items.
    ("## 利用目的\n\n- お取引先様から委託を受ける業務において取り扱う個人情報：契約の履行のため\n", "needs-review"),
    ("（1）ご本人から直接書面によって取得する個人情報の利用目的は、取得に先立ち明示します。\n", "needs-review"),
    # The scope of collection, or a list kept elsewhere.
    ("当クリニックが個人情報を収集する場合、診療など患者様の医療にかかわる範囲で行います。\n", "needs-review"),
    ("取得する個人情報は、「個人情報保有目録」に掲載のとおりです。\n", "needs-review"),
    # How, not what: missing.
    ("## 個人情報の取得\n\n当社は、適法かつ公正な手段により個人情報を取得します。\n", "missing"),
    # The items: present.
    ("## 個人情報の取得\n\n当社は、お名前、住所、電話番号、メールアドレスを取得します。\n", "present"),
]


@pytest.mark.parametrize(("body", "expected"), COLLECTED)
def test_whose_information_or_its_scope_is_short_of_the_items(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "info_collected", body)
    assert finding.verdict == expected, finding.detail


OPERATOR = "株式会社エックス\n\n東京都千代田区一丁目1番1号\n\n"
FAULTS_FIRST_SEEN_ON_HELD_OUT_TEXTS = [
    # Art. 32(1)(i) asks for the representative's name: the post alone names no one.
    ("operator_identity", f"{OPERATOR}当社は、代表取締役を管理責任者とします。\n", "missing"),
    ("operator_identity", f"{OPERATOR}代表取締役 山田 太郎\n", "present"),
    # Supervising the staff is a personnel measure (Art. 24); a contractor's NDA is not the business's own.
    ("security_measures", "## 安全管理\n\n当社は、従業者に対し適切な監督を行います。\n", "needs-review"),
    ("security_measures", "## 委託\n\n委託先とは秘密保持契約を締結し、適切な管理を行っています。\n", "missing"),
    # A promise to tell before a joint use that may come declares none.
    ("joint_use", "当社が個人情報を共同利用させていただく場合は、あらかじめお知らせします。\n", "not-applicable"),
    # A change log records past changes, not how the policy is changed.
    ("policy_changes", "## 変更履歴\n\n2022年5月14日 作成\n", "missing"),
    # Purposes given by reference to another instrument's articles are not stated.
    ("purpose_of_use", "個人情報の利用目的は、当会の会則第4条（目的）および第5条（事業）とします。\n", "missing"),
    # A definition of the term lists nothing collected.
    ("info_collected", "「個人情報」（氏名、生年月日等、特定の個人を識別できる情報）を大切にします。\n", "missing"),
]


@pytest.mark.parametrize(("rule_id", "body", "expected"), FAULTS_FIRST_SEEN_ON_HELD_OUT_TEXTS)
def test_faults_first_seen_on_texts_the_checker_had_never_met(
    tmp_path: Path, rule_id: str, body: str, expected: str
) -> None:
    finding = _finding(tmp_path, rule_id, body)
    assert finding.verdict == expected, finding.detail
