"""A command ends at once (``os._exit``) yet loses none of its output and keeps its exit code."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOTS

CHILD = """
import sys
from policydocs.process_exit import exit_at_once
sys.stdout.write("o" * 200_000)  # more than a pipe holds and than the stream's buffer
print("last line of stdout")
print("a warning", file=sys.stderr)
exit_at_once(3)
"""


def test_output_is_flushed_and_the_code_kept():
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert result.stdout == "o" * 200_000 + "last line of stdout\n"
    assert result.stderr == "a warning\n"


def test_the_command_line_prints_all_it_did_before_ending(capsys):
    from policydocs.cli import main

    root = ROOTS / "test-basic"
    assert main(["--source", str(root), "list"]) == 0
    in_process = capsys.readouterr().out
    command = [sys.executable, "-m", "policydocs.cli", "--source", str(root), "list"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == in_process
    assert in_process.count("\n") >= 2


def test_ctrl_c_ends_a_command_with_a_line_not_a_traceback() -> None:
    # As Ctrl-C reaches a command part-way (the forked checker's workers ignore it and are ended).
    child = (
        "import policydocs.cli as cli\n"
        "def interrupted():\n"
        "    raise KeyboardInterrupt\n"
        "cli.main = interrupted\n"
        "cli.run()\n"
    )
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=False)
    assert result.returncode == 130
    assert result.stderr == "policydocs: interrupted\n"
