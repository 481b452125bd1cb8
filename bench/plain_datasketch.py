"""The baseline for ``bench_dupes.py``: a plain, one-process datasketch loop.

For each ``.txt`` file under DIR (sorted walk, hidden entries skipped, like
``dedup``): read it, lower-case it, tokenise with the regex ``\\w+``, build the
set of word 3-gram shingles (dedup's default shingle kind and size), hash them
into ``MinHash(num_perm=128)`` with ``update_batch``, query a
``MinHashLSH(threshold=0.5, num_perm=128)`` and then insert the document.
Every (query hit, document) pair is reported, unverified: that is the output.

Pairs go to stdout as JSON lines ``{"a": ..., "b": ...}`` with ``a < b``; ids
are paths relative to DIR with ``/`` separators (``orig/0000001.txt``).

Usage: ``python3 bench/plain_datasketch.py DIR > pairs.jsonl``
"""

from __future__ import annotations

import json
import os
import re
import sys

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")
SHINGLE = 3
NUM_PERM = 128
THRESHOLD = 0.5


def files(root: str) -> list[tuple[str, str]]:
    """``(path, id)`` of every ``.txt`` file under ``root``, in sorted walk order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(filenames):
            if name.endswith(".txt") and not name.startswith("."):
                found.append((os.path.join(dirpath, name), prefix + name))
    return found


def main(root: str) -> int:
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    out = sys.stdout
    for path, doc_id in files(root):
        with open(path, encoding="utf-8") as fh:
            words = WORD.findall(fh.read().lower())
        if len(words) >= SHINGLE:
            shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        else:
            shingles = {" ".join(words)} if words else set()
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in shingles])
        for other in lsh.query(m):
            a, b = sorted((other, doc_id))
            out.write(json.dumps({"a": a, "b": b}) + "\n")
        lsh.insert(doc_id, m)
    out.flush()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: plain_datasketch.py DIR\n")
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
