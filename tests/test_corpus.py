"""Real privacy policies nobody here wrote (``tests/corpus/privacy/``): the checker against careful readings.

Each document is a real organisation's published policy, kept word for word in
``policy.md``, with ``reading.toml``: where it came from, and an item-by-item legal
reading of every rule, written before the checker was ever run on it. The summary
prints how far the checker agrees with the readings, overall, per level and per
rule; a change that lowers the agreement fails (:data:`AGREEMENT_FLOOR`).

The same documents also go through a real build: nothing in a real policy may be
refused as markup or reported as lost text when it is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOTS
from corpus_agreement import CORPUS as ALL_CORPORA
from corpus_agreement import READ_ON, documents, measure, privacy_corpus_site, reading_of
from policydocs.model import PolicyKind
from policydocs.rules import default_rules_path, load_rules

CORPUS = ALL_CORPORA / "privacy"
DOCUMENTS = documents(CORPUS)
RULES, _PROBLEMS = load_rules(default_rules_path(PolicyKind.PRIVACY))
VERDICTS = {"present", "missing", "not-applicable", "needs-review"}
# The agreement measured when the corpus landed; raise it as the checker improves, never lower it.
AGREEMENT_FLOOR = 0.95
MUST_FLOOR = 0.95  # the same for the must rules alone (the issue asks for 95% on both)


def test_the_corpus_is_large_and_every_reading_is_complete() -> None:
    assert len(DOCUMENTS) >= 40, f"only {len(DOCUMENTS)} real policies in {CORPUS}"
    rule_ids = [rule.id for rule in RULES.rules]
    for document in DOCUMENTS:
        reading = reading_of(document)
        source = reading["source"]
        assert source.get("found_in") and source.get("organisation"), document.name
        assert source.get("effective") == "unknown" or dt.date.fromisoformat(source["effective"]), document.name
        assert sorted(reading["reading"]) == sorted(rule_ids), document.name
        for rule_id, verdict in reading["reading"].items():
            assert verdict["verdict"] in VERDICTS, (document.name, rule_id)
        assert (document / "policy.md").read_text(encoding="utf-8").startswith("---\npolicy:\n"), document.name


def test_the_checker_agrees_with_the_readings_no_less_than_before(report: Callable[[str], None]) -> None:
    report(f"corpus: {len(DOCUMENTS)} real privacy policies, {len(RULES.rules)} rules each")
    agreement = measure("privacy")
    for line in agreement.lines("corpus"):
        report(line)
    assert agreement.share() >= AGREEMENT_FLOOR
    assert agreement.share("level must") >= MUST_FLOOR


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose organisations are the corpus documents, each with a one-line organisation page."""
    root = tmp_path_factory.mktemp("corpus-site")
    return privacy_corpus_site(root, ROOTS / "test-basic" / "conf.py")


def test_real_policies_build_with_nothing_refused_and_nothing_lost(corpus_site: Path) -> None:
    from policydocs.build import build_site

    result = build_site(corpus_site, languages=("ja",), strict=False, today=READ_ON.isoformat())
    output = "\n".join(build.output for build in result.languages)
    refused = [
        line
        for line in output.splitlines()
        if "[policy.markup]" in line
        or "[policy.lost_text]" in line
        or "[policy.nesting]" in line
        or "[policy.front_matter]" in line
    ]
    assert result.languages and result.languages[0].returncode == 0, output
    assert refused == [], "\n".join(refused)
    built = list((corpus_site / "_build" / "work" / "ja" / "policies").glob("*/privacy/index.html"))
    assert len(built) == len(DOCUMENTS)
