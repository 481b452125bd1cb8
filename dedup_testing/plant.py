"""Planted discrepancies over real text, to measure the fact comparison.

:func:`plant_copy` takes a real article and returns an edited copy with
the gold list of what was changed:

* **planted discrepancies** (at most one per sentence, in sentences that
  carry a suitable fact), each of a ``kind`` that ``discrepancies.jsonl``
  uses:

  ``number``
      a figure ("100,000" → "300,000"), a qualifier turned into a
      disjoint one ("up to 100,000" → "over 100,000", "at least" →
      "fewer than"), a scale ("£800m" → "£800bn");
  ``date``
      a weekday ("Tuesday" → "Thursday"), the day of a written date
      ("June 15" → "June 17"), a year ("in 2014" → "in 2016");
  ``entity``
      a name misspelt by dropping, doubling or swapping an inner letter
      ("Finnish" → "Finish", "Niinisto" → "Niinsto"), or a surname swapped
      for the surname of another person named in the article;
  ``quote``
      a word inside a quotation replaced by another word.

* **safe rewrites** in other sentences, which keep every fact: "%" ↔
  "per cent", "bn" ↔ "billion", "m" ↔ "million", "more than" ↔ "over",
  "about" ↔ "around", "nearly" ↔ "almost", "up to" ↔ "as many as", small
  numbers as digits ↔ words ("five" ↔ "5"), "the United States" ↔ "the
  U.S.".  None of them may be reported.

Targets are found with the generator's own patterns, not with
:mod:`dedup.facts.extract`, so that a fact the library cannot read still counts as
a miss.  Figures, dates and names inside quotations are left alone (a
change there would be both a quote and a number discrepancy); sentence
boundaries never move, so a sentence index is the same in the original and
the copy.  The copy keeps the original's publication date (weekdays
resolve against it).  Everything is determined by the seed.

:func:`score_copy` runs the whole pipeline
(:func:`dedup.run.pipeline.analyse_documents`) on the original and the copy and
matches what it reports against the gold; :func:`evaluate_planted` does
that over many copies of many articles.  ``tests/data/facts/`` holds
agency-style articles written for this (budgets, casualties, prices;
people and companies in them are invented) next to the real ``seeds/``.

Examples
--------
>>> doc = Document("wire.txt", [
...     "Moscow has deployed up to 100,000 troops near the border, officials said on Tuesday.",
...     "Inflation rose to 5% in November, and the government approved a £800m aid package."],
...     date="2021-12-08")
>>> planted = plant_copy(doc, seed=4, discrepancies=(1, 1), safe=(1, 1))
>>> [(e.sentence, e.kind, e.original, e.planted) for e in planted.discrepancies]
[(0, 'number', 'up to 100,000', 'over 100,000')]
>>> [(e.sentence, e.edit, e.original, e.planted) for e in planted.safe]
[(1, 'scale_word', '£800m', '£800 million')]
>>> planted.copy.sentences[0]
'Moscow has deployed over 100,000 troops near the border, officials said on Tuesday.'
>>> outcome = score_copy(planted)
>>> outcome.found, outcome.matched, outcome.on_safe
([True], [True], [False])
"""

from __future__ import annotations

import itertools
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dedup.model import Document
from dedup.segment import split_sentences

if TYPE_CHECKING:
    from dedup.facts.compare import Discrepancy
    from dedup.results import ScanResult

__all__ = [
    "EDITS",
    "KINDS",
    "SAFE_EDITS",
    "CopyOutcome",
    "KindScore",
    "PlantScores",
    "PlantedCopy",
    "PlantedEdit",
    "evaluate_planted",
    "plant_copy",
    "score_copy",
]

KINDS = ("number", "date", "entity", "quote")
EDITS = {
    "number": ("figure", "qualifier", "scale"),
    "date": ("weekday", "day", "year"),
    "entity": ("misspelling", "surname_swap"),
    "quote": ("quote_word", "quote_single"),
}
SAFE_EDITS = ("percent", "scale_word", "more_than", "about", "nearly", "up_to", "number_word", "united_states")

# --- patterns -------------------------------------------------------------------------------------------------

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_SMALL_VALUE = {w: i + 2 for i, w in enumerate(_SMALL)}

# A figure written in digits: optional currency, number, optional scale, optional percent.
_FIGURE = re.compile(
    r"(?<![\w$£€.,:/+\-–—])"
    r"(?P<cur>US\$|\$|£|€)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<sa>bn|m|tn)|\s(?P<sw>thousand|million|billion|trillion))?"
    r"(?P<pct>%|\s?per\s?cent|\s?percent(?!age))?"
    r"(?![\w\-–]|[.,:]\d)"
)
_WORD_NUMBER = re.compile(rf"(?<![\w\-’'])(?P<num>{'|'.join(_SMALL)})(?=\s+[A-Za-z])", re.IGNORECASE)
_YEARLIKE = re.compile(r"(?:1[89]|20)\d\d")
_AFTER_MONTH = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
_BEFORE_MONTH = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_CLOCK = re.compile(r"^\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|BST\b|CET\b|UTC\b|hrs\b)")
_REFERENCE = re.compile(
    r"\b(?:No|Nos|number|Number|Article|article|Section|section|Resolution|resolution|page|Page|Route|route|"
    r"Flight|flight|Room|room|Chapter|chapter|Act|Highway|Platform|Gate|Level|level|Phase|phase|Category|"
    r"category|Grade|grade|Line|line|Vol|vol|Issue|issue|Version|version|Round|round|Term|term)\.?\s+$"
)
_ADDRESS = re.compile(r"^\s+(?:[A-Z][a-z]+\s+)?(?:Street|Road|Avenue|Lane|Square|Boulevard)\b")

_QUALIFIER_CLASSES = {
    "upper_closed": ("up to", "as many as", "as much as", "at most", "no more than"),
    "lower_open": ("more than", "over", "above", "in excess of"),
    "lower_closed": ("at least", "no fewer than", "no less than"),
    "upper_open": ("fewer than", "less than", "under", "below"),
    "almost": ("nearly", "almost", "close to"),
}
_QUALIFIER_OF = {q: cls for cls, qs in _QUALIFIER_CLASSES.items() for q in qs}
_QUALIFIER_OF.update({"about": "about", "around": "about"})  # vague: rewritten safely, never planted
_QUALIFIER_BEFORE = re.compile(
    r"(?<![\w\-])(?P<qual>" + "|".join(sorted((re.escape(q) for q in _QUALIFIER_OF), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_QUALIFIER_MODIFIED = re.compile(r"\b(?:just|slightly|a\s+little|well|far|much|way|not)\s+$", re.IGNORECASE)
# "over five years", "under two hours": a preposition of time, not a qualifier of the figure.
_PERIOD_AFTER = re.compile(r"^\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|quarters?|nights?)\b")

_WEEKDAY = re.compile(r"(?<![\w\-])(?P<wd>" + "|".join(_WEEKDAYS) + r")(?![\w\-])")
_DAY_AFTER_MONTH = re.compile(rf"(?<![\w\-])(?:{_MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?![\w\-])")
_DAY_BEFORE_MONTH = re.compile(rf"(?<![\w\-.,])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b")
_YEAR = re.compile(r"(?<![\w$£€.,:\-–/])(?P<year>(?:19|20)\d\d)(?![\w\-–/%]|[.,]\d)")
_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:in|since|by|from|until|till|of|during|before|after|early|late|mid|the|a|an|to|between|and|"
    rf"summer|spring|autumn|winter|year)|\b(?:{_MONTHS})\.?|\d{{1,2}}(?:st|nd|rd|th)?|,)[\s-]+$",
    re.IGNORECASE,
)

_NAME_WORD = re.compile(r"(?<![\w’'\-.])(?P<name>[A-Z][a-zà-öø-ÿ]{3,})(?![\w\-])")
_NOT_NAMES = frozenset(
    (
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July "
        "August September October November December President Minister Prime Secretary Chancellor Governor "
        "Mayor Senator Deputy Chief Director Spokesman Spokeswoman Spokesperson Ambassador General Leader King "
        "Queen Prince Princess Judge Justice Representative Adviser Advisor Commissioner Chairman Chairwoman "
        "Chair Foreign Defence Defense State National Related Source Original Photo This That There These Those "
        "When While After Before Since With From Their They What Which Where Some Many Most Also Even Still "
        "Last Next Over Under About Around Nearly Almost More Less Than Both Each Every Such Only"
    ).split()
)
_ROLE = (
    r"(?:President|president|Prime\s+Minister|prime\s+minister|Minister|minister|Secretary(?:\s+of\s+State)?|"
    r"secretary|Chancellor|chancellor|Governor|governor|Mayor|mayor|Senator|Spokesman|spokesman|Spokeswoman|"
    r"spokeswoman|spokesperson|Adviser|adviser|executive|official|economist|researcher|chair|Chair|member|"
    r"officer|leader|Leader|Representative|Director|director|Commissioner|commissioner|Ambassador|ambassador|"
    r"Judge|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir)"
)
_PERSON_WORD = r"[A-Z][a-zà-öø-ÿ]+"
_SURNAME = rf"{_PERSON_WORD}(?:-{_PERSON_WORD})?"
_ORGANISATION = frozenset(
    (
        "Motors Association Responsibility Bank Ministry Office Union Council Institute Foundation Agency Group "
        "Party Times News Post Press Service Services Department Committee Commission Company Corporation "
        "Authority Federation Fund Board Court Police Army Navy Reuters Analytics House Street Times"
    ).split()
)
_PERSON_PATTERNS = (
    re.compile(rf"\b{_ROLE},?\s+(?P<first>{_PERSON_WORD})\s+(?P<last>{_SURNAME})(?![\w\-])"),
    re.compile(rf"\b(?:said|says|told)\s+(?P<first>{_PERSON_WORD})\s+(?P<last>{_SURNAME})(?![\w\-])"),
    re.compile(
        rf"(?<![\w\-])(?<!the\s)(?<!The\s)(?P<first>{_PERSON_WORD})\s+(?P<last>{_SURNAME})"
        rf"\s+(?:said|says|told|added|warned)\b"
    ),
)

_QUOTE_WORD = re.compile(r"(?<![\w’'\-])(?P<w>[a-z]{3,})(?![\w’'\-])")
_CONTENT_WORD = re.compile(r"(?<![\w’'\-])([a-z]{4,})(?![\w’'\-])")
_STOP = frozenset(
    (
        "the and for with that this from have has had was were are is been will would could should said says "
        "told its their his her they them into over under about after before than more less also but not who "
        "which when where while there here what some any all one two three four five our your you we us it "
        "can may might must shall did does just only very been being such those these then"
    ).split()
)
# Replacements a sub-editor might plausibly make inside a quote (each changes what was said).
_QUOTE_SWAPS = {
    "strong": "stern", "positive": "negative", "important": "essential", "sensitive": "delicate",
    "concerned": "worried", "immediate": "urgent", "constructive": "productive", "painful": "difficult",
    "worst": "hardest", "real": "serious", "whole": "entire", "firmly": "strongly", "never": "rarely",
    "always": "often", "cannot": "should", "only": "also", "good": "great", "level": "fair",
    "targeted": "limited", "temporary": "short", "betrayal": "disgrace", "biggest": "greatest",
    "every": "each", "already": "now", "probably": "possibly", "stubborn": "persistent",
}

_SAFE_WORD_PAIRS = {
    "about": {"about": "around", "around": "about"},
    "nearly": {"nearly": "almost", "almost": "nearly"},
    "more_than": {"more than": "over", "over": "more than"},
}


# --- data -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlantedEdit:
    """One edit of the copy, planted discrepancy or safe rewrite.

    Parameters
    ----------
    sentence
        Index of the edited sentence; the same in the original and the copy
        (edits never move a sentence boundary).
    kind
        ``number``, ``date``, ``entity`` or ``quote`` for a planted
        discrepancy; ``safe`` for a rewrite that keeps every fact.
    edit
        What was done: one of :data:`EDITS` or :data:`SAFE_EDITS`.
    original, planted
        The phrase in the original sentence and what replaced it in the copy.
    start
        Offset of ``planted`` in the copy's sentence.
    """

    sentence: int
    kind: str
    edit: str
    original: str
    planted: str
    start: int = 0


@dataclass
class PlantedCopy:
    """An edited copy of an article with the gold list of its edits."""

    original: Document
    copy: Document
    discrepancies: list[PlantedEdit] = field(default_factory=list)
    safe: list[PlantedEdit] = field(default_factory=list)


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str
    kind: str
    edit: str


@dataclass
class _Sentence:
    index: int
    paragraph: int
    offset: int  # in the whitespace-normalised paragraph
    text: str
    quoted: list[tuple[int, int]]  # spans inside quotation marks, marks included
    quotes: list[tuple[int, int]]  # complete quotations inside the sentence, marks included


# --- reading the original -------------------------------------------------------------------------------------


def _quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """Quotation spans of a paragraph (curly or straight double quotes); an unclosed one runs to the end."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in enumerate(paragraph):
        if ch == "“" or (ch == '"' and open_at is None):
            if open_at is None:
                open_at = i
        elif (ch == "”" or ch == '"') and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(paragraph)))
    return spans


def _sentences(doc: Document) -> tuple[list[_Sentence], list[str]]:
    """The sentences of ``doc`` located in its whitespace-normalised paragraphs."""
    out: list[_Sentence] = []
    paragraphs: list[str] = []
    for p_i, raw in enumerate(doc.paragraphs):
        para = " ".join(raw.split())
        sents = split_sentences(para)
        pos = 0
        located: list[int] = []
        for s in sents:
            at = para.find(s, pos)
            if at < 0:
                break
            located.append(at)
            pos = at + len(s)
        if len(located) != len(sents):  # the splitter repaired something: rebuild the paragraph
            para = " ".join(sents)
            located, pos = [], 0
            for s in sents:
                located.append(para.index(s, pos))
                pos = located[-1] + len(s)
        spans = _quote_spans(para)
        paragraphs.append(para)
        for s, at in zip(sents, located):
            end = at + len(s)
            quoted = [(max(a, at) - at, min(b, end) - at) for a, b in spans if a < end and at < b]
            quotes = [(a - at, b - at) for a, b in spans if a >= at and b <= end]
            out.append(_Sentence(len(out), p_i, at, s, quoted, quotes))
    return out, paragraphs


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


@dataclass
class _Article:
    sentences: list[_Sentence]
    paragraphs: list[str]
    names: frozenset[str]
    surnames: tuple[str, ...]
    content_words: tuple[str, ...]
    vocabulary: frozenset[str]


def _alone(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a word of its own."""
    return re.search(rf"(?<![\w\-]){re.escape(word)}(?![\w\-])", text) is not None


def _read(doc: Document) -> _Article:
    sentences, paragraphs = _sentences(doc)
    lower: set[str] = set()
    capital_inside: set[str] = set()
    for s in sentences:
        for m in re.finditer(r"[A-Za-zà-öø-ÿ]+", s.text):
            w = m.group()
            if w[0].islower():
                lower.add(w.lower())
            elif m.start() > 0 and not re.search(r"[.!?:“\"(]\s*$", s.text[: m.start()]):
                capital_inside.add(w)
    names = frozenset(w for w in capital_inside if w.lower() not in lower and w not in _NOT_NAMES and len(w) >= 4)
    full_text = " ".join(s.text for s in sentences)
    surnames: dict[str, None] = {}
    for s in sentences:
        for k, pattern in enumerate(_PERSON_PATTERNS):
            for m in pattern.finditer(s.text):
                first, last = m.group("first"), m.group("last")
                if first in _NOT_NAMES or last in _NOT_NAMES or last.lower() in lower or first.lower() in lower:
                    continue
                if last in _ORGANISATION or (k == 2 and re.search(r"[A-Z][\w’'.-]*\s+$", s.text[: m.start("first")])):
                    continue  # "Halvorsen Motors said", "the British Medical Association said"
                # "Liang Wenhao ... Liang said": the family name is the one the article uses alone.
                rest = full_text.replace(f"{first} {last}", " ")
                surnames.setdefault(first if _alone(first, rest) and not _alone(last, rest) else last, None)
    content = sorted(
        {w for s in sentences for w in _CONTENT_WORD.findall(s.text) if w not in _STOP and w not in _QUOTE_SWAPS}
    )
    vocabulary = frozenset(w.lower() for w in re.findall(r"[A-Za-zà-öø-ÿ]+", full_text))
    return _Article(sentences, paragraphs, names, tuple(surnames), tuple(content), vocabulary)


# --- candidate edits ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    text: str
    cur: str | None
    num: str
    sa: str | None
    sw: str | None
    pct: str | None
    word: bool  # a number word ("three")

    @property
    def bare(self) -> bool:
        return not (self.cur or self.sa or self.sw or self.pct)


def _figures(s: _Sentence) -> list[_Figure]:
    """Figures (amounts, counts, percentages) outside quotations, not years, days, clock times or references."""
    text = s.text
    out: list[_Figure] = []
    for m in _FIGURE.finditer(text):
        if _inside(s.quoted, m.start(), m.end()):
            continue
        num = m.group("num")
        bare = not (m.group("cur") or m.group("sa") or m.group("sw") or m.group("pct"))
        before, after = text[: m.start()], text[m.end() :]
        if bare and _YEARLIKE.fullmatch(num):
            continue
        if bare and (_AFTER_MONTH.search(before) or _BEFORE_MONTH.match(after)):
            continue
        if bare and (_CLOCK.match(after) or _REFERENCE.search(before) or _ADDRESS.match(after)):
            continue
        out.append(_Figure(m.start(), m.end(), m.group(), m.group("cur"), num, m.group("sa"), m.group("sw"),
                           m.group("pct"), False))
    for m in _WORD_NUMBER.finditer(text):
        if not _inside(s.quoted, m.start(), m.end()):
            out.append(_Figure(m.start(), m.end(), m.group(), None, m.group("num"), None, None, None, True))
    out.sort(key=lambda f: f.start)
    return out


def _value(f: _Figure, num: str | None = None) -> float:
    n = num if num is not None else f.num
    if f.word:
        return float(_SMALL_VALUE[n.lower()])
    return float(n.replace(",", ""))


def _range_bounds(s: _Sentence, figures: list[_Figure]) -> dict[int, tuple[float | None, float | None]]:
    """For figures that are the ends of a range ("between X and Y", "X to Y"), the values they must stay within."""
    bounds: dict[int, tuple[float | None, float | None]] = {}
    for f, g in itertools.pairwise(figures):
        joint = s.text[f.end : g.start]
        if re.fullmatch(r"\s+(?:and|to)\s+", joint) and _value(g) > _value(f):
            bounds[f.start] = (None, _value(g))
            bounds[g.start] = (_value(f), None)
    return bounds


def _case_like(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _figure_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    figures = _figures(s)
    bounds = _range_bounds(s, figures)
    out: list[_Edit] = []
    for f in figures:
        lo, hi = bounds.get(f.start, (None, None))
        if f.word:
            choices = [
                w
                for w in _SMALL
                if w != f.num.lower() and (lo is None or _SMALL_VALUE[w] > lo) and (hi is None or _SMALL_VALUE[w] < hi)
            ]
            if choices:
                out.append(_Edit(f.start, f.end, _case_like(f.num, rng.choice(choices)), "number", "figure"))
            continue
        first = next((k for k, c in enumerate(f.num) if c.isdigit() and c != "0"), None)
        if first is None:
            continue
        digits = [d for d in "123456789" if d != f.num[first]]
        rng.shuffle(digits)
        for d in digits:
            new_num = f.num[:first] + d + f.num[first + 1 :]
            v = _value(f, new_num)
            if (lo is None or v > lo) and (hi is None or v < hi):
                at = f.text.index(f.num)
                out.append(_Edit(f.start, f.end, f.text[:at] + new_num + f.text[at + len(f.num) :], "number", "figure"))
                break
    return out


def _qualifier_at(s: _Sentence, f: _Figure) -> re.Match[str] | None:
    """The qualifier of figure ``f`` ("up to", "more than"), unless it is modified or a preposition of time."""
    before = s.text[: f.start]
    m = _QUALIFIER_BEFORE.search(before)
    if m is None or _QUALIFIER_MODIFIED.search(before[: m.start()]):
        return None
    if m.group("qual").lower() in ("over", "under") and _PERIOD_AFTER.match(s.text[f.end :]):
        return None  # "over five years": during, not "more than"
    return m


def _qualifier_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    out: list[_Edit] = []
    for f in _figures(s):
        m = _qualifier_at(s, f)
        if m is None:
            continue
        if _inside(s.quoted, m.start(), f.end):
            continue
        qual = m.group("qual")
        cls = _QUALIFIER_OF[" ".join(qual.lower().split())]
        if cls == "about":
            continue  # "about X" overlaps most intervals near X: no disjoint replacement
        fewer = "fewer than" if f.bare else "less than"
        options = {
            "upper_closed": ["more than", "over"],
            "lower_open": ["up to", fewer, "under"],
            "lower_closed": [fewer, "under"],
            "upper_open": ["more than", "at least", "over"],
            "almost": ["more than", "over"],
        }[cls]
        new = _case_like(qual, rng.choice(options))
        out.append(_Edit(m.start(), f.end, new + s.text[m.end("qual") : f.end], "number", "qualifier"))
    return out


def _scale_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    swap_attached = {"m": "bn", "bn": "m", "tn": "bn"}
    swap_word = {"million": "billion", "billion": "million", "trillion": "billion", "thousand": "million"}
    out: list[_Edit] = []
    for f in _figures(s):
        if f.sa:
            at = f.text.index(f.num) + len(f.num)
            new = f.text[:at] + swap_attached[f.sa] + f.text[at + len(f.sa) :]
        elif f.sw:
            at = f.text.index(f.sw, f.text.index(f.num) + len(f.num))
            new = f.text[:at] + swap_word[f.sw] + f.text[at + len(f.sw) :]
        else:
            continue
        out.append(_Edit(f.start, f.end, new, "number", "scale"))
    return out


def _weekday_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    out = []
    for m in _WEEKDAY.finditer(s.text):
        if not _inside(s.quoted, m.start(), m.end()):
            new = rng.choice([w for w in _WEEKDAYS if w != m.group("wd")])
            out.append(_Edit(m.start(), m.end(), new, "date", "weekday"))
    return out


def _day_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    out = []
    for pattern in (_DAY_AFTER_MONTH, _DAY_BEFORE_MONTH):
        for m in pattern.finditer(s.text):
            if _inside(s.quoted, m.start(), m.end()):
                continue
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            choices = [d for d in range(max(1, day - 3), min(28, day + 3) + 1) if d != day]
            if not choices:
                continue
            new_day = str(rng.choice(choices))
            a, b = m.start("day") - m.start(), m.end("day") - m.start()
            out.append(_Edit(m.start(), m.end(), m.group()[:a] + new_day + m.group()[b:], "date", "day"))
    return out


def _year_edits(s: _Sentence, rng: random.Random) -> list[_Edit]:
    out = []
    for m in _YEAR.finditer(s.text):
        if _inside(s.quoted, m.start(), m.end()) or not _YEAR_CONTEXT.search(s.text[: m.start()]):
            continue
        year = int(m.group("year"))
        new = year + rng.choice([-3, -2, -1, 1, 2])
        out.append(_Edit(m.start(), m.end(), str(new), "date", "year"))
    return out


def _misspell(word: str, rng: random.Random, vocabulary: frozenset[str]) -> str | None:
    """Drop, double or swap an inner letter (never the first or last one)."""
    options: list[str] = []
    for p in range(1, len(word) - 1):
        if not word[p].isalpha():
            continue
        options.append(word[:p] + word[p + 1 :])  # drop
        options.append(word[:p] + word[p] + word[p:])  # double
        if p + 1 < len(word) - 1 and word[p] != word[p + 1]:
            options.append(word[:p] + word[p + 1] + word[p] + word[p + 2 :])  # swap
    good = sorted(
        {
            o
            for o in options
            if o != word and not word.startswith(o) and not o.startswith(word) and o.lower() not in vocabulary
        }
    )
    return rng.choice(good) if good else None


def _misspelling_edits(s: _Sentence, rng: random.Random, art: _Article) -> list[_Edit]:
    out = []
    for m in _NAME_WORD.finditer(s.text):
        name = m.group("name")
        if name not in art.names or _inside(s.quoted, m.start(), m.end()):
            continue
        new = _misspell(name, rng, art.vocabulary)
        if new is not None:
            out.append(_Edit(m.start(), m.end(), new, "entity", "misspelling"))
    return out


def _surname_swap_edits(s: _Sentence, rng: random.Random, art: _Article) -> list[_Edit]:
    if len(art.surnames) < 2:
        return []
    present = {n for n in art.surnames if re.search(rf"(?<![\w’'\-]){re.escape(n)}(?![\w\-])", s.text)}
    out = []
    for name in sorted(present):
        others = [n for n in art.surnames if n not in present]
        if not others:
            continue
        for m in re.finditer(rf"(?<![\w’'\-]){re.escape(name)}(?![\w\-])", s.text):
            if not _inside(s.quoted, m.start(), m.end()):
                out.append(_Edit(m.start(), m.end(), rng.choice(others), "entity", "surname_swap"))
    return out


def _quote_edits(s: _Sentence, rng: random.Random, art: _Article, *, single: bool = False) -> list[_Edit]:
    """A word changed inside a quotation of two words or more (``single``: of one word, a scare quote)."""
    out = []
    for a, b in s.quotes:
        inner = s.text[a:b]
        if (len(inner.split()) == 1) != single:
            continue
        words = [m for m in _QUOTE_WORD.finditer(inner) if m.group("w") not in _STOP]
        if not words:
            continue
        m = rng.choice(words)
        word = m.group("w")
        present = set(re.findall(r"[a-z]+", inner.lower()))
        if word in _QUOTE_SWAPS and _QUOTE_SWAPS[word] not in present:
            new = _QUOTE_SWAPS[word]
        else:
            pool = [w for w in art.content_words if w not in present and w != word]
            if not pool:
                continue
            new = rng.choice(pool)
        out.append(_Edit(a + m.start(), a + m.end(), new, "quote", "quote_single" if single else "quote_word"))
    return out


# --- safe rewrites --------------------------------------------------------------------------------------------


def _safe_edits(s: _Sentence) -> list[_Edit]:
    """Every rewrite of ``s`` that keeps its facts (one edit each)."""
    text = s.text
    out: list[_Edit] = []
    figures = _figures(s)
    for f in figures:
        if f.word:
            if f.num.lower() in _SMALL_VALUE and not re.match(r"\s+(?:of|or|and|to)\b", text[f.end :]):
                out.append(_Edit(f.start, f.end, str(_SMALL_VALUE[f.num.lower()]), "safe", "number_word"))
            continue
        if f.pct:
            at = f.text.index(f.pct, f.text.index(f.num) + len(f.num))
            new_pct = " per cent" if f.pct == "%" else "%"
            out.append(_Edit(f.start, f.end, f.text[:at] + new_pct + f.text[at + len(f.pct) :], "safe", "percent"))
        if f.sa or f.sw:
            at = f.text.index(f.num) + len(f.num)
            if f.sa:
                full = {"bn": " billion", "m": " million", "tn": " trillion"}[f.sa]
                new = f.text[:at] + full + f.text[at + len(f.sa) :]
                out.append(_Edit(f.start, f.end, new, "safe", "scale_word"))
            elif f.sw in ("million", "billion", "trillion"):
                short = {"million": "m", "billion": "bn", "trillion": "tn"}[f.sw]
                tail = f.text[at:]
                new = f.text[:at] + tail.replace(" " + f.sw, short, 1)
                out.append(_Edit(f.start, f.end, new, "safe", "scale_word"))
        if f.bare and re.fullmatch(r"\d+", f.num) and 2 <= int(f.num) <= 12:
            after = text[f.end :]
            if re.match(r"\s+[A-Za-z]", after) and not re.match(r"\s+(?:of|or|and|to)\b", after):
                word = _SMALL[int(f.num) - 2]
                out.append(_Edit(f.start, f.end, word.capitalize() if f.start == 0 else word, "safe", "number_word"))
        m = _qualifier_at(s, f)
        if m is None:
            continue
        qual = " ".join(m.group("qual").lower().split())
        for name, pairs in _SAFE_WORD_PAIRS.items():
            if qual in pairs:
                new = _case_like(m.group("qual"), pairs[qual])
                out.append(_Edit(m.start(), m.end("qual"), new, "safe", name))
        if qual in ("up to", "as many as", "as much as"):
            other = "up to" if qual != "up to" else ("as many as" if f.bare or f.word else "as much as")
            out.append(_Edit(m.start(), m.end("qual"), _case_like(m.group("qual"), other), "safe", "up_to"))
    for m in re.finditer(r"(?<![\w\-])([Tt]he) (United States|U\.S\.)(?![\w\-’'])", text):
        if _inside(s.quoted, m.start(), m.end()):
            continue
        if m.group(2) == "United States":
            if text[m.end() : m.end() + 1] == "." and m.end() + 1 == len(text):
                continue  # "… the U.S.." would need the full stop merged; leave sentence ends alone
            out.append(_Edit(m.start(), m.end(), f"{m.group(1)} U.S.", "safe", "united_states"))
        else:
            if m.end() == len(text):
                continue  # the abbreviation's full stop ends the sentence
            out.append(_Edit(m.start(), m.end(), f"{m.group(1)} United States", "safe", "united_states"))
    return [e for e in out if not _inside(s.quoted, e.start, e.end)]


# --- the generator --------------------------------------------------------------------------------------------

_PLANTERS: dict[str, Callable[[_Sentence, random.Random, _Article], list[_Edit]]] = {
    "figure": lambda s, r, a: _figure_edits(s, r),
    "qualifier": lambda s, r, a: _qualifier_edits(s, r),
    "scale": lambda s, r, a: _scale_edits(s, r),
    "weekday": lambda s, r, a: _weekday_edits(s, r),
    "day": lambda s, r, a: _day_edits(s, r),
    "year": lambda s, r, a: _year_edits(s, r),
    "misspelling": _misspelling_edits,
    "surname_swap": _surname_swap_edits,
    "quote_word": _quote_edits,
    "quote_single": lambda s, r, a: _quote_edits(s, r, a, single=True),
}


def _apply(text: str, e: _Edit) -> str:
    return text[: e.start] + e.replacement + text[e.end :]


def _keeps_boundaries(s: _Sentence, e: _Edit) -> bool:
    return split_sentences(_apply(s.text, e)) == [_apply(s.text, e)]


def plant_copy(
    doc: Document,
    seed: int,
    *,
    discrepancies: tuple[int, int] = (1, 3),
    safe: tuple[int, int] = (1, 3),
    kinds: Sequence[str] = KINDS,
    copy_id: str | None = None,
) -> PlantedCopy:
    """An edited copy of ``doc`` with planted discrepancies and safe rewrites.

    Parameters
    ----------
    doc
        A real article; it is not modified.
    seed
        Everything is determined by it.
    discrepancies, safe
        Inclusive ranges for how many discrepancies and safe rewrites to
        plant (fewer when the article has too few suitable sentences).
    kinds
        Kinds of discrepancy to plant (see :data:`KINDS`).  A kind is drawn
        first (uniformly among those with a suitable sentence left), then an
        edit of that kind, then a sentence, so that rare kinds are not
        crowded out.
    copy_id
        Id of the copy; ``"copy/<seed>/<doc.id>"`` by default.

    Returns
    -------
    PlantedCopy
        The copy (same paragraphs, title, outlet and publication date as the
        original, one edit in each edited sentence) and the gold edits, in
        sentence order.
    """
    rng = random.Random(f"{seed}:{doc.id}")
    art = _read(doc)
    candidates: dict[str, dict[int, list[_Edit]]] = {}
    for kind in kinds:
        for edit in EDITS[kind]:
            per_sentence: dict[int, list[_Edit]] = {}
            for s in art.sentences:
                found = [e for e in _PLANTERS[edit](s, rng, art) if _keeps_boundaries(s, e)]
                if found:
                    per_sentence[s.index] = found
            candidates[edit] = per_sentence
    safe_candidates: dict[int, list[_Edit]] = {}
    for s in art.sentences:
        found = [e for e in _safe_edits(s) if _keeps_boundaries(s, e)]
        if found:
            safe_candidates[s.index] = found

    used: set[int] = set()
    chosen: dict[int, _Edit] = {}
    for _ in range(rng.randint(*discrepancies)):
        open_edits = {
            edit: [i for i in per if i not in used] for edit, per in candidates.items()
        }
        open_kinds = [k for k in kinds if any(open_edits.get(e) for e in EDITS[k])]
        if not open_kinds:
            break
        kind = rng.choice(open_kinds)
        edit = rng.choice([e for e in EDITS[kind] if open_edits.get(e)])
        i = rng.choice(open_edits[edit])
        chosen[i] = rng.choice(candidates[edit][i])
        used.add(i)
    for _ in range(rng.randint(*safe)):
        open_sentences = [i for i in safe_candidates if i not in used]
        if not open_sentences:
            break
        i = rng.choice(open_sentences)
        by_edit: dict[str, list[_Edit]] = {}
        for e in safe_candidates[i]:
            by_edit.setdefault(e.edit, []).append(e)
        chosen[i] = rng.choice(by_edit[rng.choice(sorted(by_edit))])
        used.add(i)

    paragraphs = list(art.paragraphs)
    shift: dict[int, int] = {}
    gold: list[PlantedEdit] = []
    for s in art.sentences:  # in order, so that offsets in a paragraph shift correctly
        if s.index not in chosen:
            continue
        e = chosen[s.index]
        para = paragraphs[s.paragraph]
        at = s.offset + shift.get(s.paragraph, 0)
        new_sentence = _apply(s.text, e)
        paragraphs[s.paragraph] = para[:at] + new_sentence + para[at + len(s.text) :]
        shift[s.paragraph] = shift.get(s.paragraph, 0) + len(new_sentence) - len(s.text)
        gold.append(PlantedEdit(s.index, e.kind, e.edit, s.text[e.start : e.end], e.replacement, e.start))
    copy = Document(
        id=copy_id or f"copy/{seed}/{doc.id}",
        paragraphs=paragraphs,
        title=doc.title,
        outlet=doc.outlet,
        date=doc.date,
        url=None,
        author=doc.author,
        agency=doc.agency,
        date_source=doc.date_source,
    )
    expected = [s.text for s in art.sentences]
    for g in gold:
        undo = _Edit(g.start, g.start + len(g.original), g.planted, g.kind, g.edit)
        expected[g.sentence] = _apply(expected[g.sentence], undo)
    if copy.sentences != expected:  # pragma: no cover - a boundary moved in paragraph context
        raise RuntimeError(f"planting into {doc.id!r} with seed {seed} moved a sentence boundary")
    return PlantedCopy(
        original=doc,
        copy=copy,
        discrepancies=[g for g in gold if g.kind != "safe"],
        safe=[g for g in gold if g.kind == "safe"],
    )


# --- scoring --------------------------------------------------------------------------------------------------


@dataclass
class CopyOutcome:
    """What the pipeline reported for one planted copy, matched against the gold."""

    planted: PlantedCopy
    found: list[bool]  # per planted discrepancy
    reported: list[Discrepancy]
    matched: list[bool]  # per reported discrepancy: same kind as a planted one, in its sentence
    on_safe: list[bool]  # per reported discrepancy: in a sentence with only a safe rewrite
    seconds: float = 0.0


def _copy_side(d: Discrepancy, copy_id: str) -> tuple[int | None, str]:
    if d.a == copy_id:
        return d.a_sentence, d.a_text
    return d.b_sentence, d.b_text


def _covers(d: Discrepancy, copy: Document, sentence: int) -> bool:
    """Whether ``d`` reports on copy sentence ``sentence`` (alone, or inside a merged link)."""
    index, text = _copy_side(d, copy.id)
    if index == sentence:
        return True
    own = copy.sentences[sentence]
    return index is not None and len(text) > len(own) and own in text


def score_copy(
    planted: PlantedCopy, *, analyse: Callable[[Sequence[Document]], ScanResult] | None = None
) -> CopyOutcome:
    """Run the pipeline on the original and the copy and match its findings with the gold.

    A planted discrepancy is found when a reported discrepancy between the
    two documents has its kind and covers its sentence of the copy.  A
    reported discrepancy is matched when it is such a finding; one that
    covers a sentence that only got a safe rewrite is counted in
    ``on_safe``.

    Parameters
    ----------
    planted
        From :func:`plant_copy`.
    analyse
        The pipeline; :func:`dedup.run.pipeline.analyse_documents` by default.
    """
    if analyse is None:
        from dedup.api import analyse_documents

        analyse = analyse_documents
    t = time.perf_counter()
    result = analyse([planted.original, planted.copy])
    seconds = time.perf_counter() - t
    ids = {planted.original.id, planted.copy.id}
    reported = [d for d in result.discrepancies if {d.a, d.b} == ids]
    found = [
        any(d.kind == g.kind and _covers(d, planted.copy, g.sentence) for d in reported) for g in planted.discrepancies
    ]
    matched = [
        any(d.kind == g.kind and _covers(d, planted.copy, g.sentence) for g in planted.discrepancies) for d in reported
    ]
    on_safe = [any(_covers(d, planted.copy, g.sentence) for g in planted.safe) for d in reported]
    return CopyOutcome(planted, found, reported, matched, on_safe, seconds)


@dataclass
class KindScore:
    """Counts for one kind (or one edit) of planted discrepancy."""

    planted: int = 0
    found: int = 0
    reported: int = 0
    matched: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.reported if self.reported else 1.0


@dataclass
class PlantScores:
    """Recall, precision and safe rewrites reported over many planted copies.

    ``by_kind`` counts planted and found discrepancies per kind, and
    reported and matched discrepancies per kind the pipeline gave them;
    ``by_edit`` counts planted and found per edit; ``safe_by_edit`` the
    safe rewrites planted and reported per rewrite.  ``misses`` and
    ``false_reports`` keep the failing cases for the report.
    """

    copies: int = 0
    by_kind: dict[str, KindScore] = field(default_factory=dict)
    by_edit: dict[str, KindScore] = field(default_factory=dict)
    safe_by_edit: dict[str, KindScore] = field(default_factory=dict)
    safe_planted: int = 0
    safe_reported: int = 0
    misses: list[tuple[PlantedCopy, PlantedEdit]] = field(default_factory=list)
    false_reports: list[tuple[PlantedCopy, Discrepancy, bool]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def planted(self) -> int:
        return sum(k.planted for k in self.by_kind.values())

    @property
    def found(self) -> int:
        return sum(k.found for k in self.by_kind.values())

    @property
    def reported(self) -> int:
        return sum(k.reported for k in self.by_kind.values())

    @property
    def matched(self) -> int:
        return sum(k.matched for k in self.by_kind.values())

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.reported if self.reported else 1.0

    def add(self, outcome: CopyOutcome) -> None:
        """Count one scored copy."""
        self.copies += 1
        self.seconds += outcome.seconds
        p = outcome.planted
        for g, ok in zip(p.discrepancies, outcome.found):
            for table, key in ((self.by_kind, g.kind), (self.by_edit, g.edit)):
                score = table.setdefault(key, KindScore())
                score.planted += 1
                score.found += ok
            if not ok:
                self.misses.append((p, g))
        for d, ok, safe in zip(outcome.reported, outcome.matched, outcome.on_safe):
            score = self.by_kind.setdefault(d.kind, KindScore())
            score.reported += 1
            score.matched += ok
            if not ok:
                self.false_reports.append((p, d, safe))
        self.safe_planted += len(p.safe)
        for g in p.safe:
            score = self.safe_by_edit.setdefault(g.edit, KindScore())
            score.planted += 1
            hits = sum(s and _covers(d, p.copy, g.sentence) for d, s in zip(outcome.reported, outcome.on_safe))
            score.reported += hits
        self.safe_reported += sum(outcome.on_safe)


def evaluate_planted(
    articles: Sequence[Document],
    *,
    copies: int = 40,
    seed: int = 0,
    discrepancies: tuple[int, int] = (1, 3),
    safe: tuple[int, int] = (1, 3),
    analyse: Callable[[Sequence[Document]], ScanResult] | None = None,
) -> PlantScores:
    """Plant ``copies`` edited copies of every article and score the pipeline on each pair.

    Parameters
    ----------
    articles
        Real articles (with publication dates, so that weekdays resolve).
    copies
        Copies per article; copy ``k`` of every article uses seed
        ``seed * 100_003 + k``.
    seed, discrepancies, safe
        See :func:`plant_copy`.
    analyse
        The pipeline; :func:`dedup.run.pipeline.analyse_documents` by default.

    Returns
    -------
    PlantScores
    """
    scores = PlantScores()
    for doc in articles:
        for k in range(copies):
            planted = plant_copy(doc, seed * 100_003 + k, discrepancies=discrepancies, safe=safe)
            scores.add(score_copy(planted, analyse=analyse))
    return scores
