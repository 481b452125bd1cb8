"""Quantities as intervals: "up to 100,000 troops" is [0, 100000] troops.

A news figure is rarely a bare number.  Its qualifier says which interval
the outlet committed to, and that is what has to be compared:

=================================  ==================================
phrase                             interval
=================================  ==================================
``100,000`` / ``five``              [X, X]
``up to``, ``at most``,             [0, X]
``no more than``, ``as many as``
``over``, ``more than``, ``above``  (X, ∞)
``at least``, ``X or more``         [X, ∞)
``under``, ``fewer than``,          [0, X)
``less than``, ``below``
``between X and Y``, ``X–Y``,       [X, Y]
``X to Y``, ``from X to Y``
``about``, ``around``, ``some``,    [X(1-t), X(1+t)], vague
``roughly``, ``approximately``
``nearly``, ``almost``              [X(1-t), X], vague
``just over`` / ``just under``      (X, X(1+t)] / [X(1-t), X), vague
``tens of thousands``               [20000, 99999], vague
``hundreds``, ``dozens of``, ...    similar, vague
=================================  ==================================

``t`` is the ``tolerance`` option (10% by default).  Scales and currencies
are normalised: ``£800m`` = ``£800 million`` = 8e8 GBP; ``76%`` =
``76 per cent``.  Years, dates, clock times, phone numbers, scores
("won 6-4"), model names ("F-16", "G7") and reference numbers ("No. 10")
are not quantities.

Two claims about the same thing relate as **consistent** (same interval),
**refinement** (one inside the other, or a partial overlap where one side
is vague) or **conflict** (disjoint, or only touching).

Examples
--------
>>> [(q.text, q.low, q.high, q.subject) for q in find_quantities("Moscow has deployed up to 100,000 troops.")]
[('up to 100,000 troops', 0.0, 100000.0, 'troops')]
>>> a, = find_quantities("up to 100,000 troops")
>>> b, = find_quantities("over 100,000 Russian troops")
>>> relate(a, b)
'conflict'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["Quantity", "find_quantities", "relate", "same_subject"]

DEFAULT_TOLERANCE = 0.1

_WORD_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "one": 1, "a": 1, "an": 1,
}
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB"}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "gbp": "GBP", "euros": "EUR", "euro": "EUR", "eur": "EUR", "yen": "JPY", "rubles": "RUB", "roubles": "RUB",
    "rupees": "INR", "yuan": "CNY", "francs": "CHF",
}
# Vague amounts: (low, high) of the interval they stand for.
_VAGUE = [
    (r"hundreds\s+of\s+thousands", 2e5, 999_999),
    (r"tens\s+of\s+thousands", 2e4, 99_999),
    (r"hundreds\s+of\s+millions", 2e8, 999_999_999),
    (r"tens\s+of\s+millions", 2e7, 99_999_999),
    (r"(?<!tens of )(?<!hundreds of )millions", 2e6, 9_999_999),
    (r"billions", 2e9, 9_999_999_999),
    (r"(?<!tens of )(?<!hundreds of )thousands", 2e3, 9_999),
    (r"(?<!of )hundreds", 200, 999),
    (r"dozens", 24, 99),
    (r"a\s+dozen", 12, 12),
    (r"a\s+handful", 2, 6),
    (r"a\s+few", 2, 5),
    (r"several", 3, 9),
]

_Q_UPPER_CLOSED = r"up\s+to|as\s+many\s+as|as\s+much\s+as|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|a\s+max(?:imum)?\s+of|maximum\s+of"
_Q_LOWER_OPEN = r"more\s+than|over|above|in\s+excess\s+of|upwards\s+of|exceeding|greater\s+than|higher\s+than|north\s+of"
_Q_LOWER_CLOSED = r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|not\s+fewer\s+than|a\s+minimum\s+of|minimum\s+of"
_Q_UPPER_OPEN = r"under|fewer\s+than|less\s+than|below|lower\s+than|short\s+of"
_Q_NEAR_ABOVE = r"just\s+over|just\s+above|slightly\s+more\s+than|a\s+little\s+over|just\s+more\s+than"
_Q_NEAR_BELOW = r"just\s+under|just\s+below|slightly\s+less\s+than|just\s+short\s+of|a\s+little\s+under"
_Q_ALMOST = r"nearly|almost|close\s+to|not\s+quite|approaching"
_Q_ABOUT = r"about|around|some|roughly|approximately|approx\.?|an\s+estimated|estimated|circa|c\.|more\s+or\s+less|in\s+the\s+region\s+of|of\s+the\s+order\s+of|or\s+so"

_QUALIFIER = (
    rf"(?P<qual>(?:{_Q_NEAR_ABOVE})|(?:{_Q_NEAR_BELOW})|(?:{_Q_UPPER_CLOSED})|(?:{_Q_LOWER_CLOSED})|"
    rf"(?:{_Q_LOWER_OPEN})|(?:{_Q_UPPER_OPEN})|(?:{_Q_ALMOST})|(?:{_Q_ABOUT}))"
)

_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|one|an?)(?![a-z])"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_SCALE_ATTACHED = r"(?:bn|mn|mln|trn|tn|m|k|b)(?![a-z])"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)(?![a-z])"
_CUR_PRE = r"(?P<{name}>us\$|\$|£|€|¥|₹|₽)"

# One amount: optional currency sign, a number (digits or words), optional scale.
_AMOUNT = (
    r"(?:{cur}\s?)?(?:(?P<{d}>{digits})(?:\s?(?P<{sa}>{sattached})|\s(?P<{sw}>{sword}(?:\s{sword})?))?"
    r"|(?P<{w}>{word})(?:\s(?P<{sw2}>{sword}(?:\s{sword})?))?)"
)


def _amount(prefix: str) -> str:
    return _AMOUNT.format(
        cur=_CUR_PRE.format(name=f"{prefix}cur"),
        d=f"{prefix}d",
        digits=_DIGITS,
        sa=f"{prefix}sa",
        sattached=_SCALE_ATTACHED,
        sw=f"{prefix}sw",
        sword=_SCALE_WORD,
        w=f"{prefix}w",
        word=_NUM_WORD,
        sw2=f"{prefix}sw2",
    )


_RANGE_SEP = r"\s*(?:-|–|—|to|and)\s*"
_CANDIDATE = re.compile(
    rf"(?<![\w$£€¥.-])(?:(?P<between>between|from)\s+)?(?:{_QUALIFIER}\s+)?"
    rf"(?P<first>{_amount('a')})"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<second>{_amount('b')}))?"
    rf"(?P<pct>\s?(?:%|percentage\s+points?|per\s?cent|percent(?!age)|pc\b))?"
    rf"(?:\s(?P<curword>dollars|dollar|pounds|pound|sterling|euros|euro|yen|rubles|roubles|rupees|yuan|francs|usd|gbp|eur)\b)?"
    rf"(?P<suffix>\s+or\s+(?:more|above|over|fewer|less|so)\b|\+|-plus\b)?",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    rf"(?<![\w])(?:{_QUALIFIER}\s+)?(?P<vague>{'|'.join(p for p, _, _ in _VAGUE)})(?![\w])", re.IGNORECASE
)
_ORDINAL_RE = re.compile(
    rf"(?<![\w])(?P<ord>{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?P<noun>[a-z][a-z-]+)", re.IGNORECASE
)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Spans that contain numbers but are not quantities.
_NOT_QUANTITY = re.compile(
    rf"""(?ix)
      \b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b     # December 14(, 2021)
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?   # 14 December (2021)
    | \b\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?(?![\d])                        # 10:30, 3.30pm
    | \b\d{{1,2}}\s*[ap]\.m\.|\b\d{{1,2}}\s*[ap]m\b                            # 3 p.m., 10am
    | \+?\(?\d{{2,4}}\)?[\s.-]\d{{3,4}}[\s.-]\d{{3,5}}\b                        # phone numbers
    | \b\d{{3}}-\d{{4}}\b                                                        # 555-1234
    | \b(?:no|nos|number|article|section|chapter|page|pages|paragraph|clause|route|flight|room|
         grade|level|category|stage|phase|step|act|resolution|rule|item|exhibit|episode|season|
         volume|issue|version|week|day|round|game|match|district|gate|platform|line|term)\.?\s+\d+[a-z]?\b
    | [a-z][-/]?\d+(?:[-/]\d+)*                                                  # F-16, G7, COVID-19, MH17
    | \d+[a-z]*-[a-z]\w*                                                         # 9-year-old? handled below
    | \b\d{{4}}s\b|\b'\d0s\b|\b\d0s\b                                            # 1980s, '80s
    | \b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b                                 # 2014-2015, 2020/21
    """
)
_AGE = re.compile(r"\b(\d+)-(?:year|month|week|day)-old\b", re.IGNORECASE)
_SCORE_CONTEXT = re.compile(
    r"\b(?:won|win|wins|beat|beats|lost|lose|loses|defeated|drew|draw|lead|led|trail|score|scored|victory|defeat)\b",
    re.IGNORECASE,
)
_YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|by|from|until|till|of|early|late|mid|the|before|after|during|around|circa|year|summer|"
    r"winter|spring|autumn|fall|fiscal|season|class)\s*$",
    re.IGNORECASE,
)
_STOP_SUBJECT = frozenset(
    "the a an of to in on at by for with from and or but as that which who whom whose this these those it its "
    "their his her our your my is are was were be been being has have had do does did will would could should "
    "may might can must shall than then there here when where while after before since during over under about "
    "into onto upon across against along among around between per each every all some any no not more less "
    "most least such so very also just only still even yet".split()
)
_DETERMINERS = frozenset("the its their his her our your my these those this that of".split())
_SUBJECT_SYNONYMS = {
    "soldier": "troop", "serviceman": "troop", "servicemen": "troop", "troops": "troop", "force": "troop",
    "forces": "troop", "person": "people", "persons": "people", "individual": "people", "death": "dead",
    "deaths": "dead", "fatality": "dead", "fatalities": "dead", "live": "dead", "lives": "dead", "killed": "dead",
    "plane": "aircraft", "planes": "aircraft", "jet": "aircraft", "jets": "aircraft", "warplane": "aircraft",
    "warplanes": "aircraft", "aeroplane": "aircraft", "airplane": "aircraft", "job": "job", "worker": "worker",
}


@dataclass(frozen=True)
class Quantity:
    """A quantity claim: an interval with a unit and a subject.

    ``low``/``high`` are ``None`` when unbounded; ``unit`` is a currency
    code, ``"%"``, ``"pp"`` (percentage points), ``"ordinal"`` or ``None``
    for a plain count.  ``value`` is the phrase that carries the figure
    without its subject ("up to 100,000"); ``text`` includes the subject
    ("up to 100,000 troops").
    """

    text: str
    value: str
    low: float | None
    high: float | None
    low_closed: bool = True
    high_closed: bool = True
    unit: str | None = None
    subject: str | None = None
    head: str | None = None
    vague: bool = False
    qualifier: str | None = None
    start: int = 0
    end: int = 0
    modifiers: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "quantity"

    def record(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "low_closed": self.low_closed,
            "high_closed": self.high_closed,
            "unit": self.unit,
            "subject": self.subject,
            "vague": self.vague,
            "qualifier": self.qualifier,
            "start": self.start,
            "end": self.end,
        }

    def interval(self) -> str:
        """The interval in mathematical notation.

        Examples
        --------
        >>> find_quantities("over 13,000 lives")[0].interval()
        '(13000, ∞)'
        """

        def num(x: float | None, inf: str) -> str:
            if x is None:
                return inf
            return f"{x:,.0f}".replace(",", "") if float(x).is_integer() else f"{x:g}"

        left = "[" if self.low_closed and self.low is not None else "("
        right = "]" if self.high_closed and self.high is not None else ")"
        return f"{left}{num(self.low, '-∞')}, {num(self.high, '∞')}{right}"


def _word_value(word: str) -> float | None:
    w = word.lower().replace("-", " ").split()
    if not w:
        return None
    total = 0.0
    for part in w:
        if part not in _WORD_UNITS:
            return None
        total += _WORD_UNITS[part]
    return total


def _scale(attached: str | None, words: str | None) -> float:
    factor = 1.0
    if attached:
        factor *= _SCALES[attached.lower()]
    if words:
        for w in words.lower().split():
            factor *= _SCALES[w]
    return factor


def _amount_value(m: re.Match[str], prefix: str) -> tuple[float, str | None] | None:
    digits = m.group(f"{prefix}d")
    word = m.group(f"{prefix}w")
    cur = m.group(f"{prefix}cur")
    if digits is not None:
        value = float(digits.replace(",", ""))
        value *= _scale(m.group(f"{prefix}sa"), m.group(f"{prefix}sw"))
    elif word is not None:
        base = _word_value(word)
        if base is None:
            return None
        value = base * _scale(None, m.group(f"{prefix}sw2"))
    else:
        return None
    return value, (_CURRENCY_SIGNS[cur.lower()] if cur else None)


def _tokens_after(text: str, pos: int) -> list[tuple[str, int, int]]:
    return [(t.group(), t.start(), t.end()) for t in re.finditer(r"[A-Za-z][A-Za-z'’-]*|[^\sA-Za-z]", text[pos:])][:8]


def _subject_after(text: str, end: int) -> tuple[str | None, str | None, tuple[str, ...], int]:
    """The noun phrase a figure counts: "100,000 Russian troops" → "Russian troops"."""
    toks = _tokens_after(text, end)
    words: list[tuple[str, int, int]] = []
    i = 0
    # "tens of thousands of troops", "76% of voters", "three of its jets"
    while i < len(toks) and toks[i][0].lower() in _DETERMINERS:
        i += 1
    for tok, s, e in toks[i:]:
        if not tok[0].isalpha() or tok.lower() in _STOP_SUBJECT or len(words) >= 4:
            break
        words.append((tok, s, e))
    if not words:
        return None, None, (), end
    head_i = len(words) - 1
    for k, (tok, _, _) in enumerate(words):
        low = tok.lower()
        if (low.endswith("s") and not low.endswith("ss") and len(low) > 3) or low in _SUBJECT_SYNONYMS:
            head_i = k
            break
        if k >= 1 and low.endswith(("ing", "ed")):  # "troops massing", "planes flying"
            head_i = k - 1
            break
    chosen = words[: head_i + 1]
    subject = " ".join(w for w, _, _ in chosen)
    head = chosen[-1][0].lower()
    modifiers = tuple(w.lower() for w, _, _ in chosen[:-1])
    return subject, head, modifiers, end + chosen[-1][2]


def _subject_before(text: str, start: int) -> tuple[str | None, str | None]:
    """For percentages and money: "inflation rose to 5%" → "inflation"."""
    before = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[max(0, start - 80) : start])
    skip = {"rose", "fell", "rise", "fall", "rising", "falling", "increased", "decreased", "grew", "dropped",
            "jumped", "climbed", "slipped", "reached", "hit", "stood", "totalled", "totaled", "cost", "costs",
            "worth", "valued", "raised", "cut", "by", "to", "at", "of", "was", "is", "were", "are", "be", "been",
            "has", "have", "had", "its", "the", "a", "an", "and", "from", "up", "down", "some", "about", "around",
            "over", "more", "than", "less", "nearly", "almost", "just", "under", "least",
            "most", "roughly", "approximately", "estimated", "between", "will", "would", "could"}
    for w in reversed(before[-6:]):
        if w.lower() not in skip and w.lower() not in _STOP_SUBJECT and len(w) > 2:
            return w, w.lower()
    return None, None


def _head_key(head: str | None) -> str | None:
    if head is None:
        return None
    h = head.lower().strip("'’")
    if h in _SUBJECT_SYNONYMS:
        return _SUBJECT_SYNONYMS[h]
    if h.endswith("ies") and len(h) > 4:
        return h[:-3] + "y"
    if h.endswith("s") and not h.endswith("ss") and len(h) > 3:
        h = h[:-1]
    return _SUBJECT_SYNONYMS.get(h, h)


def _masked_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _NOT_QUANTITY.finditer(text)]
    return spans


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def _interval(
    qual: str | None, value: float, tolerance: float
) -> tuple[float | None, float | None, bool, bool, bool]:
    """(low, high, low_closed, high_closed, vague) for a qualified single value."""
    if not qual:
        return value, value, True, True, False
    q = " ".join(qual.lower().split())
    if re.fullmatch(_Q_NEAR_ABOVE, q):
        return value, value * (1 + tolerance), False, True, True
    if re.fullmatch(_Q_NEAR_BELOW, q):
        return value * (1 - tolerance), value, True, False, True
    if re.fullmatch(_Q_UPPER_CLOSED, q):
        return 0.0, value, True, True, False
    if re.fullmatch(_Q_LOWER_CLOSED, q):
        return value, None, True, False, False
    if re.fullmatch(_Q_LOWER_OPEN, q):
        return value, None, False, False, False
    if re.fullmatch(_Q_UPPER_OPEN, q):
        return 0.0, value, True, False, False
    if re.fullmatch(_Q_ALMOST, q):
        return value * (1 - tolerance), value, True, True, True
    return value * (1 - tolerance), value * (1 + tolerance), True, True, True


def find_quantities(sentence: str, *, tolerance: float = DEFAULT_TOLERANCE) -> list[Quantity]:
    """Every quantity claim in ``sentence``, as an interval.

    Parameters
    ----------
    sentence
        Text to read (usually one sentence).
    tolerance
        Relative width given to "about", "nearly", "just over" and the like.

    Returns
    -------
    list of Quantity
        In order of appearance.

    Examples
    --------
    >>> [(q.value, q.low, q.high, q.unit) for q in find_quantities("a £800m deal and £6.4bn in aid")]
    [('£800m', 800000000.0, 800000000.0, 'GBP'), ('£6.4bn', 6400000000.0, 6400000000.0, 'GBP')]
    >>> q, = find_quantities("between 75,000-100,000 Russian troops")
    >>> q.low, q.high, q.subject
    (75000.0, 100000.0, 'Russian troops')
    >>> find_quantities("He was born in 1987 and called 020 7946 0958 on December 14.")
    []
    """
    masked = _masked_spans(sentence)
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    for m in _VAGUE_RE.finditer(sentence):
        if _overlaps(masked, m.start(), m.end()):
            continue
        key = " ".join(m.group("vague").lower().split())
        low = high = 0.0
        for pattern, lo, hi in _VAGUE:
            if re.fullmatch(pattern, key):
                low, high = float(lo), float(hi)
                break
        qual = m.group("qual")
        low_c, high_c = True, True
        hi_opt: float | None = high
        lo_opt: float | None = low
        if qual:
            q = " ".join(qual.lower().split())
            if re.fullmatch(_Q_LOWER_OPEN + "|" + _Q_LOWER_CLOSED, q):
                hi_opt, high_c = None, False
            elif re.fullmatch(_Q_UPPER_CLOSED + "|" + _Q_UPPER_OPEN, q):
                lo_opt = 0.0
        subject, head, mods, end = _subject_after(sentence, m.end())
        out.append(
            Quantity(
                text=sentence[m.start() : end].strip(),
                value=m.group().strip(),
                low=lo_opt,
                high=hi_opt,
                low_closed=low_c,
                high_closed=high_c,
                subject=subject,
                head=_head_key(head),
                vague=True,
                qualifier=qual.lower() if qual else None,
                start=m.start(),
                end=end,
                modifiers=mods,
            )
        )
        taken.append((m.start(), m.end()))

    for m in _CANDIDATE.finditer(sentence):
        first_s = m.start("first")
        if _overlaps(taken, m.start(), m.end()):
            continue
        a = _amount_value(m, "a")
        if a is None:
            continue
        value, cur = a
        is_word = m.group("aw") is not None
        digits = m.group("ad")
        second = _amount_value(m, "b") if m.group("second") else None
        # A number glued to letters or inside a masked span is not a quantity.
        if _overlaps(masked, first_s, m.end("first")):
            continue
        if is_word and m.group("aw").lower() in ("a", "an", "one") and not (m.group("asw2")):
            continue  # "a", "one" alone are articles and pronouns, not counts
        if is_word and not m.group("asw2"):
            nxt = _tokens_after(sentence, m.end())
            if not nxt or not nxt[0][0][0].isalpha() or nxt[0][0].lower() in ("of", "who", "another", "other",
                                                                               "which", "that", "thing"):
                if m.group("qual") is None and m.group("between") is None:
                    continue
        pct = m.group("pct")
        unit: str | None = cur
        if pct:
            unit = "pp" if "point" in pct.lower() else "%"
        if m.group("curword"):
            unit = _CURRENCY_WORDS[m.group("curword").lower()]
        scale_given = bool(m.group("asa") or m.group("asw") or m.group("asw2"))
        # Years: 4-digit 1800-2100 without comma, currency, percent or scale.
        if (
            digits
            and re.fullmatch(r"(?:18|19|20)\d\d", digits)
            and not (unit or scale_given)
            and (m.group("qual") is None or _YEAR_CONTEXT.search(sentence[: m.start()]))
        ):
            continue
        range_ok = False
        low: float | None
        high: float | None
        if second is not None:
            v2, cur2 = second
            sep = (m.group("sep") or "").strip().lower()
            if not (m.group("bsa") or m.group("bsw") or m.group("bsw2")) and v2 < value:
                pass
            # "$1-2bn": the scale written once applies to both ends.
            if (m.group("bsa") or m.group("bsw")) and not scale_given:
                value *= _scale(m.group("bsa"), m.group("bsw"))
            if sep == "and" and m.group("between") is None:
                range_ok = False
            elif v2 > value:
                range_ok = True
            if range_ok and sep in ("-", "–", "—") and m.group("between") is None:
                after = sentence[m.end() : m.end() + 20]
                if _SCORE_CONTEXT.search(sentence[max(0, m.start() - 30) : m.end() + 20]) or re.match(
                    r"\s+(?:win|victory|defeat|loss|lead|draw)\b", after
                ):
                    continue
            if not range_ok and sep in ("-", "–", "—"):
                continue  # "6-4": a score, not a range
            if range_ok:
                unit = unit or cur2
                low, high = value, v2
                low_c, high_c, vague = True, True, False
                end_first = m.end()
            else:
                # "between X and Y" where Y is not larger: take X alone.
                end_first = m.end("first")
        if not range_ok:
            end_first = m.end("first")
            if pct and not m.group("second"):
                end_first = m.end("pct")
            if m.group("curword"):
                end_first = m.end("curword")
            low, high, low_c, high_c, vague = _interval(m.group("qual"), value, tolerance)
        suffix = (m.group("suffix") or "").strip().lower()
        if suffix and not range_ok:
            if suffix in ("+", "-plus") or re.search(r"more|above|over", suffix):
                low, high, low_c, high_c = value, None, True, False
            elif re.search(r"fewer|less", suffix):
                low, high, low_c, high_c = 0.0, value, True, True
            elif suffix.endswith("so"):
                low, high, low_c, high_c, vague = value * (1 - tolerance), value * (1 + tolerance), True, True, True
            end_first = m.end("suffix")
        value_end = max(end_first, m.end("pct") if pct else 0, m.end("curword") if m.group("curword") else 0)
        if m.group("suffix"):
            value_end = max(value_end, m.end("suffix"))
        value_text = sentence[m.start() : value_end].strip()
        if unit in ("%", "pp") or (unit and unit not in ("ordinal",)):
            subj_after = _subject_after(sentence, value_end)
            if subj_after[0] and sentence[value_end : value_end + 4].strip().lower().startswith("of"):
                subject, head, mods, end = subj_after
            elif subj_after[0] and unit not in ("%", "pp"):
                subject, head, mods, end = subj_after
            else:
                subject_b, head_b = _subject_before(sentence, m.start())
                subject, head, mods, end = subject_b, head_b, (), value_end
        else:
            subject, head, mods, end = _subject_after(sentence, value_end)
        if value_text and not _overlaps(taken, m.start(), value_end):
            out.append(
                Quantity(
                    text=sentence[m.start() : max(end, value_end)].strip(),
                    value=value_text,
                    low=low,
                    high=high,
                    low_closed=low_c,
                    high_closed=high_c,
                    unit=unit,
                    subject=subject,
                    head=_head_key(head),
                    vague=vague,
                    qualifier=(m.group("qual") or m.group("between") or None),
                    start=m.start(),
                    end=max(end, value_end),
                    modifiers=mods,
                )
            )
            taken.append((m.start(), value_end))

    for m in _ORDINAL_RE.finditer(sentence):
        if _overlaps(masked, m.start(), m.end()) or _overlaps(taken, m.start(), m.end()):
            continue
        word = m.group("ord").lower()
        value_o = float(_ORDINALS[word]) if word in _ORDINALS else float(re.sub(r"\D", "", word))
        subject, head, mods, end = _subject_after(sentence, m.end("ord"))
        if head is None or head in _STOP_SUBJECT:
            continue
        out.append(
            Quantity(
                text=sentence[m.start() : end].strip(),
                value=m.group("ord"),
                low=value_o,
                high=value_o,
                unit="ordinal",
                subject=subject,
                head=_head_key(head),
                start=m.start(),
                end=end,
                modifiers=mods,
            )
        )
    out.sort(key=lambda q: q.start)
    for q in out:
        if q.qualifier:
            object.__setattr__(q, "qualifier", " ".join(q.qualifier.lower().split()))
    return out


def _contains(outer: Quantity, inner: Quantity) -> bool:
    lo_o = -math.inf if outer.low is None else outer.low
    hi_o = math.inf if outer.high is None else outer.high
    lo_i = -math.inf if inner.low is None else inner.low
    hi_i = math.inf if inner.high is None else inner.high
    if lo_i < lo_o or (lo_i == lo_o and inner.low_closed and not outer.low_closed and inner.low is not None):
        return False
    return not (
        hi_i > hi_o or (hi_i == hi_o and inner.high_closed and not outer.high_closed and inner.high is not None)
    )


def _overlap_length(a: Quantity, b: Quantity) -> float:
    lo = max(-math.inf if a.low is None else a.low, -math.inf if b.low is None else b.low)
    hi = min(math.inf if a.high is None else a.high, math.inf if b.high is None else b.high)
    return hi - lo


def _same(a: Quantity, b: Quantity) -> bool:
    def close(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is y
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)

    return (
        close(a.low, b.low)
        and close(a.high, b.high)
        and (a.low is None or a.low_closed == b.low_closed)
        and (a.high is None or a.high_closed == b.high_closed)
    )


def relate(a: Quantity, b: Quantity) -> str:
    """``"consistent"``, ``"refinement"`` or ``"conflict"`` for two claims on one subject.

    Claims in different units (a count and a percentage, dollars and
    pounds) are ``"incomparable"``.

    Examples
    --------
    >>> q = lambda s: find_quantities(s)[0]
    >>> relate(q("over 13,000 lives"), q("more than 13,000 lives"))
    'consistent'
    >>> relate(q("up to 100,000 troops"), q("between 75,000 and 100,000 troops"))
    'refinement'
    >>> relate(q("at least 15 people"), q("at most 15 people"))
    'conflict'
    >>> relate(q("tens of thousands of troops"), q("between 75,000 and 100,000 troops"))
    'refinement'
    """
    if a.unit != b.unit:
        return "incomparable"
    if _same(a, b):
        return "consistent"
    if _contains(a, b) or _contains(b, a):
        return "refinement"
    if _overlap_length(a, b) > 0 and (a.vague or b.vague):
        return "refinement"
    return "conflict"


def same_subject(a: Quantity, b: Quantity) -> bool:
    """Whether two claims are about the same thing ("troops" ~ "Russian troops").

    Heads must match (after plural and synonym folding); modifiers may be
    missing on one side but must not contradict ("Russian" vs "US").

    Examples
    --------
    >>> q = lambda s: find_quantities(s)[0]
    >>> same_subject(q("up to 100,000 troops"), q("over 100,000 Russian troops"))
    True
    >>> same_subject(q("3,000 US troops"), q("100,000 Russian troops"))
    False
    """
    if a.unit != b.unit or a.head is None or b.head is None or a.head != b.head:
        return False
    ma = {m for m in a.modifiers if m[:1].isalpha()}
    mb = {m for m in b.modifiers if m[:1].isalpha()}
    if ma and mb and not (ma & mb):
        capital_a = {m for m in ma if m[0].isupper() or m in _NATIONALITY_HINT}
        capital_b = {m for m in mb if m[0].isupper() or m in _NATIONALITY_HINT}
        if capital_a and capital_b:
            return False
    return True


_NATIONALITY_HINT = frozenset(
    "us u.s. american russian ukrainian british french german chinese nato eu european western "
    "israeli palestinian iranian turkish polish italian spanish japanese indian canadian".split()
)


def with_subject(q: Quantity, subject: str | None) -> Quantity:
    """A copy of ``q`` with another subject (used when the subject is elsewhere in the sentence)."""
    return replace(q, subject=subject, head=_head_key(subject.split()[-1]) if subject else None)
