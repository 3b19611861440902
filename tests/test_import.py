"""``policydocs import``: structure, MyST, fidelity and the command, on the seeds, the corpus and a real build."""

from __future__ import annotations

import difflib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import Outcome, assert_refused, run_policydocs
from conftest import TODAY, copy_root
from fidelity import apply_repairs, load_repairs
from import_outline import agreement, outline, outline_parts, plain_text
from policydocs.import_fidelity import lost_text, markdown_parser
from policydocs.import_myst import write_myst
from policydocs.import_sources import SourceDocument, text_lines
from policydocs.import_structure import read_structure

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CORPUS = REPO / "tests" / "corpus" / "privacy"
SEED_POLICIES = {
    "000": "openclose",
    "001": "cremedelacreme",
    "002": "digiro",
    "003": "soarer-owners-club",
    "004": "yamazakura",
}
# Broken copy the hand conversions repaired (tests/seed_repairs/): an import cannot know a garbled
# ① was a ①, so the seed is repaired first; empty bullets and broken lines are the importer's job.
COPY_REPAIRS = ("garbled-marker", "navigation", "run-together")

# Where the import's outline (headings, list items by depth) differs from the hand conversion, and why.
DOCUMENTED = {
    "000": [],
    "001": [
        (
            "insert",
            "クレームデラクレームが取得した情報を",
            "a lone '-' before a sentence is read as that sentence's "
            "marker; by hand it was dropped (an empty bullet) and the sentence made a paragraph",
        ),
        (
            "replace",
            "情報提供について本人の同意がある場合",
            "the hand conversion nests the four cases under the item "
            "「以下の場合に…」 although the copy writes them with the same '-' at the same place; "
            "plain text cannot tell",
        ),
        ("insert", "今後、クレームデラクレームはプライバシー", "the same lone '-' as above"),
    ],
    "002": [
        (
            "replace",
            "Cookieについて",
            "a title under 「Cookie ポリシー」 after its first paragraph: by hand a "
            "subsection (h3); from the text alone another section (h2)",
        ),
    ],
    "003": [],
    "004": [
        (
            "replace",
            "弊社は、利用者情報の正確性を保ち",
            "the 1) 2) list right under item (2) is nested in it (a "
            "list starting at 1 under an item); by hand it was put back at the section's level",
        ),
    ],
}


def _seed_document(seed: Path) -> SourceDocument:
    repairs = [r for r in load_repairs(REPO / "tests" / "seed_repairs" / f"{seed.stem}.toml") if r.kind in COPY_REPAIRS]
    return SourceDocument(seed, text_lines(apply_repairs(seed.read_text(encoding="utf-8"), repairs)))


def _import_text(document: SourceDocument) -> str:
    return write_myst(read_structure(document), "x", "privacy", effective=None, stated=None, source="").text


@pytest.mark.parametrize("prefix", sorted(SEED_POLICIES))
def test_seed_import_reproduces_its_hand_conversion(prefix: str) -> None:
    seed = next(SEEDS.glob(f"{prefix}_*.txt"))
    document = _seed_document(seed)
    myst = _import_text(document)
    assert lost_text(document, myst) is None
    hand = outline((REPO / "policies" / SEED_POLICIES[prefix] / "privacy.md").read_text(encoding="utf-8"))
    mine = outline(myst)
    found = []
    matcher = difflib.SequenceMatcher(a=hand, b=mine, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            first = (mine[j1:j2] or hand[i1:i2])[0][1]
            found.append((op, first))
    expected = [(op, start) for op, start, _why in DOCUMENTED[prefix]]
    assert len(found) == len(expected), found
    for (op, text), (want_op, start) in zip(found, expected, strict=True):
        assert op == want_op and text.startswith(start), (found, expected)
    # The raw copy (garbled markers and all) imports with nothing lost too.
    raw = SourceDocument(seed, text_lines(seed.read_text(encoding="utf-8")))
    assert lost_text(raw, _import_text(raw)) is None


# Floors for the structure of the corpus policies imported from plain text, as measured (a change that
# makes them worse fails; raise them when the import improves). The policies named ho-* were added for
# the checker's held-out reading and were not looked at in tuning the import: they are reported apart.
# Measured before the structure read numbering schemes, runs of short lines and labels: corpus 67.6%,
# 51.6%, 79.5%; held-out 88.9%, 67.6%, 70.9%.
CORPUS_FLOORS = {"headings": 0.80, "levels": 0.63, "items": 0.82}  # measured 80.1%, 63.5%, 82.4%
HELD_OUT_FLOORS = {"headings": 0.94, "levels": 0.83, "items": 0.70}  # measured 94.1%, 83.3%, 70.9%


def test_corpus_policies_keep_their_text_and_headings(report: Callable[[str], None]) -> None:
    policies = sorted(CORPUS.iterdir())
    assert len(policies) >= 10
    tally: dict[str, dict[str, list[int]]] = {"corpus": {}, "held-out": {}}
    for directory in policies:
        hand_myst = (directory / "policy.md").read_text(encoding="utf-8")
        document = SourceDocument(Path(f"{directory.name}.txt"), text_lines(plain_text(hand_myst)))
        myst = _import_text(document)
        assert lost_text(document, myst) is None, directory.name
        group = tally["held-out" if directory.name.startswith("ho-") else "corpus"]
        hand, mine = outline_parts(hand_myst), outline_parts(myst)
        for part in hand:
            matched, total = agreement(hand[part], mine[part])
            counts = group.setdefault(part, [0, 0, 0])
            counts[0] += matched
            counts[1] += total
            counts[2] += 1
    floors = {"corpus": CORPUS_FLOORS, "held-out": HELD_OUT_FLOORS}
    for name, group in tally.items():
        shares = {part: matched / total for part, (matched, total, _) in group.items()}
        report(
            f"import: {group['headings'][2]} {name} policies as plain text, 100% of text kept; agree with the hand "
            f"conversion: headings {shares['headings']:.1%}, headings with their level {shares['levels']:.1%}, "
            f"list items with their depth {shares['items']:.1%}"
        )
        for part, floor in floors[name].items():
            assert shares[part] >= floor, (name, part, shares[part])


# How a careful editor reads structure, one rule a row: plain text, and the outline it must give.
STRUCTURE_RULES = [
    (
        "a contact block under its title: the title only",
        "方針\n\n当社は個人情報を守ります。\n\nお問い合わせ先\n\n株式会社例示\n東京都港区芝1-2-3\n"
        "Mail：info@example.jp\n受付時間：平日10時～17時\n",
        [("h2", "お問い合わせ先")],
    ),
    (
        "label lines are facts, not titles",
        "方針\n\n窓口\n\n当社の窓口は次のとおりです。\n\n担当：総務部\n\n連絡先：03-1234-5678\n\n"
        "受付：平日のみ\n\n以上のとおりです。\n",
        [("h2", "窓口")],
    ),
    (
        # (three short lines before text read as a title, its short answer and the next title)
        "a run of four short parallel lines heads nothing",
        "方針\n\n当社は次の書類を確認します。\n\n運転免許証\n\nパスポート\n\n住民票\n\n健康保険証\n\n"
        "当社は写しを保管しません。\n",
        [],
    ),
    (
        "a title and its short answer before the next title",
        "方針\n\n取得方法\n\nお客さまの入力による取得\n\n管理体制\n\n当社が管理するデータベースに保存します。\n",
        [("h2", "取得方法"), ("h2", "管理体制")],
    ),
    (
        "the section scheme is 1.; a (1) series under it over values is a list",
        "方針\n\n1. 取得\n\n当社は適正に取得します。\n\n(1) 氏名\n(2) 住所\n\n"
        "2. 利用\n\n当社は目的の範囲で利用します。\n",
        [("h2", "1.取得"), ("li1", "氏名"), ("li1", "住所"), ("h2", "2.利用")],
    ),
    (
        "an article written as a sentence is text under its title",
        "規程\n\n（目的）\n\n第１条　この規程は、個人情報の適正な取扱いを確保することを目的とする。\n\n"
        "（定義）\n\n第２条　この規程における用語の定義は、次の各号に定めるところによる。\n",
        [("h2", "（目的）"), ("h2", "（定義）")],
    ),
    (
        "under 第N条, numbered lines are items even when short",
        "規程\n\n第1条（目的）\n\n本規程は目的を定めます。\n\n1. 取得\n\n当社は適正に取得します。\n\n2. 利用\n\n"
        "当社は目的の範囲で利用します。\n",
        [("h2", "第1条（目的）"), ("li1", "取得"), ("li1", "利用")],
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected"), STRUCTURE_RULES, ids=[case[0] for case in STRUCTURE_RULES])
def test_structure_rules(rule: str, text: str, expected: list[tuple[str, str]]) -> None:
    document = SourceDocument(Path("t.txt"), text_lines(text))
    myst = _import_text(document)
    assert lost_text(document, myst) is None, myst
    found = [(tag, body) for tag, body in outline(myst) if tag != "h1"]
    assert found == expected, (rule, myst)


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not an item",
        "1. not a list",
        "> not a quote",
        "| a | b |",
        "*x* _y_ `z`",
        "a\\b",
        "<script>alert(1)</script>",
        "{raw}`<b>x</b>`",
        "(label)=",
        "% not a comment",
        "[x]: http://e.example",
        "&amp; stays",
        "::: note",
        "$x$",
        "+++",
    ],
)
def test_escaped_text_renders_as_written(text: str) -> None:
    document = SourceDocument(Path("t.txt"), text_lines(f"タイトル\n\n{text}\n"))
    myst = _import_text(document)
    assert lost_text(document, myst) is None, myst
    tokens = markdown_parser().parse(myst)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "myst_role", "myst_target", "myst_line_comment", "fence"}, kinds


def _site(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path)


def test_import_builds_in_both_languages(tmp_path: Path) -> None:
    root = _site(tmp_path)
    seed = next(SEEDS.glob("000_*.txt"))
    outcome = run_policydocs(root, "import", str(seed), "--org", "openclose", "--name-en", "OpenClose Ltd.")
    assert outcome.code == 0, outcome.text
    assert f"{seed}:54: date: 2014年2月17日 → effective: 2014-02-17" in outcome.out
    assert f"{seed}:7: '1.…' read as a heading" in outcome.out
    assert "policydocs snapshot openclose/privacy" in outcome.out
    index = (root / "policies" / "openclose" / "index.md").read_text(encoding="utf-8")
    assert "name: 有限会社オープンクローズ" in index and "body: yugen-kaisha" in index
    refused = run_policydocs(root, "build", "--today", TODAY)
    assert refused.code != 0 and "snapshot openclose/privacy" in refused.text
    assert run_policydocs(root, "snapshot", "openclose/privacy", "--today", TODAY).code == 0
    built = run_policydocs(root, "build", "--no-pdf", "--today", TODAY)  # the pages are what is checked
    assert built.code == 0, built.text
    for language in ("ja", "en"):
        page = root / "_build" / "html" / language / "policies" / "openclose" / "privacy" / "index.html"
        html = page.read_text(encoding="utf-8")
        assert "個人情報管理責任者" in html and "クッキーについて" in html


def _stdin(command: list[str], text: str) -> Outcome:
    result = subprocess.run(command, input=text, capture_output=True, text=True, check=False)
    return Outcome(result.returncode, result.stdout, result.stderr)


def test_stdin_force_and_next_revision(tmp_path: Path) -> None:
    root = _site(tmp_path)
    text = "プライバシーポリシー\n\n1. 目的\n\n当社は個人情報を適切に扱います。\n\n2024年4月1日 制定\n"
    command = [sys.executable, "-m", "policydocs.cli", "--source", str(root), "import", "-", "--org", "gamma"]
    first = _stdin(command, text)
    assert first.code == 0, first.err
    policy = root / "policies" / "gamma" / "privacy.md"
    assert "effective: 2024-04-01" in policy.read_text(encoding="utf-8")
    assert "left for the editor: name_en" in first.out
    changed = text.replace("適切に", "慎重に")
    again = _stdin(command, changed)
    assert_refused(again, "policies/gamma/privacy.md:1", code=2)
    assert "--force" in again.err
    forced = _stdin([*command, "--force"], changed)
    assert forced.code == 0 and "慎重に" in policy.read_text(encoding="utf-8")
    assert run_policydocs(root, "snapshot", "gamma/privacy", "--today", TODAY).code == 0
    # Frozen: a changed text is the next revision, and needs its own date.
    newer = changed.replace("慎重に", "厳重に")
    undated = _stdin(command, newer.replace("2024年4月1日 制定\n", ""))
    assert_refused(undated, "--effective", code=2)
    same_day = _stdin(command, newer)
    assert_refused(same_day, "2024-04-01.md", code=2)
    nxt = _stdin(command, newer + "2025年4月1日 改定\n")
    assert nxt.code == 0 and "next revision" in nxt.out
    assert "effective: 2025-04-01" in policy.read_text(encoding="utf-8")
    assert run_policydocs(root, "snapshot", "gamma/privacy", "--today", TODAY).code == 0
    assert run_policydocs(root, "build", "--no-pdf", "--today", TODAY).code == 0


def _write(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def make(root: Path) -> list[str]:
        (root / name).write_bytes(data)
        return [str(root / name)]

    return make


def _existing_unfrozen(root: Path) -> list[str]:
    (root / "p.txt").write_text("プライバシーポリシー\n\n当社は別の文です。\n", encoding="utf-8")
    (root / "policies" / "beta" / "privacy.md").write_text(
        (root / "policies" / "beta" / "privacy.md").read_text(encoding="utf-8") + "\n追記\n", encoding="utf-8"
    )
    return [str(root / "p.txt"), "--org", "beta"]


BAD_INPUTS = [
    ("missing file", lambda root: [str(root / "nope.txt")], ["nope.txt"]),
    ("unknown format", _write("p.odt", b"x"), ["p.odt"]),
    ("empty text", _write("p.txt", b"\n\n  \n"), ["p.txt"]),
    ("binary, not text", _write("p.txt", bytes(range(256)) * 4), ["p.txt"]),
    ("bad slug", lambda root: [*_write("p.txt", "方針\n\n本文。\n".encode())(root), "--org", "Bad_Slug"], ["Bad_Slug"]),
    (
        "bad --effective",
        lambda root: [*_write("p.txt", "方針\n\n本文。\n".encode())(root), "--effective", "2025-13-01"],
        ["--effective"],
    ),
    (
        "implausible --effective",
        lambda root: [*_write("p.txt", "方針\n\n本文。\n".encode())(root), "--effective", "1800-01-01"],
        ["--effective"],
    ),
    (
        "unknown kind",
        lambda root: [*_write("p.txt", "方針\n\n本文。\n".encode())(root), "--kind", "cookies"],
        ["p.txt"],
    ),
    ("unsaved edits", _existing_unfrozen, ["policies/beta/privacy.md:1"]),
]


@pytest.mark.parametrize(("name", "make", "where"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_inputs_refused(tmp_path: Path, name: str, make: Callable[[Path], list[str]], where: list[str]) -> None:
    root = _site(tmp_path)
    before = {p: p.read_bytes() for p in (root / "policies").rglob("*") if p.is_file()}
    args = make(root)
    if "--org" not in args:
        args = [*args, "--org", "gamma"]
    before = {p: p.read_bytes() for p in (root / "policies").rglob("*") if p.is_file()}
    outcome = run_policydocs(root, "import", *args)
    assert_refused(outcome, *where, code=2)
    assert len(outcome.err.strip().splitlines()) == 1, outcome.err
    after = {p: p.read_bytes() for p in (root / "policies").rglob("*") if p.is_file()}
    assert after == before, name
