"""Language facts shared by the build and the extension: names and the landing page."""

from __future__ import annotations

from html import escape

# Each language named in itself, as language switchers conventionally do.
NATIVE_NAMES = {"ja": "日本語", "en": "English"}


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(code, code)


# The landing page runs no script at all.
_LANDING_POLICY = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"


def landing_page(source_language: str, languages: tuple[str, ...]) -> str:
    """``index.html`` at the site root: it takes readers to the source language and offers the others."""
    links = "\n".join(
        f'    <li><a href="{escape(code)}/" hreflang="{escape(code)}" lang="{escape(code)}">'
        f"{escape(native_name(code))}</a></li>"
        for code in languages
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
  <meta http-equiv="refresh" content="0; url={escape(source_language)}/">
  <link rel="canonical" href="{escape(source_language)}/">
{alternates}
</head>
<body>
  <ul>
{links}
  </ul>
</body>
</html>
"""
