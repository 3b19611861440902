"""Terms of use (利用規約): the rule set of rules/terms-ja.toml on small cases shaped like real terms.

Most cases are about clauses the law makes void ([[rule.forbids]], policydocs.defects): a total
exclusion of liability against one carved out in the same sentence or its proviso, a carve-out in
another article that saves nothing, the saving clause 「法令に反しない限り」 before and after
Consumer Contract Act Art. 8(3) came into force, late-payment damages at and above 14.6%, silence
taken as consent. The others: deemed agreement (Civil Code Art. 548-2), a change clause complete
or 'without notice' (548-4), an agreed court fixed by an address the text never states.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policydocs.checker import Context, Finding, PolicyText, Verdict, check_rule
from policydocs.defects import sentences
from policydocs.model import BodyKind, PolicyKind
from policydocs.rules import default_rules_path, load_rules

RULES, PROBLEMS = load_rules(default_rules_path(PolicyKind("terms")))
TODAY = dt.date(2026, 11, 22)
BEFORE_8_3 = dt.date(2023, 5, 31)  # the day before Consumer Contract Act Art. 8(3) came into force


def _finding(tmp_path: Path, rule_id: str, body: str, on: dt.date = TODAY, front: str = "") -> Finding:
    assert RULES is not None
    rule = RULES.rule(rule_id)
    assert rule is not None
    path = tmp_path / "terms.md"
    path.write_text(
        f"---\npolicy:\n  organisation: x\n  kind: terms\n{front}---\n\n# 利用規約\n\n{body}", encoding="utf-8"
    )
    return check_rule(rule, PolicyText.read(path), Context(on, "株式会社エックス", BodyKind.KABUSHIKI_KAISHA))


def _line(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "terms.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_the_rule_file_loads_with_the_items_of_the_corpus_in_order() -> None:
    assert PROBLEMS == [] and RULES is not None
    items = Path(__file__).resolve().parent / "corpus" / "terms" / "items.toml"
    ids = [line.split('"')[1] for line in items.read_text(encoding="utf-8").splitlines() if line.startswith("id = ")]
    assert list(RULES.ids) == ids
    defects = {rule.id for rule in RULES.rules if rule.judges_defects}
    assert defects == {"liability_limits_valid", "cancellation_penalty_valid", "consumer_interests"}


def test_a_sentence_ends_at_a_full_stop_outside_brackets() -> None:
    text = "当社は、当社の過失（重過失を除きます。）による損害を賠償します。ただし、上限があります。"
    first = "当社は、当社の過失（重過失を除きます。）による損害を賠償します。"
    assert sentences(text) == [first, "ただし、上限があります。"]


LIABILITY = [
    # A total exclusion, nothing saved: void (Art. 8(1)(i), (iii)).
    ("## 第9条（免責）\n\n当社は、本サービスの利用により生じた損害について、一切の責任を負いません。\n", "missing"),
    ("当サイトに掲載された内容において生じた一切の損害の責任を負いかねますので、ご了承ください。\n", "missing"),
    # The carve-out in the same sentence saves it.
    ("当社は、当社の故意又は重過失による場合を除き、本サービスに起因する損害の責任を負いません。\n", "present"),
    # So does the proviso after it: the clause does not apply to consumer contracts.
    (
        "当社は、本サービスに関してユーザーに生じたあらゆる損害について一切の責任を負いません。ただし、本規約が"
        "消費者契約法に定める消費者契約となる場合、この免責規定は適用されません。\n",
        "present",
    ),
    # A cap that leaves out intent and gross negligence, with 。 inside its brackets.
    (
        "当社の過失（重過失を除きます。）による損害の賠償は、ユーザーが当月に支払った利用料金の額を上限とします。\n",
        "present",
    ),
    # A cap with no such exception: void as to gross negligence (Art. 8(1)(ii), (iv)).
    ("サービス利用により生じた損害について、当社の責任は支払済み利用料金の範囲内に限定されます。\n", "missing"),
    # Excepting every fault of the business's own leaves only what it is not liable for anyway.
    ("当社は、当社の責に帰すべき事由による場合を除き、ユーザーに生じた損害について責任を負いません。\n", "present"),
    # Exclusions about others' sites or disputes between users exclude none of the business's own liability.
    ("当社は、リンク先の外部サイトに掲載された情報について一切の責任を負いません。\n", "present"),
    # No clause on liability at all.
    ("## お問い合わせ\n\nメール：info@example.jp\n", "not-applicable"),
]


@pytest.mark.parametrize(("body", "expected"), LIABILITY)
def test_exclusions_of_liability_are_void_unless_carved_out_in_the_same_sentence(
    tmp_path: Path, body: str, expected: str
) -> None:
    finding = _finding(tmp_path, "liability_limits_valid", body)
    assert finding.verdict == expected, finding.detail


def test_a_carve_out_in_another_article_does_not_save_this_one(tmp_path: Path) -> None:
    body = (
        "## 第6条（利用制限）\n\n"
        "当社は、ユーザーが本規約に違反した場合、事前の通知なく、本サービスの利用を制限することができるものとします。\n"
        "当社は、本条に基づき当社が行った行為によりユーザーに生じた損害について、一切の責任を負いません。\n\n"
        "## 第9条（免責事項）\n\n"
        "当社は、本サービスに起因してユーザーに生じたあらゆる損害について一切の責任を負いません。ただし、本規約が"
        "消費者契約法に定める消費者契約となる場合、この免責規定は適用されません。\n"
    )
    finding = _finding(tmp_path, "liability_limits_valid", body)
    assert finding.verdict is Verdict.MISSING
    # Located at the offending sentence's own line (the second line of its paragraph), quoted in the detail.
    assert finding.location.line == _line(tmp_path, "本条に基づき当社が行った行為")
    assert "「当社は、本条に基づき当社が行った行為" in finding.detail and "Art. 8(1)" in finding.detail
    assert finding.fails


SAVING = "当社は、法令に反しない限り、本サービスに関してユーザーに生じた損害の賠償の責任を負いません。\n"
SAVING_CAP = "当社が賠償する損害の額は、法令上許される範囲で、ご注文の代金の額を上限とします。\n"


@pytest.mark.parametrize("body", [SAVING, SAVING_CAP])
def test_a_saving_clause_is_void_since_2023_06_01_and_borderline_before(tmp_path: Path, body: str) -> None:
    after = _finding(tmp_path, "liability_limits_valid", body, on=dt.date(2023, 6, 1))
    assert after.verdict is Verdict.MISSING and "Art. 8(3)" in after.detail
    before = _finding(tmp_path, "liability_limits_valid", body, on=BEFORE_8_3)
    assert before.verdict is Verdict.NEEDS_REVIEW and not before.fails
    # Saying it excludes only slight negligence is what Art. 8(3) asks for.
    fixed = body.replace("法令に反しない限り", "当社の軽過失による場合に限り").replace(
        "法令上許される範囲で", "当社の故意又は重大な過失による場合を除き"
    )
    assert _finding(tmp_path, "liability_limits_valid", fixed).verdict is Verdict.PRESENT


def test_a_rule_judged_by_its_defects_may_be_waived_with_a_reason(tmp_path: Path) -> None:
    front = "  waivers:\n    liability_limits_valid: 事業者間の取引にのみ用いる規約で、消費者契約法の適用がない\n"
    body = "当社は、本サービスに関する一切の責任を負いません。\n"
    finding = _finding(tmp_path, "liability_limits_valid", body, front=front)
    assert finding.verdict is Verdict.WAIVED and "消費者契約法" in finding.detail


CANCELLATION = [
    ("ユーザーが利用料金の支払を遅滞した場合には、年14.6％の割合による遅延損害金を支払うものとします。\n", "present"),
    ("ユーザーが利用料金の支払を遅滞した場合には、年18％の割合による遅延損害金を支払うものとします。\n", "missing"),
    ("支払が遅れたときは、年率20パーセントの遅延損害金をお支払いいただきます。\n", "missing"),
    # Keeping the prepaid rest of a term on cancellation may exceed the average loss: for a person.
    ("年間プランの契約期間中の解約の場合、未使用分の返金は行いません。\n", "needs-review"),
    ("中途解約の場合は、解約手数料として残存期間の利用料金の50%をお支払いいただきます。\n", "needs-review"),
    # A month not refunded is no penalty; a subscription stopped before renewal is a clause of the kind.
    ("解約は次回更新日の前日までにお手続きください。当月分の返金はありません。\n", "present"),
    ("期間終了の24時間前までにオフにしない限り、サブスクリプションは自動的に更新されます。\n", "present"),
    ("本アプリは無料でご利用いただけます。\n", "not-applicable"),
]


@pytest.mark.parametrize(("body", "expected"), CANCELLATION)
def test_cancellation_charges_and_late_payment_damages(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "cancellation_penalty_valid", body)
    assert finding.verdict == expected, finding.detail


CONSUMER = [
    # Art. 10's own example: silence taken as the acceptance of a new paid contract.
    (
        "無料期間の終了日までに解約のお申し出がない場合、有料プランへの申込みをしたものとみなします。\n",
        "missing",
    ),
    # A right to rescind lost without a word.
    ("未成年者が成年に達した場合、未成年者であった間の利用行為を追認したものとみなします。\n", "missing"),
    # Objections waived in advance: for a person to judge.
    ("投稿者は、当社が採った削除措置について、何ら異議を述べないものとします。\n", "needs-review"),
    # Deemed arrival of notices, continued use after a change, an automatic renewal: none of these.
    (
        "当社は、変更届け出がない限り、現在登録されている連絡先が有効なものとみなして通知を行います。"
        "変更後も本サービスを利用した場合、変更に同意したものとみなします。\n",
        "present",
    ),
    ("契約期間満了の1か月前までに解約の申出がない場合、同一条件で自動的に更新されるものとします。\n", "present"),
]


@pytest.mark.parametrize(("body", "expected"), CONSUMER)
def test_clauses_one_sidedly_harming_consumers(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "consumer_interests", body)
    assert finding.verdict == expected, finding.detail


AGREEMENT = [
    ("ユーザーは、本サービスを利用することにより、本規約に同意したものとみなされます。\n", "present"),
    ("登録希望者が本規約に同意の上、当社の定める方法によって利用登録を申請するものとします。\n", "present"),
    (
        "当社は、ご注文の確定の前に本規約を表示し、本規約を売買契約の内容とすることへの同意をお客様に求めます。\n",
        "present",
    ),
    ("本規約に同意いただいた方のみ、本サービスをご利用いただけます。\n", "present"),
    # Calling itself the terms, or consenting to a change, is not how the terms became the contract.
    ("本規約は、本サービスの提供条件を定めるものです。\n", "missing"),
    ("本規約の変更後も本サービスを利用した場合、変更後の本規約に同意したものとみなします。\n", "missing"),
]


@pytest.mark.parametrize(("body", "expected"), AGREEMENT)
def test_deemed_agreement_needs_agreement_or_its_indication(tmp_path: Path, body: str, expected: str) -> None:
    assert _finding(tmp_path, "agreement", body).verdict == expected


COMPLETE_CHANGE = (
    "## 第11条（利用規約の変更）\n\n"
    "当社は、本規約の変更がユーザーの一般の利益に適合するとき、又は契約の目的に反せず合理的なものであるときは、"
    "本規約を変更することができます。当社は、変更の効力発生日の前に、本規約を変更する旨、変更後の内容及び"
    "その効力発生日を本サービス上に掲示して周知します。\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (COMPLETE_CHANGE, "present"),
        # Posting is a kind of notice, but neither the conditions nor (here) an effective date.
        ("## 規約の変更\n\n本規約は必要に応じて変更されます。重要な変更はサービス内で通知します。\n", "needs-review"),
        # Changed at will, without notice and without publication.
        ("本規約の内容は利用者に通知することなく変更することができるものとします。\n", "missing"),
        ("## 禁止事項\n\n法令に違反する行為をしてはなりません。\n", "missing"),
    ],
)
def test_a_change_clause_says_the_conditions_the_notice_and_the_date(tmp_path: Path, body: str, expected: str) -> None:
    assert _finding(tmp_path, "changes", body).verdict == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("本規約に関する紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とします。\n", "present"),
        # Fixed by an address the text never states: the court cannot be identified from the terms.
        ("本サービスに関する紛争は、当社の本店所在地を管轄する裁判所を専属的合意管轄とします。\n", "needs-review"),
        (
            "本サービスに関する紛争は、当社の本店所在地を管轄する裁判所を専属的合意管轄とします。\n\n"
            "## 運営者\n\n株式会社エックス\n\n所在地：東京都千代田区丸の内一丁目1番1号\n",
            "present",
        ),
        ("本規約は日本法に準拠します。\n", "missing"),
    ],
)
def test_an_agreed_court_must_be_one_a_reader_can_identify(tmp_path: Path, body: str, expected: str) -> None:
    finding = _finding(tmp_path, "jurisdiction", body)
    assert finding.verdict == expected, finding.detail
    if expected == "needs-review":
        assert "a named court or the operator's address" in finding.detail


def test_a_forbids_entry_without_its_patterns_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "terms-ja.toml"
    path.write_text(
        'kind = "terms"\nname_ja = "利用規約"\nname_en = "Terms of use"\n\n[[rule]]\nid = "liability"\n'
        'name_ja = "免責"\nname_en = "Liability"\nbasis = "Consumer Contract Act Art. 8"\nlevel = "must"\n'
        'in_force = 2001-04-01\n\n  [[rule.forbids]]\n  why = "excludes all liability"\n',
        encoding="utf-8",
    )
    ruleset, problems = load_rules(path)
    assert ruleset is not None and ruleset.rules[0].forbids == ()
    assert [p.location.line for p in problems] == [6] and "forbids entry needs patterns" in problems[0].message
