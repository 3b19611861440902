"""The site model for one build, loaded once from the files before reading starts.

It is derived from front matter and lock files only, so every build (and every
parallel worker, which forks later) sees the same value without any environment
merging. Loading also verifies every frozen revision, so a tampered file fails
the build before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from policydocs.checker import SiteCheck
from policydocs.dates import BuildDateError, build_date
from policydocs.loader import load_site
from policydocs.model import Policy, Revision, Site
from policydocs.revisions import CURRENT, Status, Timeline, timeline
from policydocs.shards import Shard, ShardError
from policydocs.shared_check import check_directory, site_check
from policydocs.site_problems import site_problems
from policydocs.source_tree import glob_escape
from policydocs.sphinxext.messages import warn
from policydocs.stated_date_check import DatesMemory, stated_date_problems


@dataclass(frozen=True)
class BuildSite:
    """The site as this build sees it: the model, the build date and each policy's timeline."""

    site: Site
    today: dt.date
    timelines: dict[str, Timeline] = field(default_factory=dict)  # by the policy's docname
    check: SiteCheck = field(default_factory=lambda: SiteCheck((), ()))
    shard: Shard | None = None  # the slice of the organisations this build writes; None for all

    def builds(self, slug: str) -> bool:
        """Whether this build writes the pages of organisation ``slug`` (see :mod:`policydocs.shards`)."""
        return self.shard is None or self.shard.holds(slug)

    @property
    def own_policies(self) -> list[Policy]:
        """The policies whose pages (and redlines, PDFs, feeds) this build writes."""
        return [policy for policy in self.site.policies if self.builds(policy.organisation)]

    def timeline(self, policy: Policy) -> Timeline:
        return self.timelines[policy.docname]

    def shown_revision(self, policy: Policy) -> Revision | None:
        """The revision the policy's main page shows: the one in force, or the current text's own."""
        line = self.timeline(policy)
        own = policy.revision(policy.key)
        if own is not None and line.status(own) is Status.UPCOMING:
            return line.in_force
        return own or line.in_force

    def shown_report_key(self, policy: Policy) -> str:
        """The key of the check report on the text the main page shows (see revisions.judged_texts).

        That is ``current``, the text in force judged by the build date's law, also when the
        current text is an upcoming revision already frozen: the page shows the revision in
        force, and its result is that text's own, not the upcoming one's.
        """
        shown = self.shown_revision(policy)
        if shown is None or shown.key == policy.key or shown == self.timeline(policy).in_force:
            return CURRENT
        return shown.key

    def in_force_fingerprint(self) -> str:
        """Changes exactly when some policy's revision in force (or upcoming set) changes."""
        state = sorted(
            (docname, line.in_force.key if line.in_force else "", ",".join(r.key for r in line.upcoming))
            for docname, line in self.timelines.items()
        )
        return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PolicyPage:
    """A page that shows a policy: its main page or one revision's permanent page."""

    policy: Policy
    revision: Revision | None  # the revision shown; None for a current text not frozen yet
    is_main: bool  # the policy's main URL, which always shows the revision in force
    status: Status


def page_of(built: BuildSite, docname: str) -> PolicyPage | None:
    policy = built.site.policy_for_doc(docname)
    if policy is None:
        return None
    line = built.timeline(policy)
    if docname == policy.docname:
        revision = built.shown_revision(policy)
        return PolicyPage(policy, revision, True, line.status(revision) if revision else Status.IN_FORCE)
    found = built.site.revision_for_doc(docname)
    assert found is not None
    return PolicyPage(policy, found[1], False, line.status(found[1]))


_SITES: dict[str, BuildSite] = {}


def _shard(config: Config) -> Shard | None:
    try:
        return Shard.parse(config.policydocs_shard) if config.policydocs_shard else None
    except ShardError as error:
        raise ConfigError(str(error)) from None


def _other_slices(site: Site, srcdir: Path, shard: Shard | None) -> list[str]:
    """Exclude patterns for the directories of the organisations another slice builds."""
    if shard is None:
        return []
    others = [org.path.parent for org in site.organisations if not shard.holds(org.slug)]
    return [glob_escape(path.relative_to(srcdir).as_posix()) + "/**" for path in others]


def _translation_dirs(config: Config, srcdir: Path) -> list[str]:
    """Exclude patterns for the catalog directories inside the source directory.

    They hold no page, but Sphinx walks and matches every file under the source directory
    while it looks for documents: at 5,000 documents, 14,000 catalog files took 0.13 s of
    each language's every build, a no-change rebuild and each preview rebuild included.
    """
    root, patterns = srcdir.resolve(), []
    for directory in config.locale_dirs:
        path = (root / directory).resolve()
        if path != root and path.is_relative_to(root):
            patterns.append(glob_escape(path.relative_to(root).as_posix()))
    return patterns


def load(app: Sphinx, config: Config) -> None:
    srcdir = Path(app.srcdir)
    # The site cache of the parent's check, shared by every language (the model is the same in each):
    # a build forked from the preview finds it in memory, as the parent has just read or written it.
    site = load_site(srcdir, cache_dir=check_directory(Path(app.doctreedir)))
    shard = _shard(config)
    # What the loader cannot read faithfully (links, stray directories, non-UTF-8 bytes) stays out of Sphinx too.
    refused = [glob_escape(path.relative_to(app.srcdir).as_posix()) for path in site.excluded]
    others = _other_slices(site, srcdir, shard)
    config.exclude_patterns = [*config.exclude_patterns, *refused, *others, *_translation_dirs(config, srcdir)]
    try:
        today = build_date(config.policydocs_today or None)
    except BuildDateError as error:  # one line from Sphinx ("Configuration error"), not a traceback
        raise ConfigError(str(error)) from None
    for subtype, problem in site_problems(site, shard):
        warn(f"{problem.message} ({problem.fix})", subtype, problem.location)
    dates = DatesMemory.open(Path(app.doctreedir))
    # Another slice reports its own organisations' texts; the site model still holds them all.
    for policy in (p for p in site.policies if shard is None or shard.holds(p.organisation)):
        for problem in stated_date_problems(policy, dates):
            warn(f"{problem.message} ({problem.fix})", "stated_date", problem.location)
    dates.save()
    # Checked once per build, before reading: pages and the compliance page only look the result up. Once
    # for every language, too: the parent policydocs build checked these texts before forking this one.
    check = site_check(Path(app.srcdir), site, today, Path(app.doctreedir))
    built = BuildSite(site, today, {p.docname: timeline(p, today) for p in site.policies}, check, shard)
    _SITES[str(app.srcdir)] = built
    # Banners and the page shown as current are written at read time: when a revision
    # comes into force, every page must be read again ("env" rebuild of a config value).
    config.policydocs_in_force = built.in_force_fingerprint()


def site_of(env: BuildEnvironment) -> BuildSite:
    """The site model of the build ``env`` belongs to."""
    return _SITES.get(str(env.srcdir)) or BuildSite(Site(), build_date())
