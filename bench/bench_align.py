"""Benchmark: sentence alignment, dedup against a plain difflib aligner.

Edited copies of the seed articles (split, merged, reordered, dropped and
reworded sentences, with the gold alignment known; see
``dedup_testing.synthetic.perturb_sentences``) are aligned by

* ``dedup.align.sentences.align_texts`` (vectorised scores, Hungarian assignment,
  split/merge refinement), and
* the plain alternative: for each sentence of the original, the sentence
  of the copy with the best ``difflib.SequenceMatcher.ratio`` (a Python
  double loop), kept when the ratio is at least 0.6.

It prints document pairs aligned per second (median of ``--repeat`` runs)
and the 1-1 and 1-2/2-1 F1 of both against the gold links.

    python3 bench/bench_align.py [--variants 20] [--repeat 3] [--long 0]

``--long N`` also times N pairs of long articles (all seed sentences,
about 120, against a reversed and edited copy).
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import time
from pathlib import Path

import _path  # noqa: F401  (the repository root, for dedup_testing)
import numpy as np

from dedup.align.sentences import align_texts
from dedup.ingest.files import read_corpus
from dedup.segment import split_sentences
from dedup_testing.evaluate import LinkScores, score_links
from dedup_testing.synthetic import perturb_sentences

ROOT = Path(__file__).resolve().parent.parent


def difflib_align(a: list[str], b: list[str], cutoff: float = 0.6) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for i, sa in enumerate(a):
        best, best_j = 0.0, -1
        for j, sb in enumerate(b):
            r = difflib.SequenceMatcher(None, sa, sb).ratio()
            if r > best:
                best, best_j = r, j
        if best >= cutoff:
            links.append(((i,), (best_j,)))
    return links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, default=20, help="edited copies per seed article")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long", type=int, default=5, help="long article pairs to time as well")
    args = parser.parse_args()

    docs = read_corpus([ROOT / "seeds"]).documents
    cases = []
    for d_i, doc in enumerate(docs):
        paragraphs = [split_sentences(p) for p in doc.paragraphs]
        flat = [s for p in paragraphs for s in p]
        others = [s for o in docs if o is not doc for s in o.sentences]
        for v in range(args.variants):
            rng = np.random.default_rng(d_i * 1009 + v)
            edited = perturb_sentences(paragraphs, rng, inserts=others)
            cases.append((flat, edited.sentences, {(tuple(a), tuple(b)) for a, b in edited.links}))

    align_texts(*cases[0][:2])  # warm-up: imports and caches are not throughput
    results = {}
    for name in ("dedup", "difflib"):
        times = []
        quality = {"1-1": LinkScores(), "1-2/2-1": LinkScores()}
        for r in range(args.repeat):
            t = time.perf_counter()
            for a, b, gold in cases:
                if name == "dedup":
                    pred = {(tuple(x.a_sentences), tuple(x.b_sentences)) for x in align_texts(a, b).links}
                else:
                    pred = set(difflib_align(a, b))
                if r == 0:
                    score_links(gold, pred, quality)
            times.append(time.perf_counter() - t)
        results[name] = (len(cases) / statistics.median(times), quality)

    n_sent = statistics.mean(len(a) for a, _, _ in cases)
    print(f"sentence alignment · {len(cases)} edited copies of {len(docs)} real articles "
          f"(mean {n_sent:.0f} sentences) · median of {args.repeat} runs")
    print(f"{'aligner':10} {'pairs/s':>9} {'1-1 P':>7} {'1-1 R':>7} {'1-1 F1':>7} {'1-2/2-1 F1':>11}")
    for name, (rate, q) in results.items():
        print(f"{name:10} {rate:9.1f} {q['1-1'].precision:7.3f} {q['1-1'].recall:7.3f} {q['1-1'].f1:7.3f} "
              f"{q['1-2/2-1'].f1:11.3f}")
    print(f"throughput ratio dedup / difflib: {results['dedup'][0] / results['difflib'][0]:.1f}x")

    if args.long:
        everything = [s for d in docs for s in d.sentences]
        rng = np.random.default_rng(0)
        edited = perturb_sentences([everything], rng, p_reorder=0.0)
        copy = list(reversed(edited.sentences))
        for name in ("dedup", "difflib"):
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                for _ in range(args.long):
                    if name == "dedup":
                        align_texts(everything, copy)
                    else:
                        difflib_align(everything, copy)
                times.append(time.perf_counter() - t)
            print(f"long articles ({len(everything)} x {len(copy)} sentences), {name}: "
                  f"{args.long / statistics.median(times):.2f} pairs/s")


if __name__ == "__main__":
    main()
