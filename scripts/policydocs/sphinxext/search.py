"""Search that works for Japanese, inside furo's own search page and box.

The ``ja`` search language indexes bigrams (:mod:`policydocs.segmentation`)
and gives the browser the same splitter, so index and query agree. Result
titles name the organisation and the policy. English keeps Sphinx's own
language and stemming, each word stemmed once per build (:class:`SearchEnglishStemmedOnce`).

What the extension writes around a policy (facts box, banners, history,
listings: every node classed ``policydocs-generated``) stays out of the index,
so a page is found by its text and never because every page says 施行中.
``policydocs-search.js`` replaces Sphinx's query: every part of the query must
be on the page (Japanese parts as written, adjacently), results come in a
stable order with a snippet of the matching text, and the page says how many
there are in the reader's language (:func:`add_search_messages`).
"""

from __future__ import annotations

import html
import json
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

from policydocs.segmentation import JS_SPLITTER, segment
from policydocs.sphinxext.listings import GENERATED
from policydocs.sphinxext.messages import POLICY_LABELS, _, date_label
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


class SearchEnglishStemmedOnce(SearchEnglish):
    """Sphinx's English search language, stemming each word once per build.

    Sphinx remembers stems only within one page, so every page stemmed the same words again
    through the pure-Python Snowball stemmer: 6% of the English build at 500 documents, where
    revisions and translations repeat most of their words.
    """

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = self._stems[word] = super().stem(word)
        return stemmed


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
        index_long_titles(indexer)
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []


def index_long_titles(indexer: Any) -> None:
    """Make each page's full title searchable, as its own title words are.

    Sphinx indexes the words of a page's headings, not the title it shows in results; a policy
    page's says whose policy it is (「株式会社山櫻 — プライバシーポリシー」), which its text may not.
    """
    for docname, title in indexer._titles.items():
        for word in indexer.lang.split(html.unescape(title)):
            stemmed = indexer.lang.stem(word).lower()
            if indexer.lang.word_filter(stemmed):
                indexer._title_mapping.setdefault(stemmed, set()).add(docname)
            elif indexer.lang.word_filter(word):
                indexer._title_mapping.setdefault(word, set()).add(docname)


# Sphinx's indexer skips every element with this class (sphinx.search.WordCollector).
NO_SEARCH = "no-search"


def keep_generated_text_out_of_search(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, late: what the extension wrote around the text is not the text."""
    for node in doctree.findall(nodes.Element):
        if GENERATED in node.get("classes", ()) and NO_SEARCH not in node["classes"]:
            node["classes"].append(NO_SEARCH)


def search_messages() -> dict[str, str]:
    """What the search page says, in the build's language (``{n}`` is the number of pages)."""
    return {
        "one": str(_("1 result")),
        "many": str(_("{n} results")),
        "none": str(_("No page contains every word of the search. Check the spelling, or search for fewer words.")),
        "more": str(_("More results")),
    }


def add_search_messages(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: give the search page its words (an inline script, hashed by the page's CSP)."""
    if pagename != "search":
        return
    # ensure_ascii and an escaped "<" keep the body plain ASCII that cannot close the <script> element.
    payload = json.dumps(search_messages(), ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")
    app.add_js_file(None, body=f"var POLICYDOCS_SEARCH_MESSAGES = {payload};", priority=400)
