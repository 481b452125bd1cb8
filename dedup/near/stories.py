"""Story groups: documents about the same event, whether or not they share copy.

Three outlets can report one troop build-up in entirely different words;
their figures still have to be compared.  Grouping runs in four steps, all
sub-quadratic in the number of documents:

1. **Vectors.**  Each document (title and text) becomes a TF-IDF vector
   (sublinear term frequency; English stop words and the item's own outlet
   and agency names removed; terms in more than a tenth of the documents of
   a corpus of 200 or more dropped, half in a smaller one), so boilerplate
   cannot tie stories together.
2. **Neighbours.**  Candidate neighbours share one of their most weighted
   terms; terms carried by more than ``max_postings`` documents propose no
   candidates (an inverted index with a cap, the sparse top-k search of news
   clustering).  Each document keeps its ``neighbours`` most similar
   candidates by exact cosine, decayed by the time between the two
   publication dates (half-life ``half_life_days``; no link beyond
   ``window_days``), and only candidates that share a name (a capitalised
   word: person, place, organisation) when both documents carry names.
3. **Smoothing.**  A short item says little, so each vector is averaged with
   its neighbours' (document expansion): two headlines of one story that
   share no word but share neighbours come closer.
4. **Average linkage.**  Groups merge while the *average* similarity of
   their members is at least ``threshold``: a member must be close to the
   group, not to one other member, so groups do not chain.  With unit
   vectors the average pairwise cosine of two groups is the dot product of
   their vector sums over the product of their sizes, so each round is exact
   and vectorised; every round merges the groups that are each other's best
   partner (reciprocal nearest neighbours, which for average linkage gives
   the same tree as merging one pair at a time).  Only groups linked by a
   neighbour pair are compared.

Near-duplicate families start as one group, so a family always falls inside
one story.  Each story lists the terms and names that tie it together and
its cohesion: the average cosine between its members (1.0 for one document).

Examples
--------
>>> from dedup.model import Document
>>> docs = [
...     Document("a", ["Russian troops massed near the Ukrainian border, Putin told NATO in Moscow."]),
...     Document("b", ["Putin warned NATO as Russian troops gathered at the Ukrainian border near Moscow."]),
...     Document("c", ["The central bank raised interest rates to curb inflation in Brazil."]),
... ]
>>> [s.members for s in group_stories(docs)]
[['a', 'b'], ['c']]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from dedup.errors import ParameterError
from dedup.model import Document
from dedup.near.neardup import Family
from dedup.settings import Settings

__all__ = ["Story", "document_entities", "group_stories"]

_NAME = re.compile(r"\b(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,}))*")
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "But",
        "And",
        "Or",
        "If",
        "So",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "For",
        "From",
        "With",
        "Without",
        "By",
        "Of",
        "To",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Your",
        "Last",
        "Next",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Meanwhile",
        "However",
        "Still",
        "Yet",
        "Also",
    ]
)


def document_entities(doc: Document) -> set[str]:
    """Capitalised names in a document, lower-cased, without sentence-initial function words.

    Examples
    --------
    >>> sorted(document_entities(Document("x", ["On Tuesday Vladimir Putin met NATO officials in Moscow."])))
    ['moscow', 'nato', 'vladimir putin']
    """
    names: set[str] = set()
    for para in doc.paragraphs:
        for match in _NAME.finditer(para):
            words = [w.strip("’'") for w in match.group().split()]
            while words and words[0] in _NOT_NAMES:
                words = words[1:]
            words = [w for w in words if w not in _NOT_NAMES or len(words) > 1]
            if words and len(" ".join(words)) > 2:
                names.add(" ".join(words).lower().replace("’s", "").replace("'s", ""))
    return names


@dataclass
class Story:
    """Documents about one event (``stories.jsonl``).

    ``cohesion`` is the average cosine similarity between the members'
    TF-IDF vectors (1.0 for a story of one document): a story of unrelated
    articles scores near 0.
    """

    id: str
    members: list[str]
    terms: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    cohesion: float = 1.0

    def record(self) -> dict[str, Any]:
        return {
            "story": self.id,
            "size": len(self.members),
            "members": self.members,
            "terms": self.terms,
            "entities": self.entities,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "cohesion": self.cohesion,
        }


_SMOOTH = 0.5
"""How much of its neighbours' mean a short item takes on (at most)."""
_SHORT_TERMS = 20.0
"""Documents with up to this many distinct terms take their neighbours' mean in full."""


def _day_number(value: str | None) -> float:
    if not value:
        return float("nan")
    try:
        return float(date.fromisoformat(value[:10]).toordinal())
    except ValueError:
        return float("nan")


def _decay(gap: npt.NDArray[np.float64], half_life: float, window: float) -> npt.NDArray[np.float64]:
    """Weight of a link across ``gap`` days: 1 when undated, 0 beyond the window."""
    gap = np.nan_to_num(np.abs(gap), nan=0.0)
    weight: npt.NDArray[np.float64] = np.power(0.5, gap / half_life)
    weight[gap > window] = 0.0
    return weight


def _rowwise_dot(m: sp.csr_matrix, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``m[a[k]] . m[b[k]]`` for every k, in chunks.

    For document rows, which are short; the vector sums of large groups use :func:`_pair_dots`, which does
    not copy a long row once per pair.
    """
    out = np.empty(len(a), dtype=np.float64)
    step = 20000
    for s in range(0, len(a), step):
        out[s : s + step] = np.asarray(m[a[s : s + step]].multiply(m[b[s : s + step]]).sum(axis=1)).ravel()
    return out


def neighbour_pairs(
    matrix: sp.csr_matrix,
    k: int,
    *,
    top_terms: int = 16,
    max_postings: int = 300,
    chunk: int = 1000,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Each row's ``k`` most similar rows among those sharing one of its top terms.

    Candidates come from an inverted index over each row's ``top_terms``
    most weighted terms, skipping terms in more than ``max_postings`` rows,
    so the cost grows with the number of rows, not its square.  Candidates
    are ranked by that partial score and the best ``k`` are scored exactly
    (the rows are unit vectors, so the score is their cosine).

    Returns
    -------
    tuple of arrays
        ``(i, j, cosine)`` with ``i < j``, each pair once.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> m = TfidfVectorizer().fit_transform(["red apple pie", "apple pie recipe", "blue whale song"])
    >>> i, j, s = neighbour_pairs(m.tocsr(), 2)
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1)]
    """
    n = matrix.shape[0]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    if n < 2 or k < 1:
        return empty
    # Keep each row's top terms.
    pruned = matrix.tocsr(copy=True)
    for r in range(n):
        lo, hi = pruned.indptr[r], pruned.indptr[r + 1]
        if hi - lo > top_terms:
            row = pruned.data[lo:hi]
            cut = np.partition(row, hi - lo - top_terms)[hi - lo - top_terms]
            row[row < cut] = 0.0
    pruned.eliminate_zeros()
    postings = np.bincount(pruned.indices, minlength=matrix.shape[1])
    keep = postings <= max_postings
    pruned = (pruned @ sp.diags(keep.astype(np.float64))).tocsr()
    pruned.eliminate_zeros()
    pruned_t = pruned.T.tocsr()
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    for s in range(0, n, chunk):
        block = (pruned[s : s + chunk] @ pruned_t).tocsr()
        for r in range(block.shape[0]):
            lo, hi = block.indptr[r], block.indptr[r + 1]
            js = block.indices[lo:hi]
            score = block.data[lo:hi]
            own = js != s + r
            js, score = js[own], score[own]
            if len(js) > k:
                best = np.argpartition(-score, k)[:k]
                js = js[best]
            rows.append(np.full(len(js), s + r, dtype=np.int64))
            cols.append(js.astype(np.int64))
    if not rows:
        return empty
    i = np.concatenate(rows)
    j = np.concatenate(cols)
    lo_ = np.minimum(i, j)
    hi_ = np.maximum(i, j)
    pair = np.unique(lo_ * n + hi_)
    i, j = pair // n, pair % n
    return i, j, _rowwise_dot(matrix, i, j)


def _opens_sentence(text: str, at: int) -> bool:
    """Whether ``text[at:]`` opens a sentence or a line: at the start, or after a line break or ``.!?:;``
    and spaces.  Looks back over the spaces only (a regex over the whole prefix made a 10 MB paragraph
    quadratic).

    Examples
    --------
    >>> _opens_sentence("Shares rose. Assets fell", 13), _opens_sentence("the Assets", 4)
    (True, False)
    """
    k = at
    while k > 0 and text[k - 1].isspace():
        if text[k - 1] == "\n":
            return True
        k -= 1
    if k == 0:
        return at == 0  # the start of the text (spaces before a name at the start open nothing)
    return text[k - 1] in ".!?:;\n"


def _name_words(doc: Document) -> set[str]:
    """Lower-cased words of the capitalised names in a document's title and text.

    A single capitalised word that opens a sentence or a line ("Assets",
    "Shares") is no evidence of a name and is left out.
    """
    out: set[str] = set()
    for part in [doc.title or "", *doc.paragraphs]:
        for match in _NAME.finditer(part):
            words = [w.strip("’'").lower() for w in match.group().split() if w not in _NOT_NAMES]
            if len(words) == 1 and _opens_sentence(part, match.start()):
                continue
            out.update(w.replace("’s", "").replace("'s", "") for w in words if len(w) > 2)
    return out


_NAME_SHARE = 0.02
"""A name word in more than this share of the documents (and more than ``max_postings``) ties nothing."""


def _distinctive_names(docs: Sequence[Document], most: int) -> list[frozenset[str]]:
    """Each document's name words that at most ``most`` documents carry.

    "Corp", "Shr" or a section name are capitalised in every item of a
    feed; they are no evidence that two items tell one story.
    """
    words = [_name_words(d) for d in docs]
    df = Counter(w for ws in words for w in ws)
    return [frozenset(w for w in ws if df[w] <= most) for ws in words]


_WORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_MAX_DF = 0.1
"""In a corpus of 200 documents or more, a term in more than this share of them is furniture ("Shr", "vs",
"said"), not a story's word: on Reuters-21578 the results tables of a thousand companies grouped through it."""


def _vectors(docs: Sequence[Document]) -> tuple[sp.csr_matrix | None, npt.NDArray[Any]]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    n = len(docs)
    texts = []
    for d in docs:
        text = d.text if d.title and d.text.startswith(d.title) else f"{d.title or ''}\n{d.text}"
        # An item's own outlet and agency ("Reuters", "BBC News") say nothing about its story; another
        # outlet's name ("Apple Insider") may be a story's word, so it is only removed from its own items.
        house = {w.lower() for who in (d.outlet, d.agency) if who for w in _WORD.findall(who)}
        if house:
            text = re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(house))) + r")\b", " ", text, flags=re.IGNORECASE)
        texts.append(text)
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS),
        token_pattern=_WORD.pattern,
        sublinear_tf=True,
        max_df=_MAX_DF if n >= 200 else 0.5 if n >= 20 else 1.0,
        min_df=2 if n >= 50 else 1,
        dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no usable terms at all
        return None, np.array([])
    return matrix, vectorizer.get_feature_names_out()


def _link_filter(
    i: npt.NDArray[np.int64], j: npt.NDArray[np.int64], names: Sequence[frozenset[str]]
) -> npt.NDArray[np.bool_]:
    """Pairs that share a name, or where one side names nothing."""
    return np.array(
        [not names[a] or not names[b] or bool(names[a] & names[b]) for a, b in zip(i.tolist(), j.tolist())], dtype=bool
    )


def _pair_dots(sums: sp.csr_matrix, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``sums[a[k]] . sums[b[k]]``: one sparse matrix-vector product per distinct ``a``."""
    out = np.zeros(len(a), dtype=np.float64)
    if not len(a):
        return out
    nnz = np.diff(sums.indptr)
    swap = nnz[a] < nnz[b]
    a, b = np.where(swap, b, a), np.where(swap, a, b)
    order = np.argsort(a, kind="stable")
    starts = np.flatnonzero(np.r_[True, a[order][1:] != a[order][:-1]])
    ends = np.r_[starts[1:], len(order)]
    for lo, hi in zip(starts.tolist(), ends.tolist()):
        idx = order[lo:hi]
        dense = sums[int(a[idx[0]])].toarray().ravel()
        out[idx] = sums[b[idx]] @ dense
    return out


def _average_linkage(
    matrix: sp.csr_matrix,
    labels: npt.NDArray[np.int64],
    i: npt.NDArray[np.int64],
    j: npt.NDArray[np.int64],
    days: npt.NDArray[np.float64],
    threshold: float,
    half_life: float,
    window: float,
) -> npt.NDArray[np.int64]:
    """Merge groups linked by (i, j) while their average cosine is at least ``threshold``.

    Group ids are kept from round to round (a merged pair takes the smaller
    id), so the link of two groups that did not change is not recomputed.
    """
    n = matrix.shape[0]
    labels = labels.copy()
    dated = ~np.isnan(days)
    known_keys = np.zeros(0, dtype=np.int64)
    known_links = np.zeros(0, dtype=np.float64)
    changed = np.ones(n, dtype=bool)
    while True:
        a, b = labels[i], labels[j]
        cross = a != b
        if not cross.any():
            return labels
        keys = np.unique(np.minimum(a[cross], b[cross]) * n + np.maximum(a[cross], b[cross]))
        ga, gb = keys // n, keys % n
        link = np.full(len(keys), np.nan)
        stale = changed[ga] | changed[gb]
        if len(known_keys):
            at = np.searchsorted(known_keys, keys[~stale])
            link[~stale] = known_links[np.minimum(at, len(known_keys) - 1)]
        if stale.any():
            member = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(n, n))
            size = np.bincount(labels, minlength=n).astype(np.float64)
            sums = (member @ matrix).tocsr()
            day_sum = np.bincount(labels, weights=np.where(dated, days, 0.0), minlength=n)
            day_n = np.bincount(labels, weights=dated.astype(np.float64), minlength=n)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean_day = day_sum / day_n
            sa, sb = ga[stale], gb[stale]
            fresh = _pair_dots(sums, sa, sb) / (size[sa] * size[sb])
            link[stale] = fresh * _decay(mean_day[sa] - mean_day[sb], half_life, window)
        known_keys, known_links = keys, link
        ok = link >= threshold
        if not ok.any():
            return labels
        ca, cb, cl = ga[ok], gb[ok], link[ok]
        # Each group's best partner (ties to the smaller id); merge pairs that choose each other.
        both_a = np.concatenate([ca, cb])
        both_b = np.concatenate([cb, ca])
        both_l = np.concatenate([cl, cl])
        order = np.lexsort((both_b, -both_l, both_a))
        first = np.r_[True, both_a[order][1:] != both_a[order][:-1]]
        best = np.full(n, -1, dtype=np.int64)
        best[both_a[order][first]] = both_b[order][first]
        groups = np.flatnonzero(best >= 0)
        mutual = groups[(best[best[groups]] == groups) & (groups < best[groups])]
        if not len(mutual):
            return labels
        target = np.arange(n)
        target[best[mutual]] = mutual
        changed = np.zeros(n, dtype=bool)
        changed[mutual] = True
        labels = target[labels]


def group_stories(
    docs: Sequence[Document],
    families: Sequence[Family] = (),
    *,
    threshold: float = Settings.story_threshold,
    neighbours: int = Settings.story_neighbours,
    window_days: int = Settings.story_window_days,
    half_life_days: float = Settings.story_half_life_days,
    max_postings: int = 300,
    n_terms: int = 8,
) -> list[Story]:
    """Group documents into stories.

    Parameters
    ----------
    docs
        The corpus.
    families
        Near-duplicate families; each ends up inside one story.
    threshold
        The average cosine between the members of two groups at which they
        merge (after smoothing; see the module notes).
    neighbours
        Candidate neighbours kept per document.
    window_days
        Documents published further apart than this are not linked (when
        both dates are known).
    half_life_days
        A link loses half its weight per this many days between the
        publication dates.
    max_postings
        Terms in more documents than this propose no candidate neighbours.
    n_terms
        How many describing terms to keep per story.

    Returns
    -------
    list of Story
        Every document is in exactly one story (possibly alone), largest
        stories first.
    """
    if not 0.0 < threshold <= 1.0:
        raise ParameterError("need 0 < story threshold <= 1; try 0.15")
    if neighbours < 1 or window_days < 0 or half_life_days <= 0 or max_postings < 2:
        raise ParameterError("need neighbours >= 1, window_days >= 0, half_life_days > 0, max_postings >= 2")
    n = len(docs)
    if n == 0:
        return []
    matrix, vocab = _vectors(docs)
    names = _distinctive_names(docs, max(max_postings, int(_NAME_SHARE * n)))
    days = np.array([_day_number(d.date) for d in docs], dtype=np.float64)
    index = {d.id: k for k, d in enumerate(docs)}
    labels = np.arange(n, dtype=np.int64)
    for fam in families:  # families are disjoint (connected components): each starts as one group
        ids = [index[m] for m in fam.members if m in index]
        if len(ids) > 1:
            labels[ids] = labels[ids[0]]
    if matrix is not None and n > 1:
        i, j, cos = neighbour_pairs(matrix, neighbours, max_postings=max_postings)
        keep = _link_filter(i, j, names)
        weight = cos * _decay(days[i] - days[j], half_life_days, window_days)
        keep &= weight > 0
        i, j, weight = i[keep], j[keep], weight[keep]
        # Smoothing: each vector plus the weighted mean of its neighbours.
        adj = sp.csr_matrix(
            (np.concatenate([weight, weight]), (np.concatenate([i, j]), np.concatenate([j, i]))), shape=(n, n)
        )
        degree = np.asarray(adj.sum(axis=1)).ravel()
        degree[degree == 0] = 1.0
        # A short item borrows from its neighbours; a long article already says enough.
        share = _SMOOTH * np.minimum(1.0, _SHORT_TERMS / np.maximum(np.diff(matrix.indptr), 1))
        smooth = matrix + sp.diags(share / degree) @ adj @ matrix
        norms = np.sqrt(np.asarray(smooth.multiply(smooth).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        smooth = (sp.diags(1.0 / norms) @ smooth).tocsr()
        si, sj, _ = neighbour_pairs(smooth, neighbours, max_postings=max_postings)
        sk = _link_filter(si, sj, names) & (_decay(days[si] - days[sj], half_life_days, window_days) > 0)
        labels = _average_linkage(smooth, labels, si[sk], sj[sk], days, threshold, half_life_days, float(window_days))
    labels = np.unique(labels, return_inverse=True)[1]
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(int(labels[k]), []).append(k)
    entities = [document_entities(d) for d in docs]
    stories = []
    for members in groups.values():
        terms: list[str] = []
        cohesion = 1.0
        if matrix is not None and len(vocab):
            total = np.asarray(matrix[members].sum(axis=0)).ravel()
            top = np.argsort(-total, kind="stable")[:n_terms]
            terms = [str(vocab[t]) for t in top if total[t] > 0]
            if len(members) > 1:
                size = len(members)
                cohesion = round(float((total @ total - size) / (size * (size - 1))), 4)
        counts = Counter(e for k in members for e in entities[k])
        need = 2 if len(members) > 1 else 1
        shared = [e for e, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= need][:n_terms]
        dates = sorted(d for d in (docs[k].date for k in members) if d)
        stories.append(
            (
                sorted(docs[k].id for k in members),
                terms,
                shared,
                dates[0] if dates else None,
                dates[-1] if dates else None,
                cohesion,
            )
        )
    stories.sort(key=lambda s: (-len(s[0]), s[0][0]))
    return [
        Story(f"story-{k + 1:04d}", ids, terms, ents, first, last, cohesion)
        for k, (ids, terms, ents, first, last, cohesion) in enumerate(stories)
    ]
