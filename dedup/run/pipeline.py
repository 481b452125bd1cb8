"""The pipeline body: read, sketch, near-duplicates, stories, alignment, facts and their comparison.

:func:`find` runs it over files (on the local engine or on Dask), :func:`analyse_documents` over
documents in memory; :func:`dedup.api.scan` runs it and writes the output files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dedup.errors import InputError, ParameterError
from dedup.facts.corrections import correction_pairs
from dedup.ingest.files import DEFAULT_MAX_FILE_MB, Corpus
from dedup.model import Document
from dedup.near.minhash import SketchParams
from dedup.near.neardup import DuplicateResult, find_duplicates
from dedup.results import Reporter, ScanResult, Silent
from dedup.run.engines.local import load_corpus

if TYPE_CHECKING:  # the analysis stages are imported when used, so `dedup dupes` starts fast
    from dedup.align.sentences import DocumentAlignment

ALIGN_THRESHOLD = 0.55  # dedup.align.sentences.DEFAULT_THRESHOLD, checked in the tests

__all__ = ["AlignJob", "align_pairs", "alignment_jobs", "analyse", "analyse_documents", "find"]


def find(
    paths: Sequence[str | os.PathLike[str]],
    *,
    threshold: float = 0.5,
    containment: float = 0.8,
    passage_threshold: float = 0.5,
    passages: bool = True,
    num_perm: int = 128,
    shingle_size: int = 3,
    seed: int = 1,
    encoding: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    workers: int | None = None,
    align: bool = False,
    align_threshold: float = ALIGN_THRESHOLD,
    reporter: Reporter | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> ScanResult:
    """Read ``paths`` and find near-duplicate documents, passages and families.

    Parameters are those of :func:`dedup.near.neardup.find_duplicates` and
    :func:`dedup.run.engines.local.load_corpus`; ``num_perm``, ``shingle_size`` and
    ``seed`` set the sketch.  With ``align``, documents are also grouped
    into stories and the sentences of every copied pair and passage are
    aligned (see :func:`align_pairs`).  ``engine="dask"`` runs reading,
    sketching, LSH banding, verification and alignment as Dask tasks (see
    :mod:`dedup.run.engines.dask`; ``scheduler`` is a scheduler address, default
    a LocalCluster of ``workers`` processes); the result is the same.

    Raises
    ------
    dedup.errors.InputError
        No path exists, no input files, or no file could be read.
    dedup.errors.ParameterError
        An unknown ``engine``.
    dedup.errors.DedupError
        ``engine="dask"`` without Dask installed, or an unreachable scheduler.
    """
    if engine not in ("local", "dask"):
        raise ParameterError(f"unknown engine {engine!r}; pass 'local' or 'dask'")
    if engine == "dask":
        from dedup.run.engines.dask import find as dask_find

        dask_result: ScanResult = dask_find(
            paths, threshold=threshold, containment=containment, passage_threshold=passage_threshold,
            passages=passages, num_perm=num_perm, shingle_size=shingle_size, seed=seed, encoding=encoding,
            max_file_mb=max_file_mb, workers=workers, align=align, align_threshold=align_threshold,
            reporter=reporter, scheduler=scheduler,
        )
        return dask_result
    rep = reporter or Silent()
    lsh_threshold = min(threshold, passage_threshold) if passages else threshold
    params = SketchParams(num_perm=num_perm, shingle_size=shingle_size, seed=seed, threshold=lsh_threshold)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rep.stage("reading")
    loaded = load_corpus(
        paths,
        params=params,
        encoding=encoding,
        max_file_mb=max_file_mb,
        workers=workers,
        on_progress=rep.progress,
        on_skip=rep.skip,
        keep_text=passages or align,
    )
    timings["read_and_sketch"] = time.perf_counter() - t0
    corpus = loaded.corpus
    if not corpus.documents:
        why = f" ({corpus.skipped_summary()})" if corpus.skipped else ""
        raise InputError(f"no readable articles in {', '.join(map(str, paths))}{why}; see the messages above")
    t1 = time.perf_counter()
    result = find_duplicates(
        corpus.documents,
        threshold=threshold,
        containment=containment,
        passage_threshold=passage_threshold,
        params=params,
        passages=passages,
        doc_sketches=loaded.sketches,
        on_stage=rep.stage,
    )
    timings["duplicates"] = time.perf_counter() - t1
    out = ScanResult(corpus, result, timings)
    if align:
        analyse(out, reporter=rep, align_threshold=align_threshold)
    timings["total"] = time.perf_counter() - t0
    return out


def analyse(
    out: ScanResult,
    *,
    reporter: Reporter | None = None,
    align_threshold: float = ALIGN_THRESHOLD,
    aligner: Callable[..., list[DocumentAlignment]] | None = None,
) -> None:
    """Stories, sentence alignments and discrepancies for a result, in place, with their timings.

    ``aligner`` replaces :func:`align_pairs` (the Dask engine passes its own).
    """
    from dedup.facts.compare import compare_corpus
    from dedup.facts.story_align import align_stories
    from dedup.near.stories import group_stories

    rep = reporter or Silent()
    docs = out.corpus.documents
    t = time.perf_counter()
    rep.stage("stories")
    out.stories = group_stories(docs, out.duplicates.families)
    out.timings["stories"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("alignment")
    out.alignments = (aligner or align_pairs)(docs, out.duplicates, threshold=align_threshold)
    out.timings["alignment"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("story alignment")
    out.alignments += align_stories(docs, out.stories, out.alignments)
    out.timings["story_alignment"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("facts")
    out.same_facts = []
    out.discrepancies = compare_corpus(docs, out.alignments, out.stories, same_facts=out.same_facts)
    out.timings["facts_and_comparison"] = time.perf_counter() - t


def analyse_documents(docs: Sequence[Document], **options: Any) -> ScanResult:
    """The whole pipeline on documents already in memory (no files).

    Keyword options are those of :func:`find` that are not about reading.

    Examples
    --------
    >>> a = Document("a", ["Moscow has deployed up to 100,000 troops near the border, officials said on Monday."])
    >>> b = Document("b", ["Moscow has deployed over 100,000 troops near the border, officials said on Monday."])
    >>> [(d.a_value, d.b_value, d.relation) for d in analyse_documents([a, b]).discrepancies]
    [('up to 100,000', 'over 100,000', 'conflict')]
    """
    corpus = Corpus(documents=list(docs))
    threshold = options.get("threshold", 0.5)
    passage_threshold = options.get("passage_threshold", 0.5)
    params = SketchParams(
        num_perm=options.get("num_perm", 128), shingle_size=options.get("shingle_size", 3),
        seed=options.get("seed", 1), threshold=min(threshold, passage_threshold),
    )
    t0 = time.perf_counter()
    result = find_duplicates(
        corpus.documents, threshold=threshold, containment=options.get("containment", 0.8),
        passage_threshold=passage_threshold, params=params,
    )
    out = ScanResult(corpus, result, {"duplicates": time.perf_counter() - t0})
    analyse(out, align_threshold=options.get("align_threshold", ALIGN_THRESHOLD))
    out.timings["total"] = time.perf_counter() - t0
    return out


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
    from dedup.facts.compare import same_item

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
    docs: Sequence[Document], result: DuplicateResult, *, threshold: float = ALIGN_THRESHOLD
) -> list[DocumentAlignment]:
    """Align the sentences of every job of :func:`alignment_jobs`, in order."""
    from dedup.align.sentences import align_documents

    return [
        align_documents(a, b, paragraphs=paragraphs, threshold=threshold)
        for a, b, paragraphs in alignment_jobs(docs, result)
    ]
