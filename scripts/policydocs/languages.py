"""Language facts shared by the build and the extension: names and the landing page.

The landing page names ``<lang>/index.html`` rather than the directory ``<lang>/``: opened from
disk (``file://``), a directory shows the browser's listing of its files, and the site must open
as README says, by opening ``_build/html/index.html``. Inside the site, policydocs-reading.js
does the same for every link when the page was opened from disk.
"""

from __future__ import annotations

from html import escape

# Each language named in itself, as language switchers conventionally do.
NATIVE_NAMES = {"ja": "日本語", "en": "English"}


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(code, code)


# The landing page runs no script at all.
_LANDING_POLICY = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"


# Said on the landing page to whoever opened it from disk: the search and the reader's date check
# need the site served.
SERVE_NOTE = {
    "ja": "ファイルから開いた場合も各ページは読めますが、検索などはサーバーから配信したときに動きます"
    "(policydocs preview、または python3 -m http.server --directory _build/html)。",
    "en": "Opened from disk, every page can be read; search and the like work when the site is served "
    "(policydocs preview, or python3 -m http.server --directory _build/html).",
}


def landing_page(source_language: str, languages: tuple[str, ...]) -> str:
    """``index.html`` at the site root: it takes readers to the source language and offers the others."""
    links = "\n".join(
        f'    <li><a href="{escape(code)}/index.html" hreflang="{escape(code)}" lang="{escape(code)}">'
        f"{escape(native_name(code))}</a></li>"
        for code in languages
    )
    notes = "\n".join(
        f'  <p lang="{escape(code)}">{escape(SERVE_NOTE[code])}</p>' for code in languages if code in SERVE_NOTE
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{escape(code)}" href="{escape(code)}/">' for code in languages
    )
    return f"""<!DOCTYPE html>
<html lang="{escape(source_language)}">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{_LANDING_POLICY}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>policydocs</title>
  <meta http-equiv="refresh" content="0; url={escape(source_language)}/index.html">
  <link rel="canonical" href="{escape(source_language)}/">
{alternates}
</head>
<body>
  <ul>
{links}
  </ul>
{notes}
</body>
</html>
"""
