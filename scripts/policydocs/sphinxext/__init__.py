"""The policydocs Sphinx extension: declarations only.

Each concern lives in its own module: the site model and build date
(:mod:`.site`), listings of organisations and policies (:mod:`.listings`),
revision pages (:mod:`.revision_docs`), the facts box (:mod:`.policy_facts`),
banners (:mod:`.banners`), the history of revisions (:mod:`.history`),
comparison pages (:mod:`.comparisons`), the checker's findings and the
compliance page (:mod:`.compliance`), Atom feeds (:mod:`.feeds`), stable
section anchors (:mod:`.anchors`), translations Sphinx leaves out
(:mod:`.fallback_translations`, :mod:`.policy_catalogs`), notices of missing
translation (:mod:`.translation_notice`), links to generated pages
(:mod:`.links`), the language switcher (:mod:`.languages`), the sidebar
(:mod:`.navigation`) and every page written again when it changes
(:mod:`.navigation_freshness`), the theme set-up (:mod:`.theme`), MyST's
parser, safe and fit for translating every message (:mod:`.markdown_parser`),
compiled templates kept between builds (:mod:`.template_cache`), Japanese
search (:mod:`.search`), the translators' glossary (:mod:`.glossary_table`),
untrusted markup refused (:mod:`.untrusted_markup`, :mod:`.safe_urls`,
:mod:`.borrowed_text`), a Content-Security-Policy (:mod:`.content_security`, Sphinx's catalog script made to run
under it: :mod:`.csp_translations`), text that does not reach the page (:mod:`.lost_text`), pages that drew warnings
read again (:mod:`.warned_documents`), catalogs checked and compiled
(:mod:`.catalog_check`), the extension's own message catalog
(:mod:`.catalog`), markup the validators accept (:mod:`.valid_markup`), each policy text's PDF
(:mod:`.pdf_pages`; printed by :mod:`policydocs.pdf_render`) and the pages an edit changed written
first (:mod:`.write_order`), translated messages copied once parsed (:mod:`.remembered_messages`), smart
quotes only where there are quotes to curl (:mod:`.smart_quotes`), each asset's checksum worked out once
(:mod:`.asset_checksums`), code highlighting set up only on pages with code (:mod:`.code_highlighting`),
Sphinx's node matchers walking as docutils walks for a class (:mod:`.node_matching`), docutils' walks
for a condition without a generator per node (:mod:`.condition_walks`), transforms skipped on pages lacking
what they act on (:mod:`.absent_nodes`),
each source parsed once for both languages of a build (:mod:`.shared_parses`)
and English search words stemmed once per build (:mod:`.search`).
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from policydocs import __version__
from policydocs.sphinxext import (
    absent_nodes,
    anchors,
    as_of,
    asset_checksums,
    banners,
    borrowed_text,
    catalog,
    catalog_check,
    code_highlighting,
    comparisons,
    compliance,
    condition_walks,
    content_security,
    csp_translations,
    doctree_memory,
    fallback_translations,
    feeds,
    glossary_table,
    history,
    languages,
    lazy_debug_xml,
    links,
    listings,
    lost_text,
    markdown_parser,
    navigation,
    navigation_freshness,
    node_matching,
    organisation_facts,
    packed_tocs,
    pdf_pages,
    policy_facts,
    public_findings,
    recent_catalogs,
    remembered_messages,
    revision_docs,
    search,
    search_shards,
    shared_parses,
    site,
    slices,
    smart_quotes,
    template_cache,
    theme,
    theme_labels,
    translation_notice,
    untrusted_markup,
    valid_markup,
    warned_documents,
    write_order,
)


def setup(app: Sphinx) -> dict[str, Any]:
    # Every translating walk over a page (Locale's, the fallback's, the notices') asks Sphinx's
    # is_translatable, which described each skipped node as XML for a debug message none may write.
    lazy_debug_xml.install()
    # Locale's messages parsed into plain text before are copied, with no new document each (see the module).
    remembered_messages.install()
    # Each page's links to stylesheets and scripts carry a checksum, found once per build here.
    asset_checksums.install()
    # Sphinx's node matchers (translation's updates, several transforms) walk as docutils walks for a class.
    node_matching.install()
    # Its walks for a condition (translatable nodes) keep one iterator per level, not a generator per node.
    condition_walks.install()
    app.add_config_value("policydocs_source_language", "ja", "env", types=frozenset({str}))
    app.add_config_value("policydocs_languages", ["ja", "en"], "html", types=frozenset({list}))
    app.add_config_value("policydocs_site_titles", {}, "html", types=frozenset({dict}))
    app.add_config_value("policydocs_catalog_fingerprint", "", "env", types=frozenset({str}))
    # The day the build treats as today (YYYY-MM-DD); empty: SOURCE_DATE_EPOCH, else the clock.
    app.add_config_value("policydocs_today", "", "env", types=frozenset({str}))
    app.add_config_value("policydocs_in_force", "", "env", types=frozenset({str}))
    app.add_config_value("policydocs_shard", "", "env", types=frozenset({str}))  # K/N: one slice (shards.py)
    # Where the languages' builds of one policydocs build share their parses (shared_parses.py); no rebuild.
    app.add_config_value(shared_parses.SETTING, "", "", types=frozenset({str}))
    # List every organisation in the sidebar up to this many; above, only the page's own.
    app.add_config_value("policydocs_navigation_limit", 50, "html", types=frozenset({int}))
    # Show the checker's findings on public pages (the compliance page, the facts box)? See compliance.py.
    app.add_config_value(public_findings.SETTING, False, "env", types=frozenset({bool}))

    app.connect("config-inited", catalog.install)
    app.connect("config-inited", catalog_check.report_broken_catalogs)
    app.connect("config-inited", theme.configure)
    app.connect("config-inited", public_findings.check_setting)
    app.connect("config-inited", site.load)
    app.connect("builder-inited", compliance.report_findings)
    app.connect("builder-inited", organisation_facts.write_facts)
    app.connect("builder-inited", template_cache.keep_compiled_templates)
    app.connect("builder-inited", theme.speak_the_language)
    app.connect("builder-inited", theme_labels.translate_labels)
    app.connect("html-page-context", theme_labels.translate_navigation_labels, priority=theme_labels.PRIORITY)
    app.connect("source-read", revision_docs.show_revision_in_force)
    app.connect("doctree-read", revision_docs.keep_revisions_out_of_navigation_and_search)
    app.connect("doctree-read", search.name_policy_pages)
    # After every other source-read handler: check the text that is actually parsed.
    app.connect("source-read", lost_text.remember_source, priority=900)
    app.connect("doctree-read", lost_text.check_read_text)
    app.connect("builder-inited", warned_documents.start_counting)
    app.connect("build-finished", warned_documents.stop_counting)
    app.connect("source-read", warned_documents.count_before_reading, priority=1)
    app.connect("doctree-read", warned_documents.mark_if_warned, priority=999)
    app.connect("env-get-outdated", warned_documents.read_warned_again)
    app.connect("env-purge-doc", warned_documents.forget_document)
    app.connect("env-merge-info", warned_documents.merge_warned)
    app.add_search_language(search.SearchJapaneseBigrams)
    app.add_search_language(search.SearchEnglishStemmedOnce)
    app.add_source_parser(markdown_parser.ReusingMystParser, override=True)
    untrusted_markup.setup(app)
    app.add_transform(borrowed_text.BorrowedText)
    content_security.setup(app)
    as_of.setup(app)
    comparisons.setup(app)
    doctree_memory.setup(app)
    packed_tocs.setup(app)
    recent_catalogs.setup(app)
    pdf_pages.setup(app)
    smart_quotes.setup(app)
    code_highlighting.setup(app)
    absent_nodes.setup(app)
    write_order.setup(app)

    app.add_directive("policy-index", listings.PolicyIndex)
    app.add_directive("organisation-summary", listings.OrganisationSummary)
    app.add_directive("translation-glossary", glossary_table.TranslationGlossary)
    app.add_transform(anchors.StableSectionAnchors)
    app.add_transform(fallback_translations.FallbackTranslations)
    app.add_transform(policy_facts.PolicyFacts)
    app.add_transform(banners.Banners)
    app.add_transform(history.History)
    app.add_transform(translation_notice.UntranslatedPassages)
    app.add_transform(translation_notice.TranslationNotice)
    app.add_post_transform(links.ResolvePageLinks)
    app.connect("env-get-updated", navigation_freshness.pages_with_changed_navigation)
    app.connect("html-page-context", navigation.compact_navigation, priority=navigation.PRIORITY)
    app.connect("doctree-read", navigation.note_home_toctrees)
    app.connect("env-merge-info", navigation.merge_home_toctrees)
    app.connect("html-page-context", languages.add_language_links)
    app.connect("html-page-context", valid_markup.repair_body)
    app.connect("html-page-context", feeds.add_feed_links)
    app.connect("html-page-context", slices.keep_relations_within_organisation)
    app.connect("missing-reference", slices.link_other_slices)
    app.connect("html-collect-pages", comparisons.collect_comparison_pages)
    app.connect("html-collect-pages", compliance.collect_compliance_page)
    app.connect("html-collect-pages", search.drop_emptied_terms)
    app.connect("doctree-resolved", search.keep_generated_text_out_of_search, priority=900)
    app.connect("html-page-context", search.add_search_messages)
    app.connect("build-finished", feeds.write_feeds)
    app.connect("build-finished", search_shards.write_search_shards)
    app.connect("build-finished", csp_translations.rewrite_translations)

    # env_version: raise it whenever what the extension writes into doctrees changes, so that
    # existing builds re-read every page instead of keeping stale titles, labels or anchors.
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
