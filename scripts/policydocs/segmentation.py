"""How Japanese text is cut into search terms: NFKC, lower case, and character bigrams.

Japanese has no spaces. Instead of guessing words (and guessing differently when
indexing and when reading a query, the fault of Sphinx's own Japanese search),
every run of Japanese is indexed as its overlapping pairs of characters (and
its single characters). A query is cut the same way in the browser, so any
text that appears in a policy finds it. Latin words stay whole, so
「Cookie及び匿名ID」 is found by "cookie", by 「匿名」 and by "ID".
"""

from __future__ import annotations

import re
import unicodedata

_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = "0-9a-z\u00c0-\u024f"
RUNS = re.compile(f"[{_CJK}]+|[{_LATIN}]+")
LATIN_RUN = re.compile(f"^[{_LATIN}]+$")


def segment(text: str, unigrams: bool = True) -> list[str]:
    """The search terms of ``text``: whole Latin words, and bigrams (and characters) of Japanese runs."""
    terms: list[str] = []
    for match in RUNS.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = match.group()
        if LATIN_RUN.match(run) or len(run) == 1:
            terms.append(run)
            continue
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        if unigrams:
            terms.extend(run)
    return terms


# The same segmentation in the browser; Sphinx's searchtools.js calls splitQuery() on the query.
# Queries use bigrams only (single characters for one-character runs), as they are all required.
JS_SPLITTER = r"""
function splitQuery(query) {
  const text = query.normalize("NFKC").toLowerCase();
  const runs = /[CJK]+|[LATIN]+/g;
  const latin = /^[LATIN]+$/;
  const terms = [];
  for (const match of text.matchAll(runs)) {
    const run = match[0];
    if (latin.test(run) || run.length === 1) { terms.push(run); continue; }
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  return [...new Set(terms)];
}
""".replace("CJK", _CJK.encode("unicode_escape").decode()).replace("LATIN", _LATIN.encode("unicode_escape").decode())
