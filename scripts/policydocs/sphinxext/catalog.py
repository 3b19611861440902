"""The extension's own message catalog: compiled when stale, then installed.

The ``.po`` files ship in ``policydocs/locale/``; their compiled ``.mo`` go to
the build's doctree directory, so nothing is ever written into the package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config

from policydocs.kinds import declared
from policydocs.sphinxext.messages import CATALOG, KindNames, warn

PACKAGE_LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogs(source_dir: Path, target_dir: Path) -> list[str]:
    """Compile every stale ``.po`` under ``source_dir`` into ``target_dir``; return problems."""
    problems = []
    for po_path in sorted(source_dir.glob(f"*/LC_MESSAGES/{CATALOG}.po")):
        mo_path = target_dir / po_path.relative_to(source_dir).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, abort_invalid=True)
        except PoFileError as error:
            problems.append(f"{po_path}: {error}")
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
    return problems


def fingerprint(source_dir: Path, language: str) -> str:
    """A digest of ``language``'s catalog: it changes whenever a translation does."""
    po_path = source_dir / language / "LC_MESSAGES" / f"{CATALOG}.po"
    return hashlib.sha256(po_path.read_bytes()).hexdigest()[:16] if po_path.exists() else ""


def install(app: Sphinx, config: Config) -> None:
    """Make the extension's strings speak the build's language."""
    target = Path(app.doctreedir) / "policydocs-locale"
    for problem in compile_catalogs(PACKAGE_LOCALE_DIR, target):
        warn(f"cannot read the extension's catalog: {problem}", "catalog", None)
    translator, _found = locale.init([str(target)], config.language, CATALOG)
    translator.add_fallback(KindNames(config.language))  # the kinds' names, declared in the rule files
    # Labels are written into doctrees when a page is read; a config value that
    # changes with the catalog ("env" rebuild) makes Sphinx re-read every page.
    names = "|".join(k.name(config.language) for k in declared().values())  # a kind renamed re-reads pages too
    config.policydocs_catalog_fingerprint = fingerprint(PACKAGE_LOCALE_DIR, config.language) + names
