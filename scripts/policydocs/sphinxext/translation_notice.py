"""Say so when a page is not (fully) translated, and mark what is still Japanese.

A reader of the English site must never get Japanese text silently under an
English menu. After Sphinx has applied the catalog, every passage that is
still untranslated and contains Japanese is marked, and a notice at the top of
the page says how many there are.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import _
from policydocs.sphinxext.policy_catalogs import fuzzy_messages

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
UNTRANSLATED = "policydocs-untranslated"
REVISING = "policydocs-fuzzy"  # translated once, but the Japanese changed since


def _is_translated(node: nodes.Element, message: str) -> bool:
    # Sphinx translates a toctree caption in place without setting "translated".
    if isinstance(node, addnodes.toctree):
        return node.get("caption") not in (None, message)
    return bool(node.get("translated"))


_COUNTS = "policydocs_untranslated"  # (missing, total, revising), from UntranslatedPassages to TranslationNotice


class UntranslatedPassages(SphinxTransform):
    """Mark each passage still Japanese, and count them for :class:`TranslationNotice`.

    After Locale (20) and the fallback (21), which set ``node["translated"]``, and after the sweeps of
    untrusted and borrowed markup (22, 23), which replace nodes; before the extension's own parts (the facts
    box, banners and history, 30 and later), which have no source and so are no passages, but which
    tripled this walk over every English page (2.3 s at 500 documents when it ran after them).
    """

    default_priority = 24

    def apply(self, **kwargs: object) -> None:
        if self.config.language == self.config.policydocs_source_language:
            return
        total = missing = revising = 0
        fuzzy = fuzzy_messages(self.env, self.config, self.env.current_document.docname)
        for node, message in extract_messages(self.document):
            if not _JAPANESE.search(message):
                continue  # nothing a reader of another language would need translated
            total += 1
            if not _is_translated(node, message):
                missing += 1
                node["classes"].append(UNTRANSLATED)
                if message in fuzzy:
                    revising += 1
                    node["classes"].append(REVISING)
        self.document[_COUNTS] = (missing, total, revising)


class TranslationNotice(SphinxTransform):
    """The notice at the top of a page with passages still Japanese (counted by :class:`UntranslatedPassages`)."""

    # After the facts box (30), so that the notice stands above it.
    default_priority = 40

    def apply(self, **kwargs: object) -> None:
        missing, total, revising = self.document.attributes.pop(_COUNTS, (0, 0, 0))
        section = next(iter(self.document.findall(nodes.section)), None)
        if missing and section is not None:
            section.insert(1, self._notice(missing, total, revising))

    def _notice(self, missing: int, total: int, revising: int) -> nodes.admonition:
        if missing == total and not revising:
            text = _("This page has not been translated yet. It is shown in the original Japanese.")
        else:
            text = _(
                "This page is not fully translated yet: %(missing)d of %(total)d passages are "
                "shown in the original Japanese and marked as such."
            ) % {"missing": missing, "total": total}
            if revising:
                text = f"{text} " + str(
                    _("%(count)d of them changed in the Japanese and their translation is being revised.")
                    % {"count": revising}
                )
        notice = nodes.admonition(classes=["warning", "policydocs-translation-notice", GENERATED])
        notice += nodes.title(text=str(_("Translation incomplete")))
        notice += nodes.paragraph(text=str(text))
        return notice
