"""policydocs_public_findings: findings kept off public pages unless the site chooses to show them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from bs4 import BeautifulSoup
from conftest import TODAY

SETTING = "policydocs_public_findings"


def _set(root: Path, value: str) -> None:
    """Replace the test project's setting (its last line but one) with ``value``, or drop it."""
    conf = root / "conf.py"
    lines = [line for line in conf.read_text(encoding="utf-8").splitlines() if not line.startswith(SETTING)]
    conf.write_text("\n".join(lines + ([f"{SETTING} = {value}"] if value else [])) + "\n", encoding="utf-8")


def _html(root: Path, language: str, uri: str) -> BeautifulSoup:
    path = root / "_build" / "html" / language / uri / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("value", ["", "False"])
def test_by_default_no_page_shows_findings(built_basic: Path, tmp_path: Path, value: str, browser) -> None:  # type: ignore[no-untyped-def]
    root = broken_copy(built_basic, tmp_path)
    _set(root, value)
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert outcome.code == 0, outcome.text
    html = root / "_build" / "html"
    # As a reader sees the policy page: its facts, and no word of the checker's findings.
    tab = browser.new_page()
    tab.goto((html / "ja" / "policies" / "acme" / "privacy" / "index.html").resolve().as_uri())
    seen = tab.locator("dl.policydocs-policy-facts").inner_text()
    assert "2014" in seen and "必要記載事項" not in seen and "不足" not in seen
    tab.close()
    for language in ("ja", "en"):
        assert not (html / language / "compliance").exists()
        assert _html(root, language, "").select_one(".policydocs-compliance-link") is None
        facts = _html(root, language, "policies/acme/privacy").select_one("dl.policydocs-policy-facts").get_text()
        assert "必要記載事項" not in facts and "Required sections" not in facts
        assert "2014" in facts  # the rest of the box is there
        pages = "".join(p.read_text(encoding="utf-8") for p in (html / language).rglob("*.html"))
        assert "compliance/" not in pages  # no link leads to a page that does not exist
    # The findings are still reported where the team reads them.
    check = run_policydocs(root, "check", "acme", "--today", TODAY)
    assert "missing" in check.text


def test_shown_when_the_site_chooses(built_basic: Path) -> None:
    # test-basic sets it to True: the compliance page and the facts box's row are there.
    html = built_basic / "_build" / "html"
    assert (html / "ja" / "compliance" / "index.html").is_file()
    facts = _html(built_basic, "ja", "policies/acme/privacy").select_one("dl.policydocs-policy-facts").get_text()
    assert "必要記載事項" in facts


def _quoted_false(root: Path) -> None:
    _set(root, '"False"')  # a string: truthy in Python, so it would publish what it meant to hide


def _number(root: Path) -> None:
    _set(root, "1")


BAD: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("string-false", _quoted_false, ("conf.py:14", SETTING, "must be True or False", "'False'")),
    ("number", _number, ("conf.py:14", SETTING, "must be True or False")),
]


@pytest.mark.parametrize(("name", "breaks", "named"), BAD, ids=[case[0] for case in BAD])
def test_a_setting_that_is_not_true_or_false_is_refused(
    built_basic: Path, tmp_path: Path, name: str, breaks: Callable[[Path], None], named: tuple[str, ...]
) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    breaks(root)
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert_refused(outcome, *named)
    assert site_digest(root / "_build") == before
