"""Planted discrepancies over real text: the generator's gold, and the pipeline's recall and precision.

The figures are the ones ``bench/bench_facts.py`` prints (on fewer copies):
every real article (``seeds/`` and ``tests/data/facts/``) gets edited
copies with planted discrepancies and safe rewrites (``dedup_testing.plant``), and
each original/copy pair goes through ``dedup.run.pipeline.analyse_documents``.
"""

from __future__ import annotations

from collections import Counter

import pytest

from dedup.facts.extract import DateFact, QuantityFact, extract_facts
from dedup.ingest.files import read_corpus
from dedup.model import Document
from dedup_testing.paths import ROOT
from dedup_testing.plant import EDITS, KINDS, SAFE_EDITS, PlantedCopy, PlantScores, evaluate_planted, plant_copy

SOURCES = [ROOT / "seeds", ROOT / "tests" / "data" / "facts"]
COPIES = 10  # per article: 13 articles → 130 pairs, a few seconds
SEED = 1  # bench/bench_facts.py uses seed 0 and 40 copies


@pytest.fixture(scope="module")
def articles() -> list[Document]:
    docs = read_corpus(SOURCES).documents
    assert len(docs) >= 13 and all(d.date for d in docs)
    return docs


@pytest.fixture(scope="module")
def copies(articles: list[Document]) -> list[PlantedCopy]:
    return [plant_copy(doc, seed) for doc in articles for seed in range(12)]


@pytest.fixture(scope="module")
def scores(articles: list[Document]) -> PlantScores:
    return evaluate_planted(articles, copies=COPIES, seed=SEED)


# --- the generator --------------------------------------------------------------------------------------------


def test_gold_edits_are_where_they_say(copies: list[PlantedCopy]) -> None:
    for p in copies:
        original, copy = p.original.sentences, p.copy.sentences
        assert len(copy) == len(original), p.copy.id
        assert p.copy.date == p.original.date
        edits = p.discrepancies + p.safe
        assert len({e.sentence for e in edits}) == len(edits), "at most one edit per sentence"
        for e in edits:
            sentence = copy[e.sentence]
            assert sentence[e.start : e.start + len(e.planted)] == e.planted
            assert original[e.sentence][e.start : e.start + len(e.original)] == e.original
            assert sentence[: e.start] + e.original + sentence[e.start + len(e.planted) :] == original[e.sentence]
            assert e.original != e.planted
        untouched = set(range(len(original))) - {e.sentence for e in edits}
        assert all(copy[i] == original[i] for i in untouched)
        assert all(e.kind in KINDS and e.edit in EDITS[e.kind] for e in p.discrepancies)
        assert all(e.kind == "safe" and e.edit in SAFE_EDITS for e in p.safe)


def test_generator_is_deterministic_and_varied(articles: list[Document], copies: list[PlantedCopy]) -> None:
    doc = articles[0]
    first, again = plant_copy(doc, 5), plant_copy(doc, 5)
    assert first.copy.paragraphs == again.copy.paragraphs and first.discrepancies == again.discrepancies
    assert plant_copy(doc, 6).copy.paragraphs != first.copy.paragraphs
    assert doc.text == read_corpus([SOURCES[0]]).documents[0].text, "the original is not modified"
    edits = Counter(e.edit for p in copies for e in p.discrepancies + p.safe)
    every = {e for kind in KINDS for e in EDITS[kind]} | set(SAFE_EDITS)
    assert every <= set(edits), f"never planted: {every - set(edits)}"


def test_planted_examples() -> None:
    doc = Document(
        "wire.txt",
        [
            "Moscow has deployed up to 100,000 troops near the border, officials said on Tuesday.",
            'Finance minister Edward Langley said the £800m package was "targeted and temporary".',
            "Health minister Paula Reinholt said five people were treated in hospital.",
        ],
        date="2021-12-08",
    )
    seen: dict[str, set[tuple[str, str]]] = {}
    for seed in range(200):
        for e in plant_copy(doc, seed, discrepancies=(3, 3), safe=(0, 0)).discrepancies:
            seen.setdefault(e.edit, set()).add((e.original, e.planted))
    assert {o for o, _ in seen["qualifier"]} == {"up to 100,000"}
    assert {p for _, p in seen["qualifier"]} <= {"more than 100,000", "over 100,000"}
    assert seen["scale"] == {("£800m", "£800bn")}
    assert {o for o, _ in seen["weekday"]} == {"Tuesday"}
    assert {o for o, _ in seen["surname_swap"]} == {"Langley", "Reinholt"}
    assert all(p in ("Langley", "Reinholt") for _, p in seen["surname_swap"])
    assert all(o in ("Moscow", "Langley", "Edward", "Reinholt", "Paula") for o, _ in seen["misspelling"])
    assert {o for o, _ in seen["quote_word"]} <= {"targeted", "temporary"}
    assert {o for o, _ in seen["figure"]} == {"100,000", "£800m", "five"}


def _fact_signature(text: str, published: str | None) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for f in extract_facts(text, published=published):
        if isinstance(f, QuantityFact) and f.quantity is not None:
            q = f.quantity
            out.append(("quantity", q.low, q.high, q.low_closed, q.high_closed, q.unit))
        elif isinstance(f, DateFact):
            out.append(("date", f.date, f.granularity))
    return out


@pytest.fixture(scope="module")
def safe_changes(copies: list[PlantedCopy]) -> dict[str, list[tuple[object, ...]]]:
    """Per safe rewrite, the cases where the facts of the rewritten sentence differ from the original's."""
    out: dict[str, list[tuple[object, ...]]] = {name: [] for name in SAFE_EDITS}
    for p in copies:
        for e in p.safe:
            before = _fact_signature(p.original.sentences[e.sentence], p.original.date)
            after = _fact_signature(p.copy.sentences[e.sentence], p.copy.date)
            if before != after:
                out[e.edit].append((e.original, e.planted, p.copy.sentences[e.sentence], before, after))
    return out


@pytest.mark.parametrize("rewrite", SAFE_EDITS)
def test_safe_rewrites_keep_every_fact(rewrite: str, safe_changes: dict[str, list[tuple[object, ...]]]) -> None:
    assert not safe_changes[rewrite], safe_changes[rewrite][:3]


# --- the pipeline on planted copies ---------------------------------------------------------------------------

def _cases(scores: PlantScores) -> str:
    missed = [f"{p.original.id} s{e.sentence} {e.edit}: {e.original!r} -> {e.planted!r}" for p, e in scores.misses]
    wrong = [f"{d.kind}/{d.scope} {d.a_value!r} vs {d.b_value!r}" for _, d, _ in scores.false_reports]
    return f"missed {missed[:8]}; reported but not planted {wrong[:8]}"


def test_enough_of_every_kind_is_planted(articles: list[Document], scores: PlantScores) -> None:
    assert scores.copies == len(articles) * COPIES
    for kind in KINDS:
        assert scores.by_kind[kind].planted >= 20, kind


def test_recall_of_planted_discrepancies(scores: PlantScores) -> None:
    assert scores.recall >= 0.95, f"recall {scores.recall:.3f}; {_cases(scores)}"


@pytest.mark.parametrize(
    "kind",
    [
        "entity",
        "quote",
        "number",
        "date",
    ],
)
def test_recall_per_kind(kind: str, scores: PlantScores) -> None:
    score = scores.by_kind[kind]
    assert score.recall >= 0.95, f"{kind} recall {score.recall:.3f} ({score.found}/{score.planted}); {_cases(scores)}"


def test_precision_of_reported_discrepancies(scores: PlantScores) -> None:
    assert scores.precision >= 0.95, f"precision {scores.precision:.3f}; {_cases(scores)}"


def test_no_safe_rewrite_is_reported(scores: PlantScores) -> None:
    assert scores.safe_planted > 100
    assert scores.safe_reported == 0, _cases(scores)
