"""In Chromium: nothing injected into a hostile project's pages runs, and the site still works under its CSP.

The hostile project (``tests/roots/test-hostile``) is built without ``-W``, so its
pages are published despite the refusals, and served on loopback. Every payload
in it would set ``window.__pwned`` (or call ``alert``); every page is loaded and
must leave it unset, open no dialog and draw no Content-Security-Policy refusal
(a refusal would mean markup got past the first line of defence, or that the
site's own scripts are blocked). The theme toggle, the search page and the
language switcher's ``#anchor`` must keep working under the policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, copy_root, served
from policydocs.build import build_site


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = copy_root("hostile", tmp_path_factory.mktemp("hostile-browser"))
    result = build_site(root, root / "_build", strict=False, today=TODAY)
    assert result.ok and result.published is not None, "\n".join(b.output for b in result.languages)
    with served(result.published) as url:
        yield url, result.published


def _watch(page) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    refusals: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: refusals.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return dialogs, refusals


def test_no_injected_script_runs_on_any_page(hostile_url: tuple[str, Path], page, report) -> None:  # type: ignore[no-untyped-def]
    url, published = hostile_url
    dialogs, refusals = _watch(page)
    paths = sorted(p.relative_to(published).as_posix() for p in published.glob("*/**/*.html"))
    assert len(paths) >= 18
    for path in paths:
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("load")
        # Hover and click what a reader might, so that handlers on any element would fire.
        for selector in ("h1", "article p", "table td"):
            if page.locator(selector).count():
                page.locator(selector).first.hover()
        pwned = page.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)")
        assert pwned is None, f"{path}: {pwned}"
    # The search page runs the site's own scripts and shows hostile titles as text.
    page.goto(f"{url}/ja/search/?q=プライバシーポリシー")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=10_000)
    assert "<script>" in page.locator("#search-results").inner_text()  # a hostile title, shown as text
    assert page.evaluate("() => window.__pwned === undefined")
    assert dialogs == []
    assert refusals == []
    report(f"hostile pages in Chromium: {len(paths)} pages, no injected script ran, no CSP refusal")


def test_theme_toggle_and_language_switcher_work_under_the_policy(hostile_url: tuple[str, Path], page) -> None:  # type: ignore[no-untyped-def]
    url, _published = hostile_url
    _dialogs, refusals = _watch(page)
    page.goto(f"{url}/ja/policies/evil/privacy/2014-02-17/#sec-1-利用目的")
    page.wait_for_load_state("load")
    before = page.evaluate("() => document.body.dataset.theme")
    assert before == "auto"  # set by the theme's inline script, which the policy allows by its hash
    page.locator(".theme-toggle:visible").first.click()
    assert page.evaluate("() => document.body.dataset.theme") != before
    page.locator("nav.policydocs-languages a[hreflang=en]").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(f"{url}/en/policies/evil/privacy/2014-02-17/#sec-1-")
    assert refusals == []


def test_the_policy_itself_refuses_script_that_gets_into_a_page(hostile_url: tuple[str, Path], page) -> None:  # type: ignore[no-untyped-def]
    """The second line on its own: markup put into a page after it was built still does not run."""
    url, _published = hostile_url
    _dialogs, refusals = _watch(page)
    page.goto(f"{url}/en/policies/evil/privacy/")
    page.wait_for_load_state("load")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__pwned = 'inline'";
            document.body.append(script);
            const link = document.createElement("a");
            link.id = "injected";
            link.textContent = "x";
            link.setAttribute("onclick", "window.__pwned = 'onclick'");
            link.href = "javascript:window.__pwned = 'href'";
            document.body.append(link);
        }"""
    )
    page.locator("#injected").click()
    assert page.evaluate("() => window.__pwned === undefined")
    assert len(refusals) >= 2, refusals  # the inline script and the handler, each refused by the policy


def test_sphinx_s_own_strings_load_under_the_policy_on_japanese_pages(hostile_url: tuple[str, Path], page) -> None:  # type: ignore[no-untyped-def]
    """Sphinx's translations.js used ``new Function``, which the policy refuses: rewritten as data."""
    url, published = hostile_url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _dialogs, refusals = _watch(page)
    page.goto(f"{url}/ja/policies/evil/privacy/")
    page.wait_for_load_state("load")
    assert errors == [] and refusals == []
    assert page.evaluate("() => Documentation.LOCALE") == "ja"
    assert page.evaluate("() => Documentation.gettext('Search')") == "検索"
    assert page.evaluate("() => Documentation.ngettext('a', 'b', 2)") in {"a", "b"}
    assert "new Function" not in (published / "ja" / "_static" / "translations.js").read_text(encoding="utf-8")


def test_the_catalog_rewrite_keeps_every_message_and_the_plural_rule() -> None:
    from policydocs.sphinxext.csp_translations import csp_safe

    script = (
        'Documentation.addTranslations({"locale": "en", "messages": {"x": ["one", "many"]}, '
        '"plural_expr": "(n != 1)"});'
    )
    rewritten = csp_safe(script)
    assert rewritten is not None and "new Function" not in rewritten
    assert '{"x": ["one", "many"]}' in rewritten and "(n) => (n !== 1 ? 1 : 0)" in rewritten
    assert csp_safe("alert(1)") is None
