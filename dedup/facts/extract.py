"""The facts dedup reads in a text: quantities, dates, names and quotes.

:func:`extract_facts` returns, for every sentence, the claims that can be
compared across copies:

``quantity``
    an interval with a unit and a subject (:mod:`dedup.facts.quantities`);
``date``
    absolute dates, weekdays resolved against the publication date
    ("Tuesday (14 December)"), relative days ("yesterday", "last week"),
    years, decades and clock times;
``entity``
    names of people (with titles), organisations, places, nationalities;
    a capitalised dictionary word in the middle of a sentence ("the Finish
    President") counts as a name, so that a misspelt name is not hidden;
``quote``
    the quoted words and who said them.

Examples
--------
>>> facts = extract_facts('Putin said on Tuesday that up to 100,000 troops "will not attack".',
...                       published="2021-12-08")
>>> [(f.kind, f.text) for f in facts]
[('entity', 'Putin'), ('date', 'Tuesday'), ('quantity', 'up to 100,000 troops'), ('quote', '"will not attack"')]
>>> [f for f in facts if f.kind == "date"][0].date
'2021-12-07'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from dedup.facts.quantities import Quantity, find_quantities
from dedup.lexicon import COMMON_WORD, MONTHS, WEEKDAYS, english_stop_words, english_word_share, in_either_number
from dedup.model import reference_day
from dedup.segment import split_sentences

__all__ = [
    "TITLE_WORDS", "DateFact", "EntityFact", "Fact", "QuoteFact", "capitalised_inside", "extract_facts",
    "facts_by_sentence", "sentence_facts",
]

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

_DATE_PATTERNS = [
    # Tuesday (14 December) / Tuesday, December 14, 2021
    (
        "weekday_date",
        re.compile(
            rf"\b(?P<wd>{_WEEKDAY_RE})\s*(?:\(\s*|,\s*)(?:(?P<d1>{_DAY})\s+(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+"
            rf"(?P<d2>{_DAY}))(?:,?\s+(?P<y>(?:19|20)\d\d))?\s*\)?",
            re.IGNORECASE,
        ),
    ),
    ("mdy", re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("month_year", re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?P<wd>{_WEEKDAY_RE})(?:'s)?\b", re.IGNORECASE)),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>yesterday|today|tomorrow|tonight|last\s+(?:week|month|year|night)|next\s+(?:week|month|"
            r"year)|this\s+(?:week|month|year|morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
    ),
    ("decade", re.compile(r"\b(?P<dec>(?:18|19|20)\d0)s\b|\b'(?P<dec2>\d0)s\b")),
    (
        "year",
        re.compile(
            r"\b(?:in|since|by|from|until|till|of|during|before|after|early|late|mid-?|the|a)\s+(?P<yr>(?:18|19|20)\d\d)\b"
            r"|\b(?P<yr2>(?:18|19|20)\d\d)(?=\s+(?:treaty|election|elections|agreement|accord|war|census|"
            r"budget|deal|law|act|olympics|games|world\s+cup|season|summit))",
            re.IGNORECASE,
        ),
    ),
    (
        "time",
        re.compile(r"\b(?P<t>\d{1,2}(?::\d\d)?\s*(?:[ap]\.m\.|[ap]m\b)|\d{1,2}:\d\d(?:\s*(?:GMT|UTC|BST|CET))?)", re.I),
    ),
]
_FUTURE = re.compile(
    r"\b(?:will|due\s+to|is\s+to|are\s+to|next|expected|scheduled|plans?\s+to|set\s+to|shall|would\s+hold)\b", re.I
)

_PAST = re.compile(r"\b(?:said|told|announced|met|held|spoke|added|warned|was|were|had|did)\b", re.I)

_TITLES = (
    r"President|Prime\s+Minister|Minister|Chancellor|Secretary|Senator|Sen\.|Rep\.|Governor|Gov\.|Mayor|King|Queen|"
    r"Prince|Princess|Pope|General|Gen\.|Colonel|Col\.|Captain|Capt\.|Judge|Justice|Ambassador|Spokesman|"
    r"Spokeswoman|Spokesperson|Director|Chairman|Chairwoman|Chief|Commissioner|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?|"
    r"Sir|Dame|Lord|Lady|Leader|Deputy|Foreign\s+Minister|Defence\s+Minister|Defense\s+Minister"
)
# A name's word: initials ("U.S."), a capital and small letters, with capitals inside too ("McDonald", "PlayStation",
# "GlaxoSmithKline", "JPMorgan", "O'Brien", "iPhone": each capital starting small letters again), capitals ("NATO"),
# an initial.
_NAME_WORD = (
    r"(?:(?:[A-Z]\.){2,}"
    r"|(?:[A-Z]+(?=[A-Z][a-zà-ÿ]{2})|[A-Z][’'](?=[A-Z])|\b[a-z](?=[A-Z][a-zà-ÿ]))?[A-Z][a-zà-ÿ’'-]*[a-zà-ÿ](?:[’']?[A-Z][a-zà-ÿ’'-]*[a-zà-ÿ])*"
    r"|[A-Z]{2,}|[A-Z]\.)"
)
_NAME_RE = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:de|van|von|der|al|bin|da|di|la|le)\s+)?{_NAME_WORD})*")
_TITLE_RE = re.compile(rf"\b(?:{_TITLES})\s*$")
_DEMONYM_SUFFIX = re.compile(r"(?:ian|ish|ese|ean|i)$")
_DEMONYMS_AN = frozenset(
    "American German Korean Mexican African Cuban Moroccan Venezuelan Chilean Kenyan Ugandan Tanzanian Afghan "
    "Puerto Dominican Jamaican Haitian Nicaraguan Guatemalan Salvadoran Rwandan Zambian Angolan Cameroonian "
    "Tibetan Sri Lankan Slovak Czech Greek Dutch Swiss French Thai Filipino Latvian Catalan Basque".split()
)
_ORG_WORDS = re.compile(
    r"\b(?:Ministry|Agency|Council|Research|Inc|Ltd|Corp|Corporation|Company|Party|Union|Bank|University|Group|"
    r"Committee|Commission|Department|Office|Institute|Foundation|Association|Organisation|Organization|Times|"
    r"News|Post|Press|Reuters|AFP|NATO|UN|EU|Kremlin|Pentagon|Congress|Parliament|Senate|Assembly|Court|Army|"
    r"Navy|Force|Forces|Police|Service|Services|Fund|Federation|Alliance|Network|Media|Television|Radio)\b"
)
_NOT_NAME = frozenset(
    "The A An In On At As It He She They We I But And Or If So This That These Those There Here When While After "
    "Before Since For From With Without By Of To His Her Its Their Our Your My Last Next One Two Three Four Five "
    "Meanwhile However Still Yet Also Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February "
    "March April May June July August September October November December Mr Mrs Ms Dr What Who Why How Where "
    "Which Is Are Was Were Do Does Did Not No Yes Some Many Most All Both Each Every Such Then Than Now Even "
    "Just Only According Despite Following During Under Over Between Among Against Into Through Obviously "
    "Sometimes You Don't Let Is".split()
)
# Curly quotes pair by themselves; a straight quote opens only after a start, space or bracket and
# before a non-space, and closes after a non-space (so "...trusted," Putin said, adding that "..."
# does not read the narration between two quotations as a quote). A quotation that opens and runs to the end
# of the sentence without closing is one that goes on in the next sentence or paragraph (news style leaves a
# quoted paragraph open when the quote continues): its words up to the end are quoted too.
_QUOTE_RE = re.compile(
    r"“(?P<q1>[^”]{2,})”|(?:(?<=^)|(?<=[\s(\[—–-]))\"(?P<q2>[^\"\s](?:[^\"]*[^\"\s])?)\"(?=$|[\s,.;:!?)\]—–-])"
    r"|“(?P<q3>[^”“\"]{2,})$|(?:(?<=^)|(?<=[\s(\[—–-]))\"(?P<q4>[^\"“”\s][^\"“”]*)$"
)
_SAID = r"(?:said|says|told|added|asked|wrote|stated|declared|warned|insisted|noted|explained|argued|claimed|tweeted)"
_REPORTED = re.compile(rf"[,.!?]\s+(?:\w+\s+){{0,4}}{_SAID}\b")
_SPEAKER_AFTER = re.compile(
    rf"^[\s,—–-]*(?:(?P<v1>{_SAID})\s+(?P<s1>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}}|he|she|they)"
    rf"|(?P<s2>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}}|[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+(?P<v2>{_SAID}))"
)
_SPEAKER_BEFORE = re.compile(
    rf"(?P<s>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){{0,3}}|[Hh]e|[Ss]he|[Tt]hey|"
    rf"(?:[Tt]he|[Aa]n?)\s+(?:[a-z]+\s+){{0,2}}[a-z]+)\s+(?P<v>{_SAID})"
    rf"(?:\s+\w+){{0,6}}?[\s,:]*$"
)
_PRONOUNS = frozenset({"he", "she", "they", "it"})


@dataclass(frozen=True)
class Fact:
    """Base of every fact: its kind, the exact text and where it is."""

    kind: str
    text: str
    start: int = 0
    end: int = 0
    sentence: int = 0

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class DateFact(Fact):
    """A date or time; ``date`` is ISO 8601 when it could be resolved."""

    date: str | None = None
    granularity: str = "day"  # day, month, year, decade, weekday, relative, time
    weekday: str | None = None
    resolved_from: str | None = None  # "text", "publication date"

    def record(self) -> dict[str, Any]:
        return {
            **super().record(),
            "date": self.date,
            "granularity": self.granularity,
            "weekday": self.weekday,
            "resolved_from": self.resolved_from,
        }


@dataclass(frozen=True)
class EntityFact(Fact):
    """A name: ``type`` is person, organisation, place, nationality or name."""

    name: str = ""
    type: str = "name"

    def record(self) -> dict[str, Any]:
        return {**super().record(), "name": self.name, "type": self.type}


@dataclass(frozen=True)
class QuoteFact(Fact):
    """Quoted words and who said them (``None`` when nobody is named)."""

    quote: str = ""
    speaker: str | None = None

    def record(self) -> dict[str, Any]:
        return {**super().record(), "quote": self.quote, "speaker": self.speaker}


@dataclass(frozen=True)
class QuantityFact(Fact):
    """A quantity claim located in a text (wraps :class:`dedup.facts.quantities.Quantity`)."""

    quantity: Quantity | None = None

    def record(self) -> dict[str, Any]:
        q = self.quantity.record() if self.quantity else {}
        return {**super().record(), **{k: v for k, v in q.items() if k not in ("start", "end", "text", "kind")}}

    def __getattr__(self, name: str) -> Any:  # low, high, unit, subject... straight from the quantity
        quantity = object.__getattribute__(self, "quantity")
        if quantity is not None and hasattr(quantity, name):
            return getattr(quantity, name)
        raise AttributeError(name)


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """A date written without a year belongs to the year that puts it nearest the publication date."""
    if published is None:
        return None
    best = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        gap = abs((cand - published).days)
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else None


def _resolve_weekday(weekday: int, published: date, future: bool) -> date:
    delta = (weekday - published.weekday()) % 7
    if future:
        return published + timedelta(days=delta if delta else 0)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back)


def _is_future(sentence: str, at: int) -> bool:
    """Whether the clause around a weekday speaks of the future ("is due to meet ... on Thursday")."""
    window = sentence[max(0, at - 60) : at]
    cues = list(_FUTURE.finditer(window))
    if not cues:
        return False
    return not _PAST.search(window[cues[-1].end() :])


def _dates(sentence: str, index: int, published: date | None) -> list[DateFact]:
    out: list[DateFact] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            s, e = m.start(), m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            text = sentence[s:e].strip().rstrip(",")
            iso: str | None = None
            gran = "day"
            weekday: str | None = None
            source = "text"
            gd = m.groupdict()
            try:
                if name in ("weekday_date", "mdy", "dmy", "iso"):
                    month_s = gd.get("m") or gd.get("m1") or gd.get("m2")
                    day_s = gd.get("d") or gd.get("d1") or gd.get("d2")
                    month = int(gd["mn"]) if gd.get("mn") else MONTHS[month_s.lower().rstrip(".")]  # type: ignore[union-attr]
                    day = int(re.sub(r"\D", "", day_s or ""))
                    year = int(gd["y"]) if gd.get("y") else _year_for(month, day, published)
                    if gd.get("wd"):
                        weekday = gd["wd"].capitalize()
                    if year is not None:
                        iso = date(year, month, day).isoformat()
                        if not gd.get("y"):
                            source = "publication date"
                    else:
                        iso = None
                elif name == "month_year":
                    gran = "month"
                    iso = f"{int(gd['y']):04d}-{MONTHS[gd['m'].lower().rstrip('.')]:02d}"
                elif name == "weekday":
                    gran = "weekday"
                    weekday = gd["wd"].capitalize()
                    if published is not None:
                        future = _is_future(sentence, m.start())
                        iso = _resolve_weekday(WEEKDAYS[gd["wd"].lower()], published, future).isoformat()
                        source = "publication date"
                elif name == "relative":
                    gran = "relative"
                    rel = " ".join(gd["rel"].lower().split())
                    if published is not None:
                        offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}
                        if rel in offsets:
                            iso = (published + timedelta(days=offsets[rel])).isoformat()
                            gran = "day"
                        elif rel == "last week":
                            iso = (published - timedelta(days=7)).isoformat()
                        elif rel == "next week":
                            iso = (published + timedelta(days=7)).isoformat()
                        source = "publication date"
                elif name == "decade":
                    gran = "decade"
                    iso = gd["dec"] or (f"19{gd['dec2']}" if gd.get("dec2") else None)
                elif name == "year":
                    gran = "year"
                    iso = gd.get("yr") or gd.get("yr2")
                    s = m.start("yr") if gd.get("yr") else m.start("yr2")
                    e = s + 4
                    text = sentence[s:e]
                elif name == "time":
                    gran = "time"
                    iso = None
            except (ValueError, KeyError, TypeError):
                continue
            taken.append((s, e))
            out.append(DateFact("date", text, s, e, index, iso, gran, weekday, source if iso else None))
    return out


def _entity_type(name: str, title: str | None, sentence: str, start: int) -> str:
    if title:
        return "person"
    after = sentence[start + len(name) : start + len(name) + 12]
    if re.match(rf"\s+{_SAID}\b", after) and not _ORG_WORDS.search(name):
        return "person"
    if _ORG_WORDS.search(name):
        return "organisation"
    words = name.split()
    if (
        len(words) == 1
        and name[0].isupper()
        and not name.isupper()
        and (name in _DEMONYMS_AN or (_DEMONYM_SUFFIX.search(name) and not name.endswith(("ski", "chi", "ini"))))
    ):
        return "nationality"
    if re.search(r"\b(?:in|to|from|near|across|at)\s+(?:the\s+)?$", sentence[max(0, start - 12) : start]):
        return "place"
    if words[0] in _PLACE_FIRST or words[-1] in _PLACE_LAST:
        return "place"
    if len(words) >= 2 and all(w[0].isupper() and w[1:].islower() for w in words if len(w) > 1):
        return "person"
    return "name"


_PLACE_FIRST = frozenset(
    "United New North South East West Central Saint St San Santa Los Las Hong Sri Saudi European Middle Far Great "
    "Upper Lower Black Red Baltic Persian Cold White".split()
)
_PLACE_LAST = frozenset(
    "States Kingdom Republic Union Nations Street Square House Sea Ocean River Island Islands City County Region "
    "Province State Valley Mountains Bay Gulf Strait War Coast Peninsula Airport Station Bridge Park".split()
)


TITLE_WORDS = frozenset(
    "President Minister Chancellor Secretary Senator Governor Mayor King Queen Prince Princess Pope General "
    "Colonel Captain Judge Justice Ambassador Spokesman Spokeswoman Spokesperson Director Chairman Chairwoman "
    "Chief Commissioner Leader Deputy Prime Foreign Defence Defense Mr Mrs Ms Dr Prof Sir Dame Lord Lady".split()
)


def _clean_word(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _entities(sentence: str, index: int) -> list[EntityFact]:
    out = []
    for m in _NAME_RE.finditer(sentence):
        # Split the run at function words ("Orban Tuesday", "It’s") and clean possessives.
        pieces: list[list[tuple[str, int]]] = [[]]
        pos = m.start()
        for raw in m.group().split():
            at = sentence.index(raw, pos)
            pos = at + len(raw)
            word = _clean_word(raw)
            if word.rstrip(".") in _NOT_NAME or word in _NOT_NAME:
                pieces.append([])
            else:
                pieces[-1].append((word, at))
        for piece in pieces:
            if not piece:
                continue
            # "Russia’s Foreign Minister Sergey Lavrov": the person follows the last title word.
            title_at = max((k for k, (w, _) in enumerate(piece) if w.rstrip(".") in TITLE_WORDS), default=-1)
            if 0 <= title_at < len(piece) - 1:
                lead = [p for p in piece[:title_at] if p[0].rstrip(".") not in TITLE_WORDS]
                titles = piece[: title_at + 1]
                first_title = next(k for k, (w, _) in enumerate(titles) if w.rstrip(".") in TITLE_WORDS)
                person = piece[title_at + 1 :]
                name = " ".join(w for w, _ in person)
                start = titles[first_title][1]
                end = person[-1][1] + len(person[-1][0])
                out.append(EntityFact("entity", sentence[start:end], start, end, index, name, "person"))
                piece = lead[:first_title] if first_title <= len(lead) else lead
                if not piece:
                    continue
            name = " ".join(w for w, _ in piece)
            s = piece[0][1]
            lowered = name.lower()
            end = piece[-1][1] + len(piece[-1][0])
            acronym = len(name) > 1 and name.isupper() and bool(re.match(r"\S*\s+[a-z]", sentence[end : end + 24]))
            if s == 0 and len(piece) == 1 and not acronym and (
                lowered in _COMMON_SENTENCE_STARTS or lowered in english_stop_words()
            ):  # "It", "However"; not "US officials" or "IT spending" (but "THE 1987 BUDGET" and "IN 1986")
                continue
            if len(name) < 2 or name.rstrip(".") in TITLE_WORDS:
                continue
            kind = _entity_type(name, None, sentence, s)
            out.append(EntityFact("entity", sentence[s:end], s, end, index, name, kind))
    out.sort(key=lambda e: e.start)
    return out



_COMMON_SENTENCE_STARTS = frozenset(
    "following pointing stressing nonetheless meanwhile however still last putin's".split()
)


def _quotes(
    sentence: str, index: int, persons: Sequence[tuple[int, str]], last_person: str | None
) -> list[QuoteFact]:
    """The quotations of a sentence and who said them; "he said" is the last person named before the quote
    (in this sentence, else ``last_person``), never one named inside it."""
    out = []
    for m in _QUOTE_RE.finditer(sentence):
        inner = (m.group("q1") or m.group("q2") or m.group("q3") or m.group("q4") or "").strip()
        if not re.search(r"[^\W\d_]{2,}", inner):
            continue
        if (m.group("q3") or m.group("q4")) and _REPORTED.search(inner):
            continue  # an open mark before "..., the minister told reporters": a stray or mismatched mark
        speaker: str | None = None
        after = _SPEAKER_AFTER.match(sentence[m.end() : m.end() + 80])
        if after:
            speaker = after.group("s1") or after.group("s2")
        else:
            before = _SPEAKER_BEFORE.search(sentence[max(0, m.start() - 120) : m.start()])
            if before:
                speaker = before.group("s")
        if speaker:
            speaker = re.sub(r"^(?:the|an?)\s+", "", speaker.strip(), flags=re.I)
            if speaker.lower() in _PRONOUNS:
                named = [name for start, name in persons if start < m.start()]
                speaker = named[-1] if named else last_person
        out.append(QuoteFact("quote", m.group(), m.start(), m.end(), index, inner, speaker))
    return out


def sentence_facts(
    sentence: str, *, index: int = 0, published: str | date | None = None, last_person: str | None = None
) -> list[Fact]:
    """Facts of one sentence (see :func:`extract_facts`)."""
    # no anchor for relative dates at the calendar's ends (a placeholder 0001-01-01): a week back would leave it
    pub = reference_day(date.fromisoformat(published) if isinstance(published, str) else published)
    facts: list[Fact] = []
    dates = _dates(sentence, index, pub)
    facts.extend(dates)
    date_spans = [(d.start, d.end) for d in dates]
    for q in find_quantities(sentence):
        if any(a < q.end and q.start < b for a, b in date_spans if q.start >= a):
            continue
        facts.append(QuantityFact("quantity", q.text, q.start, q.end, index, q))
    entities = [e for e in _entities(sentence, index) if not any(d.start <= e.start < d.end for d in dates)]
    facts.extend(entities)
    persons = [(e.start, e.name) for e in entities if e.type == "person"]
    facts.extend(_quotes(sentence, index, persons, last_person))
    facts.sort(key=lambda f: (f.start, f.kind))
    return facts


def facts_by_sentence(
    sentences: Sequence[str], *, published: str | date | None = None, also_inside: frozenset[str] = frozenset()
) -> list[list[Fact]]:
    """Facts of each sentence, in order; a quote's "he said" resolves to the last person named before it.

    A sentence's first word is capitalised whatever it is: alone, an English word there ("Shares rose",
    "Mixed reaction to ...") is a name only where the text capitalises it inside a sentence too ("Bush" with
    "President Bush" elsewhere, or in ``also_inside``: the words the article of a headline capitalises there).

    Examples
    --------
    >>> [[f.text for f in s] for s in facts_by_sentence(["Shares rose in Tokyo.", "Mixed reaction to the offer"])]
    [['Tokyo'], []]
    >>> [[f.text for f in s] for s in facts_by_sentence(["Bush spoke.", "President Bush left.", "Capriati won."])]
    [['Bush'], ['President Bush'], ['Capriati']]
    """
    out: list[list[Fact]] = []
    last_person: str | None = None
    inside = capitalised_inside(sentences) | also_inside
    for i, sentence in enumerate(sentences):
        found = sentence_facts(sentence, index=i, published=published, last_person=last_person)
        found = [f for f in found if not _opening_word(f, sentence, inside)]
        for f in found:
            if isinstance(f, EntityFact) and f.type == "person":
                last_person = f.name
        out.append(found)
    return out


_CAPITAL_WORD = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*")
_OPENING = " \t\"'“‘«([—–-"
_STARTS = "\"'“‘«—–-"  # after an opening quotation mark or a dateline's dash a new sentence starts


def capitalised_inside(sentences: Sequence[str]) -> frozenset[str]:
    """The capitalised words of ``sentences`` that stand inside a sentence: not first, nor first after a
    colon, an opening quotation mark (where a quoted sentence starts) or a dash ("LONDON, March 3 - Shares").

    Examples
    --------
    >>> sorted(capitalised_inside(["Shares of Ford rose.", 'He said: "Sales fell" in March.', 'So "Prices rose".']))
    ['Ford', 'March']
    >>> sorted(capitalised_inside(["LONDON, March 3 - Shares of Ford rose."]))
    ['Ford', 'March']
    """
    found: set[str] = set()
    for sentence in sentences:
        for m in _CAPITAL_WORD.finditer(sentence):
            window = sentence[max(0, m.start() - 16) : m.start()]  # enough to see the gap before the word
            before = window.rstrip(_OPENING)
            gap = window[len(before) :]
            if before and before[-1] not in ".!?:;" and not any(ch in _STARTS for ch in gap):
                found.add(_clean_word(m.group()).rstrip("."))
    return frozenset(found)


@lru_cache(maxsize=1)
def _listed_names() -> frozenset[str]:
    """The one-word names of ``data/names.tsv`` (parties and institutions: "Conservative", "Treasury")."""
    from dedup.facts.equivalence import data_rows

    return frozenset(form for _, forms in data_rows("names.tsv") for form in forms.split("|") if " " not in form)


def _opening_word(fact: Fact, sentence: str, inside: frozenset[str]) -> bool:
    """A one-word "name" that is only the capitalised first word of its sentence: an English word (at least
    :data:`COMMON_WORD` of running text, not in capitals) that the text never capitalises inside a sentence
    and no list names ("Conservative peer Lord Heseltine said ..." stays a name)."""
    if not isinstance(fact, EntityFact) or fact.type != "name" or " " in fact.name or fact.name.isupper():
        return False
    if fact.start > 16 or sentence[: fact.start].strip(_OPENING):
        return False  # not the sentence's first word
    name = fact.name
    if in_either_number(name, inside) or name in _listed_names():
        return False  # "Conservative" where the text has "the Conservatives", or names.tsv lists it
    if sentence[fact.end : fact.end + 2] in ("'s", "’s") or sentence[fact.start : fact.end].endswith(("'s", "’s")):
        return False  # "Apple's iPhone": whose, a name
    return english_word_share(fact.name) >= COMMON_WORD


def extract_facts(text: str, *, published: str | date | None = None) -> list[Fact]:
    """The facts dedup reads in a text, sentence by sentence.

    Parameters
    ----------
    text
        An article (paragraphs separated by blank lines) or a sentence.
    published
        Publication date (ISO string or ``date``); weekdays ("on Tuesday")
        and dates without a year are resolved against it.

    Returns
    -------
    list of Fact
        :class:`QuantityFact` (with ``low``, ``high``, ``low_closed``,
        ``high_closed``, ``unit``, ``subject``), :class:`DateFact`,
        :class:`EntityFact` and :class:`QuoteFact`, each with ``kind``,
        ``text`` and its ``sentence`` index.
    """
    sentences = [s for paragraph in re.split(r"\n\s*\n", text) for s in split_sentences(paragraph)]
    return [f for found in facts_by_sentence(sentences, published=published) for f in found]
