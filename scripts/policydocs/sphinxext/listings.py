"""Directives that list organisations and their policies from the site model.

``policy-index`` (home page) tabulates every organisation's policies with their
stated dates; ``organisation-summary`` (an organisation page) gives its names,
kind of body and policies. Both list an organisation's documents by kind, in the
order the kinds are declared (privacy first), each named by its kind. Both place
the listed pages in the table of contents themselves, so editors never maintain a
toctree, and both note what they show of each organisation as a dependency
(:func:`.organisation_facts.note_listing`), so a changed date, kind or name re-reads
the listing page and an edit of a policy's wording does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from policydocs.kinds import kind_ids
from policydocs.model import Organisation, Policy
from policydocs.sphinxext.links import doc_link, page_link
from policydocs.sphinxext.messages import BODY_LABELS, POLICY_LABELS, _, date_label
from policydocs.sphinxext.organisation_facts import listed_date, note_listing
from policydocs.sphinxext.public_findings import public
from policydocs.sphinxext.site import site_of

GENERATED = "policydocs-generated"


def generated(node: nodes.Element) -> nodes.Element:
    """Mark text the extension writes as not for translators: it is translated by the extension's catalog.

    MyST gives every node a directive returns a source line, which would make Sphinx extract it;
    a node that is meant for translators (a revision summary) says so with ``translatable=True``.
    """
    for element in node.findall(nodes.TextElement):
        element.setdefault("translatable", False)
    return node


def in_kind_order(policies: Iterable[Policy]) -> list[Policy]:
    """An organisation's policies by kind, in the order the kinds are declared (privacy first).

    The loader keeps them by file name, which would put 外部送信 before プライバシーポリシー; a reader
    meets the kinds in one order on the home page, the organisation page and the sidebar.
    """
    order = {kind: index for index, kind in enumerate(kind_ids())}
    return sorted(policies, key=lambda policy: (order.get(policy.kind.value, len(order)), policy.kind.value))


def hidden_toctree(directive: SphinxDirective, docnames: Sequence[str]) -> nodes.compound:
    """The toctree a ``{toctree}`` directive with ``:hidden:`` and these entries would make."""
    toctree = addnodes.toctree()
    toctree["parent"] = directive.env.current_document.docname
    toctree["entries"] = [(None, docname) for docname in docnames]
    toctree["includefiles"] = list(docnames)
    settings = {"maxdepth": -1, "caption": None, "glob": False, "hidden": True}
    settings |= {"includehidden": False, "numbered": 0, "titlesonly": False}
    for key, value in settings.items():
        toctree[key] = value
    directive.set_source_info(toctree)
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper += toctree
    return wrapper


def table(classes: list[str], headers: Sequence[str], rows: Iterable[Sequence[nodes.Node | str]]) -> nodes.table:
    """A plain docutils table of text or nodes."""
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=1) for _header in headers]
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(text=str(h))) for h in headers))
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            if isinstance(cell, nodes.paragraph):
                row += nodes.entry("", cell)
                continue
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(cell) if isinstance(cell, str) else cell
            row += nodes.entry("", paragraph)
        body += row
    group += [head, body]
    return generated(nodes.table("", group, classes=[*classes, GENERATED]))


class _ListingDirective(SphinxDirective):
    has_content = False

    def _note(self, org: Organisation) -> None:
        note_listing(self.env, org)  # its names and kind of body, its policies' kinds and dates

    def _date(self, policy: Policy) -> str:
        """The date of the revision the policy's page shows (the one in force)."""
        return date_label(listed_date(site_of(self.env), policy), self.config.language)

    def _policy_cell(self, policy: Policy) -> addnodes.pending_xref:
        return doc_link(self.env.current_document.docname, policy.docname, str(POLICY_LABELS[policy.kind]))


class PolicyIndex(_ListingDirective):
    """Every organisation and its policies, with the dates their texts state."""

    def run(self) -> list[nodes.Node]:
        built = site_of(self.env)
        site = built.site
        language = self.config.language
        fromdoc = self.env.current_document.docname
        rows = []
        for org in site.organisations:
            self._note(org)
            for index, policy in enumerate(in_kind_order(org.policies) or (None,)):
                name = doc_link(fromdoc, org.docname, org.display_name(language)) if index == 0 else ""
                body = str(BODY_LABELS[org.body]) if index == 0 else ""
                if policy is None:
                    rows.append([name, body, str(_("No policy yet")), ""])
                else:
                    rows.append([name, body, self._policy_cell(policy), self._date(policy)])
        headers = [_("Organisation"), _("Kind of body"), _("Policy"), _("Date stated in the policy")]
        compliance = nodes.paragraph(classes=["policydocs-compliance-link", GENERATED], translatable=False)
        compliance += page_link("compliance", str(_("Required sections of each policy")))
        # The compliance page exists only where findings are public (policydocs_public_findings).
        return [
            table(["policydocs-index"], [str(h) for h in headers], rows),
            *([compliance] if public(self.config) else []),
            # Another slice's organisations are listed above and linked, but not read here (shards.py).
            hidden_toctree(self, [org.docname for org in site.organisations if built.builds(org.slug)]),
        ]


class OrganisationSummary(_ListingDirective):
    """The organisation's names, kind of body and policies, for its own page."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        org = site_of(self.env).site.organisation_for_doc(docname)
        if org is None:
            raise self.error(
                "organisation-summary belongs on an organisation page (policies/<slug>/index.md) "
                "whose front matter has an 'organisation:' mapping"
            )
        self._note(org)
        facts = nodes.field_list(classes=["policydocs-organisation", GENERATED])
        entries = [
            (_("Name in Japanese"), nodes.Text(org.name)),
            (_("Name in English"), nodes.Text(org.name_en)),
            (_("Kind of body"), nodes.Text(str(BODY_LABELS[org.body]))),
        ]
        ordered = in_kind_order(org.policies)
        policies = nodes.bullet_list()
        for policy in ordered:
            item = nodes.paragraph()
            item += self._policy_cell(policy)
            item += nodes.Text(" (" + self._date(policy) + ")")
            policies += nodes.list_item("", item)
        entries.append((_("Policies"), policies if org.policies else nodes.Text(str(_("No policy yet")))))
        for label, value in entries:
            body = nodes.field_body()
            body += value if isinstance(value, nodes.Element) else nodes.paragraph("", "", value)
            facts += nodes.field("", nodes.field_name(text=str(label)), body)
        return [generated(facts), hidden_toctree(self, [policy.docname for policy in ordered])]
