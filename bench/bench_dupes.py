"""Benchmark ``dedup dupes`` against a plain datasketch loop on synthetic news corpora.

For each size in ``--sizes`` this script

1. builds a synthetic corpus of exactly that many documents with
   :func:`dedup_testing.synthetic.make_corpus` (default edits: one paragraph dropped,
   one word in thirty changed; a share of the originals get one edited copy)
   and writes it as ``.txt`` files into a temporary folder outside the repo;
2. runs, as subprocesses and interleaved, ``dedup dupes DIR --format jsonl
   --quiet`` (default settings, all cores) and ``bench/plain_datasketch.py DIR``
   (one process: read, lower-case, ``\\w+`` tokens, word 3-gram shingles,
   ``MinHash(num_perm=128).update_batch``, ``MinHashLSH(threshold=0.5)``
   query then insert);
3. measures each run end to end (start of the process to its exit, reading
   the files included): wall seconds, documents/s, MB/s of input, CPU
   seconds, and peak memory: the RSS of the process and all its children,
   summed over the tree, polled every 50 ms, maximum over the run;
4. scores the pairs each tool printed against the planted pairs (unordered
   id pairs such as ``orig/0000001.txt`` / ``copy/0000001.txt``): recall, and
   how many reported pairs were not planted;
5. prints medians over ``--repeat`` runs, the throughput ratio dedup / plain
   and how peak memory grows between sizes, and writes everything (every run
   too) to ``bench/results/dupes-<size>.json``.

MB is 10**6 bytes throughout.  This is a benchmark, not a test: run it on a
quiet machine.  Quick check: ``python3 bench/bench_dupes.py --sizes 2000 --repeat 1``.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import _path  # noqa: F401  (the repository root, for dedup_testing)
import psutil
from rich import box
from rich.console import Console
from rich.table import Table

from dedup_testing.realtext import non_ascii_share, real_corpus
from dedup_testing.synthetic import SyntheticCorpus, make_corpus, write_corpus

BENCH = Path(__file__).resolve().parent
PLAIN_SCRIPT = BENCH / "plain_datasketch.py"
POLL_S = 0.05
BIG_SIZE = 50_000  # from here on the plain loop runs once unless --plain-repeat says otherwise
COPY_RATE: float = inspect.signature(make_corpus).parameters["copy_rate"].default
TOOLS = ("dedup", "plain")


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the results."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- corpus


def build_corpus(size: int, seed: int, pools: list[Path] | None = None) -> SyntheticCorpus:
    """A corpus of exactly ``size`` documents (originals and planted copies).

    With ``pools`` (JSONL files of real articles), real text: :func:`dedup_testing.realtext.real_corpus`.

    ``make_corpus`` takes a number of originals; ask for a few more than
    needed and keep the first ``size`` texts.  A planted pair cut in half at
    the end is dropped from the gold pairs.
    """
    if pools:
        return real_corpus(size, pools, seed=seed, copy_rate=COPY_RATE)
    n_originals = math.ceil(size / (1 + COPY_RATE) * 1.03) + 50
    while True:
        corpus = make_corpus(n_originals, seed=seed)
        if len(corpus.texts) >= size:
            break
        n_originals = int(n_originals * 1.1) + 50
    planted = [(a, b) for a, b in corpus.planted if a < size and b < size]
    return SyntheticCorpus(corpus.texts[:size], corpus.ids[:size], planted)


# ---------------------------------------------------------------- measuring


class TreeMemory(threading.Thread):
    """Polls the summed RSS of a process and all its descendants; keeps the maximum."""

    def __init__(self, proc: psutil.Process, interval: float = POLL_S) -> None:
        super().__init__(daemon=True)
        self.proc = proc
        self.interval = interval
        self.peak = 0
        self.peak_processes = 0
        self.samples = 0
        self._halt = threading.Event()

    def sample(self) -> None:
        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:  # the root has exited
            return
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):  # exited between listing and reading
                total += p.memory_info().rss
        self.samples += 1
        if total > self.peak:
            self.peak = total
            self.peak_processes = len(procs)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_measured(cmd: list[str], out_path: Path, err_path: Path, cwd: Path) -> dict[str, Any]:
    """Run ``cmd`` with stdout/stderr to files; wall time, CPU time and peak tree RSS."""
    cpu0 = children_cpu_s()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        popen = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        monitor = TreeMemory(psutil.Process(popen.pid))
        monitor.start()
        returncode = popen.wait()
        wall = time.perf_counter() - t0
        monitor.stop()
    if returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"command failed with exit code {returncode}: {' '.join(cmd)}\n{tail}")
    return {
        "wall_s": wall,
        "cpu_s": children_cpu_s() - cpu0,
        "peak_rss_mb": monitor.peak / 1e6,
        "peak_rss_processes": monitor.peak_processes,
        "memory_samples": monitor.samples,
    }


def read_pairs(path: Path) -> tuple[set[frozenset[str]], int]:
    """Unordered id pairs printed as JSON lines with ``a`` and ``b``; and the line count."""
    pairs: set[frozenset[str]] = set()
    lines = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                pairs.add(frozenset((row["a"], row["b"])))
                lines += 1
    return pairs, lines


def dedup_command(corpus_dir: Path) -> list[str]:
    """``dedup dupes DIR --format jsonl --quiet``, via the installed console script if there is one."""
    script = Path(sysconfig.get_path("scripts")) / "dedup"
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "dedup"]
    return [*base, "dupes", str(corpus_dir), "--format", "jsonl", "--quiet"]


def compile_bytecode() -> str:
    """Compile dedup's modules to bytecode first, as a regular ``pip install`` does.

    An editable install has no ``__pycache__`` until a run writes it, and with ``PYTHONDONTWRITEBYTECODE``
    set (as on this project's machines) no run ever does: every ``dedup`` process would compile its source
    again (about 70 ms), which a user's installed copy does not.  The plain loop's imports (datasketch,
    numpy) come compiled from their wheels.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("dedup")
    if spec is None or not spec.submodule_search_locations:
        return "dedup not found"
    where = next(iter(spec.submodule_search_locations))
    ok = compileall.compile_dir(where, quiet=1)
    log(f"compiled dedup's bytecode under {where} ({'ok' if ok else 'with errors'})")
    return f"compiled before the runs ({where})"


def plain_command(corpus_dir: Path) -> list[str]:
    return [sys.executable, str(PLAIN_SCRIPT), str(corpus_dir)]


@dataclass
class Gold:
    pairs: set[frozenset[str]]
    n_docs: int
    n_bytes: int


def measure(tool: str, cmd: list[str], gold: Gold, work: Path, run: int) -> dict[str, Any]:
    out_path = work / f"{tool}-{run}.jsonl"
    err_path = work / f"{tool}-{run}.stderr"
    result = run_measured(cmd, out_path, err_path, cwd=work)
    reported, lines = read_pairs(out_path)
    found = len(reported & gold.pairs)
    result.update(
        docs_per_s=gold.n_docs / result["wall_s"],
        mb_per_s=gold.n_bytes / 1e6 / result["wall_s"],
        reported_pairs=len(reported),
        output_lines=lines,
        planted_found=found,
        recall=found / len(gold.pairs) if gold.pairs else None,
        not_planted=len(reported - gold.pairs),
    )
    out_path.unlink()
    err_path.unlink()
    return result


SUMMARY_KEYS = ("wall_s", "docs_per_s", "mb_per_s", "cpu_s", "peak_rss_mb", "recall",
                "not_planted", "reported_pairs")


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of every per-run figure, plus the spread of the wall time."""
    out: dict[str, Any] = {"runs": len(runs)}
    for key in SUMMARY_KEYS:
        values = [r[key] for r in runs if r[key] is not None]
        out[key] = statistics.median(values) if values else None
    walls = [r["wall_s"] for r in runs]
    out["wall_s_min"], out["wall_s_max"] = min(walls), max(walls)
    out["deterministic_output"] = len({(r["reported_pairs"], r["planted_found"]) for r in runs}) == 1
    return out


# ---------------------------------------------------------------- one size


def bench_size(size: int, args: argparse.Namespace, base_tmp: Path) -> dict[str, Any]:
    plain_repeat = args.plain_repeat if args.plain_repeat is not None else (
        1 if size >= BIG_SIZE else args.repeat)
    log(f"{size:,} documents: building the corpus (seed {args.seed})")
    t = time.perf_counter()
    corpus = build_corpus(size, args.seed, args.real)
    wide_chars, wide_docs = non_ascii_share(corpus.texts)
    gen_s = time.perf_counter() - t
    root = base_tmp / f"corpus-{size}"
    corpus_dir = root / "docs"
    work = root / "work"
    work.mkdir(parents=True)
    t = time.perf_counter()
    write_corpus(corpus, corpus_dir)
    write_s = time.perf_counter() - t
    n_bytes = sum(len(text.encode("utf-8")) for text in corpus.texts)
    gold = Gold({frozenset((corpus.ids[a], corpus.ids[b])) for a, b in corpus.planted},
                len(corpus.texts), n_bytes)
    log(f"{size:,} documents, {n_bytes / 1e6:.1f} MB, {wide_chars:.2%} of the characters non-ASCII "
        f"(in {wide_docs:.0%} of the documents), {len(gold.pairs):,} planted pairs "
        f"(generated in {gen_s:.1f} s, written in {write_s:.1f} s) under {corpus_dir}")
    del corpus

    commands = {"dedup": dedup_command(corpus_dir), "plain": plain_command(corpus_dir)}
    wanted = {"dedup": args.repeat, "plain": plain_repeat}
    runs: dict[str, list[dict[str, Any]]] = {tool: [] for tool in TOOLS}
    load_before = os.getloadavg()
    for r in range(max(wanted.values())):
        for tool in TOOLS:
            if r < wanted[tool]:
                log(f"{size:,} docs: {tool} run {r + 1}/{wanted[tool]}")
                res = measure(tool, commands[tool], gold, work, r)
                log(f"  {res['wall_s']:.2f} s, {res['docs_per_s']:,.0f} docs/s, "
                    f"peak {res['peak_rss_mb']:,.0f} MB, recall "
                    f"{_fmt_recall(res['recall'])}, {res['not_planted']:,} not planted")
                runs[tool].append(res)
    load_after = os.getloadavg()

    summary = {tool: summarise(runs[tool]) for tool in TOOLS}
    ratio = summary["dedup"]["docs_per_s"] / summary["plain"]["docs_per_s"]
    notes = []
    if plain_repeat != args.repeat:
        why = ("--plain-repeat" if args.plain_repeat is not None
               else f"the default: one plain run at {BIG_SIZE:,} documents or more, as it is slow")
        what = ("its figures are single measurements, not medians" if plain_repeat == 1
                else f"its figures are medians of {plain_repeat} runs")
        notes.append(f"plain loop ran {plain_repeat} time(s) at {size:,} documents, dedup "
                     f"{args.repeat} ({why}); {what}")
    for tool in TOOLS:
        if not summary[tool]["deterministic_output"]:
            notes.append(f"{tool} reported different pairs in different runs")
    if max(load_before[0], load_after[0]) > 0.5 * (os.cpu_count() or 1):
        notes.append(f"machine was busy: 1-minute load average {load_before[0]:.2f} before, "
                     f"{load_after[0]:.2f} after; timings may be noisy")

    if args.keep:
        log(f"kept the corpus in {corpus_dir}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return {
        "size": size,
        "corpus": {
            "documents": gold.n_docs,
            "bytes": n_bytes,
            "mb": n_bytes / 1e6,
            "planted_pairs": len(gold.pairs),
            "seed": args.seed,
            "generator": (f"dedup_testing.realtext.real_corpus over {', '.join(str(p) for p in args.real)}"
                          if args.real else "dedup_testing.synthetic.make_corpus (default edits), trimmed to size"),
            "non_ascii_chars": wide_chars,
            "non_ascii_documents": wide_docs,
            "copy_rate": COPY_RATE,
            "generate_s": gen_s,
            "write_s": write_s,
            "path": str(corpus_dir) if args.keep else None,
        },
        "commands": {tool: _display_cmd(commands[tool], corpus_dir) for tool in TOOLS},
        "repeat": wanted,
        "summary": summary,
        "throughput_ratio_dedup_over_plain": ratio,
        "runs": runs,
        "load_average": {"before": list(load_before), "after": list(load_after)},
        "notes": notes,
    }


def _display_cmd(cmd: list[str], corpus_dir: Path) -> str:
    return " ".join("DIR" if c == str(corpus_dir) else c for c in cmd)


def _fmt_recall(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


# ---------------------------------------------------------------- memory growth


def memory_growth(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Peak MB per 1,000 documents at each size, the marginal MB per 1,000 between sizes,
    and a least-squares line ``peak = fixed + per_1000 * docs / 1000`` per tool."""
    ordered = sorted(results, key=lambda r: r["size"])
    growth: dict[str, Any] = {}
    for tool in TOOLS:
        points = [(r["size"], r["summary"][tool]["peak_rss_mb"]) for r in ordered]
        per_size = [{"size": s, "peak_rss_mb": p, "mb_per_1000_docs": p / (s / 1000)} for s, p in points]
        marginal = [
            {"from": s0, "to": s1, "mb_per_1000_docs": (p1 - p0) / ((s1 - s0) / 1000)}
            for (s0, p0), (s1, p1) in itertools.pairwise(points)
            if s1 > s0
        ]
        fit = None
        if len({s for s, _ in points}) >= 2:
            xs = [s / 1000 for s, _ in points]
            ys = [p for _, p in points]
            mx, my = statistics.fmean(xs), statistics.fmean(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            fit = {"fixed_mb": my - slope * mx, "mb_per_1000_docs": slope}
        growth[tool] = {"per_size": per_size, "marginal": marginal, "linear_fit": fit}
    return growth


# ---------------------------------------------------------------- output


def compiled_parts() -> dict[str, bool]:
    """Which optional compiled twins the dedup runs use (see setup.py): without them it runs slower."""
    from dedup.ingest.article import compiled_twin
    from dedup.near.shingle import compiled_kernel

    return {"near_c_kernels": compiled_kernel() is not None, "article_mypyc": compiled_twin() is not None}


def environment() -> dict[str, Any]:
    def git(*a: str) -> str | None:
        try:
            return subprocess.run(["git", *a], cwd=BENCH, capture_output=True, text=True,
                                  check=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    versions = {}
    for package in ("dedup", "datasketch", "numpy", "psutil"):
        try:
            versions[package] = version(package)
        except Exception:  # a missing version is not worth failing over
            versions[package] = None
    return {
        "compiled": compiled_parts(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "memory_total_mb": psutil.virtual_memory().total / 1e6,
        "versions": versions,
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "git_diff_stat": git("diff", "--shortstat", "HEAD"),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def print_size(console: Console, res: dict[str, Any]) -> None:
    c = res["corpus"]
    table = Table(
        title=(f"{res['size']:,} documents · {c['mb']:.1f} MB · {c['planted_pairs']:,} planted pairs "
               f"· medians of {res['repeat']['dedup']} dedup / {res['repeat']['plain']} plain run(s)"),
        box=box.SIMPLE_HEAD, title_justify="left",
    )
    for name in ("tool", "runs", "docs/s", "MB/s", "wall s", "wall min–max", "CPU s", "peak RSS MB",
                 "recall", "not planted", "pairs"):
        table.add_column(name, justify="left" if name == "tool" else "right")
    for tool, label in (("dedup", "dedup dupes"), ("plain", "plain datasketch")):
        s = res["summary"][tool]
        table.add_row(
            label, str(s["runs"]), f"{s['docs_per_s']:,.0f}", f"{s['mb_per_s']:.2f}",
            f"{s['wall_s']:.2f}", f"{s['wall_s_min']:.2f}–{s['wall_s_max']:.2f}", f"{s['cpu_s']:.1f}",
            f"{s['peak_rss_mb']:,.0f}", _fmt_recall(s["recall"]), f"{s['not_planted']:,.0f}",
            f"{s['reported_pairs']:,.0f}",
        )
    console.print(table)
    console.print(f"  throughput ratio dedup / plain: [bold]{res['throughput_ratio_dedup_over_plain']:.1f}×[/]")
    for note in res["notes"]:
        console.print(f"  note: {note}", markup=False)
    console.print()


def print_growth(console: Console, growth: dict[str, Any]) -> None:
    table = Table(title="peak memory (RSS summed over the process tree) against corpus size",
                  box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("documents", justify="right")
    for tool in TOOLS:
        table.add_column(f"{tool} peak MB", justify="right")
        table.add_column(f"{tool} MB / 1k docs", justify="right")
    for i, row in enumerate(growth["dedup"]["per_size"]):
        cells = [f"{row['size']:,}"]
        for tool in TOOLS:
            r = growth[tool]["per_size"][i]
            cells += [f"{r['peak_rss_mb']:,.0f}", f"{r['mb_per_1000_docs']:.2f}"]
        table.add_row(*cells)
    for i, m in enumerate(growth["dedup"]["marginal"]):
        cells = [f"{m['from']:,}→{m['to']:,}"]
        for tool in TOOLS:
            cells += ["marginal", f"{growth[tool]['marginal'][i]['mb_per_1000_docs']:.2f}"]
        table.add_row(*cells)
    console.print(table)
    for tool in TOOLS:
        fit = growth[tool]["linear_fit"]
        if fit:
            console.print(f"  {tool}: peak ≈ {fit['fixed_mb']:,.0f} MB + {fit['mb_per_1000_docs']:.2f} MB "
                          "per 1,000 docs (least squares); linear growth shows as a steady marginal "
                          "MB / 1k docs", markup=False)
    console.print()


def write_results(results_dir: Path, results: list[dict[str, Any]], env: dict[str, Any],
                  args: argparse.Namespace) -> list[Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    growth = memory_growth(results)
    written = []
    for res in results:
        path = results_dir / f"dupes-{res['size']}.json"
        record = {
            "benchmark": "dedup dupes vs plain datasketch loop",
            "environment": env,
            "arguments": {"sizes": args.sizes, "repeat": args.repeat, "plain_repeat": args.plain_repeat,
                          "seed": args.seed},
            "units": {"mb": "10**6 bytes", "peak_rss_mb": "max over 50 ms polls of RSS summed over "
                      "the process and all its children"},
            **res,
            "memory_growth_all_sizes": growth,
        }
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark `dedup dupes` against a plain datasketch MinHashLSH loop on synthetic "
                    "corpora with planted edited copies.")
    p.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000],
                   help="total documents per corpus (default: 20000 100000)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each tool per size; medians are quoted "
                   "(default 3)")
    p.add_argument("--plain-repeat", type=int, default=None,
                   help=f"runs of the plain loop per size (default: --repeat below {BIG_SIZE:,} documents, "
                        "1 from there on, since it is slow)")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--real", type=Path, nargs="+", default=None, metavar="JSONL",
                   help="build the corpora from these JSONL files of real articles (Reuters-21578, BBC News; "
                        "see bench/data) instead of synthetic text")
    p.add_argument("--keep", action="store_true", help="keep the generated corpora (paths are printed)")
    p.add_argument("--tmp-dir", type=Path, default=None,
                   help="where to create the temporary corpora (default: the system temp folder)")
    p.add_argument("--results-dir", type=Path, default=BENCH / "results",
                   help="where to write dupes-<size>.json (default: bench/results)")
    args = p.parse_args(argv)
    if args.repeat < 1 or (args.plain_repeat is not None and args.plain_repeat < 1):
        p.error("--repeat and --plain-repeat must be at least 1")
    if any(s < 2 for s in args.sizes):
        p.error("--sizes must be at least 2 documents")
    args.sizes = sorted(set(args.sizes))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    env = environment()
    env["bytecode"] = compile_bytecode()
    log(f"compiled twins in use: {env['compiled']}")
    log(f"{env['cpu_count']} cores, load average {os.getloadavg()[0]:.2f}; sizes {args.sizes}, "
        f"repeat {args.repeat}")
    base_tmp = Path(tempfile.mkdtemp(prefix="dedup-bench-", dir=args.tmp_dir))
    results: list[dict[str, Any]] = []
    try:
        for size in args.sizes:
            results.append(bench_size(size, args, base_tmp))
            write_results(args.results_dir, results, env, args)  # partial results survive a crash
    finally:
        if args.keep:
            log(f"corpora kept under {base_tmp}")
        else:
            shutil.rmtree(base_tmp, ignore_errors=True)

    console.print(f"dedup dupes vs plain datasketch · {env['cpu_count']} cores · Python {env['python']} "
                  f"· dedup {env['versions']['dedup']} · datasketch {env['versions']['datasketch']}",
                  markup=False)
    console.print(f"  dedup: {results[0]['commands']['dedup']}", markup=False)
    console.print(f"  plain: {results[0]['commands']['plain']}", markup=False)
    console.print("  end to end per run (process start to exit, reading files included); MB = 10^6 "
                  "bytes; peak RSS summed over the process tree, polled every 50 ms", markup=False)
    console.print()
    for res in results:
        print_size(console, res)
    print_growth(console, memory_growth(results))
    for path in write_results(args.results_dir, results, env, args):
        console.print(f"wrote {path}", markup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
