"""``python scripts/bench``: print policydocs' benchmark figures. Run from the site's directory."""

import sys
from pathlib import Path

# Run as a directory, Python puts scripts/bench itself on the path; the package is its parent's.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cli import main

sys.exit(main())
