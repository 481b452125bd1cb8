"""The pipeline body: read, sketch, near-duplicates, stories, alignment, facts and their comparison.

:func:`find` runs it over files (on the local engine or on Dask), :func:`analyse_documents` over
documents in memory; :func:`dedup.api.scan` runs it and writes the output files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from dedup.errors import InputError, ParameterError
from dedup.ingest.files import Corpus
from dedup.model import Document, Skipped, date_problem
from dedup.near.minhash import SketchParams
from dedup.near.neardup import DuplicateResult, Sketches, find_duplicates
from dedup.pool import paused_gc
from dedup.results import Reporter, ScanResult, Silent
from dedup.run.engines.local import Loaded, load_corpus
from dedup.run.jobs import align_pairs
from dedup.settings import Settings

if TYPE_CHECKING:  # the analysis stages are imported when used, so `dedup dupes` starts fast
    from dedup.align.sentences import DocumentAlignment

__all__ = [
    "InProcess", "Runner", "analyse", "analyse_documents", "duplicate_options", "find", "read_options", "require_dates",
    "resolve_settings", "run", "sketch_params", "story_options",
]


class Runner(Protocol):
    """Where the parallel stages of the pipeline run: the local process pool, a Dask cluster."""

    def load(
        self, paths: Sequence[str | os.PathLike[str]], params: SketchParams, settings: Settings, *,
        on_progress: Callable[[int, int], None], on_skip: Callable[[Skipped], None], keep_text: bool,
    ) -> Loaded:
        """Read and sketch every article under ``paths``."""
        ...

    def duplicates(
        self, docs: Sequence[Document], params: SketchParams, settings: Settings, *,
        doc_sketches: Sketches, on_stage: Callable[[str], None],
    ) -> DuplicateResult:
        """Near-duplicate pairs, passages and families."""
        ...

    def align(
        self, docs: Sequence[Document], duplicates: DuplicateResult, settings: Settings
    ) -> list[DocumentAlignment]:
        """The sentence alignments of every job of :func:`dedup.run.jobs.alignment_jobs`, in order."""
        ...


class InProcess:
    """The stages in this process (and reading in the local worker pool): :class:`Runner` of the local engine."""

    def load(
        self, paths: Sequence[str | os.PathLike[str]], params: SketchParams, settings: Settings, *,
        on_progress: Callable[[int, int], None], on_skip: Callable[[Skipped], None], keep_text: bool,
    ) -> Loaded:
        return load_corpus(
            paths, params=params, workers=settings.workers, on_progress=on_progress, on_skip=on_skip,
            keep_text=keep_text, **read_options(settings),
        )

    def duplicates(
        self, docs: Sequence[Document], params: SketchParams, settings: Settings, *,
        doc_sketches: Sketches, on_stage: Callable[[str], None],
    ) -> DuplicateResult:
        return find_duplicates(
            docs, params=params, doc_sketches=doc_sketches, on_stage=on_stage, **duplicate_options(settings)
        )

    def align(
        self, docs: Sequence[Document], duplicates: DuplicateResult, settings: Settings
    ) -> list[DocumentAlignment]:
        return align_pairs(docs, duplicates, threshold=settings.align_threshold)


def resolve_settings(settings: Settings | None, options: dict[str, Any]) -> Settings:
    """``settings`` (default :class:`Settings`) with ``options`` applied; anything else is a ParameterError."""
    if settings is not None and not isinstance(settings, Settings):
        raise ParameterError(
            f"settings must be a dedup.settings.Settings, not {type(settings).__name__}; pass options by keyword"
        )
    chosen = settings or Settings()
    return chosen.replace(**options) if options else chosen


def read_options(settings: Settings) -> dict[str, Any]:
    """The keyword options of the runners' ``load_corpus`` that ``settings`` decide (how files are read)."""
    return {
        "encoding": settings.encoding, "max_file_mb": settings.max_file_mb, "files_per_task": settings.files_per_task,
    }


def duplicate_options(settings: Settings) -> dict[str, Any]:
    """The keyword options of :func:`dedup.near.neardup.find_duplicates` that ``settings`` decide."""
    return {
        "threshold": settings.threshold, "containment": settings.containment,
        "passage_threshold": settings.passage_threshold, "min_shared": settings.min_shared,
        "max_df": settings.max_df, "passages": settings.passages,
    }


def story_options(settings: Settings) -> dict[str, Any]:
    """The keyword options of :func:`dedup.near.stories.group_stories` that ``settings`` decide."""
    return {
        "threshold": settings.story_threshold, "neighbours": settings.story_neighbours,
        "window_days": settings.story_window_days, "half_life_days": settings.story_half_life_days,
    }


def sketch_params(settings: Settings) -> SketchParams:
    """The sketch a run with ``settings`` uses."""
    return SketchParams(
        num_perm=settings.num_perm, shingle_size=settings.shingle_size, seed=settings.seed,
        threshold=settings.lsh_threshold,
    )


def find(
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings | None = None,
    *,
    align: bool = False,
    reporter: Reporter | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    client: Any = None,
    **options: Any,
) -> ScanResult:
    """Read ``paths`` and find near-duplicate documents, passages and families.

    Parameters
    ----------
    paths
        Files and folders.
    settings
        The run's tuning values (:class:`dedup.settings.Settings`); keyword ``options`` override them
        (``find(paths, threshold=0.7)``).
    align
        Also group documents into stories, align the sentences of every copied pair and passage, and
        compare their facts (see :func:`analyse`).
    reporter
        Receives progress (:class:`dedup.results.Reporter`).
    engine
        ``"local"`` (worker processes on this machine) or ``"dask"``: reading, sketching, LSH banding,
        verification and alignment as Dask tasks (see :mod:`dedup.run.engines.dask`); ``scheduler`` is a
        scheduler address, default a LocalCluster of ``settings.workers`` processes.  The result is the same.
    client
        With ``engine="dask"``, a connected ``distributed.Client`` to run on instead of connecting to
        ``scheduler``; it is left open (a notebook keeps its cluster from one call to the next).

    Raises
    ------
    dedup.errors.InputError
        No path exists, no input files, or no file could be read.
    dedup.errors.ParameterError
        An unknown ``engine`` or setting, or a setting out of range.
    dedup.errors.DedupError
        ``engine="dask"`` without Dask installed, or an unreachable scheduler.
    """
    settings = resolve_settings(settings, options)
    if client is not None and (engine != "dask" or scheduler is not None):
        raise ParameterError("client= runs on that Dask client: pass engine='dask' and no scheduler with it")
    if engine == "local":
        return run(paths, settings, InProcess(), align=align, reporter=reporter)
    if engine == "dask":
        from dedup.run.engines.dask import DaskRunner, OnDask, connect

        if client is not None:
            return run(paths, settings, OnDask(DaskRunner(client)), align=align, reporter=reporter)
        with connect(scheduler, workers=settings.workers) as cluster:
            return run(paths, settings, OnDask(cluster), align=align, reporter=reporter)
    raise ParameterError(f"unknown engine {engine!r}; pass 'local' or 'dask'")


def run(
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings,
    runner: Runner,
    *,
    align: bool = False,
    reporter: Reporter | None = None,
) -> ScanResult:
    """The pipeline body, the same for every runner.

    Read and sketch, near-duplicates, then (``align``) stories, alignment and the comparison of facts.
    """
    rep = reporter or Silent()
    params = sketch_params(settings)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # the documents read live to the end and hold no cycles: full collections over them would only cost time
    with paused_gc():
        rep.stage("reading")
        loaded = runner.load(
            paths, params, settings, on_progress=rep.progress, on_skip=rep.skip, keep_text=settings.passages or align
        )
        timings["read_and_sketch"] = time.perf_counter() - t0
        corpus = loaded.corpus
        if not corpus.documents:
            why = f" ({corpus.skipped_summary()})" if corpus.skipped else ""
            raise InputError(f"no readable articles in {', '.join(map(str, paths))}{why}; see the messages above")
        t1 = time.perf_counter()
        result = runner.duplicates(
            corpus.documents, params, settings, doc_sketches=loaded.sketches, on_stage=rep.stage
        )
        timings["duplicates"] = time.perf_counter() - t1
    out = ScanResult(corpus, result, timings, settings=settings)
    if align:
        analyse(out, settings=settings, reporter=rep, runner=runner)
    timings["total"] = time.perf_counter() - t0
    return out


def analyse(
    out: ScanResult,
    *,
    settings: Settings | None = None,
    reporter: Reporter | None = None,
    runner: Runner | None = None,
) -> None:
    """Stories, sentence alignments and discrepancies for a result, in place, with their timings.

    ``settings`` default to the ones ``out`` was found with; ``runner`` aligns the copied pairs
    (in-process by default).
    """
    from dedup.facts.compare import compare_corpus
    from dedup.facts.story_align import align_stories
    from dedup.near.stories import group_stories

    settings = settings or out.settings
    rep = reporter or Silent()
    docs = out.corpus.documents
    t = time.perf_counter()
    rep.stage("stories")
    out.stories = group_stories(docs, out.duplicates.families, **story_options(settings))
    out.timings["stories"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("alignment")
    out.alignments = (runner or InProcess()).align(docs, out.duplicates, settings)
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


def require_dates(docs: Sequence[Document]) -> None:
    """Refuse documents made in memory whose ``date`` is not an ISO 8601 day (files are read into one).

    Raises
    ------
    dedup.errors.InputError
        Naming the first such document and the fix.

    Examples
    --------
    >>> require_dates([Document("a", ["Text."], date="8 December 2021")])
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: document 'a': its date '8 December 2021' is not an ISO 8601 day (YYYY-MM-DD); \
set Document.date to one, or to None
    """
    for doc in docs:
        why = date_problem(doc.date)
        if why is not None:
            raise InputError(f"document {doc.id!r}: its date {why}; set Document.date to one, or to None")


def analyse_documents(
    docs: Sequence[Document], settings: Settings | None = None, *, reporter: Reporter | None = None, **options: Any
) -> ScanResult:
    """The whole pipeline on documents already in memory (no files).

    ``settings`` and keyword ``options`` are those of :func:`find` (the ones about reading are not used;
    ``align``, ``engine`` and ``scheduler`` are accepted and mean nothing here: it aligns, in this process).

    Examples
    --------
    >>> a = Document("a", ["Moscow has deployed up to 100,000 troops near the border, officials said on Monday."])
    >>> b = Document("b", ["Moscow has deployed over 100,000 troops near the border, officials said on Monday."])
    >>> [(d.a_value, d.b_value, d.relation) for d in analyse_documents([a, b]).discrepancies]
    [('up to 100,000', 'over 100,000', 'conflict')]
    """
    for key in ("align", "engine", "scheduler"):  # options of find that say nothing here: it aligns, in process
        options.pop(key, None)
    require_dates(docs)
    settings = resolve_settings(settings, options)
    corpus = Corpus(documents=list(docs))
    t0 = time.perf_counter()
    result = find_duplicates(corpus.documents, params=sketch_params(settings), **duplicate_options(settings))
    out = ScanResult(corpus, result, {"duplicates": time.perf_counter() - t0}, settings=settings)
    analyse(out, reporter=reporter)
    out.timings["total"] = time.perf_counter() - t0
    return out
