"""Plain-text news copies: recover metadata, strip boilerplate, rebuild paragraphs.

Scraped and pasted copies of news articles carry a headline, a byline or
agency line ("By AFP", "By Ola Cichowlas for AFP", "Written by | Friday,
December 17th, 2021"), a dateline, photo captions with credits, a source
URL ("Original url:", "LINK:") and site furniture ("Related article: ...",
"TAGS:", comment prompts).  :func:`parse_article` separates all of that
from the article text and re-joins paragraphs that were hard-wrapped or
broken in the middle of a sentence.

The rules are line-based and conservative: a line is only removed when it
matches a boilerplate pattern, and a paragraph is only joined to the next
when it visibly stops mid-sentence.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from dedup.display import clean_text, has_controls
from dedup.lexicon import MONTHS

__all__ = [
    "COMPILED_TWIN",
    "TWIN_SOURCES",
    "ParsedArticle",
    "compiled_twin",
    "outlet_from_url",
    "parse_article",
    "parse_date",
    "twin_stamp",
]

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DAY_RE = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19|20)\d\d"

# "December 08, 2021", "Dec. 8 2021", "Friday, December 17th, 2021"
_DATE_MDY = re.compile(
    rf"\b(?:{_WEEKDAY_RE},?\s+)?(?P<month>{_MONTH_RE})\s+(?P<day>{_DAY_RE}),?\s+(?P<year>{_YEAR_RE})\b",
    re.IGNORECASE,
)
# "8 December 2021", "Friday 17 December 2021"
_DATE_DMY = re.compile(
    rf"\b(?:{_WEEKDAY_RE},?\s+)?(?P<day>{_DAY_RE})\s+(?P<month>{_MONTH_RE}),?\s+(?P<year>{_YEAR_RE})\b",
    re.IGNORECASE,
)
# "2021-12-08"
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
# Cheap necessary conditions for the three date patterns.  The full patterns ignore case and start with \b,
# which makes Python's regex engine try them at every position (about 25 microseconds a line of news), and
# even a hint pattern that starts with an alternation or a digit class costs a few microseconds a line.  Every
# date ends in a year, so the years are found first (a line of news without "19" or "20" has none) and the few
# characters before each are read with string methods: a month-day-year date needs a day token (digits,
# perhaps "st", "nd", "rd" or "th"), a comma perhaps, then white space; a day-month-year date a month name
# (with its full stop), a comma perhaps, white space, and a day token before the month; an ISO date a hyphen
# after the year.  Letters that match an ASCII letter only under Unicode case folding (long s, dotless i,
# dotted capital I, the Kelvin sign) make the lower-cased text an unsafe stand-in: such text goes to the full
# patterns.
_MONTH_FORMS = (
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
    "aug", "august", "sep", "sept", "sepember", "september", "oct", "october", "nov", "november", "dec", "december",
)  # every spelling _MONTH_RE matches, lower-cased, without its full stop
_DAY_SUFFIXES = ("st", "nd", "rd", "th")
_LOOK_BACK = 64  # characters read before a year; a date cut off by it counts as possible
_CASE_FOLD_TWINS = frozenset("\u0130\u0131\u017f\u212a")
# "/2021/12/08/" in a URL path
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|$)")

_URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_LABEL = re.compile(
    r"^\s*(?:original\s+url|original\s+link|source\s+url|link|url|source|read\s+more\s+at)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)

_AGENCIES = {
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "pa": "PA",
    "pa media": "PA",
    "ansa": "ANSA",
    "efe": "EFE",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "interfax": "Interfax",
    "upi": "UPI",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "aap": "AAP",
    "pti": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "ria novosti": "RIA Novosti",
    "sputnik": "Sputnik",
    "cnn": "CNN",
    "bbc": "BBC",
}

_AGENCY_SUFFIXES = sorted((a for a in _AGENCIES if " " in a or len(a) > 3), key=len, reverse=True)
# "LONDON (Reuters) -", "MOSCOW (AP) —", "KYIV, Dec 8 (Reuters) -": a wire dateline opening the story.
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:,[^()]{1,30})?\s*\((?P<agency>[A-Za-z][\w .-]{1,30})\)\s*[-–—]")
_BYLINE = re.compile(r"^\s*by\s+(?P<who>[^|]{1,120}?)\s*(?:\|\s*(?P<rest>.*))?$", re.IGNORECASE)
_WRITTEN_BY = re.compile(r"^\s*written\s+by\s*:?\s*(?P<who>[^|]*?)\s*(?:\|\s*(?P<rest>.*))?$", re.IGNORECASE)
_DATELINE_PREFIX = re.compile(r"^\s*(?:published|updated|posted|last updated|date)\s*(?:on|:)?\s*", re.IGNORECASE)

# Whole lines that are site furniture, never article text.
_BOILERPLATE = re.compile(
    r"""^\s*(?:
        related(?:\s+(?:article|articles|story|stories|content|news|reading))?\s*:.*
      | (?:read\s+(?:more|also)|see\s+also|also\s+read|more\s+on\s+this)\s*:.*
      | source\s+link
      | tags?\s*:.*
      | article\s+categories\s*:.*
      | categories\s*:.*
      | filed\s+under\s*:?.*
      | please\s+enter\s+your\s+(?:comment|name|email|e-mail)(?:\s+here)?[.!]?
      | leave\s+a\s+(?:comment|reply)[.!]?
      | (?:your\s+)?email\s+address\s+will\s+not\s+be\s+published\.?.*
      | required\s+fields\s+are\s+marked.*
      | (?:share|share\s+this(?:\s+article)?|follow\s+us|subscribe|advertisement|sponsored|print|email)\s*:?
      | click\s+here\b.*
      | sign\s+up\s+(?:for|to)\s+(?:our|the)\s+newsletter.*
      | (?:photo|image|picture)\s*(?:credit)?\s*:.*
      | \(?(?:photo|image|picture)\s+by\s+[^.]{1,60}\)?
      | \(?(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\s+[^.]{2,200}\)?
      | copyright\s*(?:©|\(c\)|(?:19|20)\d\d\b).*
      | (?:[^.]{0,80}\.\s+)?all\s+rights\s+reserved\.?
      | ©.*
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A credit at the end of a caption: "... Putin. kremlin.ru", "(Photo by TASS news agency)"
_CAPTION_CREDIT = re.compile(
    r"""(?:
        \.\s+(?:[\w-]+\.)+(?:ru|com|org|net|gov|int|ua|uk|eu|fr|de|io|info)\s*$
      | \((?:photo|image|picture|file\s+photo)\s*(?:by|:|credit)[^)]{1,80}\)\s*$
      | \b(?:photo|image)\s*:\s*[^.]{1,60}$
      | /\s*(?:AFP|Reuters|AP|Getty\s+Images|EPA|Shutterstock)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit line on its own: "Mikhail Metzel | Sputnik | Reuters", "Getty Images"
_CREDIT_LINE = re.compile(r"^\s*(?:[\w.'’-]+(?:\s+[\w.'’-]+){0,3}\s*\|\s*){1,4}[\w.'’-]+(?:\s+[\w.'’-]+){0,3}\s*$")
_PHOTO_AGENCY_LINE = re.compile(
    r"^\s*(?:getty\s+images|afp(?:\s+via\s+getty\s+images)?|reuters|ap\s+photo.*|epa|shutterstock)\s*$",
    re.IGNORECASE,
)

# Necessary conditions of the furniture patterns above, tested on an ASCII line with string methods (or a
# case-sensitive pattern anchored at the start) before the patterns themselves run: those ignore case and
# try many alternatives, a microsecond or more per line of every article.  A non-ASCII line always goes to
# the full pattern: under ignore-case a few non-ASCII letters match ASCII ones (long s, dotless i), which a
# lower-cased test would miss.
_BOILERPLATE_START = re.compile(
    r"\s*(?:related|read|see|also|more|source|tags?|article|categories|filed|please|leave|your|email|required"
    r"|share|follow|subscribe|advertisement|sponsored|print|click|sign|photo|image|picture|additional|reporting"
    r"|writing|editing|compiled|copyright|\()"
)
_CAPTION_CREDIT_ENDS = (
    *("ru", "com", "org", "net", "gov", "int", "ua", "uk", "eu", "fr", "de", "io", "info"),
    *(")", "afp", "reuters", "ap", "images", "epa", "shutterstock"),
)
_PHOTO_AGENCY_FIRST = ("g", "a", "r", "e", "s")


def _is_boilerplate(line: str) -> bool:
    """A whole line of site furniture (:data:`_BOILERPLATE`)."""
    if line.isascii():
        low = line.lower()
        # every alternative opens with one of these words or "(", except "... All rights reserved."
        if not _BOILERPLATE_START.match(low) and "reserved" not in low:
            return False
    return _BOILERPLATE.match(line) is not None


_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")
_QUOTE_CHARS = re.compile(r"[\"“”]")


@dataclass
class ParsedArticle:
    """What :func:`parse_article` recovers from a plain-text copy."""

    paragraphs: list[str]
    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    url: str | None = None
    author: str | None = None
    agency: str | None = None
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _make_date(year: str, month: str, day: str) -> str | None:
    try:
        m = MONTHS[month.lower().rstrip(".")] if not month.isdigit() else int(month)
        d = int(re.sub(r"\D", "", day))
        return date(int(year), m, d).isoformat()
    except (KeyError, ValueError):
        return None


def parse_date(text: str) -> str | None:
    """Find the first calendar date written in ``text`` and return it as ISO 8601.

    Parameters
    ----------
    text
        Any string: a dateline, a caption, a metadata field.

    Returns
    -------
    str or None
        ``YYYY-MM-DD``, or ``None`` when no complete date (day, month, year)
        is present.

    Examples
    --------
    >>> parse_date("Friday, December 17th, 2021")
    '2021-12-17'
    >>> parse_date("Published 8 Dec. 2021, 10:05")
    '2021-12-08'
    >>> parse_date("2021-12-08T10:00:00Z")
    '2021-12-08'
    >>> parse_date("in 2014") is None
    True
    """
    best: tuple[int, str] | None = None
    for pattern in _date_patterns(text):
        for match in pattern.finditer(text):
            iso = _make_date(match["year"], match["month"], match["day"])
            if iso and (best is None or match.start() < best[0]):
                best = (match.start(), iso)
            if iso:
                break
    return best[1] if best else None


def _date_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    """Those of the date patterns (month-day-year, day-month-year, ISO, in that order) that can match ``text``.

    A necessary condition only: a pattern left out has no match in ``text``; one kept may have none.

    Examples
    --------
    >>> _date_patterns("Shares fell 3% in 1986 and may fall again.")
    ()
    >>> _date_patterns("Monday, Dec. 8 2021") == (_DATE_MDY,)
    True
    >>> _date_patterns("on 8 December, 2021 and 2021-12-09") == (_DATE_DMY, _DATE_ISO)
    True
    """
    if "19" not in text and "20" not in text:  # every date has a year, 19xx or 20xx
        return ()
    if not text.isascii() and not _CASE_FOLD_TWINS.isdisjoint(text):
        return (_DATE_MDY, _DATE_DMY, _DATE_ISO)
    mdy = dmy = iso = False
    for year in _HAS_YEAR.finditer(text):
        at = year.start()
        iso = iso or text[at + 4 : at + 5] == "-"
        if not (mdy and dmy):
            start = max(0, at - _LOOK_BACK)
            before_mdy, before_dmy = _dates_ending_before(text[start:at].lower(), start > 0)
            mdy = mdy or before_mdy
            dmy = dmy or before_dmy
    return tuple(pattern for pattern, can in ((_DATE_MDY, mdy), (_DATE_DMY, dmy), (_DATE_ISO, iso)) if can)


def _dates_ending_before(head: str, cut: bool) -> tuple[bool, bool]:
    """Whether a month-day-year and a day-month-year date can end where ``head`` (lower-cased) meets a year.

    ``cut``: ``head`` is the end of a longer text; what runs past its start counts as possible.

    Examples
    --------
    >>> _dates_ending_before("on dec. 8, ", False), _dates_ending_before("on 8 dec., ", False)
    ((True, False), (False, True))
    >>> _dates_ending_before("in ", False), _dates_ending_before("    ", True)
    ((False, False), (True, True))
    >>> _dates_ending_before(", ", False)
    (False, False)
    """
    body = head.rstrip()
    if len(body) == len(head):  # both patterns put white space before the year
        return False, False
    if not body:
        return cut, cut
    if body[-1] == ",":
        body = body[:-1]
        if not body:  # a comma and white space: nothing before it to read
            return cut, cut
    return _month_then_day(body, cut), _day_then_month(body, cut)


def _without_day(text: str) -> str | None:
    """``text`` without the day token it ends with ("8", "17th"); ``None`` when it ends with none."""
    rest = text[:-2] if text[-2:] in _DAY_SUFFIXES else text
    end = len(rest)
    while end and rest[end - 1].isdigit():
        end -= 1
    return rest[:end] if end < len(rest) else None


def _month_then_day(body: str, cut: bool) -> bool:
    """Whether ``body`` can end with a month, white space and a day ("dec. 8")."""
    if cut and len(body) < 5:
        return True
    rest = _without_day(body)
    if rest is None:
        return False
    month = rest.rstrip()
    if len(month) == len(rest) or not month:  # no white space before the day, or nothing before it
        return cut and not month
    if cut and len(month) < 11:
        return True
    return (month[:-1] if month[-1] == "." else month).endswith(_MONTH_FORMS)


def _day_then_month(body: str, cut: bool) -> bool:
    """Whether ``body`` can end with a day, white space and a month ("8 dec.")."""
    if cut and len(body) < 11:
        return True
    name = body[:-1] if body[-1] == "." else body
    for form in _MONTH_FORMS:
        if not name.endswith(form):
            continue
        rest = name[: len(name) - len(form)]
        day = rest.rstrip()
        if len(day) == len(rest) or not day:  # no white space before the month, or nothing before it
            if cut and not day:
                return True
            continue
        if (cut and len(day) < 5) or _without_day(day) is not None:
            return True
    return False


def _date_only_line(line: str) -> str | None:
    """The ISO date if ``line`` is a dateline: a date and little else."""
    if "19" not in line and "20" not in line:  # no year, no date (most header lines)
        return None
    stripped = _DATELINE_PREFIX.sub("", line).strip()
    iso = parse_date(stripped)
    if iso is None:
        return None
    rest = stripped
    for pattern in (_DATE_MDY, _DATE_DMY, _DATE_ISO):
        if pattern in _date_patterns(rest):  # asked again: a date taken out can bring two parts together
            rest = pattern.sub("", rest)
    rest = re.sub(
        r"\b\d{1,2}[:.]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)?|\b(?:GMT|UTC|[A-Z]{2,4}T)\b|[|,·•—–-]", " ", rest, flags=re.I
    )
    return iso if len(rest.split()) <= 2 else None


def outlet_from_url(url: str) -> str | None:
    """The site of a URL, without ``www.``.

    Examples
    --------
    >>> outlet_from_url("https://www.themoscowtimes.com/2021/12/08/a-b")
    'themoscowtimes.com'
    >>> outlet_from_url("not a url") is None
    True
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower()
    for prefix in ("www.", "www2.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return host


def _clean_url(raw: str) -> str:
    """Re-join a URL that was broken by stray spaces when it was pasted."""
    url = re.sub(r"\s+", "", raw.strip())
    return url.rstrip(".,;)")


# Lower-case words a byline may hold besides names: "Ola Cichowlas for AFP",
# "our correspondent in Kyiv", "Jan van der Berg".
_BYLINE_WORDS = frozenset(
    {
        *("for", "of", "from", "and", "with", "in", "at", "the", "a", "an", "our"),
        *("staff", "reporter", "reporters", "correspondent", "correspondents", "writer", "writers"),
        *("editor", "editors", "news", "agency", "agencies", "wire", "wires"),
        *("van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "bin", "al", "el"),
    }
)


def _looks_like_names(who: str) -> bool:
    """Whether the words after "By" are names and agencies rather than a sentence."""
    for word in re.findall(r"[^\W\d_][\w'’.-]*", who):
        if word[0].islower() and word.lower().rstrip(".") not in _BYLINE_WORDS:
            return False
    # A trailing full stop belongs to an initial or an abbreviation ("Jr.", "J."), not a sentence.
    return not (who.endswith(".") and len(who.split()[-1]) > 4)


def _strip_markdown(line: str) -> str:
    """``# Headline`` → ``Headline``; ``*By Staff*`` → ``By Staff``."""
    if not line or (line[0] not in "#*_>" and "*" not in line):
        return line
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^>\s*", "", line)
    return re.sub(r"(\*\*|\*|__)(.+?)\1", r"\2", line).strip()


def _byline(line: str) -> tuple[str | None, str | None, str | None] | None:
    """``(author, agency, date)`` if ``line`` is a byline."""
    match = _WRITTEN_BY.match(line) or _BYLINE.match(line)
    if not match:
        return None
    who = (match["who"] or "").strip().rstrip(",")
    rest = match["rest"] or ""
    if len(who.split()) > 10 or (_TERMINAL.search(who) and not who.endswith(".")):
        return None
    if not _looks_like_names(who):
        # "By the time the troops arrived, ..." is a sentence, not a byline.
        return None
    when = parse_date(rest) or parse_date(who)
    if when:
        who = _DATE_MDY.sub("", _DATE_DMY.sub("", who)).strip(" ,|-")
    author: str | None = None
    agency: str | None = None
    parts = re.split(r"\s+(?:for|of|from|and|with)\s+|\s*,\s*|\s*/\s*", who)
    names = []
    for part in parts:
        key = part.strip().lower().rstrip(".")
        if not key:
            continue
        if key in _AGENCIES:
            agency = agency or _AGENCIES[key]
        elif re.fullmatch(r"[A-Z]{2,6}", part.strip()):
            agency = agency or part.strip()
        else:
            tail = next((a for a in _AGENCY_SUFFIXES if key.endswith(" " + a)), None)
            if tail is not None:  # "Jim Heintz Associated Press"
                agency = agency or _AGENCIES[tail]
                part = part.strip()[: -len(tail)]
            names.append(part.strip())
    if names:
        author = ", ".join(names)
    if not (author or agency or when):
        # "Written by |" with nothing after it is still a byline line.
        return (None, None, None)
    return author, agency, when


_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:ru|com|org|net|gov|int|ua|uk|eu|fr|de|io|info)", re.IGNORECASE)


def _is_caption(line: str) -> bool:
    """A photo caption: a line that ends with a credit ("... Putin. kremlin.ru")."""
    tail = line[-120:]
    if tail.endswith(")") or "/" in tail[-30:] or ":" in tail[-70:]:
        if tail.isascii():
            # each credit ends the line with a domain, ")" or an agency, or follows "photo" / "image"
            low = tail.rstrip().lower()
            if not (low.endswith(_CAPTION_CREDIT_ENDS) or "photo" in low or "image" in low):
                return False
        return bool(_CAPTION_CREDIT.search(tail))
    cut = tail.rfind(" ")
    if cut < 1 or tail[cut - 1] != ".":
        return False
    last = tail[cut + 1 :]
    return "." in last[:-1] and bool(_DOMAIN.fullmatch(last))


def _is_credit_line(line: str) -> bool:
    if len(line) > 100:
        return False
    if "|" in line and _CREDIT_LINE.match(line):  # names between pipes: the pipe is required
        return True
    if line.isascii() and not line.lstrip()[:1].lower().startswith(_PHOTO_AGENCY_FIRST):
        return False  # Getty Images, AFP, AP Photo, Reuters, EPA, Shutterstock
    return bool(_PHOTO_AGENCY_LINE.match(line))


_CLOSERS = "\"'”’»)]"
_ENDERS = ".!?…:;"


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    if not stripped:
        return False
    if stripped[-1] in '"”’»':
        return True
    core = stripped.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _ENDERS


def _quote_count(text: str) -> int:
    return text.count('"') + text.count("“") + text.count("”")


def _looks_like_title(line: str) -> bool:
    if len(line) > 250:
        return False
    end = line.rstrip()
    if end.endswith(".") and not end.endswith("..."):  # a sentence (the common case: tested before the split)
        return False
    return 2 <= len(line.split()) <= 30 and not _URL_RE.search(line)


def _is_heading(block: str) -> bool:
    """A short subhead between paragraphs: "France warns Russia"."""
    if len(block) > 80 or "\n" in block:
        return False
    words = block.split()
    if not 1 <= len(words) <= 8:
        return False
    if _ends_sentence(block) or block[0].islower():
        return False
    return _quote_count(block) % 2 == 0


def _unwrap(lines: list[str]) -> list[str]:
    """Turn one block of lines into paragraphs.

    A block whose lines share a wrap width (most lines within 25% of the
    longest, which is at most 120 characters) was hard-wrapped: its lines
    are re-joined, and a new paragraph starts after a short line.  Any
    other block has one paragraph per line.
    """
    if len(lines) == 1:
        return lines
    lengths = [len(x) for x in lines]
    width = max(lengths)
    wrapped = width <= 120 and sum(n >= 0.75 * width for n in lengths[:-1]) >= 0.6 * (len(lines) - 1)
    # Hard wrapping cuts lines mid-sentence; lines that (nearly) all end a
    # sentence are short paragraphs, one per line.
    wrapped = wrapped and sum(not _ends_sentence(x) for x in lines[:-1]) >= 0.5 * (len(lines) - 1)
    if not wrapped:
        return lines
    # Pieces are collected in lists and joined once: adding each line to a
    # growing string copies it again and again (quadratic on a long block).
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if current:
            tail = "".join(current[-3:])[-2:]
            if not (tail.endswith("-") and tail != " -"):
                current.append(" ")
        current.append(line)
        short = len(line) < 0.85 * width
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if short and (_ends_sentence(line) or (nxt[:1].isupper())):
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    return paragraphs


def _join_broken(paragraphs: list[str]) -> list[str]:
    """Re-join paragraphs split in the middle of a sentence.

    ``"... Putin said at a"`` + ``"news conference ..."`` is one paragraph;
    so is a paragraph that opens a quotation and stops without punctuation.
    """
    # A joined paragraph is kept as its parts (and its quote count) until the
    # end, so that joining many fragments stays linear.  The quote count is
    # counted when first asked for (most paragraphs end a sentence: never).
    groups: list[list[str]] = []
    quotes: list[int | None] = []
    lengths: list[int] = []
    for para in paragraphs:
        if groups and not _ends_sentence(groups[-1][-1]):
            joins = para[:1].islower()
            if not joins:
                counted = quotes[-1]
                if counted is None:
                    counted = quotes[-1] = sum(_quote_count(part) for part in groups[-1])
                open_quote = counted % 2 == 1
                joins = open_quote and not (lengths[-1] <= 80 and _is_heading(" ".join(groups[-1])))
            if joins:
                groups[-1].append(para)
                count = quotes[-1]
                if count is not None:
                    quotes[-1] = count + _quote_count(para)
                lengths[-1] += 1 + len(para)
                continue
        groups.append([para])
        quotes.append(None)
        lengths.append(len(para))
    return [" ".join(g) for g in groups]


def parse_article(raw: str, *, clean: bool = True) -> ParsedArticle:
    """Separate a plain-text news copy into metadata and clean paragraphs.

    Parameters
    ----------
    raw
        The decoded file content.
    clean
        Remove the headline, byline, dateline, captions, subheads and site
        furniture from the paragraphs (a scraped or pasted copy).  With
        ``False`` every line of ``raw`` stays in the paragraphs (the text
        field of a JSONL/CSV record is the article as its owner gave it);
        the metadata is still recovered.

    Returns
    -------
    ParsedArticle
        Title, date (ISO), URL, author, agency, the paragraphs of article
        text, and what was removed (headings, captions, boilerplate lines).

    Examples
    --------
    >>> text = '''Putin Says Russia Has Rights
    ...
    ... By Ola Cichowlas for AFP
    ...
    ... December 08, 2021
    ...
    ... Putin said at a
    ...
    ... news conference that talks were "constructive."
    ...
    ... Related article: Something else
    ...
    ... Original url:
    ... https://www.themoscowtimes.com/2021/12/08/putin-a75767'''
    >>> art = parse_article(text)
    >>> art.title, art.author, art.agency, art.date
    ('Putin Says Russia Has Rights', 'Ola Cichowlas', 'AFP', '2021-12-08')
    >>> art.url
    'https://www.themoscowtimes.com/2021/12/08/putin-a75767'
    >>> art.paragraphs
    ['Putin said at a news conference that talks were "constructive."']
    >>> parse_article("Putin Says Russia Has Rights", clean=False).paragraphs
    ['Putin Says Russia Has Rights']
    """
    twin = COMPILED_TWIN
    if twin is None or type(raw) is not str:  # the twin takes exact types only; str subclasses run here
        return _parse(raw, clean)
    got = twin.parse_article(raw, clean=bool(clean))
    # this module's class, as the Python returns it (comparisons, isinstance and pickles see no twin)
    return ParsedArticle(
        paragraphs=got.paragraphs, title=got.title, date=got.date, date_source=got.date_source, url=got.url,
        author=got.author, agency=got.agency, headings=got.headings, captions=got.captions, removed=got.removed,
    )


def _parse(raw: str, clean: bool) -> ParsedArticle:
    """:func:`parse_article` in Python (the compiled twin's source)."""
    text = raw
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_controls(text):
        # Terminal escape sequences and control characters are not article text (a pasted terminal
        # capture, a stray BEL): they would hide sentence ends and reach every output.
        text = clean_text(text)
    if not text.isascii():
        text = text.replace("\ufeff", "").replace("\u00a0", " ").replace("\u200b", "")
    lines = [ln.strip() for ln in text.split("\n")]
    art = ParsedArticle(paragraphs=[])
    kept, caption_dates = _strip_furniture(lines, art, clean)
    blocks = _blocks(kept)
    given = list(blocks)
    blocks, body_start = _read_header(blocks, art)
    _read_body(blocks[body_start:] if clean else given, art, clean)
    if art.agency is None and art.paragraphs:
        wire = _WIRE_DATELINE.match(art.paragraphs[0])
        if wire:
            key = wire["agency"].strip().lower().rstrip(".")
            art.agency = _AGENCIES.get(key, wire["agency"].strip())
    if art.date is None and art.url:
        match = _URL_DATE.search(urlsplit(art.url).path)
        if match:
            iso = _make_date(match["year"], match["month"], match["day"])
            if iso:
                art.date, art.date_source = iso, "url"
    if art.date is None and caption_dates:
        art.date, art.date_source = caption_dates[0], "caption"
    return art


def _strip_furniture(lines: list[str], art: ParsedArticle, clean: bool) -> tuple[list[str], list[str]]:
    """Pass 1: URL labels, boilerplate, captions and credits, taken out line by line.

    Returns the lines kept (``""`` marks a block boundary) and the dates of dated captions; the URL, the
    captions and what was removed go into ``art``.
    """
    kept: list[str] = []  # "" marks a block boundary

    def _drop(line: str) -> None:
        if clean:
            art.removed.append(line)
        else:
            kept.append(line)

    caption_dates: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            kept.append(line)
            i += 1
            continue
        if len(line) > 200 and line[-1] == "." and line[:4].lower() != "http" and not _is_caption(line):
            kept.append(line)  # a body paragraph: the common case, decided in one step
            i += 1
            continue
        short = len(line) <= 200
        label = _URL_LABEL.match(line) if short and ":" in line[:40] else None
        if label and (_URL_RE.search(label["rest"]) or not label["rest"].strip()):
            rest = label["rest"].strip()
            if not rest:
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                if j < len(lines) and _URL_RE.match(lines[j]):
                    rest = lines[j]
                    i = j
                    if not clean:
                        kept.append(line)
                        line = rest
            found = _URL_RE.search(rest)
            if found and art.url is None:
                art.url = _clean_url(rest[found.start() :])
            _drop(line)
            i += 1
            continue
        if line[:4].lower() == "http" and _URL_RE.fullmatch(line):
            if art.url is None:
                art.url = _clean_url(line)
            _drop(line)
            i += 1
            continue
        if short and _is_boilerplate(line):
            _drop(line)
            i += 1
            continue
        if clean and len(line) <= 100 and _is_credit_line(line) and len(line.split()) <= 12:
            # The paragraph before a credit line is its caption.
            while kept and kept[-1] == "":
                kept.pop()
            if (kept and not _looks_like_title(kept[-1])) or (kept and _DATE_MDY.search(kept[-1])):
                caption = kept.pop()
                art.captions.append(caption)
                iso = parse_date(caption)
                if iso:
                    caption_dates.append(iso)
            art.removed.append(line)
            kept.append("")
            i += 1
            continue
        if _is_caption(line):
            iso = parse_date(line)
            if iso:
                caption_dates.append(iso)
            if clean:
                art.captions.append(line)
                i += 1
                continue
        kept.append(line)
        i += 1
    return kept, caption_dates


def _blocks(kept: list[str]) -> list[list[str]]:
    """Pass 2: the kept lines grouped into blocks separated by blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in kept:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _read_header(blocks: list[list[str]], art: ParsedArticle) -> tuple[list[list[str]], int]:
    """Pass 3: title, byline and dateline from the first blocks, into ``art``.

    Returns the blocks (a header written without blank lines split one line a block) and where the body
    starts among them.
    """
    # Pass 3: the header (title, byline, dateline) sits in the first blocks.  A first block of
    # a few short lines that holds a byline or dateline ("Headline / Published: ... / By ...")
    # is a header written without blank lines: one block per line.
    if blocks and 1 < len(blocks[0]) <= 6 and all(len(x) <= 200 for x in blocks[0]):
        header = [_strip_markdown(x) for x in blocks[0]]
        if any(_byline(x) is not None or _date_only_line(x) for x in header):
            blocks = [[x] for x in blocks[0]] + blocks[1:]
    blocks[:6] = [[_strip_markdown(block[0])] if len(block) == 1 else block for block in blocks[:6]]
    body_start = 0
    for b, block in enumerate(blocks[:6]):
        if len(block) != 1:
            break
        line = block[0]
        if len(line) > 250:
            break
        byline = _byline(line)
        if byline is not None:
            author, agency, when = byline
            art.author = art.author or author
            art.agency = art.agency or agency
            if when and not art.date:
                art.date, art.date_source = when, "dateline"
            body_start = b + 1
            continue
        when = _date_only_line(line)
        if when:
            if not art.date:
                art.date, art.date_source = when, "dateline"
            body_start = b + 1
            continue
        if art.title is None and b == body_start and _looks_like_title(line):
            nxt = blocks[b + 1][0] if b + 1 < len(blocks) else ""
            # A headline is followed by a byline, a dateline, or body text.
            if nxt and (len(nxt) > len(line) or _byline(nxt) is not None or _date_only_line(nxt)):
                art.title = line
                body_start = b + 1
                continue
        break
    return blocks, body_start


def _read_body(blocks: list[list[str]], art: ParsedArticle, clean: bool) -> None:
    """The body blocks as paragraphs (unwrapped, broken sentences joined), subheads apart, into ``art``."""
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_unwrap(block))
    paragraphs = _join_broken(paragraphs)
    paragraphs = [" ".join(p.split()) if "  " in p or "\t" in p or "\n" in p else p for p in paragraphs]
    heads = [clean and _is_heading(p) for p in paragraphs]
    if sum(heads) > len(paragraphs) - sum(heads):
        # more "subheads" than body paragraphs: short lines with no full stop are the item itself (a results
        # table, "Shr 12 cts vs 10 cts"; a list of prices), not headings over a text
        heads = [False] * len(paragraphs)
    art.headings = [p for p, h in zip(paragraphs, heads) if h]
    art.paragraphs = [p for p, h in zip(paragraphs, heads) if not h]


# What the compiled twin is built from: this module and the dedup modules it imports (setup.py lists the
# same files; a test checks both against this module's imports).
TWIN_SOURCES = ("ingest/article.py", "display.py", "lexicon.py")


def twin_stamp(package: str | os.PathLike[str]) -> str:
    """The SHA-256 of the :data:`TWIN_SOURCES` under the folder ``package`` (``dedup/``), one after another."""
    digest = hashlib.sha256()
    for name in TWIN_SOURCES:
        digest.update(Path(package, name).read_bytes())
    return digest.hexdigest()


def compiled_twin(package: str | os.PathLike[str] | None = None) -> ModuleType | None:
    """The compiled twin of this module, where it was built from the sources under ``package`` (dedup's).

    ``setup.py`` compiles a copy of this file with mypyc, as ``dedup.ingest._article_native``, and
    stamps it with the :func:`twin_stamp` of the text it was made from (this file and the modules it
    imports).  The twin gives the same results in about 60% of the time.  It is used only where those
    files still hold that text: an edited ``article.py`` (or ``display.py``, ``lexicon.py``) in an
    editable install runs as Python (same results, slower) until the next ``pip install -e .``; so does
    every run with ``DEDUP_PURE_PYTHON=1``, a build without mypyc or a C compiler, and a twin that cannot
    be loaded.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as elsewhere:
    ...     compiled_twin(elsewhere) is None  # not the sources the twin was built from
    True
    """
    if os.environ.get("DEDUP_PURE_PYTHON"):
        return None
    try:
        from dedup.ingest import _article_native as twin  # type: ignore[attr-defined,unused-ignore]

        stamp = twin_stamp(Path(__file__).parent.parent if package is None else package)
    except Exception:  # an optional accelerator: not built, not loadable, or sources unreadable
        return None
    compiled = str(getattr(twin, "__file__", "")).endswith(tuple(EXTENSION_SUFFIXES))  # not a stray .py copy
    return twin if compiled and getattr(twin, "SOURCE_SHA256", None) == stamp else None


# The twin itself (the same text compiled under another name) runs its own body.
COMPILED_TWIN: ModuleType | None = compiled_twin() if __name__ == "dedup.ingest.article" else None
