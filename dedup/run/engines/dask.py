"""The Dask engine: the same pipeline as the local engine, run as Dask tasks over partitions.

Reading and sketching (a partition of input files per task), LSH banding
(a group of bands per task), exact verification of candidate pairs (a
partition of pairs per task, shipped with just the shingle sets they
need), paragraph sketching and sentence alignment (a partition of pairs
per task) run on a ``dask.distributed`` cluster: a
:class:`~distributed.LocalCluster` on this machine by default, or any
scheduler given by address (``tcp://host:8786``).  Results are gathered
in input order, so the output is the same as the local engine's, file for
file; the tests check that on a real cluster.  Story grouping (one TF-IDF
model over the corpus) and the comparison of facts run on the client.

Dask is an extra (``pip install 'dedup[dask]'``); this module imports it
only when an engine is started, and says how to install it when it is
missing.

On a real cluster, every worker needs dedup installed (the same version)
and must see the input files at the same paths as the client (shared
storage), since workers read them.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from dedup.align.sentences import DEFAULT_THRESHOLD as ALIGN_THRESHOLD
from dedup.align.sentences import DocumentAlignment, align_documents
from dedup.errors import DedupError
from dedup.ingest.files import DEFAULT_MAX_FILE_MB, discover
from dedup.model import Document, Skipped
from dedup.near.lsh import take_sets
from dedup.near.minhash import EMPTY, MAX_BUCKET, SketchParams, band_keys, pairs_in_runs, pairs_in_runs_capped
from dedup.near.neardup import (
    DuplicateResult,
    Sketches,
)
from dedup.near.neardup import (
    find_duplicates as _find_duplicates,
)
from dedup.near.neardup import (
    sketch_texts as _sketch_texts,
)
from dedup.near.neardup import (
    verify_pairs as _verify_pairs,
)
from dedup.near.shingle import ShingleSets
from dedup.pool import default_workers, partition_size
from dedup.run.engines.local import FILES_PER_TASK, Loaded, assemble, read_task
from dedup.run.jobs import AlignJob, alignment_jobs
from dedup.run.pipeline import duplicate_options, read_options
from dedup.settings import Settings

__all__ = [
    "INSTALL_HINT",
    "DaskRunner",
    "OnDask",
    "align_pairs",
    "candidate_pairs",
    "candidates_from_keys",
    "connect",
    "find_duplicates",
    "load_corpus",
    "rare_shingle_pairs",
    "require_dask",
    "sketch_paragraphs",
    "sketch_texts",
    "verify_pairs",
]

T = TypeVar("T")
INSTALL_HINT = "pip install 'dedup[dask]' (or: pip install 'dask[distributed]')"
PAIRS_PER_TASK = 20_000
TEXTS_PER_TASK = 4_000
ALIGN_JOBS_PER_TASK = 200


def require_dask() -> Any:
    """Import ``distributed``, or raise a :class:`~dedup.errors.DedupError` that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise DedupError(f"--engine dask needs Dask, which is not installed ({exc}); {INSTALL_HINT}") from None
    return distributed


class DaskRunner:
    """Maps functions over partitions on a Dask client and gathers the results in order.

    Parameters
    ----------
    client
        A connected ``distributed.Client``.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    @property
    def workers(self) -> int:
        """Workers (threads) the cluster has now, at least 1."""
        info = self.client.scheduler_info()
        threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
        return max(1, threads)

    def partitions(self, n: int, *, least: int, most: int) -> int:
        """Items per task (:func:`dedup.pool.partition_size`)."""
        return partition_size(n, self.workers, least=least, most=most)

    def map(
        self,
        fn: Callable[..., T],
        items: Sequence[Any],
        *common: Any,
        on_done: Callable[[int], None] | None = None,
    ) -> list[T]:
        """``[fn(item, *common) for item in items]``, one task per item, in order.

        Items are scattered to the workers first (so that big partitions do
        not travel inside the task graph); ``on_done(i)`` is called as item
        ``i``'s task finishes.
        """
        if not items:
            return []
        distributed = require_dask()
        data = self.client.scatter([_Box(item) for item in items], hash=False)
        futures = self.client.map(partial(_call_boxed, fn, common), data, pure=False)
        if on_done is not None:
            position = {f.key: i for i, f in enumerate(futures)}
            for done in distributed.as_completed(futures, loop=self.client.loop):
                on_done(position[done.key])
        boxes: list[_Box] = self.client.gather(futures)
        return [box.value for box in boxes]


class _Box:
    """A partition travelling as one pickle.

    ``distributed`` serialises a list or tuple element by element, which
    costs about a second per 36,000 paragraphs; a box is pickled whole
    (numpy arrays still go out of band).
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __getstate__(self) -> Any:
        return self.value

    def __setstate__(self, state: Any) -> None:
        self.value = state


def _call_boxed(fn: Callable[..., T], common: tuple[Any, ...], box: _Box) -> _Box:
    return _Box(fn(box.value, *common))


@contextlib.contextmanager
def connect(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[DaskRunner]:
    """A :class:`DaskRunner` on the scheduler at ``scheduler``, or on a new LocalCluster.

    Parameters
    ----------
    scheduler
        Address of a running scheduler (``tcp://host:8786``); ``None``
        starts a LocalCluster for the duration of the block.
    workers
        Worker processes of the LocalCluster (one thread each); default one
        per core.  Ignored with ``scheduler``.

    Raises
    ------
    dedup.errors.DedupError
        Dask is not installed, or the scheduler cannot be reached.
    """
    distributed = require_dask()
    cluster = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout="15s", set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise DedupError(
                    f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); check the address "
                    "(tcp://HOST:8786) or drop --scheduler to start a local cluster"
                ) from None
        else:
            n = default_workers() if workers is None else max(1, workers)
            cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster, set_as_default=False)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield DaskRunner(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def _runner(runner: DaskRunner | None, scheduler: str | None, workers: int | None) -> Iterator[DaskRunner]:
    if runner is not None:
        yield runner
    else:
        with connect(scheduler, workers=workers) as made:
            yield made


# ---------------------------------------------------------------- reading


def load_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    params: SketchParams,
    encoding: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    keep_text: bool = True,
    scheduler: str | None = None,
    runner: DaskRunner | None = None,
    files_per_task: int = FILES_PER_TASK,
) -> Loaded:
    """Read and sketch every article under ``paths`` in Dask tasks, one partition of files per task.

    Parameters and result are those of :func:`dedup.run.engines.local.load_corpus`,
    plus ``scheduler`` (see :func:`connect`) or an already connected
    ``runner``.  Workers read the files, so on a real cluster they must
    see the same paths.
    """
    sources = discover(paths)
    with _runner(runner, scheduler, workers) as run:
        size = run.partitions(len(sources), least=min(8, files_per_task), most=files_per_task)
        tasks = [sources[i : i + size] for i in range(0, len(sources), size)]
        done = 0

        def tick(i: int) -> None:
            nonlocal done
            done += len(tasks[i])
            if on_progress:
                on_progress(done, len(sources))

        results = run.map(read_task, tasks, encoding, max_file_mb, params, keep_text, on_done=tick)
    return assemble(results, params, on_skip=on_skip)


def _sketch_task(texts: Sequence[str], params: SketchParams) -> Sketches:
    return _sketch_texts(texts, params)


def _paragraph_task(
    texts: Sequence[str], params: SketchParams
) -> tuple[ShingleSets, npt.NDArray[np.uint64]]:
    sk = _sketch_texts(texts, params)
    return sk.sets, band_keys(sk.sigs, bands=params.bands, rows=params.rows)


def sketch_paragraphs(
    runner: DaskRunner, texts: Sequence[str], params: SketchParams
) -> tuple[ShingleSets, npt.NDArray[np.uint64]]:
    """Shingle sets and LSH band keys (not the signatures: a third of the memory) of ``texts``, in tasks."""
    size = runner.partitions(len(texts), least=500, most=TEXTS_PER_TASK)
    parts = runner.map(_paragraph_task, [list(texts[i : i + size]) for i in range(0, len(texts), size)], params)
    if not parts:
        return ShingleSets.concat([]), np.zeros((0, params.bands), np.uint64)
    return ShingleSets.concat([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def sketch_texts(runner: DaskRunner, texts: Sequence[str], params: SketchParams) -> Sketches:
    """:func:`dedup.near.neardup.sketch_texts` in tasks over partitions of ``texts``."""
    size = runner.partitions(len(texts), least=500, most=TEXTS_PER_TASK)
    parts = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
    return Sketches.concat(runner.map(_sketch_task, parts, params), params.num_perm)


# ---------------------------------------------------------------- LSH banding


def _keys_task(sigs: npt.NDArray[np.uint64], bands: int, rows: int) -> npt.NDArray[np.uint64]:
    return band_keys(sigs, bands=bands, rows=rows)


def _band_task(keys: npt.NDArray[np.uint64], max_bucket: int) -> npt.NDArray[np.int64]:
    n = keys.shape[0]
    found = []
    for b in range(keys.shape[1]):
        col = keys[:, b]
        order = np.argsort(col, kind="stable")
        sorted_keys = col[order]
        live = sorted_keys != EMPTY
        pairs = pairs_in_runs_capped(order[live], sorted_keys[live], max_bucket)
        if len(pairs):
            found.append(pairs[:, 0] * n + pairs[:, 1])
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(found))


def candidate_pairs(
    runner: DaskRunner, sigs: npt.NDArray[np.uint64], *, bands: int, rows: int, max_bucket: int = MAX_BUCKET
) -> npt.NDArray[np.int64]:
    """:func:`dedup.near.minhash.candidate_pairs` as tasks.

    Band keys per partition of rows, buckets per group of bands.
    """
    n = sigs.shape[0]
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    size = runner.partitions(n, least=5_000, most=200_000)
    keys = np.concatenate(runner.map(_keys_task, [sigs[i : i + size] for i in range(0, n, size)], bands, rows))
    return candidates_from_keys(runner, keys, max_bucket=max_bucket)


def candidates_from_keys(
    runner: DaskRunner, keys: npt.NDArray[np.uint64], *, max_bucket: int = MAX_BUCKET
) -> npt.NDArray[np.int64]:
    """Candidate pairs from band keys (shape ``(n, bands)``), one group of bands per task."""
    n, bands = keys.shape
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    per = max(1, math.ceil(bands / (2 * runner.workers)))
    groups = [np.ascontiguousarray(keys[:, b : b + per]) for b in range(0, bands, per)]
    codes = [c for c in runner.map(_band_task, groups, max_bucket) if len(c)]
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    code = np.unique(np.concatenate(codes))
    return np.stack([code // n, code % n], axis=1)


# ---------------------------------------------------------------- verification


def _verify_task(
    job: tuple[ShingleSets, npt.NDArray[np.int64]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    sets, local = job
    return _verify_pairs(sets, local)


def verify_pairs(
    runner: DaskRunner, sets: ShingleSets, cand: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """:func:`dedup.near.neardup.verify_pairs` as tasks over partitions of the pairs.

    Each task gets only the shingle sets of the documents its pairs
    involve, so the work spreads over a cluster without copying the whole
    corpus to every worker.
    """
    m = len(cand)
    if m == 0:
        return _verify_pairs(sets, cand)
    size = runner.partitions(m, least=2_000, most=PAIRS_PER_TASK)
    jobs = []
    for start in range(0, m, size):
        chunk = cand[start : start + size]
        rows, local = np.unique(chunk, return_inverse=True)
        jobs.append((take_sets(sets, rows), local.reshape(-1, 2).astype(np.int64)))
    parts = runner.map(_verify_task, jobs)
    shared = np.concatenate([p[0] for p in parts])
    jac = np.concatenate([p[1] for p in parts])
    a_in_b = np.concatenate([p[2] for p in parts])
    b_in_a = np.concatenate([p[3] for p in parts])
    return shared, jac, a_in_b, b_in_a


# ---------------------------------------------------------------- rare shingles (map-reduce)


def _rare_map(
    job: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]],
    owner: npt.NDArray[np.int64] | None,
    n: int,
    max_df: int,
    buckets: int,
) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """Pairs of sets sharing rare values of one value range, with how many they share there, by bucket."""
    vals, units = job
    order = np.argsort(vals, kind="stable")
    vals, units = vals[order], units[order]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if len(vals) < 2:
        return [empty] * buckets
    boundary = np.empty(len(vals), dtype=bool)
    boundary[0] = True
    np.not_equal(vals[1:], vals[:-1], out=boundary[1:])
    start = np.flatnonzero(boundary)
    length = np.diff(np.append(start, len(vals)))
    keep = np.repeat((length >= 2) & (length <= max_df), length)
    pairs = pairs_in_runs(units[keep], vals[keep])
    if owner is not None and len(pairs):
        pairs = pairs[owner[pairs[:, 0]] != owner[pairs[:, 1]]]
    if len(pairs) == 0:
        return [empty] * buckets
    code, count = np.unique(pairs[:, 0] * n + pairs[:, 1], return_counts=True)
    which = code % buckets
    return [(code[which == q], count[which == q].astype(np.int64)) for q in range(buckets)]


def _rare_reduce(parts: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]], min_shared: int
                 ) -> npt.NDArray[np.int64]:
    code = np.concatenate([p[0] for p in parts])
    count = np.concatenate([p[1] for p in parts])
    uniq, inverse = np.unique(code, return_inverse=True)
    total = np.bincount(inverse.ravel(), weights=count, minlength=len(uniq))
    return uniq[total >= min_shared]


def _pick(box: _Box, q: int) -> _Box:
    return _Box(box.value[q])


def _reduce_boxed(min_shared: int, *boxes: _Box) -> _Box:
    return _Box(_rare_reduce([b.value for b in boxes], min_shared))


def rare_shingle_pairs(
    runner: DaskRunner,
    sets: ShingleSets,
    *,
    min_shared: int,
    max_df: int,
    owner: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int64]:
    """:func:`dedup.near.neardup.rare_shingle_pairs` as a map-reduce over the cluster.

    Map tasks each take one range of shingle values (values are uniform
    hashes, so ranges are even) and count, per pair of sets, the rare values
    of that range they share; reduce tasks each take one bucket of pairs
    from every map and add the counts up.  No process ever holds all the
    pairs, which grow faster than the corpus.
    """
    n = len(sets)
    if n < 2 or len(sets.values) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    from dedup.near.shingle import HASH_BITS

    parts = max(2 * runner.workers, math.ceil(len(sets.values) / 4_000_000))
    bits = max(1, math.ceil(math.log2(parts)))
    part = (sets.values >> np.uint64(HASH_BITS - bits)).astype(np.int64)
    order = np.argsort(part, kind="stable")
    cuts = np.searchsorted(part[order], np.arange(1, 1 << bits))
    unit = np.repeat(np.arange(n, dtype=np.int64), sets.sizes())
    jobs = [(sets.values[idx], unit[idx]) for idx in np.split(order, cuts)]
    del part, order, unit
    client = runner.client
    buckets = len(jobs)
    data = client.scatter([_Box(job) for job in jobs], hash=False)
    del jobs
    mapped = client.map(partial(_call_boxed, _rare_map, (owner, n, max_df, buckets)), data, pure=False)
    reduced = [
        client.submit(_reduce_boxed, min_shared, *[client.submit(_pick, m, q, pure=False) for m in mapped],
                      pure=False)
        for q in range(buckets)
    ]
    found = [b.value for b in client.gather(reduced)]
    code = np.sort(np.concatenate(found))
    return np.stack([code // n, code % n], axis=1)


# ---------------------------------------------------------------- near-duplicates


class DaskStages:
    """The steps of :func:`dedup.near.neardup.find_duplicates` as Dask tasks.

    See :class:`dedup.near.neardup.Stages`.
    """

    def __init__(self, runner: DaskRunner) -> None:
        self.runner = runner

    def sketch(self, texts: Sequence[str], params: SketchParams) -> Sketches:
        return sketch_texts(self.runner, texts, params)

    def candidates(self, sigs: npt.NDArray[np.uint64], params: SketchParams) -> npt.NDArray[np.int64]:
        return candidate_pairs(self.runner, sigs, bands=params.bands, rows=params.rows)

    def paragraph_candidates(
        self, texts: Sequence[str], params: SketchParams
    ) -> tuple[ShingleSets, npt.NDArray[np.int64]]:
        # Workers return band keys, not signatures, for the (many) paragraphs.
        sets, keys = sketch_paragraphs(self.runner, texts, params)
        return sets, candidates_from_keys(self.runner, keys)

    def rare(
        self, sets: ShingleSets, *, min_shared: int, max_df: int, owner: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        return rare_shingle_pairs(self.runner, sets, min_shared=min_shared, max_df=max_df, owner=owner)

    def verify(
        self, sets: ShingleSets, cand: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return verify_pairs(self.runner, sets, cand)


def find_duplicates(docs: Sequence[Document], *, runner: DaskRunner, **options: Any) -> DuplicateResult:
    """:func:`dedup.near.neardup.find_duplicates` with sketching, banding and verification as Dask tasks.

    Keyword options are those of :func:`dedup.near.neardup.find_duplicates`; the
    result is the same, field for field.  The rare-shingle paragraph index
    runs as a map-reduce over the cluster.
    """
    return _find_duplicates(docs, stages=DaskStages(runner), **options)


# ---------------------------------------------------------------- alignment

def _align_task(jobs: Sequence[AlignJob], threshold: float) -> list[DocumentAlignment]:
    return [align_documents(a, b, paragraphs=paras, threshold=threshold) for a, b, paras in jobs]


def align_pairs(
    runner: DaskRunner, docs: Sequence[Document], result: DuplicateResult, *, threshold: float = ALIGN_THRESHOLD
) -> list[DocumentAlignment]:
    """:func:`dedup.run.pipeline.align_pairs` as tasks over partitions of the pairs, in the same order."""
    jobs = alignment_jobs(docs, result)
    if not jobs:
        return []
    size = runner.partitions(len(jobs), least=10, most=ALIGN_JOBS_PER_TASK)
    parts = runner.map(_align_task, [jobs[i : i + size] for i in range(0, len(jobs), size)], threshold)
    return [al for part in parts for al in part]


# ---------------------------------------------------------------- the runner


class OnDask:
    """The pipeline's stages on a Dask cluster: :class:`dedup.run.pipeline.Runner` of the Dask engine.

    :func:`dedup.run.pipeline.find` with ``engine="dask"`` connects (see :func:`connect`) and runs its one
    pipeline body with this runner; the result is the same as on the local engine.
    """

    def __init__(self, runner: DaskRunner) -> None:
        self.runner = runner

    def load(
        self, paths: Sequence[str | os.PathLike[str]], params: SketchParams, settings: Settings, *,
        on_progress: Callable[[int, int], None], on_skip: Callable[[Skipped], None], keep_text: bool,
    ) -> Loaded:
        return load_corpus(
            paths, params=params, on_progress=on_progress, on_skip=on_skip, keep_text=keep_text, runner=self.runner,
            **read_options(settings),
        )

    def duplicates(
        self, docs: Sequence[Document], params: SketchParams, settings: Settings, *,
        doc_sketches: Sketches, on_stage: Callable[[str], None],
    ) -> DuplicateResult:
        return find_duplicates(
            docs, runner=self.runner, params=params, doc_sketches=doc_sketches, on_stage=on_stage,
            **duplicate_options(settings),
        )

    def align(
        self, docs: Sequence[Document], duplicates: DuplicateResult, settings: Settings
    ) -> list[DocumentAlignment]:
        return align_pairs(self.runner, docs, duplicates, threshold=settings.align_threshold)
