"""Every engine gives the same results: one set of cases, run on the local engine and on a real Dask cluster.

The reference is the library run in one process.  The local engine (worker
processes) and the Dask engine (a ``LocalCluster`` of two worker processes,
started once for this module, reached by its scheduler address as a
remote cluster would be) must write the same files for ``scan``, print the
same pairs for ``dupes``, and write the same files and store the same
index for ``batch``.  The corpus is the seed articles plus a synthetic one
with planted edited copies and planted shared paragraphs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dedup.api import scan
from dedup.near.minhash import SketchParams, band_keys, candidate_pairs
from dedup.near.neardup import rare_shingle_pairs, sketch_texts, verify_pairs
from dedup.run.batch import add_to_index, run_batch
from dedup_testing.paths import SEEDS
from dedup_testing.synthetic import _Writer, make_corpus, write_corpus

SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))
OUTPUTS = ("documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "stories.jsonl",
           "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl", "report.html")
ENGINES = ["local", "dask"]


def outputs(out: Path) -> dict[str, str]:
    files = {name: (out / name).read_text(encoding="utf-8") for name in OUTPUTS}
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    run.pop("timings_s")
    files["run.json"] = json.dumps(run, sort_keys=True)
    return files


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def index_content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        q = conn.execute
        return {
            "documents": q("SELECT seq, id, content_hash, title, outlet, date, url, n_paragraphs, n_sentences, batch, "
                           "text, extra FROM documents ORDER BY seq").fetchall(),
            "sketches": q("SELECT * FROM sketches ORDER BY doc").fetchall(),
            "facts": q("SELECT * FROM facts ORDER BY doc").fetchall(),
            "entities": q("SELECT * FROM entities ORDER BY name, doc").fetchall(),
        }
    finally:
        conn.close()


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A real Dask cluster (two worker processes, one thread each); its scheduler address."""
    import logging

    import distributed  # a test dependency (dedup[dask]): missing, these tests fail rather than skip

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as c:
        yield str(c.scheduler_address)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two folders: ``old`` (originals, seeds 000-002) and ``new`` (edited copies, partial copies, seeds 003-004)."""
    root = tmp_path_factory.mktemp("engines")
    synthetic = make_corpus(90, copy_rate=0.4, seed=31)
    write_corpus(synthetic, root / "syn")
    old, new = root / "old", root / "new"
    old.mkdir()
    new.mkdir()
    shutil.move(root / "syn" / "orig", old / "orig")
    shutil.move(root / "syn" / "copy", new / "copy")
    # Short copies: one paragraph of an original inside an otherwise new article (shared passages only).
    writer = _Writer(32)
    (new / "partial").mkdir()
    originals = [i for i, doc_id in enumerate(synthetic.ids) if doc_id.startswith("orig/")]
    for i in originals[:8]:
        body = writer.document()
        body.insert(2, synthetic.texts[i].split("\n\n")[1])
        (new / "partial" / f"{synthetic.ids[i][5:]}").write_text("\n\n".join(body), encoding="utf-8")
    for i, name in enumerate(SEED_IDS):
        shutil.copy(SEEDS / name, (old if i < 3 else new) / name)
    return old, new


@pytest.fixture(scope="module")
def reference(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``scan`` of old and new together, in one process."""
    out = tmp_path_factory.mktemp("reference")
    scan(list(corpus), out, workers=1)
    return out


def _engine_options(engine: str, cluster: str | None) -> dict[str, Any]:
    if engine == "dask":
        return {"engine": "dask", "scheduler": cluster}
    # ten files a task: the corpus's 136 files make 14 tasks, so two worker processes really share them
    return {"engine": "local", "workers": 2, "files_per_task": 10}


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Options that select each engine (the local one with two worker processes)."""
    address = request.getfixturevalue("cluster") if request.param == "dask" else None
    yield _engine_options(request.param, address)


# ---------------------------------------------------------------- scan and dupes


@pytest.fixture(scope="module")
def engine_scan(engine: dict[str, Any], corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"scan-{engine['engine']}")
    scan(list(corpus), out, **engine)
    return out


def test_scan_writes_the_reference_files(engine_scan: Path, reference: Path) -> None:
    got, expected = outputs(engine_scan), outputs(reference)
    for name in expected:
        assert got[name] == expected[name], name


def test_the_local_engine_reads_in_worker_processes(
    corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parity above is not won in one process: with the pool broken, the same run fails."""
    import dedup.pool

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("no worker processes here")

    monkeypatch.setattr(dedup.pool, "ProcessPoolExecutor", broken)
    with pytest.raises(RuntimeError, match="no worker processes"):
        scan(list(corpus), tmp_path / "out", **_engine_options("local", None))


def test_scan_finds_the_planted_copies_and_passages(engine_scan: Path, corpus: tuple[Path, Path]) -> None:
    pairs = {(p["a"], p["b"]) for p in read_jsonl(engine_scan / "pairs.jsonl")}
    copies = {(f"copy/{p.name}", f"orig/{p.name}") for p in (corpus[1] / "copy").glob("*.txt")}
    assert copies and copies <= pairs
    passages = {(p["a"], p["b"]) for p in read_jsonl(engine_scan / "passages.jsonl")}
    partial = {(f"orig/{p.name}", f"partial/{p.name}") for p in (corpus[1] / "partial").glob("*.txt")}
    assert len(partial) == 8 and partial <= passages and not partial & pairs
    assert read_jsonl(engine_scan / "alignments.jsonl") and read_jsonl(engine_scan / "discrepancies.jsonl")


def test_dupes_prints_the_reference_pairs(engine: dict[str, Any], corpus: tuple[Path, Path], reference: Path) -> None:
    args = ["--engine", engine["engine"]]
    args += ["--scheduler", engine["scheduler"]] if engine.get("scheduler") else ["--workers", "2"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "dedup", "dupes", *map(str, corpus), "--format", "jsonl", *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    expected = [{k: p[k] for k in ("a", "b", "jaccard")} for p in read_jsonl(reference / "pairs.jsonl")]
    got = [{k: p[k] for k in ("a", "b", "jaccard")} for p in map(json.loads, proc.stdout.splitlines())]
    assert got == expected


# ---------------------------------------------------------------- batch


@pytest.fixture(scope="module")
def base_index(corpus: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("index") / "base.db"
    add_to_index([corpus[0]], db=db, workers=1)
    return db


@pytest.fixture(scope="module")
def reference_batch(
    corpus: tuple[Path, Path], base_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """``batch`` of the new folder against the index of the old one, in one process: outputs and index."""
    root = tmp_path_factory.mktemp("reference-batch")
    db = root / "index.db"
    shutil.copy(base_index, db)
    run_batch([corpus[1]], db=db, out=root / "out", workers=1)
    return root / "out", db


def test_batch_writes_the_reference_files_and_index(
    engine: dict[str, Any], corpus: tuple[Path, Path], base_index: Path, reference_batch: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    db = tmp_path / "index.db"
    shutil.copy(base_index, db)
    result = run_batch([corpus[1]], db=db, out=tmp_path / "out", **engine)
    assert result.new and not result.seen
    expected_out, expected_db = reference_batch
    got, expected = outputs(tmp_path / "out"), outputs(expected_out)
    for name in expected:
        assert got[name] == expected[name], name
    assert index_content(db) == index_content(expected_db)


def test_batch_finds_what_a_scan_of_everything_finds(reference: Path, reference_batch: tuple[Path, Path]) -> None:
    out, _ = reference_batch
    new = {d["id"] for d in read_jsonl(out / "documents.jsonl") if d["new"]}
    for name in ("pairs.jsonl", "passages.jsonl", "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl"):
        expected = [r for r in read_jsonl(reference / name) if r["a"] in new or r["b"] in new]
        assert read_jsonl(out / name) == expected, name


def test_index_add_stores_the_same_on_every_engine(
    engine: dict[str, Any], corpus: tuple[Path, Path], base_index: Path, tmp_path: Path
) -> None:
    db = tmp_path / "index.db"
    add_to_index([corpus[0]], db=db, **engine)
    assert index_content(db) == index_content(base_index)


# ---------------------------------------------------------------- the Dask stages themselves


def test_dask_stages_equal_the_local_functions(cluster: str) -> None:
    from dedup.run.engines import dask as dask_engine

    params = SketchParams(num_perm=64, threshold=0.5)
    texts = make_corpus(60, copy_rate=0.5, seed=5).texts
    texts += ["the same boilerplate line, repeated by every outlet"] * 30  # one bucket above max_bucket
    sk = sketch_texts(texts, params)
    with dask_engine.connect(cluster) as runner:
        for max_bucket in (2000, 10):
            got = dask_engine.candidate_pairs(runner, sk.sigs, bands=params.bands, rows=params.rows,
                                              max_bucket=max_bucket)
            expected = candidate_pairs(sk.sigs, bands=params.bands, rows=params.rows, max_bucket=max_bucket)
            assert np.array_equal(got, expected)
        rng = np.random.default_rng(0)
        cand = np.sort(rng.integers(0, len(texts), size=(5000, 2)), axis=1)
        for a, b in zip(dask_engine.verify_pairs(runner, sk.sets, cand), verify_pairs(sk.sets, cand)):
            assert np.array_equal(a, b)
        assert dask_engine.sketch_texts(runner, texts, params).sigs.tobytes() == sk.sigs.tobytes()
        paragraphs = [p for t in texts for p in t.split("\n\n")]
        owner = np.repeat(np.arange(len(texts)), [len(t.split("\n\n")) for t in texts])
        sets, keys = dask_engine.sketch_paragraphs(runner, paragraphs, params)
        local = sketch_texts(paragraphs, params)
        assert np.array_equal(sets.values, local.sets.values) and np.array_equal(sets.offsets, local.sets.offsets)
        assert np.array_equal(keys, band_keys(local.sigs, bands=params.bands, rows=params.rows))
        for min_shared, max_df, by in ((5, 100, owner), (1, 3, None), (2, 1000, owner)):
            got = dask_engine.rare_shingle_pairs(runner, sets, min_shared=min_shared, max_df=max_df, owner=by)
            expected = rare_shingle_pairs(local.sets, min_shared=min_shared, max_df=max_df, owner=by)
            assert np.array_equal(got, expected) and len(expected)


def test_find_runs_on_a_client_the_caller_keeps(cluster: str, corpus: tuple[Path, Path]) -> None:
    """find(engine="dask", client=...) gives the local result on the caller's client and leaves it open."""
    import distributed

    from dedup.errors import ParameterError
    from dedup.run.pipeline import find

    local = find(list(corpus), workers=1)
    with distributed.Client(cluster, set_as_default=False) as client:
        for _ in range(2):  # the second call runs on the same, still open client
            got = find(list(corpus), engine="dask", client=client)
            assert [p.record() for p in got.duplicates.pairs] == [p.record() for p in local.duplicates.pairs]
            assert [p.record() for p in got.duplicates.passages] == [p.record() for p in local.duplicates.passages]
        assert client.status == "running"
        with pytest.raises(ParameterError, match="engine='dask'"):
            find(list(corpus), client=client)
        with pytest.raises(ParameterError, match="no scheduler"):
            find(list(corpus), engine="dask", scheduler=cluster, client=client)


def test_without_dask_the_engine_says_how_to_install_it(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None\n"
        "from dedup.cli import main\n"
        f"sys.exit(main(['scan', {str(SEEDS)!r}, '--out', {str(tmp_path / 'out')!r}, '--engine', 'dask']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "pip install 'dedup[dask]'" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_dask_is_imported_only_when_asked_for(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from dedup.cli import main\n"
        f"rc = main(['batch', {str(SEEDS)!r}, '--db', {str(tmp_path / 'i.db')!r}, '--out', {str(tmp_path / 'o')!r},"
        " '--workers', '1', '--quiet'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print(rc, loaded)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "0 []", proc.stderr


def _refault_pages(block: int = 512 * 1024, blocks: int = 64) -> int:
    """Page faults taken when ``blocks`` blocks are allocated and written again after being freed."""
    import resource

    def fill() -> None:
        held = [bytearray(block) for _ in range(blocks)]
        for b in held:
            b[::4096] = b"\x01" * len(b[::4096])
        del held

    fill()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    fill()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None, reason="glibc mallopt"
)
def test_pool_workers_keep_freed_memory_for_the_next_task() -> None:
    """A task's freed memory stays with the worker: writing 32 MB again after freeing it takes almost no
    page faults there, where a process with glibc's default settings gives it back and faults it all in again."""
    import multiprocessing

    from dedup.pool import worker_pool

    with worker_pool(1) as pool:
        in_worker = pool.submit(_refault_pages).result()
    with multiprocessing.get_context("spawn").Pool(1) as plain:  # a fresh interpreter, default malloc
        default = plain.apply(_refault_pages)
    assert default >= 4000  # 32 MB of 4 KiB pages faulted in again
    assert in_worker < default / 8


def test_a_library_run_leaves_the_callers_objects_to_the_collector() -> None:
    """In a library caller's process nothing is frozen: a cycle the caller held during the run and drops
    after it is collected."""
    import gc
    import weakref

    from dedup.pool import paused_gc

    class Node:
        other: Node | None = None

    held = Node()
    held.other = held
    alive = weakref.ref(held)
    with paused_gc():
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    del held
    gc.collect()
    assert alive() is None
    assert made[0] == [0]


def test_a_one_shot_process_leaves_what_a_run_made_out_of_later_collections() -> None:
    """In the command line's process (freeze_after_pause) what the run built while the collector was
    paused is not walked by the collections after it; the collector is on again and collects cyclic
    garbage made afterwards."""
    code = """
import gc, weakref
from dedup.pool import freeze_after_pause, paused_gc
class Node:
    other = None
freeze_after_pause()
with paused_gc():
    made = [[i] for i in range(1000)]
assert gc.isenabled()
walked = {id(o) for o in gc.get_objects()}
assert id(made) not in walked and id(made[0]) not in walked
a, b = Node(), Node()
a.other, b.other = b, a
gone = weakref.ref(a)
del a, b
gc.collect()
assert gone() is None
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_workers_start_reading_while_the_folders_are_still_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The local engine hands the first batches of files to the workers while the rest are being listed.

    The first file is a named pipe (handed to the engine as a file, past discover's check): a worker that
    opens it waits for a writer.  The listing writes the article into it once it sees a reader there, and
    only then lists the rest, so a reader can only appear if a worker started before the listing ended.
    The result is the same as for plain files."""
    import threading
    import time

    import dedup.run.engines.local as local
    from dedup.ingest.files import Source, iter_sources

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(40):
        text = f"Article {i}: troops were seen near the border on day {i}, officials said. Talks resume soon."
        (corpus / f"{i:03d}.txt").write_text(text, "utf-8")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    article = "A piped report about the weather and the harbour, written while the rest was listed. " * 3
    reader_seen = threading.Event()

    def write(fd: int) -> None:
        os.set_blocking(fd, True)
        os.write(fd, article.encode())
        os.close(fd)

    def write_once_read(deadline_s: float) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO while nobody reads the pipe
            except OSError:
                time.sleep(0.01)
                continue
            reader_seen.set()
            write(fd)
            return
        # no reader came: write once one does, so that a run that lists everything first still ends
        threading.Thread(target=lambda: write(os.open(pipe, os.O_WRONLY)), daemon=True).start()

    def listing(paths: list[Path]) -> Iterator[Source]:
        files = list(iter_sources(paths))
        yield Source(str(pipe), "pipe.txt", None)
        yield from files[:9]  # two batches of five, both handed out before the rest is listed
        write_once_read(30.0)
        yield from files[9:]

    monkeypatch.setattr(local, "iter_sources", listing)
    params = SketchParams()
    loaded = local.load_corpus([corpus], params=params, workers=2, files_per_task=5)
    assert reader_seen.is_set(), "no worker opened the first file before the listing ended"
    assert [d.id for d in loaded.corpus.documents] == ["pipe.txt", *[f"{i:03d}.txt" for i in range(40)]]
    monkeypatch.undo()
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "pipe.txt").write_text(article, "utf-8")
    plain = local.load_corpus([tmp_path / "plain" / "pipe.txt", corpus], params=params, workers=1)
    assert [d.id for d in plain.corpus.documents] == [d.id for d in loaded.corpus.documents]
    assert np.array_equal(plain.sketches.sigs, loaded.sketches.sigs)


def test_a_folder_with_no_articles_after_others_raises_while_the_workers_read(tmp_path: Path) -> None:
    """A later folder with no articles is found while the workers already read the first one: the error
    comes out of the pool's submission, as the usual one-line error, and the run ends (the batches not
    started are cancelled; that only saves time, and is not measured here)."""
    from dedup.errors import InputError
    from dedup.run.engines.local import load_corpus

    first = tmp_path / "first"
    first.mkdir()
    for i in range(3000):
        (first / f"{i:04d}.txt").write_text(f"Report {i}: the harbour reopened on day {i}, officials said.", "utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    (empty / "README.md").write_text("About this folder.", "utf-8")
    with pytest.raises(InputError, match=r"no articles in .*empty.*skipped 1: 1 documentation"):
        load_corpus([first, empty], params=SketchParams(), workers=2, files_per_task=5)
