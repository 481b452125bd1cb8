"""Near-duplicate documents and paragraphs: LSH candidates, exact verification, families.

Every pair reported here was verified on the exact shingle sets:

* a **document pair** when its Jaccard similarity reaches ``threshold``, or
  when the shorter document is at least ``containment`` inside the longer
  one (a short copy inside a long article);
* a **passage** (paragraph pair from two documents) when the shorter
  paragraph is at least ``passage_threshold`` inside the longer one and
  they share at least ``min_shared`` shingles.

Candidates come from banded MinHash LSH at document and paragraph level.
Paragraph candidates also come from an inverted index of shingles that
occur in few paragraphs (like passim's n-gram index): a lightly edited
sentence inside a much longer paragraph has a low Jaccard similarity and
LSH alone would miss it.

Examples
--------
>>> from dedup.model import Document
>>> lead = "Russian troops massed on the border on Tuesday, officials said, as talks stalled."
>>> docs = [
...     Document("a", [lead, "A second paragraph about the sanctions regime and the allies."]),
...     Document("b", [lead, "A second paragraph about the sanctions regime and its allies."]),
...     Document("c", ["Nothing in common with the others at all, a different story entirely."]),
... ]
>>> result = find_duplicates(docs)
>>> [(p.a, p.b) for p in result.pairs]
[('a', 'b')]
>>> [(p.a, p.a_paragraph, p.b, p.b_paragraph) for p in result.passages]
[('a', 0, 'b', 0), ('a', 1, 'b', 1)]
>>> result.families[0].members
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from dedup.errors import ParameterError
from dedup.model import Document
from dedup.near.minhash import SketchParams, candidate_pairs, pairs_in_runs, runs, sketch
from dedup.near.shingle import ShingleSets
from dedup.settings import Settings

__all__ = [
    "DuplicateResult",
    "Family",
    "LocalStages",
    "Pair",
    "Passage",
    "Sketches",
    "SketchesBuilder",
    "Stages",
    "find_duplicates",
    "find_passages",
    "group_families",
    "rare_shingle_pairs",
    "sketch_texts",
    "verify_pairs",
]

BATCH_TEXTS = 2000


@dataclass
class Sketches:
    """Exact shingle sets and MinHash signatures of a list of texts."""

    sets: ShingleSets
    sigs: npt.NDArray[np.uint64]

    @staticmethod
    def concat(parts: Sequence[Sketches], num_perm: int) -> Sketches:
        if not parts:
            return Sketches(ShingleSets.concat([]), np.zeros((0, num_perm), np.uint64))
        return Sketches(ShingleSets.concat([p.sets for p in parts]), np.concatenate([p.sigs for p in parts]))


class SketchesBuilder:
    """Sketches joined batch by batch as the batches arrive (worker results), in order.

    :meth:`Sketches.concat` at the end holds every batch and the joined copy at once, and writes the copy
    into memory the process has not used yet (at 100,000 documents 240 MB, half a second of page faults
    on one core after the workers are done).  Here each batch is copied in as it comes and can be freed
    at once; the buffers grow in place (``realloc``), doubling.

    Examples
    --------
    >>> b = SketchesBuilder(128)
    >>> b.add(sketch_texts(["a b c d", "e f g"], SketchParams()))
    >>> b.add(sketch_texts(["a b c d"], SketchParams()))
    >>> sk = b.build()
    >>> len(sk.sets), sk.sigs.shape, bool((sk.sigs[0] == sk.sigs[2]).all())
    (3, (3, 128), True)
    """

    def __init__(self, num_perm: int) -> None:
        self._start(num_perm)

    def _start(self, num_perm: int) -> None:
        self._values = np.empty(0, np.uint64)
        self._sigs = np.empty((0, num_perm), np.uint64)
        self._offsets: list[npt.NDArray[np.int64]] = [np.zeros(1, np.int64)]
        self._n_values = 0
        self._n_rows = 0

    def add(self, part: Sketches) -> None:
        """Append the sets and signatures of ``part`` (its set offsets start at 0)."""
        values, rows = part.sets.values, len(part.sets)
        end_v, end_r = self._n_values + len(values), self._n_rows + rows
        self._values = _room(self._values, end_v)
        self._values[self._n_values : end_v] = values
        self._sigs = _room(self._sigs, end_r)
        self._sigs[self._n_rows : end_r] = part.sigs
        self._offsets.append(part.sets.offsets[1:] + self._n_values)
        self._n_values, self._n_rows = end_v, end_r

    def build(self) -> Sketches:
        """The joined sketches; the builder starts again empty."""
        values, sigs = self._values, self._sigs
        values.resize(self._n_values, refcheck=False)  # shrinks in place: nothing else sees these buffers
        sigs.resize((self._n_rows, sigs.shape[1]), refcheck=False)
        built = Sketches(ShingleSets(values, np.concatenate(self._offsets)), sigs)
        self._start(sigs.shape[1])
        return built


def _room(buffer: npt.NDArray[np.uint64], rows: int) -> npt.NDArray[np.uint64]:
    """``buffer`` with room for ``rows`` rows: grown in place (doubling) when it is short."""
    if len(buffer) >= rows:
        return buffer
    buffer.resize((max(rows, 2 * len(buffer)), *buffer.shape[1:]), refcheck=False)
    return buffer


def sketch_texts(texts: Sequence[str], params: SketchParams) -> Sketches:
    """Shingle sets and signatures of ``texts``, in batches to bound memory.

    Examples
    --------
    >>> sk = sketch_texts(["a b c d", "a b c d"], SketchParams())
    >>> bool((sk.sigs[0] == sk.sigs[1]).all())
    True
    """
    parts = []
    for start in range(0, max(len(texts), 1), BATCH_TEXTS):
        chunk = texts[start : start + BATCH_TEXTS]
        parts.append(Sketches(*sketch(chunk, params)))
    return Sketches.concat(parts, params.num_perm)


@dataclass(frozen=True)
class Pair:
    """A verified near-duplicate document pair (``pairs.jsonl``)."""

    a: str
    b: str
    jaccard: float
    a_in_b: float
    b_in_a: float
    shared: int

    @property
    def containment(self) -> float:
        """How much of the shorter document is inside the longer one."""
        return max(self.a_in_b, self.b_in_a)

    def record(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "jaccard": round(self.jaccard, 4),
            "containment": round(self.containment, 4),
            "a_in_b": round(self.a_in_b, 4),
            "b_in_a": round(self.b_in_a, 4),
            "shared_shingles": self.shared,
        }


@dataclass(frozen=True)
class Passage:
    """A verified matching paragraph pair (``passages.jsonl``)."""

    a: str
    a_paragraph: int
    b: str
    b_paragraph: int
    similarity: float
    jaccard: float
    shared: int
    a_text: str = ""
    b_text: str = ""

    def record(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "a_paragraph": self.a_paragraph,
            "b": self.b,
            "b_paragraph": self.b_paragraph,
            "similarity": round(self.similarity, 4),
            "jaccard": round(self.jaccard, 4),
            "shared_shingles": self.shared,
            "a_text": self.a_text,
            "b_text": self.b_text,
        }


@dataclass(frozen=True)
class Family:
    """Documents linked by near-duplicate pairs, with the probable original."""

    id: str
    members: list[str]
    original: str
    reason: str

    def record(self) -> dict[str, Any]:
        return {
            "family": self.id,
            "size": len(self.members),
            "members": self.members,
            "original": self.original,
            "original_reason": self.reason,
        }


@dataclass
class DuplicateResult:
    """Everything :func:`find_duplicates` found, plus the parameters used."""

    pairs: list[Pair]
    passages: list[Passage]
    families: list[Family]
    params: SketchParams
    settings: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)


def verify_pairs(
    sets: ShingleSets, cand: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Exact intersection, Jaccard and both containments of candidate pairs.

    Returns
    -------
    shared, jaccard, a_in_b, b_in_a
        One value per candidate row ``(a, b)``; ``a_in_b`` is the share of
        ``a``'s shingles found in ``b``.
    """
    m = len(cand)
    shared = sets.intersections(cand)
    sizes = sets.sizes()
    sa = sizes[cand[:, 0]] if m else np.zeros(0, np.int64)
    sb = sizes[cand[:, 1]] if m else np.zeros(0, np.int64)
    union = sa + sb - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        a_in_b = np.where(sa > 0, shared / np.maximum(sa, 1), 0.0)
        b_in_a = np.where(sb > 0, shared / np.maximum(sb, 1), 0.0)
    return shared, jac, a_in_b, b_in_a


def rare_shingle_pairs(
    sets: ShingleSets,
    *,
    min_shared: int,
    max_df: int,
    owner: npt.NDArray[np.int64] | None = None,
) -> npt.NDArray[np.int64]:
    """Pairs of sets sharing at least ``min_shared`` shingles that occur in at most ``max_df`` sets.

    Parameters
    ----------
    sets
        The shingle sets (paragraphs).
    min_shared
        Minimum number of shared rare shingles.
    max_df
        Shingles in more sets than this are too common to index.
    owner
        Optional group of each set (its document); pairs inside one group
        are dropped.

    Examples
    --------
    >>> from dedup.near.shingle import shingle_sets
    >>> s = shingle_sets(["a b c d e f", "x a b c d e", "p q r s t u"], k=3)
    >>> rare_shingle_pairs(s, min_shared=2, max_df=5).tolist()
    [[0, 1]]
    """
    n = len(sets)
    if n < 2 or len(sets.values) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    unit = np.repeat(np.arange(n, dtype=np.int64), sets.sizes())
    order = np.argsort(sets.values, kind="stable")
    vals = sets.values[order]
    units = unit[order]
    _, length = runs(vals)
    ok = (length >= 2) & (length <= max_df)
    if not ok.any():
        return np.zeros((0, 2), dtype=np.int64)
    keep = np.repeat(ok, length)
    # Runs of equal values are runs of equal keys for pairs_in_runs.
    pairs = pairs_in_runs(units[keep], vals[keep])
    if owner is not None and len(pairs):
        pairs = pairs[owner[pairs[:, 0]] != owner[pairs[:, 1]]]
    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    code = pairs[:, 0] * n + pairs[:, 1]
    uniq, counts = np.unique(code, return_counts=True)
    uniq = uniq[counts >= min_shared]
    return np.stack([uniq // n, uniq % n], axis=1)


class UnionFind:
    """Disjoint sets over ``0 .. n-1`` (path halving, union by the smaller root): near-duplicate families.

    Examples
    --------
    >>> uf = UnionFind(4)
    >>> uf.union(0, 2)
    >>> uf.find(2) == uf.find(0), uf.find(1) == uf.find(0)
    (True, False)
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_families(docs: Sequence[Document], pairs: Sequence[Pair]) -> list[Family]:
    """Connected components of the pair graph, each with its probable original.

    The original is the earliest-dated member; when dates are missing or
    tied, the member the others are most contained in (the fullest text);
    then the first id.

    Examples
    --------
    >>> docs = [Document("x", ["..."], date="2021-12-09"), Document("y", ["..."], date="2021-12-08")]
    >>> fam = group_families(docs, [Pair("x", "y", 0.9, 0.9, 0.9, 10)])
    >>> fam[0].original, fam[0].reason
    ('y', 'earliest date')
    """
    index = {d.id: i for i, d in enumerate(docs)}
    ends = [(index[p.a], index[p.b]) for p in pairs]
    uf = UnionFind(len(docs))
    for a, b in ends:
        uf.union(a, b)
    # members in the order they first appear in the pairs; how much of the others each member contains
    groups: dict[int, list[int]] = {}
    contains: dict[int, float] = {}
    for (a, b), p in zip(ends, pairs):
        for i in (a, b):
            if i not in contains:
                contains[i] = 0.0
                groups.setdefault(uf.find(i), []).append(i)
        contains[a] += p.b_in_a
        contains[b] += p.a_in_b
    families = []
    for members in groups.values():
        ids = sorted(docs[i].id for i in members)
        dated = [(docs[i].date, docs[i].id) for i in members if docs[i].date]
        earliest = min(dated) if dated else None
        tied = earliest is not None and sum(1 for d in dated if d[0] == earliest[0]) > 1
        if earliest is not None and not tied:
            original, reason = earliest[1], "earliest date"
        else:
            pool = [i for i in members if earliest is None or docs[i].date == earliest[0]]
            best = max(pool, key=lambda i: (round(contains.get(i, 0.0), 6), -i))
            original = docs[best].id
            reason = "contains the others" if contains.get(best, 0.0) > 0 else "first id"
            if earliest is not None:
                reason = f"earliest date, then {reason}"
        families.append((ids, original, reason))
    families.sort(key=lambda f: (-len(f[0]), f[0][0]))
    return [Family(f"family-{n + 1:04d}", ids, orig, why) for n, (ids, orig, why) in enumerate(families)]


class Stages(Protocol):
    """The heavy steps of :func:`find_duplicates`; an engine supplies its own (see :mod:`dedup.run.engines.dask`)."""

    def sketch(self, texts: Sequence[str], params: SketchParams) -> Sketches: ...

    def candidates(self, sigs: npt.NDArray[np.uint64], params: SketchParams) -> npt.NDArray[np.int64]: ...

    def paragraph_candidates(
        self, texts: Sequence[str], params: SketchParams
    ) -> tuple[ShingleSets, npt.NDArray[np.int64]]: ...

    def rare(
        self, sets: ShingleSets, *, min_shared: int, max_df: int, owner: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]: ...

    def verify(
        self, sets: ShingleSets, cand: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...


class LocalStages:
    """The steps of :func:`find_duplicates` in this process."""

    def sketch(self, texts: Sequence[str], params: SketchParams) -> Sketches:
        return sketch_texts(texts, params)

    def candidates(self, sigs: npt.NDArray[np.uint64], params: SketchParams) -> npt.NDArray[np.int64]:
        return candidate_pairs(sigs, bands=params.bands, rows=params.rows)

    def paragraph_candidates(
        self, texts: Sequence[str], params: SketchParams
    ) -> tuple[ShingleSets, npt.NDArray[np.int64]]:
        sk = sketch_texts(texts, params)
        return sk.sets, candidate_pairs(sk.sigs, bands=params.bands, rows=params.rows)

    def rare(
        self, sets: ShingleSets, *, min_shared: int, max_df: int, owner: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.int64]:
        return rare_shingle_pairs(sets, min_shared=min_shared, max_df=max_df, owner=owner)

    def verify(
        self, sets: ShingleSets, cand: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return verify_pairs(sets, cand)


def find_duplicates(
    docs: Sequence[Document],
    *,
    threshold: float = Settings.threshold,
    containment: float = Settings.containment,
    passage_threshold: float = Settings.passage_threshold,
    min_shared: int = Settings.min_shared,
    max_df: int = Settings.max_df,
    params: SketchParams | None = None,
    passages: bool = True,
    doc_sketches: Sketches | None = None,
    on_stage: Callable[[str], None] | None = None,
    stages: Stages | None = None,
) -> DuplicateResult:
    """Find near-duplicate documents, matching passages and families.

    Parameters
    ----------
    docs
        The corpus.
    threshold
        Report a document pair when its exact shingle Jaccard is at least
        this.
    containment
        ... or when the shorter document is at least this much inside the
        longer one.
    passage_threshold
        Report a paragraph pair when the shorter paragraph is at least this
        much inside the longer one ...
    min_shared
        ... and they share at least this many shingles.
    max_df
        Shingles in more paragraphs than this are not used to propose
        paragraph candidates (LSH still covers them).
    params
        Sketch parameters; by default tuned for ``threshold``.
    passages
        Also match paragraphs (and use shared passages as document
        candidates, which finds short copies inside long articles).
    doc_sketches
        Precomputed sketches of the documents' texts (as made by
        :func:`sketch_texts` over ``doc.text``), e.g. from worker processes.
    on_stage
        Called with the name of each stage as it starts.
    stages
        Who runs the sketching, banding and verification; by default
        :class:`LocalStages` (this process).  The result does not depend on it.

    Returns
    -------
    DuplicateResult
    """
    for name, value in (
        ("threshold", threshold),
        ("containment", containment),
        ("passage_threshold", passage_threshold),
    ):
        if not 0.0 < value <= 1.0:
            raise ParameterError(f"{name} {value} is outside (0, 1]; pass a value such as 0.5")
    if min_shared < 1:
        raise ParameterError(f"min_shared {min_shared} must be at least 1")
    params = params or SketchParams(threshold=min(threshold, passage_threshold))
    stage = on_stage or (lambda _name: None)
    run = stages or LocalStages()
    n = len(docs)
    ids = [d.id for d in docs]

    stage("signatures")
    if doc_sketches is None:
        doc_sketches = run.sketch([d.text for d in docs], params)
    stage("candidates")
    cand = run.candidates(doc_sketches.sigs, params)
    n_lsh = len(cand)

    passage_list: list[Passage] = []
    n_para_cand = 0
    if passages and n > 1:
        stage("passages")
        passage_list, n_para_cand = find_passages(
            docs, params, run, passage_threshold=passage_threshold, min_shared=min_shared, max_df=max_df
        )
        cand = _with_passage_pairs(cand, passage_list, ids)

    stage("verify")
    pairs = _verified_pairs(doc_sketches.sets, cand, ids, run, threshold=threshold, containment=containment)
    families = group_families(docs, pairs)
    return DuplicateResult(
        pairs=pairs,
        passages=passage_list,
        families=families,
        params=params,
        settings={
            "threshold": threshold,
            "containment": containment,
            "passage_threshold": passage_threshold,
            "min_shared": min_shared,
            "max_df": max_df,
            "passages": passages,
        },
        stats={
            "documents": n,
            "lsh_candidates": n_lsh,
            "document_candidates": len(cand),
            "paragraph_candidates": n_para_cand,
            "pairs": len(pairs),
            "passages": len(passage_list),
            "families": len(families),
        },
    )


def find_passages(
    docs: Sequence[Document],
    params: SketchParams,
    run: Stages,
    *,
    passage_threshold: float,
    min_shared: int,
    max_df: int,
) -> tuple[list[Passage], int]:
    """Paragraph pairs of different documents that share a passage, and how many candidates were verified.

    Candidates are the paragraph LSH's pairs and those sharing ``min_shared`` rare shingles (held by at most
    ``max_df`` paragraphs); a pair is kept when the shorter paragraph is at least ``passage_threshold`` inside
    the longer.
    """
    ids = [d.id for d in docs]
    owner_l: list[int] = []
    index_l: list[int] = []
    texts: list[str] = []
    for di, d in enumerate(docs):
        for pi, para in enumerate(d.paragraphs):
            owner_l.append(di)
            index_l.append(pi)
            texts.append(para)
    owner = np.asarray(owner_l, dtype=np.int64)
    pindex = np.asarray(index_l, dtype=np.int64)
    para_sets, pc = run.paragraph_candidates(texts, params)
    pc = pc[owner[pc[:, 0]] != owner[pc[:, 1]]] if len(pc) else pc
    rare = run.rare(para_sets, min_shared=min_shared, max_df=max_df, owner=owner)
    if len(rare):
        np_ = len(texts)
        code = np.union1d(pc[:, 0] * np_ + pc[:, 1], rare[:, 0] * np_ + rare[:, 1])
        pc = np.stack([code // np_, code % np_], axis=1)
    shared, jac, a_in_b, b_in_a = run.verify(para_sets, pc)
    overlap = np.maximum(a_in_b, b_in_a)
    good = (overlap >= passage_threshold) & (shared >= min_shared)
    good &= ~_boilerplate_pairs(pc, good, owner, max_df=max_df)
    found: list[Passage] = []
    for (pa, pb), s, j, o in zip(
        pc[good].tolist(), shared[good].tolist(), jac[good].tolist(), overlap[good].tolist()
    ):
        da, db = int(owner[pa]), int(owner[pb])
        if ids[da] > ids[db]:
            da, db, pa, pb = db, da, pb, pa
        found.append(Passage(ids[da], int(pindex[pa]), ids[db], int(pindex[pb]), o, j, s, texts[pa], texts[pb]))
    found.sort(key=lambda p: (p.a, p.b, p.a_paragraph, p.b_paragraph))
    return found, len(pc)


def _boilerplate_pairs(
    pc: npt.NDArray[np.int64], good: npt.NDArray[np.bool_], owner: npt.NDArray[np.int64], *, max_df: int
) -> npt.NDArray[np.bool_]:
    """Mask of the candidate pairs touching a paragraph that matches paragraphs of more than ``max_df`` documents.

    Such a paragraph (a syndication notice, a standard footer) is boilerplate, not a copied passage; pairing
    every document that carries it would make the passages, and the alignments that follow, quadratic.
    """
    if not len(pc) or not good.any():
        return np.zeros(len(pc), dtype=bool)
    ends = np.concatenate([pc[good, 0], pc[good, 1]])
    other = np.concatenate([owner[pc[good, 1]], owner[pc[good, 0]]])
    n_docs = int(owner.max()) + 1
    links = np.unique(ends * n_docs + other)
    para, partners = np.unique(links // n_docs, return_counts=True)
    common = para[partners > max_df]
    if not len(common):
        return np.zeros(len(pc), dtype=bool)
    return np.isin(pc[:, 0], common) | np.isin(pc[:, 1], common)


def _with_passage_pairs(
    cand: npt.NDArray[np.int64], passage_list: Sequence[Passage], ids: Sequence[str]
) -> npt.NDArray[np.int64]:
    """Document candidates plus the documents that share a passage."""
    if not passage_list:
        return cand
    n = len(ids)
    pos = {d: i for i, d in enumerate(ids)}
    extra = np.array(
        sorted({(min(pos[p.a], pos[p.b]), max(pos[p.a], pos[p.b])) for p in passage_list}), dtype=np.int64
    )
    code = np.union1d(cand[:, 0] * n + cand[:, 1], extra[:, 0] * n + extra[:, 1])
    return np.stack([code // n, code % n], axis=1)


def _verified_pairs(
    sets: ShingleSets,
    cand: npt.NDArray[np.int64],
    ids: Sequence[str],
    run: Stages,
    *,
    threshold: float,
    containment: float,
) -> list[Pair]:
    """The candidate document pairs whose exact Jaccard or containment reaches the thresholds, sorted."""
    shared, jac, a_in_b, b_in_a = run.verify(sets, cand)
    good = (jac >= threshold) | (np.maximum(a_in_b, b_in_a) >= containment)
    pairs = []
    for (i, j), s, jj, ab, ba in zip(
        cand[good].tolist(), shared[good].tolist(), jac[good].tolist(), a_in_b[good].tolist(), b_in_a[good].tolist()
    ):
        if ids[i] > ids[j]:
            i, j, ab, ba = j, i, ba, ab
        pairs.append(Pair(ids[i], ids[j], jj, ab, ba, s))
    pairs.sort(key=lambda p: (p.a, p.b))
    return pairs
