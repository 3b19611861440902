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
policydocs_site_titles = {"ja": "テスト", "en": "Test"}
suppress_warnings = ["policy.missing_section"]
# The tests read the compliance page and the facts box's findings (the default keeps them off public pages).
policydocs_public_findings = True
