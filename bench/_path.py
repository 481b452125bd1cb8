"""Put the repository root on ``sys.path``, so that a benchmark run as ``python3 bench/NAME.py`` imports
``dedup_testing`` (the test-data generators, which live beside ``dedup`` and are not in its wheel)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
