"""Passages still Japanese are counted before the extension adds its own parts, and the notice stands above them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_root
from docutils import nodes
from policydocs.sphinxext import translation_notice
from policydocs.sphinxext.policy_facts import PolicyFacts

UNTRANSLATED = "まだ訳されていない段落です。"


def test_the_walk_sees_no_generated_part_and_the_notice_is_on_top(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert translation_notice.UntranslatedPassages.default_priority < PolicyFacts.default_priority
    root = copy_root("translated", tmp_path)
    source = root / "policies/acme/privacy.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{UNTRANSLATED}\n", encoding="utf-8")
    walked: list[nodes.Element] = []
    parts_present: list[bool] = []  # for each page walked: were the facts box or the history in it yet?
    extract = translation_notice.extract_messages

    def noted(doctree: nodes.Element):  # type: ignore[no-untyped-def]
        classes = {c for n in doctree.findall(nodes.Element) for c in n.get("classes", ())}
        parts_present.append(bool(classes & {"policydocs-policy-facts", "policydocs-history"}))
        for node, message in extract(doctree):
            walked.append(node)
            yield node, message

    monkeypatch.setattr(translation_notice, "extract_messages", noted)
    app = make_app("dirhtml", srcdir=root, confoverrides={"language": "en", "suppress_warnings": ["policy"]})
    app.build()
    # Walked before the facts box, banners and history were added (after them the walk was three times longer).
    assert walked and len(parts_present) > 3 and not any(parts_present)
    page = BeautifulSoup(
        (Path(app.outdir) / "policies/acme/privacy/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    notice = page.select_one(".policydocs-translation-notice")
    assert notice is not None and "1 of " in notice.get_text()
    assert [n.get_text(strip=True) for n in page.select(".policydocs-untranslated")] == [UNTRANSLATED]
    facts = page.select_one(".policydocs-policy-facts")
    assert facts is not None and notice in facts.find_all_previous()  # the notice stands above the facts box
