"""Section anchors that stay put: made from the Japanese source heading.

Docutils gives a Japanese heading an id like ``id3``, which shifts whenever a
section is added, and a translated heading a different id in each language.
An id made from the source heading (``#1-情報の管理体制``) is readable, stable
across revisions and the same in every language, so a link or a language
switch keeps its place.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from policydocs.anchors_text import slugify


class StableSectionAnchors(SphinxTransform):
    # Before the Locale transform (20) replaces titles with their translations.
    default_priority = 15

    def apply(self, **kwargs: object) -> None:
        for section in self.document.findall(nodes.section):
            if not section.children or not isinstance(section[0], nodes.title):
                continue
            slug = slugify(section[0].astext())
            if not slug:
                continue
            candidate, number = slug, 1
            while candidate in self.document.ids:
                number += 1
                candidate = f"{slug}-{number}"
            section["ids"].insert(0, candidate)
            self.document.ids[candidate] = section
