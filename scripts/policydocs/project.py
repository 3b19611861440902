"""Where a policydocs project keeps things, read from its ``conf.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags


@dataclass(frozen=True)
class Project:
    """A site's source directory and the language facts of its ``conf.py``."""

    srcdir: Path
    source_language: str
    languages: tuple[str, ...]
    locale_dir: Path

    @classmethod
    def at(cls, srcdir: Path) -> Project:
        namespace = eval_config_file(srcdir / "conf.py", Tags())
        source_language = namespace.get("language") or "en"
        languages = tuple(namespace.get("policydocs_languages") or (source_language,))
        locale_dirs = namespace.get("locale_dirs") or ["locales"]
        return cls(
            srcdir=srcdir,
            source_language=source_language,
            languages=languages,
            locale_dir=srcdir / locale_dirs[0],
        )

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages built from catalogs rather than from the sources."""
        return tuple(lang for lang in self.languages if lang != self.source_language)
