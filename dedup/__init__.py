"""dedup: cross-source duplicate and discrepancy detection for news text.

The pipeline, one module per stage:

``ingest`` / ``article``
    files, encodings, metadata and boilerplate → :class:`Document`
``shingle`` / ``minhash``
    vectorised word shingles, one-permutation MinHash, banded LSH
``neardup``
    verified near-duplicate pairs, passages, families
``scan``
    the whole run and its output files
"""

from __future__ import annotations

__version__ = "0.1.0"

from dedup.errors import DedupError, InputError, ParameterError
from dedup.ingest import Corpus, read_corpus
from dedup.minhash import SketchParams
from dedup.model import Document, Skipped
from dedup.neardup import DuplicateResult, Family, Pair, Passage, find_duplicates
from dedup.scan import ScanResult, find, scan
from dedup.segment import split_sentences

__all__ = [
    "Corpus",
    "DedupError",
    "Document",
    "DuplicateResult",
    "Family",
    "InputError",
    "Pair",
    "ParameterError",
    "Passage",
    "ScanResult",
    "SketchParams",
    "Skipped",
    "__version__",
    "find",
    "find_duplicates",
    "read_corpus",
    "scan",
    "split_sentences",
]
