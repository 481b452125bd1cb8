"""Story groups: cohesion instead of chaining, names that tell stories apart, boilerplate that ties nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.errors import ParameterError
from dedup.model import Document
from dedup.near.stories import group_stories, neighbour_pairs

# Real headlines of two stories of one day (UCI News Aggregator, March 2014), and one that bridges them.
GOX = [
    "Bitcoin Exchange Mt. Gox Seeks US Bankruptcy Relief",
    "Mt. Gox files for US bankruptcy to halt class action",
    "Mt Gox files US bankruptcy, opponents call it a ruse",
    "Mt. Gox seeks bankruptcy protection in the US",
    "Bitcoin exchange Mt. Gox files for US bankruptcy protection",
]
BIEBER = [
    "Justin Bieber, Selena Gomez Perform Sexy Dance Routine: Watch Now!",
    "Justin Bieber and Selena Gomez dance video surfaces",
    "Bieber and Gomez may be back on and more news to note",
    "Justin Bieber posts video of Selena Gomez dance",
    "Selena Gomez and Justin Bieber dance together in new video",
]
BRIDGE = "Justin Bieber jokes about Mt. Gox bankruptcy in new video"


def _story_of(docs: list[Document], **kw: object) -> dict[str, str]:
    return {m: s.id for s in group_stories(docs, **kw) for m in s.members}  # type: ignore[arg-type]


def test_two_stories_stay_apart_through_a_bridging_item() -> None:
    docs = [Document(f"g{k}", [t], title=t) for k, t in enumerate(GOX)]
    docs += [Document(f"b{k}", [t], title=t) for k, t in enumerate(BIEBER)]
    docs.append(Document("bridge", [BRIDGE], title=BRIDGE))
    story = _story_of(docs)
    assert len({story[f"g{k}"] for k in range(len(GOX))}) == 1
    assert len({story[f"b{k}"] for k in range(len(BIEBER))}) == 1
    # Single linkage would join everything through the bridge; average linkage does not.
    assert story["g0"] != story["b0"]


def test_an_outlet_name_in_every_item_ties_nothing() -> None:
    docs = [
        Document(f"g{k}", [f"{t} - Reuters Business News"], title=t, outlet="Reuters Business News")
        for k, t in enumerate(GOX)
    ]
    docs += [
        Document(f"b{k}", [f"{t} - Reuters Business News"], title=t, outlet="Reuters Business News")
        for k, t in enumerate(BIEBER)
    ]
    story = _story_of(docs)
    assert story["g0"] != story["b0"]


def test_cohesion_is_the_average_similarity_of_the_members() -> None:
    docs = [Document(f"g{k}", [t], title=t) for k, t in enumerate(GOX)]
    docs.append(Document("x", ["The central bank raised interest rates to curb inflation in Brazil."]))
    stories = group_stories(docs)
    by_member = {m: s for s in stories for m in s.members}
    gox = by_member["g0"]
    assert len(gox.members) == len(GOX)
    assert 0.0 < gox.cohesion < 1.0
    assert by_member["x"].cohesion == 1.0
    record = gox.record()
    assert record["cohesion"] == gox.cohesion and record["size"] == len(GOX)
    json.dumps(record)


def test_scan_writes_cohesion_to_stories_jsonl(tmp_path: Path) -> None:
    from dedup.api import scan

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    scan([seeds], tmp_path)
    rows = [json.loads(x) for x in (tmp_path / "stories.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and all(0.0 <= r["cohesion"] <= 1.0 for r in rows)
    assert {"story", "size", "members", "terms", "entities", "first_date", "last_date"} <= set(rows[0])


def test_neighbours_skip_terms_in_too_many_documents() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"common word plus topic{k} topic{k}x" for k in range(6)] + ["topic0 topic0x again"]
    m = TfidfVectorizer().fit_transform(texts).tocsr()
    i, j, s = neighbour_pairs(m, 10, top_terms=3, max_postings=3)
    pairs = set(zip(i.tolist(), j.tolist()))
    # "common", "word" and "plus" are in six rows: only the shared topic proposes a pair.
    assert pairs == {(0, 6)}
    assert all(0.0 < x <= 1.0 for x in s.tolist())


def test_every_document_is_in_exactly_one_story() -> None:
    docs = [Document(f"g{k}", [t], title=t) for k, t in enumerate(GOX + BIEBER + [BRIDGE])]
    docs.append(Document("empty", [""]))
    stories = group_stories(docs)
    members = [m for s in stories for m in s.members]
    assert sorted(members) == sorted(d.id for d in docs)
    assert [len(s.members) for s in stories] == sorted((len(s.members) for s in stories), reverse=True)


def test_bad_settings_are_refused() -> None:
    docs = [Document("a", ["x"])]
    with pytest.raises(ParameterError):
        group_stories(docs, threshold=0.0)
    with pytest.raises(ParameterError):
        group_stories(docs, neighbours=0)


def test_scan_links_the_seed_sentences_across_the_story(tmp_path: Path) -> None:
    from dedup.api import scan

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    scan([seeds], tmp_path)
    rows = [json.loads(x) for x in (tmp_path / "alignments.jsonl").read_text(encoding="utf-8").splitlines()]

    def linked(a: str, b: str) -> list[dict[str, object]]:
        return [
            r
            for r in rows
            if (a in str(r["a_text"]) and b in str(r["b_text"])) or (b in str(r["a_text"]) and a in str(r["b_text"]))
        ]

    lives = linked("over 13,000 lives", "more than 13,000 lives")
    assert [r["level"] for r in lives] == ["story"]
    assert linked("controls the Crimea peninsula", "controls the Crimean peninsula")
    # A story link is one sentence to one sentence, and the story level claims no omissions.
    assert all(len(r["a_sentences"]) == len(r["b_sentences"]) == 1 for r in rows if r["level"] == "story")
    unaligned = [json.loads(x) for x in (tmp_path / "unaligned.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(r["level"] != "story" for r in unaligned)


def test_copies_are_not_aligned_again_at_story_level() -> None:
    from dedup.align.sentences import align_documents
    from dedup.facts.story_align import align_stories
    from dedup.near.stories import Story

    a = Document("a", ["Kiev says the conflict has claimed over 13,000 lives.", "Talks resume on Monday."])
    b = Document("b", ["Kiev says the conflict has claimed over 13,000 lives.", "Talks resume on Tuesday."])
    story = [Story("story-0001", ["a", "b"])]
    assert [x.level for x in align_stories([a, b], story)] == ["story"]
    assert align_stories([a, b], story, [align_documents(a, b)]) == []


def test_story_tier_compares_other_numbers_only_in_sentences_linked_across_the_story() -> None:
    from dedup.facts.compare import compare_corpus
    from dedup.near.stories import Story

    # BBC News (2005), three articles on the Grammy nominations: other artists' counts, not one fact.
    docs = [
        Document("a", ["Alicia Keys and Usher share eight nominations each, the Recording Academy said."]),
        Document("b", ["Alicia Keys has 12 nominations for the awards, the Recording Academy said on Tuesday."]),
        Document("c", ["Kanye West leads with 10 nominations, the Recording Academy said."]),
    ]
    story = [Story("story-0001", ["a", "b", "c"])]
    assert [d for d in compare_corpus(docs, [], story) if d.kind == "number"] == []
    # One number with other qualifiers is still compared wherever its subject matches (the seeds' troops).
    same = [
        Document("a", ["Moscow has massed up to 100,000 Russian troops near the border with Ukraine, officials said."]),
        Document(
            "b", ["While over 100,000 Russian troops remain stationed near the border with Ukraine, officials said."]
        ),
        Document("c", ["Some 100,000 Russian troops are near the border with Ukraine, officials said on Monday."]),
    ]
    found = compare_corpus(same, [], [Story("story-0001", ["a", "b", "c"])])
    assert any({d.a_value, d.b_value} == {"up to 100,000", "over 100,000"} for d in found)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB .!?:;\n\t,")), max_size=40), st.integers(0, 40))
def test_a_name_opens_a_sentence_where_the_text_before_it_says_so(text: str, at: int) -> None:
    import re

    from dedup.near.stories import _opens_sentence

    at = min(at, len(text))
    # the rule, as a regex over the whole prefix (quadratic on a long paragraph, so not used)
    assert _opens_sentence(text, at) == bool(re.search(r"(?:^|[.!?:;\n]\s*)$", text[:at]))
