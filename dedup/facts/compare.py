"""Compare facts across copies and across stories, and report discrepancies.

Two places where outlets can disagree:

* **aligned sentences** of copied material (a wire story and its copy):
  the quantities, dates, names and quotes of each linked sentence pair are
  paired up and compared;
* **the story**: articles about the same event that do not share copy give
  their figures in different sentences ("up to 100,000 troops" in one,
  "over 100,000 Russian troops" in another).  Quantities are matched by
  what they measure (the head noun, with modifiers that must not
  contradict, in sentences that share context), and names by spelling
  across the story ("Finish" once, "Finnish" everywhere else).

Consistent variants ("over 13,000" / "more than 13,000", "£6.4bn" /
"£6.4 billion") are never reported.  A refinement (one interval inside the
other) is reported at low severity; a conflict (disjoint) high.  Severity
drops when the articles were published far apart, and the explanation
says so.

Examples
--------
>>> from dedup.model import Document, per_document
>>> a = Document("a", ["Moscow has deployed up to 100,000 troops near the border."], date="2021-12-08")
>>> b = Document("b", ["Moscow has deployed over 100,000 troops near the border."], date="2021-12-09")
>>> found = compare_sentence_pair(a, [0], b, [0])
>>> [(d.kind, d.relation, d.a_value, d.b_value) for d in found]
[('number', 'conflict', 'up to 100,000', 'over 100,000')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any

from dedup.align.sentences import DocumentAlignment, Link
from dedup.facts.changes import (
    LEGAL_SUFFIXES,
    NEGATION_MOVED,
    TICKER_CHANGED,
    Change,
    inflection,
    one_word_for_another,
    reworded_words,
    title_cased,
)
from dedup.facts.corrections import Correction, correction_pairs
from dedup.facts.extract import (
    TITLE_WORDS,
    DateFact,
    EntityFact,
    Fact,
    QuantityFact,
    QuoteFact,
    capitalised_inside,
    facts_by_sentence,
)
from dedup.facts.quantities import Quantity, contains, find_numbers, relate, same_subject
from dedup.lexicon import MONTHS, WEEKDAYS, english_stop_words, in_either_number
from dedup.model import Document, per_document
from dedup.near.stories import Story

__all__ = [
    "Discrepancy", "PairChange", "compare_alignment", "compare_corpus", "compare_sentence_pair", "document_facts",
    "headline_facts", "names_inside", "pair_changes",
    "report_series", "same_company", "same_item", "ticker_symbols", "title_words",
]

_BASE_SEVERITY = {
    "number": 0.7, "date": 0.6, "polarity": 0.65, "quote": 0.55, "entity": 0.45, "other": 0.3, "wording": 0.2,
}
_CASUALTY = re.compile(r"dead|death|kill|injur|wound|casualt|victim|live|fatal|missing|refugee|displac", re.I)
_CONTENT = re.compile(r"[a-z][a-z'-]{2,}")
_WORD_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_BRACKETED = re.compile(r"<[^<>\s]+>")  # a ticker as a headline brackets it ("<FBT>", "<UTX.N>")
_STOP = frozenset(
    "the and for with that this from have has had was were are is been will would could should said says told "
    "its their his her they them into over under about after before than more less also but not who which when "
    "where while there here what some any all one two three four five per cent percent".split()
)


@dataclass(frozen=True)
class Discrepancy:
    """One disagreement between two documents (``discrepancies.jsonl``)."""

    a: str
    b: str
    kind: str  # number, date, entity, quote, other
    relation: str  # conflict, refinement
    subject: str | None
    a_value: str
    b_value: str
    a_text: str
    b_text: str
    severity: float
    explanation: str
    scope: str = "aligned"  # aligned (copied sentences) or story
    a_sentence: int | None = None
    b_sentence: int | None = None
    days_apart: int | None = None
    a_interval: str | None = None
    b_interval: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "relation": self.relation,
            "subject": self.subject,
            "a_value": self.a_value,
            "b_value": self.b_value,
            "a_text": self.a_text,
            "b_text": self.b_text,
            "severity": self.severity,
            "explanation": self.explanation,
            "scope": self.scope,
            "a_sentence": self.a_sentence,
            "b_sentence": self.b_sentence,
            "days_apart": self.days_apart,
            "a_interval": self.a_interval,
            "b_interval": self.b_interval,
        }


@dataclass(frozen=True)
class PairChange:
    """A changed span between documents ``a`` and ``b`` with its verdict (a same-fact variant in the report).

    Parameters
    ----------
    a, b
        The document ids, in the order of the alignment.
    change
        The span and its verdict (:class:`dedup.facts.changes.Change`).
    """

    a: str
    b: str
    change: Change


@per_document
def names_inside(doc: Document) -> frozenset[str]:
    """The words ``doc`` capitalises inside a sentence (:func:`dedup.facts.extract.capitalised_inside`), once
    per document."""
    return capitalised_inside(doc.sentences)


def headline_facts(headline: Document, article: Document) -> list[list[Fact]]:
    """Facts of a headline's sentences (``headline``), told names by the capitals of its ``article``: a
    headline's first word is a name where the article capitalises it inside a sentence."""
    return facts_by_sentence(headline.sentences, published=headline.date, also_inside=names_inside(article))


@per_document
def document_facts(doc: Document) -> list[list[Fact]]:
    """Facts of every sentence of ``doc``, computed once per document.

    See :func:`dedup.facts.extract.facts_by_sentence`.
    """
    return facts_by_sentence(doc.sentences, published=doc.date)


def _days_apart(a: Document, b: Document) -> int | None:
    if not a.date or not b.date:
        return None
    return abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)


_OTHER_SEVERITY = 0.3
"""Severity of a kind not in :data:`_BASE_SEVERITY`."""
_RELATION_WEIGHT = {"conflict": 1.0, "refinement": 0.4, "update": 0.35}
"""A refinement (one text more precise) and an update (a later value) matter less than a conflict."""
_CASUALTY_BONUS = 0.2
"""Added to a conflicting count of the dead, wounded or displaced: the figures an editor must not get wrong."""
_STORY_WEIGHT = 0.85
"""Across articles that share no copy the two figures are less surely about one thing."""
_FAR_APART_DAYS = 7
"""Publication gap beyond which a figure may simply have changed..."""
_FADE_DAYS = 120.0
_FADE_FLOOR = 0.35
"""...and the severity fades linearly with the gap over this many days, down to this share."""


def _severity(kind: str, relation: str, scope: str, subject: str | None, days: int | None) -> float:
    s = _BASE_SEVERITY.get(kind, _OTHER_SEVERITY) * _RELATION_WEIGHT.get(relation, 1.0)
    if kind == "number" and relation == "conflict" and subject and _CASUALTY.search(subject):
        s += _CASUALTY_BONUS
    if scope == "story":
        s *= _STORY_WEIGHT
    if days is not None and days > _FAR_APART_DAYS:
        s *= max(_FADE_FLOOR, 1.0 - days / _FADE_DAYS)
    return round(min(1.0, max(0.01, s)), 3)


def _label(doc: Document, other: Document | None = None) -> str:
    """The outlet when it is known from the URL or byline (and tells the two apart), else the document id."""
    name = doc.outlet if doc.outlet and (doc.url or doc.agency) else doc.id
    if other is not None:
        other_name = other.outlet if other.outlet and (other.url or other.agency) else other.id
        if other_name == name:
            return doc.id
    return name


def _when(days: int | None) -> str:
    if days is not None and days > _FAR_APART_DAYS:
        return f" They were published {days} days apart; the figure may have changed."
    return ""


def _words(text: str) -> set[str]:
    """Content words for context matching: hyphenated parts split, plural -s folded."""
    out = set()
    for w in _CONTENT.findall(text.lower().replace("-", " ")):
        if w in _STOP:
            continue
        out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 4 else w)
    return out


def _pair_quantities(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """Pair the quantities of two aligned sentences: by subject, else by order within a unit."""
    from dedup.facts.equivalence import same_fact

    pairs: list[tuple[Quantity, Quantity]] = []
    used_b: set[int] = set()
    # When one text gives more figures (a merged row: "Net 11.9 mln" / "Net 11,908,000 vs 10,005,000 sales 160.3
    # mln"), first the figures both texts give, in any form; what is left is compared.  With as many figures on
    # each side, a swap ("one ct vs five cts" / "five cts vs one ct") is a change.
    for x in qa if len(qa) != len(qb) else ():
        match = next((k for k, y in enumerate(qb) if k not in used_b and (
            (x.low, x.high) == (y.low, y.high) or same_fact(x.value, y.value)
        )), None)
        if match is not None:
            pairs.append((x, qb[match]))
            used_b.add(match)
    for x in qa:
        if any(x is p[0] for p in pairs):
            continue
        match = next((k for k, y in enumerate(qb) if k not in used_b and same_subject(x, y)), None)
        if match is not None:
            pairs.append((x, qb[match]))
            used_b.add(match)
    left_a = [x for x in qa if all(x is not p[0] for p in pairs)]
    left_b = [y for k, y in enumerate(qb) if k not in used_b]
    for unit in {x.unit for x in left_a}:
        ua = [x for x in left_a if x.unit == unit]
        ub = [y for y in left_b if y.unit == unit]
        if len(ua) == len(ub):
            # by order, but never a count of one thing with a count of another ("8,000 housing units" / "two
            # countries")
            pairs.extend((x, y) for x, y in zip(ua, ub) if not _other_heads(x, y))
    return pairs


def _other_heads(x: Quantity, y: Quantity) -> bool:
    hx, hy = (x.head or "").lower(), (y.head or "").lower()
    words = hx.isalpha() and hy.isalpha() and len(hx) > 2 and len(hy) > 2 and "vs" not in (hx, hy)
    return words and hx.rstrip("s") != hy.rstrip("s")


def _explain_number(rel: str, da: Document, db: Document, x: Quantity, y: Quantity, days: int | None) -> str:
    what = f" {x.subject or y.subject}" if (x.subject or y.subject) else ""
    if rel == "conflict":
        text = (
            f"{_label(da, db)} gives {x.value!s}{what} {x.interval()} and {_label(db, da)} gives {y.value!s} "
            f"{y.interval()}: the figures cannot both be true."
        )
    elif contains(x, y) or contains(y, x):
        inner, outer = (y, x) if contains(x, y) else (x, y)
        text = (
            f"{_label(da, db)} gives {x.value}{what} and {_label(db, da)} gives {y.value}: "
            f"{inner.value!r} is the more precise of the two ({inner.interval()} within {outer.interval()})."
        )
    else:
        text = (
            f"{_label(da, db)} gives {x.value}{what} {x.interval()} and {_label(db, da)} gives {y.value} "
            f"{y.interval()}: the ranges overlap and one of them is an estimate."
        )
    return text + _when(days)


def _quantities(facts: Iterable[Fact]) -> list[Quantity]:
    return [f.quantity for f in facts if isinstance(f, QuantityFact) and f.quantity is not None]


def _name_tokens(facts: Iterable[Fact], sentence: str, *, surnames_only: bool = False) -> dict[str, str]:
    """Name words, lower-case key → as written.

    With ``surnames_only``, a multi-word name gives only its last word: across a story "Sergei Ryabkov" and
    "Sergey Lavrov" are two people, not one name spelt two ways.
    """
    out: dict[str, str] = {}
    for f in facts:
        if isinstance(f, EntityFact):
            words = re.findall(r"[^\W\d_][\w’'-]*", f.name)
            if surnames_only:
                if f.type in ("place", "organisation") or (f.start == 0 and len(words) == 1):
                    continue  # across a story: people and nationalities, not "Shares" opening a sentence
                words = words[-1:]
            for w in words:
                if surnames_only and w.isupper():
                    continue  # across a story an acronym or ticker (ELAA, ERAA, STRR) is not a spelt name
                if len(w) >= 3 and w[0].isupper():
                    out[w.lower()] = w
    return out


def _fold(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spelling_variant(x: str, y: str) -> bool:
    """``Finish``/``Finnish``, ``Niinsto``/``Niinistö``: close spellings that are not inflections."""
    from rapidfuzz.distance import OSA

    a, b = x.lower(), y.lower()
    if a == b or a.startswith(b) or b.startswith(a):
        return False
    if _fold(a) == _fold(b):
        return True  # Niinistö / Niinisto
    dist = OSA.distance(a, b)
    longest = max(len(a), len(b))
    if longest < 4 or dist > (1 if longest < 7 else 2) or a[0] != b[0]:
        return False
    if b in _DEMONYM_PAIRS.get(a, set()):
        return False
    return not inflection(a, b)


_COUNTRY_DEMONYMS = {
    "france": "french",
    "britain": "british",
    "england": "english",
    "spain": "spanish",
    "poland": "polish",
    "finland": "finnish",
    "sweden": "swedish",
    "denmark": "danish",
    "ireland": "irish",
    "scotland": "scottish",
    "wales": "welsh",
    "greece": "greek",
    "netherlands": "dutch",
    "holland": "dutch",
    "switzerland": "swiss",
    "turkey": "turkish",
    "china": "chinese",
    "japan": "japanese",
    "vietnam": "vietnamese",
    "portugal": "portuguese",
    "iraq": "iraqi",
    "israel": "israeli",
    "pakistan": "pakistani",
    "yemen": "yemeni",
    "thailand": "thai",
    "norway": "norwegian",
    "peru": "peruvian",
    "cyprus": "cypriot",
    "czechia": "czech",
    "iceland": "icelandic",
}
_DEMONYM_PAIRS: dict[str, set[str]] = {}
for _country, _demonym in _COUNTRY_DEMONYMS.items():
    _DEMONYM_PAIRS.setdefault(_country, set()).add(_demonym)
    _DEMONYM_PAIRS.setdefault(_demonym, set()).add(_country)


def _month_and_day(f: DateFact) -> tuple[int, int] | None:
    """The month and day a day's date names, with or without its year ("23 March", "March 23", "2005-03-23").

    Examples
    --------
    >>> from dedup.facts.extract import extract_facts
    >>> [_month_and_day(f) for f in extract_facts("It opens on 23 March, or on March 23, 2005.")]
    [(3, 23), (3, 23)]
    """
    if f.granularity != "day":
        return None
    if f.date:
        try:
            day = date.fromisoformat(f.date)
        except ValueError:
            return None
        return day.month, day.day
    words = re.findall(r"[^\W\d_]+|\d+", f.text.lower())
    months = [MONTHS[w] for w in words if w in MONTHS]
    days = [int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31]
    return (months[0], days[0]) if len(months) == 1 and len(days) == 1 else None


def _same_day_told_otherwise(x: DateFact, y: DateFact) -> bool:
    """Whether two days differ only in how they are written: the order of day and month ("23 March" /
    "March 23"), or a year one gives and the other leaves to the reader."""
    if x.date and y.date:
        return False  # both dated in full: compared as dates
    key = _month_and_day(x)
    return key is not None and key == _month_and_day(y)


def _weekday_of(x: DateFact, y: DateFact) -> bool:
    """Whether one date is a bare weekday ("on Tuesday") that names the day of the other, a dated day within a
    week ("tomorrow" in an item of Monday 16 March 1987), whichever week the weekday was read in."""
    for named, dated in ((x, y), (y, x)):
        if named.granularity == "weekday" and dated.granularity == "day" and dated.date and named.date:
            try:
                day, near = date.fromisoformat(dated.date), date.fromisoformat(named.date)
            except ValueError:
                continue
            if day.strftime("%A").lower() == (named.weekday or named.text).strip().lower() and abs(
                (day - near).days
            ) <= 7:
                return True
    return False


def _offsets(doc: Document, idx: Sequence[int]) -> dict[int, int]:
    """Where each sentence of ``idx`` starts in their joined text."""
    out, pos = {}, 0
    for i in idx:
        out[i] = pos
        pos += len(doc.sentences[i]) + 1
    return out


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans) or any(s == e and start <= s <= end for s, e in spans)


def _around(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with the word before and the word after it."""
    before = list(_WORD_TOKEN.finditer(text, 0, start))
    after = _WORD_TOKEN.search(text, end)
    return text[before[-1].start() if before else start : after.end() if after else end]


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]], text: str) -> bool:
    """Whether ``start:end`` lies inside one of ``spans`` with a word of it on either side."""
    return any(
        s < start and end < e and _WORD_TOKEN.search(text[s:start]) and _WORD_TOKEN.search(text[end:e])
        for s, e in spans
    )


def pair_changes(
    doc_a: Document,
    sentences_a: Sequence[int],
    doc_b: Document,
    sentences_b: Sequence[int],
    *,
    scope: str = "aligned",
    wording: bool = False,
    facts: tuple[list[list[Fact]], list[list[Fact]]] | None = None,
) -> tuple[list[Discrepancy], list[Change]]:
    """The discrepancies of an aligned sentence pair, and every changed span with its verdict.

    The pair is diffed at word level (:func:`dedup.facts.changes.changed_spans`).
    Facts that touch a changed span are compared first (quantities as
    intervals, dates, names, quotes); a changed span that no fact explains is
    classified on its own (:func:`dedup.facts.changes.classify`): the same fact in
    another form, irrelevant, or a reported ``number``, ``date``,
    ``entity``, ``quote``, ``polarity`` or ``wording`` change.  When the two
    sentences differ in a time anchor ("by noon" / "closed"), changed
    figures and dates are an ``update``, not a conflict.  With ``wording``
    (a correction and the item it corrects), content words changed
    (a short phrase for another) are reported too, as the low-severity
    ``wording`` kind: the correction says they changed on purpose.  Words
    one version adds or drops are not: of ten such findings on Reuters, two
    were real.
    """
    from dedup.facts.changes import changed_spans

    text_a = " ".join(doc_a.sentences[i] for i in sentences_a)
    text_b = " ".join(doc_b.sentences[j] for j in sentences_b)
    spans = changed_spans(text_a, text_b)
    if not spans:
        return [], []
    pair = _SentencePair(
        doc_a, sentences_a, text_a, doc_b, sentences_b, text_b, spans, scope=scope, wording=wording, facts=facts
    )
    pair.compare_quantities()
    pair.compare_dates()
    changes = [pair.judge_change(c) for c in spans]
    return pair.findings(), changes


class _SentencePair:
    """One aligned sentence pair being compared: its texts, changed spans and facts, and what was found.

    The facts are compared first (:meth:`compare_quantities`, :meth:`compare_dates`); each changed span is then
    judged (:meth:`judge_change`): explained by a fact compared, the same figure in other words, or classified
    on its own.  Positions are character offsets in ``text_a`` / ``text_b``.
    """

    def __init__(
        self, doc_a: Document, sentences_a: Sequence[int], text_a: str,
        doc_b: Document, sentences_b: Sequence[int], text_b: str, spans: Sequence[Change], *, scope: str,
        wording: bool, facts: tuple[list[list[Fact]], list[list[Fact]]] | None = None,
    ) -> None:
        from dedup.facts.changes import is_clock_anchor, period_words, time_anchors

        self.doc_a, self.doc_b = doc_a, doc_b
        self.sentences_a, self.sentences_b = sentences_a, sentences_b
        self.text_a, self.text_b = text_a, text_b
        self.spans = spans
        self.scope, self.wording = scope, wording
        fa_all, fb_all = facts or (document_facts(doc_a), document_facts(doc_b))
        off_a, off_b = _offsets(doc_a, sentences_a), _offsets(doc_b, sentences_b)
        self.facts_a = [(f, off_a[i] + f.start, off_a[i] + f.end) for i in sentences_a for f in fa_all[i]]
        self.facts_b = [(f, off_b[j] + f.start, off_b[j] + f.end) for j in sentences_b for f in fb_all[j]]
        self.span_a = [(c.a_start, c.a_end) for c in spans]
        self.span_b = [(c.b_start, c.b_end) for c in spans]
        self.days = _days_apart(doc_a, doc_b)
        # Anchor words in the changed words ("by noon" / "closed"); an hour anywhere in the sentences ("1000 hrs
        # cdt" / "1100 hrs cdt": the figures beside it are the changed words).
        # A period relabelled ("Nine mths" / "Year") is another period, not a figure at another time.
        timed = [c for c in spans if not (period_words(c.a) and period_words(c.b))]
        anchors_a = {w for c in timed for w in time_anchors(c.a)}
        anchors_a |= {w for w in time_anchors(text_a) if w.startswith("clock ")}
        anchors_b = {w for c in timed for w in time_anchors(c.b)}
        anchors_b |= {w for w in time_anchors(text_b) if w.startswith("clock ")}
        # Figures given at two times: "up 5% by noon" / "closed up 4.75%" on one day, or "on Monday" / "on Tuesday"
        # in articles published on different days.
        moved = anchors_a ^ anchors_b
        self.update = any(is_clock_anchor(w) for w in moved) or (bool(moved) and bool(self.days))
        self.out: list[Discrepancy] = []
        # spans of facts compared (explained), of those reported, and of figures that read the same interval
        self.explained_a: list[tuple[int, int]] = []
        self.explained_b: list[tuple[int, int]] = []
        self.reported_a: list[tuple[int, int]] = []
        self.reported_b: list[tuple[int, int]] = []
        self.consistent_a: list[tuple[int, int]] = []
        self.consistent_b: list[tuple[int, int]] = []
        facts_a, facts_b = self.facts_a, self.facts_b
        self.quotes_a = [(s, e) for f, s, e in facts_a if isinstance(f, QuoteFact)]
        self.quotes_b = [(s, e) for f, s, e in facts_b if isinstance(f, QuoteFact)]
        self.quoted_by = [(s, e, f.speaker, side) for side, facts in (("a", facts_a), ("b", facts_b))
                          for f, s, e in facts if isinstance(f, QuoteFact) and f.speaker]
        self.names_a = [(s_, e_) for f, s_, e_ in facts_a if isinstance(f, EntityFact)]
        self.names_b = [(s_, e_) for f, s_, e_ in facts_b if isinstance(f, EntityFact)]
        self.people_a = [(s_, e_) for f, s_, e_ in facts_a if isinstance(f, EntityFact) and f.type == "person"]
        self.people_b = [(s_, e_) for f, s_, e_ in facts_b if isinstance(f, EntityFact) and f.type == "person"]

    # ------------------------------------------------------------ recording

    def explain(self, xa: tuple[int, int] | None, xb: tuple[int, int] | None) -> None:
        """Mark the spans of a fact compared: changes over them are that fact's."""
        if xa:
            self.explained_a.append(xa)
        if xb:
            self.explained_b.append(xb)

    def report(self, xa: tuple[int, int], xb: tuple[int, int]) -> None:
        """Mark the spans of a fact compared and reported."""
        self.explain(xa, xb)
        self.reported_a.append(xa)
        self.reported_b.append(xb)

    def add(self, kind: str, rel: str, subject: str | None, av: str, bv: str, why: str, **extra: Any) -> None:
        """Record a finding; a changed figure or date between two times is an ``update``."""
        if self.update and kind in ("number", "date") and rel == "conflict":
            rel = "update"
            why += " The sentences give different times, so this may be the figure moving, not a contradiction."
        self.out.append(
            Discrepancy(
                self.doc_a.id, self.doc_b.id, kind, rel, subject, av, bv, self.text_a, self.text_b,
                _severity(kind, rel, self.scope, subject, self.days), why, self.scope, self.sentences_a[0],
                self.sentences_b[0], self.days, **extra,
            )
        )

    def findings(self) -> list[Discrepancy]:
        """What was reported; the verbs reworded around a negation that moved are that one change."""
        if any(NEGATION_MOVED in d.explanation for d in self.out):
            return [d for d in self.out if d.kind != "wording"]
        return self.out

    def _label_a(self) -> str:
        return _label(self.doc_a, self.doc_b)

    def _label_b(self) -> str:
        return _label(self.doc_b, self.doc_a)

    # ------------------------------------------------------------ facts

    def compare_quantities(self) -> None:
        """Quantities as intervals, compared when either side's figure sits in a changed span."""
        from dedup.facts.equivalence import same_fact

        text_a, text_b, days = self.text_a, self.text_b, self.days
        qa = [(f.quantity, s, e) for f, s, e in self.facts_a if isinstance(f, QuantityFact) and f.quantity is not None]
        qb = [(f.quantity, s, e) for f, s, e in self.facts_b if isinstance(f, QuantityFact) and f.quantity is not None]
        where_a = {id(q): (s, e) for q, s, e in qa}
        where_b = {id(q): (s, e) for q, s, e in qb}
        for x, y in _pair_quantities([q for q, _, _ in qa], [q for q, _, _ in qb]):
            pa_, pb_ = where_a[id(x)], where_b[id(y)]
            if not (_overlaps(*pa_, self.span_a) or _overlaps(*pb_, self.span_b)):
                continue  # the same figure in the same place of both sentences
            rel = relate(x, y)
            # the changed words over the two figures ("trillion calculations per second (teraflops)" / "teraflops")
            over = [c for c in self.spans if (c.a and _overlaps(c.a_start, c.a_end, [pa_])) or (
                c.b and _overlaps(c.b_start, c.b_end, [pb_]))]
            if self.wording and rel == "consistent" and narrowed_subject(x, y):
                # a correction that changes what a figure counts ("1,500 vehicles" / "1,500 North American-made
                # vehicles") corrects the figure
                self.report(pa_, pb_)
                self.add("number", "refinement", x.subject or y.subject, x.text, y.text,
                         f"{self._label_a()} counts {x.text!r} where {self._label_b()} counts {y.text!r}: "
                         "the same figure of another thing." + _when(days))
                continue
            if rel == "consistent" or same_fact(x.text, y.text, a_text=text_a, b_text=text_b) or (
                over and all(same_fact(c.a, c.b, a_text=text_a, b_text=text_b) for c in over)
            ):
                self.consistent_a.append(pa_)
                self.consistent_b.append(pb_)
                continue
            if rel in ("conflict", "refinement"):
                self.report(pa_, pb_)
                self.add("number", rel, x.subject or y.subject, x.value, y.value,
                         _explain_number(rel, self.doc_a, self.doc_b, x, y, days),
                         a_interval=x.interval(), b_interval=y.interval())

    def compare_dates(self) -> None:
        """Dates that sit in a changed span, compared granularity by granularity."""
        from dedup.facts.equivalence import same_fact

        touched_a = [(f, s, e) for f, s, e in self.facts_a if _overlaps(s, e, self.span_a)]
        touched_b = [(f, s, e) for f, s, e in self.facts_b if _overlaps(s, e, self.span_b)]
        dates_a = [(f, s, e) for f, s, e in touched_a if isinstance(f, DateFact) and f.granularity != "time"]
        dates_b = [(f, s, e) for f, s, e in touched_b if isinstance(f, DateFact) and f.granularity != "time"]
        for group in (("day", "weekday"), ("month",), ("year",), ("decade",)):
            xa = [d for d in dates_a if d[0].granularity in group]
            xb = [d for d in dates_b if d[0].granularity in group]
            if len(xa) != len(xb):
                continue
            for (x_d, sa_, ea_), (y_d, sb_, eb_) in zip(xa, xb):
                assert isinstance(x_d, DateFact) and isinstance(y_d, DateFact)
                differs = x_d.date != y_d.date if x_d.date and y_d.date else x_d.text.lower() != y_d.text.lower()
                if x_d.weekday and y_d.weekday and x_d.weekday != y_d.weekday:
                    differs = True  # "Tuesday (14 December)" vs "Friday (14 December)"
                elif differs and _weekday_of(x_d, y_d):
                    differs = False  # "as of tomorrow" / "on Tuesday" in an item of Monday
                elif differs and _same_day_told_otherwise(x_d, y_d):
                    differs = False  # "on 23 March" / "on March 23", "March 23, 2005" / "March 23"
                elif (
                    differs and x_d.granularity == y_d.granularity == "weekday" and not x_d.date and not y_d.date
                    and x_d.weekday and x_d.weekday == y_d.weekday
                ):
                    differs = False  # "on Monday" / "at Monday's meeting" in undated copies (not "Tuesday, Dec 14")
                self.explain((sa_, ea_), (sb_, eb_))
                if differs and not same_fact(x_d.text, y_d.text, a_text=self.text_a, b_text=self.text_b):
                    self.reported_a.append((sa_, ea_))
                    self.reported_b.append((sb_, eb_))
                    why = (
                        f"{self._label_a()} dates it {x_d.text!r} ({x_d.date or x_d.weekday or x_d.text}) and "
                        f"{self._label_b()} {y_d.text!r} ({y_d.date or y_d.weekday or y_d.text})." + _when(self.days)
                    )
                    self.add("date", "conflict", None, x_d.text, y_d.text, why)

    # ------------------------------------------------------------ the changed spans

    def judge_change(self, c: Change) -> Change:
        """``c`` with its verdict: a fact's change, the same figure in other words, or classified on its own.

        A reported change that no fact compared becomes a finding here.
        """
        from dedup.facts.changes import period_words, time_anchors

        if self.update and (time_anchors(c.a) ^ time_anchors(c.b)) and not (period_words(c.a) and period_words(c.b)):
            return replace(c, verdict="reported", kind="date", reason=_UPDATE_ANCHOR)
        covered = (c.a and _overlaps(c.a_start, c.a_end, self.explained_a)) or (
            c.b and _overlaps(c.b_start, c.b_end, self.explained_b)
        )
        if covered:
            hit = (c.a and _overlaps(c.a_start, c.a_end, self.reported_a)) or (
                c.b and _overlaps(c.b_start, c.b_end, self.reported_b)
            )
            verdict = "reported" if hit else "same fact"
            kind = next((d.kind for d in self.out if d.kind in ("number", "date")), None) if hit else None
            return replace(c, verdict=verdict, kind=kind, reason="compared as a fact")
        if self._inside_a_consistent_figure(c):
            # "over 13,000" / "more than 13,000": the figure reads the same interval ("loss 11" / "profit 11" does not)
            return replace(c, verdict="same fact", reason="the same figure in other words")
        verdict, kind, reason = self._classify(c)
        judged = replace(c, verdict=verdict, kind=kind, reason=reason)
        if verdict == "reported" and kind is not None:
            self._report_change(c, kind, reason)
        return judged

    def _inside_a_consistent_figure(self, c: Change) -> bool:
        from dedup.facts.changes import polarity_reversed

        qualifier_only = all(w in _QUALIFIERS or not w.isalpha() for w in (c.a + " " + c.b).lower().split())
        in_a = bool(c.a) and any(s_ <= c.a_start and c.a_end <= e_ for s_, e_ in self.consistent_a) and qualifier_only
        in_b = bool(c.b) and any(s_ <= c.b_start and c.b_end <= e_ for s_, e_ in self.consistent_b) and qualifier_only
        within = (in_a or not c.a) and (in_b or not c.b) and (in_a or in_b)
        return within and not polarity_reversed(c.a, c.b)

    def _classify(self, c: Change) -> tuple[str, str | None, str]:
        """The verdict, kind and reason of a change no fact explains (:func:`dedup.facts.changes.classify`)."""
        from dedup.facts.changes import classify

        text_a, text_b = self.text_a, self.text_b
        if c.a and c.b:
            in_quote = _overlaps(c.a_start, c.a_end, self.quotes_a) and _overlaps(c.b_start, c.b_end, self.quotes_b)
        else:
            # words dropped from or added to a quotation count only inside it, with quoted words on both sides in
            # both texts ("a great loss to the IBM Company and to" / "to IBM and to"): at its edge the quote was
            # cut or the narration moved
            in_quote = (_inside(c.a_start, c.a_end, self.quotes_a, text_a)
                        and _inside(c.b_start, c.b_end, self.quotes_b, text_b))
        verdict, kind, reason = classify(
            c.a, c.b, text_a, text_b, a_start=c.a_start, b_start=c.b_start, in_quote=in_quote,
            a_name=bool(c.a) and _overlaps(c.a_start, c.a_end, self.names_a),
            b_name=bool(c.b) and _overlaps(c.b_start, c.b_end, self.names_b),
        )
        if self.wording and verdict == "irrelevant" and bool(c.a.strip()) != bool(c.b.strip()) and _title_dropped(
            c, text_a, text_b, self.people_a, self.people_b
        ):
            # a correction that adds or drops a post before a name ("chief financial officer Sam Antar") says who
            # the person is
            verdict, kind, reason = "reported", "entity", "the post given to a person changed"
        if self.wording and verdict == "irrelevant" and c.a.strip() and c.b.strip() and (
            max(len(c.a.split()), len(c.b.split())) <= _WORDING_WORDS
            and reworded_words([replace(c, reason=reason, verdict=verdict)])
            and one_word_for_another(c.a, c.b)
        ):
            verdict, kind = "reported", "wording"  # "imposed" / "proposed", "SETS PAYOUT" / "RAISES PAYOUT"
        return verdict, kind, reason

    def _report_change(self, c: Change, kind: str, reason: str) -> None:
        """The finding of a reported change: its values, speaker and explanation."""
        text_a, text_b, days = self.text_a, self.text_b, self.days
        if reason == NEGATION_MOVED:
            if any(d.kind == "polarity" for d in self.out):
                return  # one negation moved is one finding, over however many spans the verb left
            rel_a, rel_b = _around_negation(text_a), _around_negation(text_b)
            self.add("polarity", "conflict", None, rel_a, rel_b,
                     f"{self._label_a()} says {rel_a!r} where {self._label_b()} says {rel_b!r} ({reason})."
                     + _when(days))
            return
        one_sided = not c.a or not c.b
        rel = "refinement" if one_sided and kind != "quote" else "conflict"
        who = self._speaker(c) if kind == "quote" else None
        # the changed words without punctuation or a bracket left open around them ("<BANK PLC>" gives "PLC",
        # a ticker "<COQ>" stays whole)
        av, bv = _value(c.a), _value(c.b)
        if kind == "quote" and one_sided:
            # the quoted words around what was dropped or added, so both sides show ("the IBM Company and" /
            # "IBM and")
            av, bv = _value(_around(text_a, c.a_start, c.a_end)), _value(_around(text_b, c.b_start, c.b_end))
        if reason == TICKER_CHANGED:
            # the tickers, not the words a diff happened to pair with them ("<FBT> RAISES" / "BOARD CO <FBO>")
            av = " ".join(_BRACKETED.findall(c.a)) or av
            bv = " ".join(_BRACKETED.findall(c.b)) or bv
        if kind == "quote":
            why = (
                f"The quote{' from ' + who if who else ''} reads {av!r} in {self._label_a()} and {bv!r} in "
                f"{self._label_b()}." + _when(days)
            )
        elif one_sided:
            present, side = (av, self._label_a()) if av else (bv, self._label_b())
            why = f"Only {side} has {present!r} ({reason})." + _when(days)
        else:
            why = f"{self._label_a()} has {av!r} where {self._label_b()} has {bv!r} ({reason})." + _when(days)
        self.add(kind, rel, who if kind == "quote" else (av or bv), av, bv, why)

    def _speaker(self, c: Change) -> str | None:
        """The speaker of the quotation the change is in (on either side), else of another quotation of the
        sentence ('it "firmly opposed" the move and would take "all necessary measures"')."""
        return next((sp for s_, e_, sp, side in self.quoted_by if (
            (side == "a" and c.a and _overlaps(c.a_start, c.a_end, [(s_, e_)]))
            or (side == "b" and c.b and _overlaps(c.b_start, c.b_end, [(s_, e_)]))
            or (side == "a" and not c.a and s_ < c.a_start < e_) or (side == "b" and not c.b and s_ < c.b_start < e_)
        )), self.quoted_by[0][2] if self.quoted_by else None)


def compare_sentence_pair(
    doc_a: Document, sentences_a: Sequence[int], doc_b: Document, sentences_b: Sequence[int], *, scope: str = "aligned"
) -> list[Discrepancy]:
    """Discrepancies between aligned sentences ``sentences_a`` of ``doc_a`` and ``sentences_b`` of ``doc_b``.

    See :func:`pair_changes`.
    """
    return pair_changes(doc_a, sentences_a, doc_b, sentences_b, scope=scope)[0]


_MEASURE_WORDS = frozenset(
    "share ct cent pct percent point basis year month day week hour minute time mln million billion bln dlr "
    "dollar stg pound yen euro franc mark rand tonne ton barrel ounce unit lot issue bond note vote seat help "
    "holding asset deposit reserve sale revenue rev earning profit loss export import stock supply balance bill "
    "loan credit debt security fund price rate payment output production shortage assistance demand order".split()
)


_STORY_MIN_ARTICLES = 3
_STORY_REWORDED = 2  # content words either sentence alone has, besides the figures, in one fact told twice


def _bare(q: Quantity) -> bool:
    """A figure stated as a plain number, with no qualifier, range or estimate ("100 hospitals")."""
    return q.low == q.high and q.low is not None and not q.qualifier and not q.vague


def _reworded(a: str, b: str) -> set[str]:
    """Content words only one of two sentences has, figures aside."""
    return {w for w in _words(a) ^ _words(b) if not any(c.isdigit() for c in w)}


_SCALED = re.compile(r"\b(?:mln|bln|billion|million|trillion|bn|m)\b", re.I)


def _singular_key(head: str) -> str:
    h = head.lower()
    return h[:-1] if h.endswith("s") and not h.endswith("ss") else h


def _holders(doc: Document, i: int) -> set[str]:
    """Names of organisations, people and places in sentence ``i`` (lower case)."""
    out: set[str] = set()
    for f in document_facts(doc)[i]:
        if isinstance(f, EntityFact) and f.type in ("organisation", "person", "place", "name", "nationality") and (
            f.type != "name" or f.start > 0
        ):
            # "Russia", "Russian" and "Russia's" name one holder: compare the first letters of each word
            out.update(w.lower()[:5] for w in re.findall(r"[^\W\d_]{3,}", f.name) if w[0].isupper())
    return out


_POSTS = frozenset(
    "officer president director chairman chairwoman minister secretary spokesman spokeswoman chief head governor "
    "manager treasurer counsel executive vice deputy general partner founder editor analyst economist".split()
)


_POST_MODIFIERS = frozenset("chief vice deputy general executive head".split())


def _title_dropped(
    c: Change, ta: str, tb: str, names_a: Sequence[tuple[int, int]], names_b: Sequence[tuple[int, int]]
) -> bool:
    """Whether a span one version adds or drops names a post, just before a person's name in that text."""
    span, text, end, names = (c.a, ta, c.a_end, names_a) if c.a.strip() else (c.b, tb, c.b_end, names_b)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", span)}
    if not words & (_POSTS - _POST_MODIFIERS):
        return False  # "chief" alone modifies anything ("the chief reason")
    gap = text[end:]
    return any(0 <= s_ - end <= len(gap) - len(gap.lstrip()) + 40 and not re.search(r"[,;.]", text[end:s_])
               for s_, _ in names)


def _around_negation(text: str) -> str:
    """The words around the first negation of ``text`` ("agreed not to take")."""
    m = re.search(r"(?:\S+\s+){0,2}\b(?:not|never|no)\b(?:\s+\S+){0,3}|\S*n't(?:\s+\S+){0,3}", text, re.I)
    return m.group().strip(" ,.;:") if m else text


def swapped_figures(a: str, b: str) -> bool:
    """Whether two sentences give the same figures in another order ("Avg shrs 4,350,000 vs 3,217,500" /
    "Avg shrs 3,217,500 vs 4,350,000": the columns swapped, so each figure is said of the other thing).

    Examples
    --------
    >>> swapped_figures("Net 50,745 vs 161,019", "Net 161,019 vs 50,745")
    True
    >>> swapped_figures("Net 50,745 vs 161,019", "Net 50,745 vs 161,020")
    False
    """
    fa, fb = _MASK.findall(a), _MASK.findall(b)
    return len(fa) >= 2 and sorted(fa) == sorted(fb) and fa != fb


def narrowed_subject(x: Quantity, y: Quantity) -> bool:
    """Whether one figure counts the other's thing with words added to it ("vehicles" / "North American-made
    vehicles"), not a form of the same words.

    Examples
    --------
    >>> from dedup.facts.quantities import find_quantities
    >>> q = lambda s: find_quantities(s)[0]
    >>> narrowed_subject(q("1,500 vehicles"), q("1,500 North American-made vehicles"))
    True
    >>> narrowed_subject(q("1,500 vehicles"), q("1,500 cars")), narrowed_subject(q("5 mln dlrs"), q("5 mln"))
    (False, False)
    """
    if not x.subject or not y.subject or not x.head or x.head != y.head:
        return False
    wx = {w for w in re.findall(r"[^\W\d_]+", x.subject.lower())}
    wy = {w for w in re.findall(r"[^\W\d_]+", y.subject.lower())}
    extra = (wx ^ wy) - _STOP
    return bool(extra) and (wx < wy or wy < wx) and all(len(w) > 2 for w in extra)


def _years(doc: Document, i: int) -> set[str]:
    """The days, months and years a sentence refers to ("today", "in 2021"), resolved against publication."""
    return {
        f"{f.granularity}:{f.date}"
        for f in document_facts(doc)[i]
        if isinstance(f, DateFact) and f.granularity in ("day", "weekday", "relative", "month", "year") and f.date
    }


def _story_quantities(
    docs: Sequence[Document],
    compared: set[tuple[str, int, str, int]],
    copied: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    linked: set[tuple[str, int, str, int]] | None = None,
) -> list[Discrepancy]:
    """Figures on the same subject in different sentences of different articles of one story."""
    out: list[Discrepancy] = []
    claims: list[tuple[Document, int, Quantity]] = []
    for d in docs:
        for i, facts in enumerate(document_facts(d)):
            for q in _quantities(facts):
                # Across articles only counts of things ("100,000 troops", "13,000 lives") are compared: a sum of
                # money, a share or a price measures whatever its sentence says it does.
                head = q.head or ""
                if q.subject and (
                    q.subject.split()[-1].lower().endswith("s") and q.unit is None
                    and _singular_key(head) not in _MEASURE_WORDS and not _SCALED.search(q.text)
                ):
                    claims.append((d, i, q))
    # The story's own figure: what three or more of its articles count ("Russian troops" near the border);
    # a count that one or two articles give is about something of their own (rooms of one hotel chain).
    counted: dict[str, set[str]] = {}
    for d, _, q in claims:
        counted.setdefault(_singular_key(q.head or ""), set()).add(d.id)
    claims = [c for c in claims if len(counted[_singular_key(c[2].head or "")]) >= _STORY_MIN_ARTICLES]
    best: dict[tuple[str, str, str], Discrepancy] = {}
    for n, (da, ia, x) in enumerate(claims):
        for db, ib, y in claims[n + 1 :]:
            if da.id == db.id or (da.id, ia, db.id, ib) in compared or (db.id, ib, da.id, ia) in compared:
                continue
            if (da.id, db.id) in copied or (db.id, da.id) in copied:
                continue  # a copy and its original are compared sentence by sentence, not across sentences
            if not same_subject(x, y):
                continue
            rel = relate(x, y)
            if rel != "conflict":
                # Across articles one writer is less precise than another ("two" / "at least two", "nearly" /
                # "some 500,000"): a refinement is what copy-editing adds, not a disagreement between outlets.
                continue
            sa, sb = da.sentences[ia], db.sentences[ib]
            # The holder (the named organisations, people and places) and the time must match too: two of
            # the names in common ("Russian troops" near "Ukraine"), not just the country of two mines.
            if len(_holders(da, ia) & _holders(db, ib)) < 2:
                continue
            ya, yb = _years(da, ia), _years(db, ib)
            if ya and yb and ya != yb:
                continue  # the figures of two different days, months or years
            gap = _days_apart(da, db)
            shared_bound = {x.low, x.high} & {y.low, y.high} - {None}
            if shared_bound and (_bare(x) or _bare(y)):
                # "over 100 hospitals" / "the 100 hospitals": a bare round figure is shorthand for the qualified
                # one; only two qualifiers that exclude each other ("up to" / "over 100,000") disagree.
                continue
            if not shared_bound and (
                (linked is not None and (da.id, ia, db.id, ib) not in linked)
                or len(_reworded(da.sentences[ia], db.sentences[ib])) > _STORY_REWORDED
                or (gap or 0) > 1
            ):
                # Two other numbers are one fact told two ways only in sentences that say the same thing
                # (linked across the story) in nearly the same words on the same day: otherwise they count
                # other things ("seven nominations" / "11", one carmaker's output / another's) or the count
                # moved between two days (126 strike-bound ships, then 80).
                continue
            if gap is not None and gap > _COPY_DAYS and not shared_bound:
                # Weeks apart, other counts are other events or the count moving (the strikes of another week);
                # one figure with bounds that disagree ("up to 100,000" / "over 100,000") is still a disagreement.
                continue
            heads = _words(" ".join(s.split()[-1] for s in (x.subject, y.subject) if s))
            context = (_words(sa) & _words(sb)) - heads - {x.head or "", y.head or ""}
            if len(context) < 2:
                continue
            if da.id > db.id:
                da2, ia2, x2, db2, ib2, y2 = db, ib, y, da, ia, x
            else:
                da2, ia2, x2, db2, ib2, y2 = da, ia, x, db, ib, y
            days = _days_apart(da2, db2)
            subject = x2.subject or y2.subject
            found = Discrepancy(
                da2.id,
                db2.id,
                "number",
                rel,
                subject,
                x2.value,
                y2.value,
                da2.sentences[ia2],
                db2.sentences[ib2],
                _severity("number", rel, "story", subject, days),
                _explain_number(rel, da2, db2, x2, y2, days),
                "story",
                ia2,
                ib2,
                days,
                x2.interval(),
                y2.interval(),
            )
            key = (da2.id, db2.id, x.head or "")
            if key not in best or found.severity > best[key].severity:
                best[key] = found
    out.extend(best.values())
    return out


_WORD_ENDINGS = frozenset(
    ["", *"s es e al ial ia ian an n ed ing y ies ic ical ist ists ism er ers".split()]
)


def _one_word_family(x: str, y: str) -> bool:
    """``Agriculture`` / ``Agricultural``, ``Yugoslavs`` / ``Yugoslavia``, ``Co-op`` / ``Coop``, ``Abdel`` /
    ``Abdul``: one word inflected, punctuated or transliterated, not a name misspelt."""
    from dedup.facts.equivalence import irrelevant, same_fact

    a, b = x.lower(), y.lower()
    stem = 0
    while stem < min(len(a), len(b)) and a[stem] == b[stem]:
        stem += 1
    inflected = stem >= 5 and a[stem:] in _WORD_ENDINGS and b[stem:] in _WORD_ENDINGS
    return inflected or irrelevant(x, y) or bool(same_fact(x, y))


_STORY_COMMON_WORD = 1e-6  # "Japanse" / "Japanese", "Missles" / "Missiles": a slip in an everyday word


def _another_name(common: str, rare: str) -> bool:
    """Across articles, a spelling that is not one slip of the story's name: two letters apart ("Liberia" /
    "Liberte", "Reshadat" / "Resalat" are other names), or a slip in an everyday word ("Japanse")."""
    from rapidfuzz.distance import OSA

    from dedup.facts.changes import misspelt_word

    return bool(OSA.distance(common.lower(), rare.lower()) > 1) or misspelt_word(
        common, rare, common=_STORY_COMMON_WORD
    )


_SLIP_ARTICLES = 2  # a spelling written in more articles of the corpus than this is a name of its own


def name_spellings(docs: Iterable[Document]) -> dict[str, int]:
    """In how many documents each capitalised word is written (lower-case key).

    A slip of the keys is rare: "Toyko" or "Yuetter" in one article, where "Regan" (Donald Regan),
    "Brasil" (Banco do Brasil) or "Argentine" run through dozens.

    Examples
    --------
    >>> from dedup.model import Document
    >>> docs = [Document("a", ["Mr Regan spoke."]), Document("b", ["Donald Regan and Banco do Brasil."])]
    >>> name_spellings(docs)["regan"], name_spellings(docs)["brasil"]
    (2, 1)
    """
    counts: dict[str, int] = {}
    for d in docs:
        for w in {w.lower() for w in _WORD_TOKEN.findall(f"{d.title or ''} {d.text}") if w[0].isupper()}:
            counts[w] = counts.get(w, 0) + 1
    return counts


def _story_names(docs: Sequence[Document], spellings_in_corpus: Mapping[str, int] | None = None) -> list[Discrepancy]:
    """A name spelt one way in one article and another way across the rest of the story.

    With ``spellings_in_corpus`` (:func:`name_spellings` of the whole corpus), the odd spelling must also be
    rare in the corpus: written in at most two articles.
    """
    spellings: dict[str, dict[str, list[tuple[Document, int]]]] = {}
    written_of: dict[str, str] = {}  # each spelling as first written
    for d in docs:
        for i, facts in enumerate(document_facts(d)):
            for key, written in _name_tokens(facts, d.sentences[i], surnames_only=True).items():
                spellings.setdefault(key, {}).setdefault(d.id, []).append((d, i))
                written_of.setdefault(key, written)
    keys = sorted(spellings)
    out: list[Discrepancy] = []
    for rare in keys:
        rare_docs = spellings[rare]
        for common in keys:
            if common == rare:
                continue
            n_common = sum(len(v) for v in spellings[common].values())
            n_rare = sum(len(v) for v in rare_docs.values())
            # The usual spelling is the one written more often, and at least twice; the odd one is written in one
            # article only, once or twice (two names of the story, such as Iran and Iraq, are both common).
            if n_common < 2 or n_common <= n_rare or len(spellings[common]) < len(rare_docs):
                continue
            if len(rare_docs) > 1 or n_rare > 2:
                continue
            if spellings_in_corpus is not None and spellings_in_corpus.get(rare, 0) > _SLIP_ARTICLES:
                continue
            if not _spelling_variant(written_of[common], written_of[rare]) or _one_word_family(
                written_of[common], written_of[rare]
            ):
                continue
            if _another_name(written_of[common], written_of[rare]):
                continue
            for rid, places in sorted(rare_docs.items()):
                rdoc, ri = places[0]
                best = None
                for cid, cplaces in sorted(spellings[common].items()):
                    # An article that itself writes the rare spelling too does not disagree with it (an
                    # article checked against itself, or two names that really are different).
                    if cid == rid or cid in rare_docs:
                        continue
                    for cdoc, ci in cplaces:
                        shared = len(_words(rdoc.sentences[ri]) & _words(cdoc.sentences[ci]))
                        if shared >= 2 and (best is None or shared > best[0]):
                            best = (shared, cdoc, ci)
                if best is None:
                    continue
                _, cdoc, ci = best
                days = _days_apart(cdoc, rdoc)
                wc, wr = written_of[common], written_of[rare]
                why = (
                    f"{_label(rdoc, cdoc)} writes {wr!r} where {_label(cdoc, rdoc)} writes {wc!r}; the story "
                    f"spells it {wc!r} {n_common} times and {wr!r} {n_rare}."
                )
                a_doc, ai, b_doc, bi, av, bv = cdoc, ci, rdoc, ri, wc, wr
                if a_doc.id > b_doc.id:
                    a_doc, ai, b_doc, bi, av, bv = b_doc, bi, a_doc, ai, bv, av
                out.append(
                    Discrepancy(
                        a_doc.id,
                        b_doc.id,
                        "entity",
                        "conflict",
                        wc,
                        av,
                        bv,
                        a_doc.sentences[ai],
                        b_doc.sentences[bi],
                        _severity("entity", "conflict", "story", wc, days),
                        why,
                        "story",
                        ai,
                        bi,
                        days,
                    )
                )
    return out


# Words that qualify a figure without naming what it counts ("over" / "more than" 13,000).
_QUALIFIERS = frozenset(
    "over more than up to as many much nearly almost about around some roughly approximately just under fewer less "
    "above below exceeding at least most no a an the of well close some or so".split()
)
_MAX_COPY_FIGURES = 4
_UPDATE_ANCHOR = "the time anchor of an update"
_WORDING_WORDS = 4  # a correction's changed words reported as wording: a phrase for a phrase, not a clause
_COPY_DAYS = 3  # copies of one item (a repeat, a correction, another outlet's copy) run within days
_REWORDED_WORDS = 3  # content words reworded around a changed figure that make it another measure
_TABLE_LINE_WORDS = 10  # a line of a results table ("Oper shr 1.20 dlrs vs 1.40 dlrs")
_NEAR_IDENTICAL = 0.8  # alignment score from which two sentences of different items are one sentence changed
_MASK = re.compile(r"\d[\d,.]*")


def _template(sentence: str) -> str:
    """A sentence with its figures masked: recurring formulas ("The bond is available in denominations of # dlrs")."""
    return " ".join(_MASK.sub("#", sentence.lower()).split())


def _template_variants(docs: Sequence[Document]) -> dict[str, int]:
    """For every masked sentence that holds a figure, how many different wordings of it the corpus has."""
    seen: dict[str, set[str]] = {}
    for d in docs:
        for sentence in d.sentences:
            if any(ch.isdigit() for ch in sentence):
                seen.setdefault(_template(sentence), set()).add(" ".join(sentence.split()))
    return {k: len(v) for k, v in seen.items() if len(v) > 1}


def _stated_elsewhere(value: str, doc: Document, skip: Sequence[int]) -> bool:
    """Whether ``doc`` states ``value`` in a sentence other than ``skip`` ("Webster replaces Danielli")."""
    if len(value) < 2:
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")
    return any(pattern.search(s) for i, s in enumerate(doc.sentences) if i not in skip)


_FIGURE = re.compile(r"\d[\d,./-]*\d|\d")


_VALUE_EDGES = " ,;:"
_BRACKETS = (("<", ">"), ("(", ")"), ("[", "]"), ("{", "}"))


def _value(span: str | None) -> str:
    """A changed span as a reported value: spaces and separators at its ends dropped, and a bracket whose
    partner lies outside the span."""
    value = (span or "").strip(_VALUE_EDGES)
    for left, right in _BRACKETS:
        if value.endswith(right) and left not in value:
            value = value[:-1].rstrip(_VALUE_EDGES)
        if value.startswith(left) and right not in value:
            value = value[1:].lstrip(_VALUE_EDGES)
    return value
_REFERENCE_DATE = re.compile(r"\b(?:through|thru|as of|ended|ending|to date)\s*$", re.I)
_RUNNING_TOTAL = re.compile(r"\b(?:week|month|year|season|quarter)[- ]to[- ]date\b|\bso far (?:this|in)\b", re.I)
_SESSION_WORDS = frozenset("morning afternoon midday midsession evening overnight".split())


def _sessions(text: str) -> set[str]:
    """The hours and market sessions a sentence names ("1000 hrs", "morning ring")."""
    from dedup.facts.changes import time_anchors

    return {w for w in time_anchors(text) if w.startswith("clock ") or w in _SESSION_WORDS}


def _other_sessions(ta: str, tb: str) -> bool:
    """Whether two sentences both name an hour or session of the day, and not the same ones."""
    sa, sb = _sessions(ta), _sessions(tb)
    return bool(sa and sb and sa != sb)


def _moved_along(a_value: str, b_value: str, ta: str, tb: str) -> bool:
    """Whether two different figures each sit in the other's sentence too ("to 750 mln stg from 700 mln" /
    "to 800 mln stg from 750 mln"); a qualifier changed on one figure ("up to 100,000" / "over 100,000")
    is not a move."""
    fa, fb = _FIGURE.findall(a_value), _FIGURE.findall(b_value)
    if fa == fb:
        return False
    return _figure_in(a_value, tb) or _figure_in(b_value, ta)


def _figure_in(value: str, sentence: str) -> bool:
    """Whether the figure of ``value`` ("750 mln") is written in ``sentence`` as a whole number."""
    figures = _FIGURE.findall(value)
    if len(figures) != 1:
        return False
    return bool(re.search(r"(?<![\d,.])" + re.escape(figures[0]) + r"(?![\d]|[,.]\d)", sentence))


def title_words(title: str | None) -> set[str]:
    """The words of a headline, lower case, correction flags removed."""
    from dedup.facts.corrections import strip_flag

    return set(re.findall(r"[a-z0-9]+", strip_flag(title or "").lower()))


def report_series(da: Document, db: Document) -> bool:
    """Two reports of a series, not two versions of one: "U.K. MONEY MARKET GIVEN 85 MLN STG LATE HELP" and
    "... 40 MLN STG LATE ASSISTANCE", or "CANADIAN MONEY SUPPLY FALLS IN WEEK" a week after "... RISES ...".

    The headlines, figures aside, share most words, and either their figures differ or they were published
    on different days.
    """
    ta, tb = _title_text(da), _title_text(db)
    if not ta or not tb:
        return False
    days = _days_apart(da, db)
    wa = set(re.findall(r"[a-z]+", _MASK.sub(" ", ta.lower())))
    wb = set(re.findall(r"[a-z]+", _MASK.sub(" ", tb.lower())))
    if not wa or not wb or len(wa & wb) / min(len(wa), len(wb)) < 0.6:
        return False
    return bool(days) or _MASK.findall(ta) != _MASK.findall(tb)


_REPEAT_FLAG = re.compile(r"^\s*(?:RPT|REPEAT|REFILE|UPDATE\s*\d*|RECASTS?)\s*[-:]\s*", re.I)


_GLUED_TICKER = re.compile(r"\s*<([A-Za-z][A-Za-z0-9]*)(?:\.[A-Za-z]{1,3})?>\s*")


def _title_text(doc: Document) -> str:
    """The headline without correction and repeat flags, its tickers spaced and without exchange suffix
    ("NATIONAL<MLC>4TH QTR" is "NATIONAL <MLC> 4TH QTR", "<CRZY.O>" is "<CRZY>")."""
    from dedup.facts.corrections import strip_flag

    text = _REPEAT_FLAG.sub("", strip_flag(doc.title or ""))
    text = re.sub(r"(?<=\w)<", " <", re.sub(r">(?=\w)", "> ", text))  # "<BANK USA>1ST" is "<BANK USA> 1ST"
    return " ".join(_GLUED_TICKER.sub(lambda m: f" <{m.group(1)}> ", text).split())


_TICKER = re.compile(r"<([A-Z][A-Z0-9.]*)>")


def ticker_symbols(title: str | None) -> set[str]:
    """The exchange symbols a headline names, exchange suffix dropped ("<CRZY.O>" is "CRZY").

    Examples
    --------
    >>> sorted(ticker_symbols("GM <GM> CANADA AND WORKERS FAR APART, FORD <F.N> SAYS"))
    ['F', 'GM']
    """
    return {t.split(".")[0] for t in _TICKER.findall((title or "").upper())}


def _other_companies(da: Document, db: Document) -> bool:
    """Headlines that name other companies: both carry tickers and none in common (``<CRZY>`` / ``<CNC>``)."""
    ta, tb = ticker_symbols(_title_text(da)), ticker_symbols(_title_text(db))
    return bool(ta and tb) and not (ta & tb)


def _covers(al: DocumentAlignment, da: Document, db: Document) -> float:
    """The share of each text's sentences that the alignment links, the smaller of the two."""
    if not da.sentences or not db.sentences:
        return 0.0
    na = len({i for link in al.alignment.links for i in link.a_sentences})
    nb = len({j for link in al.alignment.links for j in link.b_sentences})
    return min(na / len(da.sentences), nb / len(db.sentences))


_REPORT_WORDS = frozenset(
    "qtr quarter net loss losses profit year yr mths months half shr div dividend payout sets raises cuts "
    "inc corp co ltd plc nv ag sa says said to of in on the a an and for with at by from its it".split()
)


def same_company(da: Document, db: Document) -> bool:
    """Headlines about one company: a ticker in common (``<BATM>``), or half their words.

    Examples
    --------
    >>> a = Document("a", ["x"], title="MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY")
    >>> b = Document("b", ["x"], title="MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>")
    >>> same_company(a, b)
    True
    """
    ta, tb = _title_text(da), _title_text(db)
    if ticker_symbols(ta) & ticker_symbols(tb):
        return True
    # The words of a name, not of a report ("4TH QTR LOSS" is in every other headline): a correction may
    # change the ticker itself ("C.O.M.B. <COQ> TO HAVE OPTIONS" / "C.O.M.B <CMCO> TO HAVE OPTIONS").
    wa = {w for w in title_words(da.title) if w not in _REPORT_WORDS and not w[:1].isdigit()}
    wb = {w for w in title_words(db.title) if w not in _REPORT_WORDS and not w[:1].isdigit()}
    # headlines with two different tickers must share nearly all their words to be one company
    need = 0.8 if _other_companies(da, db) else 0.5
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= need


def same_item(da: Document, db: Document) -> bool:
    """Two versions of one item: their headlines (correction flags aside) share most words."""
    wa, wb = title_words(da.title), title_words(db.title)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def _different_subject(changes: Sequence[Change], text_a: str, text_b: str) -> bool:
    """A pair whose changes include a different name: sentences about another company, team or person.

    One word changed inside a name whose other words stay on both sides ("Internet Electronic Task Force" /
    "Internet Engineering Task Force") is that name told differently, not another subject; "Japan's Sony
    Corp" / "Japan's Toshiba Corp" and "First Chicago Corp" / "First Boston Corp" are other companies.
    """
    return any(
        c.verdict == "reported" and c.kind == "entity" and c.reason == "a different name"
        and not _word_inside_a_name(c, text_a, text_b)
        for c in changes
    )


_NAME_ENDS = LEGAL_SUFFIXES | {"group", "holdings"}


def _word_inside_a_name(c: Change, text_a: str, text_b: str) -> bool:
    """Whether the change is one word for one word with the same capitalised words right before and after it
    on both sides, none of them a possessive, a title, a day or month, or a company's legal ending."""
    if len(c.a.split()) != 1 or len(c.b.split()) != 1 or min(c.a_start, c.b_start) < 0:
        return False
    sides = []
    for text, start, end in ((text_a, c.a_start, c.a_end), (text_b, c.b_start, c.b_end)):
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        if not before.endswith(" ") or not after.startswith(" "):
            return False  # punctuation or a hyphen on either side
        wb, wa = before.split(), after.split()
        if not wb or not wa:
            return False
        sides.append((wb[-1], wa[0]))
    if sides[0] != sides[1]:
        return False
    for word in sides[0]:
        bare = word.lower().rstrip(".")
        if (
            not _WORD_TOKEN.fullmatch(word) or not word[:1].isupper() or word.endswith(("'s", "’s"))
            or bare in _NAME_ENDS or bare in MONTHS or bare in WEEKDAYS or word.rstrip(".") in TITLE_WORDS
        ):
            return False
    return True


def compare_alignment(
    da: Document,
    db: Document,
    al: DocumentAlignment,
    *,
    templates: dict[str, int] | None = None,
    asserted: bool = False,
    correction: bool = False,
) -> tuple[list[Discrepancy], list[Change]]:
    """Discrepancies and every changed span of one aligned document pair (or its shared passages).

    Two versions of one item (the same headline, correction flags aside;
    without headlines, a near-duplicate pair) are compared change by change.
    Other pairs share copy but may speak of other things (a recurring
    formula, a dividend notice of another company), so only their nearly
    identical sentences are compared, never their wording, and nothing at all
    when a name changes between them.  Findings are also dropped as *different
    things* when a sentence is a recurring formula that other articles give
    with other figures (unless the pair is one item published the same day
    or a correction), and when both articles state both values elsewhere.
    Two items of one outlet whose headlines name other subjects, items
    published more than three days apart, figures in a sentence reworded
    around them or moved along it, reports of a market at two hours, to two
    reference dates or with a running total that moves are different things
    too.  ``asserted`` says the caller knows the pair to be one item
    (``dedup check``): every change counts, as in a correction.
    ``correction`` says one of the two corrects the other
    (:func:`dedup.facts.corrections.correction_pairs` paired them).
    """
    from dedup.facts.corrections import correction_notice

    templates = templates or {}
    days = _days_apart(da, db)
    titled = bool(title_words(da.title) and title_words(db.title))
    # A correction and the item it corrects (the same company or headline) are one item, even when the
    # correction rewrote the headline; a notice does not make a document one item with anything else.
    notice = correction_notice(da) or correction_notice(db)
    # ``correction``: the corrections module paired the two (a notice naming the other item's day, a correction
    # of a correction), even when the correction changed the headline's company words or ticker
    corrected = asserted or (notice is not None and (correction or same_company(da, db)))
    # A wire correction resends the item under its own headline; a company correcting itself writes a new story
    wire_resent = corrected and notice is not None and notice.kind != "statement"
    resent = asserted or wire_resent
    # One item by its headline (or a correction of it); or, less surely, by a copy covering both texts.
    by_headline = corrected or (same_item(da, db) if titled else False)
    covers = _covers(al, da, db)
    one_item = by_headline or (not _other_companies(da, db) and (al.level == "document" or covers >= 0.8))
    # One item and its copy or correction: a recurring formula in it is still the same report.
    copy_same_day = one_item and (days is None or days == 0 or corrected)
    found: list[Discrepancy] = []
    every: list[Change] = []
    compared = []
    for link in al.alignment.links:
        if not link.identical:
            compared.append((link, *pair_changes(da, link.a_sentences, db, link.b_sentences, wording=corrected)))
    if resent:
        # A short line a correction replaced in place ("Nine mths" / "Year" between aligned table lines) shares
        # no word to align by; its place says what it replaced.
        for ia, ib in _gap_lines(al, da, db):
            link = Link([ia], [ib], 0.0, da.sentences[ia], db.sentences[ib])
            compared.append((link, *pair_changes(da, [ia], db, [ib], wording=True)))
    # A formula about another company or person ("Tokyo Optical Co is issuing ..." / "Keihanshin Real Estate
    # is issuing ..."): a name changes, and no headline says the two are one item.
    texts = [
        (" ".join(da.sentences[i] for i in link.a_sentences), " ".join(db.sentences[j] for j in link.b_sentences))
        for link, _, _ in compared
    ]
    other_subject = not by_headline and any(
        _different_subject(changes, ta, tb) for (_, _, changes), (ta, tb) in zip(compared, texts)
    )
    # Two items that are not one share copy when they share more than a formula: at least one identical
    # sentence and another one nearly so, published the same day.
    identical = sum(link.identical for link in al.alignment.links)
    near = sum(link.score >= _NEAR_IDENTICAL for link in al.alignment.links)
    shares_copy = identical >= 1 and near >= 2 and (days is None or days == 0)
    # Another day under another headline, and not a copy of the whole (a copy keeps most sentences, whatever
    # its headline): that day's report of a series (rapeseed bought on another night).
    later_report = (
        bool(days) and titled and _title_text(da).lower() != _title_text(db).lower() and covers < 0.8
    )
    series = not corrected and (report_series(da, db) or later_report)
    # A copy changes a few figures; a pair whose aligned sentences change many is two reports (a table of
    # another commodity, another week), unless one of them says it corrects the other.
    changed_figures = sum(d.kind == "number" for _, out, _ in compared for d in out)
    many_figures = not corrected and changed_figures > _MAX_COPY_FIGURES
    # Headlines that put another subject in the same words ("JOLIET HOGS SEEN STEADY" / "KANSAS CITY HOGS SEEN
    # STEADY", "UBS UNIT ISSUES ... EUROBOND" / "ENEL ISSUES ... EUROBOND"): two items, whatever their copy shares.
    title_a, title_b = _title_text(da), _title_text(db)
    head: tuple[list[Discrepancy], list[Change]] = ([], [])
    head_names: tuple[set[str], set[str]] = (set(), set())  # the names each headline gives, whole
    if title_a and title_b and title_a != title_b:
        head_a = Document(da.id, [title_a], date=da.date, outlet=da.outlet, url=da.url, agency=da.agency)
        head_b = Document(db.id, [title_b], date=db.date, outlet=db.outlet, url=db.url, agency=db.agency)
        if head_a.sentences and head_b.sentences:
            # the articles' words capitalised inside a sentence tell whether a headline's first word is a name
            # ("Bush vows ..." with "President Bush" in the text)
            head_facts = (headline_facts(head_a, da), headline_facts(head_b, db))
            head = pair_changes(head_a, list(range(len(head_a.sentences))), head_b, list(range(len(head_b.sentences))),
                                wording=resent, facts=head_facts)
            named_a, named_b = (
                {f.text for found in side for f in found if isinstance(f, EntityFact)} for side in head_facts
            )
            head_names = (named_a, named_b)
    # Another outlet rewrites headlines at will; one outlet changes a headline's subject only for another item.
    one_outlet = bool(da.outlet and db.outlet and da.outlet.strip().lower() == db.outlet.strip().lower())
    other_headline = not corrected and one_outlet and _other_subject_headline(head[1], da, db)
    # Copies of one item run within days of each other; the same words weeks apart are that week's report.
    other_day = not corrected and days is not None and days > _COPY_DAYS
    # Reports of one market at two hours ("1000 hrs" / "1100 hrs", "morning ring" / "afternoon ring"): each
    # figure moved, none is contradicted.  Only a copy the caller vouches for compares them (as updates); a
    # figure beside another day or "by noon" / "closed" in a copy is reported as an update.
    # A recurring statistical report names the date it runs to ("average price through April 6", "week ended
    # March 4", "as of March 31"): another such date is another report, whatever figures move with it.
    # A running total ("week to date 43,900 head", "so far this season") that moves is the next report of the day.
    other_time_ref = not corrected and any(
        (d.kind == "date" and _REFERENCE_DATE.search(d.a_text[: max(0, d.a_text.find(d.a_value))][-30:]))
        or (d.kind == "number" and _RUNNING_TOTAL.search(d.a_text) and _RUNNING_TOTAL.search(d.b_text))
        for _, out, _ in compared for d in out
    )
    other_time = other_time_ref or (not corrected and any(_other_sessions(ta, tb) for ta, tb in texts))
    for (link, out, changes), (ta, tb) in zip(compared, texts):
        if not out:
            every.extend(changes)
            continue
        recurring = max(templates.get(_template(ta), 0), templates.get(_template(tb), 0)) >= 3
        # A figure in a sentence reworded around it may measure another thing ("Oper shr" / "Shr"); a table
        # line has few words, so one is enough there.
        table_line = min(len(ta.split()), len(tb.split())) <= _TABLE_LINE_WORDS
        reworded = not corrected and reworded_words(changes) >= (1 if table_line else _REWORDED_WORDS)
        spelling_only = all(_spelt_differently(d) for d in out)
        why = None
        if (other_headline or other_day or other_time) and not spelling_only:
            why = (
                "another item: its headline names another subject" if other_headline
                else f"another item: published {days} days apart" if other_day
                else "another report: the texts give other hours of the day or another reference date (a market "
                "report updated, not a copy)"
            )
        elif reworded and not spelling_only:
            out = [d for d in out if d.kind == "quote" or _spelt_differently(d)]
            if not out:
                why = "the sentence is reworded around the figure: it may measure another thing"
        if why is None:
            if recurring and not copy_same_day:
                why = "a recurring formula: other articles give it with other figures"
            elif other_subject:
                why = "articles about another company, person or place"
            elif not one_item and not shares_copy:
                why = "a shared formula in articles that are not one item and share no other copy"
            elif not one_item and link.score < _NEAR_IDENTICAL:
                why = "a reworded sentence in articles that are not one item"
            elif many_figures:
                why = f"{changed_figures} figures differ: two reports, not two versions of one"
            elif series:
                why = "a recurring report: the same headline with that report's own figures or day"
        if why:
            every.extend(replace(c, verdict="different things", reason=why) if c.verdict == "reported" else c
                         for c in changes)
            continue
        kept = []
        for d in out:
            if d.kind == "number" and _stated_elsewhere(d.b_value, da, link.a_sentences) and (
                _stated_elsewhere(d.a_value, db, link.b_sentences)
            ) and not swapped_figures(ta, tb):
                continue  # both articles give both values: they are about different things in these sentences
            if d.kind == "number" and not corrected and _moved_along(d.a_value, d.b_value, ta, tb):
                # "shortfall to 750 mln stg from 700 mln" / "to 800 mln stg from 750 mln": one text's figure sits
                # in another place of the other's sentence, so the figures moved along (a revision, the next
                # rate), or the pairing is not sure
                continue
            kept.append(d)
        found.extend(kept)
        every.extend(changes)
    # A changed headline between copies is a change too.
    # headlines in sentence case tell names by their capitals
    names_told = not title_cased(title_a) and not title_cased(title_b)
    if one_item and not series and not other_headline and not other_day and not other_time:
        for d in head[0]:
            # a correction resent under its headline reports every change of it; a correction paired with an
            # item of another headline ("NEWMONT SETS HIGHER SPENDING" / "NEWMONT STAKE IN DU PONT DECLINES")
            # reports no rewording of headlines that were never one; a copy rewrites its headline at will
            # (``dedup check``): only what the headline states differently counts there
            whole = d.a_value in head_names[0] and d.b_value in head_names[1]  # a name for a name, not part of one
            if (wire_resent and (d.kind != "wording" or same_item(da, db))) or _headline_finding(
                d, names_told and whole
            ):
                found.append(replace(d, a_sentence=None, b_sentence=None, explanation="Headline: " + d.explanation))
        every.extend(head[1])
    return found, every


_GAP_LINE_WORDS = 5  # a section line of a table ("Nine mths", "1st half", "Quarter ended Feb 28")
_GAP_SHARED = 0.4  # share of its content words a rewritten sentence in the same place keeps


def _gap_lines(al: DocumentAlignment, da: Document, db: Document) -> list[tuple[int, int]]:
    """Unaligned lines that sit at the same place between aligned neighbours (or before the first, after the
    last): one sentence of each text, each of a few words or keeping 40% of its content words."""
    links = sorted((link.a_sentences, link.b_sentences) for link in al.alignment.links)
    if not links:
        return []
    linked_a = {i for a_, _ in links for i in a_}
    linked_b = {j for _, b_ in links for j in b_}
    bounds = [([-1], [-1]), *links, ([len(da.sentences)], [len(db.sentences)])]
    out = []
    for (pa, pb), (na, nb) in pairwise(bounds):
        ia, ib = max(pa) + 1, max(pb) + 1
        if min(na) - ia != 1 or min(nb) - ib != 1 or ia in linked_a or ib in linked_b:
            continue
        sa, sb = da.sentences[ia], db.sentences[ib]
        wa, wb = _words(sa), _words(sb)
        if len(sa.split()) <= _GAP_LINE_WORDS and len(sb.split()) <= _GAP_LINE_WORDS:
            out.append((ia, ib))
        elif wa and wb and len(wa & wb) >= _GAP_SHARED * min(len(wa), len(wb)):
            out.append((ia, ib))  # a sentence the correction rewrote in place, on the same subject
    return out


def _spelt_differently(d: Discrepancy) -> bool:
    """A name spelt two ways ("Denmam" / "Denman"): reported between any two texts that align."""
    return d.kind == "entity" and d.explanation.endswith("(a name spelt differently).")


def _headline_finding(d: Discrepancy, names_told: bool = False) -> bool:
    """Whether a change between two versions of a headline is worth reporting.

    A headline is rewritten at will: a figure, a date and a one-word reversal ("NET" / "LOSS", "RISES" /
    "FALLS") count, and of names one word spelt differently ("FIELDCOR" / "FIDELCOR"). In capitals or title
    case no name can be told from a word, so a reworded phrase ("TREASURY SECRETARY" / "TREASURY'S BAKER")
    never counts; where capitals tell names (``names_told``: both headlines in sentence case, and each value a
    whole name the headline gives) a name for a name counts too ("Man Utd" / "Arsenal"), words rewritten around
    one do not ("to miss Melbourne" / "out of Australian Open", "Italy 17-28 Ireland" / "O'Driscoll saves Irish
    blushes"), nor a word of a longer name ("Slim" / "Slimmer" in "Slim PlayStation").
    """
    if d.kind in ("number", "date"):
        return True
    one_word = len(d.a_value.split()) <= 1 and len(d.b_value.split()) <= 1
    if d.kind == "entity":
        return (one_word and _spelt_differently(d)) or (
            names_told and _only_names(d.a_value) and _only_names(d.b_value)
        )
    return d.kind == "polarity" and one_word and bool(d.a_value) and bool(d.b_value)


def _only_names(value: str) -> bool:
    """Whether ``value`` is a name and nothing else: a few words, each capitalised ("Man Utd", "Labour's")."""
    words = value.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def _other_subject_headline(changes: Sequence[Change], da: Document, db: Document) -> bool:
    """Headline changes that swap a subject: another name, or other content words in place of some (not a
    synonym, a spelling, a figure or a sense reversed), that the other article does not name: a headline
    rewritten over the same story ("Roddick into San Jose final" / "Roddick to face Saulnier in final", both
    articles naming San Jose and Saulnier) is not another item."""
    from dedup.facts.changes import reworded_words

    capitals = title_cased(da.title or "") or title_cased(db.title or "")

    def told_in_both(c: Change) -> bool:
        return _told_in(c.a, db, capitals) and _told_in(c.b, da, capitals)

    for c in changes:
        if not c.a.strip() or not c.b.strip():
            continue
        if c.verdict == "reported" and c.kind == "entity" and c.reason == "a different name" and not told_in_both(c):
            return True
        if c.reason == TICKER_CHANGED:
            # "SUN <SUN>" / "PHILLIPS <P>": the company and its ticker both other
            wa, wb = (set(re.findall(r"[A-Za-z]{2,}", _BRACKETED.sub(" ", x))) for x in (c.a, c.b))
            if wa and wb and not wa & wb:
                return True
        if c.verdict == "reported" and c.kind in ("number", "date"):
            return True  # "4TH QTR" / "YEAR DEC 31", "MIDSESSION" / "CLOSES": another period's or hour's report
        if (
            reworded_words([c]) and reworded_words([replace(c, b="")]) and reworded_words([replace(c, a="")])
            and not told_in_both(c)
        ):
            return True
    return False


@per_document
def _article_words(doc: Document) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD_TOKEN.findall(f"{doc.title or ''} {doc.text}"))


def _told_in(span: str, doc: Document, capitals: bool) -> bool:
    """Whether ``doc`` (headline and text) tells what the headline words ``span`` name: every name in it
    (in a headline in capitals or title case, where names cannot be told, every content word), else half
    its content words ("scam fear" in an article on scams); a plural counts as its singular."""
    content = [w for w in _WORD_TOKEN.findall(span) if len(w) > 2 and w.lower() not in english_stop_words()]
    if not content:
        return False
    have = _article_words(doc)

    names = content if capitals else [w for w in content if w[:1].isupper()]
    if names:
        return all(in_either_number(w.lower(), have) for w in names)
    return 2 * sum(in_either_number(w.lower(), have) for w in content) >= len(content)


def _stale_copies(
    docs: Sequence[Document], alignments: Sequence[DocumentAlignment], found: Sequence[Discrepancy]
) -> list[Discrepancy]:
    """Copies that still carry a figure, date or name that a correction in the corpus changed."""
    from dedup.facts.corrections import correction_notice, find_corrections, stale_copies

    if not any(correction_notice(d) for d in docs):
        return []
    pairs = [(al.a, al.b) for al in alignments if al.level == "document"]
    corrections = find_corrections(docs, pairs)
    if not corrections:
        return []
    stated = _stated_corrections(docs, corrections, found)
    changes: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for d in [*found, *stated]:
        if d.scope == "aligned" and d.relation == "conflict" and d.a_value and d.b_value:
            changes.setdefault((d.a, d.b), []).append((d.a_value, d.b_value))
    by_id = {d.id: d for d in docs}
    out = []
    for copy, fix, old, new in stale_copies(corrections, docs, pairs, changes):
        cdoc, fixed = by_id[copy], by_id[fix.corrected]
        sentence = next((s for s in cdoc.sentences if old in s), "")
        fixed_sentence = next((s for s in fixed.sentences if new in s), "")
        days = _days_apart(cdoc, fixed)
        why = (
            f"{_label(fixed, cdoc)} corrects {fix.original} ({fix.notice.text!r}): {old!r} became {new!r}, "
            f"but {_label(cdoc, fixed)} still carries {old!r}." + _when(days)
        )
        a_doc, b_doc, av, bv, at, bt = cdoc, fixed, old, new, sentence, fixed_sentence
        out.append(
            Discrepancy(
                a_doc.id, b_doc.id, "number" if any(ch.isdigit() for ch in old) else "other", "conflict", old,
                av, bv, at, bt, round(min(1.0, _severity("number", "conflict", "aligned", None, days) + 0.1), 3),
                why, "aligned", None, None, days,
            )
        )
    return stated + out


def _stated_corrections(
    docs: Sequence[Document], corrections: Sequence[Correction], found: Sequence[Discrepancy]
) -> list[Discrepancy]:
    """The value a company's own correction replaces ("485,380 dlrs from 528,790 dlrs reported earlier today"),
    found in the item it corrects: the two items share no sentence, so no alignment compares them."""
    from dedup.facts.corrections import stated_change

    by_id = {d.id: d for d in docs}
    known: dict[tuple[str, str], list[str]] = {}
    for d in found:
        known.setdefault((d.a, d.b), []).append(d.a_value)
        known.setdefault((d.b, d.a), []).append(d.b_value)
    out = []
    for fix in corrections:
        orig, fixed = by_id[fix.original], by_id[fix.corrected]
        change = stated_change(fixed, fix.notice)
        if change is None:
            continue
        old, new, said = change
        if any(old in v or v in old for v in known.get((orig.id, fixed.id), ())):
            continue  # the alignment found it
        figure = _FIGURE.findall(old)
        where = [s for s in orig.sentences if old.lower() in s.lower()] or (
            [s for s in orig.sentences if len(figure) == 1 and _figure_in(old, s)]
        )
        if not where:
            continue  # the item it corrects does not carry the wrong value
        value = old if old.lower() in where[0].lower() else figure[0]
        days = _days_apart(orig, fixed)
        why = (
            f"{_label(fixed, orig)} says it corrects {value!r} to {new!r} ({said.strip()!r}), "
            f"and {_label(orig, fixed)} carries {value!r}." + _when(days)
        )
        kind = "number" if figure or find_numbers(old) else "other"
        out.append(
            Discrepancy(
                orig.id, fixed.id, kind, "conflict", fix.notice.what, value, new, where[0], said,
                _severity(kind, "conflict", "aligned", None, days), why, "aligned",
                orig.sentences.index(where[0]), fixed.sentences.index(said) if said in fixed.sentences else None, days,
            )
        )
    return out


def compare_corpus(
    docs: Sequence[Document],
    alignments: Sequence[DocumentAlignment],
    stories: Sequence[Story] = (),
    *,
    story_max_documents: int = 300,
    changes: list[Change] | None = None,
    asserted: bool = False,
    same_facts: list[PairChange] | None = None,
) -> list[Discrepancy]:
    """Every discrepancy in a corpus, most severe first.

    Parameters
    ----------
    docs
        The corpus.
    alignments
        Sentence alignments of copied pairs and passages.
    stories
        Story groups; quantities and names are also compared across each.
    story_max_documents
        Stories larger than this are compared only through their aligned
        sentences (the all-pairs story comparison grows quadratically).
    changes
        When given, receives every changed span of the aligned pairs with its
        verdict (:func:`compare_alignment`), in the order of ``alignments``.
    asserted
        The caller knows every aligned pair to be one item (``dedup check``
        of an original and its copy).
    same_facts
        When given, receives every change whose verdict is *same fact* (the
        same fact in another form), with the ids of its pair: the report
        lists them behind a filter.
    """
    by_id = {d.id: d for d in docs}
    found: list[Discrepancy] = []
    compared: set[tuple[str, int, str, int]] = set()
    copied = {(al.a, al.b) for al in alignments if al.level == "document"}
    # which pairs are a correction and the item it corrects (a rewritten headline shares too few words to say)
    corrections = {
        frozenset(p) for p in correction_pairs(docs, {(al.a, al.b) for al in alignments if al.level != "story"})
    }
    templates = _template_variants(docs) if len(docs) > 2 else {}
    linked: set[tuple[str, int, str, int]] = set()
    for al in alignments:
        if al.level == "story":
            # Articles on one story, not copies: their linked sentences meet in the story tier below.
            for link in al.alignment.links:
                for i in link.a_sentences:
                    for j in link.b_sentences:
                        linked.update({(al.a, i, al.b, j), (al.b, j, al.a, i)})
            continue
        da, db = by_id[al.a], by_id[al.b]
        for link in al.alignment.links:
            for i in link.a_sentences:
                for j in link.b_sentences:
                    compared.add((da.id, i, db.id, j))
        pair_found, pair_changes_ = compare_alignment(
            da, db, al, templates=templates, asserted=asserted, correction=frozenset((da.id, db.id)) in corrections
        )
        found.extend(pair_found)
        if changes is not None:
            changes.extend(pair_changes_)
        if same_facts is not None:
            same_facts.extend(PairChange(da.id, db.id, c) for c in pair_changes_ if c.verdict == "same fact")
    found.extend(_stale_copies(docs, alignments, found))
    spellings = name_spellings(docs) if stories else None
    for story in stories:
        members = [by_id[m] for m in story.members if m in by_id]
        if len(members) < 2 or len(members) > story_max_documents:
            continue
        found.extend(_story_quantities(members, compared, copied, linked))
        found.extend(_story_names(members, spellings))
    unique: dict[tuple[Any, ...], Discrepancy] = {}
    for d in found:
        key = (d.a, d.b, d.kind, d.a_value, d.b_value, d.a_sentence, d.b_sentence)
        if key not in unique or d.severity > unique[key].severity:
            unique[key] = d
    # A name variant found in aligned sentences and again across the story is one finding.
    seen_names: set[tuple[str, str, str, str]] = set()
    result = []
    for d in sorted(unique.values(), key=lambda d: (-d.severity, d.a, d.b, d.kind, d.a_value)):
        if d.kind == "entity":
            key2 = (d.a, d.b, d.a_value, d.b_value)
            if key2 in seen_names:
                continue
            seen_names.add(key2)
        result.append(d)
    return result
