"""What the alignment stage aligns, and aligning it in-process.

Shared by every runner: the local engine aligns the jobs here, the Dask engine in tasks, the batch run
against the index like the local engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dedup.model import Document
from dedup.near.neardup import DuplicateResult
from dedup.settings import Settings

if TYPE_CHECKING:  # the analysis stages are imported when used, so `dedup dupes` starts fast
    from dedup.align.sentences import DocumentAlignment

__all__ = ["AlignJob", "align_pairs", "alignment_jobs"]


AlignJob = tuple[Document, Document, list[tuple[int, int]] | None]


def alignment_jobs(docs: Sequence[Document], result: DuplicateResult) -> list[AlignJob]:
    """What to align.

    Whole documents: every near-duplicate pair, every pair that shares a
    passage and is one item in two versions (the same headline, correction
    flags aside), and every correction with the item it corrects
    (:func:`dedup.facts.corrections.find_corrections`), even when a corrected
    table shares too little text to be a near-duplicate.  Other pairs that
    share passages are aligned on those paragraphs only (``None`` means the
    whole documents).
    """
    from dedup.facts.compare import same_item  # the analysis stages: not imported by near-duplicates alone
    from dedup.facts.corrections import correction_pairs

    by_id = {d.id: d for d in docs}
    jobs: list[AlignJob] = [(by_id[p.a], by_id[p.b], None) for p in result.pairs]
    linked = {(p.a, p.b) for p in result.pairs}
    shared: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for passage in result.passages:
        if (passage.a, passage.b) not in linked:
            shared.setdefault((passage.a, passage.b), []).append((passage.a_paragraph, passage.b_paragraph))
    corrections = {frozenset(p) for p in correction_pairs(docs, set(linked) | set(shared))}
    for (a, b), paragraphs in sorted(shared.items()):
        # a correction is aligned whole with the item it corrects, even where it rewrote all but a passage
        whole = same_item(by_id[a], by_id[b]) or frozenset((a, b)) in corrections
        jobs.append((by_id[a], by_id[b], None if whole else paragraphs))
        if whole:
            linked.add((a, b))
    aligned = {frozenset(p) for p in linked} | {frozenset(p) for p in shared}
    for a, b in sorted(tuple(sorted(p)) for p in corrections - aligned):
        jobs.append((by_id[a], by_id[b], None))
    return jobs


def align_pairs(
    docs: Sequence[Document], result: DuplicateResult, *, threshold: float = Settings.align_threshold
) -> list[DocumentAlignment]:
    """Align the sentences of every job of :func:`alignment_jobs`, in order."""
    from dedup.align.sentences import align_documents

    return [
        align_documents(a, b, paragraphs=paragraphs, threshold=threshold)
        for a, b, paragraphs in alignment_jobs(docs, result)
    ]
