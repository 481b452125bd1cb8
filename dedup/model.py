"""Data types shared by the pipeline stages."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Document:
    """One article after ingest: clean paragraphs plus recovered metadata.

    Parameters
    ----------
    id
        Path relative to the corpus root (``wire/story-001.txt``) or the
        ``id`` field of a JSONL/CSV row.
    paragraphs
        Article text, one string per paragraph, boilerplate removed.
    title, outlet, date, url, author, agency
        Metadata; ``date`` is an ISO 8601 date (``YYYY-MM-DD``) or ``None``.
    date_source
        Where the date came from: ``"field"``, ``"dateline"``, ``"url"``,
        ``"caption"`` or ``None``.
    source
        The file the document was read from.
    encoding
        The detected (or forced) text encoding of that file.
    notes
        What ingest repaired on the way in (invalid bytes or lone
        surrogates replaced), one line each; the reader turns them into
        warnings.

    Examples
    --------
    >>> doc = Document(id="a.txt", paragraphs=["One. Two.", "Three."])
    >>> doc.sentences
    ['One.', 'Two.', 'Three.']
    >>> doc.sentence_paragraph
    [0, 0, 1]
    """

    id: str
    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    agency: str | None = None
    date_source: str | None = None
    source: str | None = None
    encoding: str | None = None
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article body, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @cached_property
    def _segmented(self) -> tuple[list[str], list[int]]:
        from dedup.segment import split_sentences

        sentences: list[str] = []
        owner: list[int] = []
        for i, paragraph in enumerate(self.paragraphs):
            for sentence in split_sentences(paragraph):
                sentences.append(sentence)
                owner.append(i)
        return sentences, owner

    @property
    def sentences(self) -> list[str]:
        """All sentences of the article, in order, across paragraphs."""
        return self._segmented[0]

    @property
    def sentence_paragraph(self) -> list[int]:
        """For each sentence, the index of the paragraph it belongs to."""
        return self._segmented[1]

    def record(self) -> dict[str, Any]:
        """The ``documents.jsonl`` row for this document."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date,
            "url": self.url,
            "n_paragraphs": len(self.paragraphs),
            "n_sentences": len(self.sentences),
            "n_words": sum(len(p.split()) for p in self.paragraphs),
            "author": self.author,
            "agency": self.agency,
            "date_source": self.date_source,
            "source": self.source,
            "encoding": self.encoding,
        }


@dataclass(frozen=True)
class Skipped:
    """A file (or row) that could not be read, and why."""

    path: str
    reason: str
    kind: str = "unreadable"

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


def per_document(fn: Callable[[Document], T]) -> Callable[[Document], T]:
    """Compute ``fn(doc)`` once per document object (a document is read, never changed, after ingest).

    The cache holds the document with the value, so a new document that
    reuses a freed object's ``id`` is never served another one's value; it is
    emptied when it grows past 50,000 documents.

    Examples
    --------
    >>> calls = []
    >>> @per_document
    ... def n_words(doc: Document) -> int:
    ...     calls.append(doc.id)
    ...     return len(doc.text.split())
    >>> d = Document("a", ["One two three."])
    >>> n_words(d), n_words(d), calls
    (3, 3, ['a'])
    """
    cache: dict[int, tuple[Document, T]] = {}

    @functools.wraps(fn)
    def cached(doc: Document) -> T:
        hit = cache.get(id(doc))
        if hit is not None and hit[0] is doc:
            return hit[1]
        value = fn(doc)
        if len(cache) > 50_000:
            cache.clear()
        cache[id(doc)] = (doc, value)
        return value

    return cached


def reference_day(value: str | datetime.date | None) -> datetime.date | None:
    """A document's date as a day that relative dates ("on Tuesday", "last week") are counted from.

    ``None`` when there is none: no date, one that is not ``YYYY-MM-DD``, or one within a week of the
    calendar's ends (``0001-01-01``, ``9999-12-31``: a database's placeholder), where counting a week
    back or forward would leave the calendar.

    Examples
    --------
    >>> reference_day("2021-12-08"), reference_day("Dec 8"), reference_day("0001-01-01")
    (datetime.date(2021, 12, 8), None, None)
    """
    if isinstance(value, str):
        if date_problem(value[:10]) is not None:
            return None
        value = datetime.date.fromisoformat(value[:10])
    if value is None or not _FIRST_DAY <= value <= _LAST_DAY:
        return None
    return value


def date_problem(value: object) -> str | None:
    """Why ``value`` cannot be a :attr:`Document.date` (``None`` or an ISO 8601 day), or ``None`` when it can.

    Examples
    --------
    >>> date_problem("2021-12-08"), date_problem(None)
    (None, None)
    >>> date_problem("Dec 8"), date_problem("2021-W49-3")[:12]
    ("'Dec 8' is not an ISO 8601 day (YYYY-MM-DD)", "'2021-W49-3'")
    """
    if value is None:
        return None
    # digits and hyphens where YYYY-MM-DD has them: Python 3.11 also reads week dates ("2021-W49-3") and "20211208"
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-" and value.replace("-", "").isdigit():
        try:
            datetime.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"{value!r} is not an ISO 8601 day (YYYY-MM-DD)"


_FIRST_DAY = datetime.date.min + datetime.timedelta(days=8)
_LAST_DAY = datetime.date.max - datetime.timedelta(days=8)
