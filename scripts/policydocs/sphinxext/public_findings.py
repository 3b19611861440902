"""Whether the checker's findings are on the site: ``policydocs_public_findings``.

A checker's verdict is a prompt for a lawyer, not a statement an organisation should
publish about its own policy by default. When false there is no compliance page, no link
to it, and the facts box says nothing of findings; ``policydocs check`` and the build's
warnings report them all the same. The compliance page, the home page's listing and the
facts box all ask :func:`public`.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from policydocs.model import Location
from policydocs.sphinxext.messages import warn

SETTING = "policydocs_public_findings"


def check_setting(app: Sphinx, config: Config) -> None:
    """``policydocs_public_findings`` must be a bool: a string such as "False" would read as true.

    Anything else is refused at its line of ``conf.py`` and read as false, the side on which
    nothing is published that the team did not mean to publish.
    """
    value = getattr(config, SETTING)
    if isinstance(value, bool):
        return
    conf = Path(app.confdir) / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((number for number, text in enumerate(lines, 1) if text.lstrip().startswith(SETTING)), 0)
    warn(
        f"{SETTING} must be True or False, not {value!r}; findings are kept off public pages until it is "
        f"(write {SETTING} = True to show them on the compliance page and in each policy's facts box)",
        "config",
        Location(conf, line),
    )
    setattr(config, SETTING, False)


def public(config: Config) -> bool:
    """Whether findings appear on the site's pages (``policydocs_public_findings``)."""
    return bool(getattr(config, SETTING))
