"""The site across kinds as a reader sees it, in headless Chromium, in both languages.

The fictional sample (``policies/sample/``) publishes one document of each kind: a privacy policy,
a 特定商取引法に基づく表記, terms of use and a notice of external transmission, each with revisions.
A reader walks the real site, built as ``make html`` builds it (``site_html``): the home page, the
sample's page, each document, its history, an archived revision, the comparison of its last two
revisions and its kind's section of the compliance page, clicking the links a reader clicks; and
finds by search a word that only the 特商法表記 holds, labelled with its kind.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.searchprobe import expected_pages, page_texts, search
from policydocs.kinds import has_checklist, kind_ids, kind_name

LANGUAGES = ("ja", "en")
ORGANISATION = {"ja": "架空サンプル株式会社", "en": "Sample Corporation (fictional)"}


@dataclass(frozen=True)
class Walk:
    """What a reader of one of the sample's documents sees, per language."""

    title: dict[str, str]  # the document's own heading
    text: dict[str, str]  # a passage of the text in force
    older: str  # the revision before the one in force
    newer: str  # the revision in force
    only_older: dict[str, str]  # text the older revision says and the one in force does not
    inserted: dict[str, tuple[str, ...]]  # what the comparison marks as inserted
    deleted: dict[str, tuple[str, ...]]  # and as deleted


WALKS = {
    "privacy": Walk(
        title={"ja": "プライバシーポリシー", "en": "Privacy Policy"},
        text={"ja": "商品の発送及び代金の請求のため", "en": "To ship products and to bill for their price"},
        older="2023-04-01",
        newer="2024-10-01",
        only_older={"ja": "privacy@sample.invalid", "en": "privacy@sample.invalid"},
        inserted={"ja": ("Cookie",), "en": ("cookies",)},
        deleted={"ja": (), "en": ()},  # the second revision only added (a purpose, "-desk" in the address)
    ),
    "tokushoho": Walk(
        title={"ja": "特定商取引法に基づく表記", "en": "Notice under the Act on Specified Commercial Transactions"},
        text={"ja": "コンビニエンスストア払い", "en": "Payment at a convenience store"},
        older="2023-04-01",
        newer="2025-04-01",
        only_older={"ja": "全国一律550円", "en": "a flat 550 yen"},
        # Japanese is compared character by character (550 → 660 円), English word by word.
        inserted={"ja": ("66", "14"), "en": ("660", "14")},
        deleted={"ja": ("55", "8"), "en": ("550", "8")},
    ),
    "terms": Walk(
        title={"ja": "利用規約", "en": "Terms of Use"},
        text={"ja": "第11条(準拠法及び管轄裁判所)", "en": "Article 11 (Governing Law and Jurisdiction)"},
        older="2023-04-01",
        newer="2023-06-01",
        only_older={"ja": "法令上許される範囲で", "en": "to the extent permitted by laws and regulations"},
        inserted={"ja": ("故意又は重大な過失",), "en": ("gross negligence",)},
        deleted={"ja": ("法令上許される範囲で",), "en": ("permitted by laws and regulations",)},
    ),
    "external": Walk(
        title={"ja": "外部送信に関する公表事項", "en": "Notice of External Transmission"},
        text={"ja": "Google LLC(アメリカ合衆国)", "en": "Google LLC (United States of America)"},
        older="2024-10-01",
        newer="2025-10-01",
        only_older={"ja": "最終更新日:2024年10月1日", "en": "Last updated: 1 October 2024"},
        inserted={"ja": ("架空チャット株式会社(日本)",), "en": ("Fictional Chat Co., Ltd. (Japan)",)},
        deleted={"ja": ("2",), "en": ("2024",)},
    ),
}

# What the comparison page calls the document in its title: English lowers only the name's first letter.
CHANGES_TITLE = {
    "ja": "{organisation}の{name}の変更点",
    "en": "Changes to the {name} of {organisation}",
}


def _in_sentence(name: str, language: str) -> str:
    return name[:1].lower() + name[1:] if language == "en" else name


def _arrive(page, url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    """The click led to ``url``, a page of the site in ``language`` with its own heading (not an error page)."""
    page.wait_for_url(url)
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language, url
    assert page.locator("article h1").first.inner_text().strip(), url


def _texts(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def test_every_kind_has_a_walk() -> None:
    assert sorted(WALKS) == sorted(kind_ids())


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_organisation_page_list_the_samples_four_kinds_in_order(site_url: str, page, language: str) -> None:  # type: ignore[no-untyped-def]
    names = [kind_name(kind, language) for kind in kind_ids()]
    page.goto(f"{site_url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    intro = page.locator("article p").first.inner_text()
    assert ("特定商取引法に基づく表記" if language == "ja" else "Act on Specified Commercial Transactions") in intro
    listed = page.eval_on_selector_all(
        "table.policydocs-index a",
        "links => links.filter(a => /\\/policies\\/sample\\/[a-z-]+\\/$/.test(a.pathname)).map(a => a.innerText)",
    )
    assert listed == names  # privacy first, then the kinds as declared
    page.locator("table.policydocs-index a", has_text=ORGANISATION[language]).click()
    _arrive(page, f"{site_url}/{language}/policies/sample/", language)
    listed = _texts(page, ".policydocs-organisation a")
    assert listed == names
    assert page.locator(".policydocs-organisation").inner_text().count("(") >= len(names)  # each with its date
    # The sidebar names the same documents in the same order.
    assert _texts(page, ".sidebar-tree li.current > ul a") == names


@pytest.mark.parametrize("kind", list(WALKS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_reader_walks_a_kind_from_home_to_its_comparison_and_its_compliance_section(
    site_url: str, page, language: str, kind: str
) -> None:  # type: ignore[no-untyped-def]
    walk = WALKS[kind]
    name = kind_name(kind, language)
    other = "en" if language == "ja" else "ja"
    root = f"{site_url}/{language}/"
    base = f"{root}policies/sample/{kind}/"

    # Home → the sample's page → the document, by the links a reader clicks.
    page.goto(root)
    page.locator("table.policydocs-index a", has_text=ORGANISATION[language]).click()
    _arrive(page, f"{root}policies/sample/", language)
    page.locator(".policydocs-organisation").get_by_role("link", name=name, exact=True).click()
    _arrive(page, base, language)
    assert page.locator("article h1").first.inner_text().startswith(walk.title[language])
    facts = page.locator(".policydocs-policy-facts").inner_text()
    assert name in facts and ORGANISATION[language] in facts
    assert walk.text[language] in page.locator("article").inner_text()
    assert walk.only_older[language] not in page.locator("article").inner_text()
    assert page.locator(".policydocs-banner-fictional").first.is_visible()

    # Its history: the older revision's text, archived.
    history = page.locator("section.policydocs-history")
    history.scroll_into_view_if_needed()
    assert history.locator("tbody tr").count() >= 2
    history.locator(f"a[href='{walk.older}/']").click()
    _arrive(page, f"{base}{walk.older}/", language)
    assert page.locator(".policydocs-banner-archived").is_visible()
    assert walk.only_older[language] in page.locator("article").inner_text()
    page.go_back()
    _arrive(page, base, language)

    # The comparison of the revision in force with the one before: insertions and deletions visible.
    page.locator("section.policydocs-history").locator(f"a[href='{walk.newer}/changes/']").click()
    _arrive(page, f"{base}{walk.newer}/changes/", language)
    title = CHANGES_TITLE[language].format(organisation=ORGANISATION[language], name=_in_sentence(name, language))
    assert page.locator("article h1").first.inner_text().strip() == title
    inserted, deleted = page.locator(".policydocs-redline ins"), page.locator(".policydocs-redline del")
    assert inserted.first.is_visible()
    assert inserted.first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    if walk.deleted[language]:
        assert deleted.first.is_visible()
        assert deleted.first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    insertions, deletions = " ".join(inserted.all_inner_texts()), " ".join(deleted.all_inner_texts())
    for expected in walk.inserted[language]:
        assert expected in insertions, (expected, insertions)
    for expected in walk.deleted[language]:
        assert expected in deletions, (expected, deletions)
    # The same comparison in the other language, and back.
    page.locator(f"nav.policydocs-languages a[hreflang={other}]").click()
    _arrive(page, f"{site_url}/{other}/policies/sample/{kind}/{walk.newer}/changes/", other)
    assert page.locator(".policydocs-redline ins").count() >= 1
    page.go_back()
    _arrive(page, f"{base}{walk.newer}/changes/", language)

    # The compliance page, from the home page's link: the section of this kind leads to the document.
    page.goto(root)
    page.locator(".policydocs-compliance-link a").click()
    _arrive(page, f"{root}compliance/", language)
    heading = page.locator(f"h2#kind-{kind}")
    assert heading.inner_text().strip() == name
    links = page.evaluate(
        """(kind) => {
            const found = [];
            const heading = document.getElementById('kind-' + kind);
            for (let e = heading.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
                for (const a of e.querySelectorAll('a')) {
                    if (a.pathname.endsWith('/policies/sample/' + kind + '/')) {
                        a.dataset.walk = 'sample';
                        found.push([a.innerText, a.closest('tr') ? a.closest('tr').id : '']);
                    }
                }
            }
            return found;
        }""",
        kind,
    )
    assert links and ORGANISATION[language] in links[0][0], links
    section = page.evaluate(
        """(kind) => {
            let text = '';
            const heading = document.getElementById('kind-' + kind);
            for (let e = heading.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
                text += e.outerHTML;
            }
            return text;
        }""",
        kind,
    )
    if has_checklist(kind):
        assert links[0][1] == f"policy-sample-{kind}"  # a row of verdicts for the document
    else:
        assert "policydocs-no-checklist" in section  # and no claim that it is complete
    page.locator("a[data-walk=sample]").first.click()
    _arrive(page, base, language)


@pytest.mark.parametrize(("language", "query"), [("ja", "コンビニエンスストア払い"), ("en", "Mastercard")])
def test_a_word_only_the_tokushoho_holds_is_found_there_labelled_with_its_kind(
    site_html: Path, site_url: str, page, language: str, query: str
) -> None:  # type: ignore[no-untyped-def]
    # Of every document's text in force, only the 特商法表記 holds the word (so finding it there proves something).
    assert expected_pages(page_texts(site_html / language, "policies/*/*/index.html"), query) == [
        "policies/sample/tokushoho"
    ]
    results = search(page, f"{site_url}/{language}", query)
    assert results, query
    assert {path for path, _anchor, _title in results} == {"policies/sample/tokushoho"}, results
    _path, anchor, title = results[0]
    assert title.startswith(f"{ORGANISATION[language]} — {kind_name('tokushoho', language)}"), title
    assert anchor  # the section that holds the word
    page.locator("#search-results li a").first.click()
    _arrive(page, f"{site_url}/{language}/policies/sample/tokushoho/{anchor}", language)
    section = page.locator(f"section[id='{urllib.parse.unquote(anchor[1:])}']")
    assert query.lower() in section.inner_text().lower()
