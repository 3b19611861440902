"""Choosing any two revisions of a policy to compare: every pair's page, a list of them and a form.

Every older/newer pair of revisions has a comparison page: a consecutive pair at
the newer revision's ``changes/`` (its permanent URL since comparisons began),
any other at ``<policy>/compare/<older>/<newer>/``. A policy with two or more
revisions has a chooser page at ``<policy>/compare/`` listing every pair, which
works without JavaScript, and a form with two selects that ``policydocs-compare.js``
reveals and follows (to the list's link for the chosen pair, so the script knows no
URL scheme).

Every comparison page carries the same form, but lists only each revision against
the one before, with a link to the chooser page: a policy of n revisions has
n(n-1)/2 comparison pages, and a list of every pair on each made the policy's pages
grow with the cube of n (43 MB per language at 31 revisions). A pair the page does
not list is asked of the chooser page (``?from=…&to=…``), whose script follows its
own link for it.
"""

from __future__ import annotations

from html import escape

from sphinx.application import Sphinx

from policydocs.model import Policy, Revision
from policydocs.revisions import Timeline
from policydocs.sphinxext.messages import STATUS_LABELS, _, date_label

COMPARE_SCRIPT = "policydocs-compare.js"


def changes_page(revision: Revision) -> str:
    """The comparison of ``revision`` with the one before it."""
    return f"{revision.docname}/changes"


def chooser_page(policy: Policy) -> str:
    return f"{policy.docname}/compare"


def pair_page(policy: Policy, line: Timeline, old: Revision, new: Revision) -> str:
    """Where the comparison of ``old`` (the older) with ``new`` is published."""
    if line.previous(new) == old:
        return changes_page(new)
    return f"{chooser_page(policy)}/{old.key}/{new.key}"


def pairs(line: Timeline) -> list[tuple[Revision, Revision]]:
    """Every (older, newer) pair of the policy's revisions, by the newer one, then the older, oldest first."""
    revisions = line.revisions
    return [(revisions[i], revisions[j]) for j in range(1, len(revisions)) for i in range(j)]


def _option_label(line: Timeline, revision: Revision, language: str) -> str:
    date, status = date_label(revision.effective, language), str(STATUS_LABELS[line.status(revision)])
    return f"{date}({status})" if language == "ja" else f"{date} ({status})"


def _select(name: str, label: str, line: Timeline, labels: list[str], chosen: Revision) -> str:
    """A select of every revision, ``labels`` being their option labels in the timeline's order."""
    options = "".join(
        f'<option value="{escape(r.key)}"{" selected" if r == chosen else ""}>{escape(text)}</option>'
        for r, text in zip(line.revisions, labels, strict=True)
    )
    return f'<label class="policydocs-compare-{name}">{escape(label)} <select name="{name}">{options}</select></label>'


def chooser_html(
    app: Sphinx,
    pagename: str,
    policy: Policy,
    line: Timeline,
    chosen: tuple[Revision, Revision] | None,
    open_list: bool,
) -> str:
    """The form (revealed by script) and the list of every pair (for readers without script)."""
    language = app.config.language
    old, new = chosen or (line.revisions[-2], line.revisions[-1])
    heading = str(_("Compare any two revisions"))
    # Each revision's labels once per page, not once per select and pair: a policy of n revisions
    # has n(n-1)/2 comparison pages, each listing every pair.
    labels = [_option_label(line, revision, language) for revision in line.revisions]
    dates = {id(revision): date_label(revision.effective, language) for revision in line.revisions}
    form = (
        '<form class="policydocs-compare-form" hidden>'
        + _select("from", str(_("From")), line, labels, old)
        + " "
        + _select("to", str(_("To")), line, labels, new)
        + f' <button type="submit">{escape(str(_("Compare")))}</button>'
        + f'<p class="policydocs-compare-error" role="alert" hidden>'
        f"{escape(str(_('Choose two different revisions.')))}</p></form>"
    )
    items = []
    # The chooser page lists every pair; a comparison page, each revision against the one before.
    listed = pairs(line) if open_list else list(zip(line.revisions, line.revisions[1:], strict=False))
    for older, newer in listed:
        uri = app.builder.get_relative_uri(pagename, pair_page(policy, line, older, newer)) or "#"
        text = f"{dates[id(older)]} → {dates[id(newer)]}"
        current = ' aria-current="page"' if (older, newer) == chosen else ""
        items.append(
            f'<li><a class="reference internal" href="{escape(uri)}" data-from="{escape(older.key)}" '
            f'data-to="{escape(newer.key)}"{current}>{escape(text)}</a></li>'
        )
    listing = f'<ul class="policydocs-compare-pairs">{"".join(items)}</ul>'
    label = escape(str(_("Every comparison")))
    if open_list:
        listing = f"<h2>{label}</h2>{listing}"
    else:
        every = app.builder.get_relative_uri(pagename, chooser_page(policy)) or "#"
        link = f'<p><a class="reference internal policydocs-compare-all" href="{escape(every)}">{label}</a></p>'
        summary = escape(str(_("Each revision against the one before")))
        listing = f"<details><summary>{summary}</summary>{listing}{link}</details>"
    heading = escape(heading)
    return f'<nav class="policydocs-compare" aria-label="{heading}"><h2>{heading}</h2>{form}{listing}</nav>'
