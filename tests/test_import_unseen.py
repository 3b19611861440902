"""``policydocs import`` on real pages it was never tuned on, and the general rules they called for.

``tests/corpus/import/unseen/`` holds six saved privacy-policy pages of organisations whose pages
are nowhere else in the corpora (see the README there). Each is imported through the real CLI into
one copy of ``tests/roots/test-basic``: it must import, keep every character of the page's wording
in order (list markers aside), and have headings within 10% of a careful hand conversion, recorded
here as the headings a person reading the page would write. Then all six are snapshotted and the
site built in both languages.

What reading them showed, each now a rule with its own test below: a name in running text swallowed
the particle after it (株式会社…は), a signature line's name swallowed the representative after it, a
heading's Japanese title and Latin subtitle, set apart by the page's styles, were glued into one
word, and a subtitle or a repetition of the title under it was read as a section heading.
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import pytest
from bad_inputs import run_policydocs
from conftest import TODAY, copy_root
from fidelity import strip_marker
from import_outline import outline, plain_text
from policydocs.import_facts import read_facts
from policydocs.import_formats import read_source
from policydocs.import_sources import SourceDocument, text_lines
from policydocs.import_structure import read_structure
from policydocs.text_fidelity import significant

UNSEEN = Path(__file__).resolve().parent / "corpus" / "import" / "unseen"

# The headings a careful hand conversion of each page has, in order (numbers as the page types them).
HAND_HEADINGS = {
    "un-01-dreamsolution.html": [
        "Privacy Policy", "個人情報保護方針について", "個人情報の取得", "個人情報の利用", "情報の第三者提供",
        "個人情報の管理", "開示、修正、消去", "組織、体制", "個人情報保護の策定・実施・維持・改善",
    ],
    "un-02-craftresidence.html": [
        "プライバシーポリシー", "個人情報の取り扱い", "1. 個人情報の定義", "2. 適用範囲", "3. 個人情報の利用",
        "4. 情報の第三者への提供", "5. 個人情報の開示", "6. 個人情報の訂正等", "7. クッキー（Cookie）について",
        "8. 安全管理体制", "9. 免責", "10. プライバシーポリシーの変更", "11. お問い合わせ窓口",
    ],
    "un-03-satoru-farm.html": ["個人情報保護方針"],
    "un-04-newwebpage.html": [
        "個人情報保護方針", "個人情報の取り扱いについて", "【1】事業者の名称",
        "【2】管理者の氏名又は職名、所属及び連絡先",
        "【3】個人情報の利用目的", "【4】個人情報の第三者提供", "【5】個人情報の共同利用", "【6】個人情報の委託",
        "【7】個人情報の開示、訂正等の請求", "請求方法", "請求先", "【8】個人情報についての苦情・相談",
        "【9】個人情報を提供されることの任意性について", "【10】Cookie(クッキー)の使用について",
        "【11】Googleアナリティクスの使用について", "【12】アクセスログについて",
    ],
    "un-05-dorency.html": [
        "プライバシーポリシー Privacy Policy", "1. 個人情報の管理", "2.個人情報の利用目的",
        "3.個人情報の第三者への開示・提供の禁止", "4.個人情報の安全対策", "5.ご本人の照会",
        "6.法令、規範の遵守と見直し", "7.お問い合わせ",
    ],
    "un-06-denryoku-sharing.html": [
        "プライバシーポリシー", "■個人情報保護方針", "1. 個人情報の取扱い", "2．法令・規範の遵守",
        "3．個人情報の適正な管理措置", "4．継続的改善", "5．個人情報に関する苦情・相談等のお問合わせ",
        "■個人情報の取扱いについて", "■個人情報", "■個人情報の利用目的", "■個人情報の第三者への提供",
        "■個人情報の保持期間および安全管理等", "■個人情報の開示、訂正、利用停止等", "■統計処理されたデータの利用",
        "■Cookie", "■問い合わせ窓口", "■改訂",
    ],
}  # fmt: skip
PAGES = sorted(HAND_HEADINGS)
HEADING_AGREEMENT = 0.9  # the share of headings the import and the hand agree on, at least (measured: all)
# What each page's organisation is, as the policy states it, and a sentence to find on its built pages.
ORGANISATIONS = {
    "un-01-dreamsolution.html": ("株式会社ドリームソリューション", "適法かつ公正な手段によって"),
    "un-02-craftresidence.html": ("株式会社クラフトレジデンス", "本人確認を行う目的"),
    "un-03-satoru-farm.html": ("", "適切な方法で管理し"),
    "un-04-newwebpage.html": ("株式会社***", "個人情報の共同利用"),
    "un-05-dorency.html": ("ドレンシー株式会社", "電子メールや資料のご送付に利用いたします"),
    "un-06-denryoku-sharing.html": ("株式会社電力シェアリング", "統計データを作成することがあります"),
}


def _org(name: str) -> str:
    return "u" + name[3:5]


def _headings(myst: str) -> list[str]:
    return [strip_marker(unicodedata.normalize("NFKC", text)) for tag, text in outline(myst) if tag.startswith("h")]


def _wording(lines: list[str]) -> str:
    return "".join(c for text in lines for c in strip_marker(text.strip()) if significant(c))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All six pages imported with the real CLI into one copy of test-basic, snapshotted and built."""
    root = copy_root("basic", tmp_path_factory.mktemp("unseen"))
    for name in PAGES:
        imported = run_policydocs(root, "import", str(UNSEEN / name), "--org", _org(name), "--name-en", "Example")
        assert imported.code == 0, imported.text
        snapshot = run_policydocs(root, "snapshot", f"{_org(name)}/privacy", "--today", TODAY)
        assert snapshot.code == 0, snapshot.text
    built = run_policydocs(root, "build", "--no-pdf", "--today", TODAY)  # the pages are what is checked
    assert built.code == 0 and "Traceback" not in built.text, built.text
    return root


@pytest.mark.parametrize("name", PAGES)
def test_unseen_page_keeps_its_wording_and_headings(site: Path, name: str, report) -> None:
    written = (site / "policies" / _org(name) / "privacy.md").read_text(encoding="utf-8")
    page = _wording([line.text for line in read_source(UNSEEN / name).lines])
    assert _wording(plain_text(written).splitlines()) == page  # every character, in order, nothing added
    hand = [strip_marker(unicodedata.normalize("NFKC", "".join(text.split()))) for text in HAND_HEADINGS[name]]
    mine = _headings(written)
    matched = sum(block.size for block in difflib.SequenceMatcher(a=hand, b=mine, autojunk=False).get_matching_blocks())
    report(f"import unseen {name}: headings {len(mine)}/{len(hand)} (import/hand), {matched}/{len(hand)} agree")
    assert abs(len(mine) - len(hand)) <= max(1, round(len(hand) * 0.1)), (mine, hand)
    assert matched / max(len(hand), len(mine)) >= HEADING_AGREEMENT, (mine, hand)
    organisation, _ = ORGANISATIONS[name]
    index = (site / "policies" / _org(name) / "index.md").read_text(encoding="utf-8")
    assert f"name: {organisation or _org(name)}\n" in index


@pytest.mark.parametrize("name", PAGES)
def test_unseen_page_built_in_both_languages(site: Path, name: str) -> None:
    _, wording = ORGANISATIONS[name]
    for language in ("ja", "en"):
        page = site / "_build" / "html" / language / "policies" / _org(name) / "privacy" / "index.html"
        assert wording in page.read_text(encoding="utf-8"), (name, language)


def _facts(text: str):
    return read_facts(read_structure(SourceDocument(Path("policy.txt"), text_lines(text))))


@pytest.mark.parametrize(
    ("text", "name", "representative"),
    [
        # A name in running text ends before the particle that follows it…
        ("方針\n\n株式会社ドリームソリューションは、次のとおり定めます。\n\n株式会社ドリームソリューションは守ります。\n",
         "株式会社ドリームソリューション", ""),
        ("方針\n\n株式会社山田商店が定めます。\n", "株式会社山田商店", ""),
        # …but a name spelt in hiragana keeps its own kana (に, は inside it are no particles).
        ("方針\n\n株式会社にじはし（以下「当社」）は、次のとおり定めます。\n", "株式会社にじはし", ""),
        # A signature line with the representative after the name: the name, and the representative stated.
        ("方針\n\n当社は守ります。\n\n株式会社山田商店　代表取締役社長　山田太郎\n",
         "株式会社山田商店", "代表取締役社長　山田太郎"),
        ("方針\n\n当社は守ります。\n\n合同会社みどり\n", "合同会社みどり", ""),
    ],
)  # fmt: skip
def test_organisation_name_stops_where_the_name_does(text: str, name: str, representative: str) -> None:
    facts = _facts(text)
    assert facts.name == name
    stated = [entry[1] for entry in facts.stated if entry[0] == "代表者"]
    assert stated == ([representative] if representative else [])


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("<h2>プライバシーポリシー<span class='sub'>Privacy Policy</span></h2>", "プライバシーポリシー Privacy Policy"),
        ("<h2><span>Privacy Policy</span>\n<span>プライバシーポリシー</span></h2>",
         "Privacy Policy プライバシーポリシー"),
        # Parts in one script are glued as the browser shows them; so is Latin inside a Japanese text node.
        ("<h2>個人情報<span>保護方針</span></h2>", "個人情報保護方針"),
        ("<h2>Cookieの使用について</h2>", "Cookieの使用について"),
    ],
)
def test_heading_title_and_subtitle_in_two_scripts_are_set_apart(tmp_path: Path, heading: str, title: str) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<h3>{n}. 見出し</h3><p>当社は個人情報を適切に取り扱います。</p>" for n in (1, 2))
    page.write_text(f"<html><body><main>{heading}{body}</main></body></html>", encoding="utf-8")
    assert read_source(page).lines[0].text == title


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        # The title said again as the body's first line is text, not a heading of its own.
        ("プライバシーポリシー\n\nプライバシーポリシー\n\n個人情報の取得\n\n当社は適法に取得します。\n",
         ["個人情報の取得"]),
        # A first line in the other script than the title is its subtitle.
        ("Privacy Policy\n\nプライバシーポリシー\n\n個人情報の取得\n\n当社は適法に取得します。\n", ["個人情報の取得"]),
        # A first line in the same script is a section heading as before.
        ("プライバシーポリシー\n\n個人情報の取得\n\n当社は適法に取得します。\n\n個人情報の利用\n\n目的の範囲で利用します。\n",
         ["個人情報の取得", "個人情報の利用"]),
    ],
)  # fmt: skip
def test_a_repeated_title_or_its_subtitle_is_not_a_section(text: str, headings: list[str]) -> None:
    structure = read_structure(SourceDocument(Path("policy.txt"), text_lines(text)))
    found = [line.text for block in structure.blocks if block.kind.value == "heading" for line in block.lines]
    assert found == headings
