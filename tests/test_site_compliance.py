"""The compliance page and the checker's traces on the built site, in both languages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup


def _page(site_html: Path, language: str, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / language / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("language", "rule_name"), [("ja", "利用目的"), ("en", "Purpose of use")])
def test_compliance_page_shows_a_row_per_policy_and_a_numbered_column_per_rule(
    site_html: Path, language: str, rule_name: str
) -> None:
    page = _page(site_html, language, "compliance")
    table = page.select_one("table.policydocs-compliance")
    assert table is not None
    # Organisation, missing, to review, then the 21 rules, numbered; a row per organisation's policy.
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert len(headers) == 3 + 21 and headers[3:] == [str(n) for n in range(1, 22)]
    assert len(table.select("tbody tr")) == 6
    purpose = [td for td in table.select("tbody td[data-rule=purpose_of_use]")]
    assert [td["class"][1] for td in purpose] == ["policydocs-verdict-present"] * 6
    # Each number is explained, by name, in the table of rules, which its header links to.
    number = table.select_one("thead a[href='#purpose_of_use']")
    assert rule_name in number.abbr["title"]
    assert rule_name in page.select_one("table.policydocs-compliance-rules tr#purpose_of_use").get_text()


@pytest.mark.parametrize(
    ("language", "level", "basis"),
    [("ja", "必須", "個人情報保護法第32条第1項第1号"), ("en", "must", "APPI Art. 32(1)(i)")],
)
def test_rules_are_labelled_in_the_page_s_language(site_html: Path, language: str, level: str, basis: str) -> None:
    row = _page(site_html, language, "compliance").select_one("table.policydocs-compliance-rules tr#operator_identity")
    cells = [td.get_text(strip=True) for td in row.find_all("td")]
    assert cells[1:] == [level, basis]
    if language == "ja":
        text = _page(site_html, "ja", "compliance").get_text()
        assert "APPI" not in text and "must" not in text and "should" not in text
        assert "該当時必須" in text and "推奨" in text


def test_counts_say_which_policies_have_gaps(site_html: Path) -> None:
    page = _page(site_html, "ja", "compliance")
    row = page.select_one("tr#policy-digiro-privacy")
    missing, review = (int(td.get_text()) for td in row.select("td.policydocs-count"))
    failing = row.select("td.policydocs-verdict-missing:not(.policydocs-level-should)")
    assert missing == len(failing) > 0
    assert review == len(row.select("td.policydocs-verdict-needs-review"))
    assert "policydocs-count-missing" in row.select("td.policydocs-count")[0]["class"]


def test_each_cell_links_to_its_evidence(site_html: Path) -> None:
    page = _page(site_html, "ja", "compliance")
    cell = page.select_one("tr#policy-digiro-privacy td[data-rule=disclosure_requests]")
    assert "policydocs-verdict-missing" in cell["class"] and "記載なし" in cell.get_text()
    href = unquote(cell.a["href"])
    assert href.startswith("../policies/digiro/privacy/#sec-5-個人情報及び個人データについての開示")
    target = _page(site_html, "ja", "policies/digiro/privacy")
    assert target.find(id=href.split("#")[1]) is not None
    assert "[個人データ開示等相談窓口]" in cell.a["title"] and "開示等の請求等に応じる手続" in cell.a["title"]


def test_archived_and_upcoming_revisions_have_their_own_view(site_html: Path) -> None:
    rows = _page(site_html, "en", "compliance").select("table.policydocs-compliance-revisions tbody tr")
    # An organisation with several kinds of policy names the one each revision is of (": Privacy policy").
    texts = [
        [td.get_text(strip=True).removesuffix(": Privacy policy") for td in row.find_all("td")][:4] for row in rows
    ]
    # An upcoming revision is judged by the law on its own effective date, the day it must comply from.
    assert ["Sample Corporation (fictional)", "1 April 2027", "Upcoming", "1 April 2027"] in texts
    assert ["Sample Corporation (fictional)", "1 April 2023", "Archived", "1 April 2023"] in texts
    assert all(t[0] != "OpenClose Ltd." for t in texts)  # its only revision is the one in force
    ja = _page(site_html, "ja", "compliance").select_one("table.policydocs-compliance-revisions").get_text()
    assert "APPI" not in ja and "個人情報保護法第" in ja


@pytest.mark.parametrize(("language", "text"), [("ja", "必要記載事項が"), ("en", "required section")])
def test_policy_pages_and_home_link_to_the_compliance_page(site_html: Path, language: str, text: str) -> None:
    facts = _page(site_html, language, "policies/digiro/privacy").select_one("dl.policydocs-policy-facts")
    link = next(a for a in facts.select("a") if text in a.get_text())
    assert link["href"] == "../../../compliance/"
    home = _page(site_html, language, "")
    assert home.select_one("p.policydocs-compliance-link a")["href"] == "compliance/"


def test_one_missing_section_is_said_in_the_singular(site_html: Path) -> None:
    facts = _page(site_html, "en", "policies/sample/privacy").select_one("dl.policydocs-policy-facts").get_text()
    assert "1 required section missing" in facts and "1 required sections" not in facts
