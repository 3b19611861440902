"""policydocs: a Sphinx site for organisations' policies.

The package holds the data model and its loader, the Sphinx extension
(:mod:`policydocs.sphinxext`), the multi-language build and the ``policydocs``
command. The command and the extension call the same functions.
"""

__version__ = "0.1.0"
