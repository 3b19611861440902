"""Comparison pages: a lawyer's redline of any two revisions of a policy.

One page per pair of revisions (see :mod:`.compare_choice` for where each is
published and how a reader chooses one), in every language, each showing both
revisions' dates and summaries: the blocks of both revisions are read from their doctrees
(already translated in a translated build; :mod:`.doctree_blocks`), aligned, and marked with
``<del>``/``<ins>``, character by character in Japanese and word by word in
English. Headings are kept, and the sections that changed are listed first. A redline of two
revisions is made once and kept between builds (:mod:`.redline_cache`).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from html import escape
from typing import Any

from sphinx.application import Sphinx

from policydocs.diffing import HEADING, Block, BlockChange, Granularity, Op, changed_sections, compare_blocks
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
from policydocs.sphinxext.doctree_blocks import blocks_from_doctree
from policydocs.sphinxext.messages import _, date_label, label_in_sentence
from policydocs.sphinxext.pdf_pages import comparison_header
from policydocs.sphinxext.pdf_pages import enabled as pdf_enabled
from policydocs.sphinxext.policy_catalogs import translate
from policydocs.sphinxext.redline_cache import Redline, RedlineCache, note_revision_blocks
from policydocs.sphinxext.site import BuildSite, site_of
from policydocs.sphinxext.unchanged_pages import PageGroup, only_changed

HTML_BUILDERS = frozenset({"html", "dirhtml"})
__all__ = ["blocks_from_doctree", "changes_page", "collect_comparison_pages", "render_changes", "setup"]


def make_redline(old: list[Block], new: list[Block], granularity: str) -> Redline:
    """The redline of two revisions' blocks, as the page shows it (kept by :mod:`.redline_cache`)."""
    changes = compare_blocks(old, new, Granularity(granularity))
    return Redline(render_changes(changes), tuple((h.text, h.anchor) for h in changed_sections(changes)))


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
    redlines: RedlineCache,
) -> dict[str, Any]:
    line = built.timeline(policy)
    pagename = pair_page(policy, line, old, new)
    redline = redlines.redline(old, new, make_redline)
    title = _title(app, built, policy)
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
    if redline.sections:
        links = ", ".join(
            _link(app, pagename, pagename, text, anchor) if anchor else escape(text)
            for text, anchor in redline.sections
        )
        label = str(_("Sections changed:"))
        parts.append(f'<p class="policydocs-changed-sections">{escape(label)} {links}</p>')
    else:
        unchanged = str(_("The text did not change."))
        parts.append(f"<p>{escape(unchanged)}</p>")
    legend = str(_("Deleted text is struck through; inserted text is underlined."))
    parts.append(f'<p class="policydocs-redline-legend">{escape(legend)}</p>')
    parts.append(f'<div class="policydocs-redline">{redline.html}</div>')
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
    """``html-collect-pages``: every chooser and comparison page, each written only when it changed."""
    if app.builder.name not in HTML_BUILDERS:
        return
    yield from only_changed(app, _policy_groups(app), "comparison-pages.pickle")


def _policy_groups(app: Sphinx) -> Iterator[PageGroup]:
    """Each policy's chooser and comparison pages, as one group made from the policy's inputs."""
    built = site_of(app.env)
    redlines = RedlineCache(app)  # each redline of frozen texts made once, then kept (redline_cache)
    for policy in built.own_policies:
        line = built.timeline(policy)
        if len(line.revisions) < 2:
            continue
        names = (chooser_page(policy), *(pair_page(policy, line, old, new) for old, new in pairs(line)))
        make = functools.partial(_policy_pages, app, built, policy, redlines)
        yield PageGroup(policy.docname, _policy_inputs(app, built, policy, redlines), names, make)
    redlines.save()


def _policy_inputs(app: Sphinx, built: BuildSite, policy: Policy, redlines: RedlineCache) -> str:
    """Everything a policy's comparison pages are made from, beyond what every page shares.

    The policy (its revisions, their dates, summaries and digests) and its timeline today; its
    organisation's names; the summaries as this language shows them; each pair's redline (by its
    revisions' blocks); and the settings the pages read. Anything else on the pages is a message
    of the extension's catalogs or a link, which the shared state covers.
    """
    line = built.timeline(policy)
    org = built.site.organisation(policy.organisation)
    summaries = [translate(app.env, app.config, policy, r.summary)[0] if r.summary else None for r in line.revisions]
    config = app.config
    settings = (config.language, config.html_baseurl, config.policydocs_source_language, pdf_enabled(config))
    state = (
        repr(policy),
        repr(line),
        (org.slug, org.name, org.name_en, org.fictional) if org else None,
        summaries,
        [redlines.key(old, new) for old, new in pairs(line)],
        (app.builder.name, *settings),
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def _policy_pages(
    app: Sphinx, built: BuildSite, policy: Policy, redlines: RedlineCache
) -> Iterator[tuple[str, dict[str, Any], str]]:
    line = built.timeline(policy)
    yield chooser_page(policy), chooser(app, built, policy), "page.html"
    for old, new in pairs(line):
        yield pair_page(policy, line, old, new), comparison_page(app, built, policy, old, new, redlines), "page.html"


def setup(app: Sphinx) -> None:
    note_revision_blocks(app)
    # A file, deferred: the Content-Security-Policy allows no inline script or handler.
    app.add_js_file(COMPARE_SCRIPT, loading_method="defer")
