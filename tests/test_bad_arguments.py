"""Bad-input catalogue, command line and environment: each refused in one line, nothing published or lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bad_inputs import assert_refused, broken_copy, run_cli, run_policydocs, site_digest


@dataclass(frozen=True)
class Case:
    """One bad command line: the arguments, the environment, where it runs, what the message names."""

    name: str
    args: tuple[str, ...]
    named: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    source: Callable[[Path], Path] | None = None  # --source given as this (default: the site)
    cwd: Callable[[Path], Path] | None = None


def _beside(root: Path) -> Path:
    return root.parent


CASES = [
    Case("today-impossible", ("build", "--today", "2026-13-01"), ("--today '2026-13-01' is not a date", "YYYY-MM-DD")),
    Case("today-words", ("build", "--today", "tomorrow"), ("--today 'tomorrow'",)),
    Case("today-implausible", ("build", "--today", "9999-12-31"), ("--today '9999-12-31' is not a plausible day",)),
    Case("today-check", ("check", "--today", "2026/01/01"), ("--today '2026/01/01'",)),
    Case("today-list", ("list", "--today", "x"), ("--today 'x'",)),
    Case("today-snapshot", ("snapshot", "acme/privacy", "--today", "0"), ("--today '0'",)),
    Case("epoch-words", ("build",), ("SOURCE_DATE_EPOCH='abc'", "unset it"), env={"SOURCE_DATE_EPOCH": "abc"}),
    Case("epoch-huge", ("check",), ("SOURCE_DATE_EPOCH='9" + "9" * 20 + "'",), env={"SOURCE_DATE_EPOCH": "9" * 21}),
    Case("language-unknown", ("build", "-l", "xx"), ("-l xx", "ja, en")),
    Case("language-case", ("build", "-l", "EN"), ("-l EN", "ja, en")),
    Case("translate-unknown", ("translate", "update", "-l", "xx"), ("-l xx", "not translated into 'xx'", "en")),
    Case("translate-source-language", ("translate", "status", "-l", "ja"), ("-l ja", "not translated into 'ja'")),
    Case("source-missing", ("check",), ("--source", "no such directory"), source=lambda r: r / "nonexistent"),
    Case("source-no-conf", ("build",), ("there is no conf.py there",), source=lambda r: r / "policies"),
    Case("outside-any-site", ("check",), ("is not inside a site", "--source"), cwd=_beside),
    Case("check-unknown-organisation", ("check", "nosuch"), ("no organisation or policy 'nosuch'", "acme")),
    Case("check-unknown-kind", ("check", "acme/terms"), ("'acme/terms'", "acme/privacy")),
    Case("snapshot-unknown", ("snapshot", "nosuch/privacy"), ("no policy 'nosuch/privacy'", "acme/privacy")),
    Case("diff-unknown-revision", ("diff", "acme/privacy", "1999-01-01", "current"), ("no revision '1999-01-01'",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_bad_command_line_is_refused_in_one_line(built_basic: Path, tmp_path: Path, case: Case) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    if case.cwd is not None:  # no --source: the command looks for the site from where it runs
        outcome = run_cli(case.cwd(root), case.args, case.env)
    else:
        source = case.source(root) if case.source else root
        outcome = run_cli(root, ("--source", str(source), *case.args), case.env)
    assert_refused(outcome, *case.named)
    assert len(outcome.err.strip().splitlines()) <= 3, outcome.err
    assert site_digest(root / "_build") == before


def test_commands_find_the_site_from_a_subdirectory(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    from_root = run_policydocs(root, "check", "--all", "--today", "2026-11-22")
    inside = run_cli(root / "policies" / "acme", ("check", "--all", "--today", "2026-11-22"))
    assert inside.code == from_root.code and inside.out == from_root.out
    assert "acme/privacy" in inside.out


def test_a_language_no_date_can_be_written_in_is_refused_before_building(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'policydocs_languages = ["ja", "xx"]\n', encoding="utf-8")
    line = conf.read_text(encoding="utf-8").count("\n")
    outcome = run_policydocs(root, "build")
    assert_refused(outcome, f"conf.py:{line}", "policydocs_languages names 'xx', which is not a language code")
    assert site_digest(root / "_build") == before


def test_a_missing_home_page_is_said_in_one_line(built_basic: Path, tmp_path: Path) -> None:
    root = broken_copy(built_basic, tmp_path)
    before = site_digest(root / "_build")
    (root / "index.md").unlink()
    outcome = run_policydocs(root, "build")
    assert_refused(outcome, "Sphinx error: Sphinx is unable to load the master document")
    assert site_digest(root / "_build") == before
