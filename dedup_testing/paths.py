"""Where the test and benchmark data live in the repository."""

from __future__ import annotations

from pathlib import Path

__all__ = ["FACTS", "GOLDEN", "ROOT", "SEEDS"]

ROOT = Path(__file__).resolve().parent.parent
"""The repository root."""
SEEDS = ROOT / "seeds"
"""The five seed articles (real news on one story)."""
FACTS = ROOT / "tests" / "data" / "facts"
"""Agency-style articles written for the fact tests (the people and companies in them are invented)."""
GOLDEN = ROOT / "tests" / "golden"
"""Golden outputs and the test corpus they come from."""
