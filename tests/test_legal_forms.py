"""Legal forms: every form loads from front matter, is labelled in both languages, is read from a
real organisation's name, and is asked what the law asks of it (a representative's name, the duties
of a business or of a public body)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root
from policydocs.checker import Context, PolicyText, Verdict, check_text
from policydocs.legal_forms import FORMS, BodyKind, legal_form_of
from policydocs.loader import load_site
from policydocs.model import PolicyKind
from policydocs.rules import default_rules_path, load_rules

RULES, _ = load_rules(default_rules_path(PolicyKind.PRIVACY))
CORPUS = Path(__file__).resolve().parent / "corpus" / "privacy"


def _with_body(root: Path, slug: str, kind: BodyKind) -> None:
    directory = root / "policies" / slug
    directory.mkdir(parents=True)
    (directory / "index.md").write_text(
        f"---\norganisation:\n  name: {slug}の名\n  name_en: {slug} name\n  body: {kind.value}\n---\n\n# {slug}\n\n"
        "```{organisation-summary}\n```\n",
        encoding="utf-8",
    )


def test_every_legal_form_loads_from_front_matter(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    for kind in BodyKind:
        _with_body(root, f"form-{kind.value}", kind)
    site = load_site(root)
    assert site.problems == ()
    for kind in BodyKind:
        org = site.organisation(f"form-{kind.value}")
        assert org is not None and org.body is kind and org.legal_form is FORMS[kind]


def test_an_unknown_form_is_refused_with_the_value_for_a_form_written_in_japanese(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    index = root / "policies" / "acme" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("kabushiki-kaisha", "一般社団法人"), encoding="utf-8")
    (problem,) = [str(p) for p in load_site(root).problems]
    assert "policies/acme/index.md:5:" in problem
    assert "for 一般社団法人 write 'ippan-shadan'" in problem and "sole-trader (個人事業主)" in problem


@pytest.fixture(scope="module")
def every_form_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test-basic with one organisation of every legal form, built in both languages."""
    from policydocs.build import build_site

    root = copy_root("basic", tmp_path_factory.mktemp("forms"))
    for kind in BodyKind:
        _with_body(root, f"form-{kind.value}", kind)
    result = build_site(root, strict=False, today="2026-11-22")
    assert result.published is not None, "\n".join(build.output for build in result.languages)
    return result.published


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_legal_form_shows_its_label_in_both_languages(every_form_built: Path, language: str) -> None:
    home = BeautifulSoup((every_form_built / language / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {
        cells[0].get_text(strip=True): cells[1].get_text(strip=True)
        for row in home.select("table.policydocs-index tbody tr")
        if len(cells := row.find_all("td")) >= 2
    }
    for kind, form in FORMS.items():
        name = f"form-{kind.value}の名" if language == "ja" else f"form-{kind.value} name"
        assert rows[name] == form.name(language), (kind, rows.get(name))


# A text that names the operator and its address but no representative.
NO_REPRESENTATIVE = """\
---
policy:
  organisation: x
  kind: privacy
  effective: 2023-01-01
---

# プライバシーポリシー

名称:{name}

所在地:〒100-0001 東京都千代田区千代田1-1

個人情報は、サービスの提供のために利用します。
"""


def _operator_identity(tmp_path: Path, name: str, kind: BodyKind | None, law_date: dt.date) -> tuple[Verdict, str]:
    path = tmp_path / "privacy.md"
    path.write_text(NO_REPRESENTATIVE.format(name=name), encoding="utf-8")
    assert RULES is not None
    findings = check_text(RULES, PolicyText.parse(path), Context(law_date, name, kind))
    finding = next(f for f in findings if f.rule.id == "operator_identity")
    return finding.verdict, finding.detail


@pytest.mark.parametrize(
    ("name", "kind", "asked"),
    [
        ("一般社団法人見本協会", BodyKind.IPPAN_SHADAN, True),  # a corporation
        ("見本合同会社", BodyKind.GODO_KAISHA, True),
        ("特定非営利活動法人見本", BodyKind.NPO, True),
        ("医療法人社団見本会", BodyKind.IRYO_HOJIN, True),
        ("見本協同組合", BodyKind.COOPERATIVE, True),
        ("見本クラブ", BodyKind.CLUB, True),  # an association has a representative, and Art. 27(2)(i) reads it in
        ("見本太郎", BodyKind.SOLE_TRADER, False),  # a person: their own name is the operator's
        ("見本有限責任事業組合", BodyKind.LLP, False),  # a partnership, not a corporation
    ],
)
def test_the_representative_is_asked_of_corporations_and_associations_only(
    tmp_path: Path, name: str, kind: BodyKind, asked: bool
) -> None:
    verdict, detail = _operator_identity(tmp_path, name, kind, dt.date(2022, 4, 1))
    if asked:
        assert verdict is Verdict.MISSING and "representative (代表者の氏名)" in detail, detail
    else:
        assert verdict is Verdict.PRESENT, detail


def test_before_2022_no_form_is_asked_for_a_representative(tmp_path: Path) -> None:
    verdict, detail = _operator_identity(tmp_path, "一般社団法人見本協会", BodyKind.IPPAN_SHADAN, dt.date(2022, 3, 31))
    assert verdict is Verdict.PRESENT, detail


def test_a_public_body_is_not_held_to_the_duties_of_a_business(tmp_path: Path) -> None:
    path = tmp_path / "privacy.md"
    path.write_text(NO_REPRESENTATIVE.format(name="見本市"), encoding="utf-8")
    assert RULES is not None
    findings = {
        f.rule.id: f
        for f in check_text(
            RULES, PolicyText.parse(path), Context(dt.date(2024, 1, 1), "見本市", BodyKind.LOCAL_GOVERNMENT)
        )
    }
    for rule_id in ("operator_identity", "purpose_of_use", "disclosure_requests", "security_measures"):
        assert findings[rule_id].verdict is Verdict.NOT_APPLICABLE, rule_id
        assert "APPI Chapter 5" in findings[rule_id].detail
    # Practice is still practice: a page of a city's site should still say how it is changed.
    assert findings["policy_changes"].verdict is Verdict.MISSING


def _corpus_names() -> set[str]:
    names = set()
    for reading in CORPUS.glob("*/reading.toml"):
        names.add(tomllib.loads(reading.read_text(encoding="utf-8"))["source"]["organisation"])
    return names


# Real organisations' names, as their policies state them (tests/corpus/privacy/*/reading.toml).
REAL_NAMES = {
    "株式会社HUG（HUG Inc.）": BodyKind.KABUSHIKI_KAISHA,
    "株式会社　昇寿堂": BodyKind.KABUSHIKI_KAISHA,
    "トランスポーター株式会社": BodyKind.KABUSHIKI_KAISHA,
    "株式会社ＧＮＴ": BodyKind.KABUSHIKI_KAISHA,
    "有限会社 ＰＰＭ": BodyKind.YUGEN_KAISHA,
    "ココロＡＩ合同会社": BodyKind.GODO_KAISHA,
    "一般社団法人ニアショアＩＴ協会": BodyKind.IPPAN_SHADAN,
    "一般社団法人 日本学びクリエイション": BodyKind.IPPAN_SHADAN,
    "公益社団法人兵庫県保育協会": BodyKind.KOEKI_SHADAN,
    "NPO法人 共生社会をつくる性的マイノリティ支援全国ネットワーク（共生ネット）": BodyKind.NPO,
    "医療法人社団 爽緑会": BodyKind.IRYO_HOJIN,
    "社会福祉法人やすらぎの郷": BodyKind.SHAKAI_FUKUSHI_HOJIN,
    "学校法人プール学院（プール学院中学・高等学校）": BodyKind.GAKKO_HOJIN,
    "ソリューション協同組合": BodyKind.COOPERATIVE,
    "エシカルコミュニティ有限責任事業組合": BodyKind.LLP,
    "行政書士法人ふらっと法務事務所": BodyKind.PROFESSIONAL_CORPORATION,
    # Names that state no form: a sole trader's office, clubs, a committee, brands.
    "とり行政書士事務所": None,
    "全国居合道高知県連盟　常磐支部": None,
    "日体大SMG横浜": None,
    "Coolest Projects Japan 実行委員会": None,
    "NAGOWORKS": None,
    "リーガル・フェイスグループ": None,
}


def test_the_legal_form_is_read_from_real_names() -> None:
    real = _corpus_names()
    for name, kind in REAL_NAMES.items():
        assert name in real, name
        form = legal_form_of(name)
        assert (form.kind if form else None) is kind, name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("㈱見本", BodyKind.KABUSHIKI_KAISHA),
        ("（一社）見本協会", BodyKind.IPPAN_SHADAN),
        ("公益財団法人見本財団", BodyKind.KOEKI_ZAIDAN),
        ("見本合資会社", BodyKind.GOSHI_KAISHA),
        ("弁護士法人見本法律事務所", BodyKind.PROFESSIONAL_CORPORATION),
        ("国立大学法人見本大学", BodyKind.ADMINISTRATIVE_AGENCY),
        ("地方独立行政法人見本病院機構", BodyKind.ADMINISTRATIVE_AGENCY),
        ("高知県", BodyKind.LOCAL_GOVERNMENT),
        ("横浜市役所", BodyKind.LOCAL_GOVERNMENT),
        ("高知県土佐郡土佐町", BodyKind.LOCAL_GOVERNMENT),
        ("見本LLP", BodyKind.LLP),
        ("ゆめ村", None),  # a shop's name as often as a village's
        ("ALLPRO", None),  # not an LLP
    ],
)
def test_the_legal_form_is_read_from_abbreviations_and_public_names(name: str, kind: BodyKind | None) -> None:
    form = legal_form_of(name)
    assert (form.kind if form else None) is kind

