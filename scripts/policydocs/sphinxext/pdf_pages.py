"""PDFs of policy pages (issue 17): which pages have one, what it is called, and what the page says for print.

Every frozen revision, the text in force while it is not frozen yet, and every comparison of two
revisions has a PDF in each language, printed after Sphinx by :mod:`policydocs.pdf_render` from
the page itself. This module decides which pages those are and names each file after its
organisation, kind, date(s) and language (``sample-privacy-2024-10-01-ja.pdf``, beside its page);
writes into each such page a header that is shown on paper only (organisation, policy, effective
date or "not stated", permanent URL, SHA-256, and in English that the Japanese text governs);
links the page to its PDF; and lists every PDF of the build for the renderer
(``pdf-pages.json`` in the doctree directory, written whole on every build).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util.osutil import relative_uri

from policydocs.model import Policy, Revision
from policydocs.pdf_jobs import MANIFEST  # in each language's doctree directory: what is printed
from policydocs.revisions import Timeline
from policydocs.sphinxext.compare_choice import pair_page, pairs
from policydocs.sphinxext.links import doc_link, file_link
from policydocs.sphinxext.listings import GENERATED, generated
from policydocs.sphinxext.messages import POLICY_LABELS, _, date_label
from policydocs.sphinxext.policy_facts import policy_page
from policydocs.sphinxext.site import BuildSite, site_of

SETTING = "policydocs_pdf"
HEADER = "policydocs-print-header"  # shown on paper only (policydocs.css, pdf_print.css)
LINK = "policydocs-pdf-link"
HTML_BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True)
class PdfPage:
    """One PDF of the build: the page it is printed from and the file it becomes."""

    page: str  # the page's name, e.g. "policies/sample/privacy/2024-10-01"
    file: str  # below the language's root, e.g. "policies/sample/privacy/2024-10-01/sample-privacy-2024-10-01-ja.pdf"
    title: str  # the PDF's title (its metadata)
    source: str  # the file a reader can act on when the PDF cannot be made


def enabled(config: Config) -> bool:
    return bool(getattr(config, SETTING, True))


def _name(policy: Policy, dates: str, language: str) -> str:
    return f"{policy.organisation}-{policy.kind.value}-{dates}-{language}.pdf"


def revision_pdf(policy: Policy, revision: Revision, language: str) -> str:
    return f"{revision.docname}/{_name(policy, revision.key, language)}"


def unfrozen_pdf(policy: Policy, language: str) -> str:
    """The PDF of a current text shown on the policy's main page before it is frozen."""
    return f"{policy.docname}/{_name(policy, policy.key, language)}"


def comparison_pdf(policy: Policy, line: Timeline, old: Revision, new: Revision, language: str) -> str:
    return f"{pair_page(policy, line, old, new)}/{_name(policy, f'{old.key}-to-{new.key}', language)}"


def page_pdf(built: BuildSite, docname: str, language: str) -> str | None:
    """The PDF a policy page links to: its revision's (the main page's is the one in force), or its own."""
    policy = built.site.policy_for_doc(docname)
    if policy is None:
        return None
    found = built.site.revision_for_doc(docname)
    revision = found[1] if found else built.shown_revision(policy)
    return revision_pdf(policy, revision, language) if revision is not None else unfrozen_pdf(policy, language)


def permanent_address(config: Config, docname: str) -> str:
    """A page's address: absolute under ``html_baseurl`` when it is set, else from the site's root."""
    base = (config.html_baseurl or "").rstrip("/")
    return f"{base}/{config.language}/{docname}/"


def _title(built: BuildSite, policy: Policy, dates: str, language: str) -> str:
    org = built.site.organisation(policy.organisation)
    organisation = org.display_name(language) if org else policy.organisation
    return str(_("%(organisation)s, %(policy)s (%(date)s)")) % {
        "organisation": organisation,
        "policy": POLICY_LABELS[policy.kind],
        "date": dates,
    }


def pdf_pages(built: BuildSite, language: str) -> list[PdfPage]:
    """Every PDF of the site in ``language``: revisions, unfrozen texts in force, comparisons."""
    found = []
    for policy in built.own_policies:
        line = built.timeline(policy)
        for revision in policy.revisions:
            title = _title(built, policy, date_label(revision.effective, language), language)
            found.append(PdfPage(revision.docname, revision_pdf(policy, revision, language), title, str(revision.path)))
        if built.shown_revision(policy) is None:
            title = _title(built, policy, date_label(policy.effective, language), language)
            found.append(PdfPage(policy.docname, unfrozen_pdf(policy, language), title, str(policy.path)))
        for old, new in pairs(line):
            dates = f"{date_label(old.effective, language)} → {date_label(new.effective, language)}"
            title = _title(built, policy, dates, language)
            found.append(
                PdfPage(
                    pair_page(policy, line, old, new),
                    comparison_pdf(policy, line, old, new, language),
                    title,
                    str(new.path),
                )
            )
    return found


def _effective(date_text: str, stated: bool) -> str:
    return date_text if stated else str(_("not stated"))


def _fields(rows: list[tuple[str, nodes.Node]]) -> nodes.field_list:
    fields = nodes.field_list()
    for label, value in rows:
        paragraph = nodes.paragraph()
        paragraph += value
        fields += nodes.field("", nodes.field_name(text=label), nodes.field_body("", paragraph))
    return fields


class PrintHeader(SphinxTransform):
    """The print-only header and the link to the PDF, on every page of a policy's text."""

    # After the facts box (30) and the history (32): the link goes under the box.
    default_priority = 33

    def apply(self, **kwargs: object) -> None:
        found = policy_page(self)
        if found is None or not enabled(self.config):
            return
        built, page, section = found
        docname = self.env.current_document.docname
        language = self.config.language
        org = built.site.organisation(page.policy.organisation)
        shown = page.revision
        effective = shown.effective if shown else page.policy.effective
        target = shown.docname if shown else page.policy.docname
        digest = (shown.sha256 or shown.digest) if shown else page.policy.digest
        if shown is None:
            digest = f"{digest} " + str(_("(the current text, not frozen yet)"))
        rows: list[tuple[str, nodes.Node]] = [
            (str(_("Organisation")), nodes.Text(org.display_name(language) if org else page.policy.organisation)),
            (str(_("Policy")), nodes.Text(str(POLICY_LABELS[page.policy.kind]))),
            (str(_("Effective date")), nodes.Text(_effective(date_label(effective, language), effective is not None))),
            # Not permanent until frozen: then it is only where the text is now.
            (
                str(_("Permanent URL")) if shown else "URL",
                doc_link(docname, target, permanent_address(self.config, target)),
            ),
            ("SHA-256", nodes.Text(digest)),
        ]
        if language != self.config.policydocs_source_language:
            rows.append((str(_("Translation")), nodes.Text(str(_("The Japanese text governs.")))))
        header = nodes.container("", _fields(rows), classes=[HEADER, GENERATED])
        # Last, out of the way of the page's own text (hidden, it is still in the DOM); the PDF shows it first.
        section.append(generated(header))
        pdf = page_pdf(built, docname, language)
        if pdf is not None:
            facts = next(
                (i for i, n in enumerate(section.children) if "policydocs-policy-facts" in n.get("classes", ())), 1
            )
            section.insert(facts + 1, generated(pdf_link(pdf, str(_("PDF of this text")))))


def with_pdf(link: nodes.Node, pdf: str) -> nodes.inline:
    """A link followed by one to the same text's PDF (a cell of the history table)."""
    both = nodes.inline()
    both += [link, nodes.Text(" · "), file_link(pdf, "PDF")]
    return both


def pdf_link(pdf: str, label: str) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=[LINK, GENERATED])
    paragraph += file_link(pdf, f"{label} ({Path(pdf).name})")
    return paragraph


def comparison_header(app: Sphinx, built: BuildSite, policy: Policy, old: Revision, new: Revision) -> tuple[str, str]:
    """The link to a comparison page's PDF and the PDF's header, as HTML (the page is generated)."""
    if not enabled(app.config):
        return "", ""
    language = app.config.language
    line = built.timeline(policy)
    pagename = pair_page(policy, line, old, new)
    org = built.site.organisation(policy.organisation)
    rows = [
        (_("Organisation"), escape(org.display_name(language) if org else policy.organisation)),
        (_("Policy"), escape(str(POLICY_LABELS[policy.kind]))),
    ]
    for label, revision in ((_("From"), old), (_("To"), new)):
        stated = _effective(date_label(revision.effective, language), revision.effective is not None)
        address = permanent_address(app.config, revision.docname)
        link = app.builder.get_relative_uri(pagename, revision.docname)
        rows.append(
            (
                label,
                f'{escape(stated)}: <a href="{escape(link)}">{escape(address)}</a><br>'
                f"SHA-256 {escape(revision.sha256 or revision.digest)}",
            )
        )
    if language != app.config.policydocs_source_language:
        rows.append((_("Translation"), escape(str(_("The Japanese text governs.")))))
    cells = "".join(f"<dt>{escape(str(label))}</dt><dd><p>{value}</p></dd>" for label, value in rows)
    pdf = comparison_pdf(policy, line, old, new, language)
    href = relative_uri(app.builder.get_target_uri(pagename), pdf)
    label = f"{_('PDF of this comparison')} ({Path(pdf).name})"
    return (
        f'<p class="{LINK}"><a class="reference internal" href="{escape(href)}">{escape(label)}</a></p>',
        f'<div class="{HEADER} {GENERATED}"><dl class="field-list simple">{cells}</dl></div>',
    )


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: list every PDF of this language for :mod:`policydocs.pdf_render`."""
    manifest = Path(app.doctreedir) / MANIFEST
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    entries = []
    if enabled(app.config):
        for page in pdf_pages(site_of(app.env), app.config.language):
            entry = asdict(page)
            entry["html"] = Path(app.builder.get_outfilename(page.page)).relative_to(app.outdir).as_posix()
            entries.append(entry)
    data = {"language": app.config.language, "baseurl": app.config.html_baseurl or "", "pages": entries}
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def setup(app: Sphinx) -> None:
    # Off only where PDFs are not wanted at all (the benchmark's synthetic sites): it drops the links too.
    app.add_config_value(SETTING, True, "env", types=frozenset({bool}))
    app.add_transform(PrintHeader)
    app.connect("build-finished", write_manifest)
