"""Convert the BBC News data set (Greene & Cunningham 2006) into dedup's JSONL input.

Source
------
2,225 articles from the BBC News website, 2004-2005, in five topical folders (business 510, entertainment
386, politics 417, sport 511, tech 401), one article per file ``bbc/<topic>/<nnn>.txt``: the headline on the
first line, a blank line, then the body, paragraphs separated by blank lines.  The files are undated.

The copy used is the ``bbc/`` folder of the public GitHub repository dejanbatanjac/bbc-article-classify-bert
(commit 8265dc84e88b82b87ce7f5b2df5bbbb1159ae922), the "raw text files" distribution of
http://mlg.ucd.ie/datasets/bbc.html with its README.TXT.  The files are UTF-8 except ``sport/199.txt``,
whose one "£" is the latin-1 byte 0xA3; every file is read as UTF-8 and, if that fails, as latin-1.

Licence: please cite D. Greene and P. Cunningham, "Practical Solutions to the Problem of Diagonal
Dominance in Kernel Document Clustering", Proc. ICML 2006.  All rights in the articles are owned by the
BBC; the set is for non-commercial research use.  It is not part of this repository and must not be
committed: keep it outside the tree (e.g. /tmp/bbc-src).

Input
-----
SOURCE is the extracted ``bbc`` folder, i.e. the folder holding ``business/``, ``entertainment/``,
``politics/``, ``sport/`` and ``tech/``.  Every file under it is looked at; any file that is not a
``<topic>/<nnn>.txt`` article (README.TXT, .DS_Store, ...) or that has no headline or no body is
skipped and named on stderr.

Output
------
One JSON object per line, in topic then file order: ``id`` ("bbc-<topic>-<nnn>", nnn as in the file
name), ``title`` (the first line, stripped), ``text`` (the rest: each line stripped, paragraphs joined by
one blank line "\\n\\n", runs of blank or whitespace-only lines collapsed to one; the lines of a bullet
list inside one paragraph stay joined by "\\n"), ``outlet`` ("BBC News") and ``topic``.  No date and no
URL: the set has neither.

Usage
-----
    mkdir -p /tmp/bbc-src && git --git-dir=<bare git dir> archive HEAD bbc | tar -x -C /tmp/bbc-src
    python3 bench/data/bbc_news.py /tmp/bbc-src/bbc /tmp/bbc.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

TOPICS = ("business", "entertainment", "politics", "sport", "tech")
ARTICLE_NAME = re.compile(r"\d+\.txt")
OUTLET = "BBC News"


def decode(data: bytes) -> tuple[str, bool]:
    """The text of a file and whether it needed the latin-1 fallback.

    >>> decode("£5m".encode())
    ('£5m', False)
    >>> decode(b"\\xa35m")
    ('£5m', True)
    """
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("latin-1"), True


def split_article(raw: str) -> tuple[str, str]:
    """Headline (first line, stripped) and body (paragraphs joined by one blank line).

    >>> split_article("Headline \\n\\nFirst para.\\n\\n\\n - a \\n - b\\n \\nLast.\\n")
    ('Headline', 'First para.\\n\\n- a\\n- b\\n\\nLast.')
    """
    first, _, rest = raw.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
    paragraphs: list[list[str]] = [[]]
    for line in rest.split("\n"):
        line = line.strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    body = "\n\n".join("\n".join(lines) for lines in paragraphs if lines)
    return first.strip(), body


def article_files(root: Path) -> tuple[list[tuple[str, Path]], list[tuple[Path, str]]]:
    """(topic, path) of every article under root, sorted, and (path, reason) of every other file."""
    articles: list[tuple[str, Path]] = []
    others: list[tuple[Path, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if len(rel.parts) == 2 and rel.parts[0] in TOPICS and ARTICLE_NAME.fullmatch(rel.parts[1]):
            articles.append((rel.parts[0], path))
        else:
            others.append((path, f"not a <topic>/<nnn>.txt article (topics: {', '.join(TOPICS)})"))
    return articles, others


def convert(root: Path, out_path: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    articles, others = article_files(root)
    for path, why in others:
        counts["skipped"] += 1
        print(f"skipped {path}: {why}", file=sys.stderr)
    with open(out_path, "w", encoding="utf-8") as out:
        for topic, path in articles:
            text, fallback = decode(path.read_bytes())
            counts["read"] += 1
            if fallback:
                counts["latin1"] += 1
                print(f"note: {path} is not valid UTF-8, read as latin-1", file=sys.stderr)
            title, body = split_article(text)
            if not title or not body:
                counts["skipped"] += 1
                print(f"skipped {path}: {'no headline' if not title else 'no body'}", file=sys.stderr)
                continue
            record = {
                "id": f"bbc-{topic}-{path.stem}",
                "title": title,
                "text": body,
                "outlet": OUTLET,
                "topic": topic,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts["written"] += 1
            counts[f"topic:{topic}"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("source", type=Path, help="the extracted bbc folder (holding business/, ..., tech/)")
    parser.add_argument("out", type=Path, help="JSONL file to write")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        sys.exit(f"{args.source}: not a folder")
    counts = convert(args.source, args.out)
    per_topic = ", ".join(f"{t} {counts[f'topic:{t}']}" for t in TOPICS)
    print(
        f"{counts['read']} article files read ({counts['latin1']} as latin-1 after UTF-8 failed), "
        f"{counts['written']} written to {args.out} ({per_topic}); skipped files: {counts['skipped']}",
        file=sys.stderr,
    )
    if not counts["written"]:
        print(f"error: no articles under {args.source}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
