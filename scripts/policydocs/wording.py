"""Counts in words a person reads without stumbling: 「1 policy」, 「2 policies」, 「1 message filled」."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` with the noun in the form its number takes (``plural_form``, else ``singular`` + s)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"
