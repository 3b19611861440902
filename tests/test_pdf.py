"""PDFs of policy texts (issue 17): made for every revision and comparison in both languages, faithful to
their pages, typeset properly (fonts embedded, Japanese line breaking), titled, linked, cached, and
never at the published site's expense when they cannot be made."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bad_inputs import CRASH_MARKS, run_policydocs, site_digest
from conftest import TODAY, copy_root
from lxml.html import fromstring
from policydocs import pdf_document, pdf_jobs, pdf_render
from policydocs.build import SiteBuild, build_site
from policydocs.text_fidelity import first_lost, first_missing, significant, source_text
from pypdf import PdfReader

KEYS = ("2024-04-01", "2025-04-01")
LANGUAGES = ("ja", "en")
POLICY = Path("policies/acme/privacy")


def _revision_pdf(site: Path, language: str, key: str) -> Path:
    return site / language / POLICY / key / f"acme-privacy-{key}-{language}.pdf"


def _redline_pdf(site: Path, language: str) -> Path:
    return site / language / POLICY / KEYS[1] / "changes" / f"acme-privacy-{KEYS[0]}-to-{KEYS[1]}-{language}.pdf"


def _all_pdfs(site: Path) -> list[Path]:
    return [_revision_pdf(site, lang, key) for lang in LANGUAGES for key in KEYS] + [
        _redline_pdf(site, lang) for lang in LANGUAGES
    ]


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout


def _significant(text: str) -> str:
    return "".join(character for character in text if significant(character))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteBuild]:
    root = copy_root("pdf", tmp_path_factory.mktemp("pdf"))
    result = build_site(root, today=TODAY)
    assert result.ok, [*result.problems, *(b.output for b in result.languages)]
    return root, result


@pytest.fixture(scope="module")
def site(built: tuple[Path, SiteBuild]) -> Path:
    assert built[1].published is not None
    return built[1].published


def test_every_revision_and_comparison_has_a_pdf_in_each_language(site: Path) -> None:
    for pdf in _all_pdfs(site):
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), pdf


def test_the_japanese_pdf_holds_every_character_of_its_source(built: tuple[Path, SiteBuild], site: Path) -> None:
    root = built[0]
    for key in KEYS:
        source = source_text((root / POLICY / f"{key}.md").read_text(encoding="utf-8"))
        lost = first_lost(source, _text(_revision_pdf(site, "ja", key)), {})
        assert lost is None, f"{key}: line {lost.line}: {lost.excerpt}"


def _page_text(page: Path, path: str) -> str:
    """The page's own text (what the extension generates around it left out) under the XPath ``path``."""
    tree = fromstring(page.read_text(encoding="utf-8"))
    for generated in tree.xpath("//*[contains(@class, 'policydocs-generated') or contains(@class, 'headerlink')]"):
        generated.drop_tree()
    return "".join(element.text_content() for element in tree.xpath(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_pdf_holds_its_pages_text_in_order(site: Path, language: str) -> None:
    for key in KEYS:
        page = _page_text(site / language / POLICY / key / "index.html", "//article")
        expected = list(_significant(page))
        assert len(expected) > 50
        shown = _significant(_text(_revision_pdf(site, language, key)))
        missing = first_missing(expected, shown)
        assert missing is None, f"{language} {key}: lost from {''.join(expected[missing : missing + 30])}"
    redline = _page_text(
        site / language / POLICY / KEYS[1] / "changes" / "index.html", "//div[@class='policydocs-redline']"
    )
    assert first_missing(list(_significant(redline)), _significant(_text(_redline_pdf(site, language)))) is None


def test_every_font_is_embedded_and_none_is_synthesised(site: Path) -> None:
    for pdf in _all_pdfs(site):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = listing.splitlines()[2:]
        assert fonts, pdf
        for line in fonts:
            # name, type, encoding, emb, sub, uni: a Type 3 font is what Chromium writes for a faked bold.
            assert " yes " in line.split("Identity-H")[-1] and "Type 3" not in line, f"{pdf.name}: {line}"
        if "-ja" in pdf.name:
            assert "IPAexMincho" in listing


def _visual_lines(pdf: Path) -> list[str]:
    """The lines as printed: words grouped by page and baseline, in reading order."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    rows: dict[tuple[int, int], list[tuple[float, str]]] = {}
    page = 0
    for found in re.finditer(
        r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', boxes
    ):
        if found.group(0).startswith("<page"):
            page += 1
            continue
        middle = (float(found.group(2)) + float(found.group(3))) / 2
        rows.setdefault((page, round(middle / 3)), []).append(
            (float(found.group(1)), html_module.unescape(found.group(4)))
        )
    return ["".join(word for _x, word in sorted(words)) for _key, words in sorted(rows.items())]


def test_japanese_lines_break_by_japanese_rules(site: Path) -> None:
    # JIS X 4051 (行頭禁則): no line starts with a closing bracket or a comma or full stop.
    lines = _visual_lines(_revision_pdf(site, "ja", KEYS[1]))
    assert sum(len(line) > 30 for line in lines) >= 4  # the long paragraph did wrap
    starts = [line for line in lines if line[0] in "。、」）』・ー"]
    assert starts == []


def test_real_policies_break_by_japanese_rules_too(site_html: Path) -> None:
    # The seed site's real texts, a space typed before a full stop included (「お知らせします 。」).
    pdfs = sorted(site_html.glob("ja/policies/**/*-ja.pdf"))
    assert len(pdfs) >= 8
    for pdf in pdfs:
        assert [line for line in _visual_lines(pdf) if line[0] in "。、」）』"] == [], pdf.name


def test_a_space_before_a_closing_mark_does_not_break_the_line() -> None:
    page = '<article role="main"><p>お知らせします 。「例」 、<code>a ;</code> 」</p></article>'
    part = pdf_document.printed_part(page, "http://policydocs.invalid/ja/")
    assert "します\u00a0。" in part and "」\u00a0、" in part and "<code>a ;</code>\u00a0」" in part


def test_each_pdf_has_its_title_and_language(site: Path) -> None:
    for pdf in _all_pdfs(site):
        reader = PdfReader(pdf)
        language = pdf.stem.rsplit("-", 1)[1]
        assert reader.trailer["/Root"]["/Lang"] == language
        title = reader.metadata.title
        assert ("株式会社アクメ" if language == "ja" else "Acme Inc.") in title
        assert ("プライバシーポリシー" if language == "ja" else "Privacy policy") in title


def test_each_pdf_states_what_it_is(built: tuple[Path, SiteBuild], site: Path) -> None:
    lock = (built[0] / POLICY / "revisions.lock").read_text(encoding="utf-8")
    digest = re.search(r'file = "2025-04-01.md"\nsha256 = "([0-9a-f]{64})"', lock).group(1)
    ja = _text(_revision_pdf(site, "ja", KEYS[1]))
    for fact in (
        "株式会社アクメ",
        "プライバシーポリシー",
        "2025年4月1日",
        "/ja/policies/acme/privacy/2025-04-01/",
        digest,
    ):
        assert fact in ja.replace("\n", ""), fact
    en = _text(_revision_pdf(site, "en", KEYS[1])).replace("\n", " ")
    for fact in (
        "Acme Inc.",
        "1 April 2025",
        "/en/policies/acme/privacy/2025-04-01/",
        digest,
        "The Japanese text governs",
    ):
        assert fact in en, fact


def _links(pdf: Path) -> list[str]:
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots", []) or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_to_and_from_the_pdfs_work_in_both_languages(site: Path, language: str) -> None:
    revision = site / language / POLICY / KEYS[1]
    main = site / language / POLICY / "index.html"
    for page, expected in (
        (revision / "index.html", _revision_pdf(site, language, KEYS[1])),
        (main, _revision_pdf(site, language, KEYS[1])),  # the main page's PDF is its revision in force
        (revision / "changes" / "index.html", _redline_pdf(site, language)),
    ):
        tree = fromstring(page.read_text(encoding="utf-8"))
        hrefs = tree.xpath("//p[contains(@class, 'policydocs-pdf-link')]/a/@href")
        assert len(hrefs) == 1 and (page.parent / hrefs[0]).resolve() == expected.resolve(), page
    history = fromstring(main.read_text(encoding="utf-8")).xpath("//table[contains(@class, 'history')]//a/@href")
    pdfs = {(main.parent / href).resolve() for href in history if href.endswith(".pdf")}
    assert {_revision_pdf(site, language, key).resolve() for key in KEYS} <= pdfs
    assert _redline_pdf(site, language).resolve() in pdfs
    # Inside the PDF: links to the site, relative to the PDF (no html_baseurl), each reaching a page.
    for pdf in (_revision_pdf(site, language, KEYS[1]), _redline_pdf(site, language)):
        links = _links(pdf)
        assert "https://www.ppc.go.jp/" in links or pdf.parent.name == "changes"
        internal = [link for link in links if not re.match(r"[a-z]+:", link)]
        assert internal, pdf
        for link in internal:
            assert (pdf.parent / link.split("#")[0] / "index.html").resolve().is_file(), link
        assert not any(pdf_document.ORIGIN in link for link in links)


def test_pdfs_are_reused_and_remade_only_when_what_they_print_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_root("pdf", tmp_path)
    printed: list[str] = []
    real = pdf_render.print_pdfs

    def recording(jobs: list[pdf_jobs.PdfJob], *args: object) -> list:
        printed.extend(f"{job.language}:{job.page}" for job in jobs)
        return real(jobs, *args)

    monkeypatch.setattr(pdf_render, "print_pdfs", recording)
    assert build_site(root, today=TODAY).ok
    assert len(printed) == 6
    printed.clear()
    assert build_site(root, today=TODAY).ok
    assert printed == []  # nothing changed: every PDF from the cache
    # A corrected translation reaches the English PDFs that print it, and only those.
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("To answer inquiries", "To answer enquiries"))
    result = build_site(root, today=TODAY)
    assert result.ok
    remade = [*(f"en:{POLICY.as_posix()}/{key}" for key in KEYS), f"en:{POLICY.as_posix()}/{KEYS[1]}/changes"]
    assert sorted(printed) == sorted(remade)
    assert "To answer enquiries" in _text(_revision_pdf(result.published, "en", KEYS[0]))
    # A new print stylesheet remakes every PDF.
    printed.clear()
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text(pdf_document.STYLESHEET.read_text(encoding="utf-8") + "\nh1 { font-size: 18pt; }\n")
    monkeypatch.setattr(pdf_document, "STYLESHEET", stylesheet)
    assert build_site(root, today=TODAY).ok
    assert len(printed) == 6


def test_pdfs_are_made_while_the_caller_runs_an_event_loop(tmp_path: Path) -> None:
    # As in the browser tests, which build sites while Playwright's sync API runs its loop.
    import asyncio

    async def build() -> SiteBuild:
        return build_site(copy_root("pdf", tmp_path), today=TODAY)

    built: list[SiteBuild] = []  # in a thread of its own: this one may already run Playwright's loop
    worker = threading.Thread(target=lambda: built.append(asyncio.run(build())))
    worker.start()
    worker.join()
    assert built and built[0].ok, built and built[0].problems


def test_an_unfrozen_text_in_force_has_its_own_pdf(tmp_path: Path) -> None:
    root = copy_root("pdf", tmp_path)
    shutil.rmtree(root / POLICY)  # no revision: the main page shows the current text, not frozen yet
    result = build_site(root, today=TODAY, strict=False)
    assert result.ok and result.published is not None
    pdf = result.published / "ja" / POLICY / "acme-privacy-2025-04-01-ja.pdf"
    text = _text(pdf).replace("\n", "")
    assert "まだ固定されていません" in text and "統計を作成するため" in text
    assert "固定URL" not in text  # not permanent until it is frozen


@pytest.mark.parametrize(
    "engine",
    [
        pytest.param("missing", id="engine-missing"),
        pytest.param("#!/bin/sh\necho 'cannot start' >&2\nexit 1\n", id="engine-crashing"),
    ],
)
def test_a_pdf_that_cannot_be_made_fails_the_build_and_leaves_the_site(tmp_path: Path, engine: str) -> None:
    root = copy_root("pdf", tmp_path)
    first = run_policydocs(root, "build", "--today", TODAY)
    assert first.code == 0 and "pdf: 6 PDFs, 6 printed, 0 from the cache" in first.out
    assert "pdf: 6 PDFs, 0 printed, 6 from the cache" in run_policydocs(root, "build", "--today", TODAY).out
    before = site_digest(root / "_build")
    shutil.rmtree(root / "_build" / "cache" / "pdf")  # nothing cached: the engine is needed
    chromium = tmp_path / "chromium"
    if engine != "missing":
        chromium.write_text(engine)
        chromium.chmod(0o755)
    catalog = root / "locale/en/LC_MESSAGES/policies/acme/privacy.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("To answer inquiries", "To answer enquiries"))
    outcome = run_policydocs(root, "build", "--today", TODAY, env={"POLICYDOCS_CHROMIUM": str(chromium)})
    assert outcome.code == 1
    assert not any(mark in outcome.text for mark in CRASH_MARKS), outcome.text
    assert "cannot make the PDF of page policies/acme/privacy/" in outcome.err
    assert "make pdf-tools" in outcome.err and "published site was left as it was" in outcome.err
    assert site_digest(root / "_build") == before


def test_the_build_lists_its_pdfs_for_the_printer(site: Path, built: tuple[Path, SiteBuild]) -> None:
    manifest = json.loads((built[0] / "_build" / "doctrees" / "ja" / "pdf-pages.json").read_text(encoding="utf-8"))
    files = {entry["file"] for entry in manifest["pages"]}
    assert files == {pdf.relative_to(site / "ja").as_posix() for pdf in _all_pdfs(site) if pdf.name.endswith("-ja.pdf")}


def test_the_printer_runs_no_script_and_fetches_nothing(tmp_path: Path) -> None:
    """What is printed comes from policy pages, which are untrusted: Chromium prints it without running
    a script or loading anything from the network, on A4, with the Japanese fonts embedded."""
    from policydocs.pdf_printer import Printer

    page = (
        '<html lang="ja"><body><p id="said">スクリプトは実行されない</p>'
        "<script>document.getElementById('said').textContent = 'SCRIPT RAN';</script>"
        '<img src="http://127.0.0.1:9/tracker.png" alt="">'
        '<iframe src="http://127.0.0.1:9/"></iframe></body></html>'
    )
    with Printer() as printer:
        printed = printer.print_pdf(page, 0)
        again = printer.print_pdf("<p>second tab</p>", 1)
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(printed)
    text = _text(pdf)
    assert "スクリプトは実行されない" in text and "SCRIPT RAN" not in text
    box = PdfReader(pdf).pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1.5  # A4 (210 × 297 mm) in points
    assert again.startswith(b"%PDF")


def test_the_chromium_to_print_with_is_read_when_a_printer_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    # Read then, not when the module was imported: a process that imported it earlier (the tests' CLI
    # server, a long-lived preview) still prints with the Chromium the environment names now.
    from policydocs.pdf_printer import Printer

    monkeypatch.setenv("POLICYDOCS_CHROMIUM", "/opt/elsewhere/chromium")
    assert Printer().chromium == "/opt/elsewhere/chromium"
    monkeypatch.delenv("POLICYDOCS_CHROMIUM")
    assert Printer().chromium == "/usr/bin/chromium"
    assert Printer("/given/chromium").chromium == "/given/chromium"
