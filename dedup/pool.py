"""Worker processes: how many by default, a process pool whose workers end with their parent, and the
garbage collector kept out of bulk reading.

Every process pool of dedup comes from :func:`worker_pool`: its workers end when the process that
started them ends, even when that one is killed with SIGKILL and has no chance to shut them down.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

__all__ = ["default_workers", "freeze_after_pause", "partition_size", "paused_gc", "worker_pool"]


def default_workers() -> int:
    """Worker processes to use by default: one per core."""
    return max(1, os.cpu_count() or 1)


def partition_size(n: int, workers: int, *, least: int, most: int) -> int:
    """Items per task for ``n`` items on ``workers``: about four tasks per worker, within ``[least, most]``.

    Examples
    --------
    >>> partition_size(10_000, 2, least=8, most=400), partition_size(10, 2, least=8, most=400)
    (400, 8)
    """
    return max(least, min(most, -(-n // (4 * max(1, workers))) or 1))


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


_FREEZE_AFTER_PAUSE = False


def freeze_after_pause(enabled: bool = True) -> None:
    """Let :func:`paused_gc` freeze what the process holds when it ends: for a one-shot process only.

    The command line calls this: its process ends with the run.  A library caller's process goes on, and
    freezing would also take its own objects out of every later collection (a cycle it drops afterwards
    would never be freed), so by default nothing is frozen.
    """
    global _FREEZE_AFTER_PAUSE
    _FREEZE_AFTER_PAUSE = enabled


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reading a corpus), as it was after it.

    Reading builds documents that live until the run ends and holds no reference cycles; each full
    collection walks every one of them again, and their number grows with the corpus (1.4 of 8 s in the
    parent that gathers 100,000 documents).  Reference counting still frees everything at once; cyclic
    garbage made meanwhile (by this or another thread of the process) waits for the end of the block.

    In a one-shot process (:func:`freeze_after_pause`, the command line) the objects of the process are
    moved to the permanent generation (:func:`gc.freeze`) before the collector is switched back on:
    otherwise its first young, middle and full collections walk everything made inside the block (0.4 s
    on one core at 100,000 documents, while the results are written).  Frozen objects are still freed
    when their last reference goes; cyclic garbage among them stays until the process ends.  Where the
    collector was off already, it stays off and nothing is frozen.

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if _FREEZE_AFTER_PAUSE:
                gc.freeze()
            gc.enable()


def _die_with_parent(owner: int | None) -> None:
    """Worker initializer: end this worker when its parent process ends.

    A forked worker also freezes the heap it inherited (:func:`gc.freeze`): the collector never walks
    the parent's objects again (nor touches, and so copies, their memory pages); and it collects its own
    garbage even when the parent forked it inside :func:`paused_gc`, and keeps the memory a task freed
    for the next one (:func:`_keep_freed_memory`).
    """
    gc.freeze()
    gc.enable()
    _keep_freed_memory()
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


# glibc mallopt parameters
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
_MMAP_THRESHOLD = 32 << 20  # glibc's largest: blocks below it come from the heap, and are used again
_TRIM_THRESHOLD = 64 << 20  # free memory at the top of the heap kept up to this
_TOP_PAD = 8 << 20


def _keep_freed_memory() -> bool:
    """Worker initializer, glibc only: keep the memory a task freed for the next task (False elsewhere).

    By default glibc gives large freed blocks back to the kernel at once (``munmap``, heap trimming), and
    the next task's sketches, text batches and result buffers fault the same amount in again: half a
    million page faults at 100,000 documents, 1.4 CPU seconds of kernel time on this machine.  A worker
    reads the same kind of batch over and over, so its heap stops growing after the first tasks; the
    peak does not change (it holds what a task needed), and the memory goes back when the pool ends.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process runs on (no ldconfig lookup)
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    settings = ((_M_MMAP_THRESHOLD, _MMAP_THRESHOLD), (_M_TRIM_THRESHOLD, _TRIM_THRESHOLD), (_M_TOP_PAD, _TOP_PAD))
    taken = [int(mallopt(option, value)) == 1 for option, value in settings]  # each one, whatever the others did
    return all(taken)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_S)
    os._exit(1)
