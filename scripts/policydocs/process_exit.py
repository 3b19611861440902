"""Ending a command's process without taking its objects apart one by one.

When a command is done, everything it built (Sphinx's environment of every page, the
site's model, parsed catalogs) is still in memory, and the interpreter frees it object
by object before the process ends. At 500 revision documents that took 0.8 s of a
2.6 s template extraction, longer than reading the edited page. The kernel takes the
whole address space back at once, so a command's entry point ends with ``os._exit``
once its output is flushed: the files it wrote are already closed, the executors and
browsers it used are shut down by their ``with`` blocks, and nothing registers an
``atexit`` handler that must run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn


def exit_at_once(code: int) -> NoReturn:
    """Flush what the command printed, then end the process with ``code`` without tearing it down."""
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (piped into `head`) or a closed stream: nothing left to lose.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
