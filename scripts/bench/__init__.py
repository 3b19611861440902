"""policydocs' benchmark: figures, never pass/fail (``make bench``).

Beside the product, not inside it: these modules import :mod:`policydocs` and nothing in
:mod:`policydocs` imports them. ``cli`` prints; ``scale``, ``pdf`` and ``measure`` measure;
``synthetic`` makes sites of any size; ``searchprobe`` and ``search_queries`` drive the
site's search in a browser (the tests use them too).
"""
