"""Corrections: documents that say they correct another, and the copies left behind.

A wire service corrects a story by sending it again with a flag in the
headline (``CORRECTED - ...``) and a short advisory line in the body
(``(Corrects dollar figure of notes placed)``); web outlets append
``Correction: An earlier version of this story said ...``; a company
corrects itself in a new story (``X CORRECTS NET``, ``..., not the 37 cts
it reported on March 11``).  This module

* reads such a notice from one document (:func:`correction_notice`),
* tells the comparison which sentences are notices rather than news
  (:func:`is_notice_line`, :func:`strip_notice`),
* pairs each correcting document with the document it corrects, among its
  near-duplicate partners (:func:`find_corrections`), and
* names the other copies of the corrected story that still carry a value
  the correction changed (:func:`stale_copies`).

Everything is regular expressions over one document at a time, and the
pairing looks only at the given partners of each correcting document, so
the cost is linear in the corpus.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from dedup.lexicon import MONTHS, WEEKDAYS
from dedup.model import Document, per_document, reference_day

__all__ = [
    "Correction",
    "Notice",
    "correction_notice",
    "find_corrections",
    "is_notice_line",
    "stale_copies",
    "stated_change",
    "strip_flag",
    "strip_notice",
]


@dataclass(frozen=True)
class Notice:
    """A correction notice read from one document.

    Parameters
    ----------
    text
        The notice as written, without brackets and leading dashes, e.g.
        ``"Corrects dollar figure of notes placed"``; for a headline flag
        alone, the flag (``"CORRECTED"``).
    what
        What it says was fixed, lower case, articles and trailing
        references removed (``"dollar figure"``, ``"year"``,
        ``"spelling"``; ``"unit"`` when it changes ``barrels/year`` to
        ``barrels/day``), else ``None``.
    paragraph
        The paragraph it points at, counted from 1 (``"in third
        paragraph"`` gives 3, ``"lead paragraph"`` 1), else ``None``.
    kind
        ``"flag"``: only a headline flag; ``"line"``: an advisory line
        (wire or web) that is not part of the story;
        ``"statement"``: the story itself reports the correction (a
        company correcting its own figure); its sentences are news.
    refers_to
        The ISO date of the item it corrects when the notice names one
        (``"in item appearing March 17"``, ``"reported earlier today"``,
        ``"yesterday"``) and the document is dated, else ``None``.
    old, new
        The wrong and the right value when the notice states them
        (``"to barrels/day from barrels/year"``, ``"April 25, not April
        28"``, ``"not the 37 cts it reported"``), else ``None``.
    """

    text: str
    what: str | None
    paragraph: int | None
    kind: str = "line"
    refers_to: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Correction:
    """One document that corrects another.

    Parameters
    ----------
    corrected
        Id of the document that says it corrects another.
    original
        Id of the document it corrects.
    notice
        The notice of ``corrected``.
    """

    corrected: str
    original: str
    notice: Notice


# ---------------------------------------------------------------- headline

# "CORRECTED - X", "(CORRECTED)-X", "<CORRECTED> - X", "Correction: X",
# "CORRECTED-UPDATE 2-X"; the flag must be bracketed or followed by a
# dash or colon, so "CORRECTION SEEN IN TOKYO STOCKS" is not a flag.
_FLAG_HEAD = re.compile(
    r"^\s*(?:[(<\[]\s*(?P<b>CORRECTED|CORRECTION|Corrected|Correction)\s*[)>\]]\s*[-:\u2013\u2014]*"
    r"|(?P<d>CORRECTED|CORRECTION|Corrected|Correction)\s*[-:\u2013\u2014]+)\s*"
)
_FLAG_TAIL = re.compile(r"\s*[-\u2013\u2014]*\s*[(<\[]\s*(?:CORRECTED|Corrected|corrected)\s*[)>\]]\s*$")
# "NATIONAL PIZZA <PIZA> CORRECTS FIGURE" (an upper-case headline), but
# not "DOLLAR CORRECTS LOWER".
_TITLE_CORRECTS = re.compile(
    r"(?<![-\w])(?<!TO )(?:CORRECTS|CORRECTED)\s+(?!LOWER\b|HIGHER\b|UP\b|DOWN\b|SHARPLY\b|AFTER\b|FROM\b|IN\b)"
    r"[A-Z0-9<]"
)


def strip_flag(title: str) -> str:
    """``title`` without a CORRECTED flag at either end.

    Examples
    --------
    >>> strip_flag("(CORRECTED) - BANPONCE <BDEP> PLACES NOTES")
    'BANPONCE <BDEP> PLACES NOTES'
    >>> strip_flag("Correction: Fed holds rates")
    'Fed holds rates'
    >>> strip_flag("CORRECTION SEEN IN TOKYO STOCKS")
    'CORRECTION SEEN IN TOKYO STOCKS'
    """
    out = _FLAG_HEAD.sub("", title, count=1)
    return _FLAG_TAIL.sub("", out, count=1).strip()


def _title_flag(title: str) -> Notice | None:
    m = _FLAG_HEAD.match(title)
    if m:
        rest = title[m.end():]
        flag = m.group("b") or m.group("d") or "CORRECTED"
        # "Correction: An earlier version ..." as a headline line
        line = _line_notice(rest)
        return line if line is not None else Notice(flag, None, None, "flag")
    if _FLAG_TAIL.search(title):
        return Notice("CORRECTED", None, None, "flag")
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        m2 = _TITLE_CORRECTS.search(title)
        if m2:
            return Notice(title.strip(), _what(title[m2.end() - 1:]), None, "statement")
    return None


# ------------------------------------------------------------ notice lines

_LEAD = (
    r"[(\[<]?\s*(?:-{1,2}\s*)?"
    r"(?:(?:NOTE|Note|EDITOR'?S'? NOTE|Editor'?s'? [Nn]ote|Editors'? note)\s*[:-]\s*)?"
    r"(?:In (?:the |an |its )?(?:item|story|report|table)[^,.()]{0,50},\s*)?"
)
_SUBJECT = (
    r"(?:(?:Also|also)\s+)?"
    r"(?:(?:The |the )?(?:[Cc]ompany|[Aa]gency|[Dd]epartment|[Mm]inistry|[Bb]ank)\s+"
    r"|This (?:version|story|article|item|report) "
    r"|(?!(?:The|It|He|She|They|We|This|That)\s)[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,2}\s+)?"
)
_VERB = (
    r"(?P<verb>[Cc]orrects|[Cc]orrecting|CORRECTS"
    r"|(?:[Ff]ixes|[Ff]ixing|FIXES)(?=\s+(?:typos?|spelling|misspell\w*|errors?|mistakes?|dateline|headline|garbled|"
    r"transmission|formatting|name|figure|date|day|year|the|a|an|paragraph|para|graf|reference|word|wording|byline|link))"
    r"|[Rr]efiles(?: to)?|[Rr]efiling(?: to)?|REFILES(?: TO)?"
    r"|(?:[Aa]dds|[Aa]dding|[Rr]estores|[Ii]nserts|[Rr]einserts) (?:dropped|missing|omitted)"
    r"|[Rr]emoves (?:erroneous|incorrect|wrong)"
    r"|[Cc]orrection\s*[:-]"
    r"|(?:An?|The) (?:earlier|previous|prior|original) version of this"
    r" (?:story|article|report|item|post|piece|column)"
    r"|This (?:story|article|report|item|post|version) (?:has been|was|is) (?:corrected|amended|updated to correct)"
    r")(?!\w)"
)
_LINE = re.compile(_LEAD + _SUBJECT + _VERB)
# Refiles that correct nothing.
_ADVISORY = re.compile(
    r"^\s*(?:to\s+)?(?:add|include|remove)\s+(?:byline|link|links|graphic|photo|picture|"
    r"tag|tags|slug|category|categories|factbox|video|dateline)\b",
    re.I,
)

# Where a notice may start inside a paragraph: its start, after a
# sentence end, or at a bracket or dash that opens an aside.
_STARTS = re.compile(r"(?:^|(?<=[.!?\"'])\s+|\s+(?=[(\[]|--?\s)|(?<=\s)(?=--))")

# A company (or agency) correcting itself, inside the story.
_NUMBERISH = (
    r"(?:[^.;:]{0,40}?(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|mln|million|billion|bln)\b)[^.;:]{0,30}?)"
)
_VALUE = (
    r"(?:[^.;:,]{0,25}?(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|mln|million|billion|bln)\b)[^.;:,]{0,25}?)"
)
_EARLIER = (
    r"(?:reported|announced|said|stated|gave|given|published|issued|released|made|disclosed)"
    r"(?:\s+(?:it|the company))?"
    r"\s+(?:(?:earlier|previously|originally|initially)\b|yesterday|today|on\s+\w+|last\s+\w+)"
)
_STATEMENT = re.compile(
    r"\bcorrected\s+(?:its|the|a|an|their)\s+[^.;]{1,80}?\s+to\s+" + _NUMBERISH + r"\s+from\s+" + _NUMBERISH
    + r"|\bcorrected\s+(?:its|the|a|an|their)\s+[^.;]{1,80}?\b" + _EARLIER
    + r"|\bnot\s+(?:the\s+)?" + _VALUE + r"\s+(?:that\s+|which\s+|as\s+)?"
    r"(?:it|the\s+(?:company|firm|department|agency|ministry|bank|government|group|service))\s+(?:had\s+)?"
    r"(?:originally\s+|previously\s+|earlier\s+|first\s+|initially\s+|mistakenly\s+|erroneously\s+)?"
    r"(?:reported|announced|stated|gave|published|issued|released|disclosed)\b"
    r"|\b(?:announcement|statement|release|report|filing)\b[^.;]{0,120}?\b(?:yesterday|earlier|previous|last\s+\w+)"
    r"\b[^.;]{0,120}?\bcontained\s+(?:an?\s+|one\s+|two\s+|three\s+|several\s+|some\s+)?"
    r"(?:errors?|inaccurac(?:y|ies)|mistakes?)\b"
)


def _line_notice(segment: str, opening: bool = True) -> Notice | None:
    """The notice that ``segment`` starts with, if it starts with one.

    Inside a paragraph (``opening`` false) a notice that starts in lower
    case must be marked as an aside: a bracket, a dash or ``NOTE:``.
    """
    m = _LINE.match(segment)
    if not m:
        return None
    verb = m.group("verb")
    rest = segment[m.end("verb"):]
    lead = segment[:m.start("verb")]
    marked = re.search(r"[(\[<-]|NOTE|[Nn]ote", lead) is not None
    if verb.lower().endswith("ing") and not marked:
        return None  # "Correcting the imbalance will take years" is prose
    if not opening and not marked and not lead.strip() and verb[0].islower():
        return None  # "... (London) fixes the period at 68 months"
    if verb.lower().startswith("refil") and (not rest.strip() or _ADVISORY.match(rest)):
        return None
    text = _clean_text(segment)
    low = verb.lower()
    if "version of this" in low:
        what = _earlier_version_what(rest)
    elif low.startswith("correction"):
        inner = _line_notice(rest.strip())
        return Notice(text, inner.what, inner.paragraph) if inner else Notice(text, None, _paragraph(text))
    elif low.startswith("this "):
        what = _what(re.sub(r"^\s*to\s+(?:show|reflect|fix|correct|say|state|remove|delete)\b", "", rest))
    else:
        what = _what(rest)
    return Notice(text, what, _paragraph(text))


def _clean_text(segment: str) -> str:
    text = segment.strip()
    text = re.sub(r"^[(\[<]\s*", "", text)
    text = re.sub(r"^-{1,2}\s*", "", text)
    text = re.sub(r"[)\]>]\s*$", "", text).strip()
    return text


_STOP = re.compile(
    r"\s+(?:in|of|on|to|from|for|which|that|at|instead|not|after|as|so|by|with|because|rather|and\s+to)\b"
    r"|\s*[,;:.()\[\]<]|\s+--|\s+-\s",
    re.I,
)
_GENERIC = {"error", "errors", "mistake", "mistakes", "item", "story", "report", "article", "it", "this"}
_DATE_WORDS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
)


def _what(rest: str) -> str | None:
    """Normalised object of a 'corrects' verb: what was fixed."""
    s = rest.strip()
    s = re.sub(r"^(?:(?:to\s+)?(?:fix|correct|remove|restore|add|insert)\s+)", "", s, flags=re.I)
    unit = re.search(r"\bto\s+(\w+)\s*(?:/|\bper\s+)\s*(\w+)\s+from\s+(\w+)\s*(?:/|\bper\s+)\s*(\w+)", s, re.I)
    if unit and unit.group(1).lower() == unit.group(3).lower() and unit.group(2).lower() != unit.group(4).lower():
        return "unit"
    if re.match(r"(?i)^(?:to|that|the\s+record|" + _DATE_WORDS + r"|(?:in\s+)?(?:an?\s+|the\s+)?(?:item|story))\b", s):
        return None
    s = re.sub(r"(?i)^(?:the|a|an|its|their|his|her)\s+", "", s)
    m = _STOP.search(s)
    if m:
        s = s[:m.start()]
    s = s.strip(" -\"'").lower()
    words = s.split()
    if not words or len(words) > 6:
        return None
    phrase = " ".join(words)
    if phrase in _GENERIC or re.match(r"(?:\w+\s+)?" + _PARA + r"(?:\s+\w+)?$", phrase):
        return None  # "lead paragraph", "paragraph 3": where, not what
    return phrase


def _earlier_version_what(rest: str) -> str | None:
    m = re.match(r"\s+(?:misspelled|misspelt|misspells)\b", rest, re.I)
    if m:
        return "spelling"
    m = re.match(
        r"\s+(?:misstated|misreported|misidentified|mischaracterized|mischaracterised|incorrectly\s+\w+|"
        r"wrongly\s+\w+|erroneously\s+\w+|gave\s+(?:the\s+)?(?:wrong|incorrect|an\s+incorrect)|"
        r"had\s+(?:the\s+)?(?:wrong|incorrect|an\s+incorrect))\s+(.*)",
        rest,
        re.I,
    )
    return _what(m.group(1)) if m else None


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "lead": 1, "top": 1,
    "opening": 1, "1st": 1, "2nd": 2, "3rd": 3,
}
_CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_PARA = r"(?:paragraphs?|paras?|grafs?|pars?|pgraphs?)\b\.?"


def _number_word(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    if w in _ORDINALS:
        return _ORDINALS[w]
    if w in _CARDINALS:
        return _CARDINALS[w]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", w)
    return int(m.group(1)) if m else None


def _paragraph(text: str) -> int | None:
    m = re.search(r"\b(\w+)\s+" + _PARA, text, re.I)
    if m:
        n = _number_word(m.group(1))
        if n is not None and n > 0 and m.group(1).lower() not in _CARDINALS:
            return n
    m = re.search(
        r"\b" + _PARA + r"\s*(?:no\.?\s*)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", text, re.I
    )
    if m:
        n = _number_word(m.group(1))
        if n:
            return n
    return None


_NOTICE_WINDOW = 2000
"""A notice is read from the first characters of a sentence; a longer one is cut here."""


def _segments(paragraph: str) -> Iterable[tuple[int, str]]:
    """Where a notice may start in ``paragraph`` (its start and each sentence start), and the text from there.

    The text is cut at :data:`_NOTICE_WINDOW` characters: copying the rest of a long paragraph at every
    sentence made a 10 MB field quadratic.
    """
    starts = sorted({m.end() for m in _STARTS.finditer(paragraph)} | {0})
    for s in starts:
        yield s, paragraph[s : s + _NOTICE_WINDOW]


def _body_notice(paragraph: str) -> tuple[int, Notice] | None:
    for start, seg in _segments(paragraph):
        found = _line_notice(seg, opening=start == 0)
        if found is not None:
            end = _notice_end(seg)
            return start, Notice(_clean_text(seg[:end]), found.what, found.paragraph, found.kind)
    return None


def _notice_end(seg: str) -> int:
    """Where a notice that starts ``seg`` ends: its closing bracket or the paragraph end."""
    if seg.lstrip().startswith(("(", "[")):
        depth = 0
        for i, c in enumerate(seg):
            if c in "([":
                depth += 1
            elif c in ")]":
                depth -= 1
                if depth == 0:
                    return i + 1
    return len(seg)


def is_notice_line(sentence: str) -> bool:
    """Whether ``sentence`` is a correction notice rather than news.

    A notice line (``(Corrects year of loss in third paragraph)``,
    ``Correction: An earlier version ...``, ``Refiles to fix typo``) is an
    advisory of the outlet; a story's own report of a correction (``The
    company said it corrected its net to 485,380 dlrs from 528,790 dlrs``)
    is news and is not a notice line.  The line may continue a notice
    that opened in an earlier sentence (``Also corrects ...)``).

    Examples
    --------
    >>> is_notice_line("(Corrects dollar figure of notes placed in item appearing Feb 25.)")
    True
    >>> is_notice_line("NOTE: company corrects reporting period to 4th qtr.")
    True
    >>> is_notice_line("Correction: An earlier version of this story misspelled her name.")
    True
    >>> is_notice_line("The company corrected its course last year.")
    False
    >>> is_notice_line("A correction in stock prices is overdue, analysts said.")
    False
    """
    return _line_notice(sentence.strip()) is not None or _flag_only(sentence)


def _flag_only(sentence: str) -> bool:
    return re.fullmatch(r"\s*[(<\[]?\s*(?:CORRECTED|Corrected|corrected)\s*[)>\]]?\s*[-:]?\s*", sentence) is not None


def strip_notice(text: str) -> str:
    """``text`` without the correction notice it carries, if any.

    Only the notice goes: a bracketed notice up to its closing bracket,
    an unbracketed one up to the end of ``text``.

    Examples
    --------
    >>> strip_notice("Officers hold about 73 pct, it said. (corrects company name, GGHF, in first paragraph)")
    'Officers hold about 73 pct, it said.'
    >>> strip_notice("No notice here.")
    'No notice here.'
    """
    found = _body_notice(text)
    if found is None:
        return text
    start, _ = found
    seg = text[start:]
    return (text[:start].rstrip() + " " + seg[_notice_end(seg):].lstrip()).strip()


# ------------------------------------------------------------ the document


_MONTH_DAY = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b"
_REF_AFTER = re.compile(
    r"\b(?:item|story|table|report|announcement|ran|run|moved|appeared|appearing|reported|announced|issued|"
    r"dated|published|released)\s+(?:\w+\s+){0,2}?(?:on\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?" + _MONTH_DAY,
    re.I,
)
_REF_BEFORE = re.compile(_MONTH_DAY + r"\s+(?:item|story|report|table|announcement)\b", re.I)


def _refers_to(text: str, published: str | None) -> str | None:
    day = reference_day(published)
    if day is None:
        return None
    m = _REF_AFTER.search(text) or _REF_BEFORE.search(text)
    if m:
        month, dom = MONTHS[m.group("month").lower()[:3]], int(m.group("day"))
        for year in (day.year, day.year - 1):
            try:
                ref = _dt.date(year, month, dom)
            except ValueError:
                return None
            if ref <= day:
                return ref.isoformat()
        return None
    if re.search(r"\byesterday\b", text, re.I):
        return (day - _dt.timedelta(days=1)).isoformat()
    if re.search(r"\b(?:earlier\s+today|today|this\s+morning|earlier\s+this\s+\w+)\b", text, re.I):
        return day.isoformat()
    m = re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", text, re.I)
    if m:
        back = (day.weekday() - WEEKDAYS[m.group(1).lower()]) % 7 or 7
        return (day - _dt.timedelta(days=back)).isoformat()
    return None


def _title_candidates(doc: Document) -> list[str]:
    out = [doc.title] if doc.title else []
    if doc.paragraphs:
        first = doc.paragraphs[0].strip()
        if len(first) <= 200 and first != doc.title and not re.search(r"[.!?]\"?$", first):
            out.append(first)
        elif _FLAG_HEAD.match(first):
            out.append(first)
    return out


@per_document  # the scan asks for every document's notice several times (pairing, comparison, stale copies)
def correction_notice(doc: Document) -> Notice | None:
    """The correction notice of ``doc``, else ``None``.

    Recognised: a CORRECTED flag in the headline (``doc.title``, or the
    first paragraph when ingest left the headline there); an advisory
    line anywhere in the body, bracketed or not (``(Corrects ...)``,
    ``-- corrects ...``, ``NOTE: Company corrects ...``, ``Correcting
    ...``, ``Fixes typo ...``, ``Refiles to fix ...``, ``Adds dropped
    ...``, ``Correction: ...``, ``An earlier version of this story ...``,
    ``This story has been corrected ...``); and a story that reports its
    own correction (``X CORRECTS NET``, ``..., not the 37 cts it reported
    on March 11``, ``corrected its net to A from B reported earlier``).
    A body line wins over a bare headline flag, a line over a statement.

    Examples
    --------
    >>> doc = Document(id="b", title="(CORRECTED) - BANPONCE <BDEP> PLACES NOTES",
    ...                paragraphs=["BanPonce placed 30 mln dlrs of notes.",
    ...                            "- Corrects dollar figure of notes placed in item appearing Feb 25."],
    ...                date="1987-02-26")
    >>> n = correction_notice(doc)
    >>> n.text, n.what, n.paragraph, n.refers_to
    ('Corrects dollar figure of notes placed in item appearing Feb 25.', 'dollar figure', None, '1987-02-25')
    >>> correction_notice(Document(id="c", paragraphs=["Stocks saw a correction."], title="MARKET CORRECTION"))
    """
    flag: Notice | None = None
    skip = -1  # the first paragraph, when it is the headline that carries the flag
    for title in _title_candidates(doc):
        flag = _title_flag(title)
        if flag is not None:
            if title is not doc.title:
                skip = 0
            break
    statement: Notice | None = flag if flag is not None and flag.kind == "statement" else None
    if flag is not None and flag.kind == "line":
        return _dated(flag, doc)
    for i, paragraph in enumerate(doc.paragraphs):
        found = _body_notice(paragraph) if i != skip else None
        if found is not None:
            return _dated(found[1], doc)
    if flag is not None and flag.kind == "flag":
        return flag
    for paragraph in doc.paragraphs:
        m = _STATEMENT.search(paragraph)
        if m:
            sentence = _sentence_around(paragraph, m.start(), m.end())
            what = (statement.what if statement is not None else None) or _statement_what(sentence)
            return _dated(Notice(sentence, what, _paragraph(sentence), "statement"), doc)
    return _dated(statement, doc) if statement is not None else None


def _statement_what(sentence: str) -> str | None:
    m = re.search(r"\bcorrected\s+(?:its|the|a|an|their)\s+(.*)", sentence)
    return _what(m.group(1)) if m else None


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    right = text.find(". ", end)
    return text[left + 2 if left >= 0 else 0: right + 1 if right >= 0 else len(text)].strip()


def _dated(notice: Notice, doc: Document) -> Notice:
    ref = _refers_to(notice.text, doc.date)
    old, new = _old_new(notice.text)
    return Notice(notice.text, notice.what, notice.paragraph, notice.kind, ref, old, new)


_VALUE_END = (
    r"(?=\s+(?:in|on|for|as|which|that|it|the\s+company|reported|announced|said|originally|previously|"
    r"earlier|instead|rather|because|after)\b|\s*(?:,(?!\d)|[;:()])|\.(?:\s|$)|\s+--|\s*$)"
)
_V = r"(?:[^,;:().]|(?<=\d)[,.](?=\d))"
_TO_FROM = re.compile(
    r"\bto\s+(?:show\s+)?(?P<new>" + _V + r"{1,60}?)\s+from\s+(?P<old>" + _V + r"{1,60}?)" + _VALUE_END
)
_FROM_TO = re.compile(r"\bfrom\s+(?P<old>" + _V + r"{1,40}?)\s+to\s+(?P<new>" + _V + r"{1,40}?)" + _VALUE_END)
_NOT = re.compile(
    r"(?:(?:,|\bto\s+show|\bto\s+be|\bwere|\bwas|\bis|\bof|\bcovers)\s+(?P<new>" + _V + r"{1,40}?))?,?\s+"
    r"(?:and\s+)?(?:not|instead\s+of|rather\s+than)\s+(?:the\s+|an?\s+)?(?P<old>" + _V + r"{1,40}?)" + _VALUE_END
)
_FROM = re.compile(
    r"\b(?:[Cc]orrects|[Cc]orrecting)\b[^;().]{0,60}?\bfrom\s+(?P<old>" + _V + r"{1,40}?)" + _VALUE_END
)


def _old_new(text: str) -> tuple[str | None, str | None]:
    """The wrong and the right value a notice states, when it states them."""
    for pattern in (_TO_FROM, _FROM_TO, _NOT, _FROM):
        m = pattern.search(text)
        if m:
            old = _trim_value(m.group("old"))
            new = _trim_value(m.groupdict().get("new"))
            if old:
                return old, new
    return None, None


_REPORTED_BEFORE = re.compile(r"\b(?:reported|announced|originally|previously|earlier|said)\b", re.I)


def stated_change(doc: Document, notice: Notice) -> tuple[str, str, str] | None:
    """The wrong value, the right one and the sentence that says so, when a correcting document states them.

    A company correcting itself says it in a sentence of its story ("it will pay 5.44 dlrs per share, not the
    5.83 dlrs it reported earlier"); the notice may be the headline only ("... CORRECTS DIVIDEND RATE").

    Examples
    --------
    >>> doc = Document("c", ["Fox said it will pay a dividend of 5.44 dlrs, not the 5.83 dlrs it reported earlier."],
    ...                title="NEWS CORP UNIT CORRECTS DIVIDEND RATE")
    >>> stated_change(doc, Notice("NEWS CORP UNIT CORRECTS DIVIDEND RATE", "dividend rate", None, "statement"))[:2]
    ('5.83 dlrs', '5.44 dlrs')
    """
    if notice.kind != "statement":
        return None
    if notice.old and notice.new:
        return notice.old, notice.new, notice.text
    for sentence in doc.sentences:
        m = _NOT.search(sentence)
        if m and _REPORTED_BEFORE.search(sentence, m.end("old")):
            old, new = _trim_value(m.group("old")), _trim_value(m.groupdict().get("new"))
            if old and new:
                return old, new, sentence
    return None


def _trim_value(value: str | None) -> str | None:
    if not value:
        return None
    value = re.sub(r"^(?:the|a|an|its)\s+", "", value.strip(), flags=re.I).strip(" .\"'")
    return value if value and len(value.split()) <= 8 else None


# ------------------------------------------------------------ the pairing

_TITLE_STOP = frozenset(
    "a an the of in on to for and or by at as with from its it is are be says said sees set sets "
    "inc corp co ltd plc nv sa ag unit corrected corrects".split()
)


def _title_words(title: str | None) -> frozenset[str]:
    if not title:
        return frozenset()
    return frozenset(w for w in re.findall(r"[a-z0-9]+", strip_flag(title).lower()) if w not in _TITLE_STOP)


def _words(text: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"\d+(?:[.,/-]\d+)*\w*|\w+", text.lower())) if text else frozenset()


def _wrong_words(value: str | None) -> frozenset[str]:
    """What a partner must state to carry the wrong ``value``: its figures when it has any
    (units are often left out: ``528,790 dlrs`` / ``Net 528,790``), else its content words."""
    words = _words(value) - _FUNCTION_WORDS
    figures = frozenset(w for w in words if w[0].isdigit())
    return figures or words


def _shingles(doc: Document) -> frozenset[tuple[str, str]]:
    words = re.findall(r"\w+", " ".join(strip_notice(p) for p in doc.paragraphs).lower())
    return frozenset(pairwise(words))


def _dice(a: frozenset[str] | frozenset[tuple[str, str]], b: frozenset[str] | frozenset[tuple[str, str]]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _adjacency(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    return adj


_FUNCTION_WORDS = frozenset("a an the and or of in on to for by at with its it".split())
# What naming the partner's date, or quoting a wrong value the partner
# carries, is worth next to the similarity (title Dice + text Dice, 0..2).
_EVIDENCE = 0.5


def find_corrections(docs: Sequence[Document], pairs: Iterable[tuple[str, str]]) -> list[Correction]:
    """Pair every document that has a notice with the earlier document it corrects.

    The original is chosen among the document's near-duplicate partners
    (``pairs`` of ids, either order) published the same day or earlier
    (a missing date does not exclude).  A partner that has a notice itself
    is another correction: it qualifies only when published on an earlier
    day, and then in place of the document it corrected (the version on
    the wire is the corrected one; a correction of a correction corrects
    that).  Among the rest the best scores highest on: the date the notice
    names (``in item appearing March 17``) and the wrong value it quotes
    (``from 3rd qtr``, ``not the 37 cts``) found in the partner, each worth
    half of a perfect match, plus the similarity of the titles with the
    CORRECTED flag removed and the share of word pairs the texts have in
    common.  A document with no qualifying partner gets
    no :class:`Correction`.

    Parameters
    ----------
    docs
        The corpus.
    pairs
        Near-duplicate pairs of ids.

    Returns
    -------
    list of Correction
        In the order of ``docs``.

    Examples
    --------
    >>> a = Document(id="a", title="GM TO IDLE SIX PLANTS", date="1987-04-01",
    ...              paragraphs=["GM will close the plants starting April 13."])
    >>> b = Document(id="b", title="CORRECTED - GM TO IDLE SIX PLANTS", date="1987-04-01",
    ...              paragraphs=["GM will close the plants starting April six.",
    ...                          "- corrects the date of the plant closings."])
    >>> [(c.corrected, c.original, c.notice.what) for c in find_corrections([a, b], [("a", "b")])]
    [('b', 'a', 'date')]
    """
    by_id = {d.id: d for d in docs}
    adj = _adjacency(pairs)
    notices: dict[str, Notice] = {}
    for d in docs:
        n = correction_notice(d)
        if n is not None:
            notices[d.id] = n
    order = {d.id: i for i, d in enumerate(docs)}
    noticed = sorted(notices, key=lambda i: (by_id[i].date or "", order[i]))
    corrects: dict[str, str] = {}
    titles: dict[str, frozenset[str]] = {}
    shingles: dict[str, frozenset[tuple[str, str]]] = {}
    bags: dict[str, frozenset[str]] = {}

    def title_of(i: str) -> frozenset[str]:
        if i not in titles:
            d = by_id[i]
            titles[i] = _title_words(d.title or (d.paragraphs[0] if d.paragraphs else None))
        return titles[i]

    def words_of(i: str) -> frozenset[str]:
        if i not in bags:
            d = by_id[i]
            bags[i] = _words(" ".join([d.title or "", *(strip_notice(p) for p in d.paragraphs)]))
        return bags[i]

    def shingles_of(i: str) -> frozenset[tuple[str, str]]:
        if i not in shingles:
            shingles[i] = _shingles(by_id[i])
        return shingles[i]

    for cid in noticed:
        doc = by_id[cid]
        day = doc.date[:10] if doc.date else None
        candidates: set[str] = set()
        for pid in adj.get(cid, ()):
            partner = by_id.get(pid)
            if partner is None:
                continue
            pday = partner.date[:10] if partner.date else None
            if day is not None and pday is not None and pday > day:
                continue
            if pid in notices and (day is None or pday is None or pday >= day):
                continue
            candidates.add(pid)
        # An item already corrected on an earlier day is on the wire in its corrected version: that correction
        # is a candidate too, even where its own headline changed too much to pair it ("SETS PAYOUT" /
        # "RAISES PAYOUT", then a correction of that).
        for earlier, original in corrects.items():
            eday = by_id[earlier].date
            if original in candidates and earlier != cid and (day is None or eday is None or eday[:10] < day):
                candidates.add(earlier)
        superseded = {corrects[p] for p in candidates if p in corrects}
        candidates -= superseded
        if not candidates:
            continue
        ref = notices[cid].refers_to

        wrong = _wrong_words(notices[cid].old)

        def score(
            pid: str, cid: str = cid, ref: str | None = ref, wrong: frozenset[str] = wrong
        ) -> tuple[float, int]:
            pdate = by_id[pid].date
            sim = _dice(title_of(cid), title_of(pid)) + _dice(shingles_of(cid), shingles_of(pid))
            if ref is not None and pdate is not None and pdate[:10] == ref:
                sim += _EVIDENCE
            if wrong and wrong <= words_of(pid):
                sim += _EVIDENCE
            return sim, -order[pid]

        best = max(candidates, key=score)
        corrects[cid] = best
    return [Correction(d.id, corrects[d.id], notices[d.id]) for d in docs if d.id in corrects]


# ------------------------------------------------------------ stale copies


def _count(text: str, value: str) -> int:
    value = " ".join(value.split())
    if not value:
        return 0
    return len(re.findall(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text))


def _flat(doc: Document) -> str:
    parts = [doc.title or ""] + [strip_notice(p) for p in doc.paragraphs]
    return " ".join(" ".join(parts).split())


def stale_copies(
    corrections: Sequence[Correction],
    docs: Sequence[Document],
    pairs: Iterable[tuple[str, str]],
    changes: Mapping[tuple[str, str], Sequence[tuple[str, str]]],
) -> list[tuple[str, Correction, str, str]]:
    """The copies that still carry a value a correction changed.

    For each correction, its copies are the near-duplicate partners of the
    original or of the corrected document, other than those two, that
    have no notice themselves.  ``changes[(original, corrected)]`` gives
    the ``(old, new)`` values the comparison found between the two
    (``changes[(corrected, original)]`` is read with the values swapped).
    A copy still carries ``old`` when it states it (as whole words) more
    often than the corrected document does, notice lines left out.

    Returns
    -------
    list of (copy id, Correction, old value, new value)
        In the order of ``corrections``, then of the changes, then of the
        copies' ids.

    Examples
    --------
    >>> orig = Document(id="o", paragraphs=["Pay April 28."])
    >>> fixed = Document(id="c", title="CORRECTED - PAYOUT", paragraphs=["Pay April 25."])
    >>> old = Document(id="x", paragraphs=["Pay April 28."])
    >>> new = Document(id="y", paragraphs=["Pay April 25."])
    >>> fix = Correction("c", "o", Notice("CORRECTED", None, None, "flag"))
    >>> pairs = [("o", "c"), ("o", "x"), ("o", "y")]
    >>> [(copy, a, b) for copy, _, a, b in stale_copies([fix], [orig, fixed, old, new], pairs,
    ...                                                  {("o", "c"): [("April 28", "April 25")]})]
    [('x', 'April 28', 'April 25')]
    """
    by_id = {d.id: d for d in docs}
    adj = _adjacency(pairs)
    flat: dict[str, str] = {}
    noticed: dict[str, bool] = {}

    def text_of(i: str) -> str:
        if i not in flat:
            flat[i] = _flat(by_id[i])
        return flat[i]

    def has_notice(i: str) -> bool:
        if i not in noticed:
            noticed[i] = correction_notice(by_id[i]) is not None
        return noticed[i]

    out: list[tuple[str, Correction, str, str]] = []
    for fix in corrections:
        if fix.corrected not in by_id:
            continue
        values = list(changes.get((fix.original, fix.corrected), ()))
        values += [(b, a) for a, b in changes.get((fix.corrected, fix.original), ())]
        if not values:
            continue
        copies = sorted(
            (adj.get(fix.original, set()) | adj.get(fix.corrected, set())) - {fix.original, fix.corrected}
        )
        copies = [c for c in copies if c in by_id and not has_notice(c)]
        for old, new in values:
            fixed_count = _count(text_of(fix.corrected), old)
            for copy in copies:
                if _count(text_of(copy), old) > fixed_count:
                    out.append((copy, fix, old, new))
    return out


def correction_pairs(docs: Sequence[Document], linked: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """(original, corrected) ids of every document that says it corrects another one in the corpus.

    Candidates are the document's linked partners and the documents published
    the same day or earlier whose headline (flags aside) shares most words with its own.
    """
    from dedup.facts.compare import ticker_symbols, title_words

    noticed = [d for d in docs if correction_notice(d) is not None]
    if not noticed:
        return []
    words = {d.id: title_words(d.title) for d in docs}
    index: dict[str, list[str]] = {}
    tickers: dict[str, list[str]] = {}
    for d in docs:
        for w in words[d.id]:
            index.setdefault(w, []).append(d.id)
        for t in ticker_symbols(d.title):
            tickers.setdefault(t, []).append(d.id)
    by_id = {d.id: d for d in docs}

    def not_later(other: str, d: Document) -> bool:
        """Whether ``other`` was published the same day as ``d`` or before (a missing date does not exclude)."""
        od, dd = by_id[other].date, d.date
        return not (od and dd and od > dd)

    candidates = set(linked)
    for d in noticed:
        # A company correcting itself in a new story ("REGENCY CRUISTS <SHIP> CORRECTS EARNINGS") shares its
        # ticker, not its words, with the item it corrects.
        for t in ticker_symbols(d.title):
            postings = tickers.get(t, [])
            if len(postings) <= 200:
                candidates.update((other, d.id) for other in postings if other != d.id and not_later(other, d))
        mine = words[d.id]
        if not mine:
            continue
        counts: dict[str, int] = {}
        for w in mine:
            postings = index.get(w, [])
            if len(postings) > 2000:
                continue  # "SAYS", "NET": too common to find a partner by
            for other in postings:
                counts[other] = counts.get(other, 0) + 1
        for other, n in counts.items():
            theirs = words[other]
            if other == d.id or not theirs or n / min(len(mine), len(theirs)) < 0.8 or not not_later(other, d):
                continue
            candidates.add((other, d.id))
    return [(c.original, c.corrected) for c in find_corrections(docs, candidates)]
