"""Correction notices, the pairing of corrections with what they correct, and stale copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.facts.corrections import (
    Correction,
    Notice,
    correction_notice,
    find_corrections,
    is_notice_line,
    stale_copies,
    strip_flag,
    strip_notice,
)
from dedup.model import Document
from dedup_testing.paths import ROOT

ITEMS = ROOT / "bench" / "data" / "reuters_correction_items.jsonl"
CORPUS = Path("/tmp/reuters.jsonl")


def doc(id: str, *paragraphs: str, title: str | None = None, date: str | None = None) -> Document:
    return Document(id=id, paragraphs=list(paragraphs), title=title, date=date)


# Notice lines as they appear in Reuters-21578 correction items (short quotes),
# with what they say was fixed and the paragraph they point at.
REUTERS_LINES = [
    ("- Corrects dollar figure of notes placed in item appearing Feb 25.", "dollar figure", None),
    ("-- corrects year of loss in third paragraph in item which originally ran February 27.", "year", 3),
    ("(Correcting unit's output to barrels/day from barrels/year)", "unit", None),
    ("NOTE: company corrects reporting period to 4th qtr and year from 3rd qtr and nine mths", "reporting period", None),
    ("(corrects company name, GGHF, in first paragraph)", "company name", 1),
    ("(corrects spelling of town in line five)", "spelling", None),
    ("(Company corrects pay date, April 25, not April 28 in story that ran yesterday.)", "pay date", None),
    ("(corrects ticker symbol in headline, which is symbol of company's options)", "ticker symbol", None),
    ("Moody's corrects amount of debt from 65 mln dlrs.", "amount", None),
    ("Adds dropped year of rights expiration.", "year", None),
    ("- Corrects to show Nippon's affiliate Koba buying stake in Lifetime.", None, None),
    ("Corrects March 11 item to exclude tax credit", None, None),
]

MODERN_LINES = [
    ("Correction: An earlier version of this story misspelled the name of the mayor.", "spelling", None),
    ("An earlier version of this article misstated the company's revenue in 2019.", "company's revenue", None),
    ("An earlier version of this story said the plant would close in May.", None, None),
    ("This story has been corrected to fix the spelling of the minister's name.", "spelling", None),
    ("(This version corrects the figure in paragraph 3)", "figure", 3),
    ("corrects the figure in paragraph 3", "figure", 3),
    ("(Fixes typo in headline)", "typo", None),
    ("(Refiles to fix typo in paragraph 5)", "typo", 5),
    ("(Corrects spelling of Smith's name in second paragraph)", "spelling", 2),
    ("(Corrects lead paragraph to say shares fell, not rose)", None, 1),
]

NOT_NOTICES = [
    "The company corrected its course after the losses, it said.",
    "Corrections officers walked off the job on Monday.",
    "Analysts expect a correction in stock prices of as much as 10 to 15 pct.",
    "Correcting the trade imbalance will take years, he said.",
    "Net profit per share, corrected for a share issue and stock split, was 3.50 guilders.",
    "The utility said the problem has been corrected.",
    "Fixes for the software flaw are expected next month.",
    "The deal fixes the draw-down period at 68 months, the official said.",
    "Its equity holding will not exceed 10 pct, Philips said.",
    "TWA said it would refile its application today.",
]


@pytest.mark.parametrize(("line", "what", "paragraph"), REUTERS_LINES + MODERN_LINES)
def test_notice_lines(line: str, what: str | None, paragraph: int | None) -> None:
    assert is_notice_line(line)
    notice = correction_notice(doc("d", "Some news text here.", line))
    assert notice is not None
    assert notice.kind == "line"
    assert notice.what == what
    assert notice.paragraph == paragraph
    assert notice.text.strip("()- ") in line


@pytest.mark.parametrize("sentence", NOT_NOTICES)
def test_not_notices(sentence: str) -> None:
    assert not is_notice_line(sentence)
    assert correction_notice(doc("d", "Some news text here.", sentence, title="Markets today")) is None


@pytest.mark.parametrize(
    "title",
    [
        "CORRECTED - BANKAMERICA NEGOTIATING SALE OF UNITS",
        "(CORRECTED) - <TRANSALTA UTILITIES CORP> YEAR NET",
        "<CORRECTED> - GENERAL INSTRUMENT CORP <GRL> DIVI",
        "CORRECTED-NETWORK VIDEO INC <NVID> 3RD QTR",
        "Correction: Fed holds rates steady",
        "CORRECTED-UPDATE 2-Oil falls on supply worries",
        "Oil falls on supply worries (CORRECTED)",
    ],
)
def test_title_flag(title: str) -> None:
    in_title = correction_notice(doc("d", "Shr 81 cts vs 2.78 dlrs.", title=title))
    in_body = correction_notice(doc("d", title, "Shr 81 cts vs 2.78 dlrs."))  # ingest left it as paragraph 1
    assert in_title is not None and in_title.kind == "flag"
    assert in_body is not None and in_body.kind == "flag"
    assert "CORRECT" not in strip_flag(title).upper()


@pytest.mark.parametrize(
    "title",
    [
        "UK EQUITIES SEEN DUE FOR DOWNWARD CORRECTION",
        "CORRECTION SEEN IN TOKYO STOCKS",
        "CORRECTIONS <CCAX.O> SEEKS 1,000 PRISON BEDS",
        "TRW <TRW> PROMISES TO CORRECT CONTRACT PRACTICES",
        "COCA COLA <KO> SAYS RUMORS INCORRECT",
        "DOLLAR CORRECTS LOWER IN TOKYO",
    ],
)
def test_title_not_a_flag(title: str) -> None:
    assert correction_notice(doc("d", "The market fell 2 pct, dealers said.", title=title)) is None


def test_body_line_wins_over_flag_and_points_at_date() -> None:
    d = doc(
        "c",
        "Qtly div 17-1/2 cts vs 17-1/4 cts",
        "Pay April 15",
        "(Corrects headline and dividend figure in item appearing March 17 to show dividend was raised.)",
        title="CORRECTED - FEDERAL PAPER <FBT> RAISES PAYOUT",
        date="1987-03-18",
    )
    notice = correction_notice(d)
    assert notice is not None
    assert notice.what == "headline and dividend figure"
    assert notice.refers_to == "1987-03-17"


def test_notice_appended_to_a_sentence() -> None:
    text = "Datron's officers hold about 73 pct of the shares, it said. (corrects company name, GGHF, in first paragraph)"
    notice = correction_notice(doc("d", text))
    assert notice is not None and notice.paragraph == 1
    assert strip_notice(text) == "Datron's officers hold about 73 pct of the shares, it said."
    assert not is_notice_line("Datron's officers hold about 73 pct of the shares, it said.")


def test_old_and_new_values() -> None:
    n = correction_notice(doc("d", "(Correcting unit's output to barrels/day from barrels/year)"))
    assert n is not None and (n.old, n.new) == ("barrels/year", "barrels/day")
    n = correction_notice(doc("d", "(Company corrects pay date, April 25, not April 28 in story that ran yesterday.)"))
    assert n is not None and (n.old, n.new) == ("April 28", "April 25")


def test_company_statements() -> None:
    d = doc(
        "s",
        "Silver State Mining Corp said it has corrected its 1986 fourth quarter net income to 485,380 dlrs "
        "from 528,790 dlrs reported earlier today.",
        title="SILVER STATE MINING <SSMC> CORRECTS NET",
        date="1987-03-06",
    )
    n = correction_notice(d)
    assert n is not None and n.kind == "statement"
    assert n.old == "528,790 dlrs" and n.refers_to == "1987-03-06"
    assert not is_notice_line(n.text)  # the story's own report is news
    d = doc("r", "Regency Cruises said its 1986 earnings were 36 cts per share, not the 37 cts it reported on March 11.",
            date="1987-03-30")
    n = correction_notice(d)
    assert n is not None and n.old == "37 cts" and n.refers_to == "1987-03-11"


# -------------------------------------------------------------- pairing

ORIGINAL = doc(
    "orig",
    "Rexnord Inc said it signed a definitive agreement to sell its Railway Maintenance Equipment Co "
    "subsidiary to Banner Industries Inc. Terms were withheld.",
    "It said Railway Maintenance had 1986 sales of 16 mln dlrs.",
    title="REXNORD <REX> TO SELL RAILWAY EQUIPMENT UNIT",
    date="1987-03-11",
)
FIXED = doc(
    "fixed",
    "Rexnord Inc said it signed a definitive agreement to sell its Railway Maintenance Equipment Co "
    "subsidiary to Oak Industries Inc. Terms were withheld.",
    "It said Railway Maintenance had 1986 sales of 16 mln dlrs. -- Corrects name of purchaser",
    title="CORRECTED - REXNORD <REX> TO SELL RAILWAY UNIT",
    date="1987-03-11",
)
STALE = doc(
    "stale",
    "Rexnord Inc agreed to sell its Railway Maintenance Equipment Co subsidiary to Banner Industries Inc. "
    "Terms were withheld.",
    "Railway Maintenance had 1986 sales of 16 mln dlrs.",
    title="Rexnord to sell railway equipment unit",
    date="1987-03-11",
)
UPDATED = doc(
    "updated",
    "Rexnord Inc agreed to sell its Railway Maintenance Equipment Co subsidiary to Oak Industries Inc. "
    "Terms were withheld.",
    "Railway Maintenance had 1986 sales of 16 mln dlrs.",
    title="Rexnord to sell railway unit to Oak",
    date="1987-03-12",
)
LATER = doc(  # similar title, published after the correction: never its original
    "later",
    "Rexnord Inc said it completed the sale of its Railway Maintenance Equipment Co subsidiary to Oak "
    "Industries Inc.",
    title="REXNORD <REX> TO SELL RAILWAY UNIT",
    date="1987-03-20",
)
DOCS = [LATER, UPDATED, STALE, FIXED, ORIGINAL]
PAIRS = [
    ("orig", "fixed"), ("orig", "stale"), ("fixed", "stale"), ("fixed", "later"),
    ("updated", "fixed"), ("orig", "updated"),
]


def test_find_corrections_picks_the_earlier_uncorrected_copy() -> None:
    found = find_corrections(DOCS, PAIRS)
    assert [(c.corrected, c.original) for c in found] == [("fixed", "orig")]
    assert found[0].notice.what == "name"


def test_find_corrections_without_dates_or_partners() -> None:
    undated = [Document(id=d.id, paragraphs=d.paragraphs, title=d.title) for d in (ORIGINAL, FIXED, STALE)]
    found = find_corrections(undated, [("orig", "fixed"), ("stale", "fixed")])
    assert [(c.corrected, c.original) for c in found] == [("fixed", "orig")]
    assert find_corrections(DOCS, []) == []
    assert find_corrections([FIXED, LATER], [("fixed", "later")]) == []


def test_find_corrections_follows_a_chain() -> None:
    first = doc("a", "Qtly div 17-1/4 cts vs 17-1/4 cts prior", "Pay April 15",
                title="FEDERAL PAPER BOARD CO <FBT> SETS PAYOUT", date="1987-03-17")
    second = doc("b", "Qtly div 17-1/2 cts vs 17-1/4 cts", "Pay April 15",
                 "(Corrects headline and dividend figure in item appearing March 17 to show dividend was raised.)",
                 title="CORRECTED - FEDERAL PAPER <FBT> RAISES PAYOUT", date="1987-03-18")
    third = doc("c", "Qtly div 17.5 cts vs 17.5 cts in prior qtr", "Payable April 15",
                "(Company corrects amount of previous payment in MARCH 18 item to show there was no change)",
                title="(CORRECTED) - FEDERAL PAPER BOARD CO <FBO> PAYOUT", date="1987-03-19")
    found = find_corrections([third, second, first], [("a", "b"), ("a", "c"), ("b", "c")])
    assert {(c.corrected, c.original) for c in found} == {("b", "a"), ("c", "b")}


def test_same_day_corrected_copies_do_not_pair_with_each_other() -> None:
    one = doc("one", "Bank lost 32 mln marks in 1985.", title="CORRECTED - BANK SALE", date="1987-03-02")
    two = doc("two", "Bank lost 32 mln marks in 1985.", "-- corrects year of loss in third paragraph",
              title="CORRECTED - BANK SALE", date="1987-03-02")
    assert find_corrections([one, two], [("one", "two")]) == []


def test_stale_copies() -> None:
    fixes = find_corrections(DOCS, PAIRS)
    changes = {("orig", "fixed"): [("Banner Industries Inc", "Oak Industries Inc")]}
    stale = stale_copies(fixes, DOCS, PAIRS, changes)
    assert [(copy, old, new) for copy, _, old, new in stale] == [("stale", "Banner Industries Inc", "Oak Industries Inc")]
    assert stale[0][1] == fixes[0]
    # read with the values swapped when given the other way round
    swapped = stale_copies(fixes, DOCS, PAIRS, {("fixed", "orig"): [("Oak Industries Inc", "Banner Industries Inc")]})
    assert [(copy, old) for copy, _, old, _ in swapped] == [("stale", "Banner Industries Inc")]
    assert stale_copies(fixes, DOCS, PAIRS, {}) == []


def test_stale_copies_counts_repeated_values() -> None:
    orig = doc("o", "Qtly div 17-1/4 cts vs 17-1/4 cts prior")
    fixed = doc("c", "Qtly div 17-1/2 cts vs 17-1/4 cts prior", "(Corrects dividend figure)")
    old = doc("x", "Qtly div 17-1/4 cts vs 17-1/4 cts prior")
    new = doc("y", "Qtly div 17-1/2 cts vs 17-1/4 cts prior")
    fix = Correction("c", "o", Notice("Corrects dividend figure", "dividend figure", None))
    pairs = [("o", "c"), ("o", "x"), ("o", "y")]
    stale = stale_copies([fix], [orig, fixed, old, new], pairs, {("o", "c"): [("17-1/4", "17-1/2")]})
    assert [copy for copy, *_ in stale] == ["x"]


# -------------------------------------------------------------- real Reuters


def _reuters() -> list[Document]:
    docs = []
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            paragraphs = [p for p in r["text"].split("\n\n") if p.strip()]
            docs.append(Document(id=r["id"], paragraphs=paragraphs, title=r["title"], date=r["date"]))
    return docs


def _title_words(title: str | None) -> frozenset[str]:
    stop = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "inc", "corp", "co", "ltd", "unit",
            "corrected", "corrects", "says", "said", "sets", "sees"}
    import re

    return frozenset(w for w in re.findall(r"[a-z0-9]+", strip_flag(title or "").lower()) if w not in stop)


@pytest.mark.skipif(not CORPUS.exists(), reason="/tmp/reuters.jsonl not built (bench/data/README.md)")
def test_reuters_notices_and_pairing() -> None:
    items = [json.loads(line) for line in ITEMS.read_text(encoding="utf-8").splitlines()]
    docs = _reuters()
    noticed = [d for d in docs if correction_notice(d) is not None]
    # every correction item carries a notice, and nothing else in 19,043 items does
    assert {d.id for d in noticed} == {i["corrected"] for i in items}

    # candidate pairs: same day or earlier, sharing two title words
    words = {d.id: _title_words(d.title) for d in docs}
    pairs = [
        (c.id, d.id)
        for c in noticed
        for d in docs
        if d.id != c.id and (d.date or "") <= (c.date or "") and len(words[c.id] & words[d.id]) >= 2
    ]
    got = {c.corrected: c.original for c in find_corrections(docs, pairs)}
    paired = [i for i in items if i["status"] == "paired"]
    right = sum(got.get(i["corrected"]) == i["original"] for i in paired)
    print(f"\nReuters corrections paired correctly: {right}/{len(paired)}")
    assert right >= 0.9 * len(paired)


def test_a_company_correcting_itself_in_a_new_story_is_paired_and_reported(tmp_path: Path) -> None:
    # Reuters-21578: Regency Cruises' 4th quarter table (Mar 11) and its own correction (Mar 30), which
    # share a ticker and no sentence; the correction names the wrong and the right figure.
    from dedup.facts.compare import compare_corpus
    from dedup.facts.corrections import correction_pairs

    original = doc("r-3626", "Shr profit nine cts vs loss two cts", "Year", "Shr profit 37 cts vs loss 10 cts",
                   title="REGENCY CRUISES INC <SHIP> 4TH QTR NET", date="1987-03-11")
    other = doc("r-9", "Regency Cruises said its ship will sail in May.", title="REGENCY CRUISES <SHIP> SAILS",
                date="1987-03-20")
    fix = doc("r-10833", "Regency Cruises Inc said its earnings per share for the year 1986 were 36 cts per share, "
              "not the 37 cts it reported on March 11.", "The company lost 10 cts per share in 1985.",
              title="REGENCY CRUISTS <SHIP> CORRECTS EARNINGS", date="1987-03-30")
    docs = [original, other, fix]
    pairs = correction_pairs(docs, set())
    assert pairs == [("r-3626", "r-10833")]
    from dedup.align.sentences import align_documents

    found = compare_corpus(docs, [align_documents(original, fix)])
    assert [(d.a, d.b, d.kind, d.a_value) for d in found] == [("r-3626", "r-10833", "number", "37 cts")]
    assert "36 cts" in found[0].b_value


def test_a_correction_reports_the_words_it_changed() -> None:
    # Reuters-21578 reuters-8854 / -8877: "3.9 pct zinc" corrected to "3.9 pct lead"; between two copies
    # that are not a correction the same one-word change is only listed
    from dedup.align.sentences import align_documents
    from dedup.facts.compare import compare_alignment

    text = "The ore grades 7.2 pct zinc and 3.9 pct {} over the section, the company said."
    a = doc("a", text.format("zinc"), title="CONSOLIDATED ORE DRILLING RESULTS", date="1987-03-24")
    b = doc("b", text.format("lead"), "- Corrects metal in first paragraph.",
            title="CORRECTED - CONSOLIDATED ORE DRILLING RESULTS", date="1987-03-24")
    found, _ = compare_alignment(a, b, align_documents(a, b))
    assert [(d.kind, d.a_value, d.b_value) for d in found] == [("wording", "zinc", "lead")]
    c = doc("c", text.format("lead"), title="CONSOLIDATED ORE DRILLING RESULTS", date="1987-03-24")
    found, changes = compare_alignment(a, c, align_documents(a, c))
    assert found == [] and [ch.kind for ch in changes] == ["wording"]


def test_a_resent_correction_reports_its_headline_change_with_clean_values() -> None:
    # Reuters-21578 reuters-16311 / -16490: "Corrects name to subsidiary from parent."
    from dedup.align.sentences import align_documents
    from dedup.facts.compare import compare_alignment

    body = "Shr 1.20 dlrs vs 1.05 dlrs"
    a = doc("a", body, title="<NATIONAL WESTMINSTER BANK PLC> 1ST QTR NET", date="1987-04-21")
    b = doc("b", body, "- Corrects name to subsidiary from parent.",
            title="CORRECTED-<NATIONAL WESTMINSTER BANK USA>1ST QTR", date="1987-04-21")
    found, _ = compare_alignment(a, b, align_documents(a, b))
    assert ("PLC", "USA") in {(d.a_value, d.b_value) for d in found}


def test_a_correction_that_relabels_a_table_section_reports_the_period() -> None:
    # Reuters-21578 reuters-7505 / -7634: "Company corrects period in March 19 item" (Year -> 1st half)
    from dedup.align.sentences import align_documents
    from dedup.facts.compare import compare_alignment

    lines = ["Shr four cts vs seven cts", "Net 500,000 vs 900,000", "{}", "Shr four cts vs 12 cts",
             "Net 600,000 vs 1,500,000"]
    a = doc("a", *[x.format("Year") for x in lines], title="MICROPRO INTERNATIONAL CORP <MPRO> 4TH QTR NET",
            date="1987-03-19")
    b = doc("b", *[x.format("1st half") for x in lines], "Company corrects period in March 19 item",
            title="(CORRECTED)-MICROPRO INTERNATIONAL CORP <MPRO> NET", date="1987-03-20")
    found, _ = compare_alignment(a, b, align_documents(a, b))
    assert ("date", "conflict", "Year", "1st half") in {(d.kind, d.relation, d.a_value, d.b_value) for d in found}
