"""The checker judges texts it has not checked before on every core at once (issue 18).

From scratch at 500 documents the check took 6.7 s on one core, before either
language's build could start. On the repository's own site (the five seed
policies, their revisions, and the other kinds' samples) and on a site of the
50 real privacy policies of ``tests/corpus/privacy/`` (written by nobody here),
judged in forked workers and judged here, the result is the same finding for
finding, and the cache then holds what a serial check keeps.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from conftest import REPO, ROOTS
from corpus_agreement import READ_ON, privacy_corpus_site
from policydocs import forked_map
from policydocs.checker import check_as_json, check_site
from policydocs.loader import load_site

DAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize("which", ["repository", "real policies"])
def test_judged_on_every_core_as_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    if which == "repository":
        root, day = REPO, DAY
    else:
        root, day = privacy_corpus_site(tmp_path / "site", ROOTS / "test-basic" / "conf.py"), READ_ON
    site = load_site(root)
    serial = check_as_json(check_site(site, day, cache_dir=tmp_path / "serial"), root)

    pools: list[str] = []
    get_context = multiprocessing.get_context

    def counted(method: str | None = None) -> object:
        pools.append(str(method))
        return get_context(method)

    monkeypatch.setattr(forked_map, "cores", lambda: 2)
    monkeypatch.setattr(forked_map, "MINIMUM", 1)
    monkeypatch.setattr(forked_map.multiprocessing, "get_context", counted)
    forked = check_as_json(check_site(site, day, cache_dir=tmp_path / "forked"), root)
    assert pools == ["fork"], "the texts were not judged in forked workers"
    assert forked == serial and serial["reports"]

    # What the forked check kept serves the next check as a serial check's would: nothing judged again.
    pools.clear()
    again = check_as_json(check_site(site, day, cache_dir=tmp_path / "forked"), root)
    assert again == serial and pools == []


def test_few_texts_or_one_core_are_judged_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked_map, "cores", lambda: 1)
    assert forked_map.map_forked(str, list(range(100))) == [str(n) for n in range(100)]
    monkeypatch.setattr(forked_map, "cores", lambda: 2)
    assert forked_map.map_forked(str, [1, 2, 3]) == ["1", "2", "3"]  # below the minimum: no pool
