"""MinHash signatures and banded LSH, computed for a whole batch at once.

Signatures use one-permutation hashing (Li, Owen & Zhang 2012) with optimal
densification (Shrivastava 2017): every shingle hash falls into one of
``num_perm`` bins by its top bits, each bin keeps its minimum, and empty
bins borrow the value of a bin chosen by a fixed pseudo-random probe
sequence.  Two documents agree on a bin with probability equal to their
Jaccard similarity, as with ``num_perm`` independent permutations, but the
cost is one pass over the shingles instead of ``num_perm``.

LSH bands ``rows`` consecutive bins into one key; documents that share a
key in any band are candidates.  Candidates are only candidates: the
caller verifies them exactly (:mod:`dedup.near.neardup`).

Examples
--------
>>> from dedup.near.shingle import shingle_sets
>>> params = SketchParams()
>>> texts = ["one two three four five six seven eight nine ten"] * 2 + ["alpha beta gamma delta"]
>>> sigs = signatures(shingle_sets(texts, k=params.shingle_size, seed=params.seed), params)
>>> sigs.shape
(3, 128)
>>> float(estimate_jaccard(sigs[0], sigs[1])), float(estimate_jaccard(sigs[0], sigs[2]))
(1.0, 0.0)
>>> candidate_pairs(sigs, bands=params.bands, rows=params.rows).tolist()
[[0, 1]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.errors import ParameterError
from dedup.near.shingle import HASH_BITS, ShingleSets, byte_chunks, compiled_kernel, encode_batch, mix64, shingle_sets
from dedup.settings import Settings

__all__ = [
    "EMPTY",
    "SketchParams",
    "candidate_pairs",
    "choose_bands",
    "estimate_jaccard",
    "lsh_probability",
    "signatures",
    "sketch",
]

EMPTY = np.uint64(np.iinfo(np.uint64).max)
_U64 = np.uint64


def lsh_probability(similarity: float, bands: int, rows: int) -> float:
    """Probability that two documents with this Jaccard share a band.

    Examples
    --------
    >>> round(lsh_probability(0.5, 42, 3), 4)
    0.9963
    """
    return float(1.0 - (1.0 - similarity**rows) ** bands)


MAX_BUCKET = 2000
"""An LSH bucket with more members than this is a common key (boilerplate): its members are linked to one of
them, not pairwise."""


def choose_bands(threshold: float, num_perm: int, *, recall: float = 0.99) -> tuple[int, int]:
    """The ``(bands, rows)`` with the most rows that still finds pairs at
    ``threshold`` with probability at least ``recall``.

    More rows means fewer false candidates; the recall target at the
    threshold itself makes pairs 0.1 above it near-certain.

    Examples
    --------
    >>> choose_bands(0.5, 128)
    (42, 3)
    >>> choose_bands(0.8, 128)
    (21, 6)
    """
    if not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold {threshold} is outside (0, 1]; pass a value such as 0.5")
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if lsh_probability(threshold, bands, rows) >= recall:
            best = (bands, rows)
        else:
            break
    return best


@dataclass(frozen=True)
class SketchParams:
    """Everything that makes two sketches comparable; stored with every output.

    Parameters
    ----------
    num_perm
        Signature length (number of one-permutation-hashing bins); a
        power of two.
    shingle_size
        Words per shingle.
    seed
        Seed of every hash function.
    threshold
        The Jaccard similarity the LSH bands are tuned for.
    bands, rows
        LSH banding; chosen from ``threshold`` by :func:`choose_bands`
        unless given.

    Examples
    --------
    >>> SketchParams(threshold=0.8).bands
    21
    """

    num_perm: int = Settings.num_perm
    shingle_size: int = Settings.shingle_size
    seed: int = Settings.seed
    threshold: float = Settings.threshold
    bands: int = 0
    rows: int = 0
    shingle_kind: str = "word"
    hash: str = "splitmix64 over 8-byte word chunks, 40-bit shingle ids"
    method: str = "one-permutation MinHash, optimal densification"

    def __post_init__(self) -> None:
        if self.num_perm < 8 or self.num_perm & (self.num_perm - 1) or self.num_perm > 1024:
            raise ParameterError(f"num_perm {self.num_perm} must be a power of two from 8 to 1024; try 128")
        if self.shingle_size < 1 or self.shingle_size > 8:
            raise ParameterError(f"shingle size {self.shingle_size} must be 1 to 8 words; try 3")
        if not 0 <= self.seed < 2**63:  # the compiled and numpy hashes agree on these (and the index stores it)
            raise ParameterError(f"seed {self.seed} must be from 0 to 2**63 - 1; try 1")
        if not self.bands or not self.rows:
            bands, rows = choose_bands(self.threshold, self.num_perm)
            object.__setattr__(self, "bands", bands)
            object.__setattr__(self, "rows", rows)
        if self.bands * self.rows > self.num_perm:
            raise ParameterError(f"bands x rows ({self.bands}x{self.rows}) exceeds num_perm {self.num_perm}")

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the parameters."""
        return asdict(self)


@lru_cache(maxsize=16)
def _probe_table(num_perm: int, attempts: int, seed: int) -> npt.NDArray[np.int64]:
    rng = np.random.default_rng(seed + 7919)
    table = rng.integers(0, num_perm, size=(attempts, num_perm), dtype=np.int64)
    table.flags.writeable = False  # shared by every call (cached)
    return table


_ATTEMPTS = 256  # rows of the first probe table; a row needing more is rare (a set of a few shingles)


@lru_cache(maxsize=16)
def _probe_bytes(num_perm: int, seed: int) -> bytes:
    return _probe_table(num_perm, _ATTEMPTS, seed).tobytes()


def sketch(texts: Sequence[str], params: SketchParams) -> tuple[ShingleSets, npt.NDArray[np.uint64]]:
    """The shingle sets of ``texts`` and their signatures: :func:`~dedup.near.shingle.shingle_sets`
    followed by :func:`signatures`, in one compiled pass where the compiled twin is built.

    Examples
    --------
    >>> sets, sigs = sketch(["the cat sat on the mat", "the cat sat"], SketchParams())
    >>> sets.sizes().tolist(), sigs.shape
    ([4, 1], (2, 128))
    """
    fast = compiled_kernel()
    if fast is None:
        sets = shingle_sets(texts, k=params.shingle_size, seed=params.seed)
        return sets, signatures(sets, params)
    k = params.num_perm
    set_parts: list[ShingleSets] = []
    sig_parts: list[npt.NDArray[np.uint64]] = []
    for chunk in byte_chunks(texts):
        raw, doc_start = encode_batch(chunk, fold=False)  # the kernel ends words at folded characters itself
        values, offsets, sigs, unfinished = fast.sketch(
            raw, doc_start.tobytes(), params.shingle_size, params.seed, k, _probe_bytes(k, params.seed)
        )
        sets = ShingleSets(np.frombuffer(values, dtype=np.uint64), np.frombuffer(offsets, dtype=np.int64))
        sig = np.frombuffer(sigs, dtype=np.uint64).reshape(len(chunk), k)
        rest = np.frombuffer(unfinished, dtype=np.int64)
        if len(rest):  # sets whose empty bins the first probe table did not fill: numpy goes on, all at once
            sig[rest] = signatures(_subset(sets, rest), params)
        set_parts.append(sets)
        sig_parts.append(sig)
    if len(set_parts) == 1:
        return set_parts[0], sig_parts[0]
    return ShingleSets.concat(set_parts), np.concatenate(sig_parts)


def _subset(sets: ShingleSets, rows: npt.NDArray[np.int64]) -> ShingleSets:
    """The sets ``rows`` of ``sets``, in that order."""
    sizes = sets.sizes()[rows]
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    total = int(offsets[-1])
    # position of each value: its set's start in ``sets`` plus its rank inside the set
    base = np.repeat(sets.offsets[rows] - offsets[:-1], sizes)
    return ShingleSets(sets.values[base + np.arange(total)], offsets)


def signatures(sets: ShingleSets, params: SketchParams) -> npt.NDArray[np.uint64]:
    """One-permutation MinHash signatures of every set, shape ``(n, num_perm)``.

    A document without shingles gets a row of :data:`EMPTY`, which never
    matches anything.
    """
    k = params.num_perm
    bits = k.bit_length() - 1
    n = len(sets)
    sig = np.full((n, k), EMPTY, dtype=np.uint64)
    if n == 0 or len(sets.values) == 0:
        return sig
    sizes = sets.sizes()
    doc = np.repeat(np.arange(n, dtype=np.int64), sizes)
    vals = sets.values
    bin_ = (vals >> _U64(HASH_BITS - bits)).astype(np.int64)
    low = vals & _U64((1 << (HASH_BITS - bits)) - 1)
    flat = doc * k + bin_
    first = np.empty(len(flat), dtype=bool)
    first[0] = True
    np.not_equal(flat[1:], flat[:-1], out=first[1:])
    sig.reshape(-1)[flat[first]] = low[first]

    # Optimal densification: an empty bin j copies the first non-empty bin
    # in a probe sequence that depends on j and the attempt only.
    filled = sig != EMPTY
    rows_, cols = np.nonzero(~filled & (sizes > 0)[:, None])
    attempts = _ATTEMPTS
    table = _probe_table(k, attempts, params.seed)
    t = 0
    while len(rows_):
        if t == attempts:
            attempts *= 4
            table = _probe_table(k, attempts, params.seed)
        probe = table[t, cols]
        ok = filled[rows_, probe]
        sig[rows_[ok], cols[ok]] = sig[rows_[ok], probe[ok]]
        rows_, cols = rows_[~ok], cols[~ok]
        t += 1
    return sig


def estimate_jaccard(a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64]) -> float:
    """Jaccard similarity estimated from two signatures.

    Examples
    --------
    >>> a = np.array([1, 2, 3, 4], dtype=np.uint64)
    >>> float(estimate_jaccard(a, np.array([1, 2, 0, 0], dtype=np.uint64)))
    0.5
    """
    if a[0] == EMPTY or b[0] == EMPTY:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sigs: npt.NDArray[np.uint64], *, bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per document and band, shape ``(n, bands)``."""
    n = sigs.shape[0]
    fast = compiled_kernel()
    if fast is not None:
        flat = np.ascontiguousarray(sigs, dtype=np.uint64)
        raw = fast.band_keys(flat, n, flat.shape[1], bands, rows, int(EMPTY))
        return np.frombuffer(raw, dtype=np.uint64).reshape(n, bands)
    keys = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            cols = sigs[:, r : bands * rows : rows][:, :bands]
            keys = keys * _U64(0x100000001B3) + mix64(cols + _U64(r))
        keys = mix64(keys + np.arange(bands, dtype=np.uint64)[None, :])
    empty = sigs[:, 0] == EMPTY
    if empty.any():
        keys[empty] = EMPTY
    return keys


def runs(sorted_values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Start and length of every run of equal values in a sorted, non-empty array.

    Examples
    --------
    >>> start, length = runs(np.array([1, 1, 2, 5, 5, 5]))
    >>> start.tolist(), length.tolist()
    ([0, 2, 3], [2, 1, 3])
    """
    m = len(sorted_values)
    boundary = np.empty(m, dtype=bool)
    boundary[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=boundary[1:])
    start = np.flatnonzero(boundary)
    return start, np.diff(np.append(start, m))


def pairs_in_runs(order: npt.NDArray[np.int64], sorted_keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """All pairs of items that share a key; ``order`` sorts ``sorted_keys``' source."""
    m = len(sorted_keys)
    if m < 2:
        return np.zeros((0, 2), dtype=np.int64)
    run_start, run_len = runs(sorted_keys)
    multi = run_len > 1
    run_start, run_len = run_start[multi], run_len[multi]
    if len(run_start) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    # Member positions and their rank inside the run.
    pos = _expand(run_start, run_len)
    rank = pos - np.repeat(run_start, run_len)
    after = np.repeat(run_len, run_len) - rank - 1  # members after this one
    first = np.repeat(pos, after)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(after) - after, after)
    second = first + 1 + offset
    a, b = order[first], order[second]
    return np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)


def _expand(start: npt.NDArray[np.int64], length: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    total = int(length.sum())
    base = np.repeat(start - np.concatenate(([0], np.cumsum(length)[:-1])), length)
    return base + np.arange(total)


def candidate_pairs(
    sigs: npt.NDArray[np.uint64], *, bands: int, rows: int, max_bucket: int = MAX_BUCKET
) -> npt.NDArray[np.int64]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band key.

    Parameters
    ----------
    sigs
        Signatures, one row per document.
    bands, rows
        The banding.
    max_bucket
        A band bucket with more members than this (thousands of copies of
        the same boilerplate) contributes only the pairs linking each member
        to the bucket's first member, keeping the work linear.

    Returns
    -------
    ndarray of shape (m, 2)
        Unique candidate pairs, sorted.
    """
    n = sigs.shape[0]
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    keys = band_keys(sigs, bands=bands, rows=rows)
    fast = compiled_kernel()
    # (members, keys) of each band's buckets, members in ascending order within a bucket
    runs_of: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.uint64]]] = []
    if fast is not None:
        # every band's buckets of two or more at once (a hash table per band instead of sorting each band);
        # bucket t's members get run number t, so the runs read as those of the sorted keys would
        members_raw, lengths_raw = fast.band_buckets(np.ascontiguousarray(keys), n, bands, int(EMPTY))
        lengths = np.frombuffer(lengths_raw, dtype=np.int64)
        run_ids = np.repeat(np.arange(len(lengths), dtype=np.uint64), lengths)
        runs_of.append((np.frombuffer(members_raw, dtype=np.int64), run_ids))
    else:
        for b in range(bands):
            col = keys[:, b]
            order = np.argsort(col, kind="stable")
            sorted_keys = col[order]
            live = sorted_keys != EMPTY
            runs_of.append((order[live], sorted_keys[live]))
    found = []
    for order, sorted_keys in runs_of:
        pairs = pairs_in_runs_capped(order, sorted_keys, max_bucket)
        if len(pairs):
            found.append(pairs[:, 0] * n + pairs[:, 1])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    code = np.unique(np.concatenate(found))
    return np.stack([code // n, code % n], axis=1)


def pairs_in_runs_capped(
    order: npt.NDArray[np.int64], sorted_keys: npt.NDArray[np.uint64], max_bucket: int
) -> npt.NDArray[np.int64]:
    """:func:`pairs_in_runs`, but a run longer than ``max_bucket`` links each member only to its first one.

    A bucket that large is a common key (boilerplate), not a set of near-duplicates; linking its members
    to one of them keeps the pair count linear.
    """
    m = len(sorted_keys)
    if m < 2:
        return np.zeros((0, 2), dtype=np.int64)
    run_start, run_len = runs(sorted_keys)
    big = run_len > max_bucket
    if not big.any():
        return pairs_in_runs(order, sorted_keys)
    parts = []
    keep = np.ones(m, dtype=bool)
    for s, n_ in zip(run_start[big].tolist(), run_len[big].tolist()):
        head = order[s]
        rest = order[s + 1 : s + n_]
        parts.append(np.stack([np.minimum(head, rest), np.maximum(head, rest)], axis=1))
        keep[s : s + n_] = False
    parts.append(pairs_in_runs(order[keep], sorted_keys[keep]))
    return np.concatenate(parts)
