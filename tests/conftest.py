"""Shared fixtures: the seed articles read, analysed and scanned (each module gets its own copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.api import find, scan
from dedup.ingest.files import read_corpus
from dedup.model import Document
from dedup.results import ScanResult
from dedup_testing.paths import SEEDS


@pytest.fixture(scope="module")
def seeds() -> dict[str, Document]:
    """The seed articles by the first three characters of their ids ("000" ... "004")."""
    return {d.id[:3]: d for d in read_corpus([SEEDS]).documents}


@pytest.fixture(scope="module")
def seeds_result() -> ScanResult:
    """The whole pipeline on the seeds, in memory."""
    return find([SEEDS], align=True)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``dedup scan seeds``."""
    out = tmp_path_factory.mktemp("seeds")
    scan([SEEDS], out)
    return out
