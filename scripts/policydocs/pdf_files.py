"""Cutting one printed job into its documents' PDFs, each with its own title, language and links.

Chromium prints several documents in one job far faster than one by one (the job's fixed cost,
font subsetting above all, is paid once), and each document starts on a new sheet behind a
marker link (:data:`policydocs.pdf_document.START`). Here the sheets are shared out by those
markers, the markers are removed, and every link under the placeholder origin becomes the
site's own address: absolute under ``html_baseurl`` when the site has one, else relative to the
PDF, which is published in its page's directory, so that a viewer resolves it as the page would.
"""

from __future__ import annotations

import io
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, TextStringObject

from policydocs.pdf_document import ORIGIN, START


@dataclass(frozen=True)
class Output:
    """One document of a print job: where its PDF goes and what its metadata says."""

    path: Path
    title: str
    language: str
    url_path: str  # the PDF's own path on the site, e.g. "/ja/policies/sample/privacy/2024-10-01/x-ja.pdf"


class SplitError(ValueError):
    """The printed job does not hold the documents it was given (a marker is missing)."""


def _uri(annotation: DictionaryObject) -> str | None:
    action = annotation.get("/A")
    if action is None:
        return None
    action = action.get_object()
    return str(action["/URI"]) if action.get("/S") == "/URI" and "/URI" in action else None


def document_starts(reader: PdfReader, count: int) -> list[int]:
    """The sheet each of ``count`` documents starts on, by its marker link."""
    starts: dict[int, int] = {}
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []) or []:
            uri = _uri(annotation.get_object())
            if uri and uri.startswith(START):
                starts.setdefault(int(uri[len(START) :]), number)
    if sorted(starts) != list(range(count)) or [starts[i] for i in range(count)] != sorted(starts.values()):
        raise SplitError(f"the print job's documents could not be told apart ({len(starts)} of {count} found)")
    return [starts[i] for i in range(count)]


def site_address(uri: str, pdf_url_path: str, baseurl: str) -> str:
    """A link of the print job as the PDF should hold it."""
    if not uri.startswith(ORIGIN + "/"):
        return uri  # mailto:, tel: or another site
    path = uri[len(ORIGIN) :]
    if baseurl:
        return baseurl.rstrip("/") + path
    target, hash_mark, fragment = path.partition("#")
    relative = posixpath.relpath(target, posixpath.dirname(pdf_url_path))
    if target.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + hash_mark + fragment


def _relink(writer: PdfWriter, output: Output, baseurl: str) -> None:
    for page in writer.pages:
        kept = ArrayObject()
        for reference in page.get("/Annots", []) or []:
            annotation = reference.get_object()
            uri = _uri(annotation)
            if uri is not None and uri.startswith(START):
                continue
            if uri is not None:
                annotation["/A"].get_object()[NameObject("/URI")] = TextStringObject(
                    site_address(uri, output.url_path, baseurl)
                )
            kept.append(reference)
        if "/Annots" in page:
            page[NameObject("/Annots")] = kept


def write_documents(job_pdf: bytes, outputs: list[Output], baseurl: str) -> None:
    """Write each document of the printed job to its output (each file replaced in one step)."""
    reader = PdfReader(io.BytesIO(job_pdf))
    starts = document_starts(reader, len(outputs))
    ends = [*starts[1:], len(reader.pages)]
    for output, start, end in zip(outputs, starts, ends, strict=True):
        writer = PdfWriter()
        for number in range(start, end):
            writer.add_page(reader.pages[number])
        _relink(writer, output, baseurl)
        writer.add_metadata({"/Title": output.title, "/Producer": "policydocs (Chromium, pypdf)"})
        root = writer._root_object
        root[NameObject("/Lang")] = TextStringObject(output.language)
        # Viewers show the title, not the file name, in their window (PDF/UA asks for it).
        root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
        output.path.parent.mkdir(parents=True, exist_ok=True)
        partial = output.path.with_name(f".{output.path.name}.{os.getpid()}.partial")
        with partial.open("wb") as handle:
            writer.write(handle)
        os.replace(partial, output.path)
