"""Quantities as intervals: "up to 100,000 troops" is [0, 100000] troops.

A news figure is rarely a bare number.  Its qualifier says which interval
the outlet committed to, and that is what has to be compared:

=====================================  ======================================
phrase                                 interval
=====================================  ======================================
``100,000`` / ``five`` / ``a dozen``   [X, X]
``three thousand nine hundred and      [3965, 3965]
sixty five``
``up to``, ``at most``,                [0, X]
``no more than``, ``as many as``,
``X or fewer``, ``X people or
fewer``, ``<= X``, ``≤ X``,
``less than or equal to X``
``over``, ``more than``, ``above``,    (X, ∞)
``> X``
``at least``, ``X or more``, ``X+``,   [X, ∞)
``X people or more``, ``>= X``,
``greater than or equal to X``
``under``, ``fewer than``,             [0, X)
``less than``, ``below``, ``< X``
``above X and below Y``,               (X, Y), [X, Y] ...: each end as its
``at least X but at most Y``,          own qualifier says, in either order
``under Y and over X``
``between X and Y``, ``X–Y``,          [X, Y]
``X-Y``, ``X to Y``, ``from X to Y``,
``X through Y``, ``X~Y``, ``X or Y``
``between the tenth and the            [10, 15] ``ordinal``
fifteenth``, ``the 10th-15th``
``minus X``, ``negative X``, ``-X``    [-X, -X]
``about``, ``around``, ``some``,       [X(1-t), X(1+t)], vague
``roughly``, ``approximately``,
``an estimated``, ``X or so``
``nearly``, ``almost``, ``close to``   [X(1-t), X], vague
``just over`` / ``just under``         (X, X(1+t)] / [X(1-t), X), vague
``tens of thousands``                  [20000, 99999], vague
``hundreds``, ``dozens of``, ...       the same reading, vague
``several``, ``a few``, ``a handful``  [3, 9], [2, 5], [2, 6], vague
``half``, ``a quarter``, ``a fifth``   50, 25, 20 per cent
``a third``, ``two-thirds``,           [33, 34], [66, 67] per cent, vague
``one in three``
``1/2``, ``3/4`` (a share in digits)   50, 75 per cent, like ``half``
=====================================  ======================================

A share is in per cent whatever its spelling, so that "more than 1/2",
"more than half" and "more than 50%" are one claim, (50, ∞) ``%``, and
"above one quarter and below a half" is (25, 50) ``%``.

``t`` is the ``tolerance`` option (10% by default).  A count, a sum of
money or a percentage cannot be negative, so "up to" and "under" start at
0; a negative figure ("below -5C") or a temperature has no lower bound.

Scales and currencies are normalised: ``£800m`` = ``£800 million`` =
``800 million pounds`` = ``GBP800m`` = 8e8 ``GBP``; ``10k`` = 10,000 (but
"a 10k run" and "the 100m final" are kilometres and metres); ``76%`` =
``76 per cent`` = ``76 percent`` = ``76pc``; ``0.25 percentage points``
and ``25 basis points`` are 0.25 ``pp``.  A scale written once covers a
range: ``$1-2bn`` = [1e9, 2e9], ``20-25,000`` = [20000, 25000].

Other units: ``"age"`` in years ("a 9-year-old boy", "aged 65 and over",
"John Smith, 45,"), so that two ages of one person can conflict;
``"ordinal"`` ("Mr Brown's ninth budget"); a price or rate ("£9.50 an
hour": ``GBP/hour``); distances, weights and temperatures (``km``, ``mi``,
``t``, ``°C`` ...); and the unit of a compound adjective ("a 10-year
sentence": ``year``).  A plain count has no unit.

Years ("in 2014", "a 1987 treaty"; but "more than 2000 people" and
"2000 troops" are counts), dates, clock times, phone numbers, sports
scores and vote tallies ("won 6-4", "a 3-1 defeat"), decades ("1980s"),
model and reference numbers ("F-16", "G7", "COVID-19", "Boeing 737",
"No. 10", "Article 5"), street addresses and URLs are not quantities (but
:func:`find_numbers` gives the value of every number written, claim or
not: ordinals in names, Roman numerals, decades, years);
"one of the" and a bare "a" are not counts.  "From X to Y" after a verb of
change ("rose from 5% to 7%") is an old and a new figure, not a range.

What is counted is the noun phrase after the figure ("five French and
U.S. military aircraft", "76% of voters"), or for a share, a sum or a
measure with none after it the noun before ("unemployment rose to 5%");
``head`` folds plurals and synonyms ("soldiers", "troops" and "force" are
all ``troop``) so that claims from different articles can be matched.

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

import bisect
import math
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

__all__ = [
    "DEFAULT_TOLERANCE", "Number", "Quantity", "contains", "find_numbers", "find_quantities", "relate", "same_subject",
    "with_subject",
]

DEFAULT_TOLERANCE = 0.1

# --- vocabulary -----------------------------------------------------------------------------------

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100,
}
_FIRST_ORDINALS = {"first": 1, **{k: v for k, v in _ORDINALS.items() if v < 10}}
# Scale words and suffixes: "1.5 million", "a dozen", "£800m", "10k", "$2bn".
_SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12.0,
    "lakh": 1e5, "crore": 1e7,
}
_SCALE_SUFFIXES = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
_CURRENCY_SIGNS = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "hk$": "HKD", "nz$": "NZD",
    "s$": "SGD", "r$": "BRL", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW", "₴": "UAH",
    "usd": "USD", "gbp": "GBP", "eur": "EUR", "jpy": "JPY", "cny": "CNY", "rmb": "CNY", "inr": "INR", "rs": "INR",
    "rs.": "INR", "chf": "CHF", "aud": "AUD", "cad": "CAD", "rub": "RUB", "uah": "UAH",
}
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "pound": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "franc": "CHF", "francs": "CHF", "swiss francs": "CHF", "hryvnia": "UAH", "hryvnias": "UAH",
    "peso": "MXN", "pesos": "MXN",
}
_CURRENCY_CODES = frozenset(_CURRENCY_SIGNS.values()) | frozenset(_CURRENCY_WORDS.values())
# Measures written after a figure ("10km", "5 tonnes", "40C"), by their canonical symbol.
_MEASURES = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mile": "mi", "miles": "mi", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "cm": "cm", "centimetres": "cm", "centimeters": "cm", "mm": "mm", "millimetres": "mm", "millimeters": "mm",
    "ft": "ft", "foot": "ft", "feet": "ft", "inch": "in", "inches": "in",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilos": "kg", "tonne": "t", "tonnes": "t", "ton": "t",
    "tons": "t", "metric tons": "t", "lb": "lb", "lbs": "lb",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "kmh": "km/h",
    "ha": "ha", "hectare": "ha", "hectares": "ha", "acre": "acre", "acres": "acre",
    "sq km": "km2", "square kilometres": "km2", "square kilometers": "km2", "km²": "km2",
    "square miles": "mi2", "sq miles": "mi2", "litre": "l", "litres": "l", "liter": "l", "liters": "l",
    "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    "degrees celsius": "°C", "degrees centigrade": "°C", "degrees fahrenheit": "°F", "degrees c": "°C",
    "degrees f": "°F", "degrees": "°", "degree": "°", "°c": "°C", "°f": "°F", "c": "°C", "f": "°F", "°": "°",
}
_SIGNED_UNITS = frozenset({"°C", "°F", "°"})
# "a 10-year sentence", "a 5,000-strong force": the unit of a compound adjective (None: a count of members).
_COMPOUND_UNITS: dict[str, str | None] = {
    "year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour", "minute": "minute",
    "second": "second", "mile": "mi", "kilometre": "km", "kilometer": "km", "km": "km", "metre": "m",
    "meter": "m", "foot": "ft", "ft": "ft", "inch": "in", "page": "page", "storey": "storey", "story": "storey",
    "seat": "seat", "bed": "bed", "point": "point", "acre": "acre", "hectare": "ha", "tonne": "t", "ton": "t",
    "room": "room", "strong": None, "member": None, "man": None, "person": None,
}
_AGE_IN_YEARS = {"year": 1.0, "month": 1 / 12, "week": 1 / 52, "day": 1 / 365}
# What a price or a wage is per: "£9.50 an hour", "$85 a barrel", "£5 per person".
_SPREAD_BEFORE = re.compile(
    r"(?:\d(?:bn|m|k)?|billion|million|thousand|spread|paid|repaid|phased|invest(?:ed|ing)?|spen[dt]|spending|"
    r"delivered|rolled\s+out|cut|saved?|raised?|built|build|fell|fall(?:en)?|r[io]se|risen|gr[eo]wn?|grew|"
    r"increased?|decreased?|declined?|doubled?|tripled?|halved?|repay|borrow(?:ed)?)\W*\s*$",
    re.IGNORECASE,
)
_PERIODS = {"year": "year", "annum": "year", "month": "month", "week": "week", "day": "day", "hour": "hour",
            "head": "person", "person": "person", "barrel": "barrel", "ounce": "ounce", "litre": "litre",
            "liter": "litre", "gallon": "gallon", "share": "share", "tonne": "tonne", "kilo": "kg", "night": "night"}

# Vague amounts: the interval each word stands for ("dozens" is at least two dozen, and fewer than 100,
# where "hundreds" would be said).  Multiplied by the scale of "tens of thousands".
_VAGUE_MULTIPLES = {
    "tens": (20, 99), "dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2000, 9999),
    "millions": (2e6, 9_999_999), "billions": (2e9, 9_999_999_999), "trillions": (2e12, 9_999_999_999_999),
}
_VAGUE_FEW = {"several": (3, 9), "a few": (2, 5), "a couple": (2, 3), "a couple of": (2, 3), "a handful": (2, 6),
              "a handful of": (2, 6)}

# Qualifiers, by what they do to the figure X (or the interval [L, H] of a vague figure):
#   le [0, H]; lt [0, H); ge [L, ∞); gt (L, ∞); about [L(1-t), H(1+t)]; almost [L(1-t), H];
#   just_gt (L, H(1+t)]; just_lt [L(1-t), H); eq [L, H].
_QUALIFIERS = {
    "up to": "le", "as many as": "le", "as much as": "le", "at most": "le", "no more than": "le",
    "not more than": "le", "a maximum of": "le", "maximum of": "le", "a max of": "le", "no higher than": "le",
    "not exceeding": "le", "less than or equal to": "le", "fewer than or equal to": "le",
    "equal to or less than": "le", "equal to or fewer than": "le", "equal to or lower than": "le", "at or below": "le",
    "no greater than": "le", "<=": "le", "=<": "le", "≤": "le", "⩽": "le",
    "more than": "gt", "over": "gt", "above": "gt", "in excess of": "gt", "upwards of": "gt", "exceeding": "gt",
    "greater than": "gt", "higher than": "gt", "north of": "gt", "well over": "gt", "well above": "gt",
    "far more than": "gt", "many more than": "gt", "well in excess of": "gt",
    "at least": "ge", "no fewer than": "ge", "no less than": "ge", "not less than": "ge", "not fewer than": "ge",
    "a minimum of": "ge", "minimum of": "ge", "as few as": "ge", "as little as": "ge",
    "greater than or equal to": "ge", "more than or equal to": "ge", "equal to or greater than": "ge",
    "equal to or more than": "ge", "equal to or higher than": "ge", "at or above": "ge", "no lower than": "ge",
    ">=": "ge", "=>": "ge", "≥": "ge", "⩾": "ge", ">": "gt", "<": "lt", "~": "about", "≈": "about",
    "under": "lt", "fewer than": "lt", "less than": "lt", "below": "lt", "lower than": "lt", "short of": "lt",
    "well under": "lt", "well below": "lt", "far fewer than": "lt", "far less than": "lt",
    "just over": "just_gt", "just above": "just_gt", "slightly more than": "just_gt", "a little over": "just_gt",
    "a little more than": "just_gt", "just more than": "just_gt", "slightly over": "just_gt",
    "slightly above": "just_gt",
    "just under": "just_lt", "just below": "just_lt", "slightly less than": "just_lt",
    "slightly fewer than": "just_lt", "just short of": "just_lt", "a little under": "just_lt",
    "a little less than": "just_lt", "slightly under": "just_lt", "slightly below": "just_lt",
    "just shy of": "just_lt", "just fewer than": "just_lt", "just less than": "just_lt",
    "nearly": "almost", "almost": "almost", "close to": "almost", "not quite": "almost", "approaching": "almost",
    "about": "about", "around": "about", "some": "about", "roughly": "about", "approximately": "about",
    "approx.": "about", "approx": "about", "an estimated": "about", "estimated": "about", "circa": "about",
    "c.": "about", "ca.": "about", "more or less": "about", "in the region of": "about",
    "of the order of": "about", "on the order of": "about", "something like": "about", "an approximate": "about",
    "an approximate rate of": "about", "an estimated rate of": "about", "an approximate total of": "about",
    "an estimated total of": "about", "an approximate level of": "about", "an estimated level of": "about",
    "exactly": "eq", "precisely": "eq", "only": "eq", "just": "eq", "a total of": "eq",
}
# Qualifiers that also introduce a year ("around 2000", "by 2030"): a year-like figure after them is a year
# unless a plural noun follows ("around 2000 people").
_WEAK_QUALIFIERS = frozenset({"about", "around", "circa", "c.", "ca.", "some", "estimated", "just", "only", "over",
                              "under", "exactly", "approaching"})

_STOP = frozenset(
    "the a an of to in on at by for with from and or but nor as that which who whom whose this these those it its "
    "their his her our your my me him them us we they he she you i is are was were be been being am has have had "
    "do does did will would could should may might can must shall than then there here when where while after "
    "before since during over under about into onto upon across against along among around between per each every "
    "all some any no not more less most least such so very also just only still even yet again ago apiece alone "
    "altogether overall later earlier now today yesterday tomorrow if because though although whether via like "
    "unlike despite within without toward towards through throughout up down out off back away worth including "
    "according reportedly allegedly recently already currently previously originally initially respectively "
    "roughly approximately nearly almost mostly mainly largely annually said says say told tells reported died "
    "fled fell rose went came left took made got saw lost won held sent began remain remains remained became gave "
    "stood paid spent found thought knew brought bought built met fought struck seems appeared includes means "
    "wants needs another other others last next rises falls grows stands reaches hits totals exceeds overnight "
    "tonight daily weekly monthly yearly goes makes takes gets comes looks shows gives keeps puts sets "
    "holds owns earns pays sits spends receives suffers lacks uses agrees believes thinks knows feels asks expects "
    "hopes helps allows requires becomes continues appears depends belongs supports opposes accounts attends "
    "lies below above lower higher cheaper dearer bigger smaller stronger weaker better worse faster slower".split()
)
# Words that sit between a subject and its figure ("the minimum wage rises to £9.50", "cut rates by 0.25",
# "a record £1.1tn").
_VERBS_BEFORE = frozenset(
    "cut cuts hit hits put puts set sets raise raises lift lifts lower lowers rise fall grow stand reach total "
    "costs exceed top tops double doubles triple triples treble trebles quadruple halve halves be kept keep keeps "
    "hold holds held stay stays grew shrank sank slid swung took gave ran saw had record whopping staggering mere "
    "low high".split()
)
_ADVERB_ENDINGS = ("ally", "edly", "ously", "ively", "ently", "antly", "ately", "fully", "ably", "ibly", "arply",
                   "ightly", "ghly")
_MODALS = frozenset("will would could should may might can must shall to did does do cannot 'll ’ll".split())
_IRREGULAR_PARTICIPLES = frozenset(
    "gone been done seen taken given risen fallen grown shrunk frozen sold caught chosen driven spoken stolen "
    "written broken beaten shown known thrown drawn worn torn sworn begun become come run".split()
)
# -ing words that are verbs before a figure ("rising to 5%"), unlike "spending", "borrowing", "warming".
_ING_VERBS = frozenset(
    "rising falling growing climbing reaching totalling totaling standing hitting exceeding topping dropping "
    "increasing decreasing jumping soaring surging slipping running being having bringing taking making "
    "including costing affecting killing leaving injuring involving sitting hovering remaining staying "
    "cutting raising lifting lowering holding keeping putting setting closing opening ending finishing valuing "
    "saving".split()
)
# Heads that date a figure rather than say what it measures ("5% in the third quarter", "12% year-on-year").
_TIME_HEADS = frozenset(
    "year month week day quarter decade century hour minute period session morning afternoon evening night "
    "year-on-year month-on-month quarter-on-quarter weekend spring summer autumn winter".split()
)
# A lone participle that names what is counted: "300 killed", "thousands injured".
_COUNTED_PARTICIPLES = frozenset(
    "killed injured wounded arrested detained dead missing displaced evacuated hospitalised hospitalized infected "
    "vaccinated employed unemployed affected rescued".split()
)
# Words of the figure before, not a subject: "from 2.3 per cent", "up from £900 million".
_PERCENT_WORDS = frozenset("pct pc percent bps".split())
_UNIT_TOKENS = frozenset(
    "per cent point points percentage basis pp million billion trillion thousand hundred dozen pence".split()
) | _PERCENT_WORDS | frozenset(_CURRENCY_WORDS) | frozenset(_MEASURES) | frozenset(
    k for k in _SCALE_SUFFIXES if len(k) > 1
)
_NUMBER_WORDS = frozenset(
    [*_ONES, *_TENS, *_SCALE_WORDS, "hundreds", "thousands", "millions", "billions", "dozens", "tens", "scores",
     "several", "half", "minus"]
)
# Plural nouns that modify a following plural head: "police officers", "sales figures".
_NOUN_MODIFIERS = frozenset("police staff media crew news sales arms goods sports customs savings".split())
_DETERMINERS = frozenset("the its their his her our your my these those this that".split())
_EXTRA_WORDS = frozenset("more fewer additional extra further new other".split())
# Heads that are plural or collective without an -s: "300 people", "five French and U.S. military aircraft".
_PLURAL_HEADS = frozenset(
    "people children men women police staff personnel aircraft cattle sheep fish deer livestock data media crew "
    "infantry artillery equipment feet teeth mice geese offspring spacecraft clergy youth militia dead wounded "
    "injured killed missing homeless unemployed elderly".split()
)
_SINGULAR_OF = {
    "people": "people", "children": "child", "men": "man", "women": "woman", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife", "halves": "half",
    "leaves": "leaf", "thieves": "thief", "wolves": "wolf", "shelves": "shelf", "series": "series",
    "species": "species", "news": "news", "crises": "crisis", "analyses": "analysis", "data": "data",
}
_SYNONYMS = {
    "soldier": "troop", "serviceman": "troop", "servicemember": "troop", "force": "troop", "person": "people",
    "individual": "people", "death": "dead", "fatality": "dead", "life": "dead", "killed": "dead",
    "plane": "aircraft", "jet": "aircraft", "warplane": "aircraft", "aeroplane": "aircraft", "airplane": "aircraft",
    "employee": "worker", "staff": "worker", "kid": "child", "vessel": "ship", "warship": "ship", "home": "house",
    "dwelling": "house", "injury": "injured", "wounded": "injured", "demonstrator": "protester",
    "protestor": "protester",
}
# Words that tell a count with its subject before it ("the death toll rose to 300").
_MEASURE_NOUNS = frozenset(
    "toll number total tally count figure population crowd attendance turnout majority rate price cost budget bill "
    "deficit debt salary wage fine fee bonus value level inflation unemployment growth share stake list backlog "
    "queue workforce headcount membership audience".split()
)
# Adjectives after a measure: "20 metres high", "5km away".
_MEASURE_ADJECTIVES = frozenset("high tall long deep wide thick away apart across".split())
# "100m" is metres, "10k" kilometres, before these (athletics, swimming, heights).
_METRE_HEADS = frozenset(
    "sprint race hurdles hurdle freestyle relay butterfly breaststroke backstroke medley dash final swim run "
    "event tall high long deep wide".split()
)
_NATIONALITY = {
    "us": "us", "u.s.": "us", "american": "us", "america": "us", "uk": "uk", "u.k.": "uk", "british": "uk",
    "britain": "uk", "russian": "russia", "russia": "russia", "ukrainian": "ukraine", "ukraine": "ukraine",
    "french": "france", "france": "france", "german": "germany", "germany": "germany", "chinese": "china",
    "china": "china", "nato": "nato", "eu": "eu", "european": "eu", "western": "west", "israeli": "israel",
    "israel": "israel", "palestinian": "palestine", "iranian": "iran", "iran": "iran", "turkish": "turkey",
    "polish": "poland", "italian": "italy", "spanish": "spain", "japanese": "japan", "indian": "india",
    "canadian": "canada", "belarusian": "belarus", "syrian": "syria", "iraqi": "iraq", "afghan": "afghanistan",
}

_CHANGE_VERB = re.compile(
    r"\b(?:rose|rise|rises|rising|risen|fell|fall|falls|falling|fallen|increased?|increases|increasing|"
    r"decreased?|decreases|decreasing|grew|grow|grows|growing|grown|dropped|drops?|dropping|climbed|climbs?|"
    r"jumped|jumps?|soared|soars?|surged|surges?|plunged|plunges?|slumped|declined?|declines|cut|cuts|raised?|"
    r"raises|raising|reduced?|reduces|lowered|lifted|boosted|slashed|doubled|tripled|trebled|halved|went|moved|"
    r"changed|revised|upgraded|downgraded|up|down|widened|narrowed|expanded|shrank|shrunk|rebounded|slipped|slid|"
    r"tumbled|edged|inched|ticked|swung|dipped|eased|rate|number|figure|total|toll|shift|move|change|jump|"
    r"increase|decrease|drop|fall|rise)\b(?:\W+\w+){0,2}\W*$",
    re.IGNORECASE,
)
_SCORE_WORDS = re.compile(
    r"\b(?:won|win|wins|winning|beat|beats|beaten|beating|lost|lose|loses|losing|defeat|defeats|defeated|drew|"
    r"draw|drawn|draws|lead|leads|leading|led|trail|trails|trailed|trailing|scored?|scores|scoreline|victory|"
    r"victories|thrashed|thrashing|routed|rout|edged|hammered|thumped|match|game|final|tie|sets?|half-?time|"
    r"full-?time|aggregate|voted|vote|votes|ruling|ruled|decision|verdict|margin|split|goals?|innings)\b",
    re.IGNORECASE,
)

# --- regular expressions --------------------------------------------------------------------------


def _alternation(phrases: list[str]) -> str:
    """Longest first, spaces matching any run of whitespace."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_E = r"(?![a-z])"  # end of a word (IGNORECASE: not followed by a letter)
_U1 = "one|two|three|four|five|six|seven|eight|nine"
_SMALL = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_U1}){_E})?{_E}"
    rf"|(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_U1}|zero){_E})"
)
_WORDNUM = (
    rf"(?:(?:an?|{_SMALL})\s+hundred{_E}(?:\s+(?:and\s+)?{_SMALL}(?!\s+hundred))?|{_SMALL}"
    rf"|an?(?=\s+(?:thousand|million|billion|trillion|dozen){_E}))"
)
# "three thousand nine hundred and sixty five", "one million two hundred thousand": groups of at most 999
# with falling scale words (checked by _compound_cut; at most four groups after the first, so that the
# ambiguity of "sixty five" / "sixty" + "five" stays bounded).
_BIG_SCALE = r"(?:thousand|million|billion|trillion)"
_COMPOUND = rf"{_WORDNUM}\s+{_BIG_SCALE}{_E}(?:\s+(?:and\s+)?{_WORDNUM}(?:\s+{_BIG_SCALE}{_E})?){{1,4}}"
# "17-1/4", "9-7/8": newswire's mixed numbers (17.25, 9.875) come first.
_DIGITS = r"\d+-[1-9]\d?/(?:2|4|8|16|32|64)(?![\d/])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# "1/2", "3/4": a share written in digits (the numerator below the denominator, checked in _parse).
_DIGIT_FRACTION = r"(?P<dnum>[1-9])/(?P<dden>[2-9]|10)(?![\d/.,])"
_SCALE = (
    rf"(?<=\d)\s?(?:bn|bln|mn|mln|tn|trn){_E}|(?<=\d)(?:m|k|b){_E}"
    rf"|(?:\s+(?:thousand|million|billion|trillion|dozen|lakh|crore){_E}){{1,2}}"
)
_VAGUE = (
    rf"(?P<vmult>(?:tens|scores)(?=\s+of\b)|dozens|hundreds|thousands|millions|billions|trillions){_E}"
    rf"(?:\s+of\s+(?P<vscale>thousands|millions|billions|trillions){_E})?"
    rf"|(?P<vfew>several|a\s+few|a\s+couple(?:\s+of)?|a\s+handful(?:\s+of)?){_E}"
    rf"(?:\s+(?P<vfscale>dozen|hundred|thousand|million|billion|trillion){_E})?"
)
_FRACTION = (
    rf"(?:(?P<fnum>an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
    rf"(?P<fden>{'|'.join(_FRACTIONS)})(?![\w-])"
    rf"(?:\s+(?:of\s+)?an?\s+(?P<fscale>dozen|hundred|thousand|million|billion|trillion){_E}"
    rf"|(?P<fa>\s+an?)(?=\s+(?:percentage[\s-]points?|per[\s-]?cent|percent){_E}))?"
)
_CURRENCY_PREFIX = (
    r"(?:us|au|a|ca|c|hk|nz|s|r)?\$|[£€¥₹₽₩₴]"
    r"|(?-i:USD|GBP|EUR|JPY|CNY|RMB|INR|CHF|AUD|CAD|RUB|UAH|Rs\.?)(?=\s?\d)"
)
_POST = (
    r"\s?%"
    r"|\s?(?:per[\s-]?cent|percent|pct|pc)" + _E
    + r"|\s?(?:percentage[\s-]points?|ppts?|pp)" + _E
    + r"|\s?(?:basis[\s-]points?|bps|bp)" + _E
    + r"|(?:\s+of)?\s+(?:" + _alternation(list(_CURRENCY_WORDS)) + ")" + _E
    + r"|\s+(?-i:USD|GBP|EUR|JPY|CNY|INR|RUB|CHF|AUD|CAD|UAH)(?![A-Za-z])"
    + r"|(?<=\d)p(?![\w])|\s+pence" + _E
    + r"|\s+(?:years?|months?|weeks?|days?)\s+old" + _E
    + r"|(?<=\d)\s?°\s?[CF]?(?![\w])|(?<=\d)[CF](?![\w])"
    + r"|\s?(?:" + _alternation([m for m in _MEASURES if m not in ("c", "f", "°c", "°f", "°")]) + r")(?![\w²])"
)
_AMOUNT = re.compile(
    rf"""(?<![\w.,/#])
    (?P<sign>(?<![%°\-−])[-−](?=[$£€\d.])|(?:minus|negative)\s+)?
    (?:(?P<cur>{_CURRENCY_PREFIX})\s?)?
    (?:(?P<vague>{_VAGUE})
      |(?P<frac>{_FRACTION})
      |(?P<dfrac>{_DIGIT_FRACTION})
      |(?P<cwords>{_COMPOUND})
      |(?:(?P<digits>{_DIGITS})|(?P<words>{_WORDNUM}))(?P<half>\s+and\s+a\s+half)?(?P<scale>{_SCALE})?)
    (?P<post>{_POST})?
    (?P<rate>(?:\s+|-)(?:a|an|per)[\s-](?P<period>{'|'.join(_PERIODS)}){_E}
      (?!\s+(?:earlier|ago|before|later|after|previously)\b))?
    (?P<compound>-(?P<cunit>{'|'.join(_COMPOUND_UNITS)})(?P<old>-olds?)?)?
    (?![\w])""",
    re.IGNORECASE | re.VERBOSE,
)
_PREFIX = re.compile(
    rf"(?:(?<![\w])(?P<aged>aged)\s+)?(?:(?<![\w])(?P<pre>between|from)\s+)?"
    rf"(?:(?:(?<![\w])|(?=[<>≤≥⩽⩾=~≈]))(?P<qual>{_alternation(list(_QUALIFIERS))})\s*)?$",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"(?P<ge>\s+or\s+(?:more|above|over|higher|greater|upwards)|\s+and\s+(?:over|above|upwards|up|older|more)"
    r"|\+(?!\s*\d)|-plus|\s+plus(?!\s*[\d$£€]))(?![\w])"
    r"|(?P<le>\s+or\s+(?:fewer|less|below|under|lower)|\s+and\s+(?:under|below|younger|fewer|less))(?![\w])"
    r"|(?P<about>\s+or\s+so|\s+or\s+thereabouts)(?![\w])|(?P<odd>-odd)(?![\w])",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"\s*(?P<sep>-|–|—|~|to|through|thru|and|or)\s*", re.IGNORECASE)
_PROPORTION_GAP = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?", re.IGNORECASE)
_ORDINAL = re.compile(
    rf"(?:(?<=\s)|^)(?P<det>the|a|an|its|his|her|their|our|my|your|this|[\w.]+['’]s)\s+"
    rf"(?P<ord>(?:{'|'.join(_TENS)})-(?:{'|'.join(_FIRST_ORDINALS)})|{'|'.join(_ORDINALS)}|\d+(?:st|nd|rd|th))"
    rf"(?=\s+[a-z])",
    re.IGNORECASE,
)
_ORDINAL_NOUN_SKIP = frozenset(
    "century centuries half hand party parties person world quarter class rate cousin degree floor place row "
    "string nature opinion thought thoughts wind guess look glance language generation tier division largest "
    "biggest most best last".split()
)

_ORD = (
    rf"(?:{'|'.join(_TENS)})-(?:{'|'.join(_FIRST_ORDINALS)})|{'|'.join(sorted(_ORDINALS, key=len, reverse=True))}"
    r"|first|\d+(?:st|nd|rd|th)"
)
_ORDINAL_RANGE = re.compile(
    rf"(?<![\w])(?P<pre>between|from)\s+(?:the\s+)?(?P<a>{_ORD})\s+(?P<sep>and|to|through|thru)\s+(?:the\s+)?"
    rf"(?P<b>{_ORD})(?![\w-])"
    rf"|(?<![\w])(?P<da>\d+(?:st|nd|rd|th))\s*[-–]\s*(?P<db>\d+(?:st|nd|rd|th))(?![\w-])",
    re.IGNORECASE,
)
_ANY_ORDINAL = re.compile(rf"(?<![\w'’-])(?:{_ORD})(?![\w'’]|-\w)", re.IGNORECASE)
# Numbers that are values but not claims (issue 10 compares them when they change).
_DECADE = re.compile(
    r"(?<![\w'’.,])(?P<full>(?:1[0-9]|20)\d0)s(?![\w'’])"
    r"|(?<![\w])['’](?P<short>\d0)s(?![\w'’])"
    r"|(?<![\w'’.,])(?P<bare>[1-9]0)s(?![\w'’])"
    r"|(?<![\w])(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![\w])",
    re.IGNORECASE,
)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:her|his|their|its|my|your|our)\s+(?:(?:early|mid|late)[\s-]+)?$", re.I)
_ROMAN = re.compile(r"(?P<prev>(?<![\w'’])[A-Z][A-Za-z'’.-]*)\s+(?P<roman>[IVXL]+)(?![\w'’]|-\w)")
_ROMAN_VALID = re.compile(r"(?=[IVXL])(?P<tens>XC|L?X{0,3}|XL)(?P<ones>IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|"
    r"OCTOBER|NOVEMBER|DECEMBER)(?![a-z])"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Spans that hold figures but are not quantities.  Case-sensitive: months and street names are capitalised.
_NOT_QUANTITY_CS = re.compile(
    rf"""
      \b{_MONTH}\.?\s+{_DAY}(?:\s*[-–]\s*{_DAY})?(?:,?\s+\d{{4}})?(?!\d|[,.]\d)   # December 14(, 2021), Dec. 23
    | \b{_DAY}(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+\d{{4}})?      # 14 December 2021
    | \b\d+[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Square|Place|Boulevard|
        Drive|Terrace|Crescent|Close|Gardens)\b                                # 10 Downing Street
    """,
    re.VERBOSE,
)
_NOT_QUANTITY = re.compile(
    r"""
      (?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+                # URLs, e-mail addresses
    | \b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\b\.?)?                           # 10:30, 10:30pm
    | \b\d{1,2}(?:[.:]\d{2})?\s?(?:[ap]\.m\.?|[ap]m(?![a-z]))                   # 3pm, 3 p.m., 10.30am
    | \b\d{1,2}[.:]?\d{2}\s?(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|ET|hrs|local\s+time)(?![a-z])   # 0900 GMT
    | \b\d{1,2}\s+o['’]clock
    | \b(?=[a-z]+\s+\d)(?:at|from|until|till|by|before|after)\s+\d{1,2}\.[0-5]\d(?![\d%])
        (?!\s*(?:%|per|percent|pc\b|pp\b|percentage|[mbk]n?\b|million|billion|trillion|thousand|points?|degrees|°))
    | \b\d+(?:[:/]\d+)+                                                         # 3:1, 9/11, 24/7, 2020/21
    | \b\d{1,4}([/.-])\d{1,2}\1\d{2,4}\b                                        # 14/12/2021, 2021-12-14
    | (?<![\d,.])(?:\d\d)?\d0s(?![a-z])|['’]\d0s(?![a-z])                        # 1980s, 80s, '80s
    | (?<![\d,.])(?:1[89]|20)\d\d\s*[-–/]\s*\d\d(?![\d,.%])                     # 2014-15, 1990–91
    | \b(?=[a-z]+\.?\s?\#?\d)(?:no|nos|number|art|article|section|sec|chapter|ch|page|pages|pp|para|paragraph|clause|rule|resolution|
         item|exhibit|episode|season|series|vol|volume|issue|version|act|phase|stage|level|tier|category|cat|
         grade|district|ward|gate|platform|terminal|route|highway|interstate|flight|room|suite|unit|block|floor|
         channel|amendment|protocol|model|type|row|step|part|title|apartment|apt|junction|exit|pier|berth|
         division|league|bus|line|lane|bed|seat|table|fig|box|plot|door|court|code|
         zone|band|class|group|camp|sector|base|checkpoint)\.?\s?\#?\d+[a-z]?(?![\w,]|\.\d)
    | \#\d+
    | (?<![\w$£€])(?!(?:usd|gbp|eur|jpy|cny|rmb|inr|chf|aud|cad|rub|uah|rs)\.?\d)
      [a-z]+\.?[-/]?\d[\w./-]*                                                  # F-16, G7, COVID-19, MH17
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PHONE = re.compile(
    r"(?<![\w.,])(?P<plus>\+\s?\d{1,3}[\s.-]?)?(?P<paren>\(\d{1,5}\)\s?)?\d{1,5}(?:[\s.-]\(?\d{1,6}\)?){1,4}"
    r"(?![\w,]|\.\d)"
)
# "Boeing 737", "Windows 10", "Formula One": a capitalised word before a bare number names something.
_NAME_NUMBER = re.compile(r"(?<![\w.])(?P<w>[A-Z][A-Za-z]*)\s+(?P<n>\d+(?:[-/]\d+)*[A-Za-z]?)(?![\w,%]|\.\d)")
_NOT_NAMES = frozenset(
    "the a an some about around over under nearly almost roughly approximately more fewer less than only just all "
    "another between from to and but or nor of in on at by for with as up down its their his her our my your these "
    "those this that when while after before since until till exactly precisely perhaps maybe even then now today "
    "yesterday tomorrow last next aged age ages least most top total further additional extra where why how what "
    "who which whose if although though because so yet also still through across against among during within "
    "without via per like unlike despite circa estimated estimates some nearly into onto upon toward towards "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec police officials "
    "rs usd gbp eur jpy cny rmb inr chf aud cad rub uah "
    "reports report there here it he she they we i you police".split()
)
_SCALE_OR_UNIT_AFTER = re.compile(
    r"\s*(?:%|per\s?cent|percent|pc\b|million|billion|trillion|thousand|bn\b|mn\b|percentage)", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(
    rf"\b(?:{'|'.join([*_ONES, *_TENS, *_SCALE_WORDS, *_ORDINALS, *_FRACTIONS])}|dozens|tens|scores|hundreds|"
    r"thousands|millions|billions|trillions|several|few|couple|handful)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*|\S")


# --- the claim ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A quantity claim: an interval with a unit and a subject.

    ``low``/``high`` are ``None`` when unbounded; ``unit`` is a currency
    code (``"GBP"``), ``"%"``, ``"pp"`` (percentage points), ``"ordinal"``,
    ``"age"`` (years), a measure (``"km"``) or ``None`` for a plain count.
    ``value`` is the shortest phrase that carries the figure ("up to
    100,000"); ``text`` includes what is counted ("up to 100,000 troops"),
    and ``sentence[start:end] == text``.  ``subject`` is what is counted
    ("Russian troops"), ``head`` the key of its head noun used to match
    claims across articles ("troop"), ``modifiers`` the other words of the
    subject in lower case.  ``vague`` marks estimates ("about",
    "tens of thousands"); ``qualifier`` is the qualifier as written, in
    lower case ("up to", "between", "or more").
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
        """The claim as a JSON-ready dict (the fields of a ``quantity`` fact).

        Examples
        --------
        >>> find_quantities("about 5% of voters")[0].record()["low"]
        4.5
        """
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
        >>> find_quantities("temperatures below -5C")[0].interval()
        '(-∞, -5)'
        """

        def num(x: float | None, inf: str) -> str:
            if x is None:
                return inf
            return f"{x:.0f}" if float(x).is_integer() else f"{x:g}"

        left = "[" if self.low_closed and self.low is not None else "("
        right = "]" if self.high_closed and self.high is not None else ")"
        return f"{left}{num(self.low, '-∞')}, {num(self.high, '∞')}{right}"


@dataclass
class _Amount:
    """One figure as written ("£1.5bn", "tens of thousands", "two-thirds"), before qualifiers and ranges."""

    start: int
    end: int
    low: float
    high: float
    base: float  # the number before its scale, for "$1-2bn"
    factor: float  # the scale written (1.0 when none)
    unit: str | None
    vague: bool
    form: str  # digits | words | fraction | vague
    plain: bool  # an integer with nothing attached: no sign, currency, scale, unit
    fraction_of: bool  # a fraction that needs "of", a determiner or a qualifier to be a quantity
    period: str | None = None


def _r(x: float) -> float:
    """Round away binary noise (15 significant digits) so that 1.4 * 1e6 == 1_400_000 and 6.4bn == 6,400m."""
    return float(f"{x:.15g}") if math.isfinite(x) else x


def _digits_value(text: str) -> float:
    """The value of a figure in digits, mixed numbers included.

    Examples
    --------
    >>> _digits_value("1,250.5"), _digits_value("17-1/4"), _digits_value("9-7/8")
    (1250.5, 17.25, 9.875)
    """
    whole, dash, frac = text.partition("-")
    if dash and "/" in frac:
        num, den = frac.split("/")
        return float(whole) + int(num) / int(den)
    return float(text.replace(",", ""))


def _words_value(text: str) -> float:
    """ "one hundred and fifty" → 150, "twenty-five" → 25, "a" → 1, "three thousand nine hundred and sixty
    five" → 3965 (scale words close a group: the caller checks that they fall, see :func:`_compound_cut`)."""
    total = 0.0
    current = 0.0
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("a", "an"):
            current = 1.0
        elif w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in _BIG_SCALES:
            total += (current or 1.0) * _BIG_SCALES[w]
            current = 0.0
    return total + current


_BIG_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_BIG_SCALE_WORD = re.compile(_BIG_SCALE + _E, re.IGNORECASE)


def _compound_cut(text: str) -> int | None:
    """Where a compound number word stops making sense, or None when all of it does: its scale words
    must fall ("one million two hundred thousand"), so "one thousand and two thousand" is cut after
    "one thousand" (offset 12), leaving "and two thousand" to a range."""
    last = math.inf
    prev_end = 0
    for m in _BIG_SCALE_WORD.finditer(text):
        scale = _BIG_SCALES[m.group().lower()]
        if scale >= last:
            return prev_end
        last, prev_end = scale, m.end()
    return None


def _scale_factor(text: str | None) -> float:
    if not text:
        return 1.0
    t = text.strip().lower()
    if t in _SCALE_SUFFIXES:
        return _SCALE_SUFFIXES[t]
    factor = 1.0
    for w in t.split():
        factor *= _SCALE_WORDS[w]
    return factor


def _percent_interval(share: Fraction) -> tuple[float, float, bool]:
    """A share as a percentage: exact when it terminates (a quarter: 25), else the whole percentages
    around it (a third: [33, 34]), marked vague."""
    p = share * 100
    d = p.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return _r(float(p)), _r(float(p)), False
    step = 1 if p >= 1 else Fraction(1, 100)
    lo = math.floor(p / step) * step
    return _r(float(lo)), _r(float(lo + step)), True


def _post_unit(post: str) -> tuple[str, float]:
    """The unit written after a figure and the factor it applies ("50p": GBP, 0.01)."""
    p = " ".join(post.lower().split())
    if p.startswith("of "):
        p = p[3:]
    compact = p.replace(" ", "").replace("-", "")
    if compact in ("%", "percent", "pct", "pc"):
        return "%", 1.0
    if compact.startswith("percentagepoint") or compact in ("pp", "ppt", "ppts"):
        return "pp", 1.0
    if compact.startswith("basispoint") or compact in ("bp", "bps"):
        return "pp", 0.01
    if p in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[p], 1.0
    if p.upper() in _CURRENCY_CODES:
        return p.upper(), 1.0
    if p in ("p", "pence"):
        return "GBP", 0.01
    m = re.fullmatch(r"(year|month|week|day)s? old", p)
    if m:
        return "age", _AGE_IN_YEARS[m.group(1)]
    return _MEASURES.get(p) or _MEASURES.get(compact) or p, 1.0


def _sentence_start(sentence: str, pos: int) -> bool:
    before = sentence[:pos].rstrip()
    return not before or before[-1] in ".!?:;\"“”‘'(—–-\n"


def _scan(sentence: str) -> list[_Amount]:
    """Every figure written in ``sentence`` (context is judged later)."""
    out: list[_Amount] = []
    pos = 0
    while (found := _AMOUNT.search(sentence, pos)) is not None:
        m: re.Match[str] = found
        if m.group("cwords"):
            cut = _compound_cut(m.group("cwords"))
            if cut is not None:  # "between one thousand and two thousand": read "one thousand" alone
                again = _AMOUNT.match(sentence, m.start(), m.start("cwords") + cut)
                if again is None:  # cannot happen: a number word and its scale always match
                    pos = m.end()
                    continue
                m = again
        pos = m.end()
        nxt = sentence[m.end() : m.end() + 6].lower()
        if nxt[:1] == "-" and nxt[1:2].isalpha() and not nxt.startswith(("-plus", "-odd")):
            continue  # "5-star", "one-off": part of a compound word
        amount = _parse(m, sentence)
        if amount is None and m.group("frac") and m.group("fnum"):
            # "five quarters" is not a fraction: read the number word alone.
            again = _AMOUNT.match(sentence[: m.start("fnum") + len(m.group("fnum"))], m.start("fnum"))
            amount = _parse(again, sentence) if again is not None else None
        if amount is not None:
            out.append(amount)
    return out


def _parse(m: re.Match[str], sentence: str) -> _Amount | None:
    g = m.group
    unit: str | None = None
    factor = 1.0
    vague = False
    fraction_of = False
    form: str
    if g("vague"):
        form, vague = "vague", True
        if g("vmult"):
            lo_m, hi_m = _VAGUE_MULTIPLES[g("vmult").lower()]
            scale = _SCALE_WORDS[g("vscale").lower()[:-1]] if g("vscale") else 1.0
            low, high = lo_m * scale, (hi_m + 1) * scale - 1
        else:
            lo_f, hi_f = _VAGUE_FEW[" ".join(g("vfew").lower().split())]
            scale = _SCALE_WORDS[g("vfscale").lower()] if g("vfscale") else 1.0
            low, high = lo_f * scale, hi_f * scale
        base = low
    elif g("dfrac"):  # "1/2": a share, like "half"
        form = "fraction"
        numerator, denominator = int(g("dnum")), int(g("dden"))
        if numerator >= denominator:
            return None  # "3/2", "9/9": not a share of something
        low, high, vague = _percent_interval(Fraction(numerator, denominator))
        base, unit, fraction_of = low, "%", True
    elif g("frac"):
        form = "fraction"
        num_word = (g("fnum") or "").lower()
        den_word = g("fden").lower()
        plural = den_word.endswith("s")
        numerator = 1 if num_word in ("", "a", "an", "one") else _ONES[num_word]
        if plural != (numerator > 1) or (not num_word and den_word != "half"):
            return None  # "two third", "ninth" alone: not a fraction
        share = Fraction(numerator, _FRACTIONS[den_word])
        if share >= 1 and not g("fscale"):
            return None  # "five quarters", "three halves": counts of quarters, not fractions
        if g("fscale"):  # "half a million", "a quarter of a billion": a count
            low = high = base = float(share) * _SCALE_WORDS[g("fscale").lower()]
        elif g("fa"):  # "half a percentage point": a figure in the unit that follows
            low = high = base = float(share)
        else:
            low, high, vague = _percent_interval(share)
            base, unit, fraction_of = low, "%", True
    else:
        if g("digits"):
            form = "digits"
            base = _digits_value(g("digits"))
        else:
            form = "words"
            group = "words" if g("words") else "cwords"
            words = g(group)
            if words[0].isupper() and not _sentence_start(sentence, m.start(group)):
                return None  # "Formula One", "Ocean's Eleven", "the Group of Seven"
            base = _words_value(words)
        if g("half"):
            base += 0.5
        factor = _scale_factor(g("scale"))
        low = high = base * factor
    if g("cur"):
        unit = _CURRENCY_SIGNS[g("cur").lower()]
    if g("post"):
        post_unit, post_factor = _post_unit(g("post"))
        if unit is None or post_unit not in _CURRENCY_CODES:  # "$5 million dollars" keeps the sign
            unit = post_unit
        low, high = low * post_factor, high * post_factor
    if g("compound"):
        cunit = g("cunit").lower()
        if g("old"):
            if cunit not in _AGE_IN_YEARS:
                return None
            unit = "age"
            low, high = low * _AGE_IN_YEARS[cunit], high * _AGE_IN_YEARS[cunit]
        else:
            unit = _COMPOUND_UNITS[cunit]
    if g("sign"):
        low, high, base = -high, -low, -base
    period = _PERIODS[g("period").lower()] if g("period") else None
    plain = form in ("digits", "words") and not (
        g("sign") or g("cur") or g("scale") or g("post") or g("half") or g("compound") or period
    ) and float(base).is_integer()
    return _Amount(
        start=m.start(),
        end=m.end(),
        low=_r(low),
        high=_r(high),
        base=base,
        factor=factor,
        unit=unit,
        vague=vague,
        form=form,
        plain=plain and (form == "words" or "." not in g("digits")),
        fraction_of=fraction_of,
        period=period,
    )


# --- masks ----------------------------------------------------------------------------------------


def _masked_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans that contain figures but are not quantities (dates, phones, model names ...)."""
    spans = [m.span() for m in _NOT_QUANTITY.finditer(sentence) if not _is_share(m.group())]
    spans += [m.span() for m in _NOT_QUANTITY_CS.finditer(sentence)]
    for m in _PHONE.finditer(sentence):
        groups = re.findall(r"\d+", m.group())
        if sum(len(x) for x in groups) < 7:
            continue
        two_part = len(groups) == 2 and re.fullmatch(r"\d{3}[-.]\d{4}", m.group()) and not groups[1].endswith("00")
        if m.group("plus") or m.group("paren") or groups[0].startswith("0") or len(groups) >= 3 or two_part:
            spans.append(m.span())
    for m in _NAME_NUMBER.finditer(sentence):
        word = m.group("w")
        if word.lower() in _NOT_NAMES or _SCALE_OR_UNIT_AFTER.match(sentence, m.end()):
            continue
        spans.append(m.span("n"))
    return spans


_SHARE = re.compile(r"([1-9])/([2-9]|10)")


def _is_share(text: str) -> bool:
    """ "1/2", "3/4": a share in digits, not a reference ("9/11", "24/7", "3:1")."""
    m = _SHARE.fullmatch(text)
    return m is not None and int(m.group(1)) < int(m.group(2))


class _Spans:
    """Disjoint spans kept sorted, so that an overlap test is a binary search (a paragraph of 200 KB may
    hold thousands of figures and masks)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            if self.ends and s < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], e)  # merge overlapping masks
            else:
                self.starts.append(s)
                self.ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.ends, s)
        return i < len(self.starts) and self.starts[i] < e

    def add(self, s: int, e: int) -> None:
        """Add a span that overlaps none already held."""
        i = bisect.bisect_right(self.ends, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


# --- subjects -------------------------------------------------------------------------------------


def _tokens(text: str, pos: int, end: int) -> list[tuple[str, int, int]]:
    return [(t.group(), pos + t.start(), pos + t.end()) for t in _TOKEN.finditer(text[pos:end])]


def _is_stop(low: str) -> bool:
    """A function word, a common verb or a negated auxiliary ("doesn't")."""
    return low in _STOP or low.endswith(("n't", "n’t"))


def _is_word(tok: str) -> bool:
    return tok[0].isalpha()


def _plural_like(tok: str, last: bool) -> bool:
    low = tok.lower()
    if low in _PLURAL_HEADS:
        return True
    if tok[0].isupper():  # "Ukrainians", "Israelis" at the end; not "Texas residents", "US troops"
        return last and not tok.isupper() and low.endswith("s") and not low.endswith(("ss", "us", "'s", "’s"))
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))


def _participle(word: str) -> bool:
    """ "signed", "massing" (not "speed", "need", "thing", "king")."""
    if word.endswith("ed"):
        return len(word) > 4 and not word.endswith("eed")
    return word.endswith("ing") and len(word) > 5


def _subject_after(
    sentence: str, pos: int, *, skip_of: bool = True, skip_det: bool = False
) -> tuple[str | None, str | None, int]:
    """The noun phrase a figure counts: "100,000 Russian troops" → "Russian troops".

    Returns (subject, head word, end offset); the head is the first plural-looking noun (or the last word of
    the phrase when none is plural), so that "300 people fled" gives "people" and "a £800m deal" "deal".
    ``skip_of`` passes over "of the" ("76% of the vote"), ``skip_det`` over a determiner ("half the money").
    """
    toks = _tokens(sentence, pos, min(len(sentence), pos + 160))[:14]
    i = 0
    if skip_of and toks and toks[0][0].lower() == "of":  # "76% of the vote", "three of its jets"
        i, skip_det = 1, True
    if skip_det:  # "half the money"; not "383,083 the month before"
        while i < len(toks) and toks[i][0].lower() in _DETERMINERS:
            i += 1
    words: list[tuple[str, int, int]] = []
    head_found = False
    while i < len(toks) and len(words) < 6:
        tok = toks[i][0]
        low = tok.lower()
        if low.split("-")[0] in _NUMBER_WORDS or low in _ORDINALS or (words and low.endswith(("'s", "’s"))):
            break  # the next figure ("three of its jets to escort five ..."), another noun phrase ("Mr Brown's")
        if _is_word(tok) and (not _is_stop(low) or (not words and low in _EXTRA_WORDS)):
            words.append(toks[i])
            if _plural_like(tok, last=False):
                head_found = True
            i += 1
            continue
        # "five French and U.S. military aircraft": coordination before the head noun.
        if (
            words
            and not head_found
            and low in ("and", "or", ",")
            and i + 1 < len(toks)
            and _is_word(toks[i + 1][0])
            and not _is_stop(toks[i + 1][0].lower())
        ):
            words.append(toks[i])
            i += 1
            continue
        break
    while words and (not _is_word(words[-1][0]) or words[-1][0].lower() in ("and", "or")):
        words.pop()
    if not words:
        return None, None, pos
    content = [k for k, w in enumerate(words) if _is_word(w[0]) and w[0].lower() not in ("and", "or")]
    cands = [k for k in content if _plural_like(words[k][0], last=k == content[-1])]
    if cands:
        j = cands[0]
        while j + 1 in cands and words[j][0].lower() in _NOUN_MODIFIERS:  # "police officers"
            j += 1
    else:
        j = content[-1]
        for k in content[1:]:
            if _participle(words[k][0].lower()):  # "a £5m deal signed", "the man arrested"
                j = content[content.index(k) - 1]
                break
        lone = words[content[0]][0].lower()
        if _participle(lone) and not lone.endswith("ing") and lone not in _COUNTED_PARTICIPLES:
            return None, None, pos  # "a crowd of 30,000 gathered": a verb, not what is counted
    chosen = words[: j + 1]
    if all(w.lower() in _EXTRA_WORDS for w, _, _ in chosen):
        return None, None, pos  # "millions more were affected"
    subject = sentence[chosen[0][1] : chosen[-1][2]]
    return subject, chosen[-1][0], chosen[-1][2]


def _nominal(tok: str, prev: str = "") -> bool:
    """A word that can name what a figure measures: not a function word, verb, adverb, possessive, time or
    number word.  ``prev`` is the word before, in lower case ("will lose", "to save": verbs)."""
    low = tok.lower()
    return (
        _is_word(tok)
        and len(low) > 2
        and not _is_stop(low)
        and not (prev in _MODALS and (prev != "to" or not _plural_like(tok, last=True)))
        and low not in _VERBS_BEFORE
        and low not in _IRREGULAR_PARTICIPLES
        and low not in _NUMBER_WORDS
        and low not in _SCALE_SUFFIXES  # "mln", "bln", "trn": "26.0 mln shares from 2.2 mln" counts shares
        and low not in _PERCENT_WORDS  # "a 7-1/2 pct coupon ... to yield 7.56 pct": the coupon, not "pct coupon"
        and low not in _FIRST_ORDINALS
        and low not in _ORDINALS
        and _head_key(low) not in _TIME_HEADS
        and low not in _ING_VERBS
        and low not in _QUALIFIERS
        and not low.endswith(("'s", "’s"))
        and not (low.endswith("ed") and _participle(low))
        and not low.endswith(_ADVERB_ENDINGS)
    )


def _subject_before(sentence: str, start: int) -> tuple[str | None, str | None]:
    """For percentages, money and measures: "the unemployment rate rose to 5%" → "unemployment rate".

    Walks back over verbs, qualifiers and the words of an earlier figure ("from 2.3 per cent") to the
    nearest noun, and takes up to two nouns before it.
    """
    toks = _tokens(sentence, max(0, start - 100), start)
    for k in range(len(toks) - 1, max(-1, len(toks) - 9), -1):
        tok = toks[k][0]
        if tok in (".", ";", ":", "!", "?"):
            break
        prev = toks[k - 1][0].lower() if k > 0 else ""
        nxt = toks[k + 1][0].lower() if k + 1 < len(toks) else ""
        if tok.lower() == "cost" and nxt != "of":
            continue  # "the project cost £5m" (a verb); "a one-off cost of €450m" (a noun)
        of_a_figure = tok.lower() in _UNIT_TOKENS and (
            prev[:1].isdigit() or prev in _UNIT_TOKENS or prev in _NUMBER_WORDS or prev in ("%", "per")
        )
        if not _nominal(tok, prev) or of_a_figure:
            continue
        first = k
        while first > max(0, k - 2) and _nominal(toks[first - 1][0], toks[first - 2][0].lower() if first > 1 else ""):
            first -= 1
        return sentence[toks[first][1] : toks[k][2]], tok
    return None, None


def _singular(word: str) -> str:
    h = word
    if h in _SINGULAR_OF:
        return _SINGULAR_OF[h]
    if h.endswith("men") and len(h) > 4:
        return h[:-3] + "man"
    if h.endswith("ies") and len(h) > 4:
        return h[:-3] + "y"
    if h.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return h[:-2]
    if h.endswith("s") and not h.endswith(("ss", "us", "is")) and len(h) > 3:
        return h[:-1]
    return h


def _head_key(head: str | None) -> str | None:
    """The key claims are matched on: singular, lower case, synonyms folded ("soldiers" → "troop")."""
    if not head:
        return None
    if re.fullmatch(r"[A-Z]{2,}s", head):  # "MPs", "NGOs"
        head = head[:-1]
    h = head.lower().strip("'’.,")
    if h.endswith(("'s", "’s")):
        h = h[:-2]
    h = _SYNONYMS.get(h, h)
    s = _singular(h)
    return _SYNONYMS.get(s, s)


def _modifiers(subject: str | None) -> tuple[str, ...]:
    if not subject:
        return ()
    words = [t.group() for t in _TOKEN.finditer(subject) if _is_word(t.group())]
    return tuple(w.lower() for w in words[:-1] if w.lower() not in ("and", "or"))


# --- intervals ------------------------------------------------------------------------------------


def _apply(
    how: str | None, low: float, high: float, vague: bool, floor: float | None, tolerance: float
) -> tuple[float | None, float | None, bool, bool, bool]:
    """(low, high, low_closed, high_closed, vague) of a figure [low, high] under a qualifier."""

    def down(x: float) -> float:
        return _r(x - abs(x) * tolerance)

    def up(x: float) -> float:
        return _r(x + abs(x) * tolerance)

    if how == "le":
        return floor, high, floor is not None, True, vague
    if how == "lt":
        return floor, high, floor is not None, False, vague
    if how == "ge":
        return low, None, True, False, vague
    if how == "gt":
        return low, None, False, False, vague
    if how == "just_gt":
        return low, up(high), False, True, True
    if how == "just_lt":
        return down(low), high, True, False, True
    if how == "almost":
        return down(low), high, True, True, True
    if how == "about":
        return down(low), up(high), True, True, True
    return low, high, True, True, vague


def _floor(unit: str | None, low: float) -> float | None:
    """Where "up to" and "under" start: 0 for counts, money and shares; unbounded for temperatures."""
    return None if unit in _SIGNED_UNITS or low < 0 else 0.0


def _yearlike(a: _Amount, sentence: str) -> bool:
    return a.plain and a.form == "digits" and re.fullmatch(r"1[5-9]\d\d|20\d\d", sentence[a.start : a.end]) is not None


def _plural_follows(sentence: str, end: int) -> bool:
    _, head, _ = _subject_after(sentence, end, skip_of=False)
    return head is not None and _plural_like(head, last=True)


_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|from|until|till|to|of|the|a|an|its|his|her|their|our|this|that|early|late|mid|before|"
    r"after|during|between|and|around|circa|summer|spring|autumn|fall|winter|year|fiscal|class|vintage)|['’]s)\s*$"
    rf"|\b{_MONTH}\s*,?\s*$",
    re.IGNORECASE,
)


def _is_year(a: _Amount, sentence: str, qual: str | None, before_end: int) -> bool:
    """ "in 2014", "a 1987 treaty", "since 1987", "around 2000" are years; "more than 2000 people",
    "around 2000 people" and "1500 troops" are not.  ``before_end`` is where the qualifier, if any, starts."""
    if not _yearlike(a, sentence):
        return False
    if qual and _norm(qual) not in _WEAK_QUALIFIERS:
        return False
    return bool(_YEAR_BEFORE.search(sentence, max(0, before_end - 30), before_end)) or not _plural_follows(
        sentence, a.end
    )


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# --- extraction -----------------------------------------------------------------------------------


def find_quantities(sentence: str, *, tolerance: float = DEFAULT_TOLERANCE) -> list[Quantity]:
    """Every quantity claim in ``sentence``, as an interval.

    Parameters
    ----------
    sentence
        Text to read (usually one sentence).
    tolerance
        Relative width given to "about", "nearly", "just over", "or so" and
        the like; between 0 and 1.

    Returns
    -------
    list of Quantity
        In order of appearance; ``sentence[q.start:q.end] == q.text``.

    Raises
    ------
    ValueError
        If ``tolerance`` is not in [0, 1).

    Examples
    --------
    >>> [(q.value, q.low, q.high, q.unit) for q in find_quantities("a £800m deal and £6.4bn in aid")]
    [('£800m', 800000000.0, 800000000.0, 'GBP'), ('£6.4bn', 6400000000.0, 6400000000.0, 'GBP')]
    >>> q, = find_quantities("between 75,000-100,000 Russian troops")
    >>> q.low, q.high, q.subject, q.head
    (75000.0, 100000.0, 'Russian troops', 'troop')
    >>> q, = find_quantities("more than half of voters")
    >>> q.value, q.interval(), q.unit, q.subject
    ('more than half', '(50, ∞)', '%', 'voters')
    >>> find_quantities("He was born in 1987 and called 020 7946 0958 on December 14.")
    []
    """
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be in [0, 1), got {tolerance!r}; pass e.g. tolerance=0.1 for 10%")
    has_digit = _DIGIT.search(sentence) is not None
    if not has_digit and not _NUMBER_WORD.search(sentence):
        return []  # most sentences: nothing to read
    masked = _masked_spans(sentence) if has_digit else []  # every mask holds a digit
    mask = _Spans(masked)
    amounts = [a for a in _scan(sentence) if not mask.overlaps(a.start, a.end)]
    out: list[Quantity] = []
    floor_pos = 0  # text before this offset belongs to an earlier claim
    i = 0
    while i < len(amounts):
        a = amounts[i]
        if a.start < floor_pos:
            i += 1
            continue
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        prefix = _prefix(sentence, max(floor_pos, a.start - 60), a.start)
        step, quantity = _claim(sentence, a, b, prefix, tolerance)
        if quantity is not None:
            out.append(quantity)
            floor_pos = quantity.end
        i += step
    taken = _Spans(masked + [(q.start, q.end) for q in out])
    for q in [*_ordinal_ranges(sentence, mask), *_ordinals(sentence)]:
        if not taken.overlaps(q.start, q.end):
            out.append(q)
            taken.add(q.start, q.end)
    out.sort(key=lambda q: q.start)
    return out


# A comparison sign right after a word is markup, not a qualifier ("<SONNF> 5,456,000": a ticker).
_PREFIX_START = re.compile(r"(?<![\w])[^\W\d_]|(?<![\w])[<>≤≥⩽⩾=~≈]")
_MOVED_FROM = re.compile(r"[^.;:!?]{0,60}?\bfrom\s+(?:[$£€¥]\s?)?[\d.,]*\d\s?(?P<unit>[^\s\d.,;]+)", re.IGNORECASE)
_FIRST_UNIT = re.compile(r"\D*?[\d.,]*\d\s?([^\s\d.,;]+)")


def _prefix(sentence: str, lo: int, end: int) -> re.Match[str]:
    """``_PREFIX.search(sentence, lo, end)``, tried only where a qualifier can begin (a word start or a
    comparison sign) instead of at each of some 60 offsets: the same match, several times faster."""
    for start in _PREFIX_START.finditer(sentence, lo, end):
        m = _PREFIX.match(sentence, start.start(), end)
        if m is not None:
            return m
    m = _PREFIX.match(sentence, end, end)
    assert m is not None  # every group is optional: it matches at ``end`` at worst
    return m


def _moved_from(sentence: str, a: _Amount) -> bool:
    """Whether "up to" figure ``a`` is followed by "from" and a figure in the same unit: "were up to 220 mln
    dlrs in March from 110 mln dlrs" says the figure rose to 220, not that it is at most 220."""
    m = _MOVED_FROM.match(sentence, a.end)
    unit = _FIRST_UNIT.match(sentence, a.start)
    return bool(m and unit and m.group("unit").lower() == unit.group(1).lower())


def _claim(
    sentence: str, a: _Amount, b: _Amount | None, prefix: re.Match[str], tolerance: float
) -> tuple[int, Quantity | None]:
    """The claim that starts with amount ``a`` (and may take ``b`` as the end of a range or proportion).

    Returns how many amounts were used (1 or 2) and the claim, if any.
    """
    qual, pre, aged = prefix.group("qual"), prefix.group("pre"), prefix.group("aged")
    if qual and qual.lower() == "up to" and _moved_from(sentence, a):
        qual = None  # "earnings were up to 220 mln dlrs in March from 110 mln": rose to, not at most
    if qual and b is not None and not pre:
        bounded = _bounded_claim(sentence, a, b, qual, prefix.start("qual"))
        if bounded is not None:  # "above 1000 and below 1500", "at least 5 but at most 10"
            return 2, bounded
    pair = _pair(sentence, a, b, pre) if b is not None else None
    if pair == "drop":
        return 2, None
    last = b if pair is not None and b is not None else a
    if last is a and not _stands_alone(sentence, a, qual, prefix.start()):
        return 1, None
    if pair == "proportion":  # "one in three adults"
        low, high, vague = _percent_interval(Fraction(int(a.base), int(last.base)))
        unit: str | None = "%"
    else:
        low, high = _range_low(sentence, a, last), last.high
        vague = a.vague or last.vague
        unit = a.unit or last.unit
        period = a.period or last.period
        if period:  # "£9.50 an hour"
            unit = f"{unit or ''}/{period}"
    if aged and unit is None:
        unit = "age"
    apposed = unit is None and pair is None and not qual and _apposed_age(sentence, a)
    if apposed:
        unit = "age"
    value_start = prefix.start("pre") if pre and pair == "range" else prefix.start("qual") if qual else a.start
    value_end = last.end
    how = _QUALIFIERS[_norm(qual)] if qual else None
    written = [pre if pair == "range" else None, qual]
    suffix = _SUFFIX.match(sentence, value_end) if pair != "proportion" else None
    if suffix and b is not None and last is a and not sentence[suffix.end() : b.start].strip():
        suffix = None  # "over 100 and under 50": "under" is the next figure's qualifier, not "65 and under"
    if suffix:  # "500 or more", "100,000-plus", "200 or so", "40-odd"
        kind = next(k for k in ("ge", "le", "about", "odd") if suffix.group(k))
        how = "just_gt" if kind == "odd" else kind
        value_end = suffix.end()
        written.append(suffix.group().strip().lstrip("-"))
    if aged or apposed:  # "people aged 65 and over", "John Smith, 45,": the subject is before
        subject, head_word = _subject_before(sentence, prefix.start("aged") if aged else a.start)
        end = value_end
    else:
        subject, head_word, end = _subject(sentence, unit, value_end, value_start, fraction=a.form == "fraction")
        after = _POST_NOUN_SUFFIX.match(sentence, end) if how is None and pair is None and end > value_end else None
        if after:  # "10 people or more", "five years or less": the qualifier after what is counted
            how = next(k for k in ("ge", "le", "about") if after.group(k))
            value_end = end = after.end()
            written.append(after.group().strip())
    if (
        how == "gt"
        and qual
        and _norm(qual) == "over"
        and unit is None
        and _head_key(head_word) in _TIME_HEADS
        and _SPREAD_BEFORE.search(sentence[max(0, value_start - 40) : value_start])
    ):
        how = None  # "invest $1.5bn over five years": a period; "the worst in over 60 years" is more than 60
    lo, hi, lo_closed, hi_closed, vague = _apply(how, low, high, vague, _floor(unit, low), tolerance)
    figure = sentence[a.start : a.end]
    if unit is None and figure[-1:].lower() in ("m", "k") and _head_key(head_word) in _METRE_HEADS:
        # "the 100m final", "a 10k run": metres and kilometres, not millions and thousands.
        lo = None if lo is None else _r(lo / a.factor)
        hi = None if hi is None else _r(hi / a.factor)
        unit = "m" if figure[-1:].lower() == "m" else "km"
    text_end = max(end, value_end)
    qualifier = _norm(" ".join(w for w in written if w))
    return (2 if pair else 1), Quantity(
        text=sentence[value_start:text_end],
        value=sentence[value_start:value_end],
        low=lo,
        high=hi,
        low_closed=lo_closed and lo is not None,
        high_closed=hi_closed and hi is not None,
        unit=unit,
        subject=subject,
        head=_head_key(head_word),
        vague=vague,
        qualifier=qualifier or None,
        start=value_start,
        end=text_end,
        modifiers=_modifiers(subject),
    )


_APPOSED = re.compile(r"\b(?P<w>[A-Za-z][\w'’-]+),\s*$")


# Bound qualifiers that a second, opposite one can close: "above 1000 and below 1500" is (1000, 1500).
_LOWER_BOUNDS = frozenset({"gt", "ge"})
_UPPER_BOUNDS = frozenset({"lt", "le"})
_BOUND_JOIN = re.compile(
    rf"\s*,?\s*(?:and|but)\s+(?:(?:also|still)\s+)?"
    rf"(?:(?<![\w])|(?=[<>≤≥⩽⩾=]))(?P<qual>{_alternation([q for q, k in _QUALIFIERS.items() if k in _LOWER_BOUNDS | _UPPER_BOUNDS])})"
    rf"(?![a-z])\s*",
    re.IGNORECASE,
)
# A qualifier after what is counted: "10 people or more", "five years or less", "20 minutes or so".
_POST_NOUN_SUFFIX = re.compile(
    r"\s+or\s+(?:(?P<ge>more|over|above|higher|greater|longer|older|upwards)|"
    r"(?P<le>fewer|less|under|below|lower|younger|shorter)|(?P<about>so|thereabouts))(?![\w])(?!\s+(?:than|of)\b)",
    re.IGNORECASE,
)


def _bounded_claim(sentence: str, a: _Amount, b: _Amount, qual: str, start: int) -> Quantity | None:
    """ "above 1000 and below 1500", "at least 5 but at most 10", "under 10 and over 5": a lower and an
    upper bound joined by "and"/"but" are one interval, each end open or closed as its qualifier says."""
    first = _QUALIFIERS[_norm(qual)]
    join = _BOUND_JOIN.fullmatch(sentence, a.end, b.start)
    if join is None or first not in _LOWER_BOUNDS | _UPPER_BOUNDS:
        return None
    second = _QUALIFIERS[_norm(join.group("qual"))]
    if (first in _LOWER_BOUNDS) == (second in _LOWER_BOUNDS) or (a.unit and b.unit and a.unit != b.unit):
        return None  # "at least 5 and at least 10": two claims; "over 5% and under $10": two measures
    if a.period != b.period or a.form == "vague" or b.form == "vague":
        return None
    if first in _LOWER_BOUNDS:
        low, high, low_kind, high_kind = _range_low(sentence, a, b), b.high, first, second
    else:
        low, high, low_kind, high_kind = b.low, a.high, second, first
    low_closed, high_closed = low_kind == "ge", high_kind == "le"
    if low > high or (low == high and not (low_closed and high_closed)):
        return None  # "over 100 and under 50": not one interval
    unit = a.unit or b.unit
    if a.period:
        unit = f"{unit or ''}/{a.period}"
    subject, head_word, end = _subject(sentence, unit, b.end, start, fraction=a.form == "fraction")
    return Quantity(
        text=sentence[start : max(end, b.end)],
        value=sentence[start : b.end],
        low=low,
        high=high,
        low_closed=low_closed,
        high_closed=high_closed,
        unit=unit,
        subject=subject,
        head=_head_key(head_word),
        vague=a.vague or b.vague,
        qualifier=_norm(f"{qual} {join.group().replace(',', ' ')}"),
        start=start,
        end=max(end, b.end),
        modifiers=_modifiers(subject),
    )


def _apposed_age(sentence: str, a: _Amount) -> bool:
    """ "John Smith, 45, of Leeds", "the victim, 9, died": an age set off by commas after a name or noun."""
    return (
        a.plain
        and a.form == "digits"
        and 0 < a.base < 120
        and (m := _APPOSED.search(sentence, max(0, a.start - 40), a.start)) is not None
        and (m.group("w")[0].isupper() or m.group("w").lower() not in _STOP)
        and re.match(r"\s*(?:[,)]|$)", sentence[a.end :]) is not None
    )


def _range_low(sentence: str, a: _Amount, b: _Amount) -> float:
    """The low end of the range "a to b": a scale written once applies to both ends ("$1-2bn", "between 2 and
    3 million", "20-25,000"), unless that would pass the high end ("between 500 and 2 million")."""
    if a is b:
        return a.low
    if (
        a.plain
        and sentence[a.end : b.start].strip() in ("-", "–", "—")
        and sentence[b.start : b.end].endswith(",000")
        and a.base < 1000 <= a.base * 1000 < b.low
    ):
        return _r(a.base * 1000)
    if b.factor != 1.0 and a.factor == 1.0 and a.form in ("digits", "words"):
        scaled = _r(a.low * b.factor)
        if scaled < b.low:
            return scaled
    return a.low


def _pair(sentence: str, a: _Amount, b: _Amount, pre: str | None) -> str | None:
    """How ``a`` and the next amount ``b`` go together: "range", "proportion", "drop" (a score, a year
    range) or None (separate figures)."""
    gap = sentence[a.end : b.start]
    if _PROPORTION_GAP.fullmatch(gap):
        if a.plain and b.plain and 0 < a.base < b.base <= 1e6 and not _yearlike(b, sentence):
            _, head, _ = _subject_after(sentence, b.end)
            if _head_key(head) not in ("minute", "hour", "day", "week", "month", "year", "second", "game", "match"):
                return "proportion"
        return None
    m = _RANGE_GAP.fullmatch(gap)
    if not m:
        return None
    sep = m.group("sep").lower()
    if sep == "and" and (pre or "").lower() != "between":
        return None
    if a.unit and b.unit and a.unit != b.unit:
        return None
    if _yearlike(a, sentence) and _yearlike(b, sentence) and (
        _YEAR_BEFORE.search(sentence[max(0, a.start - 30) : a.start]) or not _plural_follows(sentence, b.end)
    ):
        return "drop"  # "2014-2015", "between 2010 and 2015": years
    hyphen = sep in ("-", "–", "—")
    ascending = b.low > a.high or (b.factor != 1.0 and a.factor == 1.0 and b.low > a.base * b.factor)
    if not ascending:
        if hyphen and a.plain and b.plain:
            return "drop"  # "6-4", "52-48", "1-1": scores, tallies
        if sep == "to" and a.plain and b.plain and _score_context(sentence, a, b):
            return "drop"  # "the court ruled 7 to 2"
        return None
    if (hyphen or sep == "to") and not pre and _score_context(sentence, a, b) and not _plural_follows(sentence, b.end):
        return "drop"  # "won 4-6", "a 1-2 defeat"
    if (pre or "").lower() == "from" and _CHANGE_VERB.search(sentence[max(0, a.start - 45) : a.start - 5]):
        return None  # "rose from 5% to 7%": an old and a new figure
    return "range"


def _score_context(sentence: str, a: _Amount, b: _Amount) -> bool:
    return bool(_SCORE_WORDS.search(sentence[max(0, a.start - 40) : a.start] + " " + sentence[b.end : b.end + 25]))


def _stands_alone(sentence: str, a: _Amount, qual: str | None, before_end: int) -> bool:
    """Whether a single figure is a quantity here (not a year, not "one of the", not "a third time")."""
    if _is_year(a, sentence, qual, before_end):
        return False
    after = sentence[a.end : a.end + 40]
    if a.fraction_of:
        if qual or re.match(r"\s+(?:of|the|its|their|his|her|our|this|that|these|those)\b", after, re.I):
            return True
        before = sentence[max(0, a.start - 12) : a.start].lower()
        return bool(re.search(r"\b(?:by|than|to|and|or|nearly|almost)\s*$", before))
    if a.form == "words" and a.plain and not qual:
        nxt = _tokens(after, 0, len(after))
        first = nxt[0][0].lower() if nxt else ""
        if not nxt or not _is_word(first) or (_is_stop(first) and first != "of"):
            return False  # "the two met", "all three": no count is stated
        word = sentence[a.start : a.end].lower()
        if word == "one":
            prev = _tokens(sentence, max(0, a.start - 20), a.start)
            if prev and prev[-1][0].lower() in ("the", "this", "that", "no", "any", "every", "each", "which", "another"):
                return False
            if _is_stop(nxt[0][0].lower()) or nxt[0][0].lower() in ("thing", "way", "day", "time", "point", "side",
                                                                   "hand", "reason", "another", "or", "and"):
                return False
    return True


def _subject(
    sentence: str, unit: str | None, value_end: int, value_start: int, *, fraction: bool = False
) -> tuple[str | None, str | None, int]:
    """Subject, head word and the end of the claim's text.

    A count takes the noun phrase after it ("300 people"), or a measure noun shortly before it ("the death
    toll rose to 300", "the waiting list rose to a record 7.6 million").  A share, a sum or a measure takes
    the phrase after it unless that is a time or an adjective ("5% in March", "12% year-on-year", "20 metres
    high"), else the noun before it ("unemployment rose to 5%"); a sum may name what it pays for after "in",
    "for", "on" or "of" ("$1.5bn in aid").
    """
    if unit is None or unit in ("age", "ordinal"):
        subj, head, end = _subject_after(sentence, value_end, skip_det=fraction)
        if subj is None:
            before, bhead = _measure_before(sentence, value_start)
            return before, bhead, value_end
        return subj, head, end
    start = value_end
    if unit.split("/")[0] in _CURRENCY_CODES:
        m = re.match(r"\s+(?:in|for|on|of)(?=\s)", sentence[value_end:])
        if m:
            start = value_end + m.end()
    subj, head, end = _subject_after(sentence, start, skip_det=fraction or start != value_end)
    if (
        subj
        and head
        and _head_key(head) not in _TIME_HEADS
        and head.lower() not in _MEASURE_ADJECTIVES
        and not (start != value_end and head[0].isupper())
    ):
        return subj, head, end
    subj, head = _subject_before(sentence, value_start)
    return subj, head, value_end


def _measure_before(sentence: str, start: int) -> tuple[str | None, str | None]:
    """The measure noun a bare count gives ("the death toll rose to 300"), within a few words before it."""
    toks = _tokens(sentence, max(0, start - 80), start)
    for k in range(len(toks) - 1, max(-1, len(toks) - 11), -1):
        tok = toks[k][0]
        if tok in (".", ";", ":", "!", "?", ","):
            break
        if _is_word(tok) and _singular(tok.lower()) in _MEASURE_NOUNS:
            first = k
            while first > max(0, k - 2) and _nominal(toks[first - 1][0]):
                first -= 1
            return sentence[toks[first][1] : toks[k][2]], tok
    return None, None


def _ordinal_value(word: str) -> float:
    """ "ninth" → 9, "twenty-first" → 21, "8th" → 8."""
    low = word.lower()
    if "-" in low:
        tens, unit_word = low.split("-")
        return float(_TENS[tens] + _FIRST_ORDINALS[unit_word])
    if low == "first":
        return 1.0
    return float(_ORDINALS[low]) if low in _ORDINALS else float(re.sub(r"\D", "", low))


def _ordinal_ranges(sentence: str, masked: _Spans) -> list[Quantity]:
    """ "between the tenth and the fifteenth (centuries)", "from the 3rd to the 5th", "the 10th-15th": a
    range of ordinals (not a move: "moved from fifth to third place" is two ranks)."""
    out = []
    for m in _ORDINAL_RANGE.finditer(sentence):
        if m.group("pre"):
            pre, sep = m.group("pre").lower(), m.group("sep").lower()
            if (pre == "between") != (sep == "and"):
                continue  # "between the first to ...", "from the third and ..."
            if pre == "from" and _CHANGE_VERB.search(sentence[max(0, m.start() - 40) : m.start()]):
                continue
            a, b, start = m.group("a"), m.group("b"), m.start()
        else:
            a, b, start = m.group("da"), m.group("db"), m.start("da")
        low, high = _ordinal_value(a), _ordinal_value(b)
        if not low < high or masked.overlaps(start, m.end()):
            continue  # a move down a table; "14th-20th May" (dates)
        subject, head, end = _subject_after(sentence, m.end(), skip_of=False)
        out.append(
            Quantity(
                text=sentence[start : max(end, m.end())],
                value=sentence[start : m.end()],
                low=low,
                high=high,
                unit="ordinal",
                subject=subject,
                head=_head_key(head),
                qualifier=m.group("pre").lower() if m.group("pre") else None,
                start=start,
                end=max(end, m.end()),
                modifiers=_modifiers(subject),
            )
        )
    return out


def _ordinals(sentence: str) -> list[Quantity]:
    """Ordinals that state a count: "Mr Brown's ninth budget", "for a third time"."""
    out = []
    for m in _ORDINAL.finditer(sentence):
        word = m.group("ord")
        if word[0].isupper():
            continue  # "the Second World War", "Fifth Avenue"
        value = _ordinal_value(word)
        nxt = re.match(r"\s+([a-z]+)", sentence[m.end() :])
        if nxt is None or nxt.group(1).lower() in _ORDINAL_NOUN_SKIP or nxt.group(1).lower().endswith("est"):
            continue
        subject, head, end = _subject_after(sentence, m.end("ord"), skip_of=False)
        if head is None:
            continue
        out.append(
            Quantity(
                text=sentence[m.start("ord") : end],
                value=word,
                low=value,
                high=value,
                unit="ordinal",
                subject=subject,
                head=_head_key(head),
                start=m.start("ord"),
                end=end,
                modifiers=_modifiers(subject),
            )
        )
    return out


# --- values that are not claims -------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A number as written, whether or not it is a claim: "ninth", "World War II", "the 1980s".

    ``kind`` is ``"cardinal"`` (digits or words, a sum or a measure:
    "five", "3,965", "£6m"), ``"fraction"`` ("two-thirds", "1/2": in per
    cent, as in :class:`Quantity`), ``"vague"`` ("dozens"), ``"ordinal"``
    ("ninth", "8th", "Second"), ``"roman"`` ("Henry VIII") or ``"decade"``
    ("the 1980s" is [1980, 1989]; "the '80s" and "the eighties" are the
    1980s, and "'00s" / "'10s" the 2000s / 2010s; "in her 40s" is an age,
    [40, 49] with unit ``"age"``).  ``low``/``high`` bound the value
    (equal for a point).  ``sentence[start:end] == text``.
    """

    text: str
    start: int
    end: int
    low: float
    high: float
    kind: str
    unit: str | None = None


def _roman_value(numeral: str) -> int | None:
    """ "VIII" → 8, "XIV" → 14, "XLII" → 42; None when not a well-formed numeral ("IIII", "VX", "IL")."""
    if _ROMAN_VALID.fullmatch(numeral) is None:
        return None
    total = 0
    for here, nxt in zip(numeral, [*numeral[1:], ""]):
        value = _ROMAN_DIGITS[here]
        total += -value if nxt and _ROMAN_DIGITS[nxt] > value else value
    return total


def _romans(sentence: str) -> list[Number]:
    """Roman numerals after a capitalised word ("Henry VIII", "World War II", "Apollo XI"); a single "I" or
    "V" only before punctuation or the end and after a name ("Elizabeth I."), never the pronoun, and never a
    single "X" or "L" (the company X, "Malcolm X")."""
    out = []
    for m in _ROMAN.finditer(sentence):
        prev, numeral = m.group("prev"), m.group("roman")
        if _is_stop(prev.lower()) or prev.lower() in _NOT_NAMES:
            continue  # "When I", "If I", "So I"
        if len(numeral) == 1 and (numeral in "XL" or not re.match(r"\s*(?:$|[.,;:!?)\]\"”’'])", sentence[m.end() :])):
            continue  # "Smith I think": a pronoun
        value = _roman_value(numeral)
        if value is not None:
            out.append(Number(numeral, m.start("roman"), m.end("roman"), float(value), float(value), "roman"))
    return out


def _decades(sentence: str) -> list[Number]:
    out = []
    for m in _DECADE.finditer(sentence):
        unit: str | None = "year"
        if m.group("full"):
            low = int(m.group("full"))
        elif m.group("short"):
            tens = int(m.group("short"))
            low = (2000 if tens < 20 else 1900) + tens
        else:
            tens = int(m.group("bare")) if m.group("bare") else 10 * (_TENS[m.group("word").lower()[:-3] + "y"] // 10)
            if _POSSESSIVE_BEFORE.search(sentence, max(0, m.start() - 20), m.start()):
                low, unit = tens, "age"  # "in her 40s", "in his late eighties"
            else:
                low = 1900 + tens  # "the 80s", "the eighties"
        out.append(Number(m.group(), m.start(), m.end(), float(low), float(low + 9), "decade", unit))
    return out


def find_numbers(sentence: str) -> list[Number]:
    """Every number written in ``sentence`` with its value, claim or not.

    :func:`find_quantities` reads claims (a figure with its qualifier and
    what it counts) and leaves out what is not a count: ordinals in names,
    decades, Roman numerals, years.  A change from one such value to
    another ("eighth" / "ninth", "the 1980s" / "the 1990s", "Henry VII" /
    "Henry VIII") is still a change of number: this gives each its value.
    Dates, clock times, phone numbers and model names (see
    :func:`find_quantities`) are left out.

    Parameters
    ----------
    sentence
        Text to read.

    Returns
    -------
    list of Number
        In order of appearance, not overlapping.

    Examples
    --------
    >>> [(n.text, n.low, n.kind) for n in find_numbers("Mr Brown's eighth Budget came after World War II.")]
    [('eighth', 8.0, 'ordinal'), ('II', 2.0, 'roman')]
    >>> [(n.text, n.low, n.high, n.kind) for n in find_numbers("Music from the '80s and the 1990s.")]
    [("'80s", 1980.0, 1989.0, 'decade'), ('1990s', 1990.0, 1999.0, 'decade')]
    >>> [(n.text, n.low, n.unit) for n in find_numbers("two-thirds of 3,965 voters, I said")]
    [('two-thirds', 66.0, '%'), ('3,965', 3965.0, None)]
    """
    decades = _decades(sentence)
    in_decades = _Spans([(d.start, d.end) for d in decades])
    masked = [(d.start, d.end) for d in decades]
    if _DIGIT.search(sentence):  # dates, phones, model names; a decade is read above
        masked += [span for span in _masked_spans(sentence) if not in_decades.overlaps(*span)]
    out = list(decades)
    taken = _Spans(masked)
    for a in _scan(sentence):
        if taken.overlaps(a.start, a.end):
            continue
        if a.form == "fraction" and a.fraction_of and not _stands_alone(sentence, a, None, a.start):
            continue  # "a third time": an ordinal
        kind = "cardinal" if a.form in ("digits", "words") else a.form
        out.append(Number(sentence[a.start : a.end], a.start, a.end, a.low, a.high, kind, a.unit))
        taken.add(a.start, a.end)
    for m in _ANY_ORDINAL.finditer(sentence):
        word = m.group()
        if taken.overlaps(m.start(), m.end()):
            continue
        if word.lower() == "second" and re.search(r"\b(?:a|one|per|split|each|every)\s+$", sentence[max(0, m.start() - 8) : m.start()], re.I):
            continue  # "wait a second": a unit of time
        value = _ordinal_value(word)
        out.append(Number(word, m.start(), m.end(), value, value, "ordinal"))
        taken.add(m.start(), m.end())
    out += [n for n in _romans(sentence) if not taken.overlaps(n.start, n.end)]
    out.sort(key=lambda n: n.start)
    return out


# --- comparison -----------------------------------------------------------------------------------


def _bounds(q: Quantity) -> tuple[float, float]:
    return (-math.inf if q.low is None else q.low, math.inf if q.high is None else q.high)


def contains(outer: Quantity, inner: Quantity) -> bool:
    """Whether the interval of ``inner`` lies inside that of ``outer`` (units are not checked).

    Parameters
    ----------
    outer, inner
        Two claims.

    Returns
    -------
    bool
        True when every value ``inner`` allows, ``outer`` allows too.

    Examples
    --------
    >>> q = lambda s: find_quantities(s)[0]
    >>> contains(q("up to 100,000 troops"), q("75,000-100,000 troops"))
    True
    >>> contains(q("under 100 people"), q("100 people"))
    False
    """
    lo_o, hi_o = _bounds(outer)
    lo_i, hi_i = _bounds(inner)
    if lo_i < lo_o or (lo_i == lo_o and inner.low_closed and not outer.low_closed):
        return False
    return not (hi_i > hi_o or (hi_i == hi_o and inner.high_closed and not outer.high_closed))




def _overlap(a: Quantity, b: Quantity) -> float:
    lo = max(_bounds(a)[0], _bounds(b)[0])
    hi = min(_bounds(a)[1], _bounds(b)[1])
    return hi - lo


def _same(a: Quantity, b: Quantity) -> bool:
    return (
        a.low == b.low
        and a.high == b.high
        and (a.low is None or a.low_closed == b.low_closed)
        and (a.high is None or a.high_closed == b.high_closed)
    )


def relate(a: Quantity, b: Quantity) -> str:
    """How two claims on one subject relate.

    Parameters
    ----------
    a, b
        Two claims, usually with :func:`same_subject` true.

    Returns
    -------
    str
        ``"consistent"`` (the same interval), ``"refinement"`` (one inside
        the other, or a partial overlap where one side is vague),
        ``"conflict"`` (disjoint, only touching, or a partial overlap of
        two exact claims) or ``"incomparable"`` (different units: a count
        and a percentage, dollars and pounds, kilometres and miles).  The
        relation is symmetric.

    Examples
    --------
    >>> q = lambda s: find_quantities(s)[0]
    >>> relate(q("over 13,000 lives"), q("more than 13,000 lives"))
    'consistent'
    >>> relate(q("£6.4bn"), q("£6,400m"))
    'consistent'
    >>> relate(q("up to 100,000 troops"), q("between 75,000 and 100,000 troops"))
    'refinement'
    >>> relate(q("at least 15 people"), q("at most 15 people"))
    'conflict'
    >>> relate(q("tens of thousands of troops"), q("between 75,000 and 120,000 troops"))
    'refinement'
    >>> relate(q("$5m"), q("£5m"))
    'incomparable'
    """
    if a.unit != b.unit:
        return "incomparable"
    if _same(a, b):
        return "consistent"
    if contains(a, b) or contains(b, a):
        return "refinement"
    if _overlap(a, b) > 0 and (a.vague or b.vague):
        return "refinement"
    return "conflict"


def _nationalities(q: Quantity) -> set[str]:
    words = [t.group() for t in _TOKEN.finditer(q.subject or "")][:-1]
    found = set()
    for w in words:
        key = w.lower()
        if key in _NATIONALITY:
            found.add(_NATIONALITY[key])
        elif w[0].isupper() and key not in ("and", "or"):
            found.add(key.replace(".", ""))
    return found


def same_subject(a: Quantity, b: Quantity) -> bool:
    """Whether two claims are about the same thing ("troops" ~ "Russian troops").

    Parameters
    ----------
    a, b
        Two claims.

    Returns
    -------
    bool
        True when units and heads match (after plural and synonym folding:
        "soldiers" ~ "troops", "planes" ~ "aircraft"), nationalities and
        other names in the modifiers do not contradict ("Russian" vs "US";
        "U.S." ~ "American"; a missing modifier is no contradiction), and
        both or neither are increments ("5,000 more troops").

    Examples
    --------
    >>> q = lambda s: find_quantities(s)[0]
    >>> same_subject(q("up to 100,000 troops"), q("over 100,000 Russian troops"))
    True
    >>> same_subject(q("3,000 US troops"), q("100,000 Russian troops"))
    False
    >>> same_subject(q("3,000 U.S. soldiers"), q("3,000 American troops"))
    True
    """
    if a.unit != b.unit or a.head is None or b.head is None or a.head != b.head:
        return False
    if bool(_INCREMENT & set(a.modifiers)) != bool(_INCREMENT & set(b.modifiers)):
        return False  # "5,000 more troops" is not a total
    na, nb = _nationalities(a), _nationalities(b)
    return not (na and nb and not (na & nb))


_INCREMENT = frozenset({"more", "additional", "extra", "further", "new", "other"})


def with_subject(q: Quantity, subject: str | None) -> Quantity:
    """A copy of ``q`` with another subject (used when the subject is elsewhere in the sentence).

    Parameters
    ----------
    q
        The claim.
    subject
        What it counts ("US troops"), or None.

    Returns
    -------
    Quantity
        ``q`` with ``subject``, and ``head`` and ``modifiers`` derived from it.

    Examples
    --------
    >>> q = with_subject(find_quantities("It sent 3,000.")[0], "US troops")
    >>> q.subject, q.head, q.modifiers
    ('US troops', 'troop', ('us',))
    """
    words = subject.split() if subject else []
    return replace(q, subject=subject, head=_head_key(words[-1]) if words else None, modifiers=_modifiers(subject))
