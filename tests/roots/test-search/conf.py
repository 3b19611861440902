extensions = ["myst_parser", "policydocs.sphinxext"]
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["attrs_block", "colon_fence"]
language = "ja"
locale_dirs = ["locale"]
gettext_compact = False
gettext_location = False
html_theme = "furo"
policydocs_languages = ["ja", "en"]
policydocs_site_titles = {"ja": "検索テスト", "en": "Search test"}
# Search needs no revisions: the texts stay unfrozen.
suppress_warnings = ["policy.missing_section", "policy.unfrozen"]
