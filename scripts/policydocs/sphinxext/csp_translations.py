"""Sphinx's ``translations.js`` rewritten so that it runs under the pages' Content-Security-Policy.

Sphinx copies its catalog as ``Documentation.addTranslations({...})``, and ``doctools.js`` turns
the catalog's plural expression into code with ``new Function``, which a policy without
``'unsafe-eval'`` refuses: on every Japanese page the script failed, no Sphinx string was
translated in the browser and the console showed an error. The catalog is data, so it is
rewritten as data, with the plural rule as a function chosen from the forms gettext catalogs
use rather than evaluated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx

from policydocs.model import Location
from policydocs.sphinxext.messages import warn

_MARK = "/* Sphinx's catalog as data, so that it runs under the CSP: policydocs.sphinxext.csp_translations */"
_CALL = re.compile(r"^\s*Documentation\.addTranslations\((?P<catalog>.*)\);?\s*$", re.DOTALL)
# The plural expressions of gettext catalogs, as functions; "0" is Japanese (one form).
_PLURALS = {
    "0": "() => 0",
    "(n != 1)": "(n) => (n !== 1 ? 1 : 0)",
    "n != 1": "(n) => (n !== 1 ? 1 : 0)",
    "(n > 1)": "(n) => (n > 1 ? 1 : 0)",
}


def csp_safe(script: str) -> str | None:
    """The same catalog as statements that need no ``eval``; None if ``script`` is not Sphinx's call."""
    match = _CALL.match(script)
    if match is None:
        return None
    try:
        catalog = json.loads(match.group("catalog"))
    except json.JSONDecodeError:
        return None
    plural = _PLURALS.get(str(catalog.get("plural_expr", "")).strip(), "(n) => (n === 1 ? 0 : 1)")
    return (
        f"{_MARK}\n"
        f"Object.assign(Documentation.TRANSLATIONS, {json.dumps(catalog.get('messages', {}), ensure_ascii=True)});\n"
        f"Documentation.PLURAL_EXPR = {plural};\n"
        f"Documentation.LOCALE = {json.dumps(str(catalog.get('locale', '')))};\n"
    )


def rewrite_translations(app: Sphinx, exception: BaseException | None) -> None:
    """After a build, make ``_static/translations.js`` run under the CSP."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.builder.outdir, "_static", "translations.js")
    if not path.is_file():
        return
    script = path.read_text(encoding="utf-8")
    if script.startswith(_MARK):
        return
    rewritten = csp_safe(script)
    if rewritten is None:
        warn(
            "Sphinx's translations.js is not the catalog call this extension rewrites for the "
            "Content-Security-Policy: its strings will not be translated in the browser",
            "csp",
            Location(path, 1),
        )
        return
    path.write_text(rewritten, encoding="utf-8")
