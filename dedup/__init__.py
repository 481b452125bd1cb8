"""dedup: near-duplicates, aligned sentences and discrepancies across news articles.

The pipeline, one package per stage (see the README's architecture section):

``ingest``
    files, encodings, records, boilerplate and metadata → :class:`Document`
``near``
    shingles, MinHash sketches, banded LSH, verified pairs, passages, families, story groups
``align``
    sentence alignment of copied pairs, word diffs
``facts``
    facts as intervals, dates, names, quotes; changes, equivalence, corrections, discrepancies
``output``
    the output folder, the scan's files, the HTML report, the terminal view
``run``
    the one pipeline body and its runners (local processes, Dask), batches against the index, check

The public names below are imported when first used: ``dedup.scan(paths, out)``, ``dedup.find(paths)``,
``dedup.Settings(threshold=0.7)``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dedup.align.sentences import Link, align_sentences, align_texts
    from dedup.api import analyse_documents, find, scan
    from dedup.errors import DedupError, InputError, ParameterError
    from dedup.facts.compare import Discrepancy, compare_corpus
    from dedup.facts.extract import extract_facts
    from dedup.ingest.files import Corpus, read_corpus
    from dedup.model import Document, Skipped
    from dedup.near.minhash import SketchParams
    from dedup.near.neardup import DuplicateResult, Family, Pair, Passage, find_duplicates
    from dedup.near.stories import Story, group_stories
    from dedup.results import ScanResult
    from dedup.segment import split_sentences
    from dedup.settings import Settings

_LAZY = {
    "Corpus": "dedup.ingest.files",
    "DedupError": "dedup.errors",
    "Discrepancy": "dedup.facts.compare",
    "Document": "dedup.model",
    "DuplicateResult": "dedup.near.neardup",
    "Family": "dedup.near.neardup",
    "InputError": "dedup.errors",
    "Link": "dedup.align.sentences",
    "Pair": "dedup.near.neardup",
    "ParameterError": "dedup.errors",
    "Passage": "dedup.near.neardup",
    "ScanResult": "dedup.results",
    "Settings": "dedup.settings",
    "SketchParams": "dedup.near.minhash",
    "Skipped": "dedup.model",
    "Story": "dedup.near.stories",
    "align_sentences": "dedup.align.sentences",
    "align_texts": "dedup.align.sentences",
    "analyse_documents": "dedup.api",
    "compare_corpus": "dedup.facts.compare",
    "extract_facts": "dedup.facts.extract",
    "find": "dedup.api",
    "find_duplicates": "dedup.near.neardup",
    "group_stories": "dedup.near.stories",
    "read_corpus": "dedup.ingest.files",
    "scan": "dedup.api",
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
    "Settings",
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
