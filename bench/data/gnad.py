"""Convert the Ten Thousand German News Articles Dataset (10kGNAD) into dedup's JSONL input.

Source
------
10,273 articles from the Austrian newspaper DER STANDARD (2015-2016) in nine topics, one article per
row of a CSV file: ``topic;'text'`` (``;`` between fields, ``'`` around a field that needs quoting).
The text is one paragraph: lead and body run together, no line breaks, no headline.  German, with the
characters real copy has: umlauts and ß, „low-high“ quotes, en dashes ("Wien – Die Gewerkschaft"),
€ signs; 1.5% of the characters are not ASCII.

The copy used is ``test.csv`` (1,028 articles, the published test split) of the public GitHub repository
tblock/10kGNAD (commit da845fe4a16f02a8de10903ffbc636d1c8d21862); that repository's ``train.csv`` is
stored outside git and is not needed.

Licence: the data set is under Creative Commons Attribution-NonCommercial-ShareAlike 4.0
(https://creativecommons.org/licenses/by-nc-sa/4.0/), built from the One Million Posts Corpus (Schabus et
al., SIGIR 2017).  It is not part of this repository and must not be committed.

Used by the near-duplicate benchmark as text the project was not tuned on: long single-paragraph
articles in another language (``bench/bench_dupes.py --real /tmp/gnad.jsonl``).

Output
------
One JSON object per line, in file order: ``id`` ("gnad-<row>", row counted from 1), ``text`` and
``topic``, which dedup ignores.  A row that is not two fields or whose text is empty is skipped and
counted on stderr.

Usage
-----
    git --git-dir=<bare git dir of tblock/10kGNAD> show HEAD:test.csv > /tmp/gnad_test.csv
    python3 bench/data/gnad.py /tmp/gnad_test.csv /tmp/gnad.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path


def rows(lines: Iterable[str]) -> Iterator[tuple[int, str, str] | tuple[int, None, None]]:
    """``(row, topic, text)`` for each CSV row; ``(row, None, None)`` for one that is not an article.

    >>> list(rows(["Web;'Ein „Test“ – 5 €'\\n", "kaputt\\n", "Sport;''\\n"]))
    [(1, 'Web', 'Ein „Test“ – 5 €'), (2, None, None), (3, None, None)]
    """
    for n, row in enumerate(csv.reader(lines, delimiter=";", quotechar="'"), start=1):
        if len(row) != 2 or not row[1].strip():
            yield n, None, None
        else:
            yield n, row[0].strip(), row[1].strip()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("source", type=Path, help="test.csv of 10kGNAD")
    p.add_argument("out", type=Path, help="JSONL file to write")
    args = p.parse_args(argv)
    written = skipped = 0
    with args.source.open(encoding="utf-8", newline="") as fh, args.out.open("w", encoding="utf-8") as out:
        for n, topic, text in rows(fh):
            if text is None:
                skipped += 1
                continue
            out.write(json.dumps({"id": f"gnad-{n}", "text": text, "topic": topic}, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} articles written to {args.out}; {skipped} rows skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
