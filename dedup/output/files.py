"""Writing results: output folders replaced as a whole, files written atomically, CSV and text tables.

An output folder (``dedup scan --out DIR``) is always either the whole old
run or the whole new run, never a mix of the two:

1. Before the pipeline runs, :class:`OutputFolder` checks that ``DIR`` can
   be used (not a file, not read-only, empty or written by dedup) and takes
   a lock, the sibling file ``.DIR.lock`` (``flock``), so a second run to the
   same folder waits for it or stops with one line.
2. The outputs are written into a fresh sibling folder ``.DIR.tmp-XXXXXXXX``
   (same parent, so on the same file system), every file is fsynced.
3. The new folder is swapped in: renamed to ``DIR`` when there was none,
   else exchanged with the old one in one step (``renameat2`` with
   ``RENAME_EXCHANGE`` on Linux).  Where that call is missing the old folder
   is renamed aside to ``.DIR.old-XXXXXXXX`` and the new one renamed in:
   for the moment between the two renames ``DIR`` does not exist, and a
   run killed in that moment is repaired by the next run to ``DIR``, which
   renames the old folder back.  The old folder is then deleted.
4. A write error (disk full, read-only file system, permission denied)
   removes the new folder and leaves the old one as it was; it is raised as
   :class:`OutputError`, one line that names the cause and the fix.

Temporary folders left by a run that was killed are removed by the next run
to the same ``DIR`` once it holds the lock.  Files get mode ``0o666`` less
the umask, folders ``0o777`` less the umask.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from dedup.errors import DedupError, InputError

__all__ = [
    "OutputError",
    "OutputFolder",
    "check_file_target",
    "dumps_jsonl",
    "text_table",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_text",
]

#: The files dedup writes into an output folder (``run.json`` last).
KNOWN_OUTPUTS = frozenset({
    "documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "stories.jsonl",
    "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl", "report.html", "run.json",
})


class OutputError(DedupError):
    """An output folder or file that could not be written (disk full, read-only, permission denied, busy).

    Examples
    --------
    >>> import errno
    >>> str(OutputError.from_os_error(OSError(errno.ENOSPC, "No space left on device"), "out"))
    "no space left on device writing 'out'; free space or pass another --out"
    """

    #: The system error behind it, if any.
    os_error: OSError | None = None

    @classmethod
    def from_os_error(cls, exc: OSError, shown: str, option: str = "--out") -> OutputError:
        """One line for ``exc`` raised while writing ``shown``: the cause, then the fix."""
        err = cls._from_os_error(exc, shown, option)
        err.os_error = exc
        return err

    @classmethod
    def _from_os_error(cls, exc: OSError, shown: str, option: str) -> OutputError:
        fix = f"pass another {option}"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            cause = "no space left on device" if exc.errno == errno.ENOSPC else "disk quota exceeded"
            return cls(f"{cause} writing {shown!r}; free space or {fix}")
        if exc.errno == errno.EFBIG:
            return cls(f"file too large writing {shown!r} (a file size limit, see ulimit -f); raise it or {fix}")
        if exc.errno == errno.EROFS:
            return cls(f"{shown!r} is on a read-only file system; {fix}")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return cls(f"permission denied writing {shown!r}; make it writable or {fix}")
        return cls(f"cannot write {shown!r} ({exc.strerror or exc}); {fix}")


def _create(path: Path) -> int:
    """A new file opened for writing, mode ``0o666`` less the umask (``O_EXCL``: never an existing one)."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    if directory and os.name == "nt":  # Windows cannot open a folder to fsync it
        return
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot fsync a folder; nothing is lost by skipping it
        if not (directory and exc.errno in (errno.EINVAL, errno.ENOTSUP, errno.EBADF)):
            raise
    finally:
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a fsynced temporary file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = _create(tmp)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, option: str = "--out") -> Path:
    """Write ``text`` to ``path`` (UTF-8) atomically: a reader sees the old file or the new one, whole.

    Parameters
    ----------
    path
        The file; its folder must exist.
    text
        The content.
    option
        The command-line option that named ``path``, for the message of an error.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    OutputError
        The file could not be written (disk full, read-only, ...); ``path`` is as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = write_text(pathlib.Path(tempfile.mkdtemp()) / "a.txt", "é\\n")
    >>> target.read_text(encoding="utf-8")
    'é\\n'
    """
    target = Path(path)
    try:
        _atomic_write(target, text)
    except OSError as exc:
        raise OutputError.from_os_error(exc, str(path), option) from None
    return target


def check_file_target(path: str | os.PathLike[str], *, option: str = "--html") -> Path:
    """Check, before any work, that a single output file can be written at ``path``.

    Raises
    ------
    dedup.errors.InputError
        ``path`` is a folder, its folder does not exist or is not a folder,
        or its folder is not writable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_file_target(folder / "check.html") == folder / "check.html"
    True
    >>> check_file_target(folder / "missing" / "check.html")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.InputError: --html '.../missing/check.html': the folder '.../missing' does not exist; ...
    """
    target = Path(path)
    shown = str(path)
    if target.is_dir():
        raise InputError(f"{option} {shown!r} is a folder; pass a file path such as {str(target / 'report.html')!r}")
    if not target.name or shown.endswith(os.sep):
        raise InputError(f"{option} {shown!r} is not a file name; pass a file path such as 'report.html'")
    parent = target.parent
    if not parent.exists():
        raise InputError(f"{option} {shown!r}: the folder {str(parent)!r} does not exist; "
                         f"create it (mkdir -p) or pass another {option}")
    if not parent.is_dir():
        raise InputError(f"{option} {shown!r}: {str(parent)!r} is not a folder; pass another {option}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {shown!r}: the folder {str(parent)!r} is not writable; "
                         f"make it writable or pass another {option}")
    return target


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_OLD_TEMP = re.compile(r"\.([a-z]+\.(?:jsonl|html|json))\.[^/]*\.tmp")  # per-file temporaries of older versions


def _is_dedup_folder(path: Path) -> bool:
    """Whether ``path`` is empty or holds only what dedup writes: no subfolders, and a dedup ``run.json``
    or nothing but dedup's file names (and the per-file temporaries of an older version killed while writing).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "documents.jsonl").write_text("")
    >>> _is_dedup_folder(folder)
    True
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> _is_dedup_folder(folder)
    False
    """
    entries = list(path.iterdir())
    if any(e.is_dir() and not e.is_symlink() for e in entries):
        return False

    def known(name: str) -> bool:
        old = _OLD_TEMP.fullmatch(name)
        return name in KNOWN_OUTPUTS or (old is not None and old.group(1) in KNOWN_OUTPUTS)

    if all(known(e.name) for e in entries):
        return True
    try:
        record = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and "dedup_version" in record


def _try_lock(fd: int) -> None:
    """An exclusive lock on the open file ``fd`` without waiting (``BlockingIOError`` when another holds it);
    the system drops it when the process ends, however it ends."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            raise BlockingIOError(errno.EAGAIN, "locked") from None
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutputFolder:
    """An output folder that a run replaces as a whole (see the module notes).

    Use it as a context manager around the whole run: entering checks the
    folder and takes the lock, :meth:`writing` gives a fresh folder to write
    into and swaps it in when its block ends without an error, leaving
    releases the lock.

    Parameters
    ----------
    path
        The output folder (``--out``); its parent folders are created when missing.
    wait
        Seconds to wait for another run writing to the same folder; 0 stops at once.
    option
        The command-line option that named ``path``, for the messages.

    Raises
    ------
    dedup.errors.InputError
        On entering: ``path`` is a file, read-only, a folder that dedup did
        not write, or its parent cannot be written.
    OutputError
        Another run holds the folder, or a write failed (the old folder
        stays as it was).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with OutputFolder(out) as folder:
    ...     with folder.writing() as staging:
    ...         _ = write_jsonl(staging / "documents.jsonl", [{"id": "a"}])
    >>> sorted(p.name for p in out.iterdir()), sorted(p.name for p in out.parent.iterdir())
    (['documents.jsonl'], ['out'])
    """

    def __init__(self, path: str | os.PathLike[str], *, wait: float = 0.0, option: str = "--out") -> None:
        self.shown = str(path)
        self.option = option
        self.wait = wait
        self.path = Path(os.path.realpath(os.path.abspath(path)))
        self._lock_fd: int | None = None
        self._staging: Path | None = None

    # -- names -----------------------------------------------------------------------------------
    def _sibling(self, kind: str) -> Path:
        return self.path.with_name(f".{self.path.name}.{kind}-{secrets.token_hex(4)}")

    def _siblings(self, kind: str) -> list[Path]:
        pattern = re.compile(rf"\.{re.escape(self.path.name)}\.{kind}-[0-9a-f]{{8}}")
        try:
            return sorted(p for p in self.path.parent.iterdir() if pattern.fullmatch(p.name))
        except OSError:
            return []

    @property
    def lock_path(self) -> Path:
        """The lock file, ``.NAME.lock`` next to the folder."""
        return self.path.with_name(f".{self.path.name}.lock")

    # -- checks and the lock -----------------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`~dedup.errors.InputError` if the folder cannot be used (before any work)."""
        fix = f"pass another {self.option}"
        if not self.path.name or self.path.parent == self.path:
            raise InputError(f"{self.option} {self.shown!r} is not a folder dedup can replace; {fix}")
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"{self.option} {self.shown!r} is a file; pass a folder path")
        with contextlib.suppress(OSError):
            if Path(os.path.realpath(os.getcwd())).is_relative_to(self.path):
                raise InputError(f"{self.option} {self.shown!r} is the current folder or holds it, and dedup "
                                 f"replaces the whole folder; pass a new folder such as 'out'")
        parent = self.path.parent
        for up in (parent, *parent.parents):
            if up.exists():
                if not up.is_dir():
                    raise InputError(f"{self.option} {self.shown!r}: {str(up)!r} is a file; {fix}")
                break
        if self.path.is_dir():
            if os.path.ismount(self.path):
                raise InputError(
                    f"{self.option} {self.shown!r} is a mount point, which dedup cannot replace as a whole; "
                    f"pass a folder inside it, such as {os.path.join(self.shown, 'run')!r}"
                )
            if not os.access(self.path, os.W_OK | os.X_OK):
                if os.statvfs(self.path).f_flag & os.ST_RDONLY:
                    raise InputError(f"{self.option} {self.shown!r} is on a read-only file system; {fix}")
                raise InputError(f"{self.option} {self.shown!r} is read-only; make it writable (chmod u+w) or {fix}")
            try:
                ours = _is_dedup_folder(self.path)
            except OSError as exc:
                raise InputError(f"cannot read {self.option} {self.shown!r} ({exc.strerror}); {fix}") from None
            if not ours:
                raise InputError(
                    f"{self.option} {self.shown!r} holds files that dedup did not write; dedup replaces the whole "
                    f"folder, so pass an empty or new folder"
                )

    def open(self) -> None:
        """Check the folder, create its parents, take the lock and tidy what killed runs left."""
        self.check()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create the folder of {self.option} {self.shown!r} ({exc.strerror}); pass another {self.option}"
            ) from None
        try:  # creating the lock file next to the folder is the test that its parent can be written
            self._lock()
        except OSError as exc:
            raise InputError(str(OutputError.from_os_error(exc, str(self.path.parent), self.option))) from None
        try:
            self._recover()
            self.check()  # again under the lock: another run may have changed the folder meanwhile
        except BaseException:
            self.close()
            raise

    def _lock(self) -> None:
        deadline = time.monotonic() + max(self.wait, 0.0)
        while True:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            try:
                _try_lock(fd)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise OutputError(
                        f"another dedup run is writing to {self.shown!r}; wait for it or pass another {self.option}"
                    ) from None
                time.sleep(0.05)
                continue
            except BaseException:
                os.close(fd)
                raise
            try:  # the holder before us may have removed the file: lock the one that is there now
                same = os.path.samestat(os.fstat(fd), os.stat(self.lock_path))
            except FileNotFoundError:
                same = False
            if same:
                self._lock_fd = fd
                return
            os.close(fd)

    def _recover(self) -> None:
        aside = self._siblings("old")
        if not self.path.exists() and aside:  # killed between the two renames of the fallback swap
            with contextlib.suppress(OSError):
                os.rename(aside[-1], self.path)
        for stale in self._siblings("tmp") + self._siblings("old"):
            shutil.rmtree(stale, ignore_errors=True)

    def close(self) -> None:
        """Remove an unfinished new folder and release the lock."""
        self.discard()
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.lock_path)  # while still holding it; waiters re-check the file they locked
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> OutputFolder:
        self.open()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------
    def stage(self) -> Path:
        """A fresh, empty sibling folder to write the new run into (removed by :meth:`discard`)."""
        if self._lock_fd is None:
            raise RuntimeError("OutputFolder.stage() outside its with block")
        self.discard()
        while True:
            staging = self._sibling("tmp")
            try:
                os.mkdir(staging, 0o777)
            except FileExistsError:
                continue
            except OSError as exc:
                raise OutputError.from_os_error(exc, self.shown, self.option) from None
            self._staging = staging
            return staging

    def discard(self) -> None:
        """Remove the new folder, if any; the old one stays as it was."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def commit(self) -> None:
        """Fsync the new folder and swap it in for the old one, which is then deleted."""
        staging = self._staging
        if staging is None:
            raise RuntimeError("OutputFolder.commit() without stage()")
        try:
            for entry in staging.iterdir():
                _fsync_path(entry, directory=entry.is_dir())
            _fsync_path(staging, directory=True)
            if not self.path.exists():
                os.rename(staging, self.path)
                self._staging = None
            elif _exchange(staging, self.path):  # staging now holds the old run
                pass
            else:
                aside = self._sibling("old")
                os.rename(self.path, aside)
                try:
                    os.rename(staging, self.path)
                except BaseException:
                    os.rename(aside, self.path)
                    raise
                self._staging = aside
            _fsync_path(self.path.parent, directory=True)
        except OSError as exc:
            self.discard()
            raise OutputError.from_os_error(exc, self.shown, self.option) from None
        self.discard()  # the old run

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        """Turn an ``OSError`` in the block into :class:`OutputError` naming this folder (and remove the new
        folder); so is an :class:`OutputError` from a file written inside it."""
        try:
            yield
        except OSError as exc:
            self.discard()
            raise OutputError.from_os_error(exc, self.shown, self.option) from None
        except OutputError as exc:
            self.discard()
            if exc.os_error is None:
                raise
            raise OutputError.from_os_error(exc.os_error, self.shown, self.option) from None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Path]:
        """A fresh folder for the block to write into, swapped in when the block ends without an error.

        On an error the new folder is removed and the old one stays; an
        ``OSError`` becomes :class:`OutputError`.
        """
        staging = self.stage()
        try:
            with self.errors():
                yield staging
            self.commit()
        finally:
            self.discard()




def _dump(row: Mapping[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=False)


def dumps_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as JSON Lines text.

    Examples
    --------
    >>> dumps_jsonl([{"a": "é", "n": 1}])
    '{"a": "é", "n": 1}\\n'
    """
    return "".join(_dump(r) + "\n" for r in rows)


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows to ``path`` as UTF-8 JSON Lines, replacing it atomically; returns the row count.

    The file gets mode ``0o666`` less the umask, like every output.
    """
    rows = list(rows)
    _atomic_write(Path(path), dumps_jsonl(rows))
    return len(rows)


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write one JSON document, pretty-printed, atomically (mode ``0o666`` less the umask)."""
    _atomic_write(Path(path), json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def write_csv(stream: IO[str], rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write rows as CSV with a header; lists become ``;``-joined strings.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_csv(buf, [{"a": "x", "b": 0.5}], ["a", "b"])
    >>> buf.getvalue().splitlines()
    ['a,b', 'x,0.5']
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_flat(row.get(c)) for c in columns])


def _flat(value: Any) -> Any:
    """A cell of a flat table (CSV, text): a list ``;``-joined, ``None`` empty, anything else as it is."""
    return ";".join(map(str, value)) if isinstance(value, list) else ("" if value is None else value)


def text_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """``rows`` as a plain text table: a header line, then a line a row, columns aligned.

    Numbers are right-aligned, text left-aligned; every cell is kept on one line and cleaned of terminal
    escapes (:func:`dedup.display.one_line`). Widths count terminal cells (wide characters take two). The
    table rich draws costs about a millisecond a row, longer than finding the pairs of a large corpus;
    this one takes microseconds and reads as well in a file or a pager.

    Examples
    --------
    >>> print(text_table([{"a": "x.txt", "jaccard": 0.5}, {"a": "long-name.txt", "jaccard": 1.0}],
    ...                  ["a", "jaccard"]))
    a              jaccard
    x.txt              0.5
    long-name.txt      1.0
    >>> print(text_table([{"a": "[b]x", "n": 2, "j": 0.75}, {"a": "日本", "n": 10, "j": 1.0}], ["a", "n", "j"]))
    a      n     j
    [b]x   2  0.75
    日本  10  1.00
    """
    from rich.cells import cell_len

    from dedup.display import one_line

    numeric = [
        bool(rows) and all(isinstance(row.get(c), (int, float)) and not isinstance(row.get(c), bool) for row in rows)
        for c in columns
    ]
    # a column of numbers shows every value with the column's most decimals, so the points line up
    places = [
        max((len(repr(row[c]).partition(".")[2]) for row in rows if isinstance(row[c], float)), default=0)
        if numeric[i] else 0
        for i, c in enumerate(columns)
    ]
    grid = [[one_line(c) for c in columns]] + [
        [f"{row[c]:.{places[i]}f}" if places[i] else one_line(str(_flat(row.get(c)))) for i, c in enumerate(columns)]
        for row in rows
    ]
    widths = [max(cell_len(line[i]) for line in grid) for i in range(len(columns))]
    out = []
    for line in grid:
        parts = []
        for i, text in enumerate(line):
            pad = " " * (widths[i] - cell_len(text))
            parts.append(pad + text if numeric[i] else text + pad)
        out.append("  ".join(parts).rstrip())
    return "\n".join(out)
