"""``dedup check`` over every near-duplicate pair a scan found: what an editor would be told, pair by pair.

A scan's ``pairs.jsonl`` lists the copies of a corpus; each pair is checked as ``dedup check A B`` would
(:func:`dedup.run.check.check_copy`, the record's text as given, its title as the headline). The findings are
printed one a line (kind, the two values, the explanation), headline findings counted apart: a copy's desk
rewrites headlines at will, so a headline finding that is only a rewrite is a false alarm.

    python3 -m dedup scan /tmp/bbc.jsonl --out /tmp/bbc-out
    python3 bench/check_pairs.py /tmp/bbc.jsonl /tmp/bbc-out            # BBC News: 171 pairs, about 10 s
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from dedup.ingest.files import document_from_text
from dedup.run.check import check_copy


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path, help="the JSONL corpus the scan read (id, text, title)")
    p.add_argument("scan_dir", type=Path, help="the scan's output folder (pairs.jsonl)")
    args = p.parse_args()
    records = {}
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                records[str(row["id"]).strip()] = row
    kinds: collections.Counter[tuple[str, str]] = collections.Counter()
    n = 0
    with (args.scan_dir / "pairs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            docs = [
                document_from_text(records[i]["text"], id=i, clean=False, fields={"title": records[i].get("title")})
                for i in (pair["a"], pair["b"])
            ]
            n += 1
            for d in check_copy(*docs).discrepancies:
                where = "headline" if d.explanation.startswith("Headline: ") else "text"
                kinds[(where, d.kind)] += 1
                print(f"{where}\t{d.kind}\t{d.a_value!r}\t{d.b_value!r}\t{d.explanation}")
    summary = ", ".join(f"{where} {kind} {count}" for (where, kind), count in sorted(kinds.items()))
    print(f"{n} pairs checked; {sum(kinds.values())} findings: {summary or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
