"""Benchmark: story-level sentence alignment on real paraphrases, dedup against difflib.

Real paraphrase pairs from the Microsoft Research Paraphrase Corpus (news sentences; converted
by ``bench/data/paraphrase.py``, see ``bench/data/PARAPHRASE.md``) are hidden the way two
articles on one story would carry them.  Each synthetic article pair has

* ``--gold`` paraphrase pairs (quality 1): one sentence in article A, the other in article B;
* ``--hard`` related non-paraphrase pairs (quality 0: same story, much shared wording, not the
  same statement): one sentence in A, the other in B, so a link between them is a false link;
* ``--unrelated`` sentences on each side taken from other pairs;

every sentence id distinct within the article pair, both articles shuffled.  Which sentence of
a pair goes to A is drawn at random.  Two aligners run on every article pair:

* dedup: :func:`dedup.facts.story_align.align_story_sentences` (IDF cosine, one-to-one assignment),
  with the threshold chosen on the training split only (the largest F0.5, i.e. precision
  weighted over recall, of the links on the training article pairs), and with IDF taken from
  the two texts (``local``) or from the training split's sentences (``corpus``);
* difflib: each sentence of A to the sentence of B with the best
  ``difflib.SequenceMatcher.ratio``, kept at ratio >= 0.6 (as ``bench/bench_align.py``).

It prints, on the test split, found links (recall on the gold pairs), false links (total, and
how many join a quality-0 pair) and precision, and the median time per article pair over
``--repeat`` runs.

    python3 bench/bench_story_align.py /tmp/msrp/msrp.jsonl [--gold 5 --hard 3 --unrelated 4]
        [--pairs-per-split 0] [--repeat 3] [--seed 0] [--sweep] [--char-weight 0.0]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bench_align  # the same plain baseline as the alignment benchmark (bench/ is on sys.path)
import numpy as np
from scipy.optimize import linear_sum_assignment

from dedup.facts import story_align
from dedup.facts.story_align import DEFAULT_THRESHOLD, align_story_sentences, build_idf, story_similarity

DIFFLIB_CUTOFF = 0.6


@dataclass
class Case:
    a: list[str]
    b: list[str]
    gold: set[tuple[int, int]]
    hard: set[tuple[int, int]]


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    links: int = 0
    false_hard: int = 0
    times: list[float] = field(default_factory=list)

    @property
    def false(self) -> int:
        return self.links - self.found

    def line(self, name: str) -> str:
        recall = self.found / self.gold if self.gold else 0.0
        precision = self.found / self.links if self.links else 1.0
        ms = statistics.median(self.times) * 1e3 if self.times else float("nan")
        return (f"{name:<28} found {self.found:>5}/{self.gold} ({recall:.3f})  false links {self.false:>5} "
                f"(quality-0 pairs {self.false_hard:>4})  precision {precision:.3f}  {ms:7.2f} ms/article pair")


def load(path: Path) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {"train": [], "test": []}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[str(row["split"])].append(row)
    return out


def build_cases(rows: list[dict[str, object]], *, gold: int, hard: int, unrelated: int, n_cases: int,
                seed: int) -> list[Case]:
    """Article pairs covering every quality-1 pair of ``rows`` once (or ``n_cases`` of them)."""
    rng = np.random.default_rng(seed)
    pos = [r for r in rows if r["quality"] == 1]
    neg = [r for r in rows if r["quality"] == 0]
    sentences = {str(r[k]): str(r[s]) for r in rows for k, s in (("id1", "s1"), ("id2", "s2"))}
    all_ids = sorted(sentences)
    order = rng.permutation(len(pos))
    n = n_cases or len(pos) // gold
    cases = []
    neg_order: list[int] = []
    for c in range(n):
        chosen = [pos[i] for i in order[(c * gold) % len(pos) :][:gold]]
        used = {str(r[k]) for r in chosen for k in ("id1", "id2")}
        if len(used) < 2 * len(chosen):  # a sentence in two gold pairs: keep the first pairs only
            chosen, used = _distinct(chosen)
        hards: list[dict[str, object]] = []
        tries = 0
        while len(hards) < hard and tries < 10 * len(neg):
            if not neg_order:
                neg_order = list(rng.permutation(len(neg)))
            r = neg[neg_order.pop()]
            tries += 1
            ids = {str(r["id1"]), str(r["id2"])}
            if ids & used:
                continue
            hards.append(r)
            used |= ids
        fill_a: list[str] = []
        fill_b: list[str] = []
        while len(fill_a) < unrelated or len(fill_b) < unrelated:
            sid = all_ids[int(rng.integers(len(all_ids)))]
            if sid in used:
                continue
            used.add(sid)
            (fill_a if len(fill_a) < unrelated else fill_b).append(sentences[sid])
        a_items: list[tuple[str, str]] = []  # (sentence, tag)
        b_items: list[tuple[str, str]] = []
        for tag, group in (("g", chosen), ("h", hards)):
            for k, r in enumerate(group):
                s1, s2 = str(r["s1"]), str(r["s2"])
                if rng.random() < 0.5:
                    s1, s2 = s2, s1
                a_items.append((s1, f"{tag}{k}"))
                b_items.append((s2, f"{tag}{k}"))
        a_items += [(s, "u") for s in fill_a]
        b_items += [(s, "u") for s in fill_b]
        a_items = [a_items[i] for i in rng.permutation(len(a_items))]
        b_items = [b_items[i] for i in rng.permutation(len(b_items))]
        where_b = {tag: j for j, (_, tag) in enumerate(b_items) if tag != "u"}
        gold_links = {(i, where_b[t]) for i, (_, t) in enumerate(a_items) if t.startswith("g")}
        hard_links = {(i, where_b[t]) for i, (_, t) in enumerate(a_items) if t.startswith("h")}
        cases.append(Case([s for s, _ in a_items], [s for s, _ in b_items], gold_links, hard_links))
    return cases


def _distinct(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], set[str]]:
    kept: list[dict[str, object]] = []
    used: set[str] = set()
    for r in rows:
        ids = {str(r["id1"]), str(r["id2"])}
        if not ids & used:
            kept.append(r)
            used |= ids
    return kept, used


def difflib_align(a: Sequence[str], b: Sequence[str], cutoff: float = DIFFLIB_CUTOFF) -> list[tuple[int, int]]:
    """The plain difflib aligner of ``bench/bench_align.py``, as ``(i, j)`` pairs."""
    return [(i[0], j[0]) for i, j in bench_align.difflib_align(list(a), list(b), cutoff)]


def assigned(case: Case, idf: Mapping[str, float] | None) -> list[tuple[int, int, float]]:
    """dedup's one-to-one assignment with every score (the threshold filters these)."""
    m = story_similarity(case.a, case.b, idf=idf)
    rows, cols = linear_sum_assignment(m, maximize=True)
    return [(int(i), int(j), float(m[i, j])) for i, j in zip(rows, cols) if m[i, j] > 0]


def tally(cases: Sequence[Case], links_of: Callable[[Case], Sequence[tuple[int, int]]]) -> Tally:
    t = Tally()
    for case in cases:
        links = set(links_of(case))
        t.gold += len(case.gold)
        t.found += len(links & case.gold)
        t.links += len(links)
        t.false_hard += len(links & case.hard)
    return t


def kept_at(scored: Mapping[int, list[tuple[int, int, float]]], t: float) -> Callable[[Case], list[tuple[int, int]]]:
    """dedup's links of a case at threshold ``t``, from its assignment in ``scored``."""
    return lambda c: [(i, j) for i, j, s in scored[id(c)] if s >= t]


def dedup_at(idf: Mapping[str, float] | None, t: float) -> Callable[[Case], object]:
    return lambda c: align_story_sentences(c.a, c.b, idf=idf, threshold=t)


def sweep(cases: Sequence[Case], scored: Mapping[int, list[tuple[int, int, float]]]) -> list[tuple[float, Tally]]:
    """The tally of dedup's links at every threshold from 0.10 to 0.89."""
    out = []
    for t in np.round(np.arange(0.10, 0.90, 0.01), 2):
        out.append((float(t), tally(cases, kept_at(scored, float(t)))))
    return out


def f_beta(t: Tally, beta: float) -> float:
    p = t.found / t.links if t.links else 1.0
    r = t.found / t.gold if t.gold else 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


RULES: dict[str, Callable[[list[tuple[float, Tally]], Tally], float]] = {
    # the largest F0.5 (precision counts more); ties go to the higher threshold
    "max F0.5": lambda sw, _d: max(sw, key=lambda x: (f_beta(x[1], 0.5), x[0]))[0],
    "max F1": lambda sw, _d: max(sw, key=lambda x: (f_beta(x[1], 1.0), x[0]))[0],
    # the highest threshold that still finds 0.95 of the training gold pairs
    "found >= 0.95": lambda sw, _d: max((t for t, r in sw if r.found >= 0.95 * r.gold), default=0.1),
    # the lowest threshold with no more false links than difflib on the training split
    "false <= difflib": lambda sw, d: min((t for t, r in sw if r.false <= d.false), default=0.89),
}


def timed(cases: Sequence[Case], fn: Callable[[Case], object], repeat: int, cold: bool = False) -> list[float]:
    """Seconds per article pair, one figure per run; ``cold`` empties dedup's sentence cache first."""
    per_pair = []
    for _ in range(repeat):
        if cold:
            story_align._normalised.cache_clear()  # a cold start: no sentence normalised yet
        start = time.perf_counter()
        for case in cases:
            fn(case)
        per_pair.append((time.perf_counter() - start) / len(cases))
    return per_pair


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="JSONL written by bench/data/paraphrase.py")
    parser.add_argument("--gold", type=int, default=5, help="paraphrase pairs per article pair")
    parser.add_argument("--hard", type=int, default=3, help="quality-0 pairs (related, no paraphrase) per article pair")
    parser.add_argument("--unrelated", type=int, default=4, help="unrelated sentences per article")
    parser.add_argument("--pairs-per-split", type=int, default=0, help="article pairs (0: cover every gold pair once)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sweep", action="store_true", help="print the training split's threshold sweep")
    parser.add_argument("--char-weight", type=float, default=story_align.CHAR_WEIGHT,
                        help="weight of the character ratio in dedup's score (dedup.facts.story_align.CHAR_WEIGHT)")
    args = parser.parse_args()
    story_align.CHAR_WEIGHT = args.char_weight

    data = load(args.data)
    shape = dict(gold=args.gold, hard=args.hard, unrelated=args.unrelated, n_cases=args.pairs_per_split)
    train = build_cases(data["train"], seed=args.seed, **shape)
    test = build_cases(data["test"], seed=args.seed + 1, **shape)
    corpus_idf = build_idf(str(r[s]) for r in data["train"] for s in ("s1", "s2"))
    n_a = statistics.mean(len(c.a) for c in test)
    print(f"MSRP: {len(train)} training and {len(test)} test article pairs; per pair {args.gold} paraphrase pairs, "
          f"{args.hard} quality-0 pairs, {args.unrelated} unrelated sentences a side (about {n_a:.0f} sentences each)")

    splits = (("train", train), ("test", test))
    diff = {split: tally(cases, lambda c: difflib_align(c.a, c.b)) for split, cases in splits}
    diff["test"].times = timed(test, lambda c: difflib_align(c.a, c.b), args.repeat)
    print(diff["train"].line("difflib >= 0.6 (train)"))
    print(diff["test"].line("difflib >= 0.6 (test)"))
    story_similarity(test[0].a, test[0].b)  # warm-up: imports are not throughput
    for name, idf in (("local", None), ("corpus", corpus_idf)):
        scored = {id(c): assigned(c, idf) for c in (*train, *test)}
        train_sweep = sweep(train, scored)
        if args.sweep:
            for t, r in train_sweep:
                print(r.line(f"  train sweep {name} {t:.2f}"))
        print(f"dedup, IDF {name} (threshold chosen on the training split by the rule in brackets):")
        for rule, choose in RULES.items():
            t = choose(train_sweep, diff["train"])
            res = tally(test, kept_at(scored, t))
            print(res.line(f"  {t:.2f} [{rule}] (test)"))
        t = DEFAULT_THRESHOLD
        res = tally(test, kept_at(scored, t))
        res.times = timed(test, dedup_at(idf, t), args.repeat, cold=True)
        print(res.line(f"  {t:.2f} [default] (test, cold)"))
        res.times = timed(test, dedup_at(idf, t), args.repeat)
        print(res.line(f"  {t:.2f} [default] (test, warm)"))

if __name__ == "__main__":
    main()
