"""A document that drew a warning when it was read is read again by the next build, until it is fixed.

Sphinx keeps the doctree of a document that did not change and issues its
read-time warnings only once: after a strict build failed on a page (refused
markup, lost text, a bad label), the next build found nothing to read, passed
and published. Here every warning issued while a document is read marks it,
and the marked documents are outdated in the next build, so their warnings are
issued again. Warnings are counted as they are issued, by a handler on Sphinx's
logger: Sphinx itself holds read-time warnings back until reading ends.
"""

from __future__ import annotations

import logging

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import NAMESPACE, is_suppressed_warning

_WARNED = "policydocs_warned_documents"  # the environment's set of documents that drew warnings
_BEFORE = "policydocs_warnings_before"  # the warning count when the current document began


def _warned(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, _WARNED):
        setattr(env, _WARNED, set())
    return getattr(env, _WARNED)


class WarningCounter(logging.Handler):
    """Counts the warnings of one Sphinx application that are not suppressed, as they are issued."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        suppressed = self.app.config.suppress_warnings
        if not is_suppressed_warning(getattr(record, "type", ""), getattr(record, "subtype", ""), suppressed):
            self.count += 1


_COUNTERS: dict[int, WarningCounter] = {}


def start_counting(app: Sphinx) -> None:
    """``builder-inited``."""
    counter = _COUNTERS[id(app)] = WarningCounter(app)
    logging.getLogger(NAMESPACE).addHandler(counter)


def stop_counting(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``."""
    counter = _COUNTERS.pop(id(app), None)
    if counter is not None:
        logging.getLogger(NAMESPACE).removeHandler(counter)


def warnings_so_far(app: Sphinx) -> int | None:
    """How many warnings ``app`` has issued that are not suppressed; None before ``builder-inited``."""
    counter = _COUNTERS.get(id(app))
    return None if counter is None else counter.count


def count_before_reading(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``, first of all handlers."""
    counter = _COUNTERS.get(id(app))
    if counter is not None:
        app.env.temp_data[_BEFORE] = counter.count


def mark_if_warned(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, last of all handlers: every read-time warning has been issued by now."""
    before = app.env.temp_data.pop(_BEFORE, None)
    counter = _COUNTERS.get(id(app))
    if before is None or counter is None:
        return
    docname = app.env.current_document.docname
    if counter.count > before:
        _warned(app.env).add(docname)
    else:
        _warned(app.env).discard(docname)


def read_warned_again(app: Sphinx, env: BuildEnvironment, *changes: set[str]) -> list[str]:
    """``env-get-outdated``: the documents that drew warnings in the last build."""
    return sorted(_warned(env) - set().union(*changes))


def forget_document(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _warned(env).discard(docname)


def merge_warned(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _warned(env).update(_warned(other) & set(docnames))
