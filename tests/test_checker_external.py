"""The rule set of 外部送信に関する公表事項 (Telecommunications Business Act Art. 27-12) on small notices.

Each case is a notice in a shape real ones take (a table per module, a list per module, a row per
module, one recipient above several services, running text), checked for its verdicts and for the
line each finding points at: the matters are asked for each transmission (Ordinance Art. 22-2-29),
the notice in plain Japanese (Art. 22-2-28), and nothing before 2023-06-16.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policydocs.checker import Context, Finding, PolicyText, Verdict, check_rule, check_text
from policydocs.model import BodyKind, PolicyKind
from policydocs.rules import default_rules_path, load_rules

RULES, PROBLEMS = load_rules(default_rules_path(PolicyKind("external")))
PRIVACY, _ = load_rules(default_rules_path(PolicyKind.PRIVACY))
ON = dt.date(2026, 11, 30)
HEAD = "---\npolicy:\n  organisation: x\n  kind: external\n---\n\n# 外部送信について\n\n"
FIRST = HEAD.count("\n") + 1  # the line the body starts on


def _check(tmp_path: Path, body: str, on: dt.date = ON) -> dict[str, Finding]:
    path = tmp_path / "external.md"
    path.write_text(HEAD + body, encoding="utf-8")
    assert RULES is not None
    findings = check_text(RULES, PolicyText.read(path), Context(on, "株式会社エックス", BodyKind.KABUSHIKI_KAISHA))
    return {finding.rule.id: finding for finding in findings}


def _line(body: str, needle: str) -> int:
    """The line of the notice (with its front matter) that holds ``needle``."""
    return FIRST + next(i for i, line in enumerate(body.split("\n")) if needle in line)


def _verdicts(found: dict[str, Finding]) -> dict[str, str]:
    return {rule: str(finding.verdict) for rule, finding in found.items()}


ALL_PRESENT = dict.fromkeys(
    ("modules_named", "info_sent", "recipient", "purpose", "opt_out", "reachability", "in_japanese_plain"), "present"
)

# A table of two columns under each module's heading.
TABLES = """## Google アナリティクス

| 送信先 | Google LLC |
| --- | --- |
| 送信される情報 | 閲覧したページのアドレス、閲覧日時、IPアドレス |
| 利用目的 | サイトの利用状況の分析 |

## Meta Pixel

| 送信先 | Meta Platforms, Inc. |
| --- | --- |
| 送信される情報 | 閲覧したページのアドレス、広告を見たかどうか |
| 利用目的 | 広告の効果の測定 |

## 送信を止める方法

[Google アナリティクス オプトアウト アドオン](https://tools.google.com/dlpage/gaoptout)で止めることができます。
"""

# Bold labels over lists, a module per heading.
LISTS = """## 1. Google アナリティクス

**送信先事業者**

Google LLC

**送信される情報**

- 閲覧したページのアドレス
- 閲覧した日時

**利用目的**

- サイトの利用状況の分析

## 2. 楽天アフィリエイト

**送信先事業者**

楽天グループ株式会社

**送信される情報**

- クリックされたリンクのアドレス

**利用目的**

- 紹介料の計算

## オプトアウト

ブラウザの設定で Cookie を無効にすると、送信を止めることができます。
"""

# One recipient above the services it receives for, each service its own section.
ONE_RECIPIENT = """## 情報送信先事業者及びサービス名

- Google LLC
  - Google アナリティクス
  - Google 広告

### Google アナリティクス

#### 送信目的

サイトの利用状況の分析

#### 送信内容

- 閲覧したページのアドレス

### Google 広告

#### 送信目的

広告の表示

#### 送信内容

- 広告を見たかどうか

Cookieの使用を望まない場合、ブラウザからCookieを無効に設定できます。
"""

# A row per module, the first row naming the fields.
ROWS = """## 送信の一覧

| サービス | 送信先 | 送信される情報 | 利用目的 |
| --- | --- | --- | --- |
| Google アナリティクス | Google LLC | 閲覧したページのアドレス | 利用状況の分析 |
| Stripe | Stripe, Inc. | お支払いに使うカードの情報 | 決済 |

送信を止めたい場合は、ブラウザの設定で Cookie を無効にしてください。
"""

# Running text: one module, everything in two sentences.
PROSE = (
    "当サイトでは「Google アナリティクス」というサービスを利用し、"
    "閲覧したページのアドレスやIPアドレスを Google LLC に送信しています。\n"
    "送信された情報は、サイトの利用状況の分析のために利用します。\n"
)


@pytest.mark.parametrize(
    "body", [TABLES, LISTS, ONE_RECIPIENT, ROWS, PROSE], ids=["tables", "lists", "one", "rows", "prose"]
)
def test_real_shapes_state_every_matter(tmp_path: Path, body: str) -> None:
    found = _verdicts(_check(tmp_path, body))
    expected = dict(ALL_PRESENT, opt_out="missing") if body is PROSE else ALL_PRESENT
    assert found == expected


def test_the_evidence_is_the_first_modules_own_line(tmp_path: Path) -> None:
    found = _check(tmp_path, TABLES)
    assert found["recipient"].location.line == _line(TABLES, "Google LLC |")
    assert found["info_sent"].location.line == _line(TABLES, "閲覧日時")
    assert found["purpose"].location.line == _line(TABLES, "サイトの利用状況の分析")
    assert found["modules_named"].location.line == _line(TABLES, "## Google アナリティクス")
    lists = _check(tmp_path, LISTS)
    assert lists["info_sent"].location.line == _line(LISTS, "- 閲覧したページのアドレス")
    assert _check(tmp_path, ONE_RECIPIENT)["recipient"].location.line == _line(ONE_RECIPIENT, "- Google LLC")
    assert _check(tmp_path, ROWS)["purpose"].location.line == _line(ROWS, "| Google アナリティクス |")


def test_a_notice_dated_before_the_rule_is_not_applicable(tmp_path: Path) -> None:
    before = _check(tmp_path, TABLES, on=dt.date(2023, 6, 15))
    assert set(_verdicts(before).values()) == {"not-applicable"}
    assert set(_verdicts(_check(tmp_path, TABLES, on=dt.date(2023, 6, 16))).values()) == {"present"}


def test_a_matter_given_for_some_modules_only_needs_review_at_the_one_without(tmp_path: Path) -> None:
    body = LISTS.replace("**利用目的**\n\n- 紹介料の計算\n\n", "")
    found = _check(tmp_path, body)["purpose"]
    assert found.verdict is Verdict.NEEDS_REVIEW
    assert found.location.line == _line(body, "## 2. 楽天アフィリエイト") and "1 of the 2" in found.detail
    row = ROWS.replace("| 決済 |", "| |")
    found = _check(tmp_path, row)["purpose"]
    assert found.verdict is Verdict.NEEDS_REVIEW and found.location.line == _line(row, "| Stripe |")


def test_a_module_loaded_by_another_and_not_described_needs_review(tmp_path: Path) -> None:
    said = "このタグを通じて Meta Pixel が読み込まれることがあります。"
    body = TABLES.replace("## Meta Pixel", "## Google タグマネージャー").replace(
        "## 送信を止める方法", f"{said}\n\n## 送信を止める方法"
    )
    found = _check(tmp_path, body)["modules_named"]
    assert found.verdict is Verdict.NEEDS_REVIEW and found.location.line == _line(body, said)
    untold = TABLES.replace(
        "## 送信を止める方法", "Google アナリティクス その他の計測タグを読み込みます。\n\n## 送信を止める方法"
    )
    found = _check(tmp_path, untold)["modules_named"]
    assert found.verdict is Verdict.NEEDS_REVIEW and found.location.line == _line(untold, "その他の計測タグ")


def test_a_recipient_must_be_named_as_it_is_on_the_notices_day(tmp_path: Path) -> None:
    open_ended = TABLES.replace("| 送信先 | Meta Platforms, Inc. |", "| 送信先 | Meta 等が提供する配信網 |")
    found = _check(tmp_path, open_ended)["recipient"]
    assert found.verdict is Verdict.NEEDS_REVIEW and found.location.line == _line(open_ended, "Meta 等")
    brand = TABLES.replace("| 送信先 | Meta Platforms, Inc. |", "| 送信先 | Meta |")
    assert _check(tmp_path, brand)["recipient"].verdict is Verdict.NEEDS_REVIEW  # no legal name
    line = LISTS.replace("楽天グループ株式会社", "LINE株式会社")
    assert _check(tmp_path, line, on=dt.date(2023, 9, 30))["recipient"].verdict is Verdict.PRESENT
    merged = _check(tmp_path, line, on=dt.date(2023, 10, 1))["recipient"]
    assert merged.verdict is Verdict.NEEDS_REVIEW and "LINEヤフー株式会社" in merged.detail
    assert merged.location.line == _line(line, "LINE株式会社")
    said_both = LISTS.replace("楽天グループ株式会社", "LINEヤフー株式会社（旧LINE株式会社）")
    assert _check(tmp_path, said_both)["recipient"].verdict is Verdict.PRESENT


def test_a_lone_label_elsewhere_is_no_module_and_a_name_in_passing_no_transmission(tmp_path: Path) -> None:
    cookies = "## Cookieについて\n\n利用目的：ログイン状態の維持\n\nYouTube チャンネルもご覧ください。\n"
    assert _verdicts(_check(tmp_path, LISTS + cookies)) == ALL_PRESENT


def test_the_recipients_own_collection_list_is_not_what_is_sent(tmp_path: Path) -> None:
    body = LISTS.replace(
        "- 閲覧した日時\n", "- 閲覧した日時\n- 声や音声の情報\n- Googleアカウントで同期したChrome閲覧履歴\n"
    )
    found = _check(tmp_path, body)["info_sent"]
    assert found.verdict is Verdict.NEEDS_REVIEW and found.location.line == _line(body, "声や音声の情報")


JARGON = [
    ("送信される情報：閲覧したページのアドレス、ブラウザの種類", "present", None),
    ("送信される情報：リファラー、ユーザーエージェント", "needs-review", "リファラー"),
    # One bare term in plain text is still readable.
    ("送信される情報：リファラー、閲覧日時", "present", None),
    # Explained in parentheses in everyday words, or defined with 「とは」.
    (
        "送信される情報：リファラー（直前に見ていたページのアドレス）、ユーザーエージェント（お使いのブラウザの種類）",
        "present",
        None,
    ),
    (
        "送信される情報：リファラー、クライアントID\n\nリファラーとは、直前に見ていたページのアドレスです。",
        "present",
        None,
    ),
    # A gloss in English or katakana is not an explanation.
    ("送信される情報：リファラー（Referer）、クライアントID（クライアントアイディー）", "needs-review", "リファラー"),
    # Terms written against kana, as Japanese does: 「SDKを」, 「CDNから」.
    ("送信される情報：SDKを通じた端末の情報、CDNから配信したファイルの名前", "needs-review", "SDK"),
]


@pytest.mark.parametrize(("said", "expected", "first"), JARGON)
def test_technical_terms_must_be_explained(tmp_path: Path, said: str, expected: str, first: str | None) -> None:
    body = f"## Google アナリティクス\n\n送信先：Google LLC\n\n{said}\n\n利用目的：利用状況の分析\n"
    found = _check(tmp_path, body)["in_japanese_plain"]
    assert str(found.verdict) == expected, found.detail
    if first is not None:
        assert found.location.line == _line(body, first)


def test_a_notice_not_in_japanese_is_missing(tmp_path: Path) -> None:
    body = "We use Google Analytics. It sends the pages you visit and your IP address to Google LLC for analytics.\n"
    assert _check(tmp_path, body)["in_japanese_plain"].verdict is Verdict.MISSING


def test_an_opt_out_link_or_a_statement_that_there_is_none(tmp_path: Path) -> None:
    none = "決済に必要なため、送信を止めることはできません。"
    assert _check(tmp_path, f"{PROSE}\n{none}\n")["opt_out"].verdict is Verdict.PRESENT
    found = _check(tmp_path, TABLES)["opt_out"]
    assert found.verdict is Verdict.PRESENT and found.location.line == _line(TABLES, "オプトアウト アドオン")
    assert _check(tmp_path, PROSE)["opt_out"].verdict is Verdict.MISSING


def test_a_column_of_opt_out_links_in_a_row_per_module_table(tmp_path: Path) -> None:
    table = ROWS.split("\n\n送信を止めたい")[0].replace(" 利用目的 |", " 利用目的 | オプトアウト |")
    table = table.replace("| --- |\n", "| --- | --- |\n").replace(
        "分析 |", "分析 | https://tools.google.com/dlpage/gaoptout |"
    )
    assert _verdicts(_check(tmp_path, table + "\n")) == ALL_PRESENT


def test_a_page_titled_for_the_notice_is_reached(tmp_path: Path) -> None:
    assert _check(tmp_path, PROSE)["reachability"].location.line == FIRST - 2  # the title
    path = tmp_path / "untitled.md"
    path.write_text("---\npolicy:\n  organisation: x\n  kind: external\n---\n\n# 当サイトについて\n\n" + PROSE, "utf-8")
    assert RULES is not None and RULES.rule("reachability") is not None
    finding = check_rule(RULES.rule("reachability"), PolicyText.read(path), Context(ON))  # type: ignore[arg-type]
    assert finding.verdict is Verdict.MISSING


# What the privacy kind's rule takes for the practice of external transmission.
PRACTICE = ["Google アナリティクス", "Google Analytics", "Googleタグ", "Google広告", "Google AdSense", "Google AdMob"]


@pytest.mark.parametrize("name", PRACTICE)
def test_every_module_the_privacy_rule_recognises_is_a_module_here(tmp_path: Path, name: str) -> None:
    said = f"当サイトでは{name}を利用しています。"
    assert PRIVACY is not None and RULES is not None
    practice = PRIVACY.rule("external_transmission")
    assert practice is not None and any(p.search(said) for p in practice.applies_if)
    assert _check(tmp_path, said + "\n")["modules_named"].verdict is Verdict.PRESENT


def test_the_rule_file_loads_without_problems_and_its_ids_are_the_items() -> None:
    assert PROBLEMS == [] and RULES is not None
    assert RULES.ids == (
        "modules_named",
        "info_sent",
        "recipient",
        "purpose",
        "opt_out",
        "reachability",
        "in_japanese_plain",
    )
    assert {rule.in_force for rule in RULES.rules} == {dt.date(2023, 6, 16)}


def test_bad_keys_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "external-ja.toml"
    path.write_text(
        'kind = "external"\n\n[[rule]]\nid = "a"\nname_ja = "a"\nname_en = "a"\nbasis = "b"\nlevel = "must"\n'
        "in_force = 2023-06-16\n\n  [rule.each]\n  labels = ['送信先']\n\n"
        '[[rule]]\nid = "b"\nname_ja = "b"\nname_en = "b"\nbasis = "b"\nlevel = "should"\n'
        "in_force = 2023-06-16\n\n  [rule.plain]\n  terms = ['CDN']\n  review = 0\n",
        encoding="utf-8",
    )
    _rules, problems = load_rules(path)
    assert [(p.location.line, "each" in p.message or "plain" in p.message) for p in problems] == [
        (11, True),
        (22, True),
    ]
