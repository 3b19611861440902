"""Sphinx looks for documents where pages can be, not in the translators' catalogs.

The catalog directories (``locale_dirs``) hold no page: ``include_patterns`` already kept any file
there out of the site, but Sphinx still walked and matched each of them in every build
(:func:`policydocs.sphinxext.site.load` now excludes them).
"""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, copy_root


def test_looking_for_documents_does_not_walk_the_catalogs(tmp_path: Path, make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The catalogs (14,000 files at 5,000 documents) hold no page; Sphinx need not walk them."""
    import sphinx.util.matching

    walked: list[str] = []
    real_walk = sphinx.util.matching.os.walk

    def walk(top, *args, **kwargs):  # type: ignore[no-untyped-def]
        for entry in real_walk(top, *args, **kwargs):
            if Path(entry[0]).is_relative_to(root):
                walked.append(Path(entry[0]).relative_to(root).as_posix())
            yield entry

    root = copy_root("basic", tmp_path)
    assert any((root / "locale").rglob("*.po"))
    monkeypatch.setattr(sphinx.util.matching.os, "walk", walk)
    app = make_app("dirhtml", srcdir=root, confoverrides={"policydocs_today": TODAY})
    app.build()
    assert "policies/acme" in walked
    assert not [directory for directory in walked if directory.split("/")[0] == "locale"]
    assert "policies/acme/index" in app.env.found_docs
