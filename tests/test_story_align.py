"""Story-level sentence alignment: paraphrase links between articles that are not copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup.facts.story_align import StoryLink, align_story_sentences, build_idf, sentence_terms, story_similarity
from dedup.model import Document
from dedup.segment import split_sentences


def _sentences(doc: Document) -> list[str]:
    return [s for p in doc.paragraphs for s in split_sentences(p)]


def _index(sentences: list[str], contains: str) -> int:
    (hit,) = [i for i, s in enumerate(sentences) if contains in s]
    return hit


def _partner(links: list[StoryLink], a: int) -> int | None:
    return next((link.b for link in links if link.a == a), None)


# --- the seeds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("with_corpus_idf", [False, True])
def test_seed_13000_lives_and_crimea_sentences_align(seeds: dict[str, Document], with_corpus_idf: bool) -> None:
    a, b = _sentences(seeds["000"]), _sentences(seeds["001"])
    idf = build_idf(s for d in seeds.values() for s in _sentences(d)) if with_corpus_idf else None
    links = align_story_sentences(a, b, idf=idf)
    # "in a conflict that has claimed over 13,000 lives" / "The conflict has claimed more than 13,000 lives."
    lives_a, lives_b = _index(a, "over 13,000 lives"), _index(b, "more than 13,000 lives")
    assert _partner(links, lives_a) == lives_b
    # "Russia which controls the Crimea peninsula" / "Russia, which controls the Crimean peninsula"
    crimea_a, crimea_b = _index(a, "controls the Crimea peninsula"), _index(b, "controls the Crimean peninsula")
    assert _partner(links, crimea_a) == crimea_b


def test_seed_links_are_one_to_one_and_scored(seeds: dict[str, Document]) -> None:
    a, b = _sentences(seeds["000"]), _sentences(seeds["001"])
    links = align_story_sentences(a, b)
    assert len({link.a for link in links}) == len(links) == len({link.b for link in links})
    assert all(0.0 < link.score <= 1.0 for link in links)
    assert [link.a for link in links] == sorted(link.a for link in links)


def test_seed_text_against_itself_links_every_sentence_to_itself(seeds: dict[str, Document]) -> None:
    a = _sentences(seeds["000"])
    content = [i for i, s in enumerate(a) if sentence_terms(s)]
    links = align_story_sentences(a, a)
    assert [(link.a, link.b) for link in links] == [(i, i) for i in content]
    assert all(link.score == pytest.approx(1.0) for link in links)


# --- behaviour ----------------------------------------------------------------------------------------


def test_unrelated_sentences_on_the_same_topic_are_not_linked() -> None:
    # They share the story's names (Russia, Ukraine, Putin, Biden) but say different things.
    a = [
        "Russia has massed about 100,000 troops near its border with Ukraine, Western officials said.",
        "The European Union warned Russia of sanctions if Moscow attacked Ukraine.",
        "Putin and Biden spoke by video link on Tuesday.",
    ]
    b = [
        "Russia denies it plans to invade Ukraine and accuses NATO of provocations.",
        "Ukraine's foreign minister met his German counterpart in Berlin on Friday.",
        "Biden will brief European leaders on Putin's demands after the call.",
    ]
    assert align_story_sentences(a, b) == []


def test_sentences_sharing_only_stop_words_never_link() -> None:
    a = ["He said that it was there."]
    b = ["They said it was not there at all."]
    assert story_similarity(a, b).tolist() == [[0.0]]
    assert align_story_sentences(a, b, threshold=0.0) == []


def test_number_forms_currency_and_typography_are_one_form() -> None:
    assert sentence_terms("Over 13,000 lives were lost") == sentence_terms("over thirteen thousand lives were lost")
    assert sentence_terms("Prices rose 5 per cent") == sentence_terms("prices rose 5%")
    assert sentence_terms("The bank’s £800m loss — a record") == sentence_terms("The bank's £800 million loss - a record")
    assert sentence_terms("“Kyiv” said") == sentence_terms('"Kyiv" said')


def test_paraphrases_link_among_distractors() -> None:
    # Real MSRP-style news paraphrases, shuffled among unrelated sentences.
    a = [
        "Amrozi accused his brother, whom he called \"the witness\", of deliberately distorting his evidence.",
        "The storm knocked out power to 200,000 homes across the state.",
        "Shares of the company fell 4.4 per cent in early trading.",
    ]
    b = [
        "The company's shares dropped 4.4% as trading opened.",
        "Referring to him as only \"the witness\", Amrozi accused his brother of deliberately distorting his evidence.",
        "A new stadium will open in the city next spring.",
    ]
    links = {(link.a, link.b) for link in align_story_sentences(a, b)}
    assert links == {(0, 1), (2, 0)}


def test_empty_inputs() -> None:
    assert align_story_sentences([], []) == []
    assert align_story_sentences(["Troops massed at the border."], []) == []
    assert align_story_sentences([], ["Troops massed at the border."]) == []
    assert align_story_sentences([""], ["", "..."]) == []
    assert story_similarity([], ["x"]).shape == (0, 1)


def test_corpus_idf_weighs_unseen_terms_most() -> None:
    idf = build_idf(["Troops massed at the border.", "Troops left the border.", "Rain fell."])
    assert idf["troop"] < idf["rain"] < idf.default
    a = ["Troops massed at the border near Kharkiv."]
    b = ["Near Kharkiv, troops massed at the border."]
    assert [(link.a, link.b) for link in align_story_sentences(a, b, idf=idf)] == [(0, 0)]
    # a plain mapping works too: unseen terms take its largest weight
    assert [(link.a, link.b) for link in align_story_sentences(a, b, idf=dict(idf))] == [(0, 0)]


def test_similarities_do_not_depend_on_the_hash_seed() -> None:
    # the term columns come in a fixed order, so the sums (and the ties the assignment breaks) are the same
    # in every process, whatever PYTHONHASHSEED says
    import os
    import subprocess
    import sys

    code = (
        "import hashlib, pathlib\n"
        "from dedup.ingest.files import read_corpus\n"
        "from dedup.facts.story_align import story_similarity\n"
        "docs = read_corpus([pathlib.Path('seeds')]).documents\n"
        "h = hashlib.sha1()\n"
        "for x in docs:\n"
        "    for y in docs:\n"
        "        h.update(story_similarity(x.sentences, y.sentences).tobytes())\n"
        "print(h.hexdigest())\n"
    )
    root = Path(__file__).resolve().parent.parent
    digests = {
        subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1, digests
