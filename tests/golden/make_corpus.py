"""Write the golden test corpus, ``tests/golden/corpus/corpus.jsonl`` (run once; the file is committed).

The golden-output test (``tests/test_golden.py``) scans ``seeds/`` and this file and compares every
output with the files under ``tests/golden/scan/``.  The corpus is committed rather than generated in the
test, so that a later change to the generators cannot move the golden outputs.  It holds:

* the eight agency-style articles of ``tests/data/facts/`` (written for the project; the people and
  companies in them are invented), each with its publication date;
* two planted copies of each (``dedup_testing.plant``: discrepancies and same-fact rewrites, seeds 1 and 2), from
  other outlets;
* a synthetic corpus of 30 originals and their edited copies (``dedup_testing.synthetic``, seed 7).

Usage::

    python3 tests/golden/make_corpus.py
"""

from __future__ import annotations

import json
from pathlib import Path

from dedup.ingest.files import read_corpus
from dedup_testing.plant import plant_copy
from dedup_testing.synthetic import make_corpus

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "corpus" / "corpus.jsonl"


def main() -> None:
    facts = read_corpus([ROOT.parent / "data" / "facts"]).documents
    rows = []
    for k, doc in enumerate(facts):
        date = doc.date or f"2024-03-{k + 10:02d}"
        rows.append({"id": f"facts/{doc.id}", "title": doc.title, "text": "\n\n".join(doc.paragraphs),
                     "outlet": "wire.example", "date": date})
        doc.date = date
        for seed in (1, 2):
            copy = plant_copy(doc, seed).copy
            rows.append({"id": f"copy{seed}/{doc.id}", "title": copy.title, "text": "\n\n".join(copy.paragraphs),
                         "outlet": f"outlet{seed}.example", "date": date})
    synthetic = make_corpus(30, copy_rate=0.5, seed=7)
    for doc_id, text in zip(synthetic.ids, synthetic.texts):
        rows.append({"id": f"synthetic/{doc_id}", "text": text, "outlet": doc_id.split("/")[0]})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents written to {OUT}")


if __name__ == "__main__":
    main()
