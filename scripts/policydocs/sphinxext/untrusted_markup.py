"""Policy text is untrusted: no markup in it may run in a reader's browser or read the build machine.

Policies, organisation pages and translations are written by people and other
systems, so the site refuses, with a located ``policy.markup`` warning naming
the fix, everything in them that would publish markup or files as they are,
and renders it inert so that a build without ``-W`` (``policydocs preview``)
never emits it:

- raw HTML (markdown-it's ``html_block``/``html_inline``) is shown as literal
  text; ``{eval-rst}`` (MyST's way into reStructuredText, which has its own
  raw and include) and MyST's file-level configuration (``myst:``,
  ``html_meta``, ``substitutions`` in front matter, which can add ``<meta>``
  tags or Jinja templates) are ignored — see :mod:`.markdown_parser`;
- directives that read files or emit raw output or ``<meta>`` tags (``raw``,
  ``include``, ``literalinclude``, ``meta``, ``role``, ``csv-table`` with
  ``:file:`` or ``:url:``) output nothing, in every document: the site's own
  pages use none of them;
- :class:`UntrustedMarkup` sweeps each doctree after translation and before
  Sphinx's collectors copy images and downloads: links and images whose scheme
  is not http, https, mailto or tel lose their address; images and downloads
  of local files under ``policies/`` are removed (a frozen revision's page must
  depend only on the bytes its hash covers, and a remote image can change
  after freezing and is blocked by the Content-Security-Policy anyway); local
  files outside the source directory are refused everywhere; any raw node or
  ``<meta>`` that got through is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.patches import CSVTable
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from policydocs.model import Location
from policydocs.sphinxext.messages import warn
from policydocs.sphinxext.safe_urls import refused_scheme

SUBTYPE = "markup"
REFUSED = "policydocs-refused-markup"
UNTRUSTED_PREFIX = "policies/"
# The raw nodes MyST writes itself, for a hard line break; nothing else raw is published.
_OWN_RAW = frozenset({("html", "<br />\n"), ("latex", "\\\\\n")})
_TRANSLATED = re.compile(r"^(?P<path>.*):(?P<line>\d+):<translated>$")


def location(source: str | None, line: int | None) -> Location | None:
    """Where a node or token is, as ``file:line``; a translated message is placed at its Japanese text."""
    if not source:
        return None
    translated = _TRANSLATED.match(source)
    if translated:
        return Location(Path(translated["path"]), int(translated["line"]))
    return Location(Path(source), line or 1)


def refuse(what: str, fix: str, where: Location | None) -> None:
    warn(f"{what} is not allowed in a page: {fix}", SUBTYPE, where)


def literal_text(text: str) -> list[nodes.Node]:
    """Refused markup as the reader sees it: inert literal text, or nothing when there is none."""
    if not text.strip():
        return []
    block = nodes.literal_block(text, text, classes=[REFUSED])
    block["language"] = "text"
    return [block]


# ---- directives ---------------------------------------------------------------------------------


class _AnyOption(dict[str, Any]):
    """An option spec that accepts every option, so the refusal, not an option error, is what is reported."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


REFUSED_DIRECTIVES = {
    "raw": "it would publish markup as it is; write the text in Markdown",
    "include": "it would publish another file, which the revision's hash does not cover; "
    "copy the text into this file",
    "literalinclude": "it would publish a file of the build machine; copy the text into this file",
    "meta": "it would add <meta> tags to the page (a refresh can send readers elsewhere); remove it",
    "role": "a role defined in a page can publish raw markup; use Markdown's own emphasis, links and code",
    "eval-rst": "reStructuredText in a page can publish raw markup or files; write it in MyST Markdown",
}


class RefusedDirective(SphinxDirective):
    """A directive that reads files or emits raw output: refused with a located warning, nothing rendered."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        refuse(f"The {{{self.name}}} directive", REFUSED_DIRECTIVES.get(self.name, "remove it"), location(source, line))
        # What was typed in the page is shown as text, so none of it is silently lost; no file is read.
        return literal_text("\n".join(self.content))


class SafeCSVTable(CSVTable):
    """``csv-table`` with its rows in the page only: ``:file:`` and ``:url:`` read the build machine or the web."""

    def run(self) -> list[nodes.Node]:
        if "file" in self.options or "url" in self.options:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            refuse(
                "A {csv-table} with :file: or :url:",
                "put the rows in the directive's content instead",
                location(source, line),
            )
            return []
        return super().run()


def disable_file_insertion(app: Sphinx) -> None:
    """docutils' own switches as a further layer: no directive may insert a file or raw output."""
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False


# ---- the sweep ----------------------------------------------------------------------------------


def node_location(node: nodes.Node, document: nodes.document) -> Location | None:
    current: nodes.Node | None = node
    while current is not None and not (current.source and current.line):
        current = current.parent
    if current is None:
        return location(document.get("source"), None)
    return location(current.source, current.line)


class UntrustedMarkup(SphinxTransform):
    """Refuse, and take out, whatever a page holds that is not inert text and safe links."""

    # After translation (Locale, 20, and FallbackTranslations, 21), so translated messages are swept
    # too; before the extension's own parts (30 and later) and long before Sphinx's collectors copy
    # images and downloads (doctree-read).
    default_priority = 22

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        untrusted = docname.startswith(UNTRUSTED_PREFIX)
        for raw in list(self.document.findall(nodes.raw)):
            if (raw.get("format"), raw.astext()) not in _OWN_RAW:
                self._refuse(raw, "Raw output", "write the text in Markdown")
                raw.replace_self(nodes.literal(raw.astext(), raw.astext(), classes=[REFUSED]))
        for meta in list(self.document.findall(nodes.meta)):
            self._refuse(meta, "A <meta> tag", "remove html_meta and {meta}")
            meta.parent.remove(meta)
        for image in list(self.document.findall(nodes.image)):
            self._image(image, docname, untrusted)
        for download in list(self.document.findall(addnodes.download_reference)):
            self._download(download, docname, untrusted)
        for reference in list(self.document.findall(nodes.reference)):
            self._address(reference, "refuri", "A link")
        for target in list(self.document.findall(nodes.target)):
            self._address(target, "refuri", "A link target")

    def _refuse(self, node: nodes.Node, what: str, fix: str) -> None:
        refuse(what, fix, node_location(node, self.document))

    def _outside_source(self, uri: str, docname: str) -> bool:
        _relative, absolute = self.env.relfn2path(uri, docname)
        return not Path(absolute).resolve().is_relative_to(Path(self.env.srcdir).resolve())

    def _image(self, image: nodes.image, docname: str, untrusted: bool) -> None:
        uri = image.get("uri", "")
        scheme = refused_scheme(uri)
        if scheme is not None:
            self._refuse(image, f"An image with a {scheme}: address", "link to an http(s) page instead")
        elif untrusted:
            self._refuse(
                image,
                "An image in a policy",
                "a frozen text must not depend on a file its hash does not cover; describe it in words",
            )
        elif "://" not in uri and self._outside_source(uri, docname):
            self._refuse(image, "An image outside the site's source directory", "copy it into the site")
        else:
            return
        # An image inside a link (figure :target:) takes its link with it.
        holder = image.parent if isinstance(image.parent, nodes.reference) and len(image.parent) == 1 else image
        alt = image.get("alt", "")
        if alt and not isinstance(holder.parent, nodes.figure):
            holder.replace_self(nodes.inline(alt, alt, classes=[REFUSED]))
        else:
            holder.parent.remove(holder)

    def _download(self, download: addnodes.download_reference, docname: str, untrusted: bool) -> None:
        target = download.get("reftarget", "")
        if untrusted:
            fix = "a frozen text must not depend on a file its hash does not cover; quote what it says instead"
            self._refuse(download, f"A link to the local file {target!r}", fix)
        elif self._outside_source(target, docname):
            self._refuse(download, f"A link to {target!r}, outside the site", "copy the file into the site")
        else:
            return
        download.replace_self(nodes.inline(download.astext(), "", *download.children, classes=[REFUSED]))

    def _address(self, node: nodes.Element, attribute: str, what: str) -> None:
        uri = node.get(attribute)
        scheme = refused_scheme(uri) if uri else None
        if scheme is None:
            return
        self._refuse(node, f"{what} to a {scheme}: address", "only http, https, mailto and tel links are published")
        del node[attribute]
        if isinstance(node, nodes.reference):
            node.replace_self(nodes.inline(node.astext(), "", *node.children, classes=[REFUSED]))


def setup(app: Sphinx) -> None:
    for name in REFUSED_DIRECTIVES:
        app.add_directive(name, RefusedDirective, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    app.connect("builder-inited", disable_file_insertion)
    app.add_transform(UntrustedMarkup)
