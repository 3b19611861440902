"""``policydocs check`` as a person reads it (issue 15): errors first, one block per policy,
identical findings once, counts with the right plural."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bad_inputs import TODAY, run_policydocs
from conftest import REPO, copy_root
from policydocs.check_report import report_text
from policydocs.checker import check_site
from policydocs.loader import load_site
from policydocs.wording import plural


def test_plurals_read_as_english() -> None:
    assert [plural(n, "policy", "policies") for n in (0, 1, 2)] == ["0 policies", "1 policy", "2 policies"]
    assert plural(1, "other problem") == "1 other problem"


def test_one_block_per_policy_failing_first_and_the_same_findings_once() -> None:
    site = load_site(REPO)
    text = report_text(check_site(site, dt.date.fromisoformat(TODAY)), REPO, show_all=False)
    headings = [line for line in text.split("\n") if line and not line.startswith(" ")]
    assert len(headings) == len(site.policies)  # one block per policy
    failing = [h for h in headings if "miss" in h]
    assert headings[: len(failing)] == failing  # the failing policies first
    # A text in force that is the revision it was frozen as is listed once, with that revision.
    assert "  current, undated (the same findings): judged by the law in force on" in text
    assert "\n  undated:" not in text
    # Worst first within a text: what fails, then what needs review, then what is only advised.
    block = text.split("openclose/privacy:")[1].split("\n  2014-02-17:")[0]
    must_missing = [line for line in block.split("\n") if line.startswith("    ✗") and "[must" in line]
    should_missing = [line for line in block.split("\n") if line.startswith("    ✗") and "[should" in line]
    review = [line for line in block.split("\n") if line.startswith("    ?")]
    order = [block.index(line) for line in (*must_missing, *review, *should_missing)]
    assert order == sorted(order) and must_missing and review and should_missing


def test_a_tampered_revision_is_reported_before_any_finding(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    frozen = root / "policies/acme/privacy/2014-02-17.md"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("個人情報", "個人の情報", 1), encoding="utf-8")
    outcome = run_policydocs(root, "check", "--today", TODAY)
    assert outcome.code == 1
    first, *_rest = outcome.err.split("\n")
    assert first == "1 problem:", outcome.err
    assert "policies/acme/privacy/2014-02-17.md" in outcome.err.split("\n")[1]
    assert outcome.err.rstrip().endswith("1 other problem"), outcome.err


def test_translate_update_counts_in_words(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    outcome = run_policydocs(root, "translate", "update")
    assert outcome.code == 0, outcome.err
    said = outcome.out + outcome.err
    assert "filled from translation memory" in said
    assert "1 messages" not in said and "0 message " not in said
