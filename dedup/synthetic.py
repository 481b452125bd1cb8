"""Synthetic news-like corpora with planted edited copies, for tests and benchmarks.

Documents are built from a Zipf-distributed vocabulary (common English
function words plus made-up content words), in sentences of 12-32 words and
paragraphs of 1-4 sentences, about 2.7 kB each, like agency copy.  A planted
copy is an original with a paragraph dropped and one word in thirty
replaced (or any other edit rate), the way outlets edit wire stories.  The
gold pairs are returned with the texts.

Examples
--------
>>> corpus = make_corpus(20, copy_rate=0.5, seed=3)
>>> len(corpus.texts) > 20, len(corpus.planted) > 0
(True, True)
>>> a, b = corpus.planted[0]
>>> corpus.texts[a] != corpus.texts[b]
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["SyntheticCorpus", "edit_copy", "make_corpus", "write_corpus"]

_FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "he",
    "for",
    "it",
    "with",
    "as",
    "his",
    "on",
    "be",
    "at",
    "by",
    "i",
    "this",
    "had",
    "not",
    "are",
    "but",
    "from",
    "or",
    "have",
    "an",
    "they",
    "which",
    "one",
    "you",
    "were",
    "her",
    "all",
    "she",
    "there",
    "would",
    "their",
    "we",
    "him",
    "been",
    "has",
    "when",
    "who",
    "will",
    "more",
    "no",
    "if",
    "out",
    "so",
    "said",
    "what",
    "up",
    "its",
    "about",
    "into",
    "than",
    "them",
    "can",
    "only",
    "other",
    "new",
    "some",
    "could",
    "time",
    "these",
    "two",
    "may",
    "then",
    "do",
    "first",
    "any",
    "my",
    "now",
    "such",
    "like",
    "our",
    "over",
    "man",
    "me",
    "even",
    "most",
    "made",
    "after",
    "also",
    "did",
    "many",
    "before",
    "must",
    "through",
    "back",
    "years",
    "where",
    "much",
    "your",
    "way",
    "well",
    "down",
    "should",
    "because",
    "each",
    "just",
    "those",
    "people",
    "how",
    "too",
    "little",
    "state",
    "good",
    "very",
    "make",
    "world",
    "still",
    "own",
    "see",
    "men",
    "work",
    "long",
    "get",
    "here",
    "between",
    "both",
    "life",
    "being",
    "under",
    "never",
    "day",
    "same",
    "another",
    "know",
    "while",
    "last",
    "might",
    "us",
    "great",
    "old",
    "year",
    "off",
    "come",
    "since",
    "against",
    "go",
    "came",
    "right",
    "used",
    "take",
    "three",
]


def _vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    consonants = list("bcdfghklmnprstvwz")
    vowels = list("aeiou")
    words: set[str] = set()
    while len(words) < size:
        n = int(rng.integers(2, 5))
        word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(n))
        if rng.random() < 0.3:
            word += rng.choice(consonants)
        words.add(word)
    return sorted(words)


@dataclass
class SyntheticCorpus:
    """Texts (each a list of paragraphs joined by blank lines) and the planted pairs."""

    texts: list[str]
    ids: list[str]
    planted: list[tuple[int, int]] = field(default_factory=list)


class _Writer:
    def __init__(self, seed: int, vocab_size: int = 30000) -> None:
        self.rng = np.random.default_rng(seed)
        vocab = _vocabulary(self.rng, vocab_size)
        self.words = np.array(_FUNCTION + vocab)
        ranks = np.arange(1, len(self.words) + 1, dtype=np.float64)
        p = 1.0 / ranks**1.05
        self.cdf = np.cumsum(p / p.sum())
        self._pool = np.zeros(0, dtype=np.int64)

    def _draw(self, n: int) -> list[str]:
        if len(self._pool) < n:
            fresh = np.searchsorted(self.cdf, self.rng.random(200000))
            self._pool = np.concatenate([self._pool, np.minimum(fresh, len(self.words) - 1)])
        idx, self._pool = self._pool[:n], self._pool[n:]
        return self.words[idx].tolist()  # type: ignore[no-any-return]

    def sentence(self) -> str:
        n = int(self.rng.integers(12, 33))
        words = self._draw(n)
        if self.rng.random() < 0.3:
            words.insert(int(self.rng.integers(1, n)), f"{int(self.rng.integers(2, 100000)):,}")
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(int(self.rng.integers(1, 5))))

    def document(self) -> list[str]:
        return [self.paragraph() for _ in range(int(self.rng.integers(6, 13)))]


def edit_copy(
    paragraphs: list[str],
    rng: np.random.Generator,
    *,
    drop_paragraphs: int = 1,
    word_change_rate: float = 1 / 30,
    replacement_words: np.ndarray | None = None,
) -> list[str]:
    """An edited copy: ``drop_paragraphs`` random paragraphs removed, words replaced at a rate.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> edit_copy(["a b c.", "d e f."], rng, drop_paragraphs=1, word_change_rate=0.0)
    ['a b c.']
    """
    keep = list(paragraphs)
    for _ in range(min(drop_paragraphs, len(keep) - 1)):
        keep.pop(int(rng.integers(0, len(keep))))
    pool = replacement_words if replacement_words is not None else np.array(["changed", "edited", "altered"])
    out = []
    for para in keep:
        words = para.split(" ")
        for i in range(len(words)):
            if rng.random() < word_change_rate:
                words[i] = str(rng.choice(pool)) + str(int(rng.integers(0, 1000)))
        out.append(" ".join(words))
    return out


def make_corpus(
    n_originals: int,
    *,
    copy_rate: float = 0.2,
    drop_paragraphs: int = 1,
    word_change_rate: float = 1 / 30,
    seed: int = 0,
) -> SyntheticCorpus:
    """A corpus of ``n_originals`` articles plus edited copies of a share of them.

    Parameters
    ----------
    n_originals
        Independent articles.
    copy_rate
        Share of originals that get one edited copy.
    drop_paragraphs, word_change_rate
        How each copy is edited (see :func:`edit_copy`).
    seed
        Everything is determined by it.

    Returns
    -------
    SyntheticCorpus
        ``texts[i]`` with ``ids[i]``; ``planted`` lists ``(original, copy)``
        index pairs.
    """
    writer = _Writer(seed)
    rng = writer.rng
    texts: list[str] = []
    ids: list[str] = []
    planted: list[tuple[int, int]] = []
    for n in range(n_originals):
        doc = writer.document()
        texts.append("\n\n".join(doc))
        ids.append(f"orig/{n:07d}.txt")
        if rng.random() < copy_rate:
            copy = edit_copy(
                doc,
                rng,
                drop_paragraphs=drop_paragraphs,
                word_change_rate=word_change_rate,
                replacement_words=writer.words[200:5000],
            )
            planted.append((len(texts) - 1, len(texts)))
            texts.append("\n\n".join(copy))
            ids.append(f"copy/{n:07d}.txt")
    return SyntheticCorpus(texts, ids, planted)


def write_corpus(corpus: SyntheticCorpus, root: str | os.PathLike[str]) -> Path:
    """Write every text as a ``.txt`` file under ``root`` (ids are relative paths)."""
    base = Path(root)
    made: set[Path] = set()
    for doc_id, text in zip(corpus.ids, corpus.texts):
        path = base / doc_id
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
    return base
