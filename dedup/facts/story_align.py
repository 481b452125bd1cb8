"""Sentence alignment across a story: paraphrase-level links between articles that are not copies.

Two articles on the same event written by different outlets rarely share a sentence, but they
often report the same facts in other words ("a conflict that has claimed over 13,000 lives" /
"The conflict has claimed more than 13,000 lives").  :func:`align_story_sentences` links such
sentences, one to one, and leaves everything else unlinked: a link means "these two sentences
say the same thing", so precision comes before recall.

How a pair is scored
--------------------
1. Each sentence is normalised (:func:`sentence_terms`): Unicode compatibility forms, curly
   quotes and dashes made plain; every number read by :func:`dedup.facts.quantities.find_numbers`
   written as its value ("13,000", "thirteen thousand" → ``13000``; "£800m" → ``800000000``
   ``gbp``; "5 per cent", "5%" → ``5`` ``%``); case folded; possessives stripped; "U.S.", "US",
   "the United States" → ``usa`` (and so for the UK, EU, UN); other dotted abbreviations closed
   up; stop words (scikit-learn's English list plus
   reporting verbs such as "said") dropped; a light suffix rule folds plurals and verb endings
   ("sentenced", "sentences" → ``sentenc``).
2. Each sentence is a vector of IDF-weighted terms (binary term frequency), scaled to unit
   length; the score of two sentences is the cosine of their vectors.  The IDF is the corpus IDF
   given by the caller (``idf``: build one with :func:`build_idf` over the corpus's sentences),
   or, without one, a smoothed IDF over the sentences of the two texts themselves:
   ``idf(t) = ln((1 + n) / (1 + df(t))) + 1`` with ``n`` the number of sentences, so a term that
   every sentence of the story uses (its topic) weighs least.
3. The pairs are assigned one to one by :func:`scipy.optimize.linear_sum_assignment` on the
   score matrix, and a pair is kept when its score reaches the threshold.  Stop words carry no
   weight, so a kept pair always shares a content term: two sentences tied only by "said" or
   "the" score 0 and never link.

Everything is vectorised (a sparse matrix product over the whole pair of texts); a sentence's
terms are cached, so the same article aligned against many others is normalised once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy.optimize import linear_sum_assignment

from dedup.align.sentences import Alignment, DocumentAlignment, Link
from dedup.facts.quantities import find_numbers
from dedup.lexicon import english_stop_words
from dedup.model import Document
from dedup.near.stories import Story

__all__ = [
    "CHAR_WEIGHT",
    "DEFAULT_THRESHOLD",
    "IDF",
    "StoryLink",
    "align_stories",
    "align_story_sentences",
    "build_idf",
    "sentence_terms",
    "story_pairs",
    "story_similarity",
]

DEFAULT_THRESHOLD = 0.4
"""Least score for a link: the highest threshold that still finds 0.95 of the paraphrase pairs of the
MSRP training split hidden in synthetic article pairs (``bench/bench_story_align.py``,
``bench/data/PARAPHRASE.md``).  Raise it for fewer links: 0.62 is the threshold of the largest F0.5."""

CHAR_WEIGHT = 0.0
"""Weight of a character-level ratio (rapidfuzz ``fuzz.ratio`` of the normalised texts) blended into
the score, the IDF cosine having the rest.  Off by default: on MSRP a 0.5 blend cuts false links at
equal recall by a few per cent, but it marks down a short sentence that restates one fact of a long
one ("The conflict has claimed more than 13,000 lives."), which the story tier needs linked."""

# --- normalisation --------------------------------------------------------------------------------

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": " - ",
        "\u2013": " - ",
        "\u2014": " - ",
        "\u2015": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_CURRENCY = {"$": " usd ", "£": " gbp ", "€": " eur ", "¥": " jpy ", "₹": " inr "}
_CURRENCY_RE = re.compile("|".join(re.escape(c) for c in _CURRENCY))
_PERCENT = re.compile(r"\bper\s*cent\b|\bpercent(?:age\s+points?)?\b", re.IGNORECASE)
_NAME_FORMS = [  # one form for the common written forms of a few names (as dedup.align.sentences does)
    (
        re.compile(
            r"\b(?:the\s+)?united\s+states(?:\s+of\s+america)?\b|\bu\.\s?s\.(?:\s?a\.)?(?!\w)|\b(?-i:USA?)\b",
            re.IGNORECASE,
        ),
        " usa ",
    ),
    (re.compile(r"\b(?:the\s+)?united\s+kingdom\b|\bu\.\s?k\.(?!\w)|\bbritain\b", re.IGNORECASE), " uk "),
    (re.compile(r"\b(?:the\s+)?european\s+union\b|\be\.u\.(?!\w)", re.IGNORECASE), " eu "),
    (re.compile(r"\b(?:the\s+)?united\s+nations\b|\bu\.n\.(?!\w)", re.IGNORECASE), " unitednations "),
]
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z])", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b|(?<=s)'(?=\s|$)", re.IGNORECASE)
_TOKEN = re.compile(r"\d+(?:\.\d+)?|%|[^\W\d_]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")


# English stop words, the reporting verbs and titles: words every account of a story shares
_STOP = english_stop_words() | {"said", "says", "say", "saying", "told", "according", "added", "adding", "mr",
                                "mrs", "ms"}


def _stem(word: str) -> str:
    """A light suffix rule: plurals and common verb endings ("sentences", "sentenced" → "sentenc")."""
    if len(word) <= 4 or word[-1].isdigit():
        return word
    if word.endswith("ss"):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stem += "y"
            return stem
    return word


def _value(x: float) -> str:
    if math.isfinite(x) and float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return format(x, ".6g")


def _numbers_as_values(text: str) -> str:
    """Every number of ``text`` written as its value (and unit): "over 13,000" → "over  13000 "."""
    if not re.search(
        r"\d|(?i:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
        r"billion|trillion|dozen|half|third|quarter|first|second|fifth)\w*)",
        text,
    ):
        return text
    out: list[str] = []
    pos = 0
    for n in find_numbers(text):
        out.append(text[pos : n.start])
        if n.kind == "decade":
            words = [_value(n.low) + "s"]
        elif n.kind in ("ordinal", "roman"):
            words = [_value(n.low)]
        else:
            words = [_value(n.low)] if n.low == n.high else [_value(n.low), _value(n.high)]
        if n.unit:
            words.append(re.sub(r"[^\w%]", "", n.unit.lower()) or n.unit)
        out.append(" " + " ".join(words) + " ")
        pos = n.end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=65536)
def _normalised(sentence: str) -> tuple[str, tuple[str, ...]]:
    """The sentence's normalised words joined by spaces (stop words kept), and its content terms."""
    text = unicodedata.normalize("NFKC", sentence).translate(_PLAIN)
    text = _numbers_as_values(text)
    text = _PERCENT.sub(" % ", text)
    text = _CURRENCY_RE.sub(lambda m: _CURRENCY[m.group()], text)
    for pattern, form in _NAME_FORMS:
        text = pattern.sub(form, text)
    text = _DOTTED.sub(lambda m: m.group().replace(".", "") + " ", text)
    words = _TOKEN.findall(_POSSESSIVE.sub("", text.casefold()))
    return " ".join(words), tuple(_stem(w) for w in words if w not in _STOP)


def sentence_terms(sentence: str) -> tuple[str, ...]:
    """The content terms a sentence is compared by, in order, repeats kept.

    Parameters
    ----------
    sentence
        One sentence as written.

    Returns
    -------
    tuple of str
        Normalised, stemmed terms without stop words (see the module docstring).

    Examples
    --------
    >>> sentence_terms("The conflict has claimed over 13,000 lives.")
    ('conflict', 'claim', '13000', 'liv')
    >>> sentence_terms("Thirteen thousand people’s lives were lost – 5 per cent more.")
    ('13000', 'people', 'liv', 'lost', '5', '%')
    >>> sentence_terms("The U.S. said it paid £800m.") == sentence_terms("The United States paid £800 million.")
    True
    >>> sentence_terms("The United States paid £800 million.")
    ('usa', 'paid', '800000000', 'gbp')
    """
    return _normalised(sentence)[1]


# --- IDF ------------------------------------------------------------------------------------------


class IDF(Mapping[str, float]):
    """A corpus IDF over :func:`sentence_terms` terms, with the weight of a term it never saw.

    ``idf[t] = ln((1 + n) / (1 + df(t))) + 1`` over ``n`` sentences; ``default`` is the weight
    of an unseen term (``ln(1 + n) + 1``, as for a term seen in no sentence).
    """

    def __init__(self, weights: Mapping[str, float], default: float) -> None:
        self._weights = dict(weights)
        self.default = float(default)

    def __getitem__(self, term: str) -> float:
        return self._weights[term]

    def __iter__(self) -> Iterator[str]:
        return iter(self._weights)

    def __len__(self) -> int:
        return len(self._weights)


def build_idf(sentences: Iterable[str]) -> IDF:
    """The smoothed IDF of the terms of ``sentences`` (each sentence one document).

    Parameters
    ----------
    sentences
        The corpus, one sentence per item (e.g. every sentence of every article scanned).

    Returns
    -------
    IDF
        Term → weight, with ``default`` for terms not in the corpus.

    Examples
    --------
    >>> idf = build_idf(["Troops massed at the border.", "Troops left.", "Rain fell."])
    >>> round(idf["troop"], 3), round(idf["rain"], 3), round(idf.default, 3)
    (1.288, 1.693, 2.386)
    """
    df: dict[str, int] = {}
    n = 0
    for s in sentences:
        n += 1
        for t in set(sentence_terms(s)):
            df[t] = df.get(t, 0) + 1
    weights = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    return IDF(weights, math.log(1 + n) + 1.0)


# --- scoring and assignment -----------------------------------------------------------------------


@dataclass(frozen=True)
class StoryLink:
    """Sentence ``a`` of the first text says the same as sentence ``b`` of the second (0-based)."""

    a: int
    b: int
    score: float


def _vectors(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float] | None
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    terms = [set(sentence_terms(s)) for s in (*a, *b)]
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, ts in enumerate(terms):
        for t in sorted(ts):  # a fixed column order: the same sums, to the last bit, whatever the hash seed
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    n_rows = len(terms)
    binary = sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(n_rows, len(vocab)),
    )
    if idf is None:
        df = np.asarray(binary.sum(axis=0)).ravel()
        weights = np.log((1.0 + n_rows) / (1.0 + df)) + 1.0
    else:
        default = idf.default if isinstance(idf, IDF) else max(idf.values(), default=1.0)
        weights = np.fromiter((idf.get(t, default) for t in vocab), dtype=np.float64, count=len(vocab))
    weighted = sp.csr_matrix(binary.multiply(weights[np.newaxis, :]))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
    return unit[: len(a)], unit[len(a) :]


def story_similarity(
    a: Sequence[str], b: Sequence[str], *, idf: Mapping[str, float] | None = None
) -> npt.NDArray[np.float64]:
    """Cosine scores of every sentence of ``a`` against every sentence of ``b``.

    Parameters
    ----------
    a, b
        The sentences of the two texts.
    idf
        Corpus IDF over :func:`sentence_terms` terms (:func:`build_idf`); unseen terms weigh
        ``idf.default`` for an :class:`IDF`, else the largest weight of the mapping.  Without
        it, a smoothed IDF over the sentences of ``a`` and ``b``.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(a), len(b))``, values in [0, 1].

    Examples
    --------
    >>> m = story_similarity(["Prices rose 5 per cent in May."], ["In May prices climbed 5%.", "Rain fell."])
    >>> (m > 0.5).tolist()
    [[True, False]]
    """
    if not a or not b:
        return np.zeros((len(a), len(b)))
    va, vb = _vectors(a, b, idf)
    cosine = np.clip(np.asarray((va @ vb.T).toarray(), dtype=np.float64), 0.0, 1.0)
    if CHAR_WEIGHT == 0.0:
        return cosine
    ratio = cdist([_normalised(s)[0] for s in a], [_normalised(s)[0] for s in b], scorer=fuzz.ratio, dtype=np.float64)
    scores = (1.0 - CHAR_WEIGHT) * cosine + CHAR_WEIGHT * np.asarray(ratio, dtype=np.float64) / 100.0
    # No shared content term, no score: sentences tied only by "said" or "the" never link.
    return np.where(cosine > 0.0, scores, 0.0)


def align_story_sentences(
    a: Sequence[str],
    b: Sequence[str],
    *,
    idf: Mapping[str, float] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[StoryLink]:
    """Link the sentences of two articles on one story that say the same thing, one to one.

    Parameters
    ----------
    a, b
        The sentences of the two articles (e.g. ``Document.sentences``).
    idf
        Corpus IDF (see :func:`story_similarity`); without it, IDF over the two texts.
    threshold
        Least cosine score of a link.

    Returns
    -------
    list of StoryLink
        Sorted by ``a``; each sentence of ``a`` and of ``b`` is in at most one link.

    Examples
    --------
    >>> a = ["Kiev accuses the Kremlin of backing the rebels in a conflict that has claimed over 13,000 lives.",
    ...      "Ukraine's president spoke to reporters on Monday."]
    >>> b = ["The weather in Kiev was cold.", "The conflict has claimed more than thirteen thousand lives."]
    >>> [(link.a, link.b) for link in align_story_sentences(a, b)]
    [(0, 1)]
    >>> align_story_sentences([], b)
    []
    """
    scores = story_similarity(a, b, idf=idf)
    if scores.size == 0:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    keep = scores[rows, cols] >= max(threshold, np.finfo(np.float64).tiny)
    return [StoryLink(int(i), int(j), float(scores[i, j])) for i, j in zip(rows[keep], cols[keep])]


# --- across the stories of a corpus ---------------------------------------------------------------


def story_pairs(
    docs: Sequence[Document],
    stories: Sequence[Story],
    skip: Iterable[tuple[str, str]] = (),
    *,
    per_document: int = 3,
    max_documents: int = 300,
) -> list[tuple[str, str]]:
    """Which articles of each story to align: each member with its closest other members.

    Within a story of at most ``max_documents`` articles, each article is
    paired with the ``per_document`` members whose text is most alike (TF-IDF
    cosine over the story's own articles), so the work grows with the corpus,
    not with the square of a story.  Pairs in ``skip`` (copies and shared
    passages, which are aligned as copies) are left out.

    Returns
    -------
    list of (str, str)
        ``(a, b)`` ids with ``a < b``, sorted.

    Examples
    --------
    >>> from dedup.model import Document
    >>> from dedup.near.stories import Story
    >>> docs = [Document("a", ["Troops massed at the border."]), Document("b", ["Troops gathered at the border."]),
    ...         Document("c", ["Talks were held in Geneva."])]
    >>> story_pairs(docs, [Story("story-0001", ["a", "b", "c"])], per_document=1)
    [('a', 'b'), ('a', 'c')]
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_id = {d.id: d for d in docs}
    skipped = {(min(a, b), max(a, b)) for a, b in skip}
    out: set[tuple[str, str]] = set()
    for story in stories:
        members = [by_id[m] for m in story.members if m in by_id]
        if len(members) < 2 or len(members) > max_documents:
            continue
        try:
            matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([d.text for d in members])
        except ValueError:  # no words at all
            continue
        sims = (matrix @ matrix.T).toarray()
        np.fill_diagonal(sims, -1.0)
        for i in range(len(members)):
            closest = [j for j in np.argsort(-sims[i], kind="stable").tolist() if j != i][:per_document]
            for j in closest:
                a, b = sorted((members[i].id, members[j].id))
                if (a, b) not in skipped:
                    out.add((a, b))
    return sorted(out)


def align_stories(
    docs: Sequence[Document],
    stories: Sequence[Story],
    aligned: Sequence[DocumentAlignment] = (),
    *,
    threshold: float = DEFAULT_THRESHOLD,
    per_document: int = 3,
    max_documents: int = 300,
) -> list[DocumentAlignment]:
    """Sentence links between articles of one story that are not copies (``level: "story"``).

    The pairs are those of :func:`story_pairs`; each is aligned with
    :func:`align_story_sentences` under an IDF over the sentences of its
    story, so the words every article of the story uses weigh least.  A story
    alignment lists no omitted or added sentences: two articles on one event
    are not expected to carry each other's sentences.

    ``aligned`` holds the copy alignments already made: a pair aligned as
    whole documents is left out, and in a pair that shares passages the
    sentences of those passages keep their copy links; the rest of the two
    articles is aligned here.

    Examples
    --------
    >>> from dedup.model import Document
    >>> from dedup.near.stories import Story
    >>> a = Document("a", ["Kiev says the conflict has claimed over 13,000 lives.", "Talks resume on Monday."])
    >>> b = Document("b", ["Shelling went on overnight.", "The conflict has claimed more than 13,000 lives."])
    >>> [(x.level, [(link.a_sentences, link.b_sentences) for link in x.alignment.links])
    ...  for x in align_stories([a, b], [Story("story-0001", ["a", "b"])])]
    [('story', [([0], [1])])]
    """
    by_id = {d.id: d for d in docs}
    story_of = {m: s for s in stories for m in s.members}
    whole = [(x.a, x.b) for x in aligned if x.level == "document"]
    taken: dict[tuple[str, str], tuple[set[int], set[int]]] = {}
    for x in aligned:
        if x.level != "document":
            key = (x.a, x.b) if x.a < x.b else (x.b, x.a)
            sides = taken.setdefault(key, (set(), set()))
            for link in x.alignment.links:
                first, second = (
                    (link.a_sentences, link.b_sentences) if x.a < x.b else (link.b_sentences, link.a_sentences)
                )
                sides[0].update(first)
                sides[1].update(second)
    idfs: dict[str, IDF] = {}
    out: list[DocumentAlignment] = []
    for a_id, b_id in story_pairs(docs, stories, whole, per_document=per_document, max_documents=max_documents):
        story = story_of[a_id]
        sid = story.id
        if sid not in idfs:
            idfs[sid] = build_idf(x for m in story.members if m in by_id for x in by_id[m].sentences)
        da, db = by_id[a_id], by_id[b_id]
        links = align_story_sentences(da.sentences, db.sentences, idf=idfs[sid], threshold=threshold)
        used_a, used_b = taken.get((a_id, b_id), (set(), set()))
        links = [x for x in links if x.a not in used_a and x.b not in used_b]
        if not links:
            continue
        alignment = Alignment([Link([x.a], [x.b], x.score, da.sentences[x.a], db.sentences[x.b]) for x in links])
        out.append(DocumentAlignment(a_id, b_id, "story", alignment, len(da.sentences), len(db.sentences)))
    return out
