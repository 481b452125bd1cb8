"""How the Dask engine scales: synthetic news corpora of growing size, documents/s and peak memory.

For each size in ``--sizes`` this script

1. builds a synthetic corpus of exactly that many documents with
   :func:`dedup_testing.synthetic.make_corpus` (a share of the originals get an
   edited copy) and writes it as ``.txt`` files into a temporary folder;
2. runs, in a child process, the engine's stages over it: reading and
   sketching (``dedup.run.engines.dask.load_corpus``), near-duplicate documents
   and passages (``dedup.run.engines.dask.find_duplicates``: signatures, LSH
   banding, exact verification, paragraph candidates) and the sentence
   alignment of every pair found (``dedup.run.engines.dask.align_pairs``), on a
   LocalCluster of ``--workers`` processes (or ``--scheduler ADDRESS``);
   story grouping and fact comparison are left out: they run on the client,
   and story grouping is timed on its own by ``bench/bench_stories.py``;
3. measures wall seconds per stage and in all, documents/s, and peak
   memory: the RSS of the child and all its descendants (the cluster's
   worker processes), summed and polled every 50 ms;
4. prints a table, with how cost grows from one size to the next (time
   ratio divided by size ratio: 1.0 is linear), and writes everything to
   ``bench/results/scale-<engine>-<passages|documents>-<size>.json``.

This is a benchmark, not a test.  Quick check:
``python3 bench/bench_scale.py --sizes 2000 4000``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
POLL_S = 0.05


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- child: the measured run


def child(corpus_dir: Path, out: Path, engine: str, workers: int, scheduler: str | None, passages: bool) -> None:
    """Run the engine's stages over ``corpus_dir``; write timings and counts to ``out``."""
    t_start = time.perf_counter()
    from dedup.near.minhash import SketchParams

    params = SketchParams(threshold=0.5)
    stages: dict[str, float] = {}
    current: list[Any] = [time.perf_counter(), "imports"]

    def stage(name: str) -> None:
        """Close the stage under way and start ``name`` (find_duplicates calls it as each stage starts)."""
        now = time.perf_counter()
        stages[current[1]] = stages.get(current[1], 0.0) + now - current[0]
        current[:] = [now, name]

    stage("cluster start")
    if engine == "dask":
        from dedup.run.engines import dask as dask_engine

        ctx: Any = dask_engine.connect(scheduler, workers=workers)
    else:
        ctx = contextlib.nullcontext(None)
    with ctx as runner:
        stage("read and sketch")
        if engine == "dask":
            loaded = dask_engine.load_corpus([corpus_dir], params=params, runner=runner)
        else:
            from dedup.run.engines.local import load_corpus

            loaded = load_corpus([corpus_dir], params=params, workers=workers)
        docs = loaded.corpus.documents
        if engine == "dask":
            result = dask_engine.find_duplicates(docs, runner=runner, params=params, passages=passages,
                                                 doc_sketches=loaded.sketches, on_stage=stage)
        else:
            from dedup.near.neardup import find_duplicates

            result = find_duplicates(docs, params=params, passages=passages, doc_sketches=loaded.sketches,
                                     on_stage=stage)
        stage("alignment")
        if engine == "dask":
            alignments = dask_engine.align_pairs(runner, docs, result)
        else:
            from dedup.run.jobs import align_pairs

            alignments = align_pairs(docs, result)
        stage("end")
        engine_s = time.perf_counter() - t_start
    pairs = {frozenset((p.a, p.b)) for p in result.pairs}
    planted = {frozenset((f"orig/{d.id[5:]}", d.id)) for d in docs if d.id.startswith("copy/")}
    record = {
        "documents": len(docs),
        "bytes": sum(len(d.text.encode("utf-8")) for d in docs),
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "engine_s": round(engine_s, 3),
        "pairs": len(result.pairs),
        "passages": len(result.passages),
        "aligned_links": sum(len(a.alignment.links) for a in alignments),
        "planted": len(planted),
        "planted_found": len(planted & pairs),
        "stats": result.stats,
    }
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- parent: corpus and measuring


def build_corpus(size: int, seed: int, root: Path) -> int:
    """Write a synthetic corpus of exactly ``size`` documents under ``root``; returns its bytes."""
    import inspect

    from dedup_testing.synthetic import SyntheticCorpus, make_corpus, write_corpus

    copy_rate: float = inspect.signature(make_corpus).parameters["copy_rate"].default
    n_originals = math.ceil(size / (1 + copy_rate) * 1.03) + 50
    while True:
        corpus = make_corpus(n_originals, seed=seed)
        if len(corpus.texts) >= size:
            break
        n_originals = int(n_originals * 1.1) + 50
    cut = SyntheticCorpus(corpus.texts[:size], corpus.ids[:size], [])
    write_corpus(cut, root)
    return sum(len(t.encode("utf-8")) for t in cut.texts)


class TreeMemory(threading.Thread):
    """Polls the summed RSS of a process and all its descendants; keeps the maximum."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        while not self._halt.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._halt.wait(POLL_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def measure(size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    corpus_dir = work / f"corpus-{size}"
    if not corpus_dir.exists():
        log(f"writing a corpus of {size:,} documents")
        t = time.perf_counter()
        build_corpus(size, args.seed, corpus_dir)
        log(f"  written in {time.perf_counter() - t:.0f} s")
    out = work / f"child-{size}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus_dir), "--child-out", str(out),
           "--engine", args.engine, "--workers", str(args.workers)]
    if args.scheduler:
        cmd += ["--scheduler", args.scheduler]
    if not args.passages:
        cmd += ["--no-passages"]
    log(f"running the {args.engine} engine over {size:,} documents")
    t0 = time.perf_counter()
    popen = subprocess.Popen(cmd)
    monitor = TreeMemory(popen.pid)
    monitor.start()
    code = popen.wait()
    wall = time.perf_counter() - t0
    monitor.stop()
    if code != 0:
        raise SystemExit(f"the run over {size} documents failed (exit {code})")
    record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    record.update(size=size, wall_s=round(wall, 3), peak_rss_mb=round(monitor.peak / 1e6, 1),
                  docs_per_s=round(size / wall, 1), engine_docs_per_s=round(size / record["engine_s"], 1))
    if not args.keep:
        shutil.rmtree(corpus_dir, ignore_errors=True)
    return record


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=BENCH).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=BENCH).stdout)
    return {
        "python": platform.python_version(),
        "dedup": version("dedup"),
        "dask": version("dask"),
        "distributed": version("distributed"),
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "load_avg": os.getloadavg(),
        "git_commit": commit,
        "git_dirty": dirty,
    }


def table(records: list[dict[str, Any]]) -> str:
    stage_names = ["cluster start", "read and sketch", "candidates", "passages", "verify", "alignment"]
    head = ["documents", "wall s", "docs/s", "peak MB", *[f"{s} s" for s in stage_names], "pairs", "recall",
            "growth"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    previous = None
    for r in records:
        growth = "—"
        if previous is not None:
            growth = f"{(r['engine_s'] / previous['engine_s']) / (r['size'] / previous['size']):.2f}"
        recall = r["planted_found"] / r["planted"] if r["planted"] else 1.0
        cells = [f"{r['size']:,}", f"{r['wall_s']:.1f}", f"{r['docs_per_s']:,.0f}", f"{r['peak_rss_mb']:,.0f}",
                 *[f"{r['stages_s'].get(s, 0.0):.1f}" for s in stage_names], f"{r['pairs']:,}", f"{recall:.3f}",
                 growth]
        lines.append("| " + " | ".join(cells) + " |")
        previous = r
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engine", choices=["dask", "local"], default="dask")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scheduler", default=None, help="a Dask scheduler address instead of a LocalCluster")
    parser.add_argument("--no-passages", dest="passages", action="store_false", help="document level only")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tmp-dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the corpora")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.child_out, args.engine, args.workers, args.scheduler, args.passages)
        return
    results_dir = BENCH / "results"
    results_dir.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dedup-scale-", dir=args.tmp_dir))
    records = []
    try:
        for size in sorted(args.sizes):
            record = measure(size, args, work)
            record["environment"] = environment()
            record["settings"] = {"engine": args.engine, "workers": args.workers, "scheduler": args.scheduler,
                                  "passages": args.passages, "seed": args.seed}
            mode = "passages" if args.passages else "documents"
            name = f"scale-{args.engine}-{mode}-{size}.json"
            (results_dir / name).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            records.append(record)
            log(f"  {size:,} documents: {record['wall_s']:.1f} s, {record['docs_per_s']:,.0f} docs/s, "
                f"peak {record['peak_rss_mb']:,.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(records))
    print("\nwall s: the child process from start to exit (interpreter start, imports, cluster start included); "
          "stage seconds are inside it; growth: (time ratio) / (size ratio) of the engine time against the "
          "previous size, 1.00 = linear; peak MB: summed RSS of the client and the worker processes.")


if __name__ == "__main__":
    main()
