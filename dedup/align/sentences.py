"""Sentence alignment between two copies of a text.

Editors need to see which sentence became which: a sentence kept, split in
two, merged with its neighbour, moved with its paragraph, lightly reworded,
or given a new figure.  :func:`align_sentences` finds those links.

Similarity
    Sentences are normalised first: lower case, typographic punctuation
    folded, every number replaced by ``#`` (a changed figure must not stop
    two sentences from aligning: it is what the discrepancy stage reports),
    and common variants unified ("the United States" / "the U.S." → ``us``).
    The score of two sentences, in [0, 1] and with the same meaning in every
    pair, is ``0.75 * max(dice, containment) + 0.25 * ratio`` where ``dice``
    is the Dice coefficient of their content-word sets, ``containment`` the
    share of the shorter sentence's content words found in the longer (used
    from five content words up; it keeps a sentence with an inserted clause
    aligned), and ``ratio`` RapidFuzz's normalised edit similarity of the
    normalised strings.  All scores for a pair of texts come from one
    vectorised pass (``rapidfuzz.process.cdist`` and a sparse product).

Assignment
    A global one-to-one assignment (Hungarian algorithm) over the score
    matrix, with a tiny preference for similar relative positions to break
    ties; links below ``threshold`` are dropped.  A sentence left over next
    to a linked one is then merged into that link when the merged text
    scores higher (1-2 and 2-1 links: splits and merges).  Reordered
    paragraphs are found because the assignment is not monotone.

Examples
--------
>>> a = ["Putin said Tuesday that he wants talks with the United States.",
...      "Troops massed on the border. Over 100,000 were seen."]
>>> b = ["Troops massed on the border.", "Up to 100,000 were seen.",
...      "Putin said Tuesday (14 December) in a phone call that he wants talks with the U.S."]
>>> for link in align_sentences(a, b):
...     print(link.a_sentences, link.b_sentences, link.kind)
[0] [2] 1-1
[1] [0, 1] 1-2
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from dedup.errors import ParameterError
from dedup.lexicon import english_stop_words
from dedup.model import Document
from dedup.near.shingle import normalize
from dedup.settings import Settings

__all__ = [
    "Alignment",
    "DocumentAlignment",
    "Link",
    "align_documents",
    "align_sentences",
    "align_texts",
    "normalize_sentence",
    "similarity_matrix",
]

DEFAULT_THRESHOLD = Settings.align_threshold

_VARIANTS = [
    (re.compile(r"\b(?:the\s+)?united\s+states(?:\s+of\s+america)?\b|\bu\.\s?s\.(?:\s?a\.)?(?=\W|$)|\busa?\b"), " us "),
    (re.compile(r"\b(?:the\s+)?united\s+kingdom\b|\bu\.\s?k\.(?=\W|$)|\bbritain\b"), " uk "),
    (re.compile(r"\b(?:the\s+)?european\s+union\b|\be\.u\.(?=\W|$)"), " eu "),
    (re.compile(r"\b(?:the\s+)?united\s+nations\b|\bu\.n\.(?=\W|$)"), " un "),
    (re.compile(r"\bper\s*cent\b|%"), " percent "),
]
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_WORD = re.compile(r"[a-z#\u00c0-\U0010ffff]+")
_CONTENT_MIN = 5


_REPORTING = frozenset({"said", "says", "told", "according"})


def normalize_sentence(sentence: str) -> str:
    """The form sentences are compared in.

    Examples
    --------
    >>> normalize_sentence("The U.S. sent 1,500 troops — 5% more.")
    'the us sent # troops - # percent more.'
    """
    text = normalize(sentence)
    for pattern, repl in _VARIANTS:
        text = pattern.sub(repl, text)
    text = _NUMBER.sub("#", text)
    return " ".join(text.split())


def _content(norm: str) -> set[str]:
    stop = english_stop_words()
    return {w for w in _WORD.findall(norm) if w not in stop and w not in _REPORTING and w != "#"}


def similarity_matrix(a: Sequence[str], b: Sequence[str]) -> npt.NDArray[np.float64]:
    """Scores of every sentence of ``a`` against every sentence of ``b``.

    Examples
    --------
    >>> m = similarity_matrix(["Troops massed on the border."], ["Troops massed on the border.", "Rain fell."])
    >>> m.round(2).tolist()
    [[1.0, 0.08]]
    """
    na = [normalize_sentence(s) for s in a]
    nb = [normalize_sentence(s) for s in b]
    return _scores(na, nb)


def _combine(
    inter: Any, sa: Any, sb: Any, na_words: Any, nb_words: Any, ratio: Any
) -> npt.NDArray[np.float64]:
    """The score formula, shared by the matrix and by merged sentences."""
    # Plain Python floats (the merged-sentence path) divide by zero with an exception, not a NaN:
    # work on arrays, and divide only by guarded denominators.
    inter, sa, sb = (np.asarray(x, dtype=np.float64) for x in (inter, sa, sb))
    na_words, nb_words = np.asarray(na_words), np.asarray(nb_words)
    total = sa + sb
    dice = np.where(total > 0, 2 * inter / np.maximum(total, 1e-9), 0.0)
    small = np.minimum(sa, sb)
    # Containment counts fully from five content words on, less below.
    trust = np.sqrt(np.minimum(1.0, np.minimum(na_words, nb_words) / _CONTENT_MIN))
    contain = np.where(small > 0, inter / np.maximum(small, 1e-9), 0.0) * trust
    # Sentences with no content words at all ("He said.") compare by characters only.
    both_empty = (na_words == 0) & (nb_words == 0)
    one_empty = (na_words == 0) ^ (nb_words == 0)
    word = np.maximum(dice, contain)
    score = np.where(both_empty, ratio, np.where(one_empty, 0.5 * ratio, 0.75 * word + 0.25 * ratio))
    return np.asarray(np.clip(score, 0.0, 1.0), dtype=np.float64)


@dataclass
class _Context:
    """Normalised sentences, content words and IDF weights of one pair of texts."""

    na: list[str]
    nb: list[str]
    ca: list[set[str]]
    cb: list[set[str]]
    idf: dict[str, float]

    def merged(self, ai: Sequence[int], bj: Sequence[int]) -> float:
        """Score of the joined sentences ``ai`` of a against the joined ``bj`` of b."""
        from rapidfuzz import fuzz

        set_a = set().union(*(self.ca[i] for i in ai))
        set_b = set().union(*(self.cb[j] for j in bj))
        inter = sum(self.idf[w] for w in set_a & set_b)
        sa = sum(self.idf[w] for w in set_a)
        sb = sum(self.idf[w] for w in set_b)
        ratio = fuzz.ratio(" ".join(self.na[i] for i in ai), " ".join(self.nb[j] for j in bj)) / 100.0
        return float(_combine(inter, sa, sb, len(set_a), len(set_b), ratio))


def _scores_ctx(na: Sequence[str], nb: Sequence[str]) -> tuple[npt.NDArray[np.float64], _Context]:
    ca = [_content(x) for x in na]
    cb = [_content(x) for x in nb]
    vocab: dict[str, int] = {}
    for s in (*ca, *cb):
        for w in s:
            vocab.setdefault(w, len(vocab))
    # Inverse document frequency over the sentences of both texts: words that
    # run through the whole story ("Putin", "Ukraine") count less than the
    # words that make a sentence what it is.
    df = np.zeros(max(len(vocab), 1))
    for s in (*ca, *cb):
        for w in s:
            df[vocab[w]] += 1
    idf_arr = np.log((1.0 + len(ca) + len(cb)) / (1.0 + df)) + 1.0
    ctx = _Context(list(na), list(nb), ca, cb, {w: float(idf_arr[k]) for w, k in vocab.items()})
    if not na or not nb:
        return np.zeros((len(na), len(nb))), ctx
    from rapidfuzz import fuzz, process
    from scipy.sparse import csr_matrix

    ratio = process.cdist(na, nb, scorer=fuzz.ratio, dtype=np.float32, workers=1).astype(np.float64) / 100.0

    def incidence(sets: list[set[str]]) -> Any:
        rows = [i for i, s in enumerate(sets) for _ in s]
        cols = [vocab[w] for s in sets for w in s]
        return csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(sets), len(df)))

    xa, xb = incidence(ca), incidence(cb)
    inter = np.asarray((xa.multiply(idf_arr[None, :]) @ xb.T).todense(), dtype=np.float64)
    sa = np.asarray(xa @ idf_arr, dtype=np.float64).reshape(-1, 1)
    sb = np.asarray(xb @ idf_arr, dtype=np.float64).reshape(1, -1)
    na_words = np.array([len(s) for s in ca], dtype=np.float64)[:, None]
    nb_words = np.array([len(s) for s in cb], dtype=np.float64)[None, :]
    return _combine(inter, sa, sb, na_words, nb_words, ratio), ctx


def _scores(na: Sequence[str], nb: Sequence[str]) -> npt.NDArray[np.float64]:
    return _scores_ctx(na, nb)[0]


@dataclass(frozen=True)
class Link:
    """Sentences of ``a`` aligned with sentences of ``b`` (fields of ``alignments.jsonl``)."""

    a_sentences: list[int]
    b_sentences: list[int]
    score: float
    a_text: str
    b_text: str

    @property
    def kind(self) -> str:
        """``"1-1"``, ``"1-2"`` (a split in ``b``) or ``"2-1"`` (a merge in ``b``)."""
        return f"{len(self.a_sentences)}-{len(self.b_sentences)}"

    @property
    def identical(self) -> bool:
        """True when both sides read the same after whitespace is normalised."""
        return " ".join(self.a_text.split()) == " ".join(self.b_text.split())

    def record(self) -> dict[str, Any]:
        return {
            "a_sentences": self.a_sentences,
            "b_sentences": self.b_sentences,
            "score": round(self.score, 4),
            "kind": self.kind,
            "changed": not self.identical,
            "a_text": self.a_text,
            "b_text": self.b_text,
        }

    def swapped(self) -> Link:
        return Link(self.b_sentences, self.a_sentences, self.score, self.b_text, self.a_text)


@dataclass
class Alignment:
    """All links between two sentence lists, and what is left unaligned."""

    links: list[Link]
    omitted: list[int] = field(default_factory=list)  # sentences of a with no counterpart in b
    added: list[int] = field(default_factory=list)  # sentences of b with no counterpart in a

    def carried(self, n_a: int) -> float:
        """Share of ``a``'s sentences that ``b`` carries."""
        return 1.0 - len(self.omitted) / n_a if n_a else 0.0


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def _shared_figures(a: Sequence[str], b: Sequence[str]) -> npt.NDArray[np.float64]:
    """For each sentence pair, the share of their figures written identically in both (0 without figures).

    Figures are masked in the similarity (a changed figure must not stop an alignment), so the lines of a
    results table all score alike; the figures they share tell the year's line from the quarter's."""
    fa = [set(_FIGURE.findall(x)) for x in a]
    fb = [set(_FIGURE.findall(y)) for y in b]
    out = np.zeros((len(a), len(b)), dtype=np.float64)
    for i, x in enumerate(fa):
        if not x:
            continue
        for j, y in enumerate(fb):
            if y:
                out[i, j] = len(x & y) / len(x | y)
    return out


def _assign(
    score: npt.NDArray[np.float64], threshold: float, shared: npt.NDArray[np.float64] | None = None
) -> list[tuple[int, int]]:
    from scipy.optimize import linear_sum_assignment

    n, m = score.shape
    if n == 0 or m == 0:
        return []
    ri = (np.arange(n) + 0.5) / n
    rj = (np.arange(m) + 0.5) / m
    prior = 1e-3 * np.abs(ri[:, None] - rj[None, :])
    if shared is not None:
        prior = prior - 1e-2 * shared  # between equal scores, the pair that shares its figures wins
    weight = np.where(score >= threshold, score - prior, 0.0)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if score[i, j] >= threshold]


def _join(texts: Sequence[str], idx: Sequence[int]) -> str:
    return " ".join(texts[i] for i in idx)


def _align(a: Sequence[str], b: Sequence[str], threshold: float, merge_gain: float) -> Alignment:
    na = [normalize_sentence(s) for s in a]
    nb = [normalize_sentence(s) for s in b]
    score, ctx = _scores_ctx(na, nb)
    pairs = _assign(score, threshold, _shared_figures(a, b))
    link_a: dict[int, list[int]] = {i: [j] for i, j in pairs}  # a index -> b indices
    link_b: dict[int, list[int]] = {j: [i] for i, j in pairs}

    merged_score = ctx.merged

    # Splits and merges: an unlinked sentence next to a 1-1 linked one joins
    # that link when the joined text scores higher.
    changed = True
    while changed:
        changed = False
        for side, other, n_free, a_side in ((link_a, link_b, len(b), True), (link_b, link_a, len(a), False)):
            for free in range(n_free):
                if free in other:
                    continue
                best: tuple[float, int, list[int]] | None = None
                for neighbour in (free - 1, free + 1):
                    owners = other.get(neighbour)
                    if owners is None or len(owners) != 1 or side[owners[0]] != [neighbour]:
                        continue
                    key = owners[0]
                    joined = sorted([neighbour, free])
                    if a_side:
                        current, new = score[key, neighbour], merged_score([key], joined)
                    else:
                        current, new = score[neighbour, key], merged_score(joined, [key])
                    if new >= current + merge_gain and (best is None or new > best[0]):
                        best = (new, key, joined)
                if best is not None:
                    _, key, joined = best
                    side[key] = joined
                    other[free] = [key]
                    changed = True

    final: list[Link] = []
    for ai, bj in link_a.items():
        if len(bj) == 2:  # 1-2: a sentence split in two in b
            final.append(Link([ai], bj, merged_score([ai], bj), a[ai], _join(b, bj)))
        elif len(link_b[bj[0]]) == 1:  # 1-1
            final.append(Link([ai], bj, float(score[ai, bj[0]]), a[ai], b[bj[0]]))
    for bj_, ai_ in link_b.items():
        if len(ai_) == 2:  # 2-1: two sentences merged into one in b
            final.append(Link(ai_, [bj_], merged_score(ai_, [bj_]), _join(a, ai_), b[bj_]))
    final.sort(key=lambda link: (link.a_sentences[0], link.b_sentences[0]))
    used_a = {i for link in final for i in link.a_sentences}
    used_b = {j for link in final for j in link.b_sentences}
    omitted = [i for i in range(len(a)) if i not in used_a]
    added = [j for j in range(len(b)) if j not in used_b]
    return Alignment(final, omitted, added)


def align_texts(
    a: Sequence[str],
    b: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    merge_gain: float = 0.02,
) -> Alignment:
    """Align two lists of sentences; also report the unaligned ones.

    Parameters
    ----------
    a, b
        Sentences of the two texts, in order.
    threshold
        Minimum score of a link.
    merge_gain
        How much a merged (1-2 or 2-1) link must score above the 1-1 link
        it replaces.

    Returns
    -------
    Alignment
        Links sorted by position in ``a``; ``omitted`` lists sentences of
        ``a`` missing from ``b``, ``added`` sentences of ``b`` not in ``a``.

    Notes
    -----
    The result does not depend on argument order: ``align_texts(b, a)``
    gives the same links with the sides swapped.
    """
    if not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold {threshold} is outside (0, 1]; pass a value such as 0.5")
    if tuple(a) <= tuple(b):
        return _align(a, b, threshold, merge_gain)
    flipped = _align(b, a, threshold, merge_gain)
    links = sorted((link.swapped() for link in flipped.links), key=lambda x: (x.a_sentences[0], x.b_sentences[0]))
    return Alignment(links, omitted=flipped.added, added=flipped.omitted)


def align_sentences(
    a: Sequence[str],
    b: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    merge_gain: float = 0.02,
) -> list[Link]:
    """Align two lists of sentences and return the links.

    Each link has the fields of ``alignments.jsonl`` except the document
    ids: ``a_sentences``, ``b_sentences`` (index lists), ``score``,
    ``a_text`` and ``b_text``.  See :func:`align_texts` for the parameters
    and for the unaligned sentences.

    Examples
    --------
    >>> links = align_sentences(["One two three four five."], ["One two three four five."])
    >>> links[0].a_sentences, links[0].b_sentences, links[0].score
    ([0], [0], 1.0)
    """
    return align_texts(a, b, threshold=threshold, merge_gain=merge_gain).links


@dataclass
class DocumentAlignment:
    """The alignment of two documents (or of their shared passages)."""

    a: str
    b: str
    level: str  # "document" or "passage"
    alignment: Alignment
    a_sentences: int
    b_sentences: int

    def link_records(self) -> list[dict[str, Any]]:
        """Rows of ``alignments.jsonl``."""
        return [{"a": self.a, "b": self.b, **link.record(), "level": self.level} for link in self.alignment.links]

    def unaligned_records(self, a_texts: Sequence[str], b_texts: Sequence[str]) -> list[dict[str, Any]]:
        """Rows of ``unaligned.jsonl``: sentences omitted from ``b`` or added in it."""
        rows = [
            {
                "a": self.a,
                "b": self.b,
                "kind": "omitted",
                "side": "a",
                "sentence": i,
                "text": a_texts[i],
                "level": self.level,
            }
            for i in self.alignment.omitted
        ]
        rows += [
            {
                "a": self.a,
                "b": self.b,
                "kind": "added",
                "side": "b",
                "sentence": j,
                "text": b_texts[j],
                "level": self.level,
            }
            for j in self.alignment.added
        ]
        return rows


def align_documents(
    a: Document,
    b: Document,
    *,
    paragraphs: Sequence[tuple[int, int]] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> DocumentAlignment:
    """Align the sentences of two documents, or only of the given paragraph pairs.

    Parameters
    ----------
    a, b
        The documents.
    paragraphs
        ``(a_paragraph, b_paragraph)`` pairs (shared passages); when given,
        only the sentences of those paragraphs are aligned, which keeps two
        articles that share one paragraph from being aligned everywhere
        else.
    threshold
        Minimum link score.

    Returns
    -------
    DocumentAlignment
        Links and unaligned sentences with document-wide sentence indices.
    """
    if paragraphs is None:
        result = align_texts(a.sentences, b.sentences, threshold=threshold)
        return DocumentAlignment(a.id, b.id, "document", result, len(a.sentences), len(b.sentences))
    pa = sorted({p for p, _ in paragraphs})
    pb = sorted({q for _, q in paragraphs})
    ia = [i for i, p in enumerate(a.sentence_paragraph) if p in set(pa)]
    ib = [j for j, q in enumerate(b.sentence_paragraph) if q in set(pb)]
    local = align_texts([a.sentences[i] for i in ia], [b.sentences[j] for j in ib], threshold=threshold)
    links = [
        Link([ia[i] for i in link.a_sentences], [ib[j] for j in link.b_sentences], link.score, link.a_text, link.b_text)
        for link in local.links
    ]
    mapped = Alignment(links, [ia[i] for i in local.omitted], [ib[j] for j in local.added])
    return DocumentAlignment(a.id, b.id, "passage", mapped, len(ia), len(ib))
