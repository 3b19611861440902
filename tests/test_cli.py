"""The policydocs command: thin over the package, clear about failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, copy_root
from policydocs.cli import main


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "policydocs build" in out and "policydocs translate update -l en" in out


def test_list_shows_organisations_and_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--source", str(ROOTS / "test-basic"), "list"]) == 0
    out = capsys.readouterr().out
    assert "acme\t株式会社アクメ / Acme Inc.\tkabushiki-kaisha" in out
    assert "privacy\t2014-02-17\tpolicies/acme/privacy.md" in out
    assert "privacy\tnot stated\tpolicies/beta/privacy.md" in out


def test_list_reports_bad_front_matter_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("basic", tmp_path)
    index = root / "policies" / "acme" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("body: kabushiki-kaisha", "body: corp"))
    assert main(["--source", str(root), "list"]) == 1
    err = capsys.readouterr().err
    assert "policies/acme/index.md:5: 'body: corp' must be one of: yugen-kaisha" in err
    assert "Traceback" not in err


def test_build_failure_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_root("basic", tmp_path)
    (root / "index.md").write_text("# ホーム\n\n{unknown-role}`x`\n", encoding="utf-8")
    assert main(["--source", str(root), "build"]) == 1
    captured = capsys.readouterr()
    assert "FAILED" in captured.out
    # Nothing was ever published here: the message must not claim a published site was kept.
    assert "nothing was published (there is no published site yet)" in captured.err


@pytest.mark.parametrize("command", [["build"], ["translate", "status"], ["preview", "--port", "0"]])
def test_a_broken_conf_py_is_named_with_its_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    root = copy_root("basic", tmp_path)
    conf = root / "conf.py"
    lines = conf.read_text(encoding="utf-8").count("\n")
    conf.write_text(conf.read_text(encoding="utf-8") + "language = 'ja\n", encoding="utf-8")
    assert main(["--source", str(root), *command]) == 2
    err = capsys.readouterr().err
    assert f"conf.py:{lines + 1}: conf.py is not valid Python: unterminated string literal" in err
    assert "Traceback" not in err and not (root / "_build" / "html").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["preview"],
        ["list"],
        ["snapshot"],
        ["check"],
        ["diff"],
        ["translate", "update"],
        ["translate", "status"],
        ["translate", "check"],
    ],
)
def test_every_subcommand_help_shows_examples(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"policydocs {' '.join(command)}" in out.split("examples:")[1]
