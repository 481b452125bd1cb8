"""The persistent corpus index: one SQLite file (WAL mode) with everything a batch needs.

Tables
------
``meta``
    The sketch parameters (``num_perm``, ``shingle_size``, ``seed``, the
    shingle kind, hash and method) and the schema version.  Sketches are
    only comparable with equal parameters, so opening an index with other
    ones fails, naming the fix.
``documents``
    One row per document: ``id``, ``content_hash`` (SHA-256 of the
    normalised text; unique, so the same article is stored once),
    ``title``, ``outlet``, ``date``, ``url``, ``source``,
    ``n_paragraphs``, ``n_sentences``, ``added_at``, the ``batch`` that
    added it, and the ``text`` itself (new copies are aligned against it).
``sketches``
    Per document the MinHash signature and the exact shingle set, both as
    BLOBs of little-endian ``uint64``; the in-memory LSH (:class:`LSH`) is
    rebuilt from the stored signatures, and candidates are verified on
    the stored sets.
``facts``, ``entities``
    The facts ``dedup facts`` reads in each document (JSON) and its names
    (one row per name, to find old articles on the same story).
``batches``
    One row per ``dedup batch`` / ``dedup index add`` that added
    something, with a key over its inputs, so that a rerun of the same
    batch is recognised and gives the same output.
``batch_settings``
    The settings each batch ran with (:meth:`dedup.settings.Settings.record`,
    JSON), so that what the index holds can be traced to the thresholds that
    chose it.  Indexes written before this table existed gain it with their
    next batch; their earlier batches have no row.

Every change happens inside one ``BEGIN IMMEDIATE`` transaction
(:meth:`Index.transaction`): a process killed at any moment leaves the index
as it was before or after, and a second writer waits (``wait`` seconds)
and then fails with a message that says what to do.

Every SQLite error that a user can meet (a damaged or foreign file, a full
disk, a read-only folder, a busy index) leaves this module as a
:class:`~dedup.errors.DedupError` that names the fix: :class:`IndexDamagedError`,
:class:`IndexWriteError`, :class:`IndexBusyError`.  :func:`check_index`
(``dedup index check``) runs SQLite's integrity check and checks that
dedup's tables agree with each other.

Examples
--------
>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "index.db")
>>> with Index.open(path) as idx:
...     idx.count(), idx.params.num_perm
(0, 128)
>>> Index.open(path, num_perm=64)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedup.errors.DedupError: index ... was built with num_perm=128; drop --num-perm ... --db NEW.db
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shlex
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup import __version__
from dedup.errors import DedupError
from dedup.model import Document
from dedup.near.minhash import SketchParams
from dedup.near.neardup import Sketches
from dedup.near.shingle import ShingleSets, normalize

__all__ = [
    "SCHEMA_VERSION",
    "Index",
    "IndexBusyError",
    "IndexCheck",
    "IndexDamagedError",
    "IndexRecord",
    "IndexWriteError",
    "check_index",
    "content_hash",
]

SCHEMA_VERSION = 1
DEFAULT_WAIT_S = 30.0
# Parameters that make stored sketches comparable; threshold, bands and rows
# only tune the in-memory LSH and may change from run to run.
_SKETCH_KEYS = ("num_perm", "shingle_size", "seed", "shingle_kind", "hash", "method")
_OPTION = {"num_perm": "--num-perm", "shingle_size": "--shingle-size", "seed": "--seed"}

_BATCH_SETTINGS = """CREATE TABLE IF NOT EXISTS batch_settings (
    batch INTEGER PRIMARY KEY REFERENCES batches(id) ON DELETE CASCADE,
    settings TEXT NOT NULL
)"""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    before_doc INTEGER NOT NULL,
    n_inputs INTEGER NOT NULL,
    n_new INTEGER NOT NULL,
    n_seen INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    title TEXT,
    outlet TEXT,
    date TEXT,
    url TEXT,
    source TEXT,
    n_paragraphs INTEGER NOT NULL,
    n_sentences INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    batch INTEGER REFERENCES batches(id),
    text TEXT NOT NULL,
    extra TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);
CREATE INDEX IF NOT EXISTS documents_batch ON documents(batch);
CREATE TABLE IF NOT EXISTS sketches (
    doc INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
    signature BLOB NOT NULL,
    shingles BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
    doc INTEGER PRIMARY KEY REFERENCES documents(seq) ON DELETE CASCADE,
    facts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    name TEXT NOT NULL,
    doc INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
    PRIMARY KEY (name, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc);
"""


class IndexBusyError(DedupError):
    """Another process is writing to the index and did not finish in time."""


class IndexDamagedError(DedupError):
    """The index file is damaged (or is not an SQLite file at all)."""


class IndexWriteError(DedupError):
    """The index could not be written: a full disk, an I/O error, a read-only file or folder."""


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text: case, typographic punctuation and spacing do not count.

    Examples
    --------
    >>> content_hash("Troops  massed.") == content_hash("troops massed.")
    True
    """
    return hashlib.sha256(" ".join(normalize(text).split()).encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _u64(blob: bytes) -> npt.NDArray[np.uint64]:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64, copy=False)


def _blob(values: npt.NDArray[np.uint64]) -> bytes:
    return np.ascontiguousarray(values, dtype="<u8").tobytes()


def _sets_from_blobs(blobs: Sequence[bytes]) -> ShingleSets:
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum([len(b) // 8 for b in blobs], out=offsets[1:])
    values = _u64(b"".join(blobs)) if blobs else np.zeros(0, np.uint64)
    return ShingleSets(values.copy(), offsets)


@dataclass
class IndexRecord:
    """A document ready to be stored: the document, its sketch and what was read from it."""

    document: Document
    content_hash: str
    n_sentences: int
    signature: npt.NDArray[np.uint64]
    shingles: npt.NDArray[np.uint64]
    facts: list[dict[str, Any]] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StoredBatch:
    """A batch recorded in the index."""

    id: int
    key: str
    kind: str
    before_doc: int


_EXTRA_FIELDS = ("author", "agency", "date_source", "encoding", "headings", "captions")


def _extra(doc: Document) -> str:
    extra: dict[str, Any] = {k: getattr(doc, k) for k in _EXTRA_FIELDS if getattr(doc, k)}
    if doc.text.split("\n\n") != doc.paragraphs:
        extra["paragraphs"] = doc.paragraphs
    return json.dumps(extra, ensure_ascii=False, sort_keys=True)


class Index:
    """An open index file.

    Use :meth:`open`; reads need no transaction (WAL readers never block),
    every change goes through :meth:`transaction`.
    """

    def __init__(self, path: str, conn: sqlite3.Connection, params: SketchParams, wait: float) -> None:
        self.path = path
        self.conn = conn
        self.params = params
        self.wait = wait
        self._in_transaction = False

    # ------------------------------------------------------------ opening

    @staticmethod
    def stored_params(path: str | os.PathLike[str]) -> dict[str, Any] | None:
        """The sketch parameters recorded in the index at ``path``; ``None`` if there is no index yet."""
        p = Path(path)
        if p.is_dir():
            raise DedupError(f"--db {str(p)!r} is a folder; pass the path of an index file, such as "
                             f"{str(p / 'index.db')!r}")
        if not p.exists() or p.stat().st_size == 0:
            return None
        with _sqlite_errors(str(p), DEFAULT_WAIT_S):
            conn = _connect(str(p), DEFAULT_WAIT_S)
            try:
                return _read_meta(conn, str(p))
            finally:
                conn.close()

    @staticmethod
    def resolve_params(
        path: str | os.PathLike[str],
        *,
        num_perm: int | None = None,
        shingle_size: int | None = None,
        seed: int | None = None,
        threshold: float = 0.5,
    ) -> SketchParams:
        """The sketch parameters a run on the index at ``path`` will use, checked as :meth:`open` does.

        Reads the index without keeping it open (so that worker processes
        can be started before the index is opened for writing).
        """
        stored = Index.stored_params(path)
        if stored is None:
            defaults = SketchParams()
            return SketchParams(
                num_perm=num_perm or defaults.num_perm,
                shingle_size=shingle_size or defaults.shingle_size,
                seed=defaults.seed if seed is None else seed,
                threshold=threshold,
            )
        return _check_params(str(path), stored, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
                             threshold=threshold)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        num_perm: int | None = None,
        shingle_size: int | None = None,
        seed: int | None = None,
        threshold: float = 0.5,
        create: bool = True,
        wait: float = DEFAULT_WAIT_S,
    ) -> Index:
        """Open (or create) the index at ``path``.

        Parameters
        ----------
        path
            The SQLite file.
        num_perm, shingle_size, seed
            Sketch parameters; ``None`` takes the index's own (or the
            defaults for a new index).  A value that differs from the
            index's raises :class:`~dedup.errors.DedupError`.
        threshold
            The Jaccard similarity the in-memory LSH is tuned for.
        create
            Create the file when it does not exist; else fail.
        wait
            Seconds to wait for another process's write to finish.

        Raises
        ------
        dedup.errors.DedupError
            Not an index, another schema version, other sketch parameters,
            no such file (with ``create=False``), or busy.  A damaged file
            raises :class:`IndexDamagedError`, a full disk or an unwritable
            file :class:`IndexWriteError`, here or later: an SQLite error
            inside a ``with Index.open(...)`` block leaves it as one of these.
        """
        spath = str(path)
        if Path(spath).is_dir():
            raise DedupError(f"--db {spath!r} is a folder; pass the path of an index file, such as "
                             f"{str(Path(spath) / 'index.db')!r}")
        exists = Path(spath).exists() and Path(spath).stat().st_size > 0
        if not exists and not create:
            raise DedupError(f"no index at {spath!r}; create one with 'dedup index add PATH... --db {spath}'")
        if not exists:
            parent = Path(spath).resolve().parent
            if not parent.is_dir():
                raise DedupError(f"cannot create index {spath!r}: folder {str(parent)!r} does not exist")
        with _sqlite_errors(spath, wait):
            conn = _connect(spath, wait)
            try:
                stored = _read_meta(conn, spath)
                if stored is None:
                    defaults = SketchParams()
                    params = SketchParams(
                        num_perm=num_perm or defaults.num_perm,
                        shingle_size=shingle_size or defaults.shingle_size,
                        seed=defaults.seed if seed is None else seed,
                        threshold=threshold,
                    )
                    _create(conn, spath, params, wait)
                    stored = _read_meta(conn, spath)
                    assert stored is not None
                params = _check_params(spath, stored, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
                                       threshold=threshold)
            except BaseException:
                _close_quietly(conn)
                raise
        return cls(spath, conn, params, wait)

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back)."""
        with _sqlite_errors(self.path, self.wait):
            self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None:
            self.close()
            return
        _close_quietly(self.conn)  # the error that ended the block is the one to report
        if _is_user_sqlite_error(exc):
            assert isinstance(exc, sqlite3.Error)
            raise _sqlite_error(self.path, exc, self.wait) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Index]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``: the write lock for the whole block, all or nothing.

        When the block (or the commit) fails, the transaction is rolled
        back and the error that made it fail is raised, never one from the
        rollback: SQLite rolls back by itself after some errors (a full
        disk), and a second rollback would fail with "no transaction is
        active".  SQLite errors are raised as :class:`~dedup.errors.DedupError`
        naming the fix.

        Raises
        ------
        IndexBusyError
            Another process held the write lock for longer than ``wait``.
        IndexWriteError
            The disk is full, or the file cannot be written.
        IndexDamagedError
            The file is damaged.
        """
        with _sqlite_errors(self.path, self.wait):
            self.conn.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            try:
                yield self
            except BaseException as exc:
                _rollback_quietly(self.conn)
                if _is_user_sqlite_error(exc):
                    assert isinstance(exc, sqlite3.Error)
                    raise _sqlite_error(self.path, exc, self.wait) from exc
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback_quietly(self.conn)
                if _is_user_sqlite_error(exc):
                    raise _sqlite_error(self.path, exc, self.wait) from exc
                raise
        finally:
            self._in_transaction = False

    # ------------------------------------------------------------ reading

    def _damaged(self, what: str) -> IndexDamagedError:
        return IndexDamagedError(f"the index {self.path!r} is damaged ({what}); {_fix(self.path)}")

    def _check_blobs(self, seqs: Sequence[int], blobs: Sequence[Any], size: int | None) -> None:
        """Stored values must be BLOBs of whole 64-bit words (of ``size`` bytes, if given)."""
        for seq, blob in zip(seqs, blobs):
            if not isinstance(blob, bytes) or len(blob) % 8 or (size is not None and len(blob) != size):
                raise self._damaged(f"document seq {seq} has a sketch of the wrong size")

    def count(self) -> int:
        """Documents in the index."""
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def max_seq(self) -> int:
        """The highest document sequence number (0 for an empty index)."""
        return int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0])

    def lookup_hashes(self, hashes: Sequence[str]) -> dict[str, tuple[int, str, int | None]]:
        """``content_hash -> (seq, id, batch)`` for the hashes already stored."""
        found: dict[str, tuple[int, str, int | None]] = {}
        for chunk in _chunks(list(dict.fromkeys(hashes)), 500):
            marks = ",".join("?" * len(chunk))
            for h, seq, did, batch in self.conn.execute(
                f"SELECT content_hash, seq, id, batch FROM documents WHERE content_hash IN ({marks})", chunk
            ):
                found[h] = (int(seq), str(did), None if batch is None else int(batch))
        return found

    def ids_in_use(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are taken by stored documents."""
        used: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            used.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return used

    def find_batch(self, key: str) -> StoredBatch | None:
        """The recorded batch with this input key, if any."""
        row = self.conn.execute("SELECT id, key, kind, before_doc FROM batches WHERE key = ?", (key,)).fetchone()
        return None if row is None else StoredBatch(int(row[0]), str(row[1]), str(row[2]), int(row[3]))

    def signatures(self, *, max_seq: int | None = None) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]:
        """Sequence numbers and signatures of every stored document (up to ``max_seq``), in order."""
        limit = self.max_seq() if max_seq is None else max_seq
        seqs: list[int] = []
        blobs: list[bytes] = []
        for seq, blob in self.conn.execute("SELECT doc, signature FROM sketches WHERE doc <= ? ORDER BY doc",
                                           (limit,)):
            seqs.append(seq)
            blobs.append(blob)
        k = self.params.num_perm
        self._check_blobs(seqs, blobs, 8 * k)
        sigs = _u64(b"".join(blobs)).reshape(-1, k).copy() if blobs else np.zeros((0, k), np.uint64)
        return np.asarray(seqs, dtype=np.int64), sigs

    def iter_shingles(
        self, *, max_seq: int | None = None, chunk: int = 4096
    ) -> Iterator[tuple[npt.NDArray[np.int64], ShingleSets]]:
        """Stored shingle sets (up to ``max_seq``) in chunks of ``chunk`` documents, in order."""
        limit = self.max_seq() if max_seq is None else max_seq
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT doc, shingles FROM sketches WHERE doc > ? AND doc <= ? ORDER BY doc LIMIT ?",
                (last, limit, chunk),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            self._check_blobs([r[0] for r in rows], [r[1] for r in rows], None)
            yield np.asarray([r[0] for r in rows], dtype=np.int64), _sets_from_blobs([r[1] for r in rows])

    def sketches(self, seqs: Sequence[int]) -> Sketches:
        """The stored sketches of ``seqs``, in that order."""
        by_seq: dict[int, tuple[bytes, bytes]] = {}
        for chunk in _chunks(list(seqs), 500):
            marks = ",".join("?" * len(chunk))
            for seq, sig, sh in self.conn.execute(
                f"SELECT doc, signature, shingles FROM sketches WHERE doc IN ({marks})", chunk
            ):
                by_seq[int(seq)] = (sig, sh)
        k = self.params.num_perm
        lost = [s for s in seqs if s not in by_seq]
        if lost:
            raise self._damaged(f"document seq {lost[0]} has no sketch")
        self._check_blobs(seqs, [by_seq[s][0] for s in seqs], 8 * k)
        self._check_blobs(seqs, [by_seq[s][1] for s in seqs], None)
        sigs = (_u64(b"".join(by_seq[s][0] for s in seqs)).reshape(-1, k).copy()
                if seqs else np.zeros((0, k), np.uint64))
        return Sketches(_sets_from_blobs([by_seq[s][1] for s in seqs]), sigs)

    def documents(self, seqs: Sequence[int]) -> list[Document]:
        """The stored documents ``seqs``, in that order, as :class:`~dedup.model.Document`."""
        by_seq: dict[int, Document] = {}
        for chunk in _chunks(list(seqs), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT seq, id, title, outlet, date, url, source, text, extra FROM documents WHERE seq IN ({marks})",
                chunk,
            ):
                seq, did, title, outlet, date, url, source, text, extra_json = row
                try:
                    extra = json.loads(extra_json)
                except (TypeError, ValueError):
                    extra = None
                if not isinstance(extra, dict) or not isinstance(text, str):
                    raise self._damaged(f"document seq {seq} has unreadable metadata")
                paragraphs = extra.pop("paragraphs", None) or text.split("\n\n")
                by_seq[int(seq)] = Document(
                    id=did, paragraphs=paragraphs, title=title, outlet=outlet, date=date, url=url, source=source,
                    **{k: extra[k] for k in _EXTRA_FIELDS if k in extra},
                )
        lost = [s for s in seqs if s not in by_seq]
        if lost:
            raise self._damaged(f"document seq {lost[0]} is missing")
        return [by_seq[s] for s in seqs]

    def dates(self, seqs: Sequence[int]) -> dict[int, str | None]:
        """Publication dates of stored documents."""
        found: dict[int, str | None] = {}
        for chunk in _chunks(list(seqs), 500):
            marks = ",".join("?" * len(chunk))
            for seq, date in self.conn.execute(f"SELECT seq, date FROM documents WHERE seq IN ({marks})", chunk):
                found[int(seq)] = date
        return found

    def entity_partners(
        self,
        new_entities: Sequence[Sequence[str]],
        *,
        max_seq: int,
        min_shared: int,
        max_df: int = 1000,
    ) -> dict[int, int]:
        """Stored documents sharing at least ``min_shared`` names with one of the new documents.

        Names held by more than ``max_df`` stored documents ("Moscow",
        "NATO") are too common to say two articles are on one story and
        are not counted.  Returns ``seq -> most names shared with one new
        document``.
        """
        names = sorted({n for ents in new_entities for n in ents})
        if not names or min_shared < 1:
            return {}
        holders: dict[str, list[int]] = {}
        for chunk in _chunks(names, 500):
            marks = ",".join("?" * len(chunk))
            for name, doc in self.conn.execute(
                f"SELECT name, doc FROM entities WHERE doc <= ? AND name IN ({marks})", (max_seq, *chunk)
            ):
                holders.setdefault(name, []).append(int(doc))
        best: dict[int, int] = {}
        for ents in new_entities:
            counts: dict[int, int] = {}
            for name in set(ents):
                docs = holders.get(name, [])
                if len(docs) > max_df:
                    continue
                for d in docs:
                    counts[d] = counts.get(d, 0) + 1
            for d, c in counts.items():
                if c >= min_shared and c > best.get(d, 0):
                    best[d] = c
        return best

    def stats(self) -> dict[str, Any]:
        """Counts and parameters, as ``dedup index stats`` prints them."""
        q = self.conn.execute
        n_docs = self.count()
        first, last = q("SELECT MIN(date), MAX(date) FROM documents").fetchone()
        batches = q("SELECT COUNT(*), MAX(finished_at) FROM batches").fetchone()
        meta = dict(q("SELECT key, value FROM meta").fetchall())
        recorded = self.batch_settings(last=True)
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return {
            "path": self.path,
            "schema_version": int(meta.get("schema_version", 0)),
            "documents": n_docs,
            "outlets": int(q("SELECT COUNT(DISTINCT outlet) FROM documents").fetchone()[0]),
            "undated": int(q("SELECT COUNT(*) FROM documents WHERE date IS NULL").fetchone()[0]),
            "first_date": first,
            "last_date": last,
            "facts": int(q("SELECT COALESCE(SUM(json_array_length(facts)), 0) FROM facts").fetchone()[0]),
            "names": int(q("SELECT COUNT(*) FROM entities").fetchone()[0]),
            "batches": int(batches[0]),
            "last_batch": batches[1],
            "sketch": {k: _typed(k, meta[k]) for k in _SKETCH_KEYS if k in meta},
            "settings": recorded[-1][1] if recorded else None,
            "created_at": meta.get("created_at"),
            "created_by": meta.get("dedup_version"),
            "size_mb": round(size / 1e6, 3),
        }

    # ------------------------------------------------------------ writing

    def _require_transaction(self) -> None:
        if not self._in_transaction:
            raise RuntimeError("index writes must happen inside Index.transaction()")

    def expire(self, keep_days: int, *, today: dt.date | None = None) -> int:
        """Delete documents older than ``keep_days`` days; returns how many.

        A document's age is its publication date, or the day it was added
        when it has none.
        """
        self._require_transaction()
        if keep_days < 0:
            raise DedupError(f"--keep-days {keep_days} must be 0 or more")
        cutoff = ((today or dt.datetime.now(dt.timezone.utc).date()) - dt.timedelta(days=keep_days)).isoformat()
        cur = self.conn.execute(
            "DELETE FROM documents WHERE COALESCE(date, substr(added_at, 1, 10)) < ?", (cutoff,)
        )
        return int(cur.rowcount)

    def add_batch(self, *, key: str, kind: str, before_doc: int, n_inputs: int, n_new: int, n_seen: int,
                  started_at: str, settings: Mapping[str, Any] | None = None) -> int:
        """Record a batch, and the settings it ran with when given; returns its id."""
        self._require_transaction()
        cur = self.conn.execute(
            "INSERT INTO batches (key, kind, before_doc, n_inputs, n_new, n_seen, started_at, finished_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (key, kind, before_doc, n_inputs, n_new, n_seen, started_at, _now()),
        )
        assert cur.lastrowid is not None
        batch = int(cur.lastrowid)
        if settings is not None:
            self.conn.execute(_BATCH_SETTINGS)  # an index written before the table existed gains it here
            self.conn.execute(
                "INSERT INTO batch_settings (batch, settings) VALUES (?, ?)",
                (batch, json.dumps(dict(settings), sort_keys=True, ensure_ascii=False, allow_nan=False)),
            )
        return batch

    def batch_settings(self, *, last: bool = False) -> list[tuple[int, dict[str, Any]]]:
        """``(batch id, settings)`` of every batch whose settings are recorded and readable, oldest first.

        With ``last``, only the most recent such batch (``index stats``).  A row that is not a JSON object
        is left out here; :func:`check_index` reports it.
        """
        if not self._has_table("batch_settings"):
            return []
        order = "DESC" if last else "ASC"
        found: list[tuple[int, dict[str, Any]]] = []
        for batch, text in self.conn.execute(f"SELECT batch, settings FROM batch_settings ORDER BY batch {order}"):
            try:
                value = json.loads(text)
            except (TypeError, ValueError):
                continue
            if isinstance(value, dict):
                found.append((int(batch), value))
                if last:
                    break
        return found

    def _has_table(self, name: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return found.fetchone() is not None

    def insert(self, records: Sequence[IndexRecord], *, batch: int | None) -> list[int]:
        """Store ``records`` (ids and content hashes must be new); returns their sequence numbers."""
        self._require_transaction()
        added_at = _now()
        seqs: list[int] = []
        for r in records:
            d = r.document
            cur = self.conn.execute(
                "INSERT INTO documents (id, content_hash, title, outlet, date, url, source, n_paragraphs, "
                "n_sentences, added_at, batch, text, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (d.id, r.content_hash, d.title, d.outlet, d.date, d.url, d.source, len(d.paragraphs),
                 r.n_sentences, added_at, batch, d.text, _extra(d)),
            )
            assert cur.lastrowid is not None
            seq = int(cur.lastrowid)
            seqs.append(seq)
            self.conn.execute("INSERT INTO sketches (doc, signature, shingles) VALUES (?, ?, ?)",
                              (seq, _blob(r.signature), _blob(r.shingles)))
            self.conn.execute("INSERT INTO facts (doc, facts) VALUES (?, ?)",
                              (seq, json.dumps(r.facts, ensure_ascii=False)))
            self.conn.executemany("INSERT OR IGNORE INTO entities (name, doc) VALUES (?, ?)",
                                  [(name, seq) for name in r.entities])
        return seqs


# ---------------------------------------------------------------- helpers


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _connect(path: str, wait: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=max(wait, 0.0), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        _close_quietly(conn)
        raise
    if str(mode).lower() != "wal":
        conn.close()
        raise DedupError(f"cannot put index {path!r} in WAL mode (journal mode {mode}); put it on a local disk")
    return conn


def _busy(path: str, wait: float, exc: Exception) -> IndexBusyError:
    return IndexBusyError(
        f"index {path!r} is in use by another dedup process (waited {wait:g} s: {exc}); "
        "let it finish, or pass --wait SECONDS to wait longer"
    )


def _arg(path: str) -> str:
    """``path`` as one shell word, for the commands that messages suggest."""
    return path if shlex.quote(path) == path else json.dumps(path, ensure_ascii=False)


def _fix(path: str) -> str:
    return (f"run 'dedup index check --db {_arg(path)}', or rebuild it from the sources with "
            "'dedup index add SOURCES... --db NEW.db'")


def _is_user_sqlite_error(exc: BaseException) -> bool:
    """An SQLite error that the file, the disk or another process causes (not a misuse of the API: a bug)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError, sqlite3.NotSupportedError)
    )


def _sqlite_error(path: str, exc: sqlite3.Error, wait: float) -> DedupError:
    """The one-line error that names the fix for an SQLite error on the index at ``path``.

    Examples
    --------
    >>> _sqlite_error("x.db", sqlite3.DatabaseError("database disk image is malformed"), 30)
    ... # doctest: +NORMALIZE_WHITESPACE
    IndexDamagedError("the index 'x.db' is damaged (database disk image is malformed); run 'dedup index check
    --db x.db', or rebuild it from the sources with 'dedup index add SOURCES... --db NEW.db'")
    >>> str(_sqlite_error("x.db", sqlite3.OperationalError("database or disk is full"), 30))  # doctest: +ELLIPSIS
    "cannot write the index 'x.db': the disk is full (database or disk is full); free space ... nothing was stored"
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    message = str(exc)
    low = message.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low or "busy" in low:
        return _busy(path, wait, exc)
    if name.startswith("SQLITE_NOTADB") or "not a database" in low:
        return IndexDamagedError(
            f"{path!r} is not a dedup index, or it is damaged ({message}); pass another --db path, or {_fix(path)}"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in low or "could not decode" in low:
        return IndexDamagedError(f"the index {path!r} is damaged ({message}); {_fix(path)}")
    if name.startswith("SQLITE_FULL") or "disk is full" in low:
        return IndexWriteError(
            f"cannot write the index {path!r}: the disk is full ({message}); free space on its disk, or pass "
            "--db a path on another disk, then run again; nothing was stored"
        )
    if name.startswith("SQLITE_IOERR") or "i/o error" in low:
        return IndexWriteError(
            f"cannot read or write the index {path!r} ({message}{', ' + name if name else ''}): the disk is full, "
            "failing, or over a file size limit; free space or check the disk, then run again; nothing was stored"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in low:
        return IndexWriteError(
            f"cannot write the index {path!r} ({message}); make the file, its -wal and -shm files and its folder "
            "writable, or pass another --db path"
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return IndexWriteError(f"cannot open the index {path!r} ({message}); check the path and its permissions")
    return DedupError(f"the index {path!r} cannot be used ({message}); {_fix(path)}")


@contextlib.contextmanager
def _sqlite_errors(path: str, wait: float) -> Iterator[None]:
    """Raise the SQLite errors of the block as :class:`~dedup.errors.DedupError` naming the fix."""
    try:
        yield
    except sqlite3.Error as exc:
        if _is_user_sqlite_error(exc):
            raise _sqlite_error(path, exc, wait) from exc
        raise


def _rollback_quietly(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open; a rollback error never hides the error being handled."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass  # SQLite rolled back already, or the connection is unusable: closing it ends the transaction


def _close_quietly(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.close()


def _read_meta(conn: sqlite3.Connection, path: str) -> dict[str, Any] | None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        return None
    if "meta" not in tables or "documents" not in tables:
        raise DedupError(f"{path!r} is an SQLite database but not a dedup index; pass another --db path")
    meta = {k: _typed(k, v) for k, v in conn.execute("SELECT key, value FROM meta")}
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise DedupError(
            f"index {path!r} has schema version {version}, this dedup {__version__} reads version {SCHEMA_VERSION}; "
            "use the dedup that made it, or build a new index with 'dedup index add PATH... --db NEW.db'"
        )
    return meta


def _typed(key: str, value: str) -> Any:
    if key in ("num_perm", "shingle_size", "seed", "schema_version"):
        return int(value)
    return value


def _create(conn: sqlite3.Connection, path: str, params: SketchParams, wait: float) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(_BATCH_SETTINGS)
        record = params.as_dict()
        rows = {k: str(record[k]) for k in _SKETCH_KEYS}
        rows.update(schema_version=str(SCHEMA_VERSION), created_at=_now(), dedup_version=__version__)
        conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", sorted(rows.items()))
        conn.execute("COMMIT")
    except BaseException:
        _rollback_quietly(conn)
        raise


def _check_params(
    path: str,
    stored: dict[str, Any],
    *,
    num_perm: int | None,
    shingle_size: int | None,
    seed: int | None,
    threshold: float,
) -> SketchParams:
    asked = {"num_perm": num_perm, "shingle_size": shingle_size, "seed": seed}
    for key, value in asked.items():
        if value is not None and value != stored.get(key):
            option = _OPTION[key]
            raise DedupError(
                f"index {path!r} was built with {key}={stored.get(key)}; drop {option} (the index's value is used) "
                f"or pass {option} {stored.get(key)}, or start a new index with --db NEW.db"
            )
    params = SketchParams(
        num_perm=int(stored["num_perm"]), shingle_size=int(stored["shingle_size"]), seed=int(stored["seed"]),
        threshold=threshold,
    )
    code = params.as_dict()
    for key in ("shingle_kind", "hash", "method"):
        if key in stored and stored[key] != code[key]:
            raise DedupError(
                f"index {path!r} was built with another {key.replace('_', ' ')} ({stored[key]!r}; this dedup uses "
                f"{code[key]!r}); rebuild it with 'dedup index add PATH... --db NEW.db'"
            )
    return params


# ---------------------------------------------------------------- checking

_TABLES = ("meta", "batches", "documents", "sketches", "facts", "entities")


@dataclass
class IndexCheck:
    """What :func:`check_index` found in an index file.

    Attributes
    ----------
    path
        The file checked.
    problems
        One line per problem found; empty when the index is sound.
    documents
        Documents in the index; ``None`` when they could not be counted.
    """

    path: str
    problems: list[str] = field(default_factory=list)
    documents: int | None = None

    @property
    def ok(self) -> bool:
        """No problem found."""
        return not self.problems

    def record(self) -> dict[str, Any]:
        """As ``dedup index check --format json`` prints it."""
        return {"path": self.path, "ok": self.ok, "documents": self.documents, "problems": list(self.problems)}


def check_index(path: str | os.PathLike[str], *, max_problems: int = 100) -> IndexCheck:
    """Check the index file at ``path``: SQLite's integrity check, then the consistency of dedup's tables.

    The file is opened read-only and nothing in it changes.  SQLite's
    ``PRAGMA integrity_check`` reads every page; then every document must
    have its sketch and facts, every sketch, fact list and name a document,
    every document's batch a record, and the stored values their shape
    (signatures of ``num_perm`` values, facts as JSON lists).  A file that
    is damaged so badly that SQLite cannot read it (or that is no SQLite
    file at all) is a problem found, not an error.

    Parameters
    ----------
    path
        The index file.
    max_problems
        Stop listing SQLite's findings after this many.

    Returns
    -------
    IndexCheck
        ``ok`` when nothing was found.

    Raises
    ------
    dedup.errors.DedupError
        No file at ``path`` (or an empty one), or it cannot be opened
        (permissions, busy).

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "index.db")
    >>> Index.open(path).close()
    >>> check_index(path).ok
    True
    >>> with open(path, "r+b") as f:
    ...     _ = f.write(b"not sqlite" * 10)
    >>> check_index(path).problems  # doctest: +ELLIPSIS
    ['not readable as an SQLite database (file is not a database): ...']
    """
    spath = str(path)
    p = Path(spath)
    if p.is_dir():
        raise DedupError(f"--db {spath!r} is a folder; pass the path of an index file")
    if not p.is_file() or p.stat().st_size == 0:
        raise DedupError(f"no index at {spath!r}; pass the --db path of an index")
    report = IndexCheck(spath)
    with _sqlite_errors(spath, DEFAULT_WAIT_S):
        conn = sqlite3.connect(p.resolve().as_uri() + "?mode=ro", uri=True, timeout=DEFAULT_WAIT_S,
                               isolation_level=None, check_same_thread=False)
    try:
        _check_tables(conn, report, max_problems)
    except sqlite3.Error as exc:
        if not _is_user_sqlite_error(exc):
            raise
        error = _sqlite_error(spath, exc, DEFAULT_WAIT_S)
        if not isinstance(error, IndexDamagedError):
            raise error from exc
        report.problems.append(f"not readable as an SQLite database ({exc}): the file is damaged, or it is "
                               "not an index")
    finally:
        _close_quietly(conn)
    return report


def _check_tables(conn: sqlite3.Connection, report: IndexCheck, max_problems: int) -> None:
    problems = report.problems
    found = [line.strip() for row in conn.execute(f"PRAGMA integrity_check({max(1, int(max_problems))})")
             for line in str(row[0]).splitlines()]
    found = [line for line in found if line and line != "ok" and not line.startswith("*** in database")]
    problems += [f"SQLite: {line}" for line in found[:max_problems]]
    if len(found) >= max_problems:
        problems.append(f"SQLite: (the first {max_problems} problems are listed)")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in _TABLES if t not in tables]
    if missing:
        problems.append(f"not a dedup index: no {', '.join(missing)} table" + ("s" if len(missing) > 1 else ""))
        return
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        problems.append(f"schema version {meta.get('schema_version')}, this dedup {__version__} reads "
                        f"version {SCHEMA_VERSION}")
    absent = [k for k in _SKETCH_KEYS if k not in meta]
    if absent:
        problems.append(f"the sketch parameters {', '.join(absent)} are not recorded in the meta table")
    num_perm = meta.get("num_perm", "")
    report.documents = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    checks: list[tuple[str, str, tuple[Any, ...]]] = [
        ("documents without a sketch",
         "SELECT d.seq FROM documents d LEFT JOIN sketches s ON s.doc = d.seq WHERE s.doc IS NULL", ()),
        ("documents without facts",
         "SELECT d.seq FROM documents d LEFT JOIN facts f ON f.doc = d.seq WHERE f.doc IS NULL", ()),
        ("sketches of no document",
         "SELECT s.doc FROM sketches s LEFT JOIN documents d ON d.seq = s.doc WHERE d.seq IS NULL", ()),
        ("fact lists of no document",
         "SELECT f.doc FROM facts f LEFT JOIN documents d ON d.seq = f.doc WHERE d.seq IS NULL", ()),
        ("names of no document",
         "SELECT DISTINCT e.doc FROM entities e LEFT JOIN documents d ON d.seq = e.doc WHERE d.seq IS NULL", ()),
        ("documents of a batch that is not recorded",
         "SELECT d.seq FROM documents d LEFT JOIN batches b ON b.id = d.batch "
         "WHERE d.batch IS NOT NULL AND b.id IS NULL", ()),
        (f"signatures that are not num_perm={num_perm} values",
         "SELECT doc FROM sketches WHERE typeof(signature) != 'blob' OR length(signature) != ?",
         (8 * int(num_perm) if num_perm.isdigit() else -1,)),
        ("shingle sets that are not whole 64-bit values",
         "SELECT doc FROM sketches WHERE typeof(shingles) != 'blob' OR length(shingles) % 8 != 0", ()),
        ("fact lists that are not JSON lists",
         "SELECT doc FROM facts WHERE NOT json_valid(facts) OR json_type(facts) != 'array'", ()),
        ("documents whose metadata is not JSON", "SELECT seq FROM documents WHERE NOT json_valid(extra)", ()),
        ("documents without a SHA-256 content hash",
         "SELECT seq FROM documents WHERE typeof(content_hash) != 'text' OR length(content_hash) != 64", ()),
    ]
    for what, sql, args in checks:
        seqs = [int(r[0]) for r in conn.execute(sql, args)]
        if seqs:
            shown = ", ".join(map(str, seqs[:5])) + (", ..." if len(seqs) > 5 else "")
            problems.append(f"{what}: {len(seqs)} (document seq {shown})")
    if "batch_settings" in tables:  # older indexes lack it until their next batch
        for what, sql in (
            ("settings of a batch that is not recorded",
             "SELECT s.batch FROM batch_settings s LEFT JOIN batches b ON b.id = s.batch WHERE b.id IS NULL"),
            ("batch settings that are not a JSON object",
             "SELECT batch FROM batch_settings WHERE NOT json_valid(settings) OR json_type(settings) != 'object'"),
        ):
            ids = [int(r[0]) for r in conn.execute(sql)]
            if ids:
                shown = ", ".join(map(str, ids[:5])) + (", ..." if len(ids) > 5 else "")
                problems.append(f"{what}: {len(ids)} (batch {shown})")


