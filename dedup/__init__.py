"""dedup: cross-source duplicate and discrepancy detection for news text.

The pipeline, one module per stage:

``ingest`` / ``article``
    files, encodings, metadata and boilerplate → :class:`Document`
``shingle`` / ``minhash``
    vectorised word shingles, one-permutation MinHash, banded LSH
``neardup``
    verified near-duplicate pairs, passages, families
``align`` / ``stories``
    sentence alignment of copied pairs; documents grouped by event
``quantities`` / ``facts`` / ``compare``
    facts as intervals, dates, names, quotes; discrepancies
``scan``
    the whole run and its output files
"""

from __future__ import annotations

__version__ = "0.1.0"

from dedup.align import Link, align_sentences, align_texts
from dedup.compare import Discrepancy, compare_corpus
from dedup.errors import DedupError, InputError, ParameterError
from dedup.facts import extract_facts
from dedup.ingest import Corpus, read_corpus
from dedup.minhash import SketchParams
from dedup.model import Document, Skipped
from dedup.neardup import DuplicateResult, Family, Pair, Passage, find_duplicates
from dedup.scan import ScanResult, analyse_documents, find, scan
from dedup.segment import split_sentences
from dedup.stories import Story, group_stories

__all__ = [
    "Corpus",
    "DedupError",
    "Discrepancy",
    "Document",
    "DuplicateResult",
    "Family",
    "InputError",
    "Link",
    "Pair",
    "ParameterError",
    "Passage",
    "ScanResult",
    "SketchParams",
    "Skipped",
    "Story",
    "__version__",
    "align_sentences",
    "align_texts",
    "analyse_documents",
    "compare_corpus",
    "extract_facts",
    "find",
    "find_duplicates",
    "group_stories",
    "read_corpus",
    "scan",
    "split_sentences",
]
