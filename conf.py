"""Sphinx configuration of the policydocs site.

The source language is Japanese; English is built from the gettext catalogs in
``locale/``. Build both with ``make html`` (``policydocs build``), not with a bare
``sphinx-build``, so that every language lands under ``_build/html/<lang>/``.
"""

project = "policydocs"
author = "policydocs"
copyright = "policydocs contributors"

extensions = ["myst_parser", "policydocs.sphinxext"]

# Only the site's own sources: the README, the tests' projects and .venv are not pages.
root_doc = "index"
include_patterns = ["index.md", "docs/**", "policies/**"]
exclude_patterns = ["_build", ".venv"]
source_suffix = {".md": "markdown"}

myst_enable_extensions = ["attrs_block", "colon_fence"]

language = "ja"
locale_dirs = ["locale"]
# One catalog per document, in sphinx-intl's layout (locale/en/LC_MESSAGES/policies/<org>/privacy.po).
gettext_compact = False
# No "#: file:line" comments: they change whenever a line moves and bury real changes in churn.
gettext_location = False
gettext_uuid = False

html_theme = "furo"

policydocs_languages = ["ja", "en"]
policydocs_site_titles = {"ja": "ポリシー集", "en": "Policies"}

# The seeds are real policies with real gaps: the checker shows them on the compliance
# page instead of failing the build. Remove this line to make a missing section fatal.
suppress_warnings = ["policy.missing_section"]

# Findings on public pages (the compliance page, and "N required sections missing" in each
# policy's facts box). Off by default: a checker's verdict is a prompt for a lawyer's reading,
# not something an organisation should publish about its own policy unasked. This site is the
# team's review copy of the policies it holds, so it shows them; a site that publishes an
# organisation's own policies should leave this out (``policydocs check`` still reports all).
policydocs_public_findings = True
