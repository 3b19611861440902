"""Legal forms: what kind of body publishes a policy, and what the law asks of each.

One table, :data:`FORMS`, used by the model (``organisation: body:`` in front
matter), the schema's list of choices, the labels pages show and the checker.
For each form it records its name in Japanese and English, whether it is a
corporation (法人), whether it must name its representative, and which chapter
of the Act on the Protection of Personal Information (APPI) governs it:

- Chapter 4 (個人情報取扱事業者の義務, Art. 16-59 as numbered since 2022-04-01)
  binds every private business, incorporated or not, profit or non-profit:
  companies, associations and foundations, NPOs, medical, welfare and school
  corporations, cooperatives, LLPs, professional corporations, sole traders and
  unincorporated associations alike (Art. 16(2)).
- Chapter 5 (行政機関等の義務等, Art. 60-) binds public bodies instead: local
  governments (地方公共団体, from 2023-04-01; before that their own ordinances)
  and incorporated administrative agencies (独立行政法人等, from 2022-04-01;
  before that a separate Act of 2003). The public-matters duty of Art. 32 and
  the request procedure of Art. 33-39 are not theirs; their disclosure regime is
  Art. 76 onwards and their register of personal information files Art. 75.
  National university corporations and other bodies of Appended Table 2 are
  treated as businesses for most of Chapter 4 (Art. 58(1)), but Art. 32-39 are
  expressly excluded for them too, so for a privacy policy's required contents
  they stand with the public bodies.

The representative (代表者の氏名): since 2022-04-01 a business must make its
name and address known and, "for a corporation, its representative's name"
(Art. 32(1)(i)). Art. 27(2)(i), to which Art. 32(1)(i) refers back, reads
"corporation" there as including "an association without legal personality
that has a representative or administrator", and an unincorporated association
(権利能力のない社団) has by definition a settled way of being represented
(Supreme Court, 1964-10-15), so a club or association is asked too. A sole
trader is a person (their own name is the operator's name) and an LLP is a
partnership whose members act for it, so neither is asked. A brand says
nothing of who operates it: the operator's name cannot be satisfied by it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class BodyKind(StrEnum):
    """What kind of body an organisation is: the value of ``body:`` in its front matter."""

    YUGEN_KAISHA = "yugen-kaisha"  # 有限会社 (a special limited company since 2006)
    KABUSHIKI_KAISHA = "kabushiki-kaisha"  # 株式会社
    GODO_KAISHA = "godo-kaisha"  # 合同会社
    GOSHI_KAISHA = "goshi-kaisha"  # 合資会社
    GOMEI_KAISHA = "gomei-kaisha"  # 合名会社
    IPPAN_SHADAN = "ippan-shadan"  # 一般社団法人
    IPPAN_ZAIDAN = "ippan-zaidan"  # 一般財団法人
    KOEKI_SHADAN = "koeki-shadan"  # 公益社団法人
    KOEKI_ZAIDAN = "koeki-zaidan"  # 公益財団法人
    NPO = "npo"  # 特定非営利活動法人
    IRYO_HOJIN = "iryo-hojin"  # 医療法人 (社団 or 財団)
    SHAKAI_FUKUSHI_HOJIN = "shakai-fukushi-hojin"  # 社会福祉法人
    GAKKO_HOJIN = "gakko-hojin"  # 学校法人
    COOPERATIVE = "cooperative"  # 協同組合 (事業協同組合, 生活協同組合, 農業協同組合…)
    LLP = "llp"  # 有限責任事業組合: a partnership, not a corporation
    PROFESSIONAL_CORPORATION = "professional-corporation"  # 士業法人: 弁護士法人, 行政書士法人, 税理士法人…
    SOLE_TRADER = "sole-trader"  # 個人事業主
    LOCAL_GOVERNMENT = "local-government"  # 地方公共団体
    ADMINISTRATIVE_AGENCY = "administrative-agency"  # 独立行政法人等, 国立大学法人
    ASSOCIATION = "association"  # 権利能力のない社団 (an association without legal personality)
    CLUB = "club"  # a club: an unincorporated association by another name
    BRAND = "brand"  # a brand name; the operating business is not named


@dataclass(frozen=True)
class LegalForm:
    """One legal form and what the law asks of it."""

    kind: BodyKind
    name_ja: str
    name_en: str
    corporation: bool  # a 法人: a legal person other than a human being
    representative: bool  # must name its representative (代表者の氏名) from 2022-04-01
    appi_chapter: int  # 4: a business's duties (Art. 32 public matters); 5: a public body's
    markers: tuple[str, ...] = ()  # how an organisation's name states the form, full and abbreviated

    @property
    def value(self) -> str:
        return self.kind.value

    @property
    def public_body(self) -> bool:
        return self.appi_chapter == 5

    def name(self, language: str) -> str:
        return self.name_ja if language == "ja" else self.name_en


# kind, name in Japanese, name in English, corporation, must name a representative, APPI chapter,
# the markers a name states it by (space-separated; abbreviations as NFKC writes ㈱ and （株）: "(株)").
# A table: one row per form reads better than the formatter's one value per line.
# fmt: off
_TABLE: tuple[tuple[BodyKind, str, str, bool, bool, int, str], ...] = (
    (BodyKind.YUGEN_KAISHA, "有限会社", "Limited company (yūgen kaisha)", True, True, 4, "有限会社 (有)"),
    (BodyKind.KABUSHIKI_KAISHA, "株式会社", "Stock company (kabushiki kaisha)", True, True, 4, "株式会社 (株)"),
    (BodyKind.GODO_KAISHA, "合同会社", "Limited liability company (gōdō kaisha)", True, True, 4, "合同会社 (同)"),
    (BodyKind.GOSHI_KAISHA, "合資会社", "Limited partnership company (gōshi kaisha)", True, True, 4, "合資会社 (資)"),
    (BodyKind.GOMEI_KAISHA, "合名会社", "General partnership company (gōmei kaisha)", True, True, 4, "合名会社 (名)"),
    (BodyKind.IPPAN_SHADAN, "一般社団法人", "General incorporated association", True, True, 4, "一般社団法人 (一社)"),
    (BodyKind.IPPAN_ZAIDAN, "一般財団法人", "General incorporated foundation", True, True, 4, "一般財団法人 (一財)"),
    (BodyKind.KOEKI_SHADAN, "公益社団法人", "Public interest incorporated association", True, True, 4,
     "公益社団法人 (公社)"),
    (BodyKind.KOEKI_ZAIDAN, "公益財団法人", "Public interest incorporated foundation", True, True, 4,
     "公益財団法人 (公財)"),
    (BodyKind.NPO, "特定非営利活動法人", "Specified non-profit corporation (NPO)", True, True, 4,
     "特定非営利活動法人 NPO法人 (特非)"),
    (BodyKind.IRYO_HOJIN, "医療法人", "Medical corporation", True, True, 4, "医療法人 (医)"),
    (BodyKind.SHAKAI_FUKUSHI_HOJIN, "社会福祉法人", "Social welfare corporation", True, True, 4, "社会福祉法人 (福)"),
    (BodyKind.GAKKO_HOJIN, "学校法人", "School corporation", True, True, 4, "学校法人 (学)"),
    (BodyKind.COOPERATIVE, "協同組合", "Cooperative (kyōdō kumiai)", True, True, 4, "協同組合 (協)"),
    (BodyKind.LLP, "有限責任事業組合", "Limited liability partnership (LLP)", False, False, 4, "有限責任事業組合 LLP"),
    (BodyKind.PROFESSIONAL_CORPORATION, "士業法人", "Professional corporation (lawyers, accountants and the like)",
     True, True, 4,
     "弁護士法人 外国法事務弁護士法人 弁護士・外国法事務弁護士共同法人 行政書士法人 司法書士法人 税理士法人 "
     "社会保険労務士法人 弁理士法人 土地家屋調査士法人 監査法人"),
    (BodyKind.SOLE_TRADER, "個人事業主", "Sole trader", False, False, 4, ""),
    (BodyKind.LOCAL_GOVERNMENT, "地方公共団体", "Local government", True, False, 5, ""),
    (BodyKind.ADMINISTRATIVE_AGENCY, "独立行政法人等", "Incorporated administrative agency or national university",
     True, False, 5, "独立行政法人 国立研究開発法人 国立大学法人 大学共同利用機関法人 地方独立行政法人 公立大学法人"),
    (BodyKind.ASSOCIATION, "任意団体(権利能力のない社団)", "Unincorporated association", False, True, 4, ""),
    (BodyKind.CLUB, "クラブ(任意団体)", "Club (unincorporated association)", False, True, 4, ""),
    (BodyKind.BRAND, "ブランド名(運営会社の記載なし)", "Brand name (the operating company is not named)",
     False, False, 4, ""),
)
# fmt: on
FORMS: dict[BodyKind, LegalForm] = {
    row[0]: LegalForm(*row[:6], markers=tuple(row[6].split()))  # type: ignore[misc]
    for row in _TABLE
}


def legal_form(kind: BodyKind) -> LegalForm:
    return FORMS[kind]


def choices() -> list[str]:
    """Every value ``body:`` may take, as an editor writes it."""
    return [kind.value for kind in BodyKind]


def _normal(name: str) -> str:
    # NFKC makes full-width （株） and ㈱ alike "(株)"; spaces are dropped, as names write them either way.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


# A local government by its name alone: a prefecture (東京都, 北海道, 大阪府, 高知県), a city or ward (横浜市,
# 千代田区), or a town or village with its prefecture or county (高知県○○町, ○○郡○○村), optionally with its office
# (市役所, 町役場, 県庁, 教育委員会). A bare 「○○村」 or 「○○町」 is as often a shop's or a brand's name: not taken.
_KANJI = "\u4e00-\u9fff々ヶ"
_LOCAL_GOVERNMENT = re.compile(
    rf"^(?P<prefecture>東京都|北海道|京都府|大阪府|[{_KANJI}]{{1,3}}県)?(?P<county>[{_KANJI}]{{1,4}}郡)?"
    rf"(?P<municipality>[{_KANJI}ぁ-んァ-ヶー]{{1,6}}?(?P<level>市|区|町|村))?(役所|役場|庁|教育委員会)?$"
)


def _marker_at(text: str, marker: str) -> int:
    """Where ``marker`` stands in ``text`` (-1: nowhere); a Latin marker (LLP) only as a word of its own."""
    if marker.isascii() and marker.isalpha():
        match = re.search(rf"(?<![A-Za-z]){marker}(?![A-Za-z])", text)
        return match.start() if match else -1
    return text.find(marker)


def _local_government(text: str) -> bool:
    match = _LOCAL_GOVERNMENT.match(text)
    if match is None or not (match["prefecture"] or match["municipality"]):
        return False
    if match["municipality"] and match["level"] in "町村":
        return bool(match["prefecture"] or match["county"])
    return True


def legal_form_of(name: str) -> LegalForm | None:
    """The legal form an organisation's name states (「一般社団法人○○」, 「○○株式会社」, 「(株)○○」), if any.

    A name that states none (a brand, a club, a trade name) gives None: the form cannot be
    told from it, and guessing would ask the wrong things of the operator. Where a name holds
    two markers (「医療法人社団○○ ○○クリニック」), the first one written wins.
    """
    text = _normal(name)
    if not text:
        return None
    found: list[tuple[int, int, LegalForm]] = []
    for form in FORMS.values():
        for marker in form.markers:
            position = _marker_at(text, _normal(marker))
            if position >= 0:
                # The longest marker at the same place: 「地方独立行政法人」 over 「独立行政法人」.
                found.append((position, -len(marker), form))
    if found:
        found.sort(key=lambda item: (item[0], item[1]))
        return found[0][2]
    if _local_government(text):
        return FORMS[BodyKind.LOCAL_GOVERNMENT]
    return None


# Classes of forms a rule file may name in an element's ``bodies`` besides single values.
WITH_REPRESENTATIVE = "with-representative"  # a corporation, or an association with a representative (Art. 32(1)(i))
CORPORATION = "corporation"


def asked_of(kind: BodyKind | None, bodies: tuple[str, ...]) -> bool:
    """Whether a requirement limited to ``bodies`` (values, or a class such as ``with-representative``)
    applies to a body of ``kind``; a body whose form is not known is asked nothing form-specific."""
    if not bodies:
        return True
    if kind is None:
        return False
    form = FORMS[kind]
    return (
        kind.value in bodies
        or (WITH_REPRESENTATIVE in bodies and form.representative)
        or (CORPORATION in bodies and form.corporation)
    )


# The bases of the duties of a business (APPI Chapter 4, with the Cabinet Order's items under Art. 32(1)(iv)).
_CHAPTER_4 = re.compile(r"^(APPI|Cabinet Order)\b")


def not_asked_of(kind: BodyKind | None, basis: str) -> str | None:
    """Why a rule resting on ``basis`` does not bind a body of ``kind``, if it does not.

    A public body is governed by APPI Chapter 5, not by the duties of a business in Chapter 4
    (public matters, request procedure, third-party provision…): rules citing the APPI or its
    Cabinet Order are not-applicable to it, with this note. Rules of practice and of other
    Acts (the Telecommunications Business Act's external transmission) still apply.
    """
    if kind is None or not FORMS[kind].public_body or not _CHAPTER_4.match(basis):
        return None
    form = FORMS[kind]
    return (
        f"a {form.name_en.lower()} ({form.name_ja}) is governed by APPI Chapter 5 (行政機関等の義務), "
        "not by the duties of a business it cites; its disclosure regime is Art. 76 onwards and its "
        "register of personal information files Art. 75"
    )
