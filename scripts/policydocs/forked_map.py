"""A function mapped over many items on every core at once, by forking this process.

The checker judges each text on its own: from scratch at 500 documents, 600 texts took
6.7 s on one core while the other waited, before either language's build could start
(issue 18, points 1 and 6). Forked workers inherit the function and the items, so
nothing but each result is pickled, and they end when the map does. Where there is one
core, no fork, or few items (a pool costs more than it saves), the map runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 32  # items below which a pool is not worth starting

# What the workers map, set in this process just before they are forked (and inherited by them).
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_forked(function: Callable[[T], R], items: Sequence[T], minimum: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, in order, computed on every core where it pays."""
    workers = min(cores(), len(items))
    few = len(items) < (MINIMUM if minimum is None else minimum)
    if workers < 2 or few or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items)
    try:
        # Ctrl-C reaches the workers too: they leave it to this process, which ends them without a traceback.
        with multiprocessing.get_context("fork").Pool(workers, signal.signal, (signal.SIGINT, signal.SIG_IGN)) as pool:
            # Small chunks: texts differ in length, and a worker left with the long ones holds up the map.
            return pool.map(_one, range(len(items)), chunksize=max(1, len(items) // (workers * 8)))
    finally:
        _WORK = None


def _one(index: int) -> Any:
    assert _WORK is not None  # set before the workers were forked
    function, items = _WORK
    return function(items[index])
