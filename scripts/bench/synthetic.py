"""Synthetic sites for the benchmark: N organisations x R revisions, built from real policies.

Each organisation copies one of the source site's real (non-fictional)
organisations: its page, its policy and their English catalogs. Its R revisions
are that policy's current text, the older ones each lacking a different
paragraph, so every comparison between revisions has something to show and
every message is already translated. The revisions are frozen exactly as
``policydocs snapshot`` freezes them (byte copies listed with their SHA-256 in
``revisions.lock``), so a synthetic site passes every check a real one does.

The same revisions can be laid out as a plain Sphinx project (no policydocs,
Japanese only), the baseline the benchmark compares against.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from policydocs.loader import load_site
from policydocs.model import Organisation, Policy
from policydocs.revisions import render_lock
from policydocs.stated_date_check import restate

FIRST_REVISION = dt.date(2016, 4, 1)
# A paragraph or a whole top-level list item: what a revision may drop without touching headings,
# labels, directives, attributes or the inside of a list item.
_DROPPABLE = re.compile(r"^(?:[-*] |[0-9]+\. )?[^\s#(`:{|>]")
SITE_FILES = ("conf.py", "index.md")
SITE_DIRECTORIES = ("docs",)


@dataclass(frozen=True)
class SyntheticSite:
    """A generated site and what it holds."""

    root: Path
    organisations: int
    revisions: int

    @property
    def documents(self) -> int:
        """Revision documents, the unit the benchmark counts (100 organisations x 5 revisions = 500)."""
        return self.organisations * self.revisions


def _sources(source: Path) -> list[tuple[Organisation, Policy]]:
    site = load_site(source)
    return [(org, org.policies[0]) for org in site.organisations if not org.fictional and org.policies]


def _split_front_matter(text: str) -> tuple[str, str]:
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


def _droppable(paragraphs: list[str]) -> list[int]:
    inside_fence = False
    found = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.count("```") % 2 or paragraph.count(":::") % 2:
            inside_fence = not inside_fence
            continue
        if not inside_fence and _DROPPABLE.match(paragraph) and "\n" not in paragraph.strip():
            found.append(index)
    return found


def revision_texts(text: str, slug: str, dates: list[dt.date]) -> list[str]:
    """The text of each revision: the latest is ``text`` itself, each older one lacks one paragraph."""
    front, body = _split_front_matter(text)
    front = re.sub(r"(?m)^(\s+organisation:) \S+$", rf"\1 {slug}", front)
    paragraphs = _paragraphs(body)
    # At least two candidates, so that each revision differs from the next.
    droppable = _droppable(paragraphs)
    droppable = droppable if len(droppable) > 1 else [len(paragraphs) - 2, len(paragraphs) - 1]
    texts = []
    for index, date in enumerate(dates):
        dated = re.sub(r"(?m)^(\s+effective:) \S+$", rf"\1 {date.isoformat()}", front)
        dated = re.sub(r"(?m)^\s+date_as_stated: .*\n", "", dated)
        kept = paragraphs
        if index < len(dates) - 1:
            dropped = droppable[index % len(droppable)]
            kept = paragraphs[:dropped] + paragraphs[dropped + 1 :]
        texts.append(dated + restate("\n\n".join(kept), date))  # the text states its own date, as a real one must
    return texts


def revision_dates(count: int) -> list[dt.date]:
    return [FIRST_REVISION.replace(year=FIRST_REVISION.year + index) for index in range(count)]


def _write_organisation(
    source: Path, target: Path, index: int, organisation: Organisation, policy: Policy, dates: list[dt.date]
) -> None:
    slug = f"{organisation.slug}-{index:04d}"
    directory = target / "policies" / slug
    archive = directory / policy.kind.value
    archive.mkdir(parents=True)
    page = organisation.path.read_text(encoding="utf-8")
    page = re.sub(r"(?m)^(\s+name(?:_en)?:) (.*)$", rf"\1 \2 {index:04d}", page, count=2)
    (directory / "index.md").write_text(page, encoding="utf-8")
    texts = revision_texts(policy.path.read_text(encoding="utf-8"), slug, dates)
    lock = {}
    for date, text in zip(dates, texts, strict=True):
        data = text.encode("utf-8")
        (archive / f"{date.isoformat()}.md").write_bytes(data)
        lock[f"{date.isoformat()}.md"] = (hashlib.sha256(data).hexdigest(), date - dt.timedelta(days=30))
    (directory / f"{policy.kind.value}.md").write_bytes(texts[-1].encode("utf-8"))
    (archive / "revisions.lock").write_text(render_lock(lock), encoding="utf-8")
    for language_dir in sorted((source / "locale").iterdir()):
        messages = language_dir / "LC_MESSAGES"
        original = messages / "policies" / organisation.slug
        if not original.is_dir():
            continue
        catalogs = target / "locale" / language_dir.name / "LC_MESSAGES" / "policies" / slug
        (catalogs / policy.kind.value).mkdir(parents=True)
        shutil.copy(original / "index.po", catalogs / "index.po")
        # Every revision's messages are a subset of the current text's, so its catalog serves all of them.
        current = original / f"{policy.kind.value}.po"
        shutil.copy(current, catalogs / f"{policy.kind.value}.po")
        for date in dates:
            shutil.copy(current, catalogs / policy.kind.value / f"{date.isoformat()}.po")


def generate_site(source: Path, target: Path, organisations: int, revisions: int) -> SyntheticSite:
    """Write a site of ``organisations`` x ``revisions`` policy revisions into ``target`` (replacing it)."""
    sources = _sources(source)
    if not sources:
        raise ValueError(f"{source / 'policies'}: no real organisation with a policy to copy")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy(source / name, target / name)
    for name in SITE_DIRECTORIES:
        shutil.copytree(source / name, target / name)
    shutil.copytree(
        source / "locale",
        target / "locale",
        ignore=lambda directory, names: [n for n in names if n == "policies" or n.endswith(".mo")],
    )
    (target / "policies").mkdir()
    dates = revision_dates(revisions)
    for index in range(organisations):
        organisation, policy = sources[index % len(sources)]
        _write_organisation(source, target, index, organisation, policy, dates)
    return SyntheticSite(target, organisations, revisions)


PLAIN_CONF = """\
# Plain Sphinx, as a new user would set it up for these pages: no policydocs extension.
project = "policies"
extensions = ["myst_parser"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
language = "ja"
html_theme = "furo"
suppress_warnings = ["myst.directive_unknown", "myst.header"]
"""


def plain_project(site: Path, target: Path) -> int:
    """The site's revisions as a plain Sphinx project, one page each under its organisation; return the count."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    organisations = []
    count = 0
    for org in load_site(site).organisations:
        pages = []
        for policy in org.policies:
            for revision in policy.revisions:
                name = f"{policy.kind.value}-{revision.key}"
                (target / org.slug).mkdir(exist_ok=True)
                shutil.copy(revision.path, target / org.slug / f"{name}.md")
                pages.append(name)
        if pages:
            toctree = "\n".join(pages)
            (target / org.slug / "index.md").write_text(
                f"# {org.name}\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8"
            )
            organisations.append(f"{org.slug}/index")
            count += len(pages)
    toctree = "\n".join(organisations)
    (target / "index.md").write_text(f"# Policies\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    (target / "conf.py").write_text(PLAIN_CONF, encoding="utf-8")
    return count
