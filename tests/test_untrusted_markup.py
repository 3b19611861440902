"""Untrusted markup: nothing in a page's text or front matter may run in a browser or read the build machine.

The hostile project (``tests/roots/test-hostile``) puts script in every place a
person or another system writes: organisation names, summaries, dates as
stated, sources, titles, the body (raw HTML, ``{raw}``, ``{eval-rst}``, links,
attributes) and English translations. It is built without ``-W`` (so pages are
published despite the warnings) and every published file is read back. The
catalogue rows at the end run the real command line on a broken copy of
``test-basic``, one construct each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bad_inputs import assert_refused, broken_copy, run_policydocs, site_digest
from conftest import TODAY, copy_root
from policydocs.build import SiteBuild, build_site
from policydocs.sphinxext.content_security import script_hash
from policydocs.sphinxext.safe_urls import refused_scheme

SECRET = "policydocs-secret-3f9c1e"  # in a file beside the project: no page may ever show it


# ---- addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        (" \x01javascript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;avascript&colon;alert(1)", "javascript"),
        ("java\u200bscript:alert(1)", "javascript"),
        ("vbscript:msgbox", "vbscript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("file:///etc/passwd", "file"),
        ("java%09script:alert(1)", "java%09script"),
        ("https://example.com/a", None),
        ("HTTP://example.com/", None),
        ("mailto:privacy@example.com", None),
        ("tel:+81-3-0000-0000", None),
        ("../privacy/", None),
        ("#sec-1", None),
        ("privacy/2024-10-01/#a:b", None),
        ("?q=a:b", None),
    ],
)
def test_only_web_mail_and_phone_addresses_pass(uri: str, scheme: str | None) -> None:
    assert refused_scheme(uri) == scheme


# ---- the hostile project ------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every tag, attribute and inline script of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script" and "src" not in attributes:
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def content_security_policy(page: _Page) -> str:
    policies = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1, policies
    return policies[0]


def live_markup(path: Path) -> list[str]:
    """What in a built page could run script or show a file: each finding names the page and the markup."""
    page = read_page(path)
    found = []
    policy = content_security_policy(page)
    for body in page.scripts:
        if script_hash(body) not in policy:
            found.append(f"inline script its CSP does not allow: {body[:60]!r}")
    for tag, attributes in page.tags:
        if tag in ("iframe", "frame", "object", "embed", "base", "applet"):
            found.append(f"<{tag}>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "srcdoc", "poster", "data") and refused_scheme(value):
                found.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    return [f"{path}: {finding}" for finding in found]


def test_every_page_of_the_site_allows_only_its_own_scripts(site_html: Path) -> None:
    """The seed site: each page's CSP allows each of its inline scripts, no page has a handler attribute."""
    pages = sorted(site_html.glob("*/**/*.html"))
    assert len(pages) >= 26
    assert [finding for page in pages for finding in live_markup(page)] == []
    for path in pages:
        tags = [
            tag for tag, attributes in read_page(path).tags if tag in ("script", "link") or "http-equiv" in attributes
        ]
        # The policy comes before anything it governs: a <meta> policy does not apply to what precedes it.
        assert tags[0] == "meta", (path, tags[:3])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteBuild]:
    root = copy_root("hostile", tmp_path_factory.mktemp("hostile"))
    result = build_site(root, root / "_build", strict=False, today=TODAY)
    assert result.ok and result.published is not None, "\n".join(b.output for b in result.languages)
    return root, result


def test_the_hostile_project_builds_with_every_page_inert(hostile: tuple[Path, SiteBuild]) -> None:
    _root, result = hostile
    assert result.published is not None
    pages = sorted(result.published.glob("*/**/*.html"))
    # Home, organisation, policy, both revisions, the comparison, compliance, search, index: in both languages.
    assert len(pages) >= 18, pages
    assert [finding for page in pages for finding in live_markup(page)] == []
    everything = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    # The payloads are published, but as text the reader can see.
    assert "&lt;script&gt;window.__pwned" in everything
    assert "onerror=&quot;window.__pwned" in everything or "onerror=&#34;window.__pwned" in everything
    assert "<script>window.__pwned" not in everything
    assert "<img src=x" not in everything and "<svg onload" not in everything


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        # name and name_en in the sidebar, the facts box and the organisation's own listing
        ("ja/policies/evil/index.html", "株式会社&lt;script&gt;window.__pwned"),
        ("en/policies/evil/index.html", "Evil &quot;&gt;&lt;img src=x onerror="),
        # the home page's listing and the compliance page's columns
        ("ja/index.html", "株式会社&lt;script&gt;"),
        ("en/compliance/index.html", "Evil &quot;&gt;&lt;img src=x"),
        # the summary in the history table, in Japanese and in its English translation
        ("ja/policies/evil/privacy/index.html", "改訂&lt;/td&gt;&lt;script&gt;"),
        # (its English translation, unless the catalog check refused it: then the Japanese, escaped all the same)
        ("en/policies/evil/privacy/index.html", ("Revised &lt;img src=x onerror=", "改訂&lt;/td&gt;&lt;script&gt;")),
        # the title on the comparison page (<title> and <h1>), and a translated paragraph
        ("ja/policies/evil/privacy/2020-01-01/changes/index.html", "株式会社&lt;script&gt;"),
        ("en/policies/evil/privacy/2020-01-01/changes/index.html", ("properly.&lt;script&gt;window.__pwned", "当社は")),
    ],
)
def test_front_matter_and_translations_are_escaped_where_they_are_shown(
    hostile: tuple[Path, SiteBuild], page: str, shown: str | tuple[str, ...]
) -> None:
    _root, result = hostile
    assert result.published is not None
    html = (result.published / page).read_text(encoding="utf-8")
    html = html.replace("&#34;", "&quot;").replace("&#x27;", "'").replace("&#39;", "'")
    assert any(text in html for text in ((shown,) if isinstance(shown, str) else shown)), shown


def test_feeds_carry_the_hostile_text_as_text(hostile: tuple[Path, SiteBuild]) -> None:
    _root, result = hostile
    assert result.published is not None
    feeds = sorted(result.published.rglob("*.atom"))
    assert len(feeds) == 4
    for feed in feeds:
        raw = feed.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw, feed
        titles = [e.text or "" for e in ET.fromstring(raw).iter("{http://www.w3.org/2005/Atom}title")]
        assert any("__pwned" in title for title in titles), feed  # the name, kept as the text it is


def test_every_construct_is_refused_at_its_line(hostile: tuple[Path, SiteBuild]) -> None:
    root, result = hostile
    ja = next(b.output for b in result.languages if b.language == "ja")
    en = next(b.output for b in result.languages if b.language == "en")
    source = (root / "policies/evil/privacy.md").read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(number for number, line in enumerate(source, start=1) if text in line)

    for marker in (
        "# プライバシーポリシー<script>",
        '<script>window.__pwned="html_block"',
        "段落 <img",
        "<iframe",
        "<a href",
    ):
        assert f"policies/evil/privacy.md:{line_of(marker)}: WARNING: Raw HTML" in ja, marker
    assert f"privacy.md:{line_of('```{raw}')}: WARNING: The {{raw}} directive" in ja
    assert f"privacy.md:{line_of('```{eval-rst}')}: WARNING: The {{eval-rst}} directive" in ja
    assert f"privacy.md:{line_of('[ftp](ftp:')}: WARNING: A link to a ftp: address" in ja
    # A translation that adds markup is refused where it is written (the catalog check, first line) or,
    # should that miss it, at its Japanese text when the English page is parsed (second line).
    catalog = "locale/en/LC_MESSAGES/policies/evil/privacy.po"
    assert f"{catalog}:26: WARNING" in en or f"privacy.md:{line_of('当社は個人情報')}: WARNING: Raw HTML" in en
    assert f"{catalog}:52: WARNING" in en or f"privacy.md:{line_of('サービスを提供')}: WARNING: An image" in en
    assert "[policy.markup]" in ja and "Traceback" not in ja + en


# ---- one construct at a time, under Sphinx's own test fixtures --------------------------------

_CONSTRUCTS = {
    "literalinclude": "```{literalinclude} ../../../secret.txt\n```\n",
    "include": "```{include} ../../../secret.txt\n```\n",
    "raw-file": "```{raw} html\n:file: ../../../secret.txt\n```\n",
    "csv-file": "```{csv-table}\n:file: ../../../secret.txt\n```\n",
    "eval-rst-include": "```{eval-rst}\n.. include:: ../../../secret.txt\n```\n",
    "image": "![secret](../../../secret.txt)\n",
    "figure": "```{figure} ../../../secret.txt\n```\n",
    "download-link": "[secret](../../../secret.txt)\n",
    "download-role": "{download}`secret <../../../secret.txt>`\n",
}


@pytest.mark.parametrize("construct", sorted(_CONSTRUCTS))
def test_no_file_of_the_build_machine_reaches_the_site(construct: str, make_app: Callable, tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    (tmp_path / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    page = root / "policies/acme/index.md"  # the organisation's page: a text of its own, never frozen
    before = page.read_text(encoding="utf-8")
    line = before.count("\n") + 2
    page.write_text(before + "\n" + _CONSTRUCTS[construct], encoding="utf-8")
    app = make_app("html", srcdir=root, confoverrides={"policydocs_today": TODAY})
    app.build()
    warnings = app._warning.getvalue()
    assert re.search(rf"policies/acme/index\.md:{line}: WARNING: .* \[policy\.markup\]", warnings), warnings
    published = "\n".join(p.read_text(errors="replace") for p in Path(app.outdir).rglob("*") if p.is_file())
    assert SECRET not in published
    assert not any(Path(app.outdir).glob("_images/*")) and not any(Path(app.outdir).glob("_downloads/**/*.txt"))


# ---- the bad-input catalogue: one construct in a policy, the real command line ----------------

_POLICY = "policies/acme/index.md"


def _append(text: str) -> Callable[[Path], int]:
    """Append ``text`` to acme's organisation page (its own, unfrozen text); return the line it starts on."""

    def breaks(root: Path) -> int:
        page = root / _POLICY
        before = page.read_text(encoding="utf-8")
        page.write_text(before + "\n" + text, encoding="utf-8")
        return before.count("\n") + 2

    return breaks


CATALOGUE = [
    ("script-block", _append("<script>alert(1)</script>\n")),
    ("img-onerror-inline", _append("本文 <img src=x onerror=alert(1)> です。\n")),
    ("iframe-javascript", _append('<iframe src="javascript:alert(1)"></iframe>\n')),
    ("raw-anchor-javascript", _append('<a href="javascript:alert(1)">x</a>\n')),
    ("html-comment", _append("<!-- x --><script>alert(1)</script>\n")),
    ("raw-directive", _append("```{raw} html\n<script>alert(1)</script>\n```\n")),
    ("eval-rst", _append("```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```\n")),
    ("literalinclude-passwd", _append("```{literalinclude} ../../../../etc/passwd\n```\n")),
    ("include-other-file", _append("```{include} ../beta/privacy.md\n```\n")),
    ("meta-refresh", _append("```{meta}\n:http-equiv=refresh: 0; url=https://example.com/\n```\n")),
    ("csv-table-url", _append("```{csv-table}\n:url: https://example.com/a.csv\n```\n")),
    ("role-raw", _append("```{role} raw-html(raw)\n:format: html\n```\n")),
    ("image-local", _append("![x](../../../../etc/passwd)\n")),
    ("image-remote", _append("![x](https://example.com/pixel.png)\n")),
    ("download-local", _append("[conf](../../conf.py)\n")),
    ("link-ftp", _append("[x](ftp://example.com/file)\n")),
    ("myst-front-matter-config", None),
]


def _front_matter_config(root: Path) -> int:
    page = root / _POLICY
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\nmyst:\n  html_meta:\n    http-equiv=refresh: 0;url=https://x/\n", 1))
    return 2


@pytest.mark.parametrize(("name", "breaks"), CATALOGUE, ids=[name for name, _breaks in CATALOGUE])
def test_bad_input_untrusted_markup(
    name: str, breaks: Callable[[Path], int] | None, built_basic: Path, tmp_path: Path
) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    line = (breaks or _front_matter_config)(root)
    outcome = run_policydocs(root, "build", "--today", TODAY)
    assert_refused(outcome, f"{_POLICY}:{line}")
    if breaks is None:  # the loader's own problem: refused before any language's build starts
        assert f"{_POLICY}:{line}: the top-level key 'myst' would change how this page is made" in outcome.text
    else:
        assert re.search(rf"{re.escape(_POLICY)}:{line}: WARNING: .*\[policy\.markup\]", outcome.text), outcome.text
    assert site_digest(root / "_build") == before


@pytest.mark.parametrize(
    ("msgstr", "refusal"),
    [
        ("We care.<script>window.__pwned=1</script>", "Raw HTML"),
        ('Text <img src=x onerror="alert(1)">', "Raw HTML"),
        ("```{raw} html\n<b>x</b>\n```", "The {raw} directive"),
    ],
)
def test_a_translated_message_is_parsed_by_the_same_safe_parser(
    msgstr: str, refusal: str, make_app: Callable, tmp_path: Path
) -> None:
    """The second line under the catalog check: a msgstr with markup is refused at its Japanese text."""
    from docutils import nodes
    from sphinx.transforms.i18n import _publish_msgstr

    root = copy_root("basic", tmp_path)
    app = make_app("html", srcdir=root, confoverrides={"policydocs_today": TODAY})
    app.build()
    env = app.env
    env.current_document.docname = "policies/acme/privacy"
    source = str(root / "policies/acme/privacy.md")
    settings = env.get_doctree("policies/acme/privacy").settings  # with the environment, as Locale has it
    for _attempt in range(2):  # the second time from the parser's memory of plain messages
        patch = _publish_msgstr(
            msgstr, source, 14, config=app.config, env=env, registry=env._registry, settings=settings
        )
        # Nothing raw reaches the page: what was written is there as text the reader sees.
        assert not list(patch.findall(nodes.raw))
        assert msgstr.splitlines()[-2 if "```" in msgstr else 0].split(">")[0] in patch.astext()
    warnings = app._warning.getvalue()
    assert warnings.count(f"policies/acme/privacy.md:14: WARNING: {refusal}") >= 2, warnings
