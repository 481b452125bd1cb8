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
from collections.abc import Sequence
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


_REWORDINGS = [
    ("the United States", "the U.S."),
    ("the U.S.", "the United States"),
    (" said ", " stated "),
    (" told ", " said to "),
    (" percent", "%"),
    ("%", " per cent"),
    (" about ", " around "),
    (" more than ", " over "),
    (" however", " though"),
    (" neighbour", " neighbor"),
    (" warned ", " cautioned "),
]
_CLAUSES = [", officials said,", ", according to a statement,", " on Tuesday", ", in a phone call,"]


@dataclass
class Perturbed:
    """An edited copy of a list of sentences and the gold alignment to it."""

    sentences: list[str]
    links: list[tuple[tuple[int, ...], tuple[int, ...]]]  # (a indices, b indices)


def _reword(sentence: str, rng: np.random.Generator) -> str:
    out = sentence
    choice = rng.random()
    if choice < 0.35:
        for old, new in rng.permutation(np.array(_REWORDINGS, dtype=object)).tolist():
            if old in out:
                out = out.replace(old, new, 1)
                break
    elif choice < 0.6:
        words = out.split(" ")
        if len(words) > 6:
            pos = int(rng.integers(2, min(6, len(words) - 1)))
            words[pos] = words[pos] + str(rng.choice(_CLAUSES))
            out = " ".join(words)
    elif choice < 0.8:
        import re

        nums = list(re.finditer(r"\d[\d,]*", out))
        if nums:
            m = nums[int(rng.integers(0, len(nums)))]
            out = out[: m.start()] + str(int(rng.integers(2, 99)) * 1000) + out[m.end() :]
    return out


def _split_point(sentence: str) -> int | None:
    words = sentence.split(" ")
    best = None
    for i, w in enumerate(words[:-1]):
        splittable = (w.endswith(",") or words[i + 1] in ("and", "but", "while", "as")) and 5 <= i + 1 <= len(words) - 5
        if splittable and (best is None or abs(i - len(words) / 2) < abs(best - len(words) / 2)):
            best = i
    return best


def perturb_sentences(
    paragraphs: list[list[str]],
    rng: np.random.Generator,
    *,
    p_drop: float = 0.08,
    p_split: float = 0.12,
    p_merge: float = 0.12,
    p_reword: float = 0.4,
    p_reorder: float = 0.5,
    inserts: Sequence[str] = (),
) -> Perturbed:
    """Edit a text the way outlets edit copy, keeping the gold sentence alignment.

    Paragraphs may be swapped; sentences dropped, split in two at a comma or
    conjunction, merged with the next one, lightly reworded (variant names,
    inserted clauses, changed figures) or kept; sentences from ``inserts``
    may be added.  Sentence indices of the original are counted over all
    paragraphs in order.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> text = [["Troops massed on the border today, and the talks in Geneva stalled again."]]
    >>> out = perturb_sentences(text, rng, p_drop=0.0, p_split=1.0)
    >>> out.sentences, out.links
    (['Troops massed on the border today.', 'The talks in Geneva stalled again.'], [((0,), (0, 1))])
    """
    numbered: list[list[tuple[int, str]]] = []
    n = 0
    for para in paragraphs:
        numbered.append([(n + i, s) for i, s in enumerate(para)])
        n += len(para)
    order = list(range(len(numbered)))
    if len(order) > 2 and rng.random() < p_reorder:
        i, j = rng.choice(len(order), size=2, replace=False)
        order[i], order[j] = order[j], order[i]
    out: list[str] = []
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for p in order:
        sents = numbered[p]
        k = 0
        while k < len(sents):
            idx, sent = sents[k]
            r = rng.random()
            if r < p_drop:
                k += 1
                continue
            r -= p_drop
            cut = _split_point(sent)
            if r < p_split and cut is not None:
                words = sent.split(" ")
                first = " ".join(words[: cut + 1]).rstrip(",;") + "."
                rest = words[cut + 1 :]
                if rest[0] in ("and", "but") and len(rest) > 1:
                    rest = rest[1:]
                second = " ".join(rest)
                second = second[:1].upper() + second[1:]
                links.append(((idx,), (len(out), len(out) + 1)))
                out.extend([first, second])
                k += 1
                continue
            r -= p_split
            if r < p_merge and k + 1 < len(sents):
                nxt_idx, nxt = sents[k + 1]
                tail = nxt[:1].lower() + nxt[1:] if nxt[:2] != nxt[:2].upper() else nxt
                joined = sent.rstrip(".") + ", and " + tail
                links.append(((idx, nxt_idx), (len(out),)))
                out.append(joined)
                k += 2
                continue
            if rng.random() < p_reword:
                sent = _reword(sent, rng)
            links.append(((idx,), (len(out),)))
            out.append(sent)
            k += 1
        if inserts and rng.random() < 0.3:
            out.append(str(rng.choice(np.array(list(inserts), dtype=object))))
    return Perturbed(out, links)
