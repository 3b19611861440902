"""Comparison pages: a lawyer's redline of any two revisions of a policy.

One page per pair of revisions (see :mod:`.compare_choice` for where each is
published and how a reader chooses one), in every language, each showing both
revisions' dates and summaries: the blocks of both revisions are read from their doctrees
(already translated in a translated build), aligned, and marked with
``<del>``/``<ins>``, character by character in Japanese and word by word in
English. Headings are kept, and the sections that changed are listed first.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from policydocs.diffing import (
    HEADING,
    PARAGRAPH,
    Block,
    BlockChange,
    Op,
    changed_sections,
    compare_blocks,
    granularity_for,
    list_marker,
    list_style,
)
from policydocs.model import Policy, Revision
from policydocs.sphinxext.banners import FICTIONAL_TEXT
from policydocs.sphinxext.compare_choice import (
    COMPARE_SCRIPT,
    changes_page,
    chooser_html,
    chooser_page,
    pair_page,
    pairs,
)
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import _, date_label, label_in_sentence
from policydocs.sphinxext.pdf_pages import comparison_header
from policydocs.sphinxext.policy_catalogs import translate
from policydocs.sphinxext.site import BuildSite, site_of

HTML_BUILDERS = frozenset({"html", "dirhtml"})
__all__ = ["blocks_from_doctree", "changes_page", "collect_comparison_pages", "render_changes", "setup"]


# Text elements that are not text of the page (a footnote's label is its number).
_NOT_SHOWN = (nodes.comment, nodes.raw, nodes.substitution_definition, nodes.system_message, nodes.label, nodes.target)


def blocks_from_doctree(doctree: nodes.document) -> list[Block]:
    """The headings, paragraphs and list items of a page, without the generated parts."""
    blocks: list[Block] = []

    def visit(node: nodes.Node, depth: int, lists: list[tuple[str, int]]) -> None:
        if not isinstance(node, nodes.Element) or GENERATED in node.get("classes", ()):
            return
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            anchor = node["ids"][0] if node["ids"] else ""
            blocks.append(Block(HEADING, title.astext() if title else "", depth + 1, anchor=anchor))
            for child in node.children:
                visit(child, depth + 1, lists)
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            style = list_style(node.get("classes", []), isinstance(node, nodes.enumerated_list))
            for number, item in enumerate(node.children, start=int(node.get("start", 1))):
                nested = [*lists, (style, number)]
                for position, child in enumerate(item.children):
                    if position == 0 and isinstance(child, nodes.paragraph):
                        blocks.append(Block(PARAGRAPH, child.astext(), len(nested), list_marker(style, number)))
                    else:
                        visit(child, depth, nested)
        elif isinstance(node, nodes.paragraph):
            blocks.append(Block(PARAGRAPH, node.astext(), len(lists)))
        elif isinstance(node, nodes.TextElement) and not isinstance(node, _NOT_SHOWN) and node.astext().strip():
            # A code block, a note's or a table's title, a line: shown on the page, so in the redline too.
            if not (isinstance(node, nodes.title) and isinstance(node.parent, nodes.section)):
                blocks.append(Block(PARAGRAPH, node.astext(), len(lists)))
        elif not isinstance(node, nodes.title):
            for child in node.children:
                visit(child, depth, lists)

    visit(doctree, 0, [])
    return blocks


def render_changes(changes: list[BlockChange]) -> str:
    """The redline as HTML: every block, changed runs in ``<del>``/``<ins>``."""
    out = []
    for change in changes:
        block = change.block
        inner = "".join(
            f"<del>{escape(s.text)}</del>"
            if s.op is Op.DELETE
            else f"<ins>{escape(s.text)}</ins>"
            if s.op is Op.INSERT
            else escape(s.text)
            for s in change.segments
        )
        css = f"policydocs-change-{change.op.value}"
        if block.kind == HEADING:
            level = min(block.level + 1, 6)
            anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
            out.append(f'<h{level}{anchor} class="{css}">{inner}</h{level}>')
        else:
            marker = f'<span class="policydocs-marker">{escape(block.marker)}</span> ' if block.marker else ""
            indent = f' style="margin-left: {1.5 * block.level:.1f}em"' if block.level else ""
            out.append(f'<p class="{css}"{indent}>{marker}{inner}</p>')
    return "\n".join(out)


def _link(app: Sphinx, pagename: str, target: str, text: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(pagename, target) + (f"#{anchor}" if anchor else "")
    return f'<a class="reference internal" href="{escape(uri)}">{escape(text)}</a>'


def _title(app: Sphinx, built: BuildSite, policy: Policy) -> str:
    language = app.config.language
    org = built.site.organisation(policy.organisation)
    assert org is not None
    return str(_("Changes to the %(policy)s of %(organisation)s")) % {
        "policy": label_in_sentence(policy.kind.value, language),
        "organisation": org.display_name(language),
    }


def _fictional(built: BuildSite, policy: Policy) -> str:
    org = built.site.organisation(policy.organisation)
    if org is None or not org.fictional:
        return ""
    return f'<div class="policydocs-banner policydocs-banner-fictional"><p>{escape(str(FICTIONAL_TEXT))}</p></div>'


def _side(app: Sphinx, pagename: str, policy: Policy, revision: Revision) -> str:
    """One side of a comparison: the revision's date, linked to its page, and its summary."""
    link = _link(app, pagename, revision.docname, date_label(revision.effective, app.config.language))
    if revision.summary:
        summary = escape(translate(app.env, app.config, policy, revision.summary)[0])
    else:
        summary = escape(str(_("No summary of changes was given.")))
    return f'<p>{link}</p><p class="policydocs-compare-summary">{summary}</p>'


def comparison_page(
    app: Sphinx,
    built: BuildSite,
    policy: Policy,
    old: Revision,
    new: Revision,
    blocks: dict[str, list[Block]],
) -> dict[str, Any]:
    language = app.config.language
    line = built.timeline(policy)
    pagename = pair_page(policy, line, old, new)
    for revision in (old, new):
        if revision.docname not in blocks:  # each revision's doctree read once for all its pairs
            blocks[revision.docname] = blocks_from_doctree(app.env.get_doctree(revision.docname))
    changes = compare_blocks(blocks[old.docname], blocks[new.docname], granularity_for(language))
    title = _title(app, built, policy)
    sections = changed_sections(changes)
    parts = [f'<section id="changes"><h1>{escape(title)}</h1>', _fictional(built, policy)]
    pdf_link, pdf_header = comparison_header(app, built, policy, old, new)
    parts.append(pdf_link)
    parts.append('<dl class="policydocs-policy-facts policydocs-compare-sides field-list simple">')
    for label, value in [
        (_("From"), _side(app, pagename, policy, old)),
        (_("To"), _side(app, pagename, policy, new)),
        (_("Policy in force"), "<p>" + _link(app, pagename, policy.docname, str(_("Current text"))) + "</p>"),
    ]:
        parts.append(f"<dt>{escape(str(label))}</dt><dd>{value}</dd>")
    parts.append("</dl>")
    if sections:
        links = ", ".join(
            _link(app, pagename, pagename, heading.text, heading.anchor) if heading.anchor else escape(heading.text)
            for heading in sections
        )
        label = str(_("Sections changed:"))
        parts.append(f'<p class="policydocs-changed-sections">{escape(label)} {links}</p>')
    else:
        unchanged = str(_("The text did not change."))
        parts.append(f"<p>{escape(unchanged)}</p>")
    legend = str(_("Deleted text is struck through; inserted text is underlined."))
    parts.append(f'<p class="policydocs-redline-legend">{escape(legend)}</p>')
    parts.append(f'<div class="policydocs-redline">{render_changes(changes)}</div>')
    parts.append(chooser_html(app, pagename, policy, line, (old, new), open_list=False) + pdf_header + "</section>")
    return {"title": title, "body": "\n".join(parts)}


def chooser(app: Sphinx, built: BuildSite, policy: Policy) -> dict[str, Any]:
    """The page that lists every comparison of a policy's revisions, with the form to choose one."""
    pagename = chooser_page(policy)
    title = _title(app, built, policy)
    line = built.timeline(policy)
    parts = [f'<section id="compare"><h1>{escape(title)}</h1>', _fictional(built, policy)]
    current = _link(app, pagename, policy.docname, str(_("Current text")))
    parts.append(f'<p class="policydocs-compare-back">{current}</p>')
    parts.append(chooser_html(app, pagename, policy, line, None, open_list=True) + "</section>")
    return {"title": title, "body": "\n".join(parts)}


def collect_comparison_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in HTML_BUILDERS:
        return
    built = site_of(app.env)
    for policy in built.site.policies:
        line = built.timeline(policy)
        if len(line.revisions) < 2:
            continue
        yield chooser_page(policy), chooser(app, built, policy), "page.html"
        blocks: dict[str, list[Block]] = {}
        for old, new in pairs(line):
            page = comparison_page(app, built, policy, old, new, blocks)
            yield pair_page(policy, line, old, new), page, "page.html"


def setup(app: Sphinx) -> None:
    # A file, deferred: the Content-Security-Policy allows no inline script or handler.
    app.add_js_file(COMPARE_SCRIPT, loading_method="defer")
