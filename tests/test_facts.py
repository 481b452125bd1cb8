"""Facts (dates, names, quotes) and discrepancies on the seeds and small cases."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.api import analyse_documents
from dedup.facts.compare import compare_sentence_pair
from dedup.facts.extract import DateFact, EntityFact, QuoteFact, extract_facts, facts_by_sentence
from dedup.model import Document


@pytest.fixture(scope="module")
def seed_discrepancies(seeds_out: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in (seeds_out / "discrepancies.jsonl").read_text().splitlines()]


def _between(rows: list[dict], a: str, b: str) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in rows if {r["a"][:3], r["b"][:3]} == {a, b}]


# --- the seeds ------------------------------------------------------------------


def test_up_to_vs_over_100000_is_a_conflict(seed_discrepancies: list[dict]) -> None:  # type: ignore[type-arg]
    rows = [r for r in _between(seed_discrepancies, "000", "003") if r["kind"] == "number"]
    assert any(
        r["relation"] == "conflict" and {r["a_value"], r["b_value"]} == {"up to 100,000", "over 100,000"} for r in rows
    ), rows
    row = next(r for r in rows if "up to 100,000" in (r["a_value"], r["b_value"]))
    assert "100,000" in row["a_text"] and "100,000" in row["b_text"]
    assert "days apart" in row["explanation"]


def test_75000_100000_vs_up_to_100000_is_not_a_conflict(seed_discrepancies: list[dict]) -> None:  # type: ignore[type-arg]
    rows = [r for r in _between(seed_discrepancies, "000", "004") if r["kind"] == "number"]
    # one inside the other: across articles a less precise figure is no disagreement, so nothing is reported
    # (between copies it would be a refinement)
    relevant = [r for r in rows if "up to 100,000" in (r["a_value"], r["b_value"])]
    assert all(r["relation"] != "conflict" for r in relevant), rows


def test_finish_vs_finnish_is_reported(seed_discrepancies: list[dict]) -> None:  # type: ignore[type-arg]
    rows = [r for r in _between(seed_discrepancies, "001", "004") if r["kind"] == "entity"]
    assert any({r["a_value"], r["b_value"]} == {"Finnish", "Finish"} for r in rows), rows


def test_consistent_variants_are_not_reported(seed_discrepancies: list[dict]) -> None:  # type: ignore[type-arg]
    for r in seed_discrepancies:
        assert "13,000" not in r["a_value"] + r["b_value"]
    assert not any(r["relation"] == "consistent" for r in seed_discrepancies)


def test_discrepancy_rows_carry_the_contract_fields(seed_discrepancies: list[dict]) -> None:  # type: ignore[type-arg]
    required = {"a", "b", "kind", "relation", "subject", "a_value", "b_value", "a_text", "b_text", "severity",
                "explanation"}
    assert seed_discrepancies
    for r in seed_discrepancies:
        assert required <= set(r)
        assert r["kind"] in {"number", "date", "entity", "quote", "polarity", "wording", "other"}
        assert r["relation"] in {"conflict", "refinement"}
        assert r["a_value"] in r["a_text"] and r["b_value"] in r["b_text"]
        assert 0 < r["severity"] <= 1 and r["explanation"].endswith((".", "changed."))
    severities = [r["severity"] for r in seed_discrepancies]
    assert severities == sorted(severities, reverse=True)


# --- facts ----------------------------------------------------------------------


def test_weekday_resolved_against_publication_date() -> None:
    facts = extract_facts("Putin said Tuesday (14 December) in a call that talks must begin.", published="2021-12-17")
    (d,) = [f for f in facts if isinstance(f, DateFact)]
    assert d.date == "2021-12-14" and d.text == "Tuesday (14 December)"
    (past,) = [f for f in extract_facts("He said on Monday.", published="2021-12-08") if isinstance(f, DateFact)]
    assert past.date == "2021-12-06"
    future = [f for f in extract_facts("He is due to hold talks with Biden on Thursday.", published="2021-12-08")
              if isinstance(f, DateFact)]
    assert future[0].date == "2021-12-09"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pact was signed in 2014.", ("2014", "year")),
        ("Prices doubled in the 1980s.", ("1980", "decade")),
        ("Putin has not commented since Dec. 23, the paper said.", ("2021-12-23", "day")),
        ("The summit opened on 14 December 2021 in Brussels.", ("2021-12-14", "day")),
        ("Talks resume yesterday in Geneva.", ("2021-12-16", "day")),
        ("The vote was held last week.", ("2021-12-10", "relative")),
    ],
)
def test_dates(text: str, expected: tuple[str, str]) -> None:
    dates = [f for f in extract_facts(text, published="2021-12-17") if isinstance(f, DateFact)]
    assert dates and (dates[0].date, dates[0].granularity) == expected


def test_names_and_demonyms() -> None:
    facts = extract_facts("He told Finnish President Sauli Niinisto and the Finish president that NATO would wait.")
    names = {(f.name, f.type) for f in facts if isinstance(f, EntityFact)}
    assert ("Sauli Niinisto", "person") in names
    assert any(n == "Finish" for n, _ in names), "a capitalised dictionary word mid-sentence is a name"


@pytest.mark.parametrize(
    ("text", "names"),
    [  # capitals inside a name keep it one name
        ("Sony and McDonald's agreed with JPMorgan.", ["Sony", "McDonald", "JPMorgan"]),
        ("GlaxoSmithKline cut the price of PlayStation games in O'Brien's shop.",
         ["GlaxoSmithKline", "PlayStation", "O'Brien"]),
        ("The eBay deal and the NATO summit in São Paulo.", ["eBay", "NATO", "São Paulo"]),
    ],
)
def test_names_with_capitals_inside(text: str, names: list[str]) -> None:
    assert [f.text for f in extract_facts(text) if f.kind == "entity"] == names


def test_a_sentences_first_word_is_a_name_only_where_the_text_capitalises_it_elsewhere() -> None:
    def names(*sentences: str) -> list[list[str]]:
        return [[f.text for f in s if f.kind == "entity"] for s in facts_by_sentence(list(sentences))]

    assert names("Shares rose in Tokyo.", "Mixed reaction to the offer") == [["Tokyo"], []]
    assert names("Bush spoke.", "He met President Bush.") == [["Bush"], ["President Bush"]]
    # a party or institution the names list holds, or a word the text capitalises in another form
    assert names("Conservative peer Lord Heseltine spoke.", "Critics agreed.", "Several Critics left.") == [
        ["Conservative", "Lord Heseltine"], ["Critics"], ["Several Critics"]
    ]
    # a word no dictionary holds, a name's possessive, two words, capitals: names wherever they stand
    assert names("Capriati won.", "Apple's shares rose.", "Jack Cunningham left.", "US officials said.") == [
        ["Capriati"], ["Apple"], ["Jack Cunningham"], ["US"]
    ]
    # capitals are no acronym where the sentence is set in them, and a dateline or a quotation starts a sentence
    assert names("THE 1987 budget was cut.", "IN 1986 profits rose.") == [[], []]
    assert names("LONDON, March 3 - Shares of Ford rose.", "Shares fell.")[1] == []
    assert names('He said "Sales fell" in Paris.', "Sales rose.")[1] == []


def test_quotes_and_speakers() -> None:
    text = (
        'Russian President Vladimir Putin spoke on Tuesday. "We cannot but be concerned," he said. '
        '“It is positive,” Zelenskiy said. The minister said: "Nothing has changed."'
    )
    quotes = [f for f in extract_facts(text) if isinstance(f, QuoteFact)]
    assert [(q.quote.rstrip(","), q.speaker) for q in quotes] == [
        ("We cannot but be concerned", "Vladimir Putin"),
        ("It is positive", "Zelenskiy"),
        ("Nothing has changed.", "minister"),
    ]


def test_he_said_is_the_person_named_before_the_quotation_not_one_named_inside_it() -> None:
    text = 'IBM Chairman John Akers spoke at the meeting. "Rivals led by Chairman Bill Gates are catching up," he said.'
    assert [q.speaker for q in extract_facts(text) if isinstance(q, QuoteFact)] == ["John Akers"]


def test_a_quotation_left_open_at_the_end_of_its_paragraph_is_read() -> None:
    # news style leaves a quoted paragraph open when the quote goes on in the next one (Reuters-21578)
    text = 'IBM Chairman John Akers said "this is a great loss to IBM and to the family.\n\n"He will be missed."'
    quotes = [f for f in extract_facts(text) if isinstance(f, QuoteFact)]
    assert (quotes[0].quote, quotes[0].speaker) == (
        "this is a great loss to IBM and to the family.", "IBM Chairman John Akers"
    )
    # an inch mark or a quote closed before the end is no open quotation
    assert not [f for f in extract_facts('It uses a 12" pipe, he said.') if isinstance(f, QuoteFact)]


# --- comparison -------------------------------------------------------------------


def _docs(a: str, b: str, date_a: str = "2021-12-08", date_b: str = "2021-12-08") -> tuple[Document, Document]:
    return Document("a", [a], date=date_a), Document("b", [b], date=date_b)


@pytest.mark.parametrize(
    ("a", "b", "kind", "relation", "values"),
    [
        ("The fire killed at least 15 people on Monday.", "The fire killed at most 15 people on Monday.",
         "number", "conflict", ("at least 15", "at most 15")),
        ("The deal is worth £800m, the ministry said on Friday.", "The deal is worth £800bn, the ministry said on Friday.",
         "number", "conflict", ("£800m", "£800bn")),
        ("The minister met Juniper Research analysts on Monday.", "The minister met Jupiter Research analysts on Monday.",
         "entity", "conflict", ("Juniper", "Jupiter")),
        ("The talks were held on Tuesday in Geneva, officials said.", "The talks were held on Thursday in Geneva, officials said.",
         "date", "conflict", ("Tuesday", "Thursday")),
        ('"We will never accept this deal," Johnson said on Monday.', '"We will never reject this deal," Johnson said on Monday.',
         "quote", "conflict", ("accept", "reject")),
    ],
)
def test_aligned_pair_discrepancies(a: str, b: str, kind: str, relation: str, values: tuple[str, str]) -> None:
    da, db = _docs(a, b)
    found = compare_sentence_pair(da, [0], db, [0])
    assert [(d.kind, d.relation, d.a_value, d.b_value) for d in found] == [(kind, relation, *values)]


def test_one_weekday_told_otherwise_in_undated_copies_is_no_discrepancy() -> None:
    # BBC News bbc-politics-257 / bbc-politics-260 (undated)
    a = Document("a", ["Mr Blair told the Parliamentary Labour Party on Monday that the party was united."])
    b = Document("b", ["Mr Blair told Monday's meeting of the Parliamentary Labour Party that the party was united."])
    assert compare_sentence_pair(a, [0], b, [0]) == []
    c = Document("c", ["Mr Blair told the Parliamentary Labour Party on Tuesday that the party was united."])
    assert [(d.kind, d.a_value, d.b_value) for d in compare_sentence_pair(a, [0], c, [0])] == [
        ("date", "Monday", "Tuesday")
    ]
    # two days that fall on one weekday are two days
    d = Document("d", ["The vote is on Tuesday, December 14, officials said."])
    e = Document("e", ["The vote is on Tuesday, December 21, officials said."])
    assert [d_.kind for d_ in compare_sentence_pair(d, [0], e, [0])] == ["date"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Unemployment rose to 5.2% in March, the agency said.", "Unemployment rose to 5.2 per cent in March, the agency said."),
        ("The state spent £6.4bn on the scheme last year.", "The state spent £6.4 billion on the scheme last year."),
        ("More than 13,000 people have died in the conflict.", "Over 13,000 people have died in the conflict."),
        ("Five people were hurt in the blast on Monday.", "5 people were hurt in the blast on Monday."),
        ("The United States sent 3,000 troops, Biden said.", "The U.S. sent 3,000 troops, Biden said."),
    ],
)
def test_safe_rewrites_are_not_reported(a: str, b: str) -> None:
    da, db = _docs(a, b)
    assert compare_sentence_pair(da, [0], db, [0]) == []


def test_same_words_weeks_apart_are_another_report_not_a_copy() -> None:
    # Copies of one item run within days; the same sentence 55 days later with another figure is that
    # day's report of a series (Reuters-21578: weekly crop and money-supply reports), not a changed copy.
    near = analyse_documents(list(_docs("Officials said 40 people died in the floods on Monday in the north.",
                                        "Officials said 400 people died in the floods on Monday in the north.")))
    far = analyse_documents(list(_docs("Officials said 40 people died in the floods on Monday in the north.",
                                       "Officials said 400 people died in the floods on Monday in the north.",
                                       date_b="2022-02-01")))
    assert [d.kind for d in near.discrepancies if d.kind == "number"] == ["number"]
    assert not [d for d in far.discrepancies if d.scope == "aligned"]


def test_casualty_conflict_outranks_name_spelling() -> None:
    result = analyse_documents(list(_docs(
        "Officials in Kharkiv said 40 people died when the Dnipro bridge collapsed on Monday.",
        "Officials in Kharkov said 400 people died when the Dnipro bridge collapsed on Monday.",
    )))
    kinds = [d.kind for d in result.discrepancies]
    assert kinds and kinds[0] == "number"


# --- CLI --------------------------------------------------------------------------


def test_facts_command_json(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline Of The Story\n\nBy AFP\n\nDecember 08, 2021\n\nMoscow has deployed up to 100,000 troops, "
                    "Putin said on Tuesday.", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "dedup", "facts", str(path), "--format", "json"],
                         capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    q = next(r for r in rows if r["kind"] == "quantity")
    assert (q["text"], q["low"], q["high"], q["low_closed"], q["high_closed"], q["subject"]) == (
        "up to 100,000 troops", 0.0, 100000.0, True, True, "troops")
    d = next(r for r in rows if r["kind"] == "date")
    assert d["date"] == "2021-12-07"


def test_facts_command_csv_has_a_column_for_every_field_of_every_kind() -> None:
    text = "Moscow has deployed up to 100,000 troops, Putin said on Tuesday. “We will not back down,” he said."
    def facts(fmt: str) -> str:
        return subprocess.run([sys.executable, "-m", "dedup", "facts", "-", "--format", fmt, "--published",
                               "2021-12-08"], input=text, capture_output=True, text=True, check=True).stdout

    rows = json.loads(facts("json"))
    table = list(csv.DictReader(io.StringIO(facts("csv"))))
    assert {r["kind"] for r in rows} >= {"quantity", "date", "quote"} and len(table) == len(rows)
    for row, line in zip(rows, table):
        assert set(line) >= set(row)  # every field of every kind has its column
        assert {k: line[k] for k in row} == {k: "" if v is None else str(v) for k, v in row.items()}


def test_facts_command_reads_stdin() -> None:
    out = subprocess.run([sys.executable, "-m", "dedup", "facts", "-", "--format", "jsonl"],
                         input="About 5% of voters backed the plan.", capture_output=True, text=True, check=True)
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [(r["kind"], r["unit"]) for r in rows if r["kind"] == "quantity"] == [("quantity", "%")]
