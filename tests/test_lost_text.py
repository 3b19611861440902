"""Nothing silently lost: text that does not reach the page fails the build, naming file:line.

markdown-it stopped at 20 levels (a list ten deep) and dropped the rest of the
policy from every page while the build passed. Now lists nest 20 deep, deeper
ones are refused with their line, and every document under ``policies/`` is
compared with the text its source shows (``policy.lost_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from conftest import TODAY, copy_root
from policydocs.build import build_site
from policydocs.diffing import blocks_from_markdown
from policydocs.loader import load_site
from policydocs.markdown_nesting import MAX_DEPTH
from policydocs.revisions import snapshot
from policydocs.stated_date_check import restate
from policydocs.text_fidelity import first_lost, source_text

CORPUS = Path(__file__).resolve().parent / "lost_text_corpus"
FRONT = "---\npolicy:\n  organisation: acme\n  kind: privacy\n  effective: {date}\n  source: test\n---\n\n"
TAIL = "## 2. 第三者提供\n\n- 本人の同意がある場合\n- 法令に基づく場合\n"


def nested_list(depth: int) -> str:
    return "".join("  " * level + f"- 第{level + 1}層の項目\n" for level in range(depth))


def add_revision(root: Path, date: str, body: str) -> None:
    """Make ``body`` the current text of acme/privacy, in force from ``date``, and freeze it."""
    (root / "policies/acme/privacy.md").write_text(FRONT.format(date=date) + body, encoding="utf-8")
    policy = load_site(root).policy("acme/privacy")
    assert policy is not None
    snapshot(policy, dt.date.fromisoformat(date))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --- the source's text, and what is not text -------------------------------------------------


def test_markup_is_not_text_and_text_is() -> None:
    source = source_text(
        "---\npolicy:\n  kind: privacy\n---\n\n(purpose_of_use)=\n## 1. 目的\n\n{.circled}\n1. 提供のため\n"
        '2. [窓口](https://example.com/a_(b) "title")へ\n\n:::{note}\n:class: tip\n注記&#12354;\n:::\n'
        "{ref}`本文 <purpose_of_use>` と `code` と \\*印\n% 編集者へのコメント\n\n本文[^1]。\n\n[^1]: 脚注です。\n"
    )
    assert "".join(source.chars) == "1目的提供のため窓口へ注記本文と code と印本文。".replace(" ", "")
    assert "".join(source.footnotes["1"].chars) == "脚注です。"
    assert source.lines[0] == 7


def test_the_first_text_missing_from_the_page_is_located() -> None:
    source = source_text("# 題\n\n一段落目。\n\n[注]: 本ポリシーの補足\n\n三段落目。\n")
    lost = first_lost(source, "題\n一段落目。\n三段落目。", {})
    assert lost is not None and lost.line == 5
    assert first_lost(source, "題 一段落目。 注 本ポリシーの補足 三段落目。 (追加の文言)", {}) is None


def test_footnotes_are_compared_by_label_wherever_the_page_puts_them() -> None:
    source = source_text("本文[^a]。\n\n[^a]: 脚注の文。\n  続きの行。\n\n後の段落。\n")
    assert first_lost(source, "本文1。後の段落。", {"a": "脚注の文。続きの行。"}) is None
    assert first_lost(source, "本文1。後の段落。", {"a": "脚注の文。"}).line == 4  # type: ignore[union-attr]


@pytest.mark.parametrize("depth", [10, 30, 55])  # beyond 59, markdown-it stops; the build refuses that
def test_the_redline_keeps_the_text_after_a_deep_list(depth: int) -> None:
    blocks = blocks_from_markdown(nested_list(depth) + "\n" + TAIL)
    texts = [block.text for block in blocks]
    assert f"第{depth}層の項目" in texts
    assert texts[-2:] == ["本人の同意がある場合", "法令に基づく場合"]
    assert max(block.level for block in blocks) <= MAX_DEPTH


# --- real builds ------------------------------------------------------------------------------


def test_a_list_ten_deep_keeps_the_text_after_it_on_every_page(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    add_revision(root, "2026-03-01", "# プライバシーポリシー\n\n" + nested_list(10) + "\n" + TAIL)
    result = build_site(root, tmp_path / "build", today=TODAY)
    assert result.ok, "\n".join(b.output for b in result.languages)
    site = tmp_path / "build" / "html"
    ja = (site / "ja/policies/acme/privacy/index.html").read_text(encoding="utf-8")
    en = (site / "en/policies/acme/privacy/index.html").read_text(encoding="utf-8")
    changes = (site / "ja/policies/acme/privacy/2026-03-01/changes/index.html").read_text(encoding="utf-8")
    for page in (ja, changes):
        assert "第10層の項目" in page and "本人の同意がある場合" in page and "法令に基づく場合" in page
    assert "第10層の項目" in en and "Where the principal has consented" in en


def test_a_list_thirty_deep_is_refused_with_its_line(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    add_revision(root, "2026-03-01", "# プライバシーポリシー\n\n" + nested_list(30) + "\n" + TAIL)
    result = build_site(root, tmp_path / "build", today=TODAY)
    assert not result.ok and result.published is None
    output = "\n".join(b.output for b in result.languages)
    line = line_of(root / "policies/acme/privacy.md", "第21層の項目")
    for path in ("policies/acme/privacy.md", "policies/acme/privacy/2026-03-01.md"):
        assert f"{path}:{line}: WARNING: a list nested 30 deep" in output
    assert "at most 20 levels" in output and "[policy.nesting]" in output and "Traceback" not in output


def test_real_policies_pass_on_every_page_and_a_truncated_one_fails(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    for date, name in [("2026-03-01", "company"), ("2026-04-01", "association"), ("2026-05-01", "app")]:
        # Each text states the date it takes effect, as a real revision must (policy.stated_date).
        add_revision(
            root, date, restate((CORPUS / f"{name}.md").read_text(encoding="utf-8"), dt.date.fromisoformat(date))
        )
    result = build_site(root, tmp_path / "build", today=TODAY)
    assert result.ok, "\n".join(b.output for b in result.languages)
    site = tmp_path / "build" / "html" / "ja" / "policies" / "acme" / "privacy"
    changes = (site / "2026-04-01/changes/index.html").read_text(encoding="utf-8")
    for text in ("監事による確認", "外国にある第三者への提供について", "開示請求書", "施行します"):
        assert text in changes
    assert "最終改定日" in (site / "index.html").read_text(encoding="utf-8")

    app = (CORPUS / "app.md").read_text(encoding="utf-8")
    truncated = app.replace("## 4. 改定", "[改定]: 本ポリシーの改定\n\n## 4. 改定")
    add_revision(root, "2026-06-01", truncated)
    result = build_site(root, tmp_path / "build", today=TODAY)
    output = "\n".join(b.output for b in result.languages)
    line = line_of(root / "policies/acme/privacy.md", "[改定]:")
    assert not result.ok
    assert f"policies/acme/privacy/2026-06-01.md:{line}: WARNING: text does not reach the page" in output


# --- the bad-input catalogue: lost text ---------------------------------------------------------

ORG_PAGE = "policies/acme/index.md"


def _append(text: str) -> Callable[[Path], str]:
    """Append ``text`` to acme's organisation page; the expected place is its first line that says 'HERE'."""

    def breaking(root: Path) -> str:
        page = root / ORG_PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\n" + text.replace("HERE", ""), encoding="utf-8")
        first = text.split("\n").index(next(line for line in text.split("\n") if "HERE" in line))
        before = len((root / ORG_PAGE).read_text(encoding="utf-8").split("\n")) - len(text.split("\n"))
        return f"{ORG_PAGE}:{before + first + 1}"

    return breaking


def _deep(depth: int, quote: bool = False) -> str:
    lines = [(">" * (level + 1) + " " if quote else "  " * level + "- ") + f"第{level + 1}層" for level in range(depth)]
    lines[MAX_DEPTH] += "HERE"
    return "\n".join(lines) + "\n\n後の段落。\n"


def _new_revision(root: Path) -> str:
    body = "# ポリシー\n\n当社は情報を扱います。\n\n[注記]: 本ポリシーは予告なく変更します\n\n以上\n"
    add_revision(root, "2026-06-01", body)
    return f"policies/acme/privacy/2026-06-01.md:{line_of(root / 'policies/acme/privacy.md', '[注記]:')}"


CASES: list[tuple[str, Callable[[Path], str]]] = [
    ("text read as a link definition", _append("一段落目。\n\n[備考]: 詳細は別途定めますHERE\n\n最後の段落。\n")),
    ("list item read as a link definition", _append("- 一つ目\n- [二つ目]: 内容HERE\n- 三つ目\n")),
    ("list nested 25 deep", _append(_deep(25))),
    ("quote nested 25 deep", _append(_deep(25, quote=True))),
    ("list nested past markdown-it's limit", _append(_deep(70))),
    ("a frozen revision that loses text", _new_revision),
]


@pytest.mark.parametrize("breaking", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_lost_text_is_refused(built_basic: Path, tmp_path: Path, breaking: Callable[[Path], str]) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    where = breaking(root)
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert_refused(outcome, where)
    assert "policy.lost_text" in outcome.text or "policy.nesting" in outcome.text
    assert site_digest(root / "_build") == before
