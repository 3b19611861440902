"""Each source parsed once for both languages: the pages are what each build makes parsing for itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, assert_same_pages, copy_root
from markdown_it import MarkdownIt
from policydocs import build
from policydocs.parse_directory import shared_parses
from policydocs.sphinxext import shared_parses as shared_module
from policydocs.sphinxext.shared_parses import SharedParses, shareable

# A page of every kind of Markdown a kept parse may hold, and its English translation.
PLAIN = """
(plain-label)=
## 共有の見出し

段落に **強調** と *斜体* と `コード` と[リンク](https://example.com/)。

> 引用の段落。

| 項目 | 内容 |
|---|---|
| 氏名 | 必須 |

1. 一つ目
2. 二つ目

```text
コードの塊
```

---

最後の段落。
"""
ENGLISH = {"共有の見出し": "Shared heading", "引用の段落。": "A quoted paragraph."}


def _name(document) -> str:  # type: ignore[no-untyped-def]
    return "/".join(Path(document["source"]).parts[-2:])  # "acme/privacy.md": one of two privacy.md


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """The directory one run's builds share their parses in."""
    directory = tmp_path / "parses"
    directory.mkdir()
    return directory


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The pages whose parse was kept, and those read from a kept parse, as the builds go."""
    seen: dict[str, list[str]] = {"read": [], "kept": []}
    read_into, keep = SharedParses.read_into, SharedParses.keep

    def counted_read(self: SharedParses, key: str, document) -> bool:  # type: ignore[no-untyped-def]
        found = read_into(self, key, document)
        if found:
            seen["read"].append(_name(document))
        return found

    def counted_keep(self: SharedParses, key: str, document) -> None:  # type: ignore[no-untyped-def]
        keep(self, key, document)
        seen["kept"].append(_name(document))

    monkeypatch.setattr(SharedParses, "read_into", counted_read)
    monkeypatch.setattr(SharedParses, "keep", counted_keep)
    return seen


def _root(tmp_path: Path, name: str, refused: bool = True) -> Path:
    root = copy_root("translated", tmp_path / name)
    (root / "shared.md").write_text("# 共有のページ\n" + PLAIN, encoding="utf-8")
    # A page whose raw HTML is refused (a warning): each build parses it itself, and says so.
    if refused:
        (root / "refused.md").write_text("# 拒否\n\n<b>太字</b>\n", encoding="utf-8")
    pages = "shared\nrefused" if refused else "shared"
    with (root / "index.md").open("a", encoding="utf-8") as index:  # a directive: the home page is not kept
        index.write(f"\n```{{toctree}}\n:hidden:\n{pages}\n```\n")
    entries = "".join(f'\nmsgid "{source}"\nmsgstr "{english}"\n' for source, english in ENGLISH.items())
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    (root / "locale" / "en" / "LC_MESSAGES" / "shared.po").write_text(header + entries, encoding="utf-8")
    return root


def _build(make_app, root: Path, language: str, shared: Path | None) -> tuple[dict[Path, bytes], str]:  # type: ignore[no-untyped-def]
    overrides = {"language": language} | ({shared_module.SETTING: str(shared)} if shared is not None else {})
    app = make_app("dirhtml", srcdir=root, builddir=root / f"_build-{language}", confoverrides=overrides)
    app.build()
    out = Path(app.outdir)
    return {path.relative_to(out): path.read_bytes() for path in out.rglob("*.html")}, app.warning.getvalue()


def test_the_english_build_reads_what_the_japanese_build_parsed_and_makes_the_same_pages(
    make_app, tmp_path: Path, shared: Path, seen: dict[str, list[str]]
) -> None:  # type: ignore[no-untyped-def]
    root = _root(tmp_path, "shared")
    japanese, _ = _build(make_app, root, "ja", shared)
    assert "translated/shared.md" in seen["kept"] and seen["read"] == []
    # The page with a directive (the home page's toctree and policy index) and the refused one are not kept.
    assert "translated/index.md" not in seen["kept"] and "translated/refused.md" not in seen["kept"]
    # Every Japanese build before any English one: Sphinx keeps a process's catalogs from one app to the next.
    assert_same_pages(japanese, _build(make_app, _root(tmp_path, "ja-alone"), "ja", None)[0], at_least=3)
    english, warnings = _build(make_app, root, "en", shared)
    assert sorted(seen["read"]) == sorted(seen["kept"])
    assert "refused.md:3" in warnings  # the English build parsed the refused page itself, and warned of it
    assert_same_pages(english, _build(make_app, _root(tmp_path, "en-alone"), "en", None)[0], at_least=3)
    page = english[Path("shared/index.html")].decode("utf-8")
    assert "Shared heading" in page and "A quoted paragraph." in page and 'id="plain-label"' in page


def test_a_damaged_kept_parse_is_parsed_again(
    make_app, tmp_path: Path, shared: Path, seen: dict[str, list[str]]
) -> None:  # type: ignore[no-untyped-def]
    root = _root(tmp_path, "site")
    _build(make_app, root, "ja", shared)
    assert list(shared.iterdir())
    for kept in shared.iterdir():
        kept.write_bytes(kept.read_bytes()[:100])  # as a write cut short would leave it, were it not renamed
    english, _ = _build(make_app, root, "en", shared)
    assert seen["read"] == []
    assert_same_pages(english, _build(make_app, _root(tmp_path, "alone"), "en", None)[0], at_least=3)


def test_only_markdown_that_no_language_changes_is_shareable() -> None:
    parser = MarkdownIt("commonmark").enable("table")
    assert shareable(parser.parse(PLAIN))
    for text in ("```{note}\n注記\n```\n", "<b>raw</b>\n", "![画像](a.png)\n"):
        assert not shareable(parser.parse(text)), text


def test_a_bibliographic_key_of_either_language_sets_the_parses_apart() -> None:
    from docutils.utils import new_document

    documents = {}
    for language in ("ja", "en"):
        document = new_document("/site/policies/p.md")
        document.settings.language_code = language
        documents[language] = document
    shared = SharedParses(Path("/unused"))
    keys = {lang: shared.key(doc, "text", "config", {"author": "法務部"}) for lang, doc in documents.items()}
    assert keys["ja"] != keys["en"]  # "author" is a docinfo field in English only
    keys = {lang: shared.key(doc, "text", "config", {"policy": {}}) for lang, doc in documents.items()}
    assert keys["ja"] == keys["en"]


def test_the_directory_lives_for_one_run_and_a_killed_runs_is_removed(tmp_path: Path) -> None:
    with shared_parses(tmp_path, 1) as none:
        assert none is None  # one language: nothing to share
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"parses-{dead.stdout.strip()}-abc"
    left.mkdir()
    running = tmp_path / f"parses-{os.getppid()}-def"
    running.mkdir()
    with shared_parses(tmp_path, 2) as directory:
        assert directory is not None and directory.is_dir() and directory.name.startswith(f"parses-{os.getpid()}-")
        assert not left.exists() and running.exists()
        (directory / "kept").write_bytes(b"x")
    assert not directory.exists()


def test_policydocs_build_shares_and_publishes_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared_root, alone_root = _root(tmp_path, "shared", refused=False), _root(tmp_path, "alone", refused=False)
    built = build.build_site(shared_root, tmp_path / "b-shared", today=TODAY, pdfs=False)
    assert built.ok, "\n".join(b.output for b in built.languages)
    assert not list((tmp_path / "b-shared").glob("parses-*"))  # removed once the builds ended
    assert all(f"policydocs_shared_parses={tmp_path / 'b-shared'}" in " ".join(b.command) for b in built.languages)
    monkeypatch.setattr(build, "shared_parses", lambda build_dir, languages: shared_parses(build_dir, 1))
    alone = build.build_site(alone_root, tmp_path / "b-alone", today=TODAY, pdfs=False)
    assert alone.ok
    for language in ("ja", "en"):
        ours, theirs = (_published(result.published, language) for result in (built, alone))
        assert_same_pages(ours, theirs, at_least=3)


def _published(site: Path | None, language: str) -> dict[Path, bytes]:
    assert site is not None
    root = site / language
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*.html")}


def test_a_parse_that_noted_a_list_too_deep_is_not_kept_and_each_build_says_it(
    make_app, tmp_path: Path, shared: Path, seen: dict[str, list[str]]
) -> None:  # type: ignore[no-untyped-def]
    from test_lost_text import TAIL, add_revision, nested_list

    root = copy_root("basic", tmp_path)
    add_revision(root, "2026-03-01", "# プライバシーポリシー\n\n" + nested_list(30) + "\n" + TAIL)
    # The English build first: had it kept the page, the Japanese build would have read it without the note.
    for language in ("en", "ja"):
        app = make_app(
            "dirhtml",
            srcdir=root,
            builddir=root / f"_build-{language}",
            confoverrides={"language": language, shared_module.SETTING: str(shared)},
        )
        app.build()
    assert "beta/privacy.md" in seen["kept"] and "beta/privacy.md" in seen["read"]
    # The revision and the main page that shows it (the revision in force) are parsed by each build.
    for page in ("privacy/2026-03-01.md", "acme/privacy.md"):
        assert page not in seen["kept"] and page not in seen["read"]
    assert "2026-03-01.md:" in app.warning.getvalue() and "a list nested 30 deep" in app.warning.getvalue()
