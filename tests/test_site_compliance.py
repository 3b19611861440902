"""The compliance page and the checker's traces on the built site, in both languages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup


def _page(site_html: Path, language: str, uri: str) -> BeautifulSoup:
    return BeautifulSoup((site_html / language / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("language", "rule_name"), [("ja", "利用目的"), ("en", "Purpose of use")])
def test_compliance_page_shows_organisations_by_rules(site_html: Path, language: str, rule_name: str) -> None:
    page = _page(site_html, language, "compliance")
    table = page.select_one("table.policydocs-compliance")
    assert table is not None
    assert len(table.select("thead th")) == 1 + 6  # the rule column and six organisations
    assert len(table.select("tbody tr")) == 21
    purpose = table.select_one("tr#purpose_of_use")
    assert rule_name in purpose.th.get_text()
    assert [td["class"][-1] for td in purpose.select("td")] == ["policydocs-verdict-present"] * 6


def test_each_cell_links_to_its_evidence(site_html: Path) -> None:
    page = _page(site_html, "ja", "compliance")
    columns = [th.get_text(strip=True) for th in page.select("table.policydocs-compliance thead th")]
    row = page.select_one("tr#disclosure_requests")
    cell = row.select("td")[columns.index("株式会社デジロウ") - 1]
    assert "policydocs-verdict-missing" in cell["class"] and "記載なし" in cell.get_text()
    href = unquote(cell.a["href"])
    assert href.startswith("../policies/digiro/privacy/#sec-5-個人情報及び個人データについての開示")
    target = _page(site_html, "ja", "policies/digiro/privacy")
    assert target.find(id=href.split("#")[1]) is not None
    assert "[個人データ開示等相談窓口]" in cell.a["title"]


def test_archived_and_upcoming_revisions_have_their_own_view(site_html: Path) -> None:
    rows = _page(site_html, "en", "compliance").select("table.policydocs-compliance-revisions tbody tr")
    texts = [[td.get_text(strip=True) for td in row.find_all("td")][:4] for row in rows]
    # An upcoming revision is judged by the law on its own effective date, the day it must comply from.
    assert ["Sample Corporation (fictional)", "1 April 2027", "Upcoming", "1 April 2027"] in texts
    assert ["Sample Corporation (fictional)", "1 April 2023", "Archived", "1 April 2023"] in texts
    assert all(t[0] != "OpenClose Ltd." for t in texts)  # its only revision is the one in force


@pytest.mark.parametrize(("language", "text"), [("ja", "必要記載事項が"), ("en", "required sections missing")])
def test_policy_pages_and_home_link_to_the_compliance_page(site_html: Path, language: str, text: str) -> None:
    facts = _page(site_html, language, "policies/digiro/privacy").select_one("dl.policydocs-policy-facts")
    link = next(a for a in facts.select("a") if text in a.get_text())
    assert link["href"] == "../../../compliance/"
    home = _page(site_html, language, "")
    assert home.select_one("p.policydocs-compliance-link a")["href"] == "compliance/"
