"""Test tools that are not Python packages (the Nu HTML Checker's vnu.jar), pinned in ``tools.lock``.

``make test`` runs ``python tests/tools.py`` before the tests: each tool missing
from its cache directory (``_build/tools/<name>-<version>/``) is fetched once,
checked against the integrity value pinned in the lock, and unpacked. A tool
already there is not fetched again, and the tests themselves never fetch: they
find a tool with :func:`tool_path` and fail, saying how to install it, when it
is absent.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import tomllib
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCK = Path(__file__).resolve().parent / "tools.lock"
CACHE = REPO / "_build" / "tools"


def pinned(name: str) -> dict[str, str]:
    """The lock's entry for one tool."""
    return tomllib.loads(LOCK.read_text(encoding="utf-8"))[name]


def tool_path(name: str) -> Path:
    """Where the tool's file is once installed (it may not be there)."""
    entry = pinned(name)
    return CACHE / f"{name}-{entry['version']}" / Path(entry["member"]).name


def _matches(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii") == expected


def install(name: str) -> Path:
    """Fetch, verify and unpack one tool unless it is already in the cache."""
    target = tool_path(name)
    if target.is_file():
        return target
    entry = pinned(name)
    try:
        with urllib.request.urlopen(entry["url"], timeout=120) as response:
            archive = response.read()
    except (OSError, ValueError) as error:  # URLError is an OSError
        raise SystemExit(f"{entry['url']}: could not fetch {name} ({error}); nothing was installed. "
                         "Check the network and run `make tools` again.") from None
    if not _matches(archive, entry["integrity"]):
        raise SystemExit(f"{entry['url']}: its content does not match the integrity value pinned in {LOCK}; "
                         "nothing was installed. Check the URL and the pinned value.")
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        try:
            member = tar.extractfile(entry["member"])
        except KeyError:
            member = None
        if member is None:
            raise SystemExit(f"{entry['url']}: no {entry['member']} in the archive; fix 'member' in {LOCK}.")
        data = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so an interrupted fetch never leaves a truncated jar that looks installed.
    partial = target.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def main() -> None:
    for name in tomllib.loads(LOCK.read_text(encoding="utf-8")):
        print(f"{name}: {install(name).relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
