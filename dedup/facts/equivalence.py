"""The equivalence layer: is a changed span the same fact in another form?

The comparison of two copies diffs each aligned sentence pair at word level
and asks, for every changed span, whether the change says the same thing in
another form (:func:`same_fact`) or is only punctuation, case or an article
(:func:`irrelevant`).  Whatever neither function explains is reported.

Each class of equivalence is a rule here with its list in ``dedup/data/``
(the source of each list is in the file's header):

=========================  ==================================================
reason                     examples
=========================  ==================================================
``number form``            "5" / "five", "£6m" / "£6 million", "per cent" /
                           "%", "dlrs" / "dollars" (read by
                           :mod:`dedup.facts.quantities`; Reuters abbreviations in
                           ``units.tsv``)
``unit``                   "km" / "kilometres", "mph" / "miles per hour"
                           (units.tsv), "teraflops" / "trillion calculations per
                           second (teraflops)"
``acronym``                "IATA" / "International Air Transport
                           Association" (initials), "S&P" / "S and P"
``short form of a name``   "BBC Two" / "BBC2", "the U.S." / "the United
                           States", "Mr Brown" / "Brown" (``names.tsv``)
``party synonym``          "the Tories" / "the Conservatives", "the Fed" /
                           "the Federal Reserve" (``names.tsv``)
``British/American         "tyres" / "tires", "organise" / "organize"
spelling``                 (breame)
``transliteration``        "Sergei" / "Sergey", "Niinistö" / "Niinisto",
                           "Gaddafi" / "Qadhafi" (anyascii and the
                           alternations in ``transliteration.tsv``)
``rounding``               "nearly 5%" / "4.75%", "1.29 billion" /
                           "1,289,635,000", "over 785,000" / "785,412"
``conversion in brackets`` "(£173)" / "($230)" after one source figure
``filler``                 "said" / "says", "also", "that" after a reporting
                           verb, "on" before a day (``filler.tsv``)
=========================  ==================================================

Numbers, dates, names, negations and words inside a name are never filler:
"8th" / "9th", "Hurosawa" / "Kurosawa", "Finish" / "Finnish", "will" /
"won't" and "another step" / "a step" are not the same fact.

Examples
--------
>>> same_fact("the Tories", "the Conservatives")
'party synonym'
>>> same_fact("Hurosawa", "Kurosawa") is None
True
>>> irrelevant("“U.S.”", "US")
True
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from dedup.facts.quantities import Number, Quantity, contains, find_numbers, find_quantities, relate
from dedup.lexicon import MONTHS, WEEKDAYS

__all__ = ["data_rows", "irrelevant", "same_fact"]

_DATA = Path(__file__).with_name("data")

# --- normalisation --------------------------------------------------------------------------------

_TYPOGRAPHIC = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
    }
)
_EDGE = "\"'()[]{}.,;:!?-/*…"
_INNER_PUNCT = re.compile(r"(?<=[^\W\d_])[.'\-](?=[^\W\d_])|(?<=[^\W\d_])\.$")
_ARTICLES = frozenset({"a", "an", "the"})
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
_APPROX = frozenset(
    {
        "about",
        "around",
        "nearly",
        "almost",
        "some",
        "roughly",
        "approximately",
        "an estimated",
        "estimated",
        "close to",
        "just over",
        "just under",
        "or so",
        "more or less",
        "circa",
        "c.",
        "approx.",
        "approx",
        "just below",
        "just above",
        "an approximate",
        "up to about",
    }
)
_WEEKDAYS_MONTHS = frozenset(WEEKDAYS) | frozenset(MONTHS)
_NEGATIONS = frozenset({"not", "no", "never", "n't", "nor", "none", "neither", "without"})


def _typo(text: str) -> str:
    return text.translate(_TYPOGRAPHIC)


def _loose_token(token: str) -> str:
    """A token with its case, surrounding punctuation and letter-internal dots, apostrophes, hyphens dropped."""
    t = token.lower()
    lead = "-" if len(t) > 1 and t[0] == "-" and t[1].isdigit() else ""
    t = t.strip(_EDGE)
    return lead + _INNER_PUNCT.sub("", t)


@lru_cache(maxsize=65536)
def _loose(text: str) -> str:
    words = [w for w in (_loose_token(t) for t in _typo(text).split()) if w and w not in _ARTICLES]
    out = ""
    for w in words:  # "1 000" and "well known" join; two numbers stay apart
        sep = " " if out and out[-1].isdigit() and w[0].isdigit() else ""
        out += sep + w
    return out


def irrelevant(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only in punctuation, case, whitespace, typographic quotes or dashes, or articles.

    Parameters
    ----------
    a, b
        Two changed spans as a word diff gives them (either may be empty).

    Returns
    -------
    bool
        True when nothing but form differs.  A minus sign before a digit,
        ``%`` and currency signs count; so do dots and commas inside a
        number ("5.5" / "55").

    Examples
    --------
    >>> irrelevant("the ", "")
    True
    >>> irrelevant("“well-known”", '"well known"')
    True
    >>> irrelevant("5.5", "55"), irrelevant("-5", "5"), irrelevant("another", "a")
    (False, False, False)
    """
    return a == b or _loose(a) == _loose(b)


# --- data files -----------------------------------------------------------------------------------


def data_rows(name: str) -> list[list[str]]:
    """The rows of the tab-separated list ``data/NAME`` (comment lines and blank lines left out)."""
    with (_DATA / name).open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def _name_key(text: str) -> str:
    t = _typo(text).lower().strip().strip(_EDGE.replace("&", "")).strip()
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"'s$", "", t) if t.endswith("'s") and t[:-2] not in ("s&p",) else t
    return re.sub(r"[\s.]+", " ", t).strip()


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, tuple[int, str]], frozenset[str]]:
    table: dict[str, tuple[int, str]] = {}
    titles: set[str] = set()
    for i, (reason, forms) in enumerate(data_rows("names.tsv")):
        for form in forms.split("|"):
            key = _name_key(form)
            if key in table and table[key][0] != i:
                raise ValueError(f"names.tsv: {form!r} is in two groups")
            table[key] = (i, reason)
    for w in (
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "prime minister",
        "chancellor",
        "minister",
        "senator",
        "sen",
        "rep",
        "gov",
        "governor",
        "general",
        "gen",
        "professor",
        "prof",
        "king",
        "queen",
        "prince",
        "princess",
        "judge",
        "justice",
        "secretary",
        "ceo",
        "chairman",
        "chief executive",
        "mayor",
        "pope",
        "archbishop",
        "bishop",
        "rev",
        "father",
    ):
        titles.add(w)
    return table, frozenset(titles)


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, str], re.Pattern[str]]:
    table: dict[str, str] = {}
    for key, forms in data_rows("units.tsv"):
        for form in forms.split("|"):
            table[form.lower()] = key
    words = sorted(table, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return table, re.compile(rf"(?<![\w$£€¥])(?:{alt})(?![\w$£€¥])", re.I)


@lru_cache(maxsize=1)
def _filler() -> tuple[dict[str, str], frozenset[str]]:
    verbs: dict[str, str] = {}
    drop: set[str] = set()
    for key, forms in data_rows("filler.tsv"):
        for form in forms.split("|"):
            if key == "drop":
                drop.add(form)
            else:
                verbs[form] = key
    return verbs, frozenset(drop)


@lru_cache(maxsize=1)
def _transliteration() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pat), rep) for pat, rep in data_rows("transliteration.tsv")]


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    with (_DATA / "demonyms.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip() and not line.startswith("#"))


# --- context --------------------------------------------------------------------------------------


def _find(span: str, text: str) -> int:
    s = span.strip()
    return text.find(s) if s and text else -1


def _around(span: str, text: str, n: int = 1) -> tuple[list[str], list[str]]:
    """Up to ``n`` words before and after the first occurrence of ``span`` in ``text``."""
    pos = _find(span, text)
    if pos < 0:
        return [], []
    before = text[:pos].split()
    after = text[pos + len(span.strip()) :].split()
    return before[-n:] if n else [], after[:n]


def _strip_common(a: str, b: str) -> tuple[str, str]:
    """Drop the words that both spans start or end with (loosely equal)."""
    ta, tb = a.split(), b.split()
    while ta and tb and _loose_token(ta[0]) == _loose_token(tb[0]) and _loose_token(ta[0]):
        ta, tb = ta[1:], tb[1:]
    while ta and tb and _loose_token(ta[-1]) == _loose_token(tb[-1]) and _loose_token(ta[-1]):
        ta, tb = ta[:-1], tb[:-1]
    return " ".join(ta), " ".join(tb)


# --- names: tables, acronyms, short forms ---------------------------------------------------------

_ACRONYM = re.compile(r"[A-Z](?:[A-Z&.]|(?<=[A-Z])s(?=$))*[A-Z.]?")
_SKIP_INITIAL = frozenset({"of", "and", "for", "the", "on", "in", "de", "du", "des", "la", "le", "und", "&", "to"})


def _compact(text: str) -> str:
    words = [_NUMBER_WORDS.get(w, w) for w in _typo(text).lower().replace("&", " and ").split()]
    return re.sub(r"[^\w]", "", "".join(words))


def _acronym(short: str, long: str) -> bool:
    s = _typo(short).strip().strip(_EDGE)
    if not _ACRONYM.fullmatch(s):
        return False
    letters = re.sub(r"[^A-Z]", "", s).lower()
    words = [w.strip(_EDGE) for w in re.split(r"[\s\-]+", _typo(long).strip())]
    words = [w for w in words if w]
    if len(letters) < 2 or len(words) < 2 or not all(w[0].isupper() or w.lower() in _SKIP_INITIAL for w in words):
        return False
    content = "".join(w[0].lower() for w in words if w.lower() not in _SKIP_INITIAL)
    every = "".join(w[0].lower() for w in words if w != "&")
    return letters in (content, every)


@lru_cache(maxsize=65536)
def _name_reason(a: str, b: str) -> str | None:
    if not a.strip() or not b.strip():
        return None
    table, _ = _names()
    ka, kb = _name_key(a), _name_key(b)
    ga, gb = table.get(ka), table.get(kb)
    if ga is not None and gb is not None and ga[0] == gb[0]:
        return ga[1]
    if _acronym(a, b) or _acronym(b, a):
        return "acronym"
    ca, cb = (
        _compact(re.sub(r"^the\s+", "", _typo(a).strip(), flags=re.I)),
        _compact(re.sub(r"^the\s+", "", _typo(b).strip(), flags=re.I)),
    )
    if ca and ca == cb and re.search(r"[a-z]", ca) and (a.strip()[:1].isupper() or b.strip()[:1].isupper()):
        return "short form of a name"  # "BBC Two" / "BBC2"
    return None


def _short_name(a: str, b: str, b_text: str, a_text: str) -> str | None:
    """A title or a first name added to (or swapped for) a surname: "Mr Brown" / "Gordon Brown" / "Brown"."""
    _, titles = _names()
    sa, sb = a.strip().strip(_EDGE), b.strip().strip(_EDGE)
    if not sb or len(sb.split()) > 2 or (sa and len(sa.split()) > 2):
        return None
    _, after = _around(b, b_text, 1)
    if not after or not after[0][:1].isupper():
        return None
    surname = after[0].strip(_EDGE)
    if a_text and not re.search(rf"\b{re.escape(surname)}\b", a_text):
        return None

    def kind(s: str) -> str | None:
        low = s.lower().rstrip(".")
        if low in titles:
            return "title"
        words = s.split()
        if all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
            return "given"
        return None

    kb = kind(sb)
    if kb is None:
        return None
    if not sa:
        return "short form of a name"
    ka = kind(sa)
    if ka is not None and ka != kb:  # "Mr" / "Gordon"; "John" / "Jane" and "Mr" / "Dr" differ
        return "short form of a name"
    return None


# --- units and number forms -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _canonical_words(text: str) -> str:
    """Reuters and unit abbreviations written out: "1.5 bln dlrs" → "1.5 billion dollars"."""
    table, pattern = _units()
    surface = {
        "million": "million",
        "billion": "billion",
        "trillion": "trillion",
        "thousand": "thousand",
        "percent": "%",
        "USD": "dollars",
        "GBP": "pounds",
        "EUR": "euros",
        "JPY": "yen",
        "cent": "cents",
    }

    def sub(m: re.Match[str]) -> str:
        key = table[m.group().lower()]
        return surface.get(key, key)

    return pattern.sub(sub, _typo(text))


def _unit_keys(text: str) -> tuple[str, ...] | None:
    """The unit words of ``text`` as keys, or None when a word is not a unit word."""
    table, pattern = _units()
    rest = pattern.sub(" ", _typo(text).lower())
    if re.search(r"[^\W\d_]", rest):
        return None
    return tuple(table[m.group().lower()] for m in pattern.finditer(_typo(text)))


_MONEY_KEYS = frozenset({"million", "billion", "trillion", "thousand", "percent", "USD", "GBP", "EUR", "JPY", "cent"})


def _unit_reason(a: str, b: str) -> str | None:
    ka, kb = _unit_keys(a), _unit_keys(b)
    if ka and kb and ka == kb:
        return "number form" if set(ka) <= _MONEY_KEYS else "unit"
    return None


def _significant(x: Decimal) -> int:
    return len(x.normalize().as_tuple().digits) if x else 1


def _last_place(x: str, y: str) -> bool:
    """Two figures of three or more significant digits, written to the same place, one unit apart in the
    last one ("107.6" / "107.7", "413.5" / "413.6"): one truncated, the other rounded, the same figure.

    Examples
    --------
    >>> _last_place("107.6", "107.7"), _last_place("16.8", "16.6"), _last_place("1,300", "1,301")
    (True, False, False)
    """
    dx, dy = re.sub(r"[^\d.]", "", x), re.sub(r"[^\d.]", "", y)
    if dx.count(".") != 1 or dy.count(".") != 1:
        return False  # a whole number is exact ("2,594,474" / "2,594,475" is a changed figure)
    try:
        ex, ey = Decimal(dx), Decimal(dy)
    except InvalidOperation:
        return False
    if ex.as_tuple().exponent != ey.as_tuple().exponent or min(_significant(ex), _significant(ey)) < 3:
        return False
    exponent = ex.as_tuple().exponent
    return isinstance(exponent, int) and abs(ex - ey) == Decimal(1).scaleb(exponent)


def _is_rounding(r: float, p: float, *, min_sig: int = 1) -> bool:
    """Whether ``r`` is ``p`` rounded (to nearest, down or up) to fewer significant digits."""
    try:
        dr, dp = Decimal(repr(r)).normalize(), Decimal(repr(p)).normalize()
    except InvalidOperation:
        return False
    if dr == dp or _significant(dr) < min_sig or _significant(dr) >= _significant(dp):
        return False
    exponent = dr.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    step = Decimal(1).scaleb(exponent)
    return any(
        (dp / step).quantize(Decimal(1), rounding=mode) * step == dr
        for mode in (ROUND_HALF_UP, ROUND_FLOOR, ROUND_CEILING)
    )


@lru_cache(maxsize=4096)
def _quantities(text: str) -> list[Quantity]:
    return find_quantities(text)


@lru_cache(maxsize=4096)
def _numbers(text: str) -> list[Number]:
    return find_numbers(text)


def _claim(span: str, text: str) -> Quantity | None:
    """The quantity claim that ``span`` belongs to, read in its sentence when given (for the qualifier)."""
    cs = _canonical_words(span).strip()
    if not cs:
        return None
    ct = _canonical_words(text) if text else ""
    pos = ct.find(cs) if ct else -1
    if pos >= 0:
        found = [q for q in _quantities(ct) if q.start < pos + len(cs) and q.end > pos]
        if len(found) == 1:
            return found[0]
    found = _quantities(cs)
    return found[0] if len(found) == 1 else None


def _units_equal(ua: str | None, ub: str | None) -> bool:
    if ua == ub:
        return True
    return ua is not None and ub is not None and _unit_keys(ua) is not None and _unit_keys(ua) == _unit_keys(ub)


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def garbled_figure(a: str, b: str) -> bool:
    """Whether one figure is the other with its digit groups garbled ("5,334,00" / "5,334,000").

    One side's commas (two or more: one is a decimal comma) must not group
    thousands, and the digits must be the same but for trailing zeros: a
    wire's tables mistyped, then set right.

    Examples
    --------
    >>> garbled_figure("5,334,00", "5,334,000"), garbled_figure("1,84,000", "184,000")
    (True, True)
    >>> garbled_figure("5,334,000", "5,335,000"), garbled_figure("534,000", "5,340,000"), garbled_figure("12,5", "125")
    (False, False, False)
    """
    fa, fb = _FIGURE.findall(a), _FIGURE.findall(b)
    if len(fa) != 1 or len(fb) != 1:
        return False
    x, y = fa[0], fb[0]
    if bool(_GROUPED.fullmatch(x)) == bool(_GROUPED.fullmatch(y)):
        return False  # both well formed (another figure) or both garbled
    if (x if not _GROUPED.fullmatch(x) else y).count(",") < 2:
        return False  # "12,5" is a decimal comma, not digit groups garbled
    dx, dy = re.sub(r"\D", "", x), re.sub(r"\D", "", y)
    return dx.rstrip("0") == dy.rstrip("0")


def _number_reason(a: str, b: str, a_text: str, b_text: str) -> str | None:
    """Same figure in another form, or a rounding the qualifiers allow; "" when both carry differing numbers."""
    if garbled_figure(a, b):
        return "a garbled figure set right"
    na, nb = _numbers(_canonical_words(a)), _numbers(_canonical_words(b))
    if not na and not nb:
        return None
    if not na or not nb:
        return ""
    if len(na) == len(nb) and all(
        x.low == y.low and x.high == y.high and x.kind == y.kind and _units_equal(x.unit, y.unit)
        for x, y in zip(na, nb)
    ):
        rest_a = _canonical_words(a)
        rest_b = _canonical_words(b)
        for n in na:
            rest_a = rest_a.replace(n.text, " ")
        for n in nb:
            rest_b = rest_b.replace(n.text, " ")
        if _loose(rest_a) == _loose(rest_b):
            units = {n.unit for n in na} - {None, "%", "ordinal", "age"}
            plain = all(u is None or (len(u) == 3 and u.isupper()) for u in units)
            return "number form" if plain and na[0].unit == nb[0].unit else "unit"
        return ""
    qa, qb = _claim(a, a_text), _claim(b, b_text)
    if qa is None or qb is None or len(na) != 1 or len(nb) != 1:
        return ""
    if not _units_equal(qa.unit, qb.unit):
        if (qa.unit is None) != (qb.unit is None) and qa.qualifier is None and qb.qualifier is None:
            # "Net 1,981,681 dlrs" / "Net 1,982,000": a table drops the unit it rounds
            x, y = na[0].low, nb[0].low
            if x is not None and y is not None and (_is_rounding(x, y, min_sig=2) or _is_rounding(y, x, min_sig=2)):
                return "rounding"
        return ""
    if qa.unit == qb.unit and relate(qa, qb) == "consistent":
        return "number form"
    if qa.qualifier is None and qb.qualifier is None and _last_place(na[0].text, nb[0].text):
        return "rounding"  # "107.6 mln" / "107.7 mln": one figure truncated, the other rounded
    if qa.qualifier is not None and qa.qualifier == qb.qualifier:  # "about 1.3 billion" / "about 1,289,635,000"
        x, y = na[0].low, nb[0].low
        return "rounding" if _is_rounding(x, y, min_sig=2) or _is_rounding(y, x, min_sig=2) else ""
    for r, p, nr, np_ in ((qa, qb, na[0], nb[0]), (qb, qa, nb[0], na[0])):
        if p.low is None or p.low != p.high or np_.low != np_.high:
            continue
        if r.low is not None and r.low == r.high and r.qualifier is None:
            if _is_rounding(nr.low, np_.low, min_sig=2):
                return "rounding"  # "1.29 billion" / "1,289,635,000"
        elif contains(r, p) and (r.qualifier in _APPROX or _is_rounding(nr.low, np_.low)):
            return "rounding"  # "nearly 5%" / "4.75%", "over 785,000" / "785,412"
    return ""


# --- brackets -------------------------------------------------------------------------------------

_BRACKET = re.compile(r"\(([^()]*)\)")


def _money(text: str) -> Quantity | None:
    qs = _quantities(_canonical_words(text))
    return next((q for q in qs if q.unit is not None and len(q.unit) == 3 and q.unit.isupper()), None)


def _in_brackets(span: str, text: str) -> str | None:
    """The bracketed text that ``span`` is, contains or lies in ("($230)" → "$230"), else None."""
    s = _typo(span).strip()
    m = _BRACKET.search(s)
    if m and not s[: m.start()].strip() and not s[m.end() :].strip(_EDGE + " "):
        return m.group(1)
    pos = _find(span, text)
    if pos < 0:
        return None
    before, after = text[:pos], text[pos + len(s) :]
    if before.count("(") > before.count(")") and ")" in after.split("(")[0]:
        return s.strip(_EDGE)
    return None


def _source_before(span: str, text: str) -> Quantity | None:
    pos = _find(span, text)
    if pos < 0:
        return None
    before = text[:pos]
    open_at = before.rfind("(")
    if open_at < 0 and _typo(span).strip().startswith("("):
        open_at = pos
    return _money(text[max(0, open_at - 40) : open_at]) if open_at >= 0 else None


#: How far two conversions of one amount into one currency may lie apart and still be the same figure at
#: another day's rate, or rounded otherwise ("(£10.5m)" / "(£11m)", "(£1bn)" / "(£800m)"): no major
#: currency moves a third within the weeks a story runs. "(£9.4m)" / "(£94m)" is another figure.
CONVERSION_SPREAD = 4 / 3


def _conversion(a: str, b: str, a_text: str, b_text: str) -> str | None:
    """ "€200 (£173)" / "€200 ($230)": a figure converted in brackets is not compared, unless both convert
    the same amount into the same currency at rates too far apart for a market (:data:`CONVERSION_SPREAD`).

    Examples
    --------
    >>> t = "set to be worth $1.8 billion ({}) by 2009"
    >>> _conversion("£940 million", "£1 billion", t.format("£940 million"), t.format("£1 billion"))
    'conversion in brackets'
    >>> _conversion("£940 million", "€1.3 billion", t.format("£940 million"), t.format("€1.3 billion"))
    'conversion in brackets'
    >>> _conversion("£9.4", "£94", t.format("£9.4 million"), t.format("£94 million")) is None
    True
    """
    sides: list[Quantity | None] = []
    converted: list[Quantity] = []
    for span, text in ((a, a_text), (b, b_text)):
        if not span.strip():
            sides.append(None)
            continue
        inner = _in_brackets(span, text)
        money = None if inner is None else _money(_bracketed_at(span, text) or inner)
        if inner is None or money is None:
            return None
        source = _source_before(span, text)
        if source is None:
            return None
        sides.append(source)
        converted.append(money)
    sa, sb = sides
    if sa is None and sb is None:
        return None
    if sa is not None and sb is not None:
        if not (sa.low == sb.low and sa.unit == sb.unit):
            return None  # the source figures differ: that is compared elsewhere
        ca, cb = converted
        x, y = ca.low if ca.low is not None else ca.high, cb.low if cb.low is not None else cb.high
        if ca.unit == cb.unit and x and y and x > 0 and y > 0 and max(x, y) / min(x, y) > CONVERSION_SPREAD:
            return None  # the same amount into the same currency at rates no market moves between: compared
    return "conversion in brackets"


def _bracketed_at(span: str, text: str) -> str | None:
    """The whole bracket of ``text`` that ``span`` lies in ("£9.4" in "... (£9.4 million) ..." gives
    "£9.4 million"): a diff span may hold only the changed words of a converted figure."""
    pos = _find(span, text)
    if pos < 0:
        return None
    open_at = text.rfind("(", 0, pos + 1)
    close_at = text.find(")", pos)
    if open_at < 0 or close_at < 0 or "(" in text[open_at + 1 : pos] or ")" in text[open_at + 1 : pos]:
        return None
    return text[open_at + 1 : close_at]


def _gloss_relation(x: str, t: str) -> str | None:
    if not x.strip() or not t.strip():
        return None
    return _name_reason(x, t) or _unit_reason(x, t)


def _gloss(a: str, b: str, a_text: str) -> str | None:
    """An expansion next to its short form in brackets: "trillion calculations per second (teraflops)" /
    "teraflops", "International Air Transport Association (IATA)" / "IATA", or the bracket dropped."""
    s = _typo(a).strip()
    m = _BRACKET.search(s)
    if m is None or s[m.end() :].strip(_EDGE + " "):
        return None
    inner, outer = m.group(1).strip(), s[: m.start()].strip()
    if outer:
        if _loose(b) in (_loose(inner), _loose(outer)):
            return _gloss_relation(outer, inner)
        return None
    if b.strip():
        return None
    before = _typo(a_text[: max(0, _find(a, a_text))]).split() if a_text else []
    for n in range(1, min(6, len(before)) + 1):
        reason = _gloss_relation(" ".join(before[-n:]), inner)
        if reason:
            return reason
    return None


# --- spelling and transliteration -----------------------------------------------------------------


def abbreviation(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long`` as wire copy does ("EURODLR" / "EURODOLLAR", "Intl" / "International").

    The short form keeps the first letter and the order of the letters it
    keeps, drops at least two, keeps only consonants after the start it
    shares, and is not itself an English word: "Finish" / "Finnish" (one
    letter, and a word), "Mitsui" / "Mitsubishi" and "Karp" / "Karpov" are
    other names.

    Examples
    --------
    >>> abbreviation("EURODLR", "EURODOLLAR"), abbreviation("Intl", "International")
    (True, True)
    >>> abbreviation("Finish", "Finnish"), abbreviation("Regan", "Reagan"), abbreviation("Dole", "Dollar")
    (False, False, False)
    >>> abbreviation("Mitsui", "Mitsubishi"), abbreviation("Karp", "Karpov")
    (False, False)
    """
    from dedup.lexicon import english_word_share

    s, lo = short.lower(), long.lower()
    if len(s) < 3 or len(lo) - len(s) < 2 or s[0] != lo[0] or not (s.isalpha() and lo.isalpha()):
        return False
    rest = iter(lo)
    if not all(c in rest for c in s):
        return False
    common = 0
    while common < len(s) and s[common] == lo[common]:
        common += 1
    # an abbreviation drops letters inside the word and keeps consonants ("dlr", "intl"); a shorter name that
    # is the longer one's start ("Karp" / "Karpov") or keeps a vowel ("Mitsui" / "Mitsubishi") is another name
    kept = s[common:]
    if not kept or any(c in "aeiouy" for c in kept):
        return False
    return english_word_share(s) == 0


def _pairs(a: str, b: str) -> list[tuple[str, str]] | None:
    ta, tb = _typo(a).split(), _typo(b).split()
    if not ta or len(ta) != len(tb):
        return None
    out = [(x.strip(_EDGE), y.strip(_EDGE)) for x, y in zip(ta, tb) if _loose_token(x) != _loose_token(y)]
    return out or None


_IZE = re.compile(r"(?<=[a-z]{2})(?:is|ys)(?=(?:e|ed|es|ing|ation|ations|er|ers|ement|ements)$)")


@lru_cache(maxsize=8192)
def _spelling_variant(x: str, y: str) -> bool:
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

    x, y = x.lower(), y.lower()
    for u, v in ((x, y), (y, x)):
        for su, sv in ((u, v), (u[:-1], v[:-1]) if u.endswith("s") and v.endswith("s") else ("", "")):
            if su and (BRITISH_ENGLISH_SPELLINGS.get(su) == sv or AMERICAN_ENGLISH_SPELLINGS.get(su) == sv):
                return True
    return x != y and _IZE.sub("iz", x) == _IZE.sub("iz", y)


@lru_cache(maxsize=8192)
def _skeleton(name: str) -> str:
    from anyascii import anyascii  # lazy

    s = anyascii(name).lower()
    s = re.sub(r"[^a-z]", "", s)
    for pattern, rep in _transliteration():
        s = pattern.sub(rep, s)
    return s


def _one_name(x: str, y: str) -> bool:
    if not (x[:1].isupper() and y[:1].isupper()) or (x.isupper() and len(x) > 1) or (y.isupper() and len(y) > 1):
        return False
    demonyms = _demonyms()
    if x.lower() in demonyms or y.lower() in demonyms:
        return False
    if not (x.replace("-", "").replace("'", "").isalpha() and y.replace("-", "").replace("'", "").isalpha()):
        return False
    if _DOUBLED.sub(r"\1", x.lower()) == _DOUBLED.sub(r"\1", y.lower()):
        return False  # only a letter doubled or undoubled ("Moscoow", "Kreemlin"): a typo, not a transliteration
    return _skeleton(x) == _skeleton(y)


_DOUBLED = re.compile(r"(.)\1+")


def _accents_only(x: str, y: str) -> bool:
    from anyascii import anyascii

    return x != y and anyascii(x).lower() == anyascii(y).lower() and x.isalpha() and y.isalpha()


# --- filler ---------------------------------------------------------------------------------------


def _filler_reason(a: str, b: str, a_text: str, b_text: str) -> str | None:
    verbs, drop = _filler()

    def words(span: str, text: str) -> list[str] | None:
        out: list[str] = []
        toks = [t for t in (_loose_token(w) for w in _typo(span).split()) if t]
        before, after = _around(span, text, 1)
        prev = _loose_token(before[-1]) if before else ""
        nxt = _loose_token(after[0]) if after else ""
        for i, t in enumerate(toks):
            if t in _NEGATIONS or t.endswith("nt"):
                return None
            p = toks[i - 1] if i else prev
            n = toks[i + 1] if i + 1 < len(toks) else nxt
            if t in drop:
                if t == "also":
                    continue
                if t == "that" and (p in verbs or p in ("and", "but")):
                    continue
                if t == "on" and (n in _WEEKDAYS_MONTHS or n[:1].isdigit()):
                    continue
            if t in _ARTICLES:
                continue
            out.append(verbs.get(t, t))
        return out

    wa, wb = words(a, a_text), words(b, b_text)
    if wa is None or wb is None or wa != wb:
        return None
    return "filler"


# --- the entry point ------------------------------------------------------------------------------


def _context_spans(a: str, b: str, a_text: str, b_text: str) -> list[tuple[str, str]]:
    """The spans widened by up to two unchanged words on each side ("" / "Party" → "Labour" / "Labour Party")."""
    if a.strip():
        before, after = _around(a, a_text, 2)
    else:
        before, after = _around(b, b_text, 2)
    out = []
    for nb in range(len(before) + 1):
        for na in range(len(after) + 1):
            if nb == na == 0 or nb + na > 2:
                continue
            pre = " ".join(before[len(before) - nb :])
            post = " ".join(after[:na])
            wa = " ".join(x for x in (pre, a.strip(), post) if x)
            wb = " ".join(x for x in (pre, b.strip(), post) if x)
            if (not a_text or " ".join(wa.split()) in " ".join(a_text.split())) and (
                not b_text or " ".join(wb.split()) in " ".join(b_text.split())
            ):
                out.append((wa, wb))
    return out


def _ordered(a: str, b: str, a_text: str, b_text: str) -> str | None:
    reason = _conversion(a, b, a_text, b_text) or _gloss(a, b, a_text)
    if reason:
        return reason
    sa, sb = _strip_common(a, b)
    if (sa, sb) != (a.strip(), b.strip()) and (sa or sb):
        reason = _conversion(sa, sb, a_text, b_text) or _gloss(sa, sb, a_text)
        if reason:
            return reason
    reason = _name_reason(sa, sb)
    if reason:
        return reason
    number = _number_reason(sa, sb, a_text, b_text)
    if number is not None:
        return number or None  # a changed number is never explained by the rules below
    reason = _unit_reason(sa, sb) if sa and sb else None
    if reason:
        return reason
    pairs = _pairs(sa, sb)
    if pairs and all(_spelling_variant(x, y) for x, y in pairs):
        return "British/American spelling"
    if pairs and all(_accents_only(x, y) or _one_name(x, y) for x, y in pairs):
        return "transliteration"
    if pairs and all(abbreviation(x, y) or abbreviation(y, x) for x, y in pairs):
        return "abbreviation"
    reason = _short_name(sa, sb, b_text, a_text)
    if reason:
        return reason
    if _filler_reason(a, b, a_text, b_text):
        return "filler"
    if min(len(a.split()), len(b.split())) <= 1 and max(len(a.split()), len(b.split())) <= 3:
        for wa, wb in _context_spans(a, b, a_text, b_text):
            reason = _name_reason(wa, wb) or (
                _unit_reason(wa, wb) if not re.search(r"\d", wa + wb) else None
            )
            if reason:
                return reason
    return None


@lru_cache(maxsize=65536)
def _same_fact(a: str, b: str, a_text: str, b_text: str) -> str | None:
    if irrelevant(a, b):
        return None
    return _ordered(a, b, a_text, b_text) or _ordered(b, a, b_text, a_text)


def same_fact(a: str, b: str, *, a_text: str = "", b_text: str = "") -> str | None:
    """Whether two changed spans say the same thing in another form.

    Parameters
    ----------
    a, b
        The changed spans as a word diff gives them, with punctuation; one
        may be empty (a pure insertion or deletion).
    a_text, b_text
        The sentences the spans come from, read for context: the qualifier
        of a figure, brackets, the words around an insertion.

    Returns
    -------
    str or None
        The reason ("number form", "unit", "acronym", "short form of a
        name", "party synonym", "British/American spelling",
        "transliteration", "rounding", "conversion in brackets",
        "filler"), or None when the change may be a real discrepancy (or
        is only :func:`irrelevant`).  The answer does not depend on the
        order of the two sides.

    Examples
    --------
    >>> same_fact("£6m", "£6 million")
    'number form'
    >>> same_fact("1.5 bln dlrs", "1.5 billion dollars")
    'number form'
    >>> same_fact("nearly 5%", "4.75%")
    'rounding'
    >>> same_fact("85", "up to 85", a_text="Victims aged 85 were", b_text="Victims aged up to 85 were") is None
    True
    >>> same_fact("BBC Two", "BBC2"), same_fact("IATA", "International Air Transport Association")
    ('short form of a name', 'acronym')
    >>> same_fact("tyres", "tires"), same_fact("Sergei", "Sergey"), same_fact("km", "kilometres")
    ('British/American spelling', 'transliteration', 'unit')
    >>> same_fact("(£173)", "($230)", a_text="It costs €200 (£173).", b_text="It costs €200 ($230).")
    'conversion in brackets'
    >>> same_fact("eighth", "ninth") is None, same_fact("Finish", "Finnish") is None
    (True, True)
    """
    if (b, b_text) < (a, a_text):
        a, b, a_text, b_text = b, a, b_text, a_text
    return _same_fact(a, b, a_text, b_text)
