"""Convert the Microsoft Research Paraphrase Corpus (MSRP) into JSONL for ``bench/bench_story_align.py``.

Source
------
Microsoft Research Paraphrase Corpus (Dolan, Quirk and Brockett 2004; Dolan and Brockett 2005):
5,801 pairs of sentences taken from news clusters on the web, each judged by people as a
paraphrase (quality 1: the two sentences say the same thing) or not (quality 0: related
sentences, usually on the same story and with much shared wording, that do not say the same
thing).  Split as released: 4,076 training pairs, 1,725 test pairs.

The files used are ``msr_paraphrase_train.txt`` and ``msr_paraphrase_test.txt`` in the public
GitHub repository a389965626/Sick- (commit 1c9d2289d3b36ec71592e51828257e7a81b48028): the
original tab-separated release (Quality, #1 ID, #2 ID, #1 String, #2 String; untokenised
sentences), with a UTF-8 byte-order mark and without the header line.  A header line, if
present, is skipped.  See ``bench/data/PARAPHRASE.md`` for the commands.

Licence: the corpus is distributed by Microsoft Research under its own licence; it is not
part of this repository and must not be committed.  Keep it outside the tree (e.g. /tmp/msrp).

Output
------
One JSON object per line: ``split`` ("train" or "test"), ``quality`` (1 or 0), ``id1``,
``id2`` (the corpus's sentence ids: one sentence can occur in several pairs), ``s1``, ``s2``.

Usage
-----
    python3 bench/data/paraphrase.py /tmp/msrp/msr_paraphrase_train.txt \\
        /tmp/msrp/msr_paraphrase_test.txt /tmp/msrp/msrp.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def read_msrp(path: Path, split: str) -> list[dict[str, object]]:
    """The pairs of one MSRP file, in file order.

    Parameters
    ----------
    path
        ``msr_paraphrase_train.txt`` or ``msr_paraphrase_test.txt``.
    split
        The name written into each row.

    Returns
    -------
    list of dict
        One row per pair (see the module docstring).
    """
    rows: list[dict[str, object]] = []
    text = path.read_text(encoding="utf-8-sig")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if fields[0].strip() == "Quality":
            continue  # the header line of the original release
        if len(fields) != 5 or fields[0].strip() not in ("0", "1"):
            raise ValueError(f"{path}:{n}: expected 5 tab-separated fields starting with 0 or 1")
        quality, id1, id2, s1, s2 = (f.strip() for f in fields)
        rows.append({"split": split, "quality": int(quality), "id1": id1, "id2": id2, "s1": s1, "s2": s2})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path, help="msr_paraphrase_train.txt")
    parser.add_argument("test", type=Path, help="msr_paraphrase_test.txt")
    parser.add_argument("out", type=Path, help="JSONL to write")
    args = parser.parse_args(argv)
    rows = read_msrp(args.train, "train") + read_msrp(args.test, "test")
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter((str(r["split"]), int(str(r["quality"]))) for r in rows)
    summary = ", ".join(f"{s} q{q}: {c}" for (s, q), c in sorted(counts.items()))
    print(f"{len(rows)} pairs written to {args.out} ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
