"""The local engine: read and sketch a corpus on all cores of one machine.

Reading, cleaning and sketching happen together in worker processes, one
batch of files per task, so that each document's text is touched once and
only compact sketches travel back to the parent.  Results are put back in
input order, so every run (one worker or many) gives the same output.

Every process pool of dedup comes from :func:`worker_pool`: its workers
end when the process that started them ends, even when that one is killed
with SIGKILL and has no chance to shut them down.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from dedup.ingest.files import DEFAULT_MAX_FILE_MB, Corpus, Source, _make_ids_unique, discover, load_source
from dedup.model import Document, Skipped
from dedup.near.minhash import SketchParams
from dedup.near.neardup import Sketches, sketch_texts

__all__ = ["Loaded", "default_workers", "load_corpus", "worker_pool"]

FILES_PER_TASK = 400


@dataclass
class Loaded:
    """A corpus read from disk together with its document sketches."""

    corpus: Corpus
    sketches: Sketches
    params: SketchParams


def default_workers() -> int:
    """Worker processes to use by default: one per core."""
    return max(1, os.cpu_count() or 1)


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, however it ends.

    A worker of a plain :class:`~concurrent.futures.ProcessPoolExecutor`
    waits for tasks forever once its parent is killed (SIGKILL, the OOM
    killer), holding its memory.  Here each worker asks the kernel to kill
    it when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``)
    and checks that the parent is still there, closing the race with a
    parent that died while the worker started.  Where ``prctl`` is not
    available, a thread in the worker watches the parent process id and
    ends the worker when it changes (the worker has been re-parented).

    Parameters
    ----------
    max_workers
        Worker processes.

    Examples
    --------
    >>> with worker_pool(2) as pool:
    ...     list(pool.map(abs, [-1, -2, 3]))
    [1, 2, 3]
    """
    context = multiprocessing.get_context()
    method = context.get_start_method()
    # With fork and spawn the worker's parent is this process; a forkserver worker's is the fork server,
    # which ends when this process ends.
    owner = os.getpid() if method in ("fork", "spawn") else None
    return ProcessPoolExecutor(max_workers=max_workers, mp_context=context, initializer=_die_with_parent,
                               initargs=(owner,))


_PR_SET_PDEATHSIG = 1
_WATCH_S = 0.5


def _die_with_parent(owner: int | None) -> None:
    """Worker initializer: end this worker when its parent process ends."""
    parent = os.getppid()
    if owner is not None and parent != owner:  # the pool's process is gone already
        os._exit(1)
    if not _kill_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), name="dedup-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel was told to follow it
        os._exit(1)


def _kill_me_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux); False where not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_S)
    os._exit(1)


TaskResult = tuple[list[Document], list[Skipped], Sketches]


def _task(
    sources: Sequence[Source],
    encoding: str | None,
    max_file_mb: float,
    params: SketchParams,
    keep_text: bool = True,
) -> TaskResult:
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
    keep_text
        Keep the article text in the documents returned; ``False`` drops it
        after sketching (near-duplicate detection needs only the sketches),
        which saves memory and transfer on large corpora.

    Raises
    ------
    dedup.errors.InputError
        A path does not exist or holds no input files.
    """
    sources = discover(paths)
    workers = default_workers() if workers is None else max(1, workers)
    tasks = [sources[i : i + FILES_PER_TASK] for i in range(0, len(sources), FILES_PER_TASK)]

    def progressed(results: Iterable[TaskResult]) -> Iterator[TaskResult]:
        done = 0
        for batch, result in zip(tasks, results):
            yield result
            done += len(batch)
            if on_progress:
                on_progress(done, len(sources))

    if workers > 1 and len(tasks) > 1:
        with worker_pool(workers) as pool:
            n = len(tasks)
            results = pool.map(_task, tasks, [encoding] * n, [max_file_mb] * n, [params] * n, [keep_text] * n)
            return assemble(progressed(results), params, on_skip=on_skip)
    return assemble(
        progressed(_task(batch, encoding, max_file_mb, params, keep_text) for batch in tasks), params, on_skip=on_skip
    )


def assemble(
    results: Iterable[TaskResult], params: SketchParams, *, on_skip: Callable[[Skipped], None] | None = None
) -> Loaded:
    """Put task results (in input order) together into one corpus with unique ids and its sketches."""
    corpus = Corpus()
    parts: list[Sketches] = []
    for docs, skipped, sketches in results:
        corpus.documents.extend(docs)
        parts.append(sketches)
        for s in skipped:
            corpus.skipped.append(s)
            if on_skip:
                on_skip(s)
    _make_ids_unique(corpus)
    return Loaded(corpus, Sketches.concat(parts, params.num_perm), params)
