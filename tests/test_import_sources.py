"""The format readers of ``policydocs import``: real saved pages, Word files and PDFs read as located lines.

Every fixture under ``tests/corpus/import/`` is made from a real policy of ``tests/corpus/privacy/``
(see that folder's README). Each is read and must keep the policy's wording character for
character, in order (whitespace, Markdown markup and list markers aside), carry none of the
page's furniture, and mark the headings and list items its format marks. Unreadable sources are
refused with the file, the line and the fix, never a traceback.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from policydocs.import_formats import read_source
from policydocs.import_sources import Hint, ImportSourceError, SourceDocument
from policydocs.text_fidelity import significant, source_text

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "corpus" / "import"
CORPUS = HERE / "corpus" / "privacy"
NEAR = 80  # how far apart two successive characters of the wording may be read (a moved line's length)
SCRIPT_MARK = "フィクスチャ"  # the text each fixture's inline <script> holds (see the fixtures' README)


# Lines of a corpus policy.md whose words the hand conversion added or moved (the README says why):
# they are not checked in order; a moved line's characters must still all be read.
ADDED_BY_HAND = {"org-14-yasuraginosato": {10}}  # "# 個人情報保護方針": the page's title is an image
MOVED_BY_HAND = {"var-01-neosoft": {58}}  # a table cell wrapped across two source lines, joined by hand


def policy_chars(corpus_dir: str) -> list[tuple[str, int]]:
    """The corpus policy's wording, character by character with its line of ``policy.md``."""
    text = source_text((CORPUS / corpus_dir / "policy.md").read_text(encoding="utf-8"))
    skipped = ADDED_BY_HAND.get(corpus_dir, set()) | MOVED_BY_HAND.get(corpus_dir, set())
    return [(c, line) for c, line in zip(text.chars, text.lines, strict=True) if line not in skipped]


def moved_chars(corpus_dir: str) -> Counter[str]:
    text = source_text((CORPUS / corpus_dir / "policy.md").read_text(encoding="utf-8"))
    moved = MOVED_BY_HAND.get(corpus_dir, set())
    return Counter(c for c, line in zip(text.chars, text.lines, strict=True) if line in moved)


def read_chars(document: SourceDocument) -> str:
    return "".join(c for line in document.lines for c in line.text if significant(c))


def assert_wording_in_order(document: SourceDocument, corpus_dir: str) -> None:
    """Every character of the corpus policy's wording is in the document's lines, in the same order."""
    expected = policy_chars(corpus_dir)
    got = read_chars(document)
    position = 0
    for index, (character, line) in enumerate(expected):
        found = got.find(character, position)
        if found < 0:
            context = "".join(c for c, _ in expected[max(0, index - 10) : index + 10])
            pytest.fail(
                f"{corpus_dir}/policy.md:{line}: {character!r} (in …{context}…) is not in what "
                f"{document.path.name} read, after …{got[max(0, position - 20) : position]}"
            )
        # A character found far ahead means the text between was skipped: the wording must be near.
        assert found - position <= NEAR, (
            f"{corpus_dir}/policy.md:{line}: {character!r} found {found - position} characters further on "
            f"(…{got[position : found + 1]}): text of the page between the policy's words?"
        )
        position = found + 1
    assert not moved_chars(corpus_dir) - Counter(got), f"{corpus_dir}: characters of a moved line were not read"


def text_of(document: SourceDocument) -> str:
    return "\n".join(line.text for line in document.lines)


# name, corpus policy, page furniture that must not be read (menus, footers, scripts, template code)
HTML_FIXTURES = [
    ("co-01-nagagutsu-club.html", "co-01-nagagutsu-club", ["HOME", "include", "googletagmanager"]),
    ("co-02-hug.html", "co-02-hug", ["Copyright", "font-size", "こう考えます", "gtag"]),
    ("org-03-kyoseinet.html", "org-03-kyoseinet", ["get_header", "get_footer", "php"]),
    ("org-14-yasuraginosato.html", "org-14-yasuraginosato", ["get_sidebar", "get_template_directory_uri"]),
    ("var-01-neosoft.html", "var-01-neosoft", ["最新情報", "活動紹介", "Copyright", "◎連絡先", "社員登録", "page "]),
    ("var-03-hermes.html", "var-03-hermes", ["サイトマップ", "会社案内", "総務ブログ", "Copyright", "Menu", "HOME"]),
    ("var-06-inohara.html", "var-06-inohara", ["トップ", "Template Name", "get_header", "home_url"]),
    ("var-12-alps.html", "var-12-alps", ["get_header", "get_footer", "/.privacy-policy"]),
]


@pytest.mark.parametrize(("name", "corpus_dir", "furniture"), HTML_FIXTURES, ids=[row[0] for row in HTML_FIXTURES])
def test_html_fixture_keeps_the_wording_and_drops_the_furniture(name: str, corpus_dir: str, furniture: list[str]):
    document = read_source(FIXTURES / name)
    assert_wording_in_order(document, corpus_dir)
    text = text_of(document)
    for piece in [*furniture, SCRIPT_MARK]:
        assert piece not in text, f"{name}: page furniture {piece!r} was read as policy text"
    # Each line's number is where its first character stands in the page.
    source = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    for line in document.lines:
        first = next((c for c in line.text if significant(c)), None)
        if first is not None:
            assert first in source[line.line - 1], f"{name}:{line.line} does not hold {line.text!r}"


def test_html_headings_items_and_titles_are_hinted():
    hermes = read_source(FIXTURES / "var-03-hermes.html")
    headings = [(line.level, line.text) for line in hermes.lines if line.hint is Hint.HEADING]
    assert headings == [
        (1, "個人情報保護について"),
        (2, "個人情報保護方針"),
        (2, "「個人情報の取扱いについて」"),
        (2, "個人情報に関するお問合せ窓口/苦情申出先"),
    ]
    assert hermes.title == "Hermes Systems Inc. - 個人情報保護方針"
    # A row of a table is one line: its label and its text set apart by a full-width space.
    club = read_source(FIXTURES / "co-01-nagagutsu-club.html")
    assert any(line.text.startswith("（2）\u3000個人情報に関する法令") for line in club.lines)
    assert club.lines[0].hint is Hint.HEADING and club.lines[0].text == "個人情報保護方針"
    home = read_source(FIXTURES / "org-14-yasuraginosato.html")
    items = [line for line in home.lines if line.hint is Hint.ITEM]
    assert len(items) == 9 and all(line.level == 1 and not line.ordered for line in items)
    # <br> breaks a line; two in a row end a paragraph.
    kyosei = read_source(FIXTURES / "org-03-kyoseinet.html")
    texts = [line.text for line in kyosei.lines]
    start = texts.index(next(t for t in texts if t.startswith("当サイトでは、メール")))
    assert kyosei.lines[start + 1].hint is Hint.BLANK and texts[start + 2].startswith("これらの個人情報は")


def test_html_whitespace_is_read_as_a_browser_shows_it():
    neosoft = read_source(FIXTURES / "var-01-neosoft.html")
    text = text_of(neosoft)
    # A paragraph wrapped between two Japanese characters in the HTML source is one run of text…
    assert "遵守します。また、以下に示す方針" in text
    # …a wrap next to Latin text is a space, and &nbsp; and full-width spaces are kept as they are.
    assert "\u00a0土・日曜日" in text
    assert "　　　　　　　メールアドレス：info@neosoft.jp" in text
    links = [link for line in neosoft.lines for link in line.links]
    assert [(link.text, link.href) for link in links] == [("info@neosoft.jp", "mailto:info@neosoft.jp")] * 2


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">{head}<title>プライバシーポリシー｜例</title></head>
<body><nav><ul><li><a href="/">ホーム</a></li></ul></nav>
<main><h1>プライバシーポリシー</h1>
<p>当社は<a href="../contact/">お問い合わせフォーム</a>と<a href="javascript:alert(1)">こちら</a>で受け付けます。</p>
<ol><li>第一の項目<ol><li>入れ子の項目</li></ol></li><li>第二の項目</li></ol>
<ul><li>箇条</li></ul>
<div style="display:none">隠れた文</div><p hidden>これも隠れた文</p>
</main><footer>© 例</footer></body></html>
"""


def test_html_links_made_absolute_against_the_address_the_page_states(tmp_path: Path):
    stated = tmp_path / "stated.html"
    canonical = '<link rel="canonical" href="https://www.example.co.jp/company/privacy/">'
    stated.write_text(PAGE.format(charset="utf-8", head=canonical), encoding="utf-8")
    document = read_source(stated)
    assert document.url == "https://www.example.co.jp/company/privacy/"
    links = [(link.text, link.href) for line in document.lines for link in line.links]
    # The javascript: link is no link of the policy; its text stays.
    assert links == [("お問い合わせフォーム", "https://www.example.co.jp/company/contact/")]
    assert "こちらで受け付けます。" in text_of(document)
    bare = tmp_path / "bare.html"
    bare.write_text(PAGE.format(charset="utf-8", head=""), encoding="utf-8")
    document = read_source(bare)
    assert document.url == ""
    assert [link.href for line in document.lines for link in line.links] == ["../contact/"]


def test_html_ordered_and_nested_lists_hidden_text(tmp_path: Path):
    page = tmp_path / "lists.html"
    page.write_text(PAGE.format(charset="utf-8", head=""), encoding="utf-8")
    document = read_source(page)
    items = [(line.text, line.level, line.ordered) for line in document.lines if line.hint is Hint.ITEM]
    assert items == [("第一の項目", 1, True), ("入れ子の項目", 2, True), ("第二の項目", 1, True), ("箇条", 1, False)]
    text = text_of(document)
    assert "隠れた文" not in text and "ホーム" not in text and "©" not in text


@pytest.mark.parametrize(("codec", "declared"), [("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("cp932", "")])
def test_html_in_the_encoding_the_page_states(tmp_path: Path, codec: str, declared: str):
    """A page saved as Shift_JIS or EUC-JP reads as its UTF-8 original, line for line."""
    original = (FIXTURES / "var-03-hermes.html").read_text(encoding="utf-8")
    recoded = re.sub(r'<meta charset="UTF-8">', f'<meta charset="{declared}">' if declared else "", original)
    page = tmp_path / "page.html"
    page.write_bytes(recoded.encode(codec))
    assert read_source(page).lines == read_source(FIXTURES / "var-03-hermes.html").lines
    page.write_bytes(codecs.BOM_UTF8 + original.encode("utf-8"))
    assert read_source(page).lines == read_source(FIXTURES / "var-03-hermes.html").lines


# ---- bad inputs: every one refused with the file, the line (0: the whole file) and the fix ----


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return make


def _folder(folder: Path) -> Path:
    path = folder / "policy.html"
    path.mkdir()
    return path


BINARY = bytes(range(256)) * 8
BAD_INPUTS: list[tuple[str, Callable[[Path], Path], int, str]] = [
    ("missing file", lambda folder: folder / "missing.html", 0, "does not exist"),
    ("a folder", _folder, 0, "folder"),
    ("empty page", _write("empty.html", b""), 0, "empty"),
    ("empty text", _write("empty.txt", b""), 0, "empty"),
    ("blank text", _write("blank.txt", "  \n\u3000\n\n"), 0, "no text"),
    ("binary named .txt", _write("junk.txt", BINARY), 0, "binary"),
    ("binary named .html", _write("junk.html", BINARY), 0, "binary"),
    (
        "page of only menus and scripts",
        _write("menus.html", "<html><body><nav><a href='/'>ホーム</a></nav><script>var a='文';</script></body></html>"),
        0,
        "no policy text",
    ),
    ("page of template code only", _write("template.html", "<?php get_header(); ?>\n<?php get_footer(); ?>"), 0, "no"),
    ("a format import does not read", _write("policy.rtf", "{\\rtf1 個人情報}"), 0, ".rtf"),
]


@pytest.mark.parametrize(("name", "make", "line", "says"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_refused_with_file_line_and_fix(tmp_path: Path, name: str, make, line: int, says: str):
    path = make(tmp_path)
    with pytest.raises(ImportSourceError) as refused:
        read_source(path)
    problem = refused.value.problem
    assert str(problem.location) == f"{path}:{line}"
    assert says in problem.message
    assert problem.fix and problem.fix != problem.message


# ---- Word and PDF, made from corpus policies by tests/corpus/import/make_fixtures.py ----

OFFICE_FIXTURES = [
    ("var-02-gnt.docx", "var-02-gnt"),
    ("org-04-iai-tokiwa.docx", "org-04-iai-tokiwa"),
    ("co-04-shojudo.docx", "co-04-shojudo"),
    ("var-02-gnt.pdf", "var-02-gnt"),
    ("co-04-shojudo.pdf", "co-04-shojudo"),
]


@pytest.mark.parametrize(("name", "corpus_dir"), OFFICE_FIXTURES, ids=[row[0] for row in OFFICE_FIXTURES])
def test_office_fixture_keeps_the_wording(name: str, corpus_dir: str):
    document = read_source(FIXTURES / name)
    assert_wording_in_order(document, corpus_dir)
    assert "個人情報保護方針　1" not in text_of(document) and "個人情報保護方針　2" not in text_of(document)


def test_docx_headings_lists_soft_breaks_and_links():
    gnt = read_source(FIXTURES / "var-02-gnt.docx")
    assert gnt.title == "個人情報保護方針"
    headings = [(line.level, line.text) for line in gnt.lines if line.hint is Hint.HEADING]
    assert headings[0] == (1, "個人情報保護方針") and len(headings) == 6
    # The closing contact lines are one paragraph with soft breaks: lines of one paragraph, no blank between.
    closing = [line for line in gnt.lines if line.line == gnt.lines[-1].line]
    assert [line.text[:4] for line in closing] == ["＜個人情", "ＴＥＬ：", "Ｅメール", "以上"]
    tokiwa = read_source(FIXTURES / "org-04-iai-tokiwa.docx")
    assert not [line for line in tokiwa.lines if line.hint is not Hint.TEXT and line.hint is not Hint.BLANK]
    assert [(link.text, link.href) for line in tokiwa.lines for link in line.links] == [
        ("ippei0605@gmail.com", "mailto:ippei0605@gmail.com")
    ]
    # Paragraph numbers count every body paragraph: the 2nd is the first typed section heading.
    assert next(line for line in tokiwa.lines if line.line == 2).text == "１．基本方針"
    shojudo = read_source(FIXTURES / "co-04-shojudo.docx")
    items = [(line.text, line.level, line.ordered) for line in shojudo.lines if line.hint is Hint.ITEM]
    assert items[:2] == [("直接取得の個人情報", 1, True), ("見積り問い合わせのため", 2, False)] and len(items) == 6


def test_pdf_headings_by_type_size_and_running_footer_dropped():
    shojudo = read_source(FIXTURES / "co-04-shojudo.pdf")
    headings = [(line.level, line.text) for line in shojudo.lines if line.hint is Hint.HEADING]
    assert headings[0] == (1, "個人情報保護方針")
    assert (2, "弊社では以下の目的で個人情報を利用します") in headings
    numbers = [line.line for line in shojudo.lines]
    assert numbers == sorted(numbers)  # running line numbers, in reading order
    assert not any("昇寿堂　個人情報保護方針" in line.text for line in shojudo.lines)


def _docx_not_zip(folder: Path) -> Path:
    path = folder / "policy.docx"
    path.write_text("個人情報保護方針\n", encoding="utf-8")
    return path


def _zip_not_word(folder: Path) -> Path:
    import zipfile

    path = folder / "policy.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not Word")
    return path


def _pdf(folder: Path, *, password: str = "") -> Path:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    path = folder / "policy.pdf"
    with path.open("wb") as stream:
        writer.write(stream)
    return path


BAD_OFFICE: list[tuple[str, Callable[[Path], Path], int, str]] = [
    ("docx that is not a zip", _docx_not_zip, 0, "not a Word .docx"),
    ("zip that is not Word", _zip_not_word, 0, "not a Word .docx"),
    ("empty docx", _write("empty.docx", b""), 0, "empty"),
    ("encrypted pdf", lambda folder: _pdf(folder, password="secret"), 0, "password"),
    ("scanned pdf (no text layer)", _pdf, 0, "no text layer"),
    ("pdf that is not a PDF", _write("junk.pdf", b"%PDF-1.4\n garbage \x00\x01"), 0, "not a PDF"),
]


@pytest.mark.parametrize(("name", "make", "line", "says"), BAD_OFFICE, ids=[row[0] for row in BAD_OFFICE])
def test_bad_office_input_is_refused_with_file_line_and_fix(tmp_path: Path, name: str, make, line: int, says: str):
    test_bad_input_is_refused_with_file_line_and_fix(tmp_path, name, make, line, says)
