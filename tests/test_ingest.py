"""Ingest: metadata and clean paragraphs from the seed copies, encodings, tables, bad files.

The expected values for the five seeds were read off the files by hand
(see the comments in ``SEED_METADATA``); everything else runs on small
corpora written into ``tmp_path``.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.errors import InputError
from dedup.ingest import article as article_module
from dedup.ingest.article import parse_article
from dedup.ingest.files import decode_bytes, discover, document_from_text, load_source, read_corpus
from dedup.lexicon import MONTHS
from dedup.model import Document
from dedup.segment import split_sentences
from dedup_testing.paths import SEEDS

# ---------------------------------------------------------------------------
# The five seed copies
# ---------------------------------------------------------------------------


def test_the_seeds_are_read_whole() -> None:
    assert read_corpus([SEEDS]).skipped == []


SEED_METADATA = {
    # headline line, "By AFP", dateline "December 08, 2021", "Original url:" on the last line
    "000": dict(
        title="Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions",
        outlet="themoscowtimes.com",
        date="2021-12-08",
        date_source="dateline",
        url="https://www.themoscowtimes.com/2021/12/08/"
        "putin-says-russia-has-right-to-defend-its-security-amid-nato-tensions-a75767",
        author=None,
        agency="AFP",
    ),
    # "By Ola Cichowlas for AFP"; the pasted URL has stray spaces ("put in-", "a 75818")
    "001": dict(
        title="Putin Wants 'Immediate' Talks With NATO on Russia's Security",
        outlet="themoscowtimes.com",
        date="2021-12-14",
        date_source="dateline",
        url="https://www.themoscowtimes.com/2021/12/14/"
        "putin-wants-immediate-talks-with-nato-on-russias-security-a75818",
        author="Ola Cichowlas",
        agency="AFP",
    ),
    # no headline: the first line is a photo caption dated December 21, 2021; "LINK:" at the end
    "002": dict(
        title=None,
        outlet="ansarpress.com",
        date="2021-12-21",
        date_source="caption",
        url="https://www.ansarpress.com/english/24976",
        author=None,
        agency=None,
    ),
    # no headline, byline or URL: outlet is the folder; date from the caption "January 20, 2022"
    "003": dict(
        title=None,
        outlet="seeds",
        date="2022-01-20",
        date_source="caption",
        url=None,
        author=None,
        agency=None,
    ),
    # headline on the first line, "Written by | Friday, December 17th, 2021", hard-wrapped body
    "004": dict(
        title="Ukraine’s Red Lines: Putin Reiterates Call For ‘Immediate’ NATO Talks on Russia’s Security",
        outlet="seeds",
        date="2021-12-17",
        date_source="dateline",
        url=None,
        author=None,
        agency=None,
    ),
}


def test_seed_ids_are_file_names(seeds: dict[str, Document]) -> None:
    assert sorted(d.id for d in seeds.values()) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("key", sorted(SEED_METADATA))
def test_seed_metadata(seeds: dict[str, Document], key: str) -> None:
    doc = seeds[key]
    got = {field: getattr(doc, field) for field in SEED_METADATA[key]}
    assert got == SEED_METADATA[key]
    assert doc.encoding == "utf-8"


# (seed, first words of the first paragraph, last words of the last paragraph, paragraphs)
SEED_BODIES = [
    ("000", "Russian President Vladimir Putin, speaking publicly", "has claimed over 13,000 lives.", 23),
    ("001", "Russian President Vladimir Putin said Tuesday", "including France and Germany.", 27),
    ("002", "Russian President Vladimir Putin has warned", "sending lethal weaponry to Ukraine.", 15),
    ("003", "President Vladimir Putin accused Western nations", "And right away, right now.”", 18),
    ("004", "Russian president Vladimir Putin said Tuesday (14 December)", "alleged Russian violations.", 3),
]


@pytest.mark.parametrize(("key", "first", "last", "count"), SEED_BODIES)
def test_seed_body_starts_and_ends_with_article_text(
    seeds: dict[str, Document], key: str, first: str, last: str, count: int
) -> None:
    paragraphs = seeds[key].paragraphs
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    assert len(paragraphs) == count


BOILERPLATE = [
    "Please enter your comment",
    "Please enter your name",
    "Related article",
    "Source link",
    "TAGS:",
    "Article Categories",
    "Leave a Comment",
    "Your email address will not be published",
    "Mikhail Metzel",
    "Sputnik | Reuters",
    "kremlin.ru",
    "Photo by TASS",
    "Original url",
    "LINK:",
    "http",
    "Written by",
    "By AFP",
    "By Ola Cichowlas",
    "December 08, 2021",
    "Sergei Sobyanin",  # the caption of 003 ("... Sobyanin at the Kremlin ... January 20, 2022.")
]


@pytest.mark.parametrize("junk", BOILERPLATE)
def test_seed_boilerplate_is_not_article_text(seeds: dict[str, Document], junk: str) -> None:
    for doc in seeds.values():
        for paragraph in doc.paragraphs:
            assert junk not in paragraph, (doc.id, paragraph)


def test_seed_titles_are_not_body_paragraphs(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        if doc.title:
            assert doc.title not in doc.paragraphs
            assert not any(p.startswith(doc.title) for p in doc.paragraphs)


def test_seed_captions_are_recorded(seeds: dict[str, Document]) -> None:
    assert seeds["000"].captions == [
        'Putin stressed that NATO expanding eastwards is a "very sensitive" issue for Russia. kremlin.ru'
    ]
    assert seeds["001"].captions == ["Russian President Vladimir Putin. kremlin.ru"]
    assert len(seeds["002"].captions) == 1 and seeds["002"].captions[0].endswith("(Photo by TASS news agency)")
    assert len(seeds["003"].captions) == 1 and "Sobyanin" in seeds["003"].captions[0]


def test_seed_subheads_are_headings_not_paragraphs(seeds: dict[str, Document]) -> None:
    assert seeds["000"].headings == ["France warns Russia"]
    assert seeds["001"].headings == ["Black Sea tensions", "Ukraine accuses Germany"]
    for doc in seeds.values():
        for heading in ("France warns Russia", "Black Sea tensions", "Ukraine accuses Germany"):
            assert heading not in doc.paragraphs


def test_seed_000_paragraph_broken_mid_sentence_is_one_paragraph(seeds: dict[str, Document]) -> None:
    paragraphs = seeds["000"].paragraphs
    joined = [p for p in paragraphs if "Putin said at a news conference with Greek Prime Minister" in p]
    assert len(joined) == 1
    assert not any(p.endswith("Putin said at a") for p in paragraphs)
    assert not any(p.startswith("news conference") for p in paragraphs)
    # the second break, inside a quotation: "... has always supported" / "Ukraine, our sovereignty ..."
    assert any("has always supported Ukraine, our sovereignty and independence" in p for p in paragraphs)
    assert not any(p.startswith("Ukraine, our sovereignty") for p in paragraphs)


def test_seed_004_hard_wrapped_lines_are_rejoined(seeds: dict[str, Document]) -> None:
    paragraphs = seeds["004"].paragraphs
    assert any("in a phone call with the Finish President Sauli Niinsto that he wants" in p for p in paragraphs)
    for paragraph in paragraphs:
        assert "\n" not in paragraph
        assert re.search(r"[.!?][”\"’)]?$", paragraph), f"ends mid-sentence: ...{paragraph[-40:]!r}"
    # a paragraph ends after a short line that closes a sentence
    assert paragraphs[0].endswith("pushing Western leaders to end NATO’s eastward expansion.")
    assert paragraphs[1].startswith("Following the phone call with the Finnish President")
    assert paragraphs[1].endswith("UK Prime Minister Boris Johnson.")


def test_seed_every_paragraph_is_one_line_of_single_spaced_text(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for paragraph in doc.paragraphs:
            assert paragraph == " ".join(paragraph.split())
            assert paragraph


def test_seed_sentences_keep_abbreviations(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for sentence in doc.sentences:
            assert not sentence.endswith(("Dec.", " U.", "Mr.")), sentence
            assert not re.match(r"^(?:S\.|23,|[a-z])", sentence), sentence
    assert any("since Dec. 23, according to the New York Times" in s for s in seeds["003"].sentences)
    assert any(s.startswith("Last week, the U.S. responded to those demands") for s in seeds["003"].sentences)
    assert any(s.startswith("U.S. President Joe Biden last week warned") for s in seeds["001"].sentences)


def test_seed_sentences_keep_question_and_attribution_together(seeds: dict[str, Document]) -> None:
    assert (
        '"Is Russian society ready to pay with the lives of its sons for the attempt to occupy '
        'another part of Ukraine?" he asked.'
    ) in seeds["001"].sentences
    assert any(s.endswith("go to war with NATO?,” he asked, according to Reuters.") for s in seeds["003"].sentences)


def test_seed_sentence_counts_cover_every_paragraph(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        assert sorted(set(doc.sentence_paragraph)) == list(range(len(doc.paragraphs)))
        assert " ".join(doc.sentences) == " ".join(doc.paragraphs)


def test_sentence_split_keeps_titles_dates_and_quoted_questions() -> None:
    text = 'Mr. Putin met the U.S. envoy on Dec. 23 in Geneva. "Are we ready?" he asked. Nobody answered.'
    assert split_sentences(text) == [
        "Mr. Putin met the U.S. envoy on Dec. 23 in Geneva.",
        '"Are we ready?" he asked.',
        "Nobody answered.",
    ]
    assert split_sentences("“Is it over?” she asked, smiling. Yes.") == ["“Is it over?” she asked, smiling.", "Yes."]


def test_sentence_split_before_a_title_abbreviation() -> None:
    assert split_sentences("Mr. Biden said so. Ms. Psaki agreed.") == ["Mr. Biden said so.", "Ms. Psaki agreed."]


# ---------------------------------------------------------------------------
# Article cleanup on small synthetic copies
# ---------------------------------------------------------------------------

BODY_A = "Russian troops were seen near the border on Monday, officials said."
BODY_B = "The ministry denied the reports and called them provocations."


@pytest.mark.parametrize(
    "junk",
    [
        "Please enter your comment!",
        "Please enter your name here",
        "Related article: Putin and Biden Speak: What They Discussed",
        "Source link",
        "TAGS:",
        "Tags: Russia, Ukraine, NATO",
        "Article Categories:",
        "Leave a Comment",
        "Your email address will not be published.",
        "© 2021 AFP",
        "Copyright 2021 Reuters. All rights reserved.",
    ],
)
def test_boilerplate_line_is_removed_between_paragraphs(junk: str) -> None:
    art = parse_article(f"{BODY_A}\n\n{junk}\n\n{BODY_B}")
    assert art.paragraphs == [BODY_A, BODY_B]
    assert junk in art.removed


def test_caption_followed_by_a_photo_credit_line_is_not_body() -> None:
    caption = "Russian President Vladimir Putin attends a meeting in Moscow, Russia January 20, 2022."
    art = parse_article(f"{BODY_A}\n\n{caption}\n\nMikhail Metzel | Sputnik | Reuters\n\n{BODY_B}")
    assert art.paragraphs == [BODY_A, BODY_B]
    assert art.captions == [caption]
    assert "Mikhail Metzel | Sputnik | Reuters" in art.removed
    assert art.date == "2022-01-20" and art.date_source == "caption"


def test_caption_ending_with_a_site_credit_is_not_body() -> None:
    art = parse_article(f"{BODY_A}\n\nRussian President Vladimir Putin. kremlin.ru\n\n{BODY_B}")
    assert art.paragraphs == [BODY_A, BODY_B]
    assert art.captions == ["Russian President Vladimir Putin. kremlin.ru"]


def test_body_sentence_about_copyright_is_kept() -> None:
    text = f"{BODY_A}\n\nCopyright holders say the service streamed songs without paying.\n\n{BODY_B}"
    assert parse_article(text).paragraphs == [
        BODY_A,
        "Copyright holders say the service streamed songs without paying.",
        BODY_B,
    ]


def test_first_sentence_starting_with_by_is_not_a_byline() -> None:
    art = parse_article(
        "Troops Arrive in Border Town\n\nBy the time the troops arrived, the town was empty.\n\n" + BODY_B
    )
    assert art.title == "Troops Arrive in Border Town"
    assert art.author is None
    assert art.paragraphs == ["By the time the troops arrived, the town was empty.", BODY_B]


@pytest.mark.parametrize(
    ("line", "author", "agency"),
    [
        ("By AFP", None, "AFP"),
        ("By Ola Cichowlas for AFP", "Ola Cichowlas", "AFP"),
        ("By Jan van der Berg, Reuters", "Jan van der Berg", "Reuters"),
        ("By our correspondent in Kyiv", "our correspondent in Kyiv", None),
    ],
)
def test_byline_names_author_and_agency(line: str, author: str | None, agency: str | None) -> None:
    art = parse_article(f"Talks Resume in Geneva\n\n{line}\n\n{BODY_A}")
    assert (art.title, art.author, art.agency, art.paragraphs) == ("Talks Resume in Geneva", author, agency, [BODY_A])


def test_hard_wrapped_block_is_rejoined_into_paragraphs() -> None:
    text = (
        "The ministry said on Monday that the talks would resume next week in\n"
        "Geneva, where officials from both sides are expected to discuss the\n"
        "agenda for the meeting.\n"
        "Analysts expect little progress before the end of the year, one senior\n"
        "diplomat said on condition of anonymity."
    )
    assert parse_article(text).paragraphs == [
        "The ministry said on Monday that the talks would resume next week in Geneva, where officials "
        "from both sides are expected to discuss the agenda for the meeting.",
        "Analysts expect little progress before the end of the year, one senior diplomat said on "
        "condition of anonymity.",
    ]


def test_one_short_paragraph_per_line_is_not_taken_for_wrapping() -> None:
    lines = [
        "The ministry said on Monday that the talks would resume next week in Geneva.",
        "Officials from both sides declined to comment on the agenda for the meeting.",
        "The last round of negotiations ended without agreement in early November.",
        "Analysts expect little progress before the end of the year, one diplomat said.",
    ]
    assert parse_article("\n".join(lines)).paragraphs == lines


def test_url_broken_by_spaces_is_rejoined() -> None:
    art = parse_article(f"{BODY_A}\n\nOriginal url:\n\nhttps://www.example.com/2021/12/14/put in-talks-a 75818")
    assert art.url == "https://www.example.com/2021/12/14/putin-talks-a75818"
    assert art.paragraphs == [BODY_A]


# ---------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------

# Realistic Western text: accents, « », curly quotes, an em dash and the euro sign
# (the last three exist in cp1252 but not in latin-1).
FRENCH = [
    "Le président Emmanuel Macron a déclaré mardi que la France « ne cédera pas » face aux pressions "
    "de Moscou. Selon l’Élysée, l’aide à l’Ukraine s’élève déjà à 300 millions d’euros (300 M€).",
    "“C’est une décision très importante pour la sécurité européenne”, a ajouté le ministre — "
    "avant de rappeler que les négociations reprendront à Genève la semaine prochaine.",
    "Señor Núñez, porte-parole à Bruxelles, a précisé que les coûts pourraient dépasser 1,5 milliard "
    "d’euros. Die Straße nach Kiew bleibt geöffnet, sagte ein Sprecher in München.",
]
FRENCH_TEXT = "\n\n".join(FRENCH)
# The same text without the characters latin-1 lacks.
LATIN1_TEXT = FRENCH_TEXT.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-").replace("€", "EUR")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("codec", "text", "recorded"),
    [
        ("utf-8", FRENCH_TEXT, {"utf-8"}),
        ("utf-8-sig", FRENCH_TEXT, {"utf-8-sig"}),
        ("cp1252", FRENCH_TEXT, {"cp1252"}),
        # latin-1 bytes read the same in cp1252 and iso8859-15 for this text
        ("latin-1", LATIN1_TEXT, {"iso8859-1", "cp1252", "iso8859-15"}),
    ],
    ids=["utf-8", "utf-8-sig", "cp1252", "latin-1"],
)
def test_encoding_is_detected_and_recorded(tmp_path: Path, codec: str, text: str, recorded: set[str]) -> None:
    _write(tmp_path / "article.txt", text.encode(codec))
    corpus = read_corpus([tmp_path])
    assert corpus.skipped == []
    [doc] = corpus.documents
    assert doc.paragraphs == text.split("\n\n")
    assert codecs.lookup(doc.encoding or "").name in recorded
    assert doc.record()["encoding"] == doc.encoding


def test_bom_does_not_leak_into_the_title(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", ("Macron Warns Moscow\n\n" + FRENCH_TEXT).encode("utf-8-sig"))
    [doc] = read_corpus([tmp_path]).documents
    assert doc.title == "Macron Warns Moscow"
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("text", [FRENCH_TEXT, FRENCH[0], "Déjà vu à Genève, a-t-il dit — « c’est là »."])
def test_decode_bytes_reads_western_text_as_cp1252(text: str) -> None:
    decoded, used = decode_bytes(text.encode("cp1252"))
    assert decoded == text
    assert used == "cp1252"


OTHER_LATIN = {
    "polish": "Prezydent powiedział, że Polska jest gotowa. Żołnierze są na granicy. "
    "Ministerstwo obrony wydało oświadczenie w środę, a główny doradca potwierdził.",
    "czech": "Prezident řekl, že Česká republika je připravena pomoci. Vojáci jsou na hranicích. "
    "Vláda projedná návrh zákona o státním rozpočtu příští týden.",
    "hungarian": "A miniszterelnök szerint a tárgyalások jövő héten folytatódnak Brüsszelben. "
    "Az ülésről szóló közlemény hétfőn jelent meg, a szövetség nyilatkozata szerint.",
    "turkish": "Cumhurbaşkanı, görüşmelerin gelecek hafta İstanbul'da devam edeceğini söyledi. "
    "Bakanlık açıklamasında sınır güvenliğinin önemli olduğu belirtildi.",
    "german": "Die Straße nach Kiew bleibt geöffnet, berichtete ein Korrespondent. Über die Grenze kamen "
    "am Wochenende erneut Tausende Flüchtlinge nach Polen und Österreich.",
}


@pytest.mark.parametrize(
    ("language", "codec"),
    [
        ("polish", "cp1250"),
        ("polish", "iso8859_2"),
        ("czech", "cp1250"),
        ("czech", "iso8859_2"),
        ("hungarian", "cp1250"),
        ("turkish", "cp1254"),
        ("german", "latin-1"),
    ],
)
def test_decode_bytes_reads_other_latin_code_pages(language: str, codec: str) -> None:
    text, used = decode_bytes(OTHER_LATIN[language].encode(codec))
    assert text == OTHER_LATIN[language], used


def test_forced_encoding_is_used_and_recorded(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", FRENCH_TEXT.encode("utf-8"))
    [doc] = read_corpus([tmp_path], encoding="latin-1").documents
    assert doc.encoding == "latin-1"
    assert "prÃ©sident" in doc.text  # the bytes really were read as latin-1


def test_forced_encoding_that_does_not_fit_skips_the_file_with_the_fix(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", FRENCH_TEXT.encode("cp1252"))
    corpus = read_corpus([tmp_path], encoding="utf-8")
    assert corpus.documents == []
    [skipped] = corpus.skipped
    assert skipped.kind == "undecodable"
    assert "--encoding" in skipped.reason


def test_forced_encoding_does_not_turn_binary_into_an_article(tmp_path: Path) -> None:
    _write(tmp_path / "image.txt", PNG_BYTES)
    corpus = read_corpus([tmp_path], encoding="latin-1")
    assert corpus.documents == []
    assert [s.kind for s in corpus.skipped] == ["binary"]


# ---------------------------------------------------------------------------
# Bad files: skipped with a reason, the rest goes on
# ---------------------------------------------------------------------------

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61") + bytes(range(256))


def _noise(n: int = 4000, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(128, 256) for _ in range(n))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"  \n\n\t \r\n", "empty"),
        (PNG_BYTES, "binary"),
        (b"text\x00with\x00nul\x00bytes " * 20, "binary"),
        (_noise(), "undecodable"),
        (b"Related article: nothing\n\nSource link\n\nTAGS:\n", "empty"),
    ],
    ids=["empty", "blank", "png", "nul", "noise", "only-boilerplate"],
)
def test_bad_file_is_skipped_with_reason(tmp_path: Path, data: bytes, kind: str) -> None:
    _write(tmp_path / "bad.txt", data)
    _write(tmp_path / "good.txt", f"{BODY_A}\n\n{BODY_B}".encode())
    corpus = read_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good.txt"]
    [skipped] = corpus.skipped
    assert (Path(skipped.path).name, skipped.kind) == ("bad.txt", kind)
    assert skipped.reason
    assert str(skipped).startswith(f"skipped {skipped.path}: ")


def test_file_over_the_size_limit_is_skipped_before_reading(tmp_path: Path) -> None:
    big = _write(tmp_path / "big.txt", (BODY_A + "\n\n").encode() * 2000)  # ~140 kB
    docs, skipped = load_source(discover([big])[0], max_file_mb=0.1)
    assert docs == []
    assert skipped[0].kind == "too-large"
    assert "--max-file-mb" in skipped[0].reason
    docs, skipped = load_source(discover([big])[0], max_file_mb=1.0)
    assert skipped == [] and len(docs) == 1


def test_missing_path_and_empty_folder_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_corpus([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "picture.png").write_bytes(PNG_BYTES)
    with pytest.raises(InputError, match="no articles in"):
        read_corpus([tmp_path / "empty"])


# ---------------------------------------------------------------------------
# Ids and outlets
# ---------------------------------------------------------------------------


def test_ids_are_relative_paths_with_slashes(tmp_path: Path) -> None:
    for rel in ["top.txt", "wire/story-001.txt", "wire/deep/story-002.md", ".hidden/x.txt", "wire/.y.txt"]:
        _write(tmp_path / rel, f"{BODY_A}\n\n{BODY_B}".encode())
    _write(tmp_path / "wire" / "notes.pdf", b"%PDF-1.4")
    ids = [d.id for d in read_corpus([tmp_path]).documents]
    assert sorted(ids) == ["top.txt", "wire/deep/story-002.md", "wire/story-001.txt"]


def test_outlet_falls_back_from_url_to_agency_to_folder(tmp_path: Path) -> None:
    _write(
        tmp_path / "wire" / "with-url.txt",
        f"Talks Resume\n\nBy AFP\n\n{BODY_A}\n\nOriginal url: https://www.themoscowtimes.com/2021/12/08/a".encode(),
    )
    _write(tmp_path / "wire" / "with-agency.txt", f"Talks Resume\n\nBy Reuters\n\n{BODY_A}".encode())
    _write(tmp_path / "wire" / "plain.txt", f"{BODY_A}\n\n{BODY_B}".encode())
    outlets = {d.id: d.outlet for d in read_corpus([tmp_path]).documents}
    assert outlets == {
        "wire/with-url.txt": "themoscowtimes.com",
        "wire/with-agency.txt": "Reuters",
        "wire/plain.txt": "wire",
    }


def test_same_file_name_from_two_roots_gets_a_unique_id(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "story.txt", BODY_A.encode())
    _write(tmp_path / "b" / "story.txt", BODY_B.encode())
    corpus = read_corpus([tmp_path / "a", tmp_path / "b"])
    ids = [d.id for d in corpus.documents]
    assert len(set(ids)) == 2 and ids[0] == "story.txt"
    assert len(corpus.warnings) == 1 and "story.txt" in corpus.warnings[0]


# ---------------------------------------------------------------------------
# JSONL and CSV tables
# ---------------------------------------------------------------------------

ARTICLE_WITH_METADATA = (
    "Putin Says Russia Has Rights\n\nBy AFP\n\nDecember 08, 2021\n\n"
    f"{BODY_A}\n\n{BODY_B}\n\nOriginal url: https://www.themoscowtimes.com/2021/12/08/putin-a75767"
)


def _jsonl(rows: list[object]) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode()


def test_jsonl_rows_become_documents_and_bad_rows_are_skipped(tmp_path: Path) -> None:
    rows = [
        {
            "id": "wire-1",
            "text": ARTICLE_WITH_METADATA,
            "title": "Field Title",
            "outlet": "Field Outlet",
            "date": "2021-12-09",
            "url": "https://example.org/story-1",
        },
        {"id": "wire-2", "text": ARTICLE_WITH_METADATA},
        {"text": "A row without an id. It has text."},
        {"id": "wire-4"},
        "{not json",
        "",
        "[1, 2]",
        {"id": 5, "text": f"{BODY_B}", "date": "Dec 3, 2021"},
        {"id": "wire-6", "text": BODY_A, "title": None, "url": ""},
    ]
    _write(tmp_path / "feed.jsonl", _jsonl(rows))
    corpus = read_corpus([tmp_path])
    docs = {d.id: d for d in corpus.documents}
    assert list(docs) == ["wire-1", "wire-2", "5", "wire-6"]

    # fields win over what the text says
    one = docs["wire-1"]
    assert (one.title, one.outlet, one.date, one.url) == (
        "Field Title",
        "Field Outlet",
        "2021-12-09",
        "https://example.org/story-1",
    )
    assert one.date_source == "field"
    # the text field is the article as given: its headline, byline and URL lines stay (issue 9, item 8)
    assert one.paragraphs[0] == "Putin Says Russia Has Rights"
    assert BODY_A in one.paragraphs and BODY_B in one.paragraphs
    # without fields, the text's own metadata is used
    two = docs["wire-2"]
    assert (two.title, two.outlet, two.date, two.url) == (
        "Putin Says Russia Has Rights",
        "themoscowtimes.com",
        "2021-12-08",
        "https://www.themoscowtimes.com/2021/12/08/putin-a75767",
    )
    assert docs["5"].date == "2021-12-03"
    assert docs["wire-6"].url is None and docs["wire-6"].title is None

    problems = {Path(s.path).name: s for s in corpus.skipped}
    assert sorted(problems) == ["feed.jsonl:3", "feed.jsonl:4", "feed.jsonl:5", "feed.jsonl:7"]
    assert "'id'" in problems["feed.jsonl:3"].reason
    assert "'text'" in problems["feed.jsonl:4"].reason
    assert "not JSON" in problems["feed.jsonl:5"].reason
    assert "not a JSON object" in problems["feed.jsonl:7"].reason
    assert {s.kind for s in corpus.skipped} == {"bad-row"}


def test_csv_rows_become_documents_and_bad_rows_are_skipped(tmp_path: Path) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "text", "title", "outlet", "date", "url"])
    writer.writerow(["c1", f"{BODY_A}\n\n{BODY_B}", "Title C", "Outlet C", "10 December 2021", "https://x.org/a"])
    writer.writerow(["", "A row without an id.", "", "", "", ""])
    writer.writerow(["c3", "", "", "", "", ""])
    writer.writerow(["c4", ARTICLE_WITH_METADATA, "", "", "", ""])
    _write(tmp_path / "table.csv", buf.getvalue().encode("utf-8"))
    corpus = read_corpus([tmp_path])
    docs = {d.id: d for d in corpus.documents}
    assert list(docs) == ["c1", "c4"]
    assert (docs["c1"].title, docs["c1"].outlet, docs["c1"].date, docs["c1"].url) == (
        "Title C",
        "Outlet C",
        "2021-12-10",
        "https://x.org/a",
    )
    assert docs["c1"].paragraphs == [BODY_A, BODY_B]
    assert (docs["c4"].title, docs["c4"].outlet, docs["c4"].date) == (
        "Putin Says Russia Has Rights",
        "themoscowtimes.com",
        "2021-12-08",
    )
    assert len(corpus.skipped) == 2
    assert all(s.kind == "bad-row" for s in corpus.skipped)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_jsonl_record_keeps_the_line_breaks_a_json_string_may_hold_as_they_are(tmp_path: Path, end: str) -> None:
    """U+2028, U+2029 and U+0085 are valid as they are inside a JSON string (json.dumps(ensure_ascii=False)
    writes them so); splitting the file at them, as str.splitlines does, cut the record in two."""
    odd = f"{BODY_A}\u2028{BODY_B}\u0085 and\u2029 more."
    rows = [{"id": "a", "text": odd}, {"id": "b", "text": BODY_B}]
    _write(tmp_path / "feed.jsonl", end.join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8"))
    corpus = read_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["a", "b"] and not corpus.skipped
    assert BODY_A in corpus.documents[0].text and "more." in corpus.documents[0].text


def test_a_csv_row_with_more_fields_than_the_header_is_skipped_alone(tmp_path: Path) -> None:
    """One bad row used to skip the whole table with one message, losing every good row in it."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "text", "date", "id"])  # a second column named id: the first counts
    writer.writerow(["c1", f"{BODY_A}\n\n{BODY_B}", "10 December 2021", "other"])  # three lines
    writer.writerow(["c2", BODY_A, "", "other", "one field too many"])  # line 5
    writer.writerow(["c3", BODY_B])  # a short row: the missing fields are empty
    _write(tmp_path / "table.csv", buf.getvalue().encode("utf-8"))
    corpus = read_corpus([tmp_path])
    assert [(d.id, d.date, d.paragraphs) for d in corpus.documents] == [
        ("c1", "2021-12-10", [BODY_A, BODY_B]),
        ("c3", None, [BODY_B]),
    ]
    [bad] = corpus.skipped
    assert (bad.kind, Path(bad.path).name) == ("bad-row", "table.csv:5")
    assert "line 5 has 5 values for 4 columns" in bad.reason and "fix or remove that row" in bad.reason


def test_a_csv_quote_never_closed_skips_the_rows_from_there_on_with_one_message(tmp_path: Path) -> None:
    _write(tmp_path / "table.csv", f'id,text\nc0,"{BODY_B}"\nc1,"{BODY_A}\nc2,{BODY_B}\n'.encode())
    corpus = read_corpus([tmp_path])
    [skipped] = corpus.skipped
    assert [d.id for d in corpus.documents] == ["c0"]
    assert (skipped.kind, Path(skipped.path).name) == ("bad-row", "table.csv:3")
    assert "a quote opened on line 3 is never closed" in skipped.reason and "close the quote" in skipped.reason


def test_a_csv_with_a_delimiter_at_the_end_of_each_line_keeps_its_columns(tmp_path: Path) -> None:
    """pandas took the first column for the row labels here, and read every row's text as its id."""
    _write(tmp_path / "table.csv", f'id,text,date\nc1,"{BODY_A}",2021-12-09,\nc2,"{BODY_B}",,\n'.encode())
    corpus = read_corpus([tmp_path])
    assert [(d.id, d.paragraphs, d.date) for d in corpus.documents] == [
        ("c1", [BODY_A], "2021-12-09"),
        ("c2", [BODY_B], None),
    ]
    assert not corpus.skipped


def test_a_csv_row_that_is_not_valid_csv_is_skipped_alone(tmp_path: Path) -> None:
    _write(tmp_path / "table.csv", f'id,text\nc0,"{BODY_B}"x\nc1,"{BODY_A}"\n'.encode())
    corpus = read_corpus([tmp_path])
    [skipped] = corpus.skipped
    assert [d.id for d in corpus.documents] == ["c1"]
    assert Path(skipped.path).name == "table.csv:2" and "not valid CSV" in skipped.reason


def test_a_csv_with_a_long_row_still_needs_its_id_and_text_columns(tmp_path: Path) -> None:
    _write(tmp_path / "table.csv", f"ID,Text\n1,{BODY_A}\n2,{BODY_B},x\n".encode())
    [skipped] = read_corpus([tmp_path]).skipped
    assert skipped.kind == "bad-table" and "lacks column(s) id, text" in skipped.reason


_CELLS = st.one_of(
    st.sampled_from(["", " ", "a", "b c", '"q"', "x,y", "two\nlines", 'say "hi"', "é", "\t", "\r", "\r\n", "\ufeff"]),
    st.text(max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=0, max_size=5), min_size=0, max_size=8))
def test_a_csv_table_reads_back_row_by_row_with_the_line_each_starts_on(rows: list[list[str]]) -> None:
    """Any table csv.writer writes: each row as written (short rows padded), a row with values past the
    columns reported on its own line, blank rows left out."""
    import csv
    import io

    from dedup.ingest.files import _rows_csv

    header = ["id", "text", "date"]
    text, expected = "", []
    for cells in [header, *rows]:
        line = 1 + len(io.StringIO(text, newline="").readlines())
        buf = io.StringIO()
        csv.writer(buf).writerow(cells)  # lines end in \r\n, so a field with a lone \r is quoted
        text += buf.getvalue()
        if cells is header or (len(cells) < 2 and not "".join(cells).strip()):
            continue
        if any(value.strip() for value in cells[3:]):
            expected.append((line, None))
        else:
            expected.append((line, dict(zip(header, cells + [""] * (3 - len(cells))))))
    assert [(n, row) for n, row, _ in _rows_csv(text, "t.csv")] == expected


def test_csv_without_text_column_is_skipped_with_the_fix(tmp_path: Path) -> None:
    _write(tmp_path / "table.csv", b"id,body\n1,hello there\n")
    _write(tmp_path / "good.txt", BODY_A.encode())
    corpus = read_corpus([tmp_path])
    assert [d.id for d in corpus.documents] == ["good.txt"]
    [skipped] = corpus.skipped
    assert skipped.kind == "bad-table" and "'text'" in skipped.reason


def test_table_in_cp1252_is_decoded(tmp_path: Path) -> None:
    _write(tmp_path / "feed.jsonl", json.dumps({"id": "fr", "text": FRENCH_TEXT}, ensure_ascii=False).encode("cp1252"))
    [doc] = read_corpus([tmp_path]).documents
    assert doc.paragraphs == FRENCH
    assert doc.encoding == "cp1252"


def test_document_from_text_metadata_fields_win() -> None:
    doc = document_from_text(
        ARTICLE_WITH_METADATA,
        id="x",
        folder="wire",
        fields={"outlet": "  ", "date": "not a date", "url": "https://www.reuters.com/world/x"},
    )
    # blank or unparsable fields fall back to what the text and the other fields give
    assert doc.outlet == "reuters.com"
    assert doc.date == "2021-12-08"
    assert doc.url == "https://www.reuters.com/world/x"


_WHOLE_DATES = {
    "Dec 9, 2021": "2021-12-09",
    "2021-12-09T23:30:00-05:00": "2021-12-09",  # the day where it was written
    "12/09/2021": "2021-12-09",  # numeric: month first, as pandas and dateutil read it
    "2021/12/09": "2021-12-09",
    "20211209": "2021-12-09",
    "Thu, 09 Dec 2021 10:00:00 +0000": "2021-12-09",  # RSS (RFC 2822)
    "2021-12-09 10:00 EST": "2021-12-09",
}
_PART_DATES = ["2021", "December 2021", "2021-12", "Dec 9", "Thursday", "today", "now", "10:00", "0001-01-01",
               "1850-06-01", "31/02/2021", "not a date", "1638921600"]


def test_a_long_date_field_is_read_as_text_is() -> None:
    """dateutil takes seconds on a long field (a CSV column mixed up): past 100 characters only a date written
    as in text counts."""
    from dedup.ingest.files import date_from_field

    assert date_from_field("a" * 1_000_000) is None
    assert date_from_field("Published " + "x" * 200 + " on 8 December 2021") == "2021-12-08"
    assert date_from_field("12/08/2021" + " " * 200) is None


@pytest.mark.parametrize("field", [*_WHOLE_DATES, *_PART_DATES])
def test_a_date_field_gives_a_day_only_when_it_names_one(tmp_path: Path, field: str) -> None:
    """A field without a day, a month or a year, a word, or a placeholder year falls back to the text's own date.

    pandas read "2021" as 1 January, "Dec 9" as the year 1 (which crashed the report) and "today" as the
    day of the run; a made-up day picks the wrong original of a family and the wrong story window.
    """
    _write(tmp_path / "feed.jsonl", _jsonl([{"id": "x", "text": ARTICLE_WITH_METADATA, "date": field}]))
    [doc] = read_corpus([tmp_path]).documents
    if field in _WHOLE_DATES:
        assert (doc.date, doc.date_source) == (_WHOLE_DATES[field], "field")
    else:
        assert (doc.date, doc.date_source) == ("2021-12-08", "dateline")  # the text's "December 08, 2021"


# ---------------------------------------------------------------------------
# Other common copy formats: wire datelines, headers without blank lines, markdown
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "date", "author", "agency", "first"),
    [
        (
            "Ukraine says Russian troops massing\n\nLONDON (Reuters) - Russia has massed troops near the border, "
            "Ukraine said.\n\nThe Kremlin denied it.\n\nReporting by John Smith; Editing by Jane Doe\n",
            "Ukraine says Russian troops massing",
            None,
            None,
            "Reuters",
            "LONDON (Reuters) - Russia has massed",
        ),
        (
            "Putin warns West\n\nBy JIM HEINTZ Associated Press\n\nMOSCOW (AP) — Putin warned the West on Tuesday.\n",
            "Putin warns West",
            None,
            "JIM HEINTZ",
            "AP",
            "MOSCOW (AP) — Putin warned",
        ),
        (
            "Headline Of Story Here\nPublished: 12 March 2022 | Updated: 13 March 2022\nBy Jane Doe, Reuters\n\n"
            "Body paragraph one is here and long enough to be a body.\n",
            "Headline Of Story Here",
            "2022-03-12",
            "Jane Doe",
            "Reuters",
            "Body paragraph one",
        ),
        (
            "# Markdown Headline\n\n*By Staff Writer* | 2022-03-12\n\nBody text of the story here.\n",
            "Markdown Headline",
            "2022-03-12",
            "Staff Writer",
            None,
            "Body text of the story",
        ),
    ],
)
def test_other_copy_formats(
    text: str, title: str, date: str | None, author: str | None, agency: str | None, first: str
) -> None:
    from dedup.ingest.article import parse_article

    art = parse_article(text)
    assert (art.title, art.date, art.author, art.agency) == (title, date, author, agency)
    assert art.paragraphs[0].startswith(first)
    assert not any("Reporting by" in p for p in art.paragraphs)


# --- wire tables: short lines with no full stop are the item, not subheads ------------------------------

RESULTS_TABLE = """ACC CORP 3RD QTR NET

Shr profit three cts vs profit nine cts

Net profit 102,136 vs profit 307,516

Revs 8,549,182 vs 8,469,476

Nine mths

Shr loss 13 cts vs profit 28 cts
"""


def test_a_results_table_is_read_as_its_lines_not_skipped_as_headings() -> None:
    # a Reuters-21578 results item written as a file: every line short, none ending a sentence
    art = parse_article(RESULTS_TABLE)
    assert "Net profit 102,136 vs profit 307,516" in art.paragraphs
    assert art.headings == []


def test_a_table_with_one_sentence_keeps_all_its_lines() -> None:
    # one line ends with a full stop; the table lines still outnumber it, so they are the text, not subheads
    art = parse_article(RESULTS_TABLE + "\nNote: Shr data after payment of preferred dividends.\n")
    assert "Shr loss 13 cts vs profit 28 cts" in art.paragraphs
    assert art.paragraphs[-1].startswith("Note: Shr data")


def test_subheads_between_paragraphs_are_still_headings() -> None:
    body = "The minister said the plan would cut costs by a tenth over three years, and unions objected."
    art = parse_article(f"Budget plan unveiled\n\n{body}\n\nUnions react\n\n{body}\n\n{body}\n")
    assert art.headings == ["Unions react"]


def test_as_many_subheads_as_paragraphs_are_still_subheads() -> None:
    body = "The minister said the plan would cut costs by a tenth over three years, and unions objected."
    art = parse_article(f"Budget plan unveiled\n\nBy Jane Smith\n\nBackground\n\n{body}\n\nWhat comes next\n\n{body}\n")
    assert art.headings == ["Background", "What comes next"]
    assert art.paragraphs == [body, body]


# ---------------------------------------------------------------- the cheap tests before the patterns

_FURNITURE = (  # lines each pattern matches: the strategy below bends them into near-misses
    "Related: Putin meets Biden", "Read more: the talks", "See also: sanctions", "Source link", "Tags: Russia",
    "Article categories: World", "Filed under: Europe", "Please enter your comment here", "Leave a reply",
    "Your email address will not be published.", "Required fields are marked *", "Share this article",
    "Follow us", "Advertisement", "Click here to subscribe", "Sign up for our newsletter", "Photo credit: AFP",
    "(Photo by Ivan Petrov)", "(Additional reporting by Jane Doe; editing by Tom Smith)",
    "Copyright 2021 Reuters.", "The Moscow Times. All rights reserved.", "© Reuters", "Mikhail Metzel | Sputnik",
    "Getty Images", "AFP via Getty Images", "AP Photo/Evan Vucci", "EPA", "Shutterstock",
    "Vladimir Putin at the Kremlin. kremlin.ru", "Troops near the border (Photo: Maxar Technologies)",
    "Troops near the border. Photo: Maxar Technologies", "Kyiv residents on Monday / AFP",
    "Troops at dawn. Image: Reuters TV", "Kyiv at night (Image by Anna Kova)", "(File photo: Reuters)",
    "A tank, 2022 / Getty Images", "The summit. bbc.co.uk", "Protest in Minsk. Picture: TUT.by",
    "Friday, December 17th, 2021", "8 Dec. 2021, 10:05", "2021-12-08T10:00:00Z", "Sept 8 2021", "sept 1st 1999",
    "Published on 1 Sept 2020", "Updated: Jan 31st, 2021 | by Staff", "Mar. 3 1987", "31st Dec 2000",
)
_TWINS = {"s": "ſ", "S": "ſ", "i": "ı", "I": "İ", "k": "\u212a", "K": "\u212a"}


@st.composite
def _furniture_lines(draw: st.DrawFn) -> str:
    line = list(draw(st.sampled_from(_FURNITURE)))
    for _ in range(draw(st.integers(0, 3))):  # bend it: case, a twin letter, a character dropped or added
        at = draw(st.integers(0, len(line) - 1))
        edit = draw(st.sampled_from(["case", "twin", "drop", "add"]))
        if edit == "case":
            line[at] = line[at].swapcase()
        elif edit == "twin":
            line[at] = _TWINS.get(line[at], line[at])
        elif edit == "drop" and len(line) > 1:
            del line[at]
        elif edit == "add":
            line.insert(at, draw(st.sampled_from([" ", ".", ":", "|", "/", ")", "(", "a", "1", "–"])))
    before = draw(st.sampled_from(["", "The troops. ", "In 1986 ", "He said: ", "x"]))
    after = draw(st.sampled_from(["", ".", " ", " today", ")", " 2021"]))
    text = before + "".join(line) + after
    # callers pass stripped lines, but the tests must hold for any line: whitespace around, a newline at the end
    return draw(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000"])) + text + draw(
        st.sampled_from(["", " ", "\n", " \n", "\u2003"])
    )


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_furniture_lines())
def test_cheap_tests_never_change_what_the_furniture_patterns_find(line: str) -> None:
    """Boilerplate, credit lines, caption credits and dates: the fast paths answer as the patterns alone do."""
    from dedup.ingest import article as A

    assert A._is_boilerplate(line) == (A._BOILERPLATE.match(line) is not None)
    expected_credit = len(line) <= 100 and bool(A._CREDIT_LINE.match(line) or A._PHOTO_AGENCY_LINE.match(line))
    assert A._is_credit_line(line) == expected_credit
    tail = line[-120:]
    if tail.endswith(")") or "/" in tail[-30:] or ":" in tail[-70:]:
        assert A._is_caption(line) == bool(A._CAPTION_CREDIT.search(tail))
    every = (A._DATE_MDY, A._DATE_DMY, A._DATE_ISO)
    assert [p for p in every if p.search(line)] == [p for p in A._date_patterns(line) if p.search(line)]


_MONTHS = ("dec", "december", "sept", "sep", "sepember", "june", "may", "mar", "march", "jan", "x")
_SPACES = st.sampled_from([" ", "  ", "\t", "\n ", "\u00a0", "\u3000", ""]) | st.integers(1, 80).map(lambda n: " " * n)


@st.composite
def _dates(draw: st.DrawFn) -> str:
    """A date (month-day-year, day-month-year or ISO) as it may be written, bent, inside other text."""
    month = "".join(c.upper() if draw(st.booleans()) else c for c in draw(st.sampled_from(_MONTHS)))
    month += draw(st.sampled_from(["", ".", ".,", ","]))
    day = draw(st.sampled_from(["8", "08", "31", "123", "\u0668", "x"])) + draw(
        st.sampled_from(["", "st", "TH", "rd", ","])
    )
    year = draw(st.sampled_from(["2021", "1987", "19\u0668\u0667", "2021-12-08", "1999-1-1", "202", "20219"]))
    weekday = draw(st.sampled_from(["", "Friday, ", "wed. ", "thurs "]))
    order = draw(st.sampled_from(["mdy", "dmy", "iso"]))
    if order == "mdy":
        date = weekday + month + draw(_SPACES) + day + draw(_SPACES) + year
    elif order == "dmy":
        date = weekday + day + draw(_SPACES) + month + draw(_SPACES) + year
    else:
        date = year
    chars = list(date)
    for _ in range(draw(st.integers(0, 2))):  # a twin letter, a character dropped or added
        at = draw(st.integers(0, len(chars) - 1))
        edit = draw(st.sampled_from(["twin", "drop", "add"]))
        if edit == "twin":
            chars[at] = {"s": "ſ", "S": "ſ", "i": "ı", "I": "İ"}.get(chars[at], chars[at])
        elif edit == "drop" and len(chars) > 1:
            del chars[at]
        else:
            chars.insert(at, draw(st.sampled_from([" ", ".", ",", "-", "a", "1", "\u212a"])))
    before = draw(st.sampled_from(["", "on ", "in 1986 ", "x", "Published: "])) + "y" * draw(st.integers(0, 80))
    return before + draw(_SPACES) + "".join(chars) + draw(st.sampled_from(["", " ", ".", "9", "-01", " and 2022"]))


@st.composite
def _date_fragments(draw: st.DrawFn) -> str:
    """Any stretch of a bent date, or a short run of a date's characters, ending in a year."""
    if draw(st.booleans()):
        date = draw(_dates())
        start = draw(st.integers(0, len(date)))
        return date[start : draw(st.integers(start, len(date)))]
    tokens = ["Dec", "dec.", "SEPT", "may", "8", "08", "8th", "31st", ",", ".", " ", "  ", "\t", "-", "x", "\u017f"]
    return "".join(draw(st.lists(st.sampled_from(tokens), max_size=8))) + draw(st.sampled_from(["2021", "1987", "20"]))


@settings(max_examples=6000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_dates(), _date_fragments()))
def test_the_year_anchored_date_gate_never_drops_a_date_pattern_that_matches(text: str) -> None:
    """Dates near the start, after long runs of white space, with ordinals, odd digits and case twins; any
    stretch of one ("', 2021"), and short runs of a date's characters."""
    from dedup.ingest import article as A

    assert A.parse_date(text) == A.parse_date(text)  # no crash on any stretch of a date

    every = (A._DATE_MDY, A._DATE_DMY, A._DATE_ISO)
    gated = A._date_patterns(text)
    assert [p for p in every if p.search(text)] == [p for p in gated if p.search(text)]
    assert list(gated) == [p for p in every if p in gated]  # in the order parse_date tries them


@pytest.mark.parametrize("form", ["Dec. 21st,{}2021", "on 21st Dec.,{}2021", "December{}31 2021", "31{}December 2021"])
def test_the_date_gate_reads_past_its_window_as_possible(form: str) -> None:
    """A run of white space inside a date, of every length around the characters read before a year."""
    from dedup.ingest import article as A

    for n in range(1, 2 * A._LOOK_BACK):
        text = form.format(" " * n)
        assert A._DATE_MDY.search(text) or A._DATE_DMY.search(text), text
        assert [p for p in A._date_patterns(text) if p.search(text)], n


_MONTH_NAMES = [max((w for w in MONTHS if MONTHS[w] == n), key=len) for n in range(1, 13)]  # "january", ...


def test_the_month_forms_the_gate_reads_are_the_spellings_the_date_patterns_match() -> None:
    """The gate's month list and the patterns' month expression are written twice: they must not drift."""
    import re

    from dedup.ingest import article as A

    for form in A._MONTH_FORMS:
        assert re.fullmatch(A._MONTH_RE, form), form
        assert re.fullmatch(A._MONTH_RE, form.title() + ".", re.IGNORECASE), form
    # every abbreviation of a month name that drops one run of its letters ("sept", "sepember", "jun")
    cuts = {name[:i] + name[j:] for name in _MONTH_NAMES for i in range(len(name)) for j in range(i, len(name) + 1)}
    assert {c for c in cuts if re.fullmatch(A._MONTH_RE, c)} == set(A._MONTH_FORMS)


@given(st.from_regex(article_module._MONTH_RE, fullmatch=True))
def test_every_spelling_the_month_expression_matches_is_a_form_the_gate_reads(spelling: str) -> None:
    assert (spelling[:-1] if spelling.endswith(".") else spelling) in article_module._MONTH_FORMS


# --- the compiled twin of article cleaning ---------------------------------------------------------------


def _parsed(art: object) -> tuple[object, ...]:
    names = ("paragraphs", "title", "date", "date_source", "url", "author", "agency", "headings", "captions", "removed")
    return tuple(getattr(art, name) for name in names)


@st.composite
def _copies(draw: st.DrawFn) -> str:
    """A pasted copy: furniture lines, headlines, bylines, datelines and body text in blocks, any line ends."""
    body = st.sampled_from([
        "Russian troops massed on the border, officials said on Tuesday.",
        "“We will not back down,” he said, as talks stalled in Geneva",
        "and the talks resumed on Friday.", "By Ola Cichowlas for AFP", "December 08, 2021", "LONDON (Reuters) -",
        "Related article: Something else", "https://www.example.com/2021/12/08/story", "Original url:",
        "Markets Rally On Hopes", "Shr 12 cts vs 10 cts", "Photo: Reuters", "Published: 12 March 2022",
        "‘Quoted’ — £1.2bn, €3 and ¥4 for Zoë", "TAGS: news", "## Subhead", "*By Staff Writer* | 2022-03-12",
    ])
    lines = draw(st.lists(st.one_of(body, _furniture_lines(), st.just("")), min_size=1, max_size=14))
    return draw(st.sampled_from(["\n", "\r\n", "\n\n"])).join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_copies(), st.booleans())
def test_compiled_cleaning_gives_the_python_results(text: str, clean: bool) -> None:
    """The mypyc-compiled twin of article cleaning (built by setup.py) returns what the Python returns
    (skipped where it is not built)."""
    import dedup.ingest.article as article

    twin = article.compiled_twin()
    if twin is None:
        pytest.skip("the compiled twin of dedup.ingest.article is not built here; the Python is used")
    assert article.COMPILED_TWIN is twin
    assert _parsed(twin.parse_article(text, clean=clean)) == _parsed(article._parse(text, clean))
    # what callers get is this module's class, equal to the Python's result, whatever truthy value clean is
    for flag in (clean, int(clean), "x" if clean else ""):
        got = article.parse_article(text, clean=flag)  # type: ignore[arg-type]
        assert type(got) is article.ParsedArticle
        assert got == article._parse(text, clean)


def test_compiled_cleaning_gives_the_python_results_on_the_seeds() -> None:
    import dedup.ingest.article as article

    twin = article.compiled_twin()
    if twin is None:
        pytest.skip("the compiled twin of dedup.ingest.article is not built here; the Python is used")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.rglob("*")) if p.suffix in (".txt", ".md")]
    assert texts
    for text in texts:
        assert _parsed(twin.parse_article(text)) == _parsed(article._parse(text, True))


def test_compiled_cleaning_is_not_used_where_its_sources_changed(tmp_path: Path) -> None:
    """An edited article.py, display.py or lexicon.py (an editable install not rebuilt) runs as Python:
    the twin was built from other text.  So does a run with DEDUP_PURE_PYTHON set (which leaves out the
    C kernels of dedup.near too)."""
    import dedup.ingest.article as article

    package = Path(article.__file__).parent.parent
    same = tmp_path / "same"
    for name in article.TWIN_SOURCES:
        (same / name).parent.mkdir(parents=True, exist_ok=True)
        (same / name).write_bytes((package / name).read_bytes())
    assert article.twin_stamp(same) == article.twin_stamp(package)
    assert article.compiled_twin(same) is article.compiled_twin()  # the same text: the twin where one is built
    for edited in article.TWIN_SOURCES:
        copy = tmp_path / edited.replace("/", "_")
        for name in article.TWIN_SOURCES:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            (copy / name).write_bytes((package / name).read_bytes() + (b"\n# edited\n" if name == edited else b""))
        assert article.twin_stamp(copy) != article.twin_stamp(package)
        assert article.compiled_twin(copy) is None
    env = {**os.environ, "DEDUP_PURE_PYTHON": "1"}
    code = (
        "import dedup.ingest.article as a; from dedup.near.shingle import compiled_kernel; "
        "print(a.COMPILED_TWIN is None and compiled_kernel() is None)"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_the_twin_is_stamped_with_every_dedup_module_article_imports() -> None:
    """The stamp covers article.py and each dedup module it imports, in setup.py as in article.py: a
    change to any of them falls back to Python instead of running a twin built against the old text."""
    import ast

    import dedup.ingest.article as article

    package = Path(article.__file__).parent.parent
    tree = ast.parse((package / "ingest" / "article.py").read_text(encoding="utf-8"))
    imported = {
        node.module.removeprefix("dedup.").replace(".", "/") + ".py"
        for node in tree.body  # module level: the twin itself is imported inside compiled_twin
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dedup.")
    }
    assert set(article.TWIN_SOURCES) == {"ingest/article.py", *imported}
    setup = ast.parse((package.parent / "setup.py").read_text(encoding="utf-8"))
    listed = [
        ast.literal_eval(node.value)
        for node in setup.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "TWIN_SOURCES" for t in node.targets)
    ]
    assert listed == [article.TWIN_SOURCES]


def test_the_install_built_both_twins_where_it_could() -> None:
    """Where there is a C compiler (and DEDUP_NO_MYPYC is not set), the install compiled both twins: a
    build that quietly left them out runs every figure in the README at Python speed.  (The mypyc step once
    failed on a fresh machine over a type error in a module the twin imports, pandas without its stubs.)
    An install made with DEDUP_NO_MYPYC=1 needs it set for the tests too."""
    import importlib.util
    import shutil
    import sysconfig

    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) here: the twins are optional and the Python runs")
    missing = [
        name
        for name, wanted in (("dedup.near._fasthash", True), ("dedup.ingest._article_native", not os.environ.get("DEDUP_NO_MYPYC")))
        if wanted and importlib.util.find_spec(name) is None
    ]
    assert not missing, f"not built by the install: {missing}; run `pip install -e .` and read its output"


def test_files_are_read_whole_whatever_their_size_says(tmp_path: Path) -> None:
    """A regular file in one read when its size is right; a file the system gives no size (/proc) or
    one that grew after its size was taken, read to its end; a folder or an oversized file skipped."""
    from dedup.ingest.files import SkipFile, _read_bytes

    for size in (0, 1, 4095, 65536, 65537, 300_000):
        path = tmp_path / f"f{size}"
        data = bytes(range(256)) * (size // 256) + bytes(size % 256)
        path.write_bytes(data)
        assert _read_bytes(str(path), max_file_mb=None) == data
    status = Path("/proc/self/status")
    if status.exists():
        got = _read_bytes(str(status), max_file_mb=1)
        assert os.stat(status).st_size == 0 and got.startswith(b"Name:") and got.endswith(b"\n")
    with pytest.raises(SkipFile, match="folder"):
        _read_bytes(str(tmp_path), max_file_mb=1)
    (tmp_path / "big").write_bytes(b"x" * 2_000_001)
    with pytest.raises(SkipFile, match="max-file-mb"):
        _read_bytes(str(tmp_path / "big"), max_file_mb=2)


def test_a_regular_file_is_one_read_and_a_stream_stops_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A regular file whose first read returns its whole size is not read again to find its end; a file
    with no size to go by (a pipe, handed to the reader directly) is cut off at --max-file-mb."""
    import threading

    import dedup.ingest.files as files

    path = tmp_path / "a.txt"
    path.write_bytes(b"An article. " * 500)
    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(files.os, "read", counted)
    assert files._read_bytes(str(path), max_file_mb=1) == path.read_bytes()
    assert len(reads) == 1
    monkeypatch.undo()
    if not hasattr(os, "mkfifo"):
        return
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)

    def write() -> None:
        try:
            with open(pipe, "wb") as out:
                for _ in range(40):
                    out.write(b"x" * 100_000)  # 4 MB, more than the 1 MB limit
        except BrokenPipeError:
            pass  # the reader stopped at the limit

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    with pytest.raises(files.SkipFile, match="max-file-mb"):
        files._read_bytes(str(pipe), max_file_mb=1)
    writer.join(timeout=30)
