"""Measure the aligner against edited copies with a known gold alignment.

Used by the tests and by ``bench/``: real article text is split, merged,
reordered, dropped and lightly reworded by
:func:`dedup_testing.synthetic.perturb_sentences`, and the links the aligner finds
are compared with the gold links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dedup.align.sentences import DEFAULT_THRESHOLD, align_texts
from dedup.model import Document
from dedup.segment import split_sentences
from dedup_testing.synthetic import perturb_sentences

__all__ = ["LinkScores", "alignment_scores", "score_links"]


@dataclass
class LinkScores:
    """Precision, recall and F1 for one kind of link."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def alignment_scores(
    docs: Sequence[Document], *, variants: int = 10, seed: int = 0, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, LinkScores]:
    """Align every document with ``variants`` edited copies of itself.

    Returns
    -------
    dict
        ``"1-1"`` and ``"1-2/2-1"`` link scores over all copies.

    Examples
    --------
    >>> doc = Document("x", ["Troops massed on the border today, and the talks in Geneva stalled again.",
    ...                      "The minister said the talks would resume next week in Vienna."])
    >>> scores = alignment_scores([doc], variants=3)
    >>> scores["1-1"].f1 > 0.9
    True
    """
    out = {"1-1": LinkScores(), "1-2/2-1": LinkScores()}
    for d_i, doc in enumerate(docs):
        paragraphs = [split_sentences(p) for p in doc.paragraphs]
        flat = [s for p in paragraphs for s in p]
        others = [s for o in docs if o is not doc for s in o.sentences]
        for v in range(variants):
            rng = np.random.default_rng(seed * 1_000_003 + d_i * 1009 + v)
            edited = perturb_sentences(paragraphs, rng, inserts=others)
            found = align_texts(flat, edited.sentences, threshold=threshold)
            gold = {(tuple(a), tuple(b)) for a, b in edited.links}
            pred = {(tuple(link.a_sentences), tuple(link.b_sentences)) for link in found.links}
            score_links(gold, pred, out)
    return out


Links = set[tuple[tuple[int, ...], tuple[int, ...]]]


def score_links(gold: Links, pred: Links, out: dict[str, LinkScores]) -> None:
    """Count true/false positives and misses of predicted links, by kind (``"1-1"``, ``"1-2/2-1"``)."""
    for link in gold | pred:
        kind = "1-1" if len(link[0]) == 1 and len(link[1]) == 1 else "1-2/2-1"
        if link in gold and link in pred:
            out[kind].tp += 1
        elif link in pred:
            out[kind].fp += 1
        else:
            out[kind].fn += 1
