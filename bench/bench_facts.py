"""Benchmark: planted discrepancies over real text, and the whole scan on 2,000 articles.

Part 1, accuracy.  Every real article (``seeds/`` and the agency-style
articles of ``tests/data/facts/``) gets ``--copies`` edited copies from
``dedup_testing.plant.plant_copy``: one to three planted discrepancies (figures,
qualifiers, scales; weekdays, days, years; misspelt or swapped names; a word
inside a quotation), each in its own sentence, and one to three safe
rewrites in other sentences ("%" / "per cent", "bn" / "billion", "more than"
/ "over", "five" / "5", "the United States" / "the U.S." ...).  Each
original and copy go through the whole pipeline
(``dedup.run.pipeline.analyse_documents``: near-duplicates, stories, alignment,
facts, comparison).  A planted discrepancy is found when a reported one
between the two has its kind and covers its sentence of the copy.

It prints recall, precision and the safe rewrites reported, per kind and
per edit, the time per pair, and the time per stage of
``dedup.run.pipeline.find(..., align=True)`` on a written corpus of the originals
and three copies of each.

Part 2, speed.  A corpus of ``--scan-size`` articles (default 2,000, about
5 MB): the real articles with three planted copies each, the rest from
``dedup_testing.synthetic.make_corpus``, written as files and run through
``dedup.api.scan`` (every stage, output files and report included); the
time per stage comes from ``result.timings``.

    python3 bench/bench_facts.py                 # 40 copies per article, 2,000-article scan
    python3 bench/bench_facts.py --quick         # 5 copies per article, 500-article scan (< 30 s)
    python3 bench/bench_facts.py --misses 20     # also list missed and wrongly reported cases
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _path  # noqa: F401  (the repository root, for dedup_testing)

from dedup.api import find, scan
from dedup.ingest.files import read_corpus
from dedup.model import Document
from dedup_testing.plant import KINDS, PlantScores, evaluate_planted, plant_copy
from dedup_testing.synthetic import SyntheticCorpus, make_corpus, write_corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "data" / "facts"]
STAGES = ("read_and_sketch", "duplicates", "stories", "alignment", "facts_and_comparison", "write", "total")


def load_articles() -> list[Document]:
    """The real articles the copies are planted into."""
    return read_corpus(SOURCES).documents


def print_accuracy(scores: PlantScores, n_articles: int, copies: int, seed: int) -> None:
    print(f"planted discrepancies · {n_articles} real articles × {copies} copies = {scores.copies} pairs "
          f"(seed {seed}) · whole pipeline per pair (analyse_documents)")
    print(f"{'kind':8} {'planted':>8} {'found':>6} {'recall':>7} {'reported':>9} {'matched':>8} {'precision':>10}")
    for kind in (*KINDS, *sorted(set(scores.by_kind) - set(KINDS))):
        k = scores.by_kind.get(kind)
        if k is None:
            continue
        recall = f"{k.recall:7.3f}" if k.planted else f"{'-':>7}"
        precision = f"{k.precision:10.3f}" if k.reported else f"{'-':>10}"
        print(f"{kind:8} {k.planted:8d} {k.found:6d} {recall} {k.reported:9d} {k.matched:8d} {precision}")
    print(f"{'all':8} {scores.planted:8d} {scores.found:6d} {scores.recall:7.3f} {scores.reported:9d} "
          f"{scores.matched:8d} {scores.precision:10.3f}")
    print(f"safe rewrites reported: {scores.safe_reported} (in {scores.safe_planted} safe rewrites)")
    print("per edit:  " + " · ".join(
        f"{name} {k.found}/{k.planted}" for name, k in sorted(scores.by_edit.items())
    ))
    print("safe rewrites (reported/planted):  " + " · ".join(
        f"{name} {k.reported}/{k.planted}" for name, k in sorted(scores.safe_by_edit.items())
    ))
    print(f"time per pair: {1000 * scores.seconds / max(1, scores.copies):.1f} ms "
          f"({scores.seconds:.1f} s for {scores.copies} pairs)")


def print_cases(scores: PlantScores, limit: int) -> None:
    print(f"\nmissed ({len(scores.misses)}; first {min(limit, len(scores.misses))}):")
    for planted, edit in scores.misses[:limit]:
        sentence = planted.copy.sentences[edit.sentence]
        print(f"  {planted.original.id} s{edit.sentence} {edit.kind}/{edit.edit}: "
              f"{edit.original!r} -> {edit.planted!r} | {sentence}")
    print(f"\nreported but not planted ({len(scores.false_reports)}; first {min(limit, len(scores.false_reports))}):")
    for planted, d, on_safe in scores.false_reports[:limit]:
        where = "safe-rewrite sentence" if on_safe else "other sentence"
        print(f"  {planted.original.id} [{where}] {d.kind}/{d.relation}/{d.scope} "
              f"{d.a}:s{d.a_sentence} {d.a_value!r} vs {d.b}:s{d.b_sentence} {d.b_value!r}")


def stage_times_written(articles: list[Document], copies: int, seed: int, tmp: Path) -> dict[str, float]:
    """``find(align=True)`` on a written corpus of the originals and ``copies`` planted copies of each."""
    root = tmp / "planted"
    for doc in articles:
        stem = Path(doc.id).stem
        (root / "original").mkdir(parents=True, exist_ok=True)
        (root / "original" / f"{stem}.txt").write_text(f"{doc.date}\n\n{doc.text}\n", encoding="utf-8")
        for k in range(copies):
            planted = plant_copy(doc, seed * 100_003 + k)
            folder = root / f"copy{k}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{stem}.txt").write_text(f"{doc.date}\n\n{planted.copy.text}\n", encoding="utf-8")
    result = find([root], align=True)
    n_docs = len(result.corpus.documents)
    print(f"\nstage times, find(align=True) on {n_docs} written documents "
          f"({len(articles)} originals + {copies} copies each; {len(result.duplicates.pairs)} pairs, "
          f"{len(result.discrepancies)} discrepancies):")
    print("  " + " · ".join(f"{k} {v:.2f} s" for k, v in result.timings.items()))
    return dict(result.timings)


def scan_corpus(articles: list[Document], size: int, seed: int, tmp: Path) -> dict[str, Any]:
    """Run ``scan`` on ``size`` articles: real ones with planted copies plus synthetic ones."""
    real_texts: list[str] = []
    real_ids: list[str] = []
    for doc in articles:
        stem = Path(doc.id).stem
        real_ids.append(f"real/{stem}.txt")
        real_texts.append(f"{doc.date}\n\n{doc.text}")
        for k in range(3):
            planted = plant_copy(doc, 7_000 + seed * 100_003 + k)
            real_ids.append(f"real-copy{k}/{stem}.txt")
            real_texts.append(f"{doc.date}\n\n{planted.copy.text}")
    rest = max(0, size - len(real_texts))
    synthetic = make_corpus(int(rest / 1.2) + 20, seed=seed)
    corpus = SyntheticCorpus(real_texts + synthetic.texts[:rest], real_ids + synthetic.ids[:rest])
    write_corpus(corpus, tmp / "scan-in")
    mb = sum(len(t.encode("utf-8")) for t in corpus.texts) / 1e6
    t = time.perf_counter()
    result = scan([tmp / "scan-in"], tmp / "scan-out")
    wall = time.perf_counter() - t
    counts = result.run_record()["counts"]
    print(f"\nscan of {len(corpus.texts):,} articles ({mb:.1f} MB; {len(real_texts)} real articles and planted "
          f"copies, the rest synthetic) · wall {wall:.1f} s")
    print("  " + " · ".join(f"{k} {result.timings[k]:.2f} s" for k in STAGES if k in result.timings)
          + "  (total: reading to comparison, before write)")
    print(f"  {counts.get('pairs', len(result.duplicates.pairs))} pairs, {len(result.stories)} stories, "
          f"{len(result.discrepancies)} discrepancies")
    return {"documents": len(corpus.texts), "mb": round(mb, 2), "wall_s": round(wall, 3),
            "timings_s": {k: round(v, 3) for k, v in result.timings.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=40, help="planted copies per real article (default 40)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scan-size", type=int, default=2000, help="articles in the scan corpus (0: no scan)")
    parser.add_argument("--quick", action="store_true", help="5 copies per article and a 500-article scan")
    parser.add_argument("--misses", type=int, default=0, help="list up to N missed and N wrongly reported cases")
    parser.add_argument("--tmp-dir", type=Path, default=None, help="where the corpora are written")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.copies = min(args.copies, 5)
        args.scan_size = min(args.scan_size, 500)

    articles = load_articles()
    t0 = time.perf_counter()
    scores = evaluate_planted(articles, copies=args.copies, seed=args.seed)
    print_accuracy(scores, len(articles), args.copies, args.seed)
    if args.misses:
        print_cases(scores, args.misses)
    record: dict[str, Any] = {
        "copies_per_article": args.copies,
        "articles": len(articles),
        "pairs": scores.copies,
        "seed": args.seed,
        "recall": round(scores.recall, 4),
        "precision": round(scores.precision, 4),
        "safe_rewrites_reported": scores.safe_reported,
        "safe_rewrites_planted": scores.safe_planted,
        "by_kind": {k: vars(v) for k, v in scores.by_kind.items()},
        "by_edit": {k: vars(v) for k, v in scores.by_edit.items()},
        "ms_per_pair": round(1000 * scores.seconds / max(1, scores.copies), 2),
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-facts-", dir=args.tmp_dir))
    try:
        record["stages_written_corpus_s"] = stage_times_written(articles, 3, args.seed, tmp)
        if args.scan_size:
            record["scan"] = scan_corpus(articles, args.scan_size, args.seed, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nbenchmark wall time {time.perf_counter() - t0:.1f} s · python {platform.python_version()}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
