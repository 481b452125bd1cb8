"""Benchmark: story grouping at 10k and 100k articles built from real news text.

The corpus is real text, repeated and perturbed: articles are drawn at random
(seeded) from one or more real JSONL corpora (``bench/data``: the UCI News
Aggregator headlines, Reuters-21578, BBC News), and every draw after the first
of an article is perturbed so that it is a new document, not a byte copy: one
sentence dropped or two swapped, one word dropped, and every figure changed.
The mix is shuffled, so repeats are spread over the corpus as syndicated copies
are.

For each size, a child process runs :func:`dedup.near.stories.group_stories` on the
documents (read with dedup's own reader) and reports wall seconds, peak RSS
(``ru_maxrss`` of the child), the number of stories and the largest story's
share.  ``--repeat`` runs per size give medians.  The last column is how time
grows: (time ratio) / (size ratio) against the previous size; 1.0 is linear.

``--baseline N`` also times the plain alternative on the first N documents:
scikit-learn's TF-IDF and average-linkage ``AgglomerativeClustering`` on cosine
distance cut at 0.9 (the story-scoring baseline), which needs the dense N x N
distance matrix (quadratic time and memory), in the same run.

    python3 bench/bench_stories.py /tmp/uci.jsonl /tmp/reuters.jsonl [--sizes 10000 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

_FIGURE = re.compile(r"\d+")


def perturb(row: dict[str, Any], copy: int, rng: random.Random) -> dict[str, Any]:
    """A new document from a real one: a sentence dropped or two swapped, a word dropped, figures changed."""
    text = str(row.get("text") or "")
    parts = re.split(r"(?<=[.!?])\s+", text)
    if len(parts) > 2 and rng.random() < 0.5:
        del parts[rng.randrange(len(parts))]
    elif len(parts) > 1:
        i = rng.randrange(len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    words = " ".join(parts).split(" ")
    if len(words) > 3:
        del words[rng.randrange(len(words))]
    new_text = _FIGURE.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), " ".join(words))
    out = dict(row)
    out["id"] = f"{row['id']}~{copy}"
    out["text"] = new_text
    out.pop("story", None)
    return out


def build(pool: list[dict[str, Any]], size: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    out = []
    for _ in range(size):
        row = pool[rng.randrange(len(pool))]
        k = seen.get(row["id"], 0)
        seen[row["id"]] = k + 1
        out.append(dict(row) if k == 0 else perturb(row, k, rng))
    rng.shuffle(out)
    return out


CHILD = r"""
import json, resource, sys, time
from dedup.ingest.files import read_corpus
from dedup.near.stories import group_stories
docs = list(read_corpus([sys.argv[1]]).documents)
t = time.perf_counter()
stories = group_stories(docs)
took = time.perf_counter() - t
print(json.dumps({"seconds": took, "stories": len(stories), "largest": len(stories[0].members),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BASELINE = r"""
import json, resource, sys, time
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
rows = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8")]
t = time.perf_counter()
m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
    [(r.get("title") or "") + "\n" + (r.get("text") or "") for r in rows])
labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                 distance_threshold=0.9).fit_predict(m.toarray())
took = time.perf_counter() - t
print(json.dumps({"seconds": took, "stories": int(labels.max()) + 1,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(code: str, path: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+", type=Path, help="real JSONL corpora to draw from")
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", type=int, default=0, help="also time the sklearn baseline on this many docs")
    args = parser.parse_args()

    pool = [json.loads(x) for p in args.corpora for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    text = "".join(str(r.get("text") or "") for r in pool)
    non_ascii = sum(ord(c) > 127 for c in text) / max(len(text), 1)
    print(f"pool: {len(pool)} real documents from {', '.join(p.name for p in args.corpora)}; "
          f"{non_ascii:.4%} of their characters are non-ASCII")
    print(f"{'documents':>10} {'seconds':>9} {'docs/s':>8} {'peak MB':>8} {'stories':>8} {'largest':>8} {'growth':>7}")
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"corpus-{size}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for row in build(pool, size, args.seed):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            runs = [run_child(CHILD, path) for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            rss = statistics.median(r["rss_mb"] for r in runs)
            growth = "" if previous is None else f"{(seconds / previous[1]) / (size / previous[0]):.2f}"
            print(f"{size:>10} {seconds:>9.1f} {size / seconds:>8.0f} {rss:>8.0f} {runs[0]['stories']:>8} "
                  f"{runs[0]['largest'] / size:>8.1%} {growth:>7}", flush=True)
            previous = (size, seconds)
        if args.baseline:
            path = Path(tmp) / "baseline.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for row in build(pool, args.baseline, args.seed):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            t = time.perf_counter()
            mine = run_child(CHILD, path)
            base = run_child(BASELINE, path)
            print(f"baseline on {args.baseline} documents: dedup {mine['seconds']:.1f} s, {mine['rss_mb']:.0f} MB; "
                  f"TF-IDF + sklearn average linkage {base['seconds']:.1f} s, {base['rss_mb']:.0f} MB "
                  f"(ratio {base['seconds'] / mine['seconds']:.1f}x) [{time.perf_counter() - t:.0f} s]")


if __name__ == "__main__":
    main()
