"""Make the Word and PDF fixtures of ``tests/corpus/import/`` from real corpus policies (run by hand, once).

    .venv/bin/python tests/corpus/import/make_fixtures.py

Each ``.docx`` is a corpus ``policy.md``'s text laid out as a careful editor's Word file would
have it, each in a different way a team writes Word files:

- ``var-02-gnt.docx``: the title in the Title style, sections in Heading 1, the contact lines at
  the end one paragraph with soft line breaks (Shift+Enter).
- ``org-04-iai-tokiwa.docx``: no styles at all: section headings are plain bold paragraphs with
  their numbers typed (``１．基本方針``), the contact address a hyperlink.
- ``co-04-shojudo.docx``: sections in Heading 2 under a Heading 1 title, and the purposes as Word
  numbering (List Number, with List Bullet 2 under each), Word drawing the numbers.

Each ``.pdf`` is such a ``.docx`` converted by LibreOffice (``libreoffice --headless
--convert-to pdf``, Debian's ``libreoffice-writer-nogui`` with ``fonts-ipaexfont``); the tests
read only the committed outputs and need neither.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "privacy"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d+\.)\s+(?P<text>.*)$")


def blocks(corpus_dir: str) -> list[tuple[str, list[str]]]:
    """The policy's blocks: ("h1", [text]), ("h2", …), ("item0"/"item1", [text]), ("p", [lines])."""
    text = _FRONT_MATTER.sub("", (CORPUS / corpus_dir / "policy.md").read_text(encoding="utf-8"))
    result: list[tuple[str, list[str]]] = []
    paragraph: list[str] = []

    def end() -> None:
        if paragraph:
            result.append(("p", paragraph.copy()))
            paragraph.clear()

    for line in text.splitlines():
        if not line.strip() or line.startswith("{"):
            end()
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        item = _ITEM.match(line)
        if heading:
            end()
            result.append((f"h{len(heading.group(1))}", [heading.group(2)]))
        elif item:
            end()
            result.append((f"item{len(item['indent']) // 3}", [item["text"]]))
        else:
            paragraph.append(line.strip())
    end()
    return result


def add_text(paragraph, text: str) -> None:
    """Text with Markdown links as Word hyperlinks (the relationship holds the address)."""
    position = 0
    for match in _LINK.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        rel = paragraph.part.relate_to(match.group(2), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = match.group(1)
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def new_document(title: str) -> docx.Document:
    document = docx.Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Number", "List Bullet 2"):
        style = document.styles[name]
        style.font.name = "IPAexGothic"
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "IPAexGothic")
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = title
    return document


def gnt() -> docx.Document:
    parts = blocks("var-02-gnt")
    document = new_document("個人情報保護方針")
    contact = next(i for i, (kind, lines) in enumerate(parts) if kind == "p" and lines[0].startswith("＜"))
    for kind, lines in parts[:contact]:
        if kind == "h1":
            document.add_paragraph(lines[0], style="Title")
        elif kind.startswith("h"):
            document.add_paragraph(lines[0], style="Heading 1")
        else:
            add_text(document.add_paragraph(), " ".join(lines))
    closing = document.add_paragraph()
    for index, (_, lines) in enumerate(parts[contact:]):
        if index:
            closing.add_run().add_break()  # Shift+Enter: one paragraph, several lines
        add_text(closing, " ".join(lines))
    return document


def iai_tokiwa() -> docx.Document:
    document = new_document("")
    number = 0
    for kind, lines in blocks("org-04-iai-tokiwa"):
        if kind == "h1":
            document.add_paragraph().add_run(lines[0]).bold = True
        elif kind.startswith("h"):
            number += 1
            document.add_paragraph().add_run(f"{chr(0xFF10 + number)}．{lines[0]}").bold = True
        else:
            add_text(document.add_paragraph(), " ".join(lines))
    return document


def shojudo() -> docx.Document:
    document = new_document("個人情報保護方針")
    for kind, lines in blocks("co-04-shojudo"):
        if kind == "h1":
            document.add_paragraph(lines[0], style="Heading 1")
        elif kind.startswith("h"):
            document.add_paragraph(lines[0], style="Heading 2")
        elif kind == "item0":
            add_text(document.add_paragraph(style="List Number"), lines[0])
        elif kind.startswith("item"):
            add_text(document.add_paragraph(style="List Bullet 2"), lines[0])
        else:
            add_text(document.add_paragraph(), " ".join(lines))
    # The footer an editor adds: the policy's name and the page number, on every page.
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("株式会社昇寿堂　個人情報保護方針　")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = footer.add_run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.text = text
            run._r.append(instruction)
    return document


def to_pdf(source: Path, target: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        sys.exit("libreoffice is needed for the PDFs: apt-get install libreoffice-writer-nogui fonts-ipaexfont")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copyfile(Path(folder) / (source.stem + ".pdf"), target)


def main() -> None:
    for name, make in (("var-02-gnt", gnt), ("org-04-iai-tokiwa", iai_tokiwa), ("co-04-shojudo", shojudo)):
        make().save(HERE / f"{name}.docx")
    for name in ("var-02-gnt", "co-04-shojudo"):
        to_pdf(HERE / f"{name}.docx", HERE / f"{name}.pdf")


if __name__ == "__main__":
    main()
