"""The persistent index and nightly batches: storage, idempotence, crashes, concurrent writers, expiry.

The crash and concurrency tests run ``python -m dedup`` as subprocesses
and kill them with SIGKILL, the way a node dies; afterwards the SQLite
file must pass ``PRAGMA integrity_check`` and hold the documents of before
or of after the batch, never a part, and a rerun must end where a clean
run ends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dedup.errors import DedupError
from dedup.near.lsh import LSH, shingle_partners
from dedup.near.minhash import SketchParams, candidate_pairs
from dedup.near.neardup import sketch_texts
from dedup.near.shingle import shingle_sets
from dedup.run.batch import add_to_index, run_batch
from dedup.run.index import Index, IndexBusyError, content_hash
from dedup_testing.paths import SEEDS
from dedup_testing.synthetic import edit_copy, make_corpus, write_corpus

SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))
OUTPUTS = ("documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "stories.jsonl",
           "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl", "report.html")


def dedup_cli(*args: str | Path, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "dedup", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, **kwargs)


def run_cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    proc = dedup_cli(*args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def index_content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything in the index but the clock times."""
    return {
        "documents": table(db, "SELECT seq, id, content_hash, title, outlet, date, url, n_paragraphs, n_sentences, "
                               "batch, text, extra FROM documents ORDER BY seq"),
        "sketches": table(db, "SELECT * FROM sketches ORDER BY doc"),
        "facts": table(db, "SELECT * FROM facts ORDER BY doc"),
        "entities": table(db, "SELECT * FROM entities ORDER BY name, doc"),
        "batches": table(db, "SELECT id, key, kind, before_doc, n_inputs, n_new, n_seen FROM batches ORDER BY id"),
        "meta": table(db, "SELECT * FROM meta WHERE key NOT IN ('created_at') ORDER BY key"),
    }


def outputs(out: Path) -> dict[str, str]:
    files = {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    run.pop("timings_s")
    files["run.json"] = json.dumps(run, sort_keys=True)
    return files


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- storage


@pytest.fixture(scope="module")
def seeds_split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Seeds 000-002 to index first; 003-004, an exact copy of 000 and an edited copy of 001 as the batch."""
    root = tmp_path_factory.mktemp("seeds")
    old, new = root / "old", root / "new"
    old.mkdir()
    (new / "wire").mkdir(parents=True)
    for name in SEED_IDS[:3]:
        shutil.copy(SEEDS / name, old / name)
    for name in SEED_IDS[3:]:
        shutil.copy(SEEDS / name, new / name)
    shutil.copy(SEEDS / SEED_IDS[0], new / "wire" / "exact.txt")
    paragraphs = (SEEDS / SEED_IDS[1]).read_text(encoding="utf-8").split("\n\n")
    edited = edit_copy(paragraphs, np.random.default_rng(4), drop_paragraphs=1, word_change_rate=0.02)
    (new / "wire" / "edited.txt").write_text("\n\n".join(edited), encoding="utf-8")
    return old, new


def test_index_add_stores_each_article_once(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, _ = seeds_split
    db = tmp_path / "index.db"
    first = add_to_index([old], db=db, workers=1)
    again = add_to_index([old, old], db=db, workers=1)
    assert sorted(first.new) == SEED_IDS[:3] and not first.seen
    assert again.new == [] and len(again.seen) == 6
    rows = table(db, "SELECT id, content_hash, n_paragraphs, n_sentences, title, outlet, date, added_at, text "
                     "FROM documents ORDER BY id")
    assert [r[0] for r in rows] == SEED_IDS[:3]
    for r in rows:
        assert r[1] == content_hash(r[8]) and 0 < r[2] <= r[3] and r[6] and r[7]
    assert table(db, "PRAGMA journal_mode") == [("wal",)]
    assert table(db, "PRAGMA integrity_check") == [("ok",)]
    assert table(db, "SELECT COUNT(*), MIN(length(signature)), MAX(length(signature)) FROM sketches") == [
        (3, 128 * 8, 128 * 8)
    ]
    assert table(db, "SELECT COUNT(*) FROM sketches WHERE length(shingles) % 8 = 0 AND length(shingles) > 800") == [(3,)]
    facts = json.loads(table(db, "SELECT facts FROM facts LIMIT 1")[0][0])
    assert {"kind", "text", "sentence"} <= set(facts[0])
    meta = dict(table(db, "SELECT key, value FROM meta"))
    assert (meta["num_perm"], meta["shingle_size"], meta["seed"], meta["schema_version"]) == ("128", "3", "1", "1")


def test_stored_documents_come_back_the_same(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    from dedup.run.engines.local import load_corpus

    old, _ = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    loaded = load_corpus([old], params=SketchParams(), workers=1)
    with Index.open(db) as idx:
        seqs, sigs = idx.signatures()
        docs = idx.documents(seqs.tolist())
        sk = idx.sketches(seqs.tolist())
    assert [d.record() for d in docs] == [d.record() for d in loaded.corpus.documents]
    assert (sigs == loaded.sketches.sigs).all() and (sk.sigs == sigs).all()
    assert (sk.sets.values == loaded.sketches.sets.values).all()


def test_stats_prints_counts_and_parameters(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, _ = seeds_split
    db = tmp_path / "index.db"
    added = run_cli("index", "add", old, "--db", db)
    assert added.returncode == 0, added.stderr
    assert "3 new documents" in added.stderr and added.stdout == ""
    stats = run_cli("index", "stats", "--db", db, "--format", "json")
    assert stats.returncode == 0, stats.stderr
    record = json.loads(stats.stdout)
    assert record["documents"] == 3 and record["batches"] == 1 and record["facts"] > 0
    assert record["sketch"]["num_perm"] == 128 and record["sketch"]["shingle_size"] == 3
    shown = run_cli("index", "stats", "--db", db)
    assert "documents" in shown.stdout and "num_perm" in shown.stdout


def test_each_batch_records_the_settings_it_ran_with(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    """The index keeps every batch's settings (as run.json does), and a pre-table index gains them."""
    from dedup.run.index import check_index
    from dedup.settings import Settings

    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old / SEED_IDS[0]], db=db, workers=1, settings=Settings(threshold=0.6, story_threshold=0.4))
    # an index written before batch_settings existed: drop the table, as such a file lacks it
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE batch_settings")
    with Index.open(db) as idx:
        assert idx.batch_settings() == [] and idx.stats()["settings"] is None
    assert check_index(db).problems == []
    add_to_index([new], db=db, workers=1, settings=Settings(threshold=0.7))
    with Index.open(db) as idx:
        recorded = idx.batch_settings()
        stats = idx.stats()
    assert [b for b, _ in recorded] == [2]
    expected = Settings(threshold=0.7).record()
    assert recorded[0][1] == json.loads(json.dumps(expected))
    assert stats["settings"]["threshold"] == 0.7 and "workers" not in stats["settings"]
    assert check_index(db).problems == []
    shown = run_cli("index", "stats", "--db", db)
    assert "settings threshold" in shown.stdout and "0.7" in shown.stdout
    with sqlite3.connect(db) as conn:  # a settings row of a batch that is gone is reported
        conn.execute("INSERT INTO batch_settings (batch, settings) VALUES (99, '{}')")
    assert any("settings of a batch that is not recorded: 1 (batch 99)" in p for p in check_index(db).problems)
    with sqlite3.connect(db) as conn:  # a damaged row: check reports it, stats shows the latest readable one
        conn.execute("DELETE FROM batch_settings WHERE batch = 99")
        conn.execute("INSERT INTO batches (key, kind, before_doc, n_inputs, n_new, n_seen, started_at, finished_at)"
                     " VALUES ('k3', 'add', 0, 0, 0, 0, 'x', 'x')")
        conn.execute("INSERT INTO batch_settings (batch, settings) VALUES (3, 'garbage')")
    with Index.open(db) as idx:
        assert idx.stats()["settings"]["threshold"] == 0.7
    assert any("batch settings that are not a JSON object: 1 (batch 3)" in p for p in check_index(db).problems)


def test_settings_beyond_json_numbers_are_recorded_readably(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    """--max-file-mb inf is a setting like any other: recorded as "inf", and the index stays sound."""
    from dedup.run.index import check_index
    from dedup.settings import Settings

    old, _ = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old / SEED_IDS[0]], db=db, workers=1, settings=Settings(max_file_mb=float("inf")))
    assert check_index(db).problems == []
    with Index.open(db) as idx:
        assert idx.stats()["settings"]["max_file_mb"] == "inf"


@pytest.mark.parametrize(
    ("option", "fix"),
    [(("--num-perm", "64"), "--num-perm 128"), (("--seed", "7"), "--seed 1"), (("--shingle-size", "4"), "--shingle-size 3")],
)
def test_other_sketch_parameters_fail_naming_the_fix(
    tmp_path: Path, seeds_split: tuple[Path, Path], option: tuple[str, str], fix: str
) -> None:
    old, _ = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old / SEED_IDS[0]], db=db, workers=1)
    with pytest.raises(DedupError, match=f"{fix}.*--db NEW.db"):
        Index.open(db, **{option[0].lstrip("-").replace("-", "_"): int(option[1])})
    proc = run_cli("index", "add", old, "--db", db, *option)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and fix in proc.stderr, proc.stderr
    assert table(db, "SELECT COUNT(*) FROM documents") == [(1,)]


def test_files_that_are_not_an_index_are_refused(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database at all " * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    for path in (text, other):
        proc = run_cli("index", "add", seeds_split[0], "--db", path)
        assert proc.returncode == 2 and "not a dedup index" in proc.stderr and "--db" in proc.stderr, proc.stderr
    missing = run_cli("index", "stats", "--db", tmp_path / "missing.db")
    assert missing.returncode == 2 and "dedup index add" in missing.stderr


# ---------------------------------------------------------------- LSH and candidates


def test_lsh_from_stored_signatures_finds_what_banding_the_union_finds() -> None:
    params = SketchParams()
    corpus = make_corpus(120, copy_rate=0.5, seed=8)
    copies = {b for _, b in corpus.planted}
    order = [i for i in range(len(corpus.texts)) if i not in copies] + sorted(copies)  # indexed first, then new
    sk = sketch_texts([corpus.texts[i] for i in order], params)
    n_old = len(order) - len(copies)
    lsh = LSH(sk.sigs[:n_old], bands=params.bands, rows=params.rows)
    got = {(int(q) + n_old, int(o)) for q, o in lsh.query(sk.sigs[n_old:]).tolist()}
    every = candidate_pairs(sk.sigs, bands=params.bands, rows=params.rows).tolist()
    expected = {(j, i) for i, j in every if i < n_old <= j}
    assert got == expected and len(expected) >= len(copies)


def test_shared_shingle_partners_match_a_brute_force_count() -> None:
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(60)]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(3, 40)))) for _ in range(80)]
    sets = shingle_sets(texts, k=2)
    new, old = list(range(60, 80)), list(range(60))
    df: dict[int, int] = {}
    for i in range(80):
        for v in sets[i].tolist():
            df[v] = df.get(v, 0) + 1
    for min_shared, max_df in ((1, 100), (3, 6), (2, 3)):
        expected = {
            o for o in old for n in new
            if sum(1 for v in set(sets[o].tolist()) & set(sets[n].tolist()) if df[v] <= max_df) >= min_shared
        }
        from dedup.near.lsh import take_sets

        chunks = iter([(np.arange(0, 30), take_sets(sets, range(30))), (np.arange(30, 60), take_sets(sets, range(30, 60)))])
        got = shingle_partners(take_sets(sets, new), chunks, min_shared=min_shared, max_df=max_df)
        assert got == expected


# ---------------------------------------------------------------- batches


def test_batch_reports_new_against_indexed_and_seen_inputs(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    result = run_batch([new], db=db, out=tmp_path / "out", workers=1)
    assert result.seen == [("wire/exact.txt", SEED_IDS[0])]
    assert sorted(result.new) == sorted([*SEED_IDS[3:], "wire/edited.txt"])
    pairs = read_jsonl(tmp_path / "out" / "pairs.jsonl")
    assert {(p["a"], p["b"]) for p in pairs} == {(SEED_IDS[1], "wire/edited.txt")}
    docs = read_jsonl(tmp_path / "out" / "documents.jsonl")
    assert [d["id"] for d in docs if d["new"]] == result.new
    assert SEED_IDS[1] in {d["id"] for d in docs if not d["new"]}
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run["batch"]["already_seen"] == [{"id": "wire/exact.txt", "indexed_as": SEED_IDS[0]}]
    assert table(db, "SELECT COUNT(*) FROM documents") == [(6,)]
    # Everything about the seed stories that involves a new document (seeds 003, 004 against 000-002).
    found = read_jsonl(tmp_path / "out" / "discrepancies.jsonl")
    assert found and all({d["a"], d["b"]} & set(result.new) for d in found)
    # The report lists the same fact in another form too ("neighbour" / "neighbor" in 001 and 004), behind its
    # filter, as scan's does: batch runs the same comparison.
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'data-relation="same fact" hidden>' in page


def test_a_rerun_gives_the_same_output_and_stores_nothing_twice(
    tmp_path: Path, seeds_split: tuple[Path, Path]
) -> None:
    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    run_batch([new], db=db, out=tmp_path / "first", workers=1)
    content = index_content(db)
    again = run_batch([new], db=db, out=tmp_path / "again", workers=1)
    assert again.rerun
    assert outputs(tmp_path / "first") == outputs(tmp_path / "again")
    assert index_content(db) == content


def test_new_ids_taken_by_other_articles_are_renamed(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, _ = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    other = tmp_path / "other"
    other.mkdir()
    (other / SEED_IDS[0]).write_text("A different article entirely, about harvests in the south.", encoding="utf-8")
    result = add_to_index([other], db=db, workers=1)
    assert result.renamed == [(SEED_IDS[0], f"{SEED_IDS[0]}#2")]
    assert table(db, f"SELECT COUNT(*) FROM documents WHERE id LIKE '{SEED_IDS[0]}%'") == [(2,)]


def test_keep_days_expires_old_documents(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    dates = dict(table(db, "SELECT id, date FROM documents"))
    today = dt.date(2022, 1, 25)
    keep = 30
    result = add_to_index([new / SEED_IDS[3]], db=db, workers=1, keep_days=keep, today=today)
    cutoff = (today - dt.timedelta(days=keep)).isoformat()
    gone = sorted(i for i, d in dates.items() if d < cutoff)
    assert gone and result.expired == len(gone)
    left = {r[0] for r in table(db, "SELECT id FROM documents")}
    assert not left & set(gone) and SEED_IDS[3] in left
    for name in ("sketches", "facts", "entities"):
        assert table(db, f"SELECT COUNT(*) FROM {name} WHERE doc NOT IN (SELECT seq FROM documents)") == [(0,)]


# ---------------------------------------------------------------- crashes and concurrent writers


@pytest.fixture(scope="module")
def nightly(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An index of 100 synthetic articles and a batch of ~170 new ones (edited copies of indexed ones and fresh ones).

    The copies have the ids of their originals (``0000042.txt``), so they are stored renamed (``#2``).
    """
    root = tmp_path_factory.mktemp("nightly")
    corpus = make_corpus(100, copy_rate=0.6, seed=21)
    write_corpus(corpus, root / "all")
    base = root / "all" / "orig"
    batch = root / "batch"
    shutil.move(root / "all" / "copy", batch)
    write_corpus(make_corpus(110, copy_rate=0.0, seed=22), batch / "fresh")
    db = root / "base.db"
    add_to_index([base], db=db, workers=1)
    return db, batch


def _lock_held(db: Path) -> bool:
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _kill_when(proc: subprocess.Popen[str], ready: Any, limit: float = 60) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it ended first."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.communicate()
            return True
        time.sleep(0.01)
    raise AssertionError("the batch neither finished nor reached the point to kill it")


@pytest.fixture
def killed_later(request: pytest.FixtureRequest) -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.communicate()


def test_a_batch_killed_at_any_moment_leaves_the_index_consistent(
    tmp_path: Path, nightly: tuple[Path, Path], killed_later: list[subprocess.Popen[str]]
) -> None:
    base, batch = nightly
    clean_db, db = tmp_path / "clean.db", tmp_path / "crash.db"
    shutil.copy(base, clean_db)
    shutil.copy(base, db)
    before = table(db, "SELECT COUNT(*) FROM documents")[0][0]
    t0 = time.monotonic()
    clean = run_cli("batch", batch, "--db", clean_db, "--out", tmp_path / "clean", "--workers", "1")
    clean_s = time.monotonic() - t0
    assert clean.returncode == 0, clean.stderr
    after = table(clean_db, "SELECT COUNT(*) FROM documents")[0][0]
    assert after > before

    wal = Path(f"{db}-wal")

    def wal_bytes() -> int:  # the WAL comes and goes (a batch that ends checkpoints and removes it)
        try:
            return wal.stat().st_size
        except FileNotFoundError:
            return 0

    wal_size = wal_bytes()

    def reading(start: float) -> bool:
        return time.monotonic() - start > min(1.0, clean_s / 4)

    def locked(start: float) -> bool:
        return _lock_held(db)

    def writing(start: float) -> bool:  # pages of the new documents reach the WAL before the commit
        return wal_bytes() > wal_size + 256 * 1024

    killed = []
    for name, ready in (("while reading", reading), ("holding the write lock", locked), ("writing", writing)):
        proc = dedup_cli("batch", batch, "--db", db, "--out", tmp_path / "crash", "--workers", "1")
        killed_later.append(proc)
        start = time.monotonic()
        if _kill_when(proc, lambda ready=ready, start=start: ready(start)):
            killed.append(name)
        assert table(db, "PRAGMA integrity_check") == [("ok",)], name
        count = table(db, "SELECT COUNT(*) FROM documents")[0][0]
        assert count in (before, after), name
        for t in ("sketches", "facts"):
            assert table(db, f"SELECT COUNT(*) FROM {t}") == [(count,)], (name, t)
    assert "while reading" in killed and "holding the write lock" in killed, killed

    final = run_cli("batch", batch, "--db", db, "--out", tmp_path / "crash", "--workers", "1")
    assert final.returncode == 0, final.stderr
    assert index_content(db) == index_content(clean_db)
    assert outputs(tmp_path / "crash") == outputs(tmp_path / "clean")
    assert not list((tmp_path / "crash").glob(".*"))


def test_a_second_writer_waits_then_fails_with_a_clear_message(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        t0 = time.monotonic()
        proc = run_cli("index", "add", new, "--db", db, "--wait", "0.5")
        assert time.monotonic() - t0 >= 0.5
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and "in use by another dedup process" in proc.stderr
        assert "--wait" in proc.stderr and "Traceback" not in proc.stderr
        with pytest.raises(IndexBusyError), Index.open(db, wait=0.1) as idx, idx.transaction():
            pass
        waiting = dedup_cli("index", "add", new, "--db", db, "--wait", "60")
        time.sleep(1.0)
        assert waiting.poll() is None  # it waits for the lock
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert table(db, "SELECT COUNT(*) FROM documents") == [(6,)]


def test_two_batches_at_once_store_everything_once(tmp_path: Path, seeds_split: tuple[Path, Path]) -> None:
    old, new = seeds_split
    db = tmp_path / "index.db"
    add_to_index([old], db=db, workers=1)
    procs = [dedup_cli("batch", new, "--db", db, "--out", tmp_path / f"out{i}", "--workers", "1") for i in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert table(db, "PRAGMA integrity_check") == [("ok",)]
    assert table(db, "SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM documents") == [(6, 6)]
    assert table(db, "SELECT COUNT(*) FROM batches WHERE kind = 'batch'") == [(1,)]
    # The one that ran second replayed the first one's batch: the same findings.
    assert outputs(tmp_path / "out0") == outputs(tmp_path / "out1")


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (["index", "add"], ["--db", "--keep-days", "--wait", "--engine", "--scheduler", "--num-perm"]),
        (["index", "stats"], ["--db", "--format"]),
        (["batch"], ["--db", "--out", "--keep-days", "--wait", "--engine", "--scheduler", "--threshold"]),
        (["dupes"], ["--engine", "--scheduler"]),
    ],
)
def test_help_lists_the_options_the_docs_name(
    command: list[str], options: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dedup.cli import main

    monkeypatch.setenv("COLUMNS", "200")
    assert main([*command, "--help"]) == 0
    shown = capsys.readouterr().out
    for option in options:
        assert f"{option} " in shown, option
    if "--engine" in options:
        assert "local|dask" in shown
