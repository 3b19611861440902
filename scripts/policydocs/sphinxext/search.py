"""Search that works for Japanese, inside furo's own search page and box.

The ``ja`` search language indexes bigrams (:mod:`policydocs.segmentation`)
and gives the browser the same splitter, so index and query agree. Result
titles name the organisation and the policy, and ``policydocs-search.js``
points each result at the section that holds the match. English keeps
Sphinx's own language and stemming.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from policydocs.segmentation import JS_SPLITTER, segment
from policydocs.sphinxext.messages import POLICY_LABELS, date_label
from policydocs.sphinxext.site import site_of


class SearchJapaneseBigrams(SearchLanguage):
    lang = "ja"
    language_name = "Japanese"
    js_splitter_code = JS_SPLITTER
    stopwords: ClassVar[set[str]] = set()

    def split(self, input: str) -> list[str]:
        return segment(input)

    def stem(self, word: str) -> str:
        return word  # already normalised by split(); the browser's stemmer is the identity too

    def word_filter(self, word: str) -> bool:
        return bool(word) and not word.isdigit()


def name_policy_pages(app: Sphinx, doctree: nodes.document) -> None:
    """Give policy pages a title that says whose policy it is (browser tabs, search results)."""
    docname = app.env.current_document.docname
    built = site_of(app.env)
    policy = built.site.policy_for_doc(docname)
    if policy is None:
        return
    org = built.site.organisation(policy.organisation)
    assert org is not None
    language = app.config.language
    title = f"{org.display_name(language)} — {POLICY_LABELS[policy.kind]}"
    found = built.site.revision_for_doc(docname)
    if found is not None:
        title += f" ({date_label(found[1].effective, language)})"
    app.env.longtitles[docname] = nodes.title(title, title)


def drop_emptied_terms(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``, just before the index is written: forget words no page has any more.

    When a page loses a word, Sphinx's index keeps the word with no pages, so an incremental
    build wrote a different (larger) index than a clean build of the same sources.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []
