"""Pages true on every day (issue 15): "in force as of", notices once an announced date has come in the
reader's browser, archived ranges that end the day before, feeds without future dates, any two revisions compared.

The repository's site is built as of TODAY (2026-11-22), when the sample's 2027-04-01 revision is announced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import TODAY, copy_root
from policydocs.build import build_site

SAMPLE = "policies/sample/privacy"
# 2027-04-01 begins in Japan at 2027-03-31T15:00Z.
BEFORE_IN_JAPAN = dt.datetime(2027, 3, 31, 14, 59, tzinfo=dt.UTC)  # 23:59 on 31 March in Tokyo
AFTER_IN_JAPAN = dt.datetime(2027, 3, 31, 15, 1, tzinfo=dt.UTC)  # 00:01 on 1 April in Tokyo (still 31 March in UTC)


def _page(root: Path, language: str, uri: str) -> BeautifulSoup:
    return BeautifulSoup((root / language / uri / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- 1. "in force as of" the build date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "said"),
    [("ja", "2026年11月22日(このページの作成日)現在、施行中の版です。"), ("en", "In force as of 22 November 2026")],
)
def test_pages_in_force_say_as_of_which_day(site_html: Path, language: str, said: str) -> None:
    for uri in (SAMPLE, f"{SAMPLE}/2024-10-01"):  # the main page and the in-force revision's own page
        note = _page(site_html, language, uri).select_one("article .policydocs-as-of")
        assert note is not None and said in note.get_text(), (language, uri)
    for uri in (f"{SAMPLE}/2023-04-01", f"{SAMPLE}/2027-04-01"):  # archived, upcoming: not in force
        assert _page(site_html, language, uri).select(".policydocs-as-of") == [], (language, uri)


def test_a_rebuild_on_a_later_day_dates_the_pages_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No source changed, only the day (the clock, as a scheduled CI build has it): every in-force page is re-dated."""
    root = copy_root("basic", tmp_path)
    for day, said in [(dt.date(2026, 5, 1), "1 May 2026"), (dt.date(2026, 5, 2), "2 May 2026")]:
        epoch = int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp())
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        assert build_site(root).ok
        published = root / "_build" / "html"
        for uri in ("policies/acme/privacy", "policies/acme/privacy/2014-02-17"):
            assert f"In force as of {said}" in _page(published, "en", uri).select_one(".policydocs-as-of").get_text()


def _notices(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.inner_text() for n in page.locator(".policydocs-date-notice").all() if n.is_visible()]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_page_notices_an_announced_date_has_come_in_japan(page, site_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    main = f"{site_url}/{language}/{SAMPLE}/"
    page.clock.set_fixed_time(BEFORE_IN_JAPAN)
    page.goto(main)
    assert _notices(page) == []
    assert page.locator(".policydocs-banner-upcoming").is_visible()

    page.clock.set_fixed_time(AFTER_IN_JAPAN)
    page.goto(main)
    [notice] = _notices(page)
    assert (
        "2027年4月1日から改訂後のポリシーが施行されています" if language == "ja" else "in force since 1 April 2027"
    ) in notice
    assert not page.locator(".policydocs-banner-upcoming").is_visible()  # "takes effect on" is no longer true
    page.locator(".policydocs-date-notice a").click()
    page.wait_for_url(f"**/{language}/{SAMPLE}/2027-04-01/")


def test_an_upcoming_revisions_page_notices_its_own_date(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    for language, said in [("ja", "この版は2027年4月1日から施行されています。"), ("en", "in force since 1 April 2027")]:
        uri = f"{site_url}/{language}/{SAMPLE}/2027-04-01/"
        page.clock.set_fixed_time(BEFORE_IN_JAPAN)
        page.goto(uri)
        assert _notices(page) == []
        page.clock.set_fixed_time(AFTER_IN_JAPAN)
        page.goto(uri)
        assert said in " ".join(_notices(page)), language
        # The in-force revision's own page says the same, with the link.
        page.goto(f"{site_url}/{language}/{SAMPLE}/2024-10-01/")
        assert len(_notices(page)) == 1 and page.locator(".policydocs-date-notice a").is_visible()


def test_the_date_script_runs_under_the_content_security_policy(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)
    page.clock.set_fixed_time(AFTER_IN_JAPAN)
    page.goto(f"{site_url}/ja/{SAMPLE}/")
    assert _notices(page) and not [v for v in violations if "Content Security Policy" in v]


# --- 2. dates a lawyer would not correct --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("ja", "これは過去の版です。2023年4月1日から2024年9月30日まで施行されていました。"),
        ("en", "It was in force from 1 April 2023 until 30 September 2024."),
    ],
)
def test_archived_range_ends_the_day_before_the_next_revision(site_html: Path, language: str, said: str) -> None:
    banner = _page(site_html, language, f"{SAMPLE}/2023-04-01").select_one(".policydocs-banner-archived")
    assert banner is not None and said in banner.get_text()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_feeds_have_no_future_date_and_resolve_their_links(site_html: Path, language: str) -> None:
    root = site_html / language
    for path in ("revisions.atom", "policies/sample/revisions.atom"):
        served = f"https://policies.example/{language}/{path}"
        feed = feedparser.parse(
            (root / path).read_bytes(),
            response_headers={"content-location": served, "content-type": "application/atom+xml"},
        )
        assert feed.bozo == 0 and feed.entries
        assert feed.feed.updated[:10] <= TODAY
        for entry in feed.entries:
            assert entry.updated[:10] <= TODAY, (path, entry.link)
            assert entry.link.startswith(f"https://policies.example/{language}/policies/"), entry.link
            local = root / entry.link.removeprefix(f"https://policies.example/{language}/") / "index.html"
            assert local.is_file(), entry.link
    sample = feedparser.parse((root / "policies/sample/revisions.atom").read_bytes())
    upcoming = next(e for e in sample.entries if e.link.endswith("2027-04-01/"))
    assert upcoming.updated[:10] == "2026-11-02" == upcoming.published[:10]  # dated by its announcement
    assert upcoming.tags[0].term == "upcoming"
    text = (root / "policies/sample/revisions.atom").read_text(encoding="utf-8")
    assert 'xml:base="../../"' in text and "T00:00:00+09:00" in text


# --- 3. any two revisions ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_pair_has_a_comparison_with_both_summaries(site_html: Path, language: str) -> None:
    chooser = _page(site_html, language, f"{SAMPLE}/compare")
    links = {(a["data-from"], a["data-to"]): a["href"] for a in chooser.select(".policydocs-compare-pairs a")}
    assert links == {
        ("2023-04-01", "2024-10-01"): "../2024-10-01/changes/",
        ("2023-04-01", "2027-04-01"): "2023-04-01/2027-04-01/",
        ("2024-10-01", "2027-04-01"): "../2027-04-01/changes/",
    }
    far = _page(site_html, language, f"{SAMPLE}/compare/2023-04-01/2027-04-01")
    sides = [dd.select_one(".policydocs-compare-summary") for dd in far.select(".policydocs-compare-sides dd")[:2]]
    if language == "ja":
        assert sides[0].get_text() == "変更の概要は記載されていません。"
        assert sides[1].get_text().startswith("外国にある第三者への提供について定め")
    else:
        assert sides[0].get_text() == "No summary of changes was given."
        assert "third party in a foreign country" in sides[1].get_text()
    # Both steps' changes are in the one redline: the 2024 e-mail address and the 2027 new section.
    inserted = " ".join(node.get_text() for node in far.select(".policydocs-redline ins, .policydocs-change-insert"))
    assert "-desk" in inserted
    assert far.select(".policydocs-redline h3.policydocs-change-insert")
    consecutive = _page(site_html, language, f"{SAMPLE}/2024-10-01/changes")
    assert len(consecutive.select(".policydocs-compare-sides .policydocs-compare-summary")) == 2
    # A comparison page lists each revision against the one before, and links the page of every pair:
    # listing every pair on each of a policy's n(n-1)/2 comparison pages grew with the cube of n.
    for comparison, every in ((far, "../../"), (consecutive, "../../compare/")):
        listed = {(a["data-from"], a["data-to"]) for a in comparison.select(".policydocs-compare-pairs a")}
        assert listed == {("2023-04-01", "2024-10-01"), ("2024-10-01", "2027-04-01")}
        assert [a["href"] for a in comparison.select("a.policydocs-compare-all")] == [every]
    history = _page(site_html, language, SAMPLE).select_one(".policydocs-history .policydocs-compare-link a")
    assert history is not None and history["href"] == "compare/"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_choose_two_revisions_in_the_browser(page, site_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/{language}/{SAMPLE}/compare/")
    form = page.locator("form.policydocs-compare-form")
    assert form.is_visible()
    # Chosen the wrong way round: the older one is still the "from" side.
    form.locator("select[name=from]").select_option("2027-04-01")
    form.locator("select[name=to]").select_option("2023-04-01")
    form.locator("button").click()
    page.wait_for_url(f"**/{language}/{SAMPLE}/compare/2023-04-01/2027-04-01/")
    summaries = page.locator(".policydocs-compare-summary").all_inner_texts()
    assert len(summaries) == 2 and summaries[1]
    # From a comparison page, the same form picks a consecutive pair.
    form = page.locator("form.policydocs-compare-form")
    form.locator("select[name=from]").select_option("2024-10-01")
    form.locator("select[name=to]").select_option("2024-10-01")
    form.locator("button").click()
    assert page.locator(".policydocs-compare-error").is_visible()
    form.locator("select[name=to]").select_option("2027-04-01")
    assert not page.locator(".policydocs-compare-error").is_visible()
    form.locator("button").click()
    page.wait_for_url(f"**/{language}/{SAMPLE}/2027-04-01/changes/")
    # A pair this page does not list: asked of the page of every comparison, which follows its link.
    form = page.locator("form.policydocs-compare-form")
    form.locator("select[name=from]").select_option("2023-04-01")
    form.locator("select[name=to]").select_option("2027-04-01")
    form.locator("button").click()
    page.wait_for_url(f"**/{language}/{SAMPLE}/compare/2023-04-01/2027-04-01/")
    assert page.locator(".policydocs-redline").is_visible()


def test_without_script_every_pair_is_a_link(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/en/{SAMPLE}/compare/")
        assert not page.locator("form.policydocs-compare-form").is_visible()
        page.get_by_role("link", name="1 April 2023 → 1 April 2027").click()
        page.wait_for_url(f"**/en/{SAMPLE}/compare/2023-04-01/2027-04-01/")
        assert page.locator(".policydocs-redline").is_visible()
    finally:
        context.close()


def test_the_rebuild_recipe_builds_daily_at_the_start_of_the_day_in_japan() -> None:
    import yaml
    from conftest import REPO

    workflow = yaml.safe_load((REPO / "docs/rebuild-workflow.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["5 15 * * *"]  # 00:05 in Japan, every day
    [build] = [step for step in workflow["jobs"]["build"]["steps"] if step.get("run") == "make html"]
    assert build["env"] == {"TZ": "Asia/Tokyo"}


def test_summaries_on_comparison_pages_are_text_not_markup(tmp_path: Path) -> None:
    """A summary comes from people: on a comparison page it is shown as written, never as markup."""
    from policydocs.loader import load_site
    from policydocs.revisions import snapshot

    root = copy_root("basic", tmp_path)
    current = root / "policies/acme/privacy.md"
    hostile = '<img src="x" class="injected"> 目的を追加'
    for effective, summary, sentence in [
        ("2020-01-01", hostile, "当社は個人情報を慎重に取り扱います。"),
        ("2024-01-01", "窓口を変更", "当社は個人情報を大切に取り扱います。"),
    ]:
        front = f"---\npolicy:\n  organisation: acme\n  kind: privacy\n  effective: {effective}\n"
        front += f"  summary: '{summary}'\n  source: test\n---\n\n# プライバシーポリシー\n\n{sentence}\n"
        current.write_text(front, encoding="utf-8")
        policy = load_site(root).policy("acme/privacy")
        assert policy is not None
        snapshot(policy, dt.date.fromisoformat(effective))
    assert build_site(root, today="2024-06-01").ok
    published = root / "_build" / "html"
    for language in ("ja", "en"):
        page = _page(published, language, "policies/acme/privacy/compare/2014-02-17/2024-01-01")
        assert page.select(".injected") == [] and page.select("article img") == []
        later = _page(published, language, "policies/acme/privacy/2020-01-01/changes")
        summary = later.select(".policydocs-compare-summary")[1].get_text()
        assert '<img src="x" class="injected">' in summary  # shown as the editor typed it
        assert later.select(".injected") == []
