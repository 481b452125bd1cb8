"""Story groups: documents about the same event, whether or not they share copy.

Three outlets can report one troop build-up in entirely different words;
their figures still have to be compared.  Two documents are linked when

* their TF-IDF cosine similarity (over the corpus; sublinear term
  frequency, English stop words removed) is at least ``similarity``, or at
  least ``min_similarity`` with ``min_entities`` or more names in common
  (capitalised names: people, places, organisations), and
* their publication dates, where both are known, are at most
  ``window_days`` apart.

Stories are the connected components of those links, merged with the
near-duplicate families so that a family always falls inside one story.
Each story lists the terms and names that tie it together.

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

from dedup.errors import ParameterError
from dedup.model import Document
from dedup.neardup import Family, _UnionFind

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
    """Documents about one event (``stories.jsonl``)."""

    id: str
    members: list[str]
    terms: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "story": self.id,
            "size": len(self.members),
            "members": self.members,
            "terms": self.terms,
            "entities": self.entities,
            "first_date": self.first_date,
            "last_date": self.last_date,
        }


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def group_stories(
    docs: Sequence[Document],
    families: Sequence[Family] = (),
    *,
    similarity: float = 0.3,
    min_similarity: float = 0.12,
    min_entities: int = 3,
    window_days: int = 60,
    n_terms: int = 8,
) -> list[Story]:
    """Group documents into stories.

    Parameters
    ----------
    docs
        The corpus.
    families
        Near-duplicate families; each ends up inside one story.
    similarity
        TF-IDF cosine that links two documents on its own.
    min_similarity, min_entities
        A lower cosine that links two documents sharing this many names.
    window_days
        Documents published further apart than this are not linked (when
        both dates are known).
    n_terms
        How many describing terms to keep per story.

    Returns
    -------
    list of Story
        Every document is in exactly one story (possibly alone), largest
        stories first.
    """
    if not 0.0 < min_similarity <= similarity <= 1.0:
        raise ParameterError("need 0 < min_similarity <= similarity <= 1; try 0.12 and 0.3")
    n = len(docs)
    if n == 0:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.title or ''}\n{d.text}" for d in docs]
    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
        max_df=0.5 if n >= 20 else 1.0,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no usable terms at all
        matrix = None
    entities = [document_entities(d) for d in docs]
    uf = _UnionFind(n)
    if matrix is not None and n > 1:
        chunk = 512
        for start in range(0, n, chunk):
            block = (matrix[start : start + chunk] @ matrix.T).toarray()
            rows, cols = np.nonzero(block >= min_similarity)
            for r, c in zip(rows.tolist(), cols.tolist()):
                i = start + r
                if c <= i:
                    continue
                gap = _days(docs[i].date, docs[c].date)
                if gap is not None and gap > window_days:
                    continue
                if block[r, c] >= similarity or len(entities[i] & entities[c]) >= min_entities:
                    uf.union(i, c)
    index = {d.id: i for i, d in enumerate(docs)}
    for fam in families:
        for member in fam.members[1:]:
            uf.union(index[fam.members[0]], index[member])

    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    vocab = vectorizer.get_feature_names_out() if matrix is not None else np.array([])
    stories = []
    for members in groups.values():
        terms: list[str] = []
        if matrix is not None and len(vocab):
            weight = np.asarray(matrix[members].sum(axis=0)).ravel()
            top = np.argsort(-weight, kind="stable")[:n_terms]
            terms = [str(vocab[t]) for t in top if weight[t] > 0]
        counts = Counter(e for i in members for e in entities[i])
        need = 2 if len(members) > 1 else 1
        shared = [e for e, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c >= need][:n_terms]
        dates = sorted(d for d in (docs[i].date for i in members) if d)
        stories.append(
            (
                sorted(docs[i].id for i in members),
                terms,
                shared,
                dates[0] if dates else None,
                dates[-1] if dates else None,
            )
        )
    stories.sort(key=lambda s: (-len(s[0]), s[0][0]))
    return [
        Story(f"story-{k + 1:04d}", ids, terms, ents, first, last)
        for k, (ids, terms, ents, first, last) in enumerate(stories)
    ]
