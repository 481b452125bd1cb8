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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
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

_LAZY = {
    "Corpus": "dedup.ingest",
    "DedupError": "dedup.errors",
    "Discrepancy": "dedup.compare",
    "Document": "dedup.model",
    "DuplicateResult": "dedup.neardup",
    "Family": "dedup.neardup",
    "InputError": "dedup.errors",
    "Link": "dedup.align",
    "Pair": "dedup.neardup",
    "ParameterError": "dedup.errors",
    "Passage": "dedup.neardup",
    "ScanResult": "dedup.scan",
    "SketchParams": "dedup.minhash",
    "Skipped": "dedup.model",
    "Story": "dedup.stories",
    "align_sentences": "dedup.align",
    "align_texts": "dedup.align",
    "analyse_documents": "dedup.scan",
    "compare_corpus": "dedup.compare",
    "extract_facts": "dedup.facts",
    "find": "dedup.scan",
    "find_duplicates": "dedup.neardup",
    "group_stories": "dedup.stories",
    "read_corpus": "dedup.ingest",
    "scan": "dedup.scan",
    "split_sentences": "dedup.segment",
}


def __getattr__(name: str) -> Any:
    """Import the public API on first use, so that ``dedup --version`` starts fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dedup' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


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
