"""Near-duplicate detection: shingles, signatures, LSH, verification, passages, families.

Property tests compare the vectorised code with slow, obviously correct
references (Python sets of word tuples; brute-force band comparison).
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.ingest.files import read_corpus
from dedup.model import Document
from dedup.near.minhash import (
    EMPTY,
    SketchParams,
    band_keys,
    candidate_pairs,
    choose_bands,
    estimate_jaccard,
    lsh_probability,
)
from dedup.near.neardup import (
    Sketches,
    SketchesBuilder,
    find_duplicates,
    group_families,
    rare_shingle_pairs,
    sketch_texts,
)
from dedup.near.shingle import reference_shingles, shingle_sets, tokens
from dedup_testing.paths import SEEDS
from dedup_testing.synthetic import _Writer, edit_copy

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "troops",
    "border",
    "Putin",
    "NATO",
    "said",
    "the",
    "of",
    "100,000",
    "Ukraine’s",
    "Niinistö",
    "U.S.",
    "—",
    "over",
    "up",
    "to",
]
text_strategy = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join)


def ref_jaccard(a: str, b: str, k: int = 3) -> float:
    sa, sb = reference_shingles(a, k=k), reference_shingles(b, k=k)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 0.0


def ref_containment(a: str, b: str, k: int = 3) -> float:
    sa, sb = reference_shingles(a, k=k), reference_shingles(b, k=k)
    small = min(len(sa), len(sb))
    return len(sa & sb) / small if small else 0.0


# --- shingles -----------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text_strategy, min_size=1, max_size=6), st.integers(min_value=1, max_value=5))
def test_shingle_sets_match_reference(texts: list[str], k: int) -> None:
    sets = shingle_sets(texts, k=k)
    assert len(sets) == len(texts)
    for i, t in enumerate(texts):
        assert sets.sizes()[i] == len(reference_shingles(t, k=k))
    for i, j in itertools.combinations(range(len(texts)), 2):
        assert sets.jaccard(i, j) == pytest.approx(ref_jaccard(texts[i], texts[j], k))


def test_shingles_do_not_cross_documents() -> None:
    sets = shingle_sets(["a b c", "d e f"], k=3)
    assert sets.sizes().tolist() == [1, 1]
    joined = shingle_sets(["a b c d e f"], k=3)
    assert joined.sizes().tolist() == [4]


def test_shingles_ignore_case_and_typographic_punctuation() -> None:
    sets = shingle_sets(["Russia’s troops — “over” 100,000", 'russia\'s troops - "over" 100,000'], k=3)
    assert sets.jaccard(0, 1) == 1.0
    assert tokens("Russia’s") == ["russia", "s"]


def test_empty_and_short_texts() -> None:
    sets = shingle_sets(["", "one two", "   ", "one two"], k=3)
    assert sets.sizes().tolist() == [0, 1, 0, 1]
    assert sets.jaccard(1, 3) == 1.0
    assert sets.jaccard(0, 2) == 0.0


def test_chunked_shingling_equals_single_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import dedup.near.shingle as sh

    writer = _Writer(5)
    texts = ["\n\n".join(writer.document()) for _ in range(30)]
    whole = shingle_sets(texts)
    monkeypatch.setattr(sh, "CHUNK_BYTES", 5000)
    chunked = shingle_sets(texts)
    assert np.array_equal(whole.values, chunked.values)
    assert np.array_equal(whole.offsets, chunked.offsets)


# --- signatures ---------------------------------------------------------------


def test_signature_estimates_are_close_to_exact_jaccard() -> None:
    rng = np.random.default_rng(7)
    writer = _Writer(7)
    errors = []
    for _ in range(120):
        base = writer.document()
        rate = float(rng.uniform(0.0, 0.5))
        copy = edit_copy(
            base,
            rng,
            drop_paragraphs=int(rng.integers(0, 3)),
            word_change_rate=rate,
            replacement_words=writer.words[100:3000],
        )
        a, b = "\n\n".join(base), "\n\n".join(copy)
        sk = sketch_texts([a, b], SketchParams())
        exact = ref_jaccard(a, b)
        est = estimate_jaccard(sk.sigs[0], sk.sigs[1])
        errors.append(abs(est - exact))
    errors_arr = np.array(errors)
    # 128 bins: standard error is at most 0.045; allow a few outliers.
    assert errors_arr.mean() < 0.04
    assert np.quantile(errors_arr, 0.95) < 0.09
    assert errors_arr.max() < 0.16


@settings(max_examples=100, deadline=None)
@given(text_strategy)
def test_identical_texts_have_identical_signatures(text: str) -> None:
    sk = sketch_texts([text, text], SketchParams())
    assert np.array_equal(sk.sigs[0], sk.sigs[1])
    if reference_shingles(text):
        assert estimate_jaccard(sk.sigs[0], sk.sigs[1]) == 1.0
        assert not (sk.sigs[0] == EMPTY).any(), "densification leaves no empty bin"
    else:
        assert (sk.sigs[0] == EMPTY).all()


def test_signatures_depend_on_seed() -> None:
    texts = ["the quick brown fox jumps over the lazy dog today"]
    a = sketch_texts(texts, SketchParams(seed=1)).sigs
    b = sketch_texts(texts, SketchParams(seed=2)).sigs
    assert not np.array_equal(a, b)


# --- LSH ----------------------------------------------------------------------


def brute_force_candidates(sigs: np.ndarray, bands: int, rows: int) -> set[tuple[int, int]]:
    out = set()
    for i, j in itertools.combinations(range(len(sigs)), 2):
        if sigs[i][0] == EMPTY or sigs[j][0] == EMPTY:
            continue
        for b in range(bands):
            if np.array_equal(sigs[i][b * rows : (b + 1) * rows], sigs[j][b * rows : (b + 1) * rows]):
                out.add((i, j))
                break
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 3), min_size=2, max_size=25), st.integers(1, 4))
def test_lsh_candidates_equal_brute_force(pattern: list[int], rows: int) -> None:
    rng = np.random.default_rng(len(pattern) * 31 + rows)
    protos = rng.integers(0, 4, size=(4, 32)).astype(np.uint64)
    sigs = np.stack([protos[p] ^ (rng.random(32) < 0.3).astype(np.uint64) for p in pattern])
    bands = 32 // rows
    got = {tuple(p) for p in candidate_pairs(sigs, bands=bands, rows=rows).tolist()}
    assert got == brute_force_candidates(sigs, bands, rows)


def test_oversized_bucket_links_every_member_once() -> None:
    sigs = np.zeros((50, 16), dtype=np.uint64)
    pairs = candidate_pairs(sigs, bands=4, rows=4, max_bucket=10)
    members = {int(x) for x in pairs.ravel()}
    assert members == set(range(50))
    assert len(pairs) == 49


def test_band_keys_mark_empty_documents() -> None:
    sigs = np.full((2, 16), EMPTY, dtype=np.uint64)
    assert candidate_pairs(sigs, bands=4, rows=4).shape == (0, 2)
    assert (band_keys(sigs, bands=4, rows=4) == EMPTY).all()


@pytest.mark.parametrize("threshold", [0.2, 0.3, 0.5, 0.7, 0.9])
def test_chosen_bands_reach_recall_target(threshold: float) -> None:
    bands, rows = choose_bands(threshold, 128)
    assert bands * rows <= 128
    assert lsh_probability(threshold, bands, rows) >= 0.99
    assert lsh_probability(min(threshold + 0.1, 1.0), bands, rows) >= 0.999


# --- verification -------------------------------------------------------------


def docs_from(texts: list[str]) -> list[Document]:
    return [Document(f"d{i:03d}", [t]) for i, t in enumerate(texts)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=40), min_size=2, max_size=8),
    st.floats(0.2, 0.9),
    st.floats(0.5, 1.0),
)
def test_nothing_reported_below_thresholds(word_lists: list[list[str]], threshold: float, containment: float) -> None:
    texts = [" ".join(w) for w in word_lists]
    docs = docs_from(texts)
    result = find_duplicates(docs, threshold=threshold, containment=containment, passages=False)
    by_id = {d.id: d.text for d in docs}
    for pair in result.pairs:
        exact = ref_jaccard(by_id[pair.a], by_id[pair.b])
        assert pair.jaccard == pytest.approx(exact)
        assert exact >= threshold - 1e-9 or ref_containment(by_id[pair.a], by_id[pair.b]) >= containment - 1e-9


@settings(max_examples=60, deadline=None)
@given(
    st.lists(text_strategy.filter(lambda t: len(t.split()) >= 3), min_size=1, max_size=6),
    st.lists(st.integers(0, 5), min_size=1, max_size=6),
)
def test_exact_duplicates_always_found(texts: list[str], dup_of: list[int]) -> None:
    corpus = list(texts)
    expected = set()
    for n, which in enumerate(dup_of):
        src = which % len(texts)
        corpus.append(texts[src])
        expected.add((src, len(texts) + n))
    docs = docs_from(corpus)
    found = {(p.a, p.b) for p in find_duplicates(docs, passages=False).pairs}
    for i, j in expected:
        if reference_shingles(corpus[i]):
            assert (docs[i].id, docs[j].id) in found


def test_recall_on_planted_copies_above_threshold() -> None:
    """Pairs whose true Jaccard is at least threshold + 0.1 are found (>= 0.99)."""
    threshold = 0.5
    writer = _Writer(11)
    rng = np.random.default_rng(11)
    texts, gold = [], []
    for _ in range(400):
        base = writer.document()
        texts.append("\n\n".join(base))
        copy = edit_copy(
            base,
            rng,
            drop_paragraphs=int(rng.integers(0, 3)),
            word_change_rate=float(rng.uniform(0.0, 0.12)),
            replacement_words=writer.words[100:3000],
        )
        texts.append("\n\n".join(copy))
        gold.append((len(texts) - 2, len(texts) - 1))
    docs = docs_from(texts)
    result = find_duplicates(docs, threshold=threshold, containment=1.0, passages=False)
    found = {(p.a, p.b) for p in result.pairs}
    eligible = [(a, b) for a, b in gold if ref_jaccard(texts[a], texts[b]) >= threshold + 0.1]
    assert len(eligible) > 200
    hits = sum((docs[a].id, docs[b].id) in found for a, b in eligible)
    assert hits / len(eligible) >= 0.99
    # Unrelated documents are not reported.
    gold_ids = {(docs[a].id, docs[b].id) for a, b in gold}
    assert found <= gold_ids


def test_short_copy_inside_long_article_found_by_containment() -> None:
    writer = _Writer(3)
    long_doc = writer.document() + writer.document()
    short = long_doc[2:4]
    docs = [Document("long", long_doc), Document("short", short), Document("other", writer.document())]
    result = find_duplicates(docs)
    pairs = {(p.a, p.b): p for p in result.pairs}
    assert ("long", "short") in pairs
    pair = pairs[("long", "short")]
    assert pair.b_in_a == pytest.approx(1.0)
    assert pair.jaccard < 0.5
    assert result.families[0].original == "long"
    assert result.families[0].reason == "contains the others"


def test_rare_shingle_pairs_skip_common_shingles() -> None:
    common = "the president said on tuesday that"
    texts = [f"{common} alpha beta gamma delta"] + [f"{common} w{i} x{i} y{i} z{i}" for i in range(6)]
    sets = shingle_sets(texts, k=3)
    assert rare_shingle_pairs(sets, min_shared=2, max_df=100).shape[0] == 21
    assert rare_shingle_pairs(sets, min_shared=2, max_df=3).shape[0] == 0


# --- families -----------------------------------------------------------------


def test_family_original_is_earliest_dated() -> None:
    text = "Russian troops massed on the border on Tuesday as talks between the sides stalled again."
    docs = [
        Document("late", [text], date="2021-12-10"),
        Document("early", [text], date="2021-12-08"),
        Document("undated", [text]),
    ]
    result = find_duplicates(docs)
    assert len(result.families) == 1
    fam = result.families[0]
    assert fam.members == ["early", "late", "undated"]
    assert fam.original == "early"
    assert fam.reason == "earliest date"


def test_families_are_connected_components() -> None:
    from dedup.near.neardup import Pair

    docs = [Document(x, ["t"]) for x in "abcdef"]
    pairs = [Pair("a", "b", 0.9, 0.9, 0.9, 9), Pair("b", "c", 0.9, 0.9, 0.9, 9), Pair("d", "e", 0.9, 0.9, 0.9, 9)]
    fams = group_families(docs, pairs)
    assert [f.members for f in fams] == [["a", "b", "c"], ["d", "e"]]


# --- seeds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result():  # type: ignore[no-untyped-def]
    corpus = read_corpus([SEEDS])
    return corpus, find_duplicates(corpus.documents)


def _passage(result, a: str, b: str):  # type: ignore[no-untyped-def]
    return [p for p in result.passages if p.a.startswith(a) and p.b.startswith(b)]


def test_seed_lead_paragraph_shared_by_001_and_004(seed_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seed_result
    found = _passage(result, "001", "004")
    leads = [p for p in found if p.a_paragraph == 0 and p.b_paragraph == 0]
    assert leads, found
    assert leads[0].a_text.startswith("Russian President Vladimir Putin said Tuesday")
    assert leads[0].similarity >= 0.5


def test_seed_black_sea_paragraph_shared_by_000_and_001(seed_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seed_result
    found = [p for p in _passage(result, "000", "001") if "Black Sea" in p.a_text and "Black Sea" in p.b_text]
    assert any("sensitive region for Russia" in p.a_text and "sensitive region for Russia" in p.b_text for p in found)


def test_seed_passages_only_between_different_documents(seed_result) -> None:  # type: ignore[no-untyped-def]
    _, result = seed_result
    assert result.passages
    assert all(p.a < p.b for p in result.passages)


def test_seeds_are_not_near_duplicate_documents(seed_result) -> None:  # type: ignore[no-untyped-def]
    """The seeds share passages, but none is a copy of another as a whole."""
    _, result = seed_result
    assert result.pairs == []
    assert result.families == []


def test_seeds_planted_copy_is_found(tmp_path: Path) -> None:
    """An edited copy of a real seed article is found, and nothing else pairs."""
    rng = random.Random(5)
    original = (SEEDS / "000_da33d2cbb8fe388e.txt").read_text(encoding="utf-8")
    paragraphs = original.split("\n\n")
    del paragraphs[len(paragraphs) // 2]
    words = "\n\n".join(paragraphs).split(" ")
    for i in range(0, len(words), 30):
        j = min(i + rng.randrange(30), len(words) - 1)
        words[j] = "edited"
    (tmp_path / "copy.txt").write_text(" ".join(words), encoding="utf-8")
    for seed in SEEDS.iterdir():
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    corpus = read_corpus([tmp_path])
    result = find_duplicates(corpus.documents)
    assert [(p.a, p.b) for p in result.pairs] == [("000_da33d2cbb8fe388e.txt", "copy.txt")]
    assert result.families[0].original == "000_da33d2cbb8fe388e.txt"


def test_the_kernel_ends_words_where_normalize_folds_on_every_code_point() -> None:
    """The C kernel reads lower-cased text unfolded and ends words at the typographic characters
    normalize folds to ASCII (curly quotes, dashes, odd spaces...): for every code point, next to letters
    and alone between spaces, its shingle sets and signatures equal the numpy path's over folded text."""
    import dedup.near.shingle as sh
    from dedup.near.minhash import SketchParams
    from dedup.near.neardup import sketch_texts

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    points = [*range(0x80, 0x3100), *(c for c in range(0x3100, 0x110000, 89) if not 0xD800 <= c <= 0xDFFF)]
    texts = [f"a{ch}b c{ch} {ch}d e f{ch}{ch}g h" for ch in map(chr, points)]
    try:
        sh._use_fast = True
        fast = sketch_texts(texts, SketchParams())
        sh._use_fast = False
        slow = sketch_texts(texts, SketchParams())
    finally:
        sh._use_fast = True
    assert np.array_equal(fast.sets.values, slow.sets.values) and np.array_equal(fast.sets.offsets, slow.sets.offsets)
    assert np.array_equal(fast.sigs, slow.sigs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=8), st.integers(1, 6), st.integers(0, 2**32))
def test_compiled_hashing_equals_numpy(texts: list[str], k: int, seed: int) -> None:
    """The optional C extension gives the numpy path's hashes bit for bit (skipped when it is not built)."""
    import dedup.near.shingle as sh

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    try:
        sh._use_fast = True
        fast = shingle_sets(texts, k=k, seed=seed)
        sh._use_fast = False
        slow = shingle_sets(texts, k=k, seed=seed)
    finally:
        sh._use_fast = True
    assert np.array_equal(fast.values, slow.values) and np.array_equal(fast.offsets, slow.offsets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text(alphabet=st.sampled_from([*"abcde Z’—.é", "\U0001f600"]), max_size=120), min_size=1, max_size=8),
    st.integers(1, 6),
    st.integers(0, 2**32),
    st.sampled_from([8, 64, 128, 256]),
)
def test_compiled_sketch_equals_numpy(texts: list[str], k: int, seed: int, num_perm: int) -> None:
    """The compiled sketch (sets and densified signatures in one pass) is the numpy path's, bit for bit.

    Short texts with many bins leave bins the first probe table cannot fill (a set of one shingle in 256
    bins): those rows go through the numpy densification and must still agree.
    """
    import dedup.near.shingle as sh
    from dedup.near.minhash import SketchParams, signatures, sketch

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    params = SketchParams(num_perm=num_perm, shingle_size=k, seed=seed)
    try:
        sh._use_fast = True
        fast_sets, fast_sigs = sketch(texts, params)
        sh._use_fast = False
        slow_sets = shingle_sets(texts, k=k, seed=seed)
        slow_sigs = signatures(slow_sets, params)
    finally:
        sh._use_fast = True
    assert np.array_equal(fast_sets.values, slow_sets.values)
    assert np.array_equal(fast_sets.offsets, slow_sets.offsets)
    assert np.array_equal(fast_sigs, slow_sigs)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text(alphabet=st.sampled_from([*"abcd "]), max_size=80), min_size=2, max_size=10),
    st.sampled_from([8, 64, 128]),
    st.floats(0.1, 0.95),
)
def test_compiled_band_keys_and_intersections_equal_numpy(texts: list[str], num_perm: int, threshold: float) -> None:
    """LSH band keys (stored in the index: they must never move) and exact intersections, compiled = numpy."""
    import dedup.near.shingle as sh
    from dedup.near.minhash import SketchParams, band_keys, sketch

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    params = SketchParams(num_perm=num_perm, threshold=threshold)
    sets, sigs = sketch(texts, params)
    pairs = np.array([(i, j) for i in range(len(texts)) for j in range(len(texts))], dtype=np.int64)
    try:
        sh._use_fast = True
        fast_keys = band_keys(sigs, bands=params.bands, rows=params.rows)
        fast_shared = sets.intersections(pairs)
        sh._use_fast = False
        slow_keys = band_keys(sigs, bands=params.bands, rows=params.rows)
        slow_shared = sets.intersections(pairs)
    finally:
        sh._use_fast = True
    assert np.array_equal(fast_keys, slow_keys)
    assert fast_shared.tolist() == slow_shared.tolist()
    assert fast_shared.tolist() == [len(set(sets[i].tolist()) & set(sets[j].tolist())) for i, j in pairs.tolist()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 300), st.integers(1, 6), st.sampled_from([1, 2, 3, 5, 2000]), st.integers(0, 2**32))
def test_compiled_buckets_give_the_candidates_of_sorted_bands(n: int, values: int, max_bucket: int, seed: int) -> None:
    """Candidates from the hash-table buckets equal those of sorting each band, big buckets capped alike."""
    import dedup.near.shingle as sh
    from dedup.near.minhash import EMPTY, candidate_pairs

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, values, size=(n, 16)).astype(np.uint64)  # few values: many shared band keys
    sigs[rng.random(n) < 0.1] = EMPTY  # documents without shingles
    try:
        sh._use_fast = True
        fast = candidate_pairs(sigs, bands=4, rows=4, max_bucket=max_bucket)
        sh._use_fast = False
        slow = candidate_pairs(sigs, bands=4, rows=4, max_bucket=max_bucket)
    finally:
        sh._use_fast = True
    assert np.array_equal(fast, slow)


def test_compiled_sketch_fills_rare_bins_like_numpy() -> None:
    """One shingle in 1,024 bins: the compiled pass leaves most rows to the numpy densification, same result."""
    import dedup.near.shingle as sh
    from dedup.near.minhash import SketchParams, signatures, sketch

    if sh._FAST is None:
        pytest.skip("dedup._fasthash is not built here; the numpy path is used")
    texts = [f"word{i}" for i in range(40)] + ["a long text " * 3000]
    params = SketchParams(num_perm=1024)
    fast_sets, fast_sigs = sketch(texts, params)
    slow_sigs = signatures(fast_sets, params)
    assert np.array_equal(fast_sigs, slow_sigs)
    assert (fast_sigs[:40] != np.iinfo(np.uint64).max).all()  # every bin filled


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from([*"ab Z’‘“”—–…\u00a0\u2009éİß.,'\"-`", "\U0001f600"]), max_size=60))
def test_normalize_folds_exactly_as_the_table_says(text: str) -> None:
    from dedup.near.shingle import _FOLD, normalize

    assert normalize(text) == text.lower().translate(_FOLD)


@given(st.lists(st.lists(text_strategy, max_size=5), max_size=6))
@settings(max_examples=40, deadline=None)
def test_sketches_joined_as_batches_arrive_equal_the_batches_joined_at_once(batches: list[list[str]]) -> None:
    """The builder the runners join worker results with (growing its buffers in place, batch by batch,
    empty batches included) gives the same sketches as joining all batches at the end, and starts again
    empty once built."""
    params = SketchParams()
    parts = [sketch_texts(batch, params) for batch in batches]
    builder = SketchesBuilder(params.num_perm)
    for part in parts:
        builder.add(part)
    built, again = builder.build(), builder.build()
    joined = Sketches.concat(parts, params.num_perm)
    assert built.sigs.shape == joined.sigs.shape
    assert np.array_equal(built.sigs, joined.sigs)
    assert np.array_equal(built.sets.offsets, joined.sets.offsets)
    assert np.array_equal(built.sets.values, joined.sets.values)
    assert len(again.sets) == 0 and again.sigs.shape == (0, params.num_perm)


def test_a_paragraph_in_many_documents_is_boilerplate_not_a_passage() -> None:
    # A syndication notice at the foot of every article: pairing every document that carries it is quadratic
    # (and a scan then aligns every such pair); a paragraph copied between two documents is still found.
    writer = _Writer(11)
    footer = (
        "This article was produced by our newsroom. For corrections, reprints and licensing of this content "
        "please contact the syndication desk, quoting the story number and the date of publication."
    )
    docs = [Document(f"d{i:03d}", [*writer.document()[:3], footer]) for i in range(30)]
    copied = writer.document()[0]
    docs[3] = Document("d003", [*docs[3].paragraphs[:2], copied, footer])
    docs[17] = Document("d017", [copied, *docs[17].paragraphs[1:]])
    result = find_duplicates(docs, max_df=10)
    assert {(p.a, p.b) for p in result.passages} == {("d003", "d017")}
    assert all(footer not in (p.a_text, p.b_text) for p in result.passages)
    # Under the limit the footer is a shared passage as before.
    few = find_duplicates(docs[:8], max_df=10)
    assert len({(p.a, p.b) for p in few.passages}) == 8 * 7 // 2
