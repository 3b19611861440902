"""A Content-Security-Policy on every page: the second line of defence against injected script.

:mod:`.untrusted_markup` keeps markup out of pages; should anything get
through, the browser still refuses to run it. Each page carries, as the first
of its ``metatags`` (right after ``<meta charset>``, before any script or
link), a ``<meta http-equiv="Content-Security-Policy">`` that allows scripts
from the site itself and the theme's own inline ``<script>`` blocks, by their
SHA-256, and nothing else: no inline handlers (``onclick=``), no
``javascript:`` addresses, no plugins, frames, foreign forms or ``<base>``.

The hashes are derived, never typed: from every inline ``<script>`` without
template code in the templates the builder reads (the theme's, Sphinx's, ours)
and from any inline script a page's context adds. A test parses every built
page and fails when a page has an inline script its policy does not allow.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

LANGUAGE_SCRIPT = "policydocs-languages.js"
_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_TEMPLATE_CODE = ("{{", "{%", "{#")
# Styles stay open: the theme and the redline set inline styles, and a style cannot run script.
_POLICY = (
    "default-src 'self'",
    "script-src 'self' {hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def script_hash(body: str) -> str:
    """The CSP source that allows an inline script with exactly this text."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline (``src``-less) script in ``html``."""
    return [m["body"] for m in _INLINE_SCRIPT.finditer(html) if "src=" not in m["attributes"].lower()]


def template_script_hashes(directories: list[str]) -> frozenset[str]:
    """Hashes of the inline scripts written literally in the templates of these directories."""
    hashes = set()
    for directory in directories:
        for template in sorted(Path(directory).rglob("*.html")):
            for body in inline_scripts(template.read_text(encoding="utf-8")):
                if not any(mark in body for mark in _TEMPLATE_CODE):
                    hashes.add(script_hash(body))
    return frozenset(hashes)


def policy(hashes: frozenset[str]) -> str:
    return "; ".join(_POLICY).format(hashes=" ".join(sorted(hashes)))


_TEMPLATE_HASHES: dict[int, frozenset[str]] = {}


def _theme_hashes(app: Sphinx) -> frozenset[str]:
    # The same for every page of a build: read the templates once.
    key = id(app.builder)
    if key not in _TEMPLATE_HASHES:
        _TEMPLATE_HASHES[key] = template_script_hashes(list(getattr(app.builder.templates, "pathchain", [])))
    return _TEMPLATE_HASHES[key]


def add_policy(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    hashes = set(_theme_hashes(app))
    for script in context.get("script_files", ()):
        body = getattr(script, "attributes", {}).get("body")
        if body and not getattr(script, "filename", None):
            hashes.add(script_hash(body))
    # Quotes need no escaping inside a double-quoted attribute, and stay readable in the page source.
    content = escape(policy(frozenset(hashes)), quote=False)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">\n'
    context["metatags"] = meta + context.get("metatags", "")


def setup(app: Sphinx) -> None:
    # The language switcher keeps the reader's #section with a script file, not an onclick= the policy forbids.
    app.add_js_file(LANGUAGE_SCRIPT, loading_method="defer")
    # Last, so that no handler adding a script after it goes unhashed.
    app.connect("html-page-context", add_policy, priority=900)
