"""The local engine: read and sketch a corpus on all cores of one machine.

Reading, cleaning and sketching happen together in worker processes, one
batch of files per task, so that each document's text is touched once and
only compact sketches travel back to the parent.  The workers start on the
first batches while the parent is still listing the folders.  Results are
put back in input order, so every run (one worker or many) gives the same
output.

Every process pool comes from :func:`dedup.pool.worker_pool`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat

from dedup.ingest.files import DEFAULT_MAX_FILE_MB, Corpus, Source, iter_sources, load_source, make_ids_unique
from dedup.model import Document, Skipped
from dedup.near.minhash import SketchParams
from dedup.near.neardup import Sketches, SketchesBuilder, sketch_texts
from dedup.pool import default_workers, worker_pool

__all__ = ["Loaded", "load_corpus"]

FILES_PER_TASK = 400


@dataclass
class Loaded:
    """A corpus read from disk together with its document sketches."""

    corpus: Corpus
    sketches: Sketches
    params: SketchParams


TaskResult = tuple[list[Document], list[Skipped], Sketches]


def read_task(
    sources: Sequence[Source],
    encoding: str | None,
    max_file_mb: float,
    params: SketchParams,
    keep_text: bool = True,
) -> TaskResult:
    """One worker task: read ``sources``, clean the articles and sketch them.

    Returns the documents (text dropped unless ``keep_text``), the skipped files and the sketches.
    """
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for source in sources:
        d, s = load_source(source, encoding=encoding, max_file_mb=max_file_mb)
        docs.extend(d)
        skipped.extend(s)
    sketches = sketch_texts([d.text for d in docs], params)
    if not keep_text:  # near-duplicates only: the parent needs ids and dates, not the text
        for doc in docs:
            doc.paragraphs = []
            doc.captions = []
            doc.headings = []
    return docs, skipped, sketches


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
    files_per_task: int = FILES_PER_TASK,
) -> Loaded:
    """Read every article under ``paths`` and sketch it, in parallel.

    Parameters
    ----------
    paths
        Files and folders.
    params
        Sketch parameters.
    encoding, max_file_mb
        As for :func:`dedup.ingest.files.read_corpus`.
    workers
        Processes; default one per core.  Small inputs are read in-process.
    on_progress
        Called with ``(files_done, files_total)``.
    on_skip
        Called for every skipped file or row.
    files_per_task
        Files read and sketched per worker task.
    keep_text
        Keep the article text in the documents returned; ``False`` drops it
        after sketching (near-duplicate detection needs only the sketches),
        which saves memory and transfer on large corpora.

    Raises
    ------
    dedup.errors.InputError
        A path does not exist or holds no input files.
    """
    workers = default_workers() if workers is None else max(1, workers)
    size = max(1, files_per_task)
    listed = iter_sources(paths)
    tasks: list[list[Source]] = []  # every batch of files handed out, in order

    def batches() -> Iterator[list[Source]]:
        while batch := list(islice(listed, size)):
            tasks.append(batch)
            yield batch

    def progressed(results: Iterable[TaskResult]) -> Iterator[TaskResult]:
        total = sum(map(len, tasks))  # every file is listed before the first result is taken
        done = 0
        for batch, result in zip(tasks, results):
            yield result
            done += len(batch)
            if on_progress:
                on_progress(done, total)

    handed = batches()
    first = list(islice(handed, 2))
    if workers > 1 and len(first) > 1:
        # The workers start on the first files while the rest of the folders are listed.
        with worker_pool(workers) as pool:
            try:
                args = (repeat(encoding), repeat(max_file_mb), repeat(params), repeat(keep_text))
                # map takes every batch before it returns (no buffersize): progressed's total counts them all
                results = pool.map(read_task, chain(first, handed), *args)
                return assemble(progressed(results), params, on_skip=on_skip)
            except BaseException:  # a folder with no articles, Ctrl-C, a failed task: nothing more to read
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    first.extend(handed)
    in_process = (read_task(batch, encoding, max_file_mb, params, keep_text) for batch in first)
    return assemble(progressed(in_process), params, on_skip=on_skip)


def assemble(
    results: Iterable[TaskResult], params: SketchParams, *, on_skip: Callable[[Skipped], None] | None = None
) -> Loaded:
    """Put task results (in input order) together into one corpus with unique ids and its sketches."""
    corpus = Corpus()
    joined = SketchesBuilder(params.num_perm)
    for docs, skipped, sketches in results:
        corpus.documents.extend(docs)
        joined.add(sketches)
        for s in skipped:
            corpus.skipped.append(s)
            if on_skip:
                on_skip(s)
    make_ids_unique(corpus)
    return Loaded(corpus, joined.build(), params)
