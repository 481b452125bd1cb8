"""Vectorised word shingling: many documents in one pass, no Python loop per word.

All texts of a batch are normalised (lower case, typographic quotes and
dashes folded to ASCII), encoded to UTF-8 and joined into one byte array.
Word boundaries come from a 256-entry lookup table (ASCII letters and
digits, and every non-ASCII byte, are word bytes).  Each word gets a 64-bit
hash from its bytes read eight at a time through an unaligned integer view
of the buffer (masked to the word's length, mixed with splitmix64), and each
run of ``k`` words a mixed 64-bit shingle hash.  Shingles never cross a
document boundary.  The result is, per document, the sorted set of its
shingle hashes truncated to 40 bits (a false match between two distinct
shingles has probability 2**-40).

:func:`reference_shingles` is the slow, obviously correct version the
tests compare against.

Examples
--------
>>> sets = shingle_sets(["the cat sat on the mat", "the cat sat"], k=3)
>>> sets.sizes().tolist()
[4, 1]
>>> float(sets.jaccard(0, 1))
0.25
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CHUNK_BYTES",
    "HASH_BITS",
    "ShingleSets",
    "byte_chunks",
    "compiled_kernel",
    "encode_batch",
    "normalize",
    "reference_shingles",
    "shingle_sets",
    "tokens",
]

HASH_BITS = 40
_MASK40 = np.uint64((1 << HASH_BITS) - 1)
_U64 = np.uint64

# Typographic punctuation folded to ASCII so that "Russia’s" and "Russia's",
# "—" and "-" shingle the same way; other punctuation becomes a space.
_FOLD = {ord(c): "'" for c in "‘’‚‛′`´"}
_FOLD.update({ord(c): '"' for c in "“”„‟″«»"})
_FOLD.update({ord(c): "-" for c in "‐‑‒–—―−"})
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000"
_FOLD.update({ord(c): " " for c in _SPACES + "…•·¡¿§¶†‡"})

_FOLD_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")

_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyz0123456789":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True
_WORD_FLAG = bytes(_WORD_BYTE.astype(np.uint8))  # bytes.translate table: word byte -> 1, other -> 0

_WORD_RE = re.compile(r"[a-z0-9\u0080-\U0010ffff]+")

try:  # the compiled twin of _numpy_hashes (optional; same hashes bit for bit)
    import dedup.near._fasthash as _FAST
except ImportError:  # pragma: no cover - depends on the build
    _FAST = None
# An extension built from an older _fasthash.c (an editable install not rebuilt after a pull) lacks some of
# these: it is not used at all, and the numpy path gives the same results.
_KERNEL_FUNCTIONS = ("shingle_hashes", "sketch", "intersections", "band_keys", "band_buckets", "folds_typography")
if _FAST is not None and not all(hasattr(_FAST, name) for name in _KERNEL_FUNCTIONS):  # pragma: no cover
    _FAST = None
# DEDUP_PURE_PYTHON=1 runs numpy instead, as it runs article cleaning in Python (dedup.ingest.article); tests
# switch it off and on to compare both paths
_use_fast = not os.environ.get("DEDUP_PURE_PYTHON")

_LEN_MASK = np.array([(1 << (8 * n)) - 1 for n in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
CHUNK_BYTES = 1 << 20
_MULTIPLIERS = (
    0x9E3779B97F4A7C15,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD,
    0xC4CEB9FE1A85EC53,
    0x94D049BB133111EB,
    0xBF58476D1CE4E5B9,
)


def normalize(text: str) -> str:
    """Lower-case ``text`` and fold typographic punctuation to ASCII.

    Examples
    --------
    >>> normalize("Russia’s “Troops” — 100,000")
    'russia\\'s "troops" - 100,000'
    """
    text = text.lower()
    if text.isascii():  # the backtick is the table's only ASCII key
        return text.replace("`", "'") if "`" in text else text
    # the few typographic characters, found by one regex scan (str.translate with a dict looks up every
    # character of a non-ASCII text: six times slower on real copy)
    return _FOLD_RE.sub(_fold_match, text)


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD[ord(m.group())]


def tokens(text: str) -> list[str]:
    """The words that shingles are made of (reference tokeniser).

    Examples
    --------
    >>> tokens("The U.S. said 75,000–100,000 troops.")
    ['the', 'u', 's', 'said', '75', '000', '100', '000', 'troops']
    """
    return _WORD_RE.findall(normalize(text))


def mix64(z: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: spreads every input bit over the output."""
    with np.errstate(over="ignore"):
        z = z ^ (z >> _U64(30))
        z = z * _U64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> _U64(27))
        z = z * _U64(0x94D049BB133111EB)
        return z ^ (z >> _U64(31))


@dataclass
class ShingleSets:
    """Per-document sorted sets of 40-bit shingle hashes, in CSR layout.

    ``values[offsets[i]:offsets[i + 1]]`` is document ``i``'s set.
    """

    values: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> npt.NDArray[np.uint64]:
        return self.values[self.offsets[i] : self.offsets[i + 1]]

    def sizes(self) -> npt.NDArray[np.int64]:
        """Number of distinct shingles of each document."""
        return np.diff(self.offsets)

    def intersection(self, i: int, j: int) -> int:
        """Number of shingles documents ``i`` and ``j`` share (exact)."""
        a, b = self[i], self[j]
        if len(a) > len(b):
            a, b = b, a
        if len(a) == 0:
            return 0
        pos = np.searchsorted(b, a)
        pos[pos == len(b)] = 0
        return int(np.count_nonzero(b[pos] == a))

    def intersections(self, pairs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Number of shingles shared by each pair of documents (rows ``(i, j)`` of ``pairs``), exact.

        Examples
        --------
        >>> sets = shingle_sets(["the cat sat on the mat", "the cat sat", "a dog"], k=3)
        >>> sets.intersections(np.array([[0, 1], [0, 2]])).tolist()
        [1, 0]
        """
        pairs = np.ascontiguousarray(pairs, dtype=np.int64).reshape(-1, 2)
        fast = compiled_kernel()
        if fast is None:
            return np.array([self.intersection(i, j) for i, j in pairs.tolist()], dtype=np.int64)
        values = np.ascontiguousarray(self.values, dtype=np.uint64)
        offsets = np.ascontiguousarray(self.offsets, dtype=np.int64)
        return np.frombuffer(fast.intersections(values, offsets, pairs), dtype=np.int64)

    def jaccard(self, i: int, j: int) -> float:
        """Exact Jaccard similarity of two documents' shingle sets."""
        inter = self.intersection(i, j)
        union = len(self[i]) + len(self[j]) - inter
        return inter / union if union else 0.0

    @staticmethod
    def concat(parts: Sequence[ShingleSets]) -> ShingleSets:
        """Join the sets of several batches, in order."""
        if not parts:
            return ShingleSets(np.zeros(0, np.uint64), np.zeros(1, np.int64))
        values = np.concatenate([p.values for p in parts])
        offs = [parts[0].offsets]
        base = parts[0].offsets[-1]
        for p in parts[1:]:
            offs.append(p.offsets[1:] + base)
            base += p.offsets[-1]
        return ShingleSets(values, np.concatenate(offs))


def shingle_sets(texts: Sequence[str], *, k: int = 3, seed: int = 1) -> ShingleSets:
    """Hash the word ``k``-shingles of every text, vectorised over the batch.

    Parameters
    ----------
    texts
        Documents (or paragraphs).
    k
        Words per shingle.  A text with fewer than ``k`` words (but at
        least one) gets a single shingle of all its words.
    seed
        Changes every hash; sketches are only comparable with equal seeds.

    Returns
    -------
    ShingleSets
        One sorted, duplicate-free array of 40-bit hashes per text.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    parts = [_shingle_chunk(chunk, k, seed) for chunk in byte_chunks(texts)]
    return parts[0] if len(parts) == 1 else ShingleSets.concat(parts)


def byte_chunks(texts: Sequence[str]) -> Iterator[Sequence[str]]:
    """``texts`` in consecutive runs of about :data:`CHUNK_BYTES` (at least one run, maybe empty).

    Chunks keep the per-byte arrays of a batch in cache and bound their memory.

    Examples
    --------
    >>> [len(c) for c in byte_chunks(["a" * CHUNK_BYTES, "b", "c"])], list(byte_chunks([]))
    ([1, 2], [[]])
    """
    start = 0
    size = 0
    emitted = False
    for end, text in enumerate(texts):
        size += len(text) + 1
        if size >= CHUNK_BYTES:
            yield texts[start : end + 1]
            emitted = True
            start, size = end + 1, 0
    if start < len(texts) or not emitted:
        yield texts[start:]


def encode_batch(texts: Sequence[str], *, fold: bool = True) -> tuple[bytes, npt.NDArray[np.int64]]:
    """The normalised texts as one UTF-8 buffer, each followed by a newline, and where each starts.

    ``fold=False`` lower-cases only: for the compiled kernel, which ends words at the typographic
    characters :func:`normalize` folds (``folds_typography``), the same words without a regex pass over
    every non-ASCII text.

    Examples
    --------
    >>> raw, starts = encode_batch(["A b", "Ç"])
    >>> raw, starts.tolist()
    (b'a b\\n\\xc3\\xa7\\n', [0, 4])
    >>> encode_batch(["It’s"], fold=False)[0]
    b'it\\xe2\\x80\\x99s\\n'
    """
    encoded = [(normalize(t) if fold else t.lower()).encode("utf-8") for t in texts]
    n_docs = len(encoded)
    lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=n_docs)
    doc_start = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(lengths[:-1], out=doc_start[1:])
    return b"\n".join(encoded) + b"\n", doc_start


def compiled_kernel() -> Any:
    """The compiled twin (:mod:`dedup.near._fasthash`), or ``None`` where it is not built or switched off."""
    return _FAST if _use_fast else None


def _shingle_chunk(texts: Sequence[str], k: int, seed: int) -> ShingleSets:
    n_docs = len(texts)
    if n_docs == 0:
        return ShingleSets(np.zeros(0, np.uint64), np.zeros(1, np.int64))
    fast = compiled_kernel()
    raw, doc_start = encode_batch(texts, fold=fast is None)
    if fast is not None:
        hashes, docs = fast.shingle_hashes(raw, doc_start.tobytes(), k, seed)
        sh = np.frombuffer(hashes, dtype=np.uint64)
        sh_doc = np.frombuffer(docs, dtype=np.int64)
    else:
        sh, sh_doc = _numpy_hashes(raw, doc_start, n_docs, k, seed)
    return _finish(sh, sh_doc, n_docs)


def _numpy_hashes(
    raw: bytes, doc_start: npt.NDArray[np.int64], n_docs: int, k: int, seed: int
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Shingle hashes and their document of a joined buffer, vectorised with numpy."""
    buf = np.frombuffer(raw, dtype=np.uint8)
    is_word = np.frombuffer(raw.translate(_WORD_FLAG), dtype=np.int8)
    edges = np.diff(is_word, prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)  # exclusive
    word_len = ends - starts
    word_doc = np.searchsorted(doc_start, starts, side="right") - 1

    # Word hash: each word's bytes read 8 at a time as little-endian
    # integers (an unaligned view of the buffer), masked to the word's
    # length, combined with odd multipliers and mixed.
    padded = raw + b"\0" * 8
    view = np.ndarray(shape=(len(buf),), dtype="<u8", buffer=padded, strides=(1,))
    with np.errstate(over="ignore"):
        word_hash = word_len.astype(np.uint64) * _U64(0x9E3779B97F4A7C15) + _U64(seed)
        part = 0
        idx = np.arange(len(starts))
        while len(idx):
            remaining = word_len[idx] - 8 * part
            chunk = view[starts[idx] + 8 * part] & _LEN_MASK[np.minimum(remaining, 8)]
            word_hash[idx] += mix64(chunk + _U64(part)) * _U64(_MULTIPLIERS[part % len(_MULTIPLIERS)] | 1)
            part += 1
            idx = idx[remaining > 8]
        word_hash = mix64(word_hash)

        n_words = len(word_hash)
        mult = [_U64(_MULTIPLIERS[t % len(_MULTIPLIERS)] | 1) for t in range(k)]
        if n_words >= k:
            m = n_words - k + 1
            acc = word_hash[:m] * mult[0]
            for t in range(1, k):
                acc = acc + word_hash[t : t + m] * mult[t]
            valid = word_doc[:m] == word_doc[k - 1 : k - 1 + m]
            sh = mix64(acc[valid] ^ _U64(seed * 0x9E3779B97F4A7C15 % (1 << 64)))
            sh_doc = word_doc[:m][valid]
        else:
            sh = np.zeros(0, np.uint64)
            sh_doc = np.zeros(0, np.int64)

        # Texts shorter than k words: one shingle of all their words.
        counts = np.bincount(word_doc, minlength=n_docs)
        short = np.flatnonzero((counts > 0) & (counts < k))
        if len(short):
            first = np.searchsorted(word_doc, short)
            extra = np.zeros(len(short), np.uint64)
            for t in range(k - 1):
                has = t < counts[short]
                idx = np.minimum(first + t, n_words - 1)
                extra = extra + np.where(has, word_hash[idx] * mult[t], _U64(0))
            extra = mix64(extra ^ _U64(seed * 0x9E3779B97F4A7C15 % (1 << 64)))
            sh = np.concatenate([sh, extra])
            sh_doc = np.concatenate([sh_doc, short])

    return sh, sh_doc


def _finish(sh: npt.NDArray[np.uint64], sh_doc: npt.NDArray[np.int64], n_docs: int) -> ShingleSets:
    """Sorted, duplicate-free 40-bit shingle sets per document."""
    key = (sh_doc.astype(np.uint64) << _U64(HASH_BITS)) | (sh >> _U64(64 - HASH_BITS))
    key.sort()
    if len(key):
        keep = np.empty(len(key), dtype=bool)
        keep[0] = True
        np.not_equal(key[1:], key[:-1], out=keep[1:])
        key = key[keep]
    doc_of = (key >> _U64(HASH_BITS)).astype(np.int64)
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc_of, minlength=n_docs), out=offsets[1:])
    return ShingleSets(key & _MASK40, offsets)


def reference_shingles(text: str, *, k: int = 3) -> set[tuple[str, ...]]:
    """The shingle set of ``text`` as word tuples: slow and obviously correct.

    Examples
    --------
    >>> sorted(reference_shingles("a b c d", k=3))
    [('a', 'b', 'c'), ('b', 'c', 'd')]
    >>> reference_shingles("a b", k=3)
    {('a', 'b')}
    """
    words = tokens(text)
    if not words:
        return set()
    if len(words) < k:
        return {tuple(words)}
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}
