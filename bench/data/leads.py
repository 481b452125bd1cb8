"""Short news items from long ones: the lead of each article of a dedup JSONL file.

A wire flash, a news-in-brief item or an aggregator's snippet is a paragraph or two.  This keeps the
first paragraphs of each article's ``text`` (paragraphs separated by a blank line) until at least
``--min-chars`` characters are kept, drops the title, and skips an article whose whole text is shorter
(the benchmark's pools skip texts under 200 characters anyway).  The near-duplicate benchmark uses it to
measure dedup where the cost a document, not a character, decides: ``python3 bench/data/leads.py
/tmp/reuters.jsonl /tmp/reuters-leads.jsonl`` (Reuters-21578: 14,809 leads of about 300 characters), then
``bench/bench_dupes.py --real /tmp/reuters-leads.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def lead(text: str, min_chars: int) -> str | None:
    """The first paragraphs of ``text`` reaching ``min_chars`` characters; ``None`` when the text is shorter.

    >>> lead("One.\\n\\nTwo two.\\n\\nThree.", 8)
    'One.\\n\\nTwo two.'
    >>> lead("Short.", 200) is None
    True
    """
    kept: list[str] = []
    size = 0
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if not paragraph:
            continue
        kept.append(paragraph)
        size += len(paragraph)
        if size >= min_chars:
            return "\n\n".join(kept)
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("source", type=Path, help="JSONL of articles (id, text)")
    p.add_argument("out", type=Path, help="JSONL file to write")
    p.add_argument("--min-chars", type=int, default=200, help="characters a lead reaches at least (default 200)")
    args = p.parse_args(argv)
    written = skipped = 0
    with args.source.open(encoding="utf-8") as fh, args.out.open("w", encoding="utf-8") as out:
        for line in fh:
            row = json.loads(line)
            text = lead(row.get("text") or "", args.min_chars)
            if text is None:
                skipped += 1
                continue
            out.write(json.dumps({"id": row.get("id"), "text": text}, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} leads written to {args.out}; {skipped} articles shorter than {args.min_chars} characters",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
