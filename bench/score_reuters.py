"""Score a ``dedup scan`` of Reuters-21578 against the hand labels in ``bench/data``.

Two figures (see ``bench/data/README.md`` for the data and the label scheme):

(a) **Recall on the corrections.**  ``reuters_corrections.jsonl`` lists, for each
    (original, corrected) pair of items, every real change a tool must report.
    A change counts as found when ``discrepancies.jsonl`` has a finding between
    the two ids (either order) that

    * carries the change in its values: the gold ``a_value`` and the reported
      ``a_value`` contain one another (as whole words, whitespace and case
      normalised), and so do the ``b_value`` s; or
    * sits on the sentence pair of the change: the reported ``a_text`` contains
      the gold ``a_value``, the reported ``b_text`` the gold ``b_value``, both
      sentences overlap the gold sentences, and the kind matches (``number`` and
      ``date`` count as one; a gold ``wording``/``other`` change takes any kind).

    Misses are explained: a document the reader dropped, a pair the tool never
    linked, or a linked pair whose change was not reported.

(b) **Precision on a labelled sample** of findings: the share labelled ``true``
    (``same_fact`` and ``different_things`` are false alarms), overall, per
    scope and per kind, with Wilson 95% intervals.

Usage::

    python3 bench/score_reuters.py SCAN_DIR [--corrections FILE] [--sample FILE] [--json]
    python3 bench/score_reuters.py SCAN_DIR --draw 160 --seed 20261201 --out FILE

``--draw`` writes a fresh random sample of findings (stratified by ``scope`` in
proportion) with empty ``label`` and ``why`` for labelling by hand, and a
``.meta.json`` beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
LABELS = ("true", "same_fact", "different_things")
SAMPLE_FIELDS = (
    "a", "b", "kind", "relation", "scope", "subject", "a_value", "b_value", "a_text", "b_text",
)  # fmt: skip

Row = dict[str, Any]


def read_jsonl(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def words(text: str | None) -> list[str]:
    """Lower-case words with the punctuation at their edges removed."""
    out = []
    for w in (text or "").lower().split():
        w = w.strip(".,;:!?\"'()[]")
        if w:
            out.append(w)
    return out


def within(small: list[str], big: list[str]) -> bool:
    """Whether ``small`` occurs as a run of whole words inside ``big``."""
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def mutual(x: str | None, y: str | None) -> bool:
    wx, wy = words(x), words(y)
    return within(wx, wy) or within(wy, wx)


def overlap(x: str | None, y: str | None) -> float:
    sx, sy = set(words(x)), set(words(y))
    return len(sx & sy) / max(1, min(len(sx), len(sy)))


def kinds_match(gold: str, reported: str) -> bool:
    if gold in ("wording", "other"):
        return True
    family = {"date": "number"}
    return family.get(gold, gold) == family.get(reported, reported)


def oriented(f: Row, a_id: str) -> Row:
    """The finding with its ``a`` side on document ``a_id``."""
    if f["a"] == a_id:
        return f
    swapped = dict(f)
    for x, y in (("a", "b"), ("a_value", "b_value"), ("a_text", "b_text")):
        swapped[x], swapped[y] = f.get(y), f.get(x)
    return swapped


def covers(f: Row, g: Row) -> str | None:
    """How finding ``f`` (oriented to the gold pair) covers gold change ``g``, if it does."""
    if (
        f.get("a_value")
        and f.get("b_value")
        and words(f["a_value"]) != words(f["b_value"])
        and mutual(f["a_value"], g["a_value"])
        and mutual(f["b_value"], g["b_value"])
    ):
        return "values"
    if (
        within(words(g["a_value"]), words(f.get("a_text")))
        and within(words(g["b_value"]), words(f.get("b_text")))
        and overlap(f.get("a_text"), g["a_text"]) >= 0.6
        and overlap(f.get("b_text"), g["b_text"]) >= 0.6
        and kinds_match(g["kind"], f.get("kind", ""))
    ):
        return "sentence"
    return None


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(k: int, n: int) -> Row:
    lo, hi = wilson(k, n)
    return {"k": k, "n": n, "rate": round(k / n, 3) if n else None, "ci95": [round(lo, 3), round(hi, 3)]}


def fmt(s: Row) -> str:
    if not s["n"]:
        return "   -  (0)"
    return f"{s['rate']:.3f} ({s['k']}/{s['n']}; 95% CI {s['ci95'][0]:.3f}-{s['ci95'][1]:.3f})"


class Scan:
    """The parts of a ``dedup scan`` output folder that scoring reads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.findings = list(read_jsonl(folder / "discrepancies.jsonl"))
        self.documents = {r["id"] for r in read_jsonl(folder / "documents.jsonl")}
        self.by_pair: dict[frozenset[str], list[Row]] = defaultdict(list)
        for f in self.findings:
            self.by_pair[frozenset((f["a"], f["b"]))].append(f)
        self.linked: dict[frozenset[str], set[str]] = defaultdict(set)
        for name, how in (("pairs.jsonl", "copy"), ("passages.jsonl", "passage"), ("alignments.jsonl", "aligned")):
            path = folder / name
            if path.exists():
                for r in read_jsonl(path):
                    self.linked[frozenset((r["a"], r["b"]))].add(how)


def recall(scan: Scan, gold: list[Row]) -> Row:
    results = []
    for g in gold:
        pair = frozenset((g["original"], g["corrected"]))
        how = None
        for f in scan.by_pair.get(pair, []):
            how = covers(oriented(f, g["original"]), g)
            if how:
                break
        if how:
            why = f"found ({how})"
        elif not {g["original"], g["corrected"]} <= scan.documents:
            lost = sorted({g["original"], g["corrected"]} - scan.documents)
            why = "document not read: " + ", ".join(lost)
        elif pair not in scan.linked:
            why = "pair not linked (no copy, passage or aligned sentence)"
        elif not scan.by_pair.get(pair):
            why = "linked, no finding for the pair"
        else:
            why = "linked, findings do not cover the change"
        results.append({**g, "found": bool(how), "why": why})

    def tally(rows: Iterable[Row]) -> Row:
        rows = list(rows)
        return share(sum(r["found"] for r in rows), len(rows))

    groups: dict[str, Row] = {}
    for pt in sorted({r["pair_type"] for r in results}):
        sub = [r for r in results if r["pair_type"] == pt]
        groups[pt] = {
            "all": tally(sub),
            "corrected_change": tally(r for r in sub if r["corrected_change"]),
            "both_documents_read": tally(r for r in sub if not r["why"].startswith("document not read")),
            "by_kind": {k: tally(r for r in sub if r["kind"] == k) for k in sorted({r["kind"] for r in sub})},
        }
    misses: dict[str, int] = defaultdict(int)
    for r in results:
        if not r["found"]:
            misses[r["why"].split(":")[0]] += 1
    return {"groups": groups, "misses": dict(misses), "changes": results}


def precision(sample: list[Row]) -> Row:
    labelled = [r for r in sample if r.get("label") in LABELS]
    unknown = [r for r in sample if r.get("label") and r.get("label") not in LABELS]
    if unknown:
        raise SystemExit(f"unknown label {unknown[0]['label']!r}; use one of {', '.join(LABELS)}")

    def tally(rows: Iterable[Row]) -> Row:
        rows = list(rows)
        return share(sum(r["label"] == "true" for r in rows), len(rows))

    return {
        "labelled": len(labelled),
        "unlabelled": len(sample) - len(labelled),
        "all": tally(labelled),
        "by_scope": {s: tally(r for r in labelled if r["scope"] == s) for s in sorted({r["scope"] for r in labelled})},
        "by_kind": {k: tally(r for r in labelled if r["kind"] == k) for k in sorted({r["kind"] for r in labelled})},
        "labels": {lab: sum(r["label"] == lab for r in labelled) for lab in LABELS},
        "labels_by_scope": {
            s: {lab: sum(r["label"] == lab and r["scope"] == s for r in labelled) for lab in LABELS}
            for s in sorted({r["scope"] for r in labelled})
        },
    }


def draw(scan: Scan, n: int, seed: int, out: Path) -> None:
    """Write ``n`` findings drawn at random, stratified by scope in proportion, with empty labels."""
    rng = random.Random(seed)
    by_scope: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(scan.findings):
        by_scope[f.get("scope", "?")].append(i)
    total = len(scan.findings)
    if total <= n:
        picked = list(range(total))
    else:
        quota = {s: max(1, round(n * len(ix) / total)) for s, ix in sorted(by_scope.items())}
        picked = sorted(i for s, ix in sorted(by_scope.items()) for i in rng.sample(ix, min(quota[s], len(ix))))
    with out.open("w", encoding="utf-8") as fh:
        for i in picked:
            f = scan.findings[i]
            row = {"line": i + 1, **{k: f.get(k) for k in SAMPLE_FIELDS}, "label": "", "why": ""}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    run = scan.folder / "run.json"
    meta = {
        "drawn": dt.date.today().isoformat(),
        "seed": seed,
        "n": len(picked),
        "population": total,
        "population_by_scope": {s: len(ix) for s, ix in sorted(by_scope.items())},
        "sample_by_scope": {s: sum(scan.findings[i].get("scope") == s for i in picked) for s in sorted(by_scope)},
        "scan_dir": str(scan.folder),
        "scan_counts": json.loads(run.read_text())["counts"] if run.exists() else None,
        "bench_commit_when_drawn": commit,
        "command": f"python3 bench/score_reuters.py {scan.folder} --draw {n} --seed {seed} --out {out}",
    }
    out.with_suffix(".meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"{len(picked)} of {total} findings written to {out} (seed {seed}); label each by hand", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("scan_dir", type=Path, help="folder written by dedup scan")
    p.add_argument("--corrections", type=Path, default=DATA / "reuters_corrections.jsonl")
    p.add_argument("--sample", type=Path, default=DATA / "reuters_sample_before.jsonl", help="labelled sample")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--misses", action="store_true", help="list every missed change")
    p.add_argument("--draw", type=int, metavar="N", help="draw N findings for labelling instead of scoring")
    p.add_argument("--seed", type=int, default=20261201)
    p.add_argument("--out", type=Path, help="where --draw writes the sample")
    args = p.parse_args(argv)
    scan = Scan(args.scan_dir)
    if args.draw is not None:
        if args.out is None:
            p.error("--draw needs --out FILE")
        draw(scan, args.draw, args.seed, args.out)
        return 0
    rec = recall(scan, list(read_jsonl(args.corrections)))
    prec = precision(list(read_jsonl(args.sample))) if args.sample.exists() else None
    if args.json:
        print(json.dumps({"recall": {k: v for k, v in rec.items() if k != "changes"}, "precision": prec}, indent=2))
        return 0
    print(f"scan: {args.scan_dir} ({len(scan.findings)} findings, {len(scan.documents)} documents)")
    print("\n(a) recall on the corrections")
    for pt, g in rec["groups"].items():
        print(f"  {pt:8} all changes           {fmt(g['all'])}")
        print(f"  {pt:8} what the notice fixed {fmt(g['corrected_change'])}")
        print(f"  {pt:8} both documents read   {fmt(g['both_documents_read'])}")
        for k, s in g["by_kind"].items():
            print(f"  {pt:8}   {k:10}          {fmt(s)}")
    print("  misses: " + ", ".join(f"{why}: {n}" for why, n in sorted(rec["misses"].items())))
    if args.misses:
        for r in rec["changes"]:
            if not r["found"]:
                change = f"[{r['kind']}] {r['a_value']!r} / {r['b_value']!r}"
                print(f"    {r['original']} -> {r['corrected']} {change}: {r['why']}")
    if prec is None:
        print(f"\n(b) no labelled sample at {args.sample}")
        return 0
    print(f"\n(b) precision on the labelled sample ({prec['labelled']} labelled, {prec['unlabelled']} not)")
    print(f"  all        {fmt(prec['all'])}")
    for s, v in prec["by_scope"].items():
        print(f"  {s:10} {fmt(v)}   {prec['labels_by_scope'][s]}")
    for k, v in prec["by_kind"].items():
        print(f"  kind {k:6} {fmt(v)}")
    print(f"  labels: {prec['labels']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
