"""Where a policydocs project keeps things, read from its ``conf.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from policydocs.model import Location, Problem

if TYPE_CHECKING:
    from sphinx.errors import ConfigError

# Sphinx is imported when a conf.py is read, not with this module: the command line imports
# ProjectError for every command, and `policydocs check` needs no Sphinx at all.


class ProjectError(Exception):
    """The site's ``conf.py`` cannot be read; the problem names the file, the line and the fix."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _conf_problem(conf: Path, error: ConfigError) -> Problem:
    cause = error.__cause__
    fix = "correct conf.py: it is Python, run by Sphinx"
    if isinstance(cause, FileNotFoundError) and not conf.is_file():
        return Problem(
            Location(conf, 0), "there is no conf.py here", "run policydocs in the site's directory, or pass --source"
        )
    if isinstance(cause, SyntaxError):
        return Problem(Location(conf, cause.lineno or 1), f"conf.py is not valid Python: {cause.msg}", fix)
    line = 1
    traceback = cause.__traceback__ if cause is not None else None
    while traceback is not None:  # the innermost line of conf.py itself
        if traceback.tb_frame.f_code.co_filename == str(conf):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    what = f"{type(cause).__name__}: {cause}" if cause is not None else str(error).strip()
    return Problem(Location(conf, line), f"conf.py failed: {what}", fix)


def _suffixes(value: object) -> tuple[str, ...]:
    # conf.py may give a string, a list or a dict; MyST (every site here) always adds .md.
    declared = [value] if isinstance(value, str) else list(value or [".rst"])  # type: ignore[call-overload]
    return tuple(dict.fromkeys([*declared, ".md"]))


@dataclass(frozen=True)
class Project:
    """A site's source directory and the language facts of its ``conf.py``."""

    srcdir: Path
    source_language: str
    languages: tuple[str, ...]
    locale_dir: Path
    extensions: tuple[str, ...] = ()
    theme: str = "alabaster"
    # Which files are documents (what a catalog may translate): as Sphinx reads conf.py.
    source_suffixes: tuple[str, ...] = (".rst", ".md")
    include_patterns: tuple[str, ...] = ("**",)
    exclude_patterns: tuple[str, ...] = ()
    suppress_warnings: tuple[str, ...] = ()  # warning types the build does not report
    allow_fuzzy: bool = False  # gettext_allow_fuzzy_translations: fuzzy translations compiled and shown

    @classmethod
    def at(cls, srcdir: Path) -> Project:
        """The project in ``srcdir``; :class:`ProjectError` if its ``conf.py`` cannot be run."""
        from sphinx.config import eval_config_file
        from sphinx.errors import ConfigError
        from sphinx.util.tags import Tags

        conf = srcdir / "conf.py"
        try:
            namespace = eval_config_file(conf, Tags())
        except ConfigError as error:
            raise ProjectError(_conf_problem(conf, error)) from None
        source_language = namespace.get("language") or "en"
        languages = tuple(namespace.get("policydocs_languages") or (source_language,))
        locale_dirs = namespace.get("locale_dirs") or ["locales"]
        return cls(
            srcdir=srcdir,
            source_language=source_language,
            languages=languages,
            locale_dir=srcdir / locale_dirs[0],
            extensions=tuple(namespace.get("extensions") or ()),
            theme=namespace.get("html_theme") or "alabaster",
            source_suffixes=_suffixes(namespace.get("source_suffix")),
            include_patterns=tuple(namespace.get("include_patterns") or ("**",)),
            exclude_patterns=tuple(namespace.get("exclude_patterns") or ()),
            suppress_warnings=tuple(namespace.get("suppress_warnings") or ()),
            allow_fuzzy=bool(namespace.get("gettext_allow_fuzzy_translations", False)),
        )

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages built from catalogs rather than from the sources."""
        return tuple(lang for lang in self.languages if lang != self.source_language)
