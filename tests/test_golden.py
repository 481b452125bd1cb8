"""Golden outputs: what the commands write on the seeds and a fixed test corpus, byte for byte.

Written before the package was split into stage packages (issue 12), so that a move that changes any
output fails here.  The corpus is ``tests/golden/corpus/corpus.jsonl`` (see ``tests/golden/make_corpus.py``)
plus ``seeds/``.  Compared:

* ``dedup scan``: every JSONL file (gzipped under ``tests/golden/scan/``), ``run.json`` without its
  timings, and the SHA-256 of ``report.html`` (``SOURCE_DATE_EPOCH`` fixes its stamp);
* ``dedup dupes`` at document and paragraph level (JSONL) and ``dedup check`` (JSON with every change) on
  one pair of the corpus.

After an intended change to an output::

    DEDUP_REGENERATE_GOLDEN=1 python3 -m pytest tests/test_golden.py
    git diff --stat tests/golden/
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest

from dedup.cli import main
from dedup_testing.paths import ROOT, SEEDS

GOLDEN = ROOT / "tests" / "golden"
CORPUS = GOLDEN / "corpus" / "corpus.jsonl"
SCAN = GOLDEN / "scan"
REGENERATE = os.environ.get("DEDUP_REGENERATE_GOLDEN") == "1"
JSONL = [
    "documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "stories.jsonl",
    "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl",
]


def _compare(name: str, got: bytes) -> None:
    """``got`` against the golden file ``name`` (gzipped), with the first differing line on failure."""
    path = SCAN / f"{name}.gz"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mtime 0: the same bytes give the same file
        path.write_bytes(gzip.compress(got, mtime=0))
        return
    assert path.exists(), f"no golden {path.name}; run with DEDUP_REGENERATE_GOLDEN=1 to create it"
    want = gzip.decompress(path.read_bytes())
    if got == want:
        return
    g, w = got.decode().splitlines(), want.decode().splitlines()
    line = next((k for k, (x, y) in enumerate(zip(g, w)) if x != y), min(len(g), len(w)))
    pytest.fail(
        f"{name} differs from the golden file at line {line + 1} ({len(g)} lines, golden {len(w)}):\n"
        f"  got:      {g[line][:300] if line < len(g) else '<end>'}\n"
        f"  expected: {w[line][:300] if line < len(w) else '<end>'}\n"
        "If the change is intended: DEDUP_REGENERATE_GOLDEN=1 python3 -m pytest tests/test_golden.py"
    )


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "scan"
    env = pytest.MonkeyPatch()
    env.setenv("SOURCE_DATE_EPOCH", "1700000000")
    try:
        code = main(["scan", str(SEEDS), str(CORPUS), "--out", str(out), "--workers", "2"])
    finally:
        env.undo()
    assert code == 0
    return out


@pytest.mark.parametrize("name", JSONL)
def test_scan_outputs_are_unchanged(scanned: Path, name: str) -> None:
    # a document's source is the path it was read from: the checkout's own root is written as <repo>
    text = (scanned / name).read_text(encoding="utf-8").replace(json.dumps(str(ROOT))[1:-1], "<repo>")
    _compare(name, text.encode("utf-8"))


def test_scan_run_record_is_unchanged_but_for_timings(scanned: Path) -> None:
    run = json.loads((scanned / "run.json").read_text(encoding="utf-8"))
    assert run.pop("timings_s")["total"] >= 0
    _compare("run.json", (json.dumps(run, indent=1, sort_keys=True) + "\n").encode())


def test_scan_report_is_unchanged(scanned: Path) -> None:
    digest = hashlib.sha256((scanned / "report.html").read_bytes()).hexdigest()
    _compare("report.html.sha256", (digest + "\n").encode())


@pytest.mark.parametrize("level", ["document", "paragraph"])
def test_dupes_output_is_unchanged(level: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["dupes", str(SEEDS), str(CORPUS), "--level", level, "--format", "jsonl"]) == 0
    _compare(f"dupes-{level}.jsonl", capsys.readouterr().out.encode())


def test_check_output_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())}
    original, copy = tmp_path / "original.txt", tmp_path / "copy.txt"
    for path, key in ((original, "facts/trade_tariffs.txt"), (copy, "copy1/trade_tariffs.txt")):
        row = rows[key]
        path.write_text(f"{row['title']}\n\n{row['text']}\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["check", str(original), str(copy), "--format", "json", "--all-changes"])
    assert code in (0, 1)
    _compare("check.json", capsys.readouterr().out.replace(str(tmp_path), "TMP").encode())
