"""Nightly batches: new articles against everything indexed before (``dedup batch``, ``dedup index add``).

:func:`add_to_index` reads, sketches and reads the facts of new
documents and stores them in the index (:mod:`dedup.run.index`).
:func:`run_batch` does the same after comparing the new documents with
everything indexed: near-duplicate pairs, shared passages, families,
story groups, sentence alignments and discrepancies, each involving at
least one new document, written as the ``scan`` files.

How a batch runs
----------------
1. The inputs are read and sketched on the chosen engine (worker
   processes, or Dask tasks), before the index is locked.
2. One ``BEGIN IMMEDIATE`` transaction holds the index's write lock from
   here to the end, so a second writer waits (``wait`` seconds) and then
   fails, and a process killed at any moment leaves the index as it was:
   documents past ``keep_days`` are expired; inputs whose content hash is
   already indexed are *already seen* (reported, not stored again); new
   ids that clash with stored ones get a ``#2`` suffix.
3. The stored documents worth comparing are found without loading the
   whole index: LSH over the stored signatures (rebuilt in memory), a
   streamed scan of the stored shingle sets for rare shingles shared with
   a new document (short copies, shared paragraphs), and stored names
   shared with a new document within the story date window (same story,
   different words).
4. The library's own stages run on the new documents plus those:
   :func:`dedup.near.neardup.find_duplicates`, :func:`dedup.near.stories.group_stories`,
   :func:`dedup.run.pipeline.align_pairs`, :func:`dedup.facts.compare.compare_corpus`;
   results are kept when they involve a new document.
5. The output files are written, then the new documents are stored and
   the transaction commits.

The same batch run again gives the same output: each batch is recorded
with a key over its inputs, and a rerun of a recorded batch compares its
documents with the index as it was before that batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from dedup.errors import InputError, ParameterError
from dedup.facts.compare import PairChange, compare_corpus
from dedup.facts.extract import extract_facts
from dedup.facts.story_align import align_stories
from dedup.ingest.files import Corpus, Source, discover, make_ids_unique
from dedup.model import Document, Skipped
from dedup.near.lsh import LSH, band_join, shingle_partners, take_sketches
from dedup.near.minhash import SketchParams
from dedup.near.neardup import DuplicateResult, Family, Sketches
from dedup.near.stories import Story, document_entities, group_stories
from dedup.output.contract import write_files
from dedup.output.files import OutputFolder, write_json
from dedup.pool import default_workers, partition_size, worker_pool
from dedup.results import Reporter, ScanResult, Silent
from dedup.run.engines.local import read_task
from dedup.run.index import DEFAULT_WAIT_S, Index, IndexRecord, content_hash
from dedup.run.pipeline import InProcess, Runner, resolve_settings, story_options
from dedup.settings import Settings

__all__ = ["BatchResult", "LocalRunner", "add_to_index", "run_batch"]

T = TypeVar("T")


# ---------------------------------------------------------------- engines


class LocalRunner:
    """Maps a function over partitions in worker processes of this machine, results in order."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else max(1, workers)

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
        """``[fn(item, *common) for item in items]``; ``on_done(i)`` after each item."""
        out: list[T] = []
        if self.workers > 1 and len(items) > 1:
            with worker_pool(min(self.workers, len(items))) as pool:
                extra = [[c] * len(items) for c in common]
                for i, result in enumerate(pool.map(fn, items, *extra)):
                    out.append(result)
                    if on_done:
                        on_done(i)
            return out
        for i, item in enumerate(items):
            out.append(fn(item, *common))
            if on_done:
                on_done(i)
        return out


class _Engine:
    """A batch's engine: a runner that maps tasks (reading, fact extraction) and the pipeline's stages on it."""

    def __init__(self, runner: Any, stages: Runner) -> None:
        self.runner = runner
        self.stages = stages

    def lsh_query(self, lsh: LSH, sigs: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        return lsh.query(sigs)


class _DaskEngine(_Engine):
    def lsh_query(self, lsh: LSH, sigs: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        if lsh.size == 0 or len(sigs) == 0:
            return np.zeros((0, 2), dtype=np.int64)
        keys = lsh.query_keys(sigs)
        per = max(1, -(-lsh.bands // (2 * self.runner.workers)))
        jobs = [
            (lsh.sorted[b : b + per], lsh.order[b : b + per], np.ascontiguousarray(keys[:, b : b + per]))
            for b in range(0, lsh.bands, per)
        ]
        parts = [p for p in self.runner.map(_band_join_task, jobs) if len(p)]
        if not parts:
            return np.zeros((0, 2), dtype=np.int64)
        return np.unique(np.concatenate(parts), axis=0)


def _band_join_task(
    job: tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64], npt.NDArray[np.uint64]],
) -> npt.NDArray[np.int64]:
    return band_join(*job)


@contextlib.contextmanager
def _engine(engine: str, scheduler: str | None, workers: int | None) -> Iterator[_Engine]:
    if engine == "local":
        if scheduler:
            raise ParameterError("--scheduler needs --engine dask")
        yield _Engine(LocalRunner(workers), InProcess())
    elif engine == "dask":
        from dedup.run.engines import dask as dask_engine

        with dask_engine.connect(scheduler, workers=workers) as runner:
            yield _DaskEngine(runner, dask_engine.OnDask(runner))
    else:
        raise ParameterError(f"unknown engine {engine!r}; pass 'local' or 'dask'")


# ---------------------------------------------------------------- reading new documents


@dataclass
class _Prepared:
    corpus: Corpus
    sketches: Sketches
    hashes: list[str] = field(default_factory=list)
    n_sentences: list[int] = field(default_factory=list)
    facts: list[list[dict[str, Any]]] = field(default_factory=list)
    entities: list[list[str]] = field(default_factory=list)


_PreparedPart = tuple[
    list[Document], list[Skipped], Sketches, list[str], list[int], list[list[dict[str, Any]]], list[list[str]]
]


def _prepare_task(
    sources: Sequence[Source], encoding: str | None, max_file_mb: float, params: SketchParams
) -> _PreparedPart:
    docs, skipped, sketches = read_task(sources, encoding, max_file_mb, params)
    hashes = [content_hash(d.text) for d in docs]
    n_sentences = [len(d.sentences) for d in docs]
    facts = [[f.record() for f in extract_facts(d.text, published=d.date)] for d in docs]
    entities = [sorted(document_entities(d)) for d in docs]
    return docs, skipped, sketches, hashes, n_sentences, facts, entities


def _prepare(
    paths: Sequence[str | os.PathLike[str]],
    *,
    params: SketchParams,
    engine: _Engine,
    settings: Settings,
    reporter: Reporter,
) -> _Prepared:
    sources = discover(paths)
    runner = engine.runner
    size = runner.partitions(len(sources), least=min(8, settings.files_per_task), most=settings.files_per_task)
    tasks = [sources[i : i + size] for i in range(0, len(sources), size)]
    done = 0

    def tick(i: int) -> None:
        nonlocal done
        done += len(tasks[i])
        reporter.progress(done, len(sources))

    parts: list[_PreparedPart] = runner.map(
        _prepare_task, tasks, settings.encoding, settings.max_file_mb, params, on_done=tick
    )
    out = _Prepared(Corpus(), Sketches.concat([p[2] for p in parts], params.num_perm))
    for docs, skipped, _sk, hashes, n_sentences, facts, entities in parts:
        out.corpus.documents.extend(docs)
        for s in skipped:
            out.corpus.skipped.append(s)
            reporter.skip(s)
        out.hashes.extend(hashes)
        out.n_sentences.extend(n_sentences)
        out.facts.extend(facts)
        out.entities.extend(entities)
    make_ids_unique(out.corpus)
    return out


# ---------------------------------------------------------------- results


@dataclass
class BatchResult:
    """What a batch (or ``index add``) did.

    Attributes
    ----------
    scan
        The findings for the new documents (``None`` for ``index add``).
    new
        Ids of the new documents (stored by this run, or by the earlier
        run of the same batch).
    seen
        ``(input id, indexed id)`` of inputs whose content was already
        indexed.
    renamed
        ``(input id, stored id)`` of new documents whose id was taken.
    expired
        Documents removed by ``keep_days``.
    indexed
        Documents in the index afterwards.
    rerun
        This batch had already been run and recorded.
    """

    scan: ScanResult | None
    new: list[str]
    seen: list[tuple[str, str]]
    renamed: list[tuple[str, str]]
    expired: int
    indexed: int
    rerun: bool
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    compared_with: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """The ``batch`` section of ``run.json``: the same when the same batch runs again."""
        return {
            "new": len(self.new),
            "already_seen": [{"id": a, "indexed_as": b} for a, b in self.seen],
            "renamed": [{"id": a, "stored_as": b} for a, b in self.renamed],
            "indexed_documents_compared": self.compared_with,
        }

    def summary(self) -> str:
        """One line for the terminal."""
        parts = [f"{len(self.new)} new documents"]
        if self.seen:
            parts.append(f"{len(self.seen)} already indexed")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.expired:
            parts.append(f"{self.expired} expired")
        line = ", ".join(parts)
        if self.scan is not None:
            d = self.scan.duplicates
            line += (
                f"; {len(d.pairs)} near-duplicate pairs, {len(d.passages)} shared passages, "
                f"{len(self.scan.discrepancies)} discrepancies (against {self.compared_with} indexed documents)"
            )
        return f"{line}; the index holds {self.indexed} documents"


def _batch_key(kind: str, ids: Sequence[str], hashes: Sequence[str]) -> str:
    body = json.dumps(sorted(zip(ids, hashes)), ensure_ascii=False)
    return f"{kind}:" + hashlib.sha256(body.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the two commands


def add_to_index(
    paths: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str],
    settings: Settings | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    keep_days: int | None = None,
    wait: float = DEFAULT_WAIT_S,
    num_perm: int | None = None,
    shingle_size: int | None = None,
    seed: int | None = None,
    reporter: Reporter | None = None,
    today: dt.date | None = None,
    **options: Any,
) -> BatchResult:
    """Store the documents under ``paths`` in the index ``db`` (created if missing).

    Documents whose content is already indexed are not stored again.

    Parameters
    ----------
    paths
        Files and folders of articles.
    db
        The index file.
    settings
        The run's tuning values (:class:`dedup.settings.Settings`; ``encoding``, ``max_file_mb``,
        ``workers`` and ``files_per_task`` are the ones used here); keyword ``options`` override them.
    engine, scheduler
        Where reading, sketching and fact extraction run: ``"local"``
        (``settings.workers`` processes) or ``"dask"`` (a scheduler address, or a
        LocalCluster of ``settings.workers`` processes).
    keep_days
        First delete documents older than this many days (publication
        date, else the day they were added).
    wait
        Seconds to wait for another process writing to the index.
    num_perm, shingle_size, seed
        Sketch parameters for a new index; ``None`` uses the index's (or, for a new index, the defaults).
    reporter
        Receives progress.
    today
        The date ``keep_days`` counts back from (default: today, UTC).

    Raises
    ------
    dedup.errors.DedupError
        Bad paths, another index's parameters, or the index is busy.
    """
    return _run(
        paths, db=db, folder=None, settings=resolve_settings(settings, options), engine=engine, scheduler=scheduler,
        keep_days=keep_days, wait=wait, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
        reporter=reporter, today=today, story_context=0,
    )


def run_batch(
    paths: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str],
    out: str | os.PathLike[str],
    settings: Settings | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    keep_days: int | None = None,
    wait: float = DEFAULT_WAIT_S,
    story_context: int = 200,
    num_perm: int | None = None,
    shingle_size: int | None = None,
    seed: int | None = None,
    reporter: Reporter | None = None,
    today: dt.date | None = None,
    **options: Any,
) -> BatchResult:
    """Compare the documents under ``paths`` with everything indexed, write the findings, then index them.

    Parameters
    ----------
    paths, db, settings, engine, scheduler, keep_days, wait, num_perm, shingle_size, seed, reporter, today, options
        As for :func:`add_to_index`; here every setting is used (``threshold``, ``containment``,
        ``passage_threshold``, ``min_shared`` and ``max_df`` as for :func:`dedup.near.neardup.find_duplicates`,
        ``max_df`` also bounding how common a shingle shared with an indexed document may be, in documents,
        to make that document a candidate; ``align_threshold`` for the sentences of copied pairs).
    out
        Folder for the ``scan`` files (``documents.jsonl`` lists the new
        documents, then the indexed ones the findings refer to, each with
        ``new`` true or false; ``run.json`` has a ``batch`` section).
    story_context
        At most this many indexed documents that share names with the new
        ones (but no copy) join the story grouping, those sharing the most
        names first.

    Returns
    -------
    BatchResult

    Raises
    ------
    dedup.errors.DedupError
        Bad paths or options, another index's parameters, or the index is
        busy; ``out`` is a file, read-only or a folder that dedup did not
        write (checked before any work), another run is writing to it (after
        waiting ``wait`` seconds), or writing it failed (disk full, ...).

    Notes
    -----
    ``out`` is replaced as a whole when the batch is done (see
    :class:`dedup.output.files.OutputFolder`): it holds the previous run or this
    one, never a mix, whatever happens to the process.
    """
    chosen = resolve_settings(settings, options)
    with OutputFolder(out, wait=wait) as folder:
        return _run(
            paths, db=db, folder=folder, settings=chosen, engine=engine, scheduler=scheduler, keep_days=keep_days,
            wait=wait, num_perm=num_perm, shingle_size=shingle_size, seed=seed, reporter=reporter, today=today,
            story_context=story_context,
        )


def _run(
    paths: Sequence[str | os.PathLike[str]],
    *,
    db: str | os.PathLike[str],
    folder: OutputFolder | None,
    settings: Settings,
    engine: str,
    scheduler: str | None,
    keep_days: int | None,
    wait: float,
    num_perm: int | None,
    shingle_size: int | None,
    seed: int | None,
    reporter: Reporter | None,
    today: dt.date | None,
    story_context: int,
) -> BatchResult:
    rep = reporter or Silent()
    if keep_days is not None and keep_days < 0:
        raise ParameterError(f"--keep-days {keep_days} must be 0 or more")
    # the index's LSH serves documents and passages whatever this batch's passages setting: its bands are
    # tuned for the lower threshold (Settings.lsh_threshold with passages on), so a later batch finds the same
    lsh_threshold = settings.replace(passages=True).lsh_threshold
    params = Index.resolve_params(db, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
                                  threshold=lsh_threshold)
    # the sketch is the index's (or the one asked for a new index): run.json records that one
    settings = settings.replace(num_perm=params.num_perm, shingle_size=params.shingle_size, seed=params.seed)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    kind = "batch" if folder is not None else "add"
    with _engine(engine, scheduler, settings.workers) as eng:
        rep.stage("reading")
        prepared = _prepare(paths, params=params, engine=eng, settings=settings, reporter=rep)
        timings["read_and_sketch"] = time.perf_counter() - t0
        docs = prepared.corpus.documents
        if not docs:
            why = f" ({prepared.corpus.skipped_summary()})" if prepared.corpus.skipped else ""
            raise InputError(f"no readable articles in {', '.join(map(str, paths))}{why}; see the messages above")
        rep.stage("locking the index")
        with Index.open(db, num_perm=params.num_perm, shingle_size=params.shingle_size, seed=params.seed,
                        threshold=lsh_threshold, wait=wait) as idx, idx.transaction():
            started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
            expired = idx.expire(keep_days, today=today) if keep_days is not None else 0
            key = _batch_key(kind, [d.id for d in docs], prepared.hashes)
            prior = idx.find_batch(key)
            if kind == "add":  # adding again stores nothing again; only a batch replays its output
                prior = None
            new_rows, seen, renamed = _classify(idx, docs, prepared.hashes, prior.id if prior else None)
            before = prior.before_doc if prior else idx.max_seq()
            result = BatchResult(
                scan=None, new=[docs[i].id for i in new_rows], seen=seen, renamed=renamed, expired=expired,
                indexed=0, rerun=prior is not None, skipped=list(prepared.corpus.skipped),
                warnings=list(prepared.corpus.warnings), timings=timings,
            )
            result.warnings += [f"id {a!r} is taken in the index by another article; stored as {b!r}"
                                for a, b in renamed]
            if folder is not None:
                t1 = time.perf_counter()
                result.scan, result.compared_with = _compare(
                    idx, before, prepared, new_rows, eng, params, settings, story_context, rep, timings
                )
                rep.stage("writing")
                staging = folder.stage()  # swapped in for --out once the index has the batch
                with folder.errors():
                    _write(result, staging)
                timings["compare_and_write"] = time.perf_counter() - t1
            if prior is None and new_rows:
                t2 = time.perf_counter()
                rep.stage("indexing")
                batch_id = idx.add_batch(key=key, kind=kind, before_doc=before, n_inputs=len(docs),
                                         n_new=len(new_rows), n_seen=len(seen), started_at=started,
                                         settings=settings.record())
                idx.insert([_record(prepared, i) for i in new_rows], batch=batch_id)
                timings["index"] = time.perf_counter() - t2
            result.indexed = idx.count()
    timings["total"] = time.perf_counter() - t0
    if result.scan is not None and folder is not None:  # run.json again, with the timings of the whole run
        result.scan.timings.update(timings)
        with folder.errors():
            write_json(staging / "run.json", {**result.scan.run_record(), "batch": result.record()})
        folder.commit()
    return result


def _classify(
    idx: Index, docs: list[Document], hashes: list[str], prior: int | None
) -> tuple[list[int], list[tuple[str, str]], list[tuple[str, str]]]:
    """Which inputs are new (their final ids set on the documents), already seen, renamed."""
    stored = idx.lookup_hashes(hashes)
    claimed: dict[str, str] = {}  # content hash -> id, in this run
    renamed: list[tuple[int, str, str]] = []
    new_rows: list[int] = []
    seen: list[tuple[str, str]] = []
    fresh: list[int] = []
    for i, (doc, h) in enumerate(zip(docs, hashes)):
        if h in claimed:
            seen.append((doc.id, h))  # the id it was stored as is known after renaming, below
        elif h in stored and (prior is None or stored[h][2] != prior):
            seen.append((doc.id, h))
            claimed.setdefault(h, stored[h][1])
        elif h in stored:  # a rerun of a recorded batch: this document came with it
            if stored[h][1] != doc.id:
                renamed.append((i, doc.id, stored[h][1]))
            claimed[h] = doc.id = stored[h][1]
            new_rows.append(i)
        else:
            claimed[h] = doc.id
            fresh.append(i)
            new_rows.append(i)
    # Ids of new documents must not clash with stored ones, nor with each other.
    taken = idx.ids_in_use([docs[i].id for i in fresh]) | {docs[i].id for i in new_rows if i not in fresh}
    for i in fresh:
        doc = docs[i]
        if doc.id in taken:
            n = 2
            while f"{doc.id}#{n}" in taken or idx.ids_in_use([f"{doc.id}#{n}"]):
                n += 1
            renamed.append((i, doc.id, f"{doc.id}#{n}"))
            claimed[hashes[i]] = doc.id = f"{doc.id}#{n}"
        taken.add(doc.id)
    new_rows.sort()
    return new_rows, [(a, claimed[h]) for a, h in seen], [(a, b) for _, a, b in sorted(renamed)]


def _record(prepared: _Prepared, i: int) -> IndexRecord:
    sets = prepared.sketches.sets
    return IndexRecord(
        document=prepared.corpus.documents[i],
        content_hash=prepared.hashes[i],
        n_sentences=prepared.n_sentences[i],
        signature=prepared.sketches.sigs[i],
        shingles=sets.values[sets.offsets[i] : sets.offsets[i + 1]],
        facts=prepared.facts[i],
        entities=prepared.entities[i],
    )


# ---------------------------------------------------------------- comparing new with indexed


def _story_context(
    idx: Index, new_docs: Sequence[Document], entities: Sequence[Sequence[str]], before: int, limit: int,
    window_days: int,
) -> list[int]:
    """Indexed documents sharing names with a new one, within the story date window; the closest first."""
    if limit <= 0:
        return []
    partners = idx.entity_partners(entities, max_seq=before, min_shared=3)
    if not partners:
        return []
    dates = [dt.date.fromisoformat(d.date) for d in new_docs if d.date]
    undated_new = len(dates) < len(new_docs)
    stored_dates = idx.dates(list(partners))
    keep = []
    for seq, shared in partners.items():
        when = stored_dates.get(seq)
        if when and dates and not undated_new:
            day = dt.date.fromisoformat(when)
            if min(abs((day - d).days) for d in dates) > window_days:
                continue
        keep.append((-shared, -seq))
    keep.sort()
    return [-s for _, s in keep[:limit]]


def _compare(
    idx: Index,
    before: int,
    prepared: _Prepared,
    new_rows: list[int],
    eng: _Engine,
    params: SketchParams,
    settings: Settings,
    story_context: int,
    rep: Reporter,
    timings: dict[str, float],
) -> tuple[ScanResult, int]:
    t = time.perf_counter()
    new_docs = [prepared.corpus.documents[i] for i in new_rows]
    new_sk = take_sketches(prepared.sketches, new_rows)
    rep.stage("candidates")
    seqs, sigs = idx.signatures(max_seq=before)
    lsh = LSH(sigs, bands=params.bands, rows=params.rows)
    hits = eng.lsh_query(lsh, new_sk.sigs)
    chosen = {int(s) for s in seqs[hits[:, 1]]} if len(hits) else set()
    del lsh, sigs
    chosen |= shingle_partners(new_sk.sets, idx.iter_shingles(max_seq=before), min_shared=settings.min_shared,
                               max_df=settings.max_df)
    chosen |= set(_story_context(idx, new_docs, [prepared.entities[i] for i in new_rows], before,
                                 story_context, settings.story_window_days))
    old_seqs = sorted(chosen)
    old_docs = idx.documents(old_seqs)
    docs = old_docs + new_docs
    sketches = Sketches.concat([idx.sketches(old_seqs), new_sk], params.num_perm)
    timings["candidates"] = time.perf_counter() - t

    t = time.perf_counter()
    found = eng.stages.duplicates(docs, params, settings, doc_sketches=sketches, on_stage=rep.stage)
    new_ids = {d.id for d in new_docs}

    def involves(a: str, b: str) -> bool:
        return a in new_ids or b in new_ids

    pairs = [p for p in found.pairs if involves(p.a, p.b)]
    passages = [p for p in found.passages if involves(p.a, p.b)]
    families = [
        Family(f"family-{n + 1:04d}", f.members, f.original, f.reason)
        for n, f in enumerate(f for f in found.families if new_ids.intersection(f.members))
    ]
    dup = DuplicateResult(
        pairs=pairs, passages=passages, families=families, params=found.params, settings=found.settings,
        stats={
            **found.stats, "documents": len(new_docs), "indexed_documents_compared": len(old_docs),
            "pairs": len(pairs), "passages": len(passages), "families": len(families),
        },
    )
    timings["duplicates"] = time.perf_counter() - t

    t = time.perf_counter()
    rep.stage("stories")
    stories = [
        Story(f"story-{n + 1:04d}", s.members, s.terms, s.entities, s.first_date, s.last_date, s.cohesion)
        for n, s in enumerate(
            s for s in group_stories(docs, found.families, **story_options(settings)) if new_ids.intersection(s.members)
        )
    ]
    timings["stories"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("alignment")
    alignments = eng.stages.align(docs, dup, settings)
    timings["alignment"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("story alignment")
    alignments += [
        x for x in align_stories(docs, stories, alignments) if involves(x.a, x.b)
    ]
    timings["story_alignment"] = time.perf_counter() - t
    t = time.perf_counter()
    rep.stage("facts")
    same: list[PairChange] = []
    discrepancies = [d for d in compare_corpus(docs, alignments, stories, same_facts=same) if involves(d.a, d.b)]
    timings["facts_and_comparison"] = time.perf_counter() - t

    referenced: set[str] = set()
    for p in pairs:
        referenced.update((p.a, p.b))
    for q in passages:
        referenced.update((q.a, q.b))
    for f in families:
        referenced.update(f.members)
    for s in stories:
        referenced.update(s.members)
    for d in discrepancies:
        referenced.update((d.a, d.b))
    shown = new_docs + [d for d in old_docs if d.id in referenced]
    corpus = Corpus(documents=shown, skipped=list(prepared.corpus.skipped), warnings=list(prepared.corpus.warnings))
    scan = ScanResult(
        corpus, dup, {}, stories, alignments, discrepancies, [c for c in same if involves(c.a, c.b)], settings
    )
    return scan, len(old_docs)


def _write(result: BatchResult, out_dir: Path) -> None:
    """The scan files of a batch into the new (staging) folder ``out_dir``."""
    assert result.scan is not None
    new = set(result.new)
    # run.json is written once, when the index step is done (_run)
    write_files(result.scan, out_dir, document_record=lambda d: {**d.record(), "new": d.id in new}, run_record=False)
