"""The policydocs Sphinx extension: declarations only.

Each concern lives in its own module: the site model (:mod:`.site`), listings
of organisations and policies (:mod:`.listings`), the policy facts box
(:mod:`.policy_facts`), stable section anchors (:mod:`.anchors`), translated
numbered headings (:mod:`.numbered_translations`), notices of missing
translation (:mod:`.translation_notice`), the language switcher
(:mod:`.languages`), the theme set-up (:mod:`.theme`) and the extension's own
message catalog (:mod:`.catalog`).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from policydocs import __version__
from policydocs.sphinxext import (
    anchors,
    catalog,
    languages,
    listings,
    numbered_translations,
    policy_facts,
    site,
    theme,
    translation_notice,
)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("policydocs_source_language", "ja", "env", types=frozenset({str}))
    app.add_config_value("policydocs_languages", ["ja", "en"], "html", types=frozenset({list}))
    app.add_config_value("policydocs_site_titles", {}, "html", types=frozenset({dict}))
    app.add_config_value("policydocs_catalog_fingerprint", "", "env", types=frozenset({str}))

    app.connect("config-inited", catalog.install)
    app.connect("config-inited", theme.configure)
    app.connect("builder-inited", site.load)

    app.add_directive("policy-index", listings.PolicyIndex)
    app.add_directive("organisation-summary", listings.OrganisationSummary)
    app.add_transform(anchors.StableSectionAnchors)
    app.add_transform(numbered_translations.NumberedTranslations)
    app.add_transform(policy_facts.PolicyFacts)
    app.add_transform(translation_notice.TranslationNotice)
    app.connect("html-page-context", languages.add_language_links)

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
