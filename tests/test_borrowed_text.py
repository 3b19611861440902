"""A policy page's words are its own: links without text and substitutions are refused under policies/."""

from __future__ import annotations

from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest

PAGE = "policies/beta/index.md"

# (name, a line appended to the organisation page, what the message must say)
CASES = [
    ("markdown link without text", "詳しくは [](../acme/index.md) を見てください。", "A link without its own text"),
    ("doc role without title", "詳しくは {doc}`../acme/index` を見てください。", "{doc}`the words <../acme/index>`"),
    ("ref role without title", "(here)=\n## 見出し\n\n{ref}`here` を見てください。", "{ref}`the words <here>`"),
    ("build date", "この版は {sub-ref}`today` に更新しました。", "A substitution ({sub-ref}`today`)"),
    ("word count", "本文は {sub-ref}`wordcount-words` 語です。", "A substitution ({sub-ref}`wordcount-words`)"),
]


@pytest.mark.parametrize(("name", "line", "said"), CASES, ids=[case[0] for case in CASES])
def test_text_taken_from_elsewhere_is_refused_at_its_line(
    built_basic: Path, tmp_path: Path, name: str, line: str, said: str
) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    where = text.count("\n") + 2 + line.count("\n")
    page.write_text(text + "\n" + line + "\n", encoding="utf-8")
    outcome = run_policydocs(root, "build")
    assert_refused(outcome, f"{PAGE}:{where}", said, "[policy.markup]")
    assert site_digest(root / "_build") == before


def test_a_link_with_its_own_words_is_published(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8") + "\n[アクメ社のページ](../acme/index.md) を参照。\n", "utf-8")
    outcome = run_policydocs(root, "build")
    assert outcome.code == 0, outcome.text
    html = (root / "_build" / "html" / "ja" / "policies" / "beta" / "index.html").read_text(encoding="utf-8")
    assert "アクメ社のページ</span></a>" in html or "アクメ社のページ</a>" in html
