"""Every string the extension writes into pages has its Japanese translation."""

from __future__ import annotations

from pathlib import Path

import policydocs
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from policydocs.sphinxext.catalog import PACKAGE_LOCALE_DIR

PACKAGE = Path(policydocs.__file__).parent


def test_every_extension_string_is_translated_into_japanese() -> None:
    msgids = {
        message if isinstance(message, str) else message[0]
        for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE / "sphinxext"), method_map=[("**.py", "python")], keywords={"_": None}
        )
    }
    assert "Privacy policy" in msgids and len(msgids) > 10
    with (PACKAGE_LOCALE_DIR / "ja" / "LC_MESSAGES" / "policydocs.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert msgids - translated == set()
