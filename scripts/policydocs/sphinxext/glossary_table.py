"""The translators' glossary on the site, rendered from ``locale/glossary.toml``.

The same file drives ``policydocs translate check``, so what translators read
is exactly what the check enforces.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from policydocs.glossary import GLOSSARY_FILE, load_glossary
from policydocs.sphinxext.listings import table
from policydocs.sphinxext.messages import _


class TranslationGlossary(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.config.locale_dirs[0] / GLOSSARY_FILE
        self.env.note_dependency(str(path))
        terms, problems = load_glossary(path)
        if problems:
            raise self.error(str(problems[0]))
        rows = [[term.ja, term.en] for term in sorted(terms, key=lambda t: t.ja)]
        return [table(["policydocs-glossary"], [str(_("Japanese")), str(_("English"))], rows)]
