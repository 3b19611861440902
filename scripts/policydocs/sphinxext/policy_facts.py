"""The facts box under a policy's title: whose policy it is and the date it states."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from policydocs.sphinxext.listings import GENERATED, doc_link
from policydocs.sphinxext.messages import POLICY_LABELS, _, date_label
from policydocs.sphinxext.site import site_of


class PolicyFacts(SphinxTransform):
    # After translation (Locale, 20): the box is written in the build's language.
    default_priority = 30

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        site = site_of(self.env)
        policy = site.policy_for_doc(docname)
        if policy is None:
            return
        org = site.organisation(policy.organisation)
        section = next(iter(self.document.findall(nodes.section)), None)
        if org is None or section is None:
            return
        language = self.config.language
        facts = nodes.field_list(classes=["policydocs-policy-facts", GENERATED])
        rows: list[tuple[str, nodes.Node]] = [
            (str(_("Organisation")), doc_link(docname, org.docname, org.display_name(language))),
            (str(_("Policy")), nodes.Text(str(POLICY_LABELS[policy.kind]))),
            (str(_("Date stated in the policy")), nodes.Text(date_label(policy.effective, language))),
        ]
        for label, value in rows:
            paragraph = nodes.paragraph()
            paragraph += value
            facts += nodes.field("", nodes.field_name(text=label), nodes.field_body("", paragraph))
        section.insert(1, facts)
