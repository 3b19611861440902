"""Accessibility and validity of every page type, in both languages (issue 15, point 7).

The repository's own site has every page type: home, organisation, policy (in
force, and once an announced revision's day has come), revision (archived and
upcoming), comparison (of consecutive revisions, the chooser, any two),
compliance, search (with results), the guides and the index. axe-core (bundled by the locked
``axe-playwright-python`` package) runs on each in headless Chromium, at a desk
in light and in dark mode and on a phone, and must find no serious or critical
violation; the Nu HTML Checker (``vnu.jar``, installed by ``make tools``) reads
every HTML file of the built site in one run and must report no error. Both
run offline.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bench.searchprobe import RESULTS_READY

# One page of each type; the sample organisation has archived, in-force and upcoming revisions.
PAGE_TYPES = {
    "home": "",
    "organisation": "policies/sample/",
    "policy": "policies/sample/privacy/",
    "archived revision": "policies/sample/privacy/2023-04-01/",
    "upcoming revision": "policies/sample/privacy/2027-04-01/",
    "comparison": "policies/sample/privacy/2024-10-01/changes/",
    "comparison chooser": "policies/sample/privacy/compare/",
    "any two compared": "policies/sample/privacy/compare/2023-04-01/2027-04-01/",
    "compliance": "compliance/",
    "guide": "docs/editing/",
    "glossary": "docs/glossary/",
    "index": "genindex/",
}
SEARCHES = {"ja": "個人情報", "en": "personal information"}
# The in-force page as a reader sees it once the announced revision's day has come (in Japan): with
# the notice the page's script shows then. Visited last, as the page's clock stays set.
ANNOUNCED_DAY_COME = dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.UTC)
BLOCKING = ("serious", "critical")
AXE = Axe()


def _describe(violation: dict) -> str:
    nodes = "; ".join(
        " ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
        for node in violation["nodes"][:3]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {nodes}"


# A desk in light and in dark mode (furo follows the system's preference), and a phone.
VIEWS = {
    "light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 375, "height": 800}, "color_scheme": "light", "is_mobile": True},
}
# Dark mode changes colours and nothing else, so there only the contrast rule runs.
RULES = {"dark": ["color-contrast"]}


TABS = 2
# axe-core is started on a page without waiting for it; its promise is awaited when the results are collected.
_START_AXE = "options => { window.__axeRun = axe.run(document, options); }"


def _start_axe(tab, name: str, url: str, view: str, options: dict) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` in ``tab``, check it is the page meant, and start axe-core on it."""
    if name == "policy, announced day come":
        tab.clock.set_fixed_time(ANNOUNCED_DAY_COME)
    tab.goto(url)
    tab.wait_for_load_state("load")
    if name == "search":
        tab.wait_for_function(RESULTS_READY, timeout=20_000)
    assert tab.locator("main, article").count() > 0, f"{url}: not a page of the site"
    if name == "policy, announced day come":
        assert tab.locator(".policydocs-date-notice").first.is_visible(), f"{url}: no notice at {name}"
    if view == "dark":
        # Contrast is only tested in dark mode if the theme really switched to it.
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        assert sum(map(int, background[background.index("(") + 1 : -1].split(",")[:3])) < 200, background
    tab.evaluate(AXE.axe_script)
    tab.evaluate(_START_AXE, options)


def _axe_results(tab, url: str) -> dict:  # type: ignore[no-untyped-def]
    results = tab.evaluate("() => window.__axeRun")
    assert isinstance(results, dict) and "violations" in results, f"{url}: axe-core gave {results!r:.300}"
    return results


# Dark mode checks colours only, which do not depend on the language: it runs in English, whose
# pages also carry what Japanese ones lack (the notice of a translation not finished).
@pytest.mark.parametrize(
    ("language", "view"), [("ja", "light"), ("en", "light"), ("en", "dark"), ("ja", "phone"), ("en", "phone")]
)
def test_no_serious_or_critical_axe_violation_on_any_page_type(
    site_url: str,
    browser,
    language: str,
    view: str,
    report: Callable[[str], None],  # type: ignore[no-untyped-def]
) -> None:
    pages = {name: f"{site_url}/{language}/{path}" for name, path in PAGE_TYPES.items()}
    pages["search"] = f"{site_url}/{language}/search/?q={SEARCHES[language]}"
    pages["policy, announced day come"] = f"{site_url}/{language}/{PAGE_TYPES['policy']}"
    options: dict = {"resultTypes": ["violations"]}
    if view in RULES:
        options["runOnly"] = {"type": "rule", "values": RULES[view]}
    blocking: list[str] = []
    lesser: Counter[str] = Counter()
    context = browser.new_context(**VIEWS[view])
    # Two tabs, each with its own renderer: axe runs on one page while it runs on the other.
    tabs = [context.new_page() for _ in range(TABS)]
    names = list(pages)
    # The page seen on the announced day comes alone and last: the clock it sets is the whole context's.
    batches = [names[:-1][start : start + TABS] for start in range(0, len(names) - 1, TABS)] + [names[-1:]]
    try:
        for names_now in batches:
            batch = list(zip(tabs, names_now, strict=False))
            for tab, name in batch:
                _start_axe(tab, name, pages[name], view, options)
            for tab, name in batch:
                results = _axe_results(tab, pages[name])
                for violation in results["violations"]:
                    if violation["impact"] in BLOCKING:
                        blocking.append(f"{name} {pages[name]}: {_describe(violation)}")
                    else:
                        lesser[violation["id"]] += len(violation["nodes"])
    finally:
        context.close()
    report(
        f"axe-core {results['testEngine']['version']} {language} {view}: {len(pages)} page types, "
        f"{len(blocking)} serious/critical violations, minor/moderate: {dict(lesser) or 'none'}"
    )
    assert not blocking, "\n".join(blocking)


def test_every_built_page_is_valid_html(site_html: Path, vnu_jar: Path, report: Callable[[str], None]) -> None:
    assert shutil.which("java"), "no java on PATH: run `make tools` (or `make test`), it installs default-jre-headless"
    files = sorted(str(path) for path in site_html.rglob("*.html"))
    assert len(files) > 2 * (len(PAGE_TYPES) + 1), "the site lacks pages the test reads"
    # One Java start for every file: --errors-only keeps warnings (advice, not faults) out.
    run = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    report(f"Nu HTML Checker {vnu_jar.parent.name}: {len(files)} pages, {len(errors)} errors")
    assert not errors, "\n".join(errors[:40])
    assert run.returncode == 0, run.stderr[-2000:]
