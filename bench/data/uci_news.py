"""Convert the UCI News Aggregator CSV into dedup's JSONL input, with the gold story label.

Source
------
UCI Machine Learning Repository, "News Aggregator" data set (F. Gasparetti): headlines, URLs and
publishers of news items collected by a news aggregator in 2014, each with the id of the story (cluster of items
about the same event) the aggregator put it in.  Columns: ID, TITLE, URL, PUBLISHER, CATEGORY (b business,
t science and technology, e entertainment, m health), STORY, HOSTNAME, TIMESTAMP (ms since the epoch).

The set used here is the 6,367-row subset at ``uci-news-aggregator.csv`` in the public GitHub repository
pratikaher88/IPythonNotebooks (commit 8482bf77238c09f993e4e1a16c789bdc8c4a61fe): rows with ID 1-6367, i.e. the
head of the full file (items of 10-12 March 2014, 87 stories).  Its last row is cut off in the middle
of the URL (no PUBLISHER ... TIMESTAMP), so that row is skipped and 6,366 items remain.

Licence: the data set is distributed by the UCI ML repository for research use; it is not part of this
repository and must not be committed.  Download it yourself and keep it outside the tree (e.g. /tmp/uci).

Output
------
One JSON object per line: ``id`` ("uci-<ID>"), ``title`` (TITLE), ``text`` (TITLE as well: the items are
headlines only), ``outlet`` (PUBLISHER; null when empty, so dedup falls back to the URL's site), ``url``
(URL), ``date`` (ISO date of TIMESTAMP in UTC) and ``story`` (the STORY id, the gold label; dedup ignores
fields it does not know).

Usage
-----
    python3 bench/data/uci_news.py /tmp/uci/uci-news-aggregator.csv /tmp/uci/uci.jsonl
    python3 -m dedup scan /tmp/uci/uci.jsonl --out /tmp/uci-out
    python3 bench/score_stories.py /tmp/uci/uci.jsonl /tmp/uci-out --baseline
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from datetime import datetime, timezone

COLUMNS = ("ID", "TITLE", "URL", "PUBLISHER", "CATEGORY", "STORY", "HOSTNAME", "TIMESTAMP")
REQUIRED = ("ID", "TITLE", "STORY", "TIMESTAMP")


def iso_date(stamp_ms: str) -> str:
    """The UTC calendar date of a millisecond epoch timestamp.

    >>> iso_date("1394470370698")
    '2014-03-10'
    """
    return datetime.fromtimestamp(int(stamp_ms) / 1000, tz=timezone.utc).date().isoformat()


def convert(csv_path: str, out_path: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    stories: set[str] = set()
    with open(csv_path, newline="", encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        reader = csv.DictReader(src)
        header = tuple(reader.fieldnames or ())
        if header != COLUMNS:
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                sys.exit(f"{csv_path}: header {header} lacks {missing}")
            print(f"note: header is {header}, expected {COLUMNS}", file=sys.stderr)
        for line_no, row in enumerate(reader, start=2):
            counts["rows"] += 1
            values = {c: (row.get(c) or "").strip() for c in COLUMNS}
            absent = [c for c in REQUIRED if not values[c]]
            if absent or not values["TIMESTAMP"].isdigit():
                counts["skipped"] += 1
                why = f"empty {', '.join(absent)}" if absent else f"TIMESTAMP {values['TIMESTAMP']!r}"
                print(f"skipped row ID {values['ID'] or '?'} (record at line {line_no}): {why}", file=sys.stderr)
                continue
            if not values["PUBLISHER"]:
                counts["no_publisher"] += 1
            record = {
                "id": f"uci-{values['ID']}",
                "title": row["TITLE"],
                "text": row["TITLE"],
                "outlet": values["PUBLISHER"] or None,
                "url": values["URL"] or None,
                "date": iso_date(values["TIMESTAMP"]),
                "story": values["STORY"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts["written"] += 1
            stories.add(values["STORY"])
    counts["stories"] = len(stories)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", help="uci-news-aggregator.csv (full file or a subset with the same header)")
    parser.add_argument("out", help="JSONL file to write")
    args = parser.parse_args(argv)
    counts = convert(args.csv, args.out)
    print(
        f"{counts['rows']} rows read, {counts['written']} written to {args.out}, {counts['skipped']} skipped; "
        f"{counts['stories']} gold stories; {counts['no_publisher']} without a publisher (outlet null)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
