"""Candidates between new documents and stored ones: banded LSH over stored signatures, rare shared shingles.

Used by the batch run against the index and by the Dask engine; they work on arrays, not on the index
file (:mod:`dedup.run.index` reads the arrays out of SQLite).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt

from dedup.near.minhash import EMPTY, MAX_BUCKET, band_keys
from dedup.near.neardup import Sketches
from dedup.near.shingle import ShingleSets

__all__ = ["LSH", "band_join", "shingle_partners", "take_sets", "take_sketches"]


def take_sketches(sketches: Sketches, rows: Sequence[int] | npt.NDArray[np.int64]) -> Sketches:
    """The sketches of ``rows`` (in that order) as a new :class:`Sketches`.

    Examples
    --------
    >>> from dedup.near.minhash import SketchParams
    >>> from dedup.near.neardup import sketch_texts
    >>> sk = sketch_texts(["a b c d", "x y z", "a b c"], SketchParams())
    >>> take_sketches(sk, [2, 0]).sets.sizes().tolist()
    [1, 2]
    """
    idx = np.asarray(rows, dtype=np.int64)
    return Sketches(take_sets(sketches.sets, idx), sketches.sigs[idx])


def take_sets(sets: ShingleSets, rows: Sequence[int] | npt.NDArray[np.int64]) -> ShingleSets:
    """The shingle sets of ``rows`` (in that order) as a new :class:`~dedup.near.shingle.ShingleSets`.

    Examples
    --------
    >>> from dedup.near.shingle import shingle_sets
    >>> take_sets(shingle_sets(["a b c d", "x y z"], k=3), [1, 1]).sizes().tolist()
    [1, 1]
    """
    idx = np.asarray(rows, dtype=np.int64)
    sizes = sets.sizes()[idx] if len(idx) else np.zeros(0, np.int64)
    offsets = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    starts = sets.offsets[idx] if len(idx) else np.zeros(0, np.int64)
    gather = np.repeat(starts - offsets[:-1], sizes) + np.arange(int(offsets[-1]), dtype=np.int64)
    return ShingleSets(sets.values[gather], offsets)


def band_join(
    indexed_sorted: npt.NDArray[np.uint64],
    indexed_order: npt.NDArray[np.int64],
    query_keys: npt.NDArray[np.uint64],
    *,
    max_bucket: int = MAX_BUCKET,
) -> npt.NDArray[np.int64]:
    """Pairs ``(query_row, indexed_row)`` that share a key in any of the given bands.

    Parameters
    ----------
    indexed_sorted, indexed_order
        Shape ``(bands, n)``: per band the indexed keys in sorted order
        and the row each came from.
    query_keys
        Shape ``(m, bands)``: the query documents' keys.
    max_bucket
        A bucket with more indexed members than this links a query only to
        its first member (as :func:`dedup.near.minhash.candidate_pairs` does).

    Returns
    -------
    ndarray of shape (k, 2)
        Unique pairs, sorted.
    """
    n = indexed_sorted.shape[1] if indexed_sorted.ndim == 2 else 0
    m = query_keys.shape[0]
    if n == 0 or m == 0:
        return np.zeros((0, 2), dtype=np.int64)
    found = []
    for b in range(indexed_sorted.shape[0]):
        col = indexed_sorted[b]
        q = query_keys[:, b]
        lo = np.searchsorted(col, q, side="left")
        hi = np.searchsorted(col, q, side="right")
        count = hi - lo
        count[q == EMPTY] = 0
        count = np.where(count > max_bucket, 1, count)
        if not count.any():
            continue
        rows = np.repeat(np.arange(m, dtype=np.int64), count)
        pos = np.repeat(lo - np.concatenate(([0], np.cumsum(count)[:-1])), count) + np.arange(int(count.sum()))
        found.append(rows * n + indexed_order[b][pos])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    code = np.unique(np.concatenate(found))
    return np.stack([code // n, code % n], axis=1)


class LSH:
    """Banded MinHash LSH over stored signatures, rebuilt in memory for each run.

    Examples
    --------
    >>> from dedup.near.minhash import SketchParams
    >>> from dedup.near.neardup import sketch_texts
    >>> params = SketchParams()
    >>> old = sketch_texts(["the cat sat on the mat today", "something else entirely here"], params)
    >>> new = sketch_texts(["the cat sat on the mat today"], params)
    >>> LSH(old.sigs, bands=params.bands, rows=params.rows).query(new.sigs).tolist()
    [[0, 0]]
    """

    def __init__(self, sigs: npt.NDArray[np.uint64], *, bands: int, rows: int) -> None:
        self.bands = bands
        self.rows = rows
        self.size = sigs.shape[0]
        keys = band_keys(sigs, bands=bands, rows=rows).T.copy()  # (bands, n)
        self.order = np.argsort(keys, axis=1, kind="stable")
        self.sorted = np.take_along_axis(keys, self.order, axis=1)

    def query_keys(self, sigs: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """The band keys of query signatures, shape ``(m, bands)``."""
        return band_keys(sigs, bands=self.bands, rows=self.rows)

    def query(self, sigs: npt.NDArray[np.uint64], *, max_bucket: int = MAX_BUCKET) -> npt.NDArray[np.int64]:
        """Pairs ``(query_row, indexed_row)`` sharing at least one band key."""
        return band_join(self.sorted, self.order, self.query_keys(sigs), max_bucket=max_bucket)


def shingle_partners(
    new_sets: ShingleSets,
    chunks: Iterator[tuple[npt.NDArray[np.int64], ShingleSets]],
    *,
    min_shared: int,
    max_df: int,
) -> set[int]:
    """Stored documents sharing at least ``min_shared`` rare shingles with one new document.

    The stored sets are streamed in chunks, so memory stays bounded by the
    new documents' shingles times ``max_df``.  A shingle held by more than
    ``max_df`` documents (new and stored together) is too common to count.
    These are the candidates for shared passages and short copies inside
    long articles, which the document-level LSH misses.

    Parameters
    ----------
    new_sets
        The new documents' shingle sets.
    chunks
        ``(keys, sets)`` of stored documents (as from
        :meth:`Index.iter_shingles`).
    min_shared, max_df
        As for :func:`dedup.near.neardup.rare_shingle_pairs`.

    Returns
    -------
    set of int
        Keys of the stored documents.

    Examples
    --------
    >>> from dedup.near.shingle import shingle_sets
    >>> new = shingle_sets(["a b c d e f g h"], k=3)
    >>> old = shingle_sets(["x a b c d e f", "p q r s"], k=3)
    >>> sorted(shingle_partners(new, iter([(np.array([7, 8]), old)]), min_shared=3, max_df=10))
    [7]
    """
    n_new = len(new_sets)
    if n_new == 0 or len(new_sets.values) == 0:
        return set()
    new_doc = np.repeat(np.arange(n_new, dtype=np.int64), new_sets.sizes())
    order = np.argsort(new_sets.values, kind="stable")
    new_vals = new_sets.values[order]
    new_doc = new_doc[order]
    uniq, first, new_df = np.unique(new_vals, return_index=True, return_counts=True)
    cap = max_df - new_df  # stored holders a value may have before it is too common
    df = np.zeros(len(uniq), dtype=np.int64)
    hit_val: list[npt.NDArray[np.int64]] = []
    hit_doc: list[npt.NDArray[np.int64]] = []
    held = 0
    for keys, sets in chunks:
        vals = sets.values
        if len(vals) == 0:
            continue
        owner = np.repeat(keys, sets.sizes())
        pos = np.searchsorted(uniq, vals)
        pos[pos == len(uniq)] = 0
        match = uniq[pos] == vals
        p, o = pos[match], owner[match]
        df += np.bincount(p, minlength=len(uniq))
        live = df[p] <= cap[p]
        hit_val.append(p[live])
        hit_doc.append(o[live])
        held += int(live.sum())
        if held > 2_000_000:  # drop the hits of values that have become too common
            pv, pd = np.concatenate(hit_val), np.concatenate(hit_doc)
            keep = df[pv] <= cap[pv]
            hit_val, hit_doc, held = [pv[keep]], [pd[keep]], int(keep.sum())
    if not hit_val:
        return set()
    pv, pd = np.concatenate(hit_val), np.concatenate(hit_doc)
    keep = df[pv] <= cap[pv]
    pv, pd = pv[keep], pd[keep]
    if len(pv) == 0:
        return set()
    # Each hit (value, stored doc) meets every new document holding the value.
    count = new_df[pv]
    start = np.repeat(first[pv] - np.concatenate(([0], np.cumsum(count)[:-1])), count)
    new_of = new_doc[start + np.arange(int(count.sum()))]
    stored = np.repeat(pd, count)
    pair_keys, inverse = np.unique(np.stack([stored, new_of], axis=1), axis=0, return_inverse=True)
    shared = np.bincount(inverse.ravel(), minlength=len(pair_keys))
    return {int(s) for s in pair_keys[shared >= min_shared, 0]}
