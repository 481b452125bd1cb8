"""The command line, run as a subprocess (``python -m dedup``) the way users run it.

Data goes to stdout, progress and problems to stderr one line each, errors
exit 2 without a traceback, and ``scan`` writes the files of the output
contract in DESIGN.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup_testing.paths import SEEDS

SEED_IDS = sorted(p.name for p in SEEDS.glob("*.txt"))
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61") + bytes(range(256))
BIG_MB = 50


def dedup_cli(*args: str | Path, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m dedup ARGS`` with stdout and stderr captured, as through a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}}
    env["PYTHONIOENCODING"] = "utf-8"
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "dedup", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout


def _copy_seeds(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name in SEED_IDS:
        shutil.copy(SEEDS / name, root / name)
    (root / "wire").mkdir()
    shutil.copy(SEEDS / SEED_IDS[0], root / "wire" / "story-001.txt")  # an exact copy: one pair


# ---------------------------------------------------------------------------
# A corpus with bad files in it
# ---------------------------------------------------------------------------

BAD_FILES = {
    # name: (kind in run.json, what the stderr line must say)
    "empty.txt": ("empty", r"empty"),
    "image.txt": ("binary", r"binary"),
    "noise.txt": ("undecodable", r"encoding"),
    "big.txt": ("too-large", r"--max-file-mb"),
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("messy") / "corpus"
    _copy_seeds(root)
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(PNG_BYTES)
    rng = random.Random(11)
    (root / "noise.txt").write_bytes(bytes(rng.randrange(128, 256) for _ in range(5000)))
    line = b"Russian troops massed near the border on Monday, officials said, as talks stalled.\n"
    chunk = line * (1_000_000 // len(line) + 1)
    with open(root / "big.txt", "wb") as fh:
        for _ in range(BIG_MB):
            fh.write(chunk)
    assert (root / "big.txt").stat().st_size > BIG_MB * 1_000_000
    yield root
    (root / "big.txt").unlink()  # pytest keeps recent temp folders; do not keep 50 MB of them


@pytest.fixture(scope="module")
def messy_scan(messy: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = messy.parent / "out"
    return dedup_cli("scan", messy, "--out", out), out


def test_scan_goes_on_past_bad_files(messy_scan: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = messy_scan
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    for name in ("documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "run.json"):
        assert (out / name).is_file(), name


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_skipped_file_is_named_on_one_stderr_line_with_its_reason(
    messy_scan: tuple[subprocess.CompletedProcess[str], Path], name: str
) -> None:
    proc, _ = messy_scan
    lines = [line for line in proc.stderr.splitlines() if name in line]
    assert len(lines) == 1, proc.stderr
    assert re.search(BAD_FILES[name][1], lines[0]), lines[0]
    assert lines[0].startswith("warning: skipped ")


def test_run_json_lists_the_skipped_files(messy_scan: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = messy_scan
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {Path(s["path"]).name: s["kind"] for s in run["skipped"]} == {
        name: kind for name, (kind, _) in BAD_FILES.items()
    }
    assert all(s["reason"] for s in run["skipped"])
    assert run["counts"]["skipped"] == len(BAD_FILES)


def test_every_good_document_is_written(messy_scan: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = messy_scan
    ids = [row["id"] for row in read_jsonl(out / "documents.jsonl")]
    assert sorted(ids) == sorted([*SEED_IDS, "wire/story-001.txt"])


def test_summary_goes_to_stderr(messy_scan: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    proc, out = messy_scan
    last = proc.stderr.strip().splitlines()[-1]
    assert "6 documents" in last and "4 skipped" in last
    assert str(out) in last


# ---------------------------------------------------------------------------
# The output contract
# ---------------------------------------------------------------------------


def test_documents_jsonl_rows_carry_the_contract_fields(
    messy_scan: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = messy_scan
    rows = {row["id"]: row for row in read_jsonl(out / "documents.jsonl")}
    for row in rows.values():
        for key in ("id", "title", "outlet", "date", "url", "n_paragraphs", "n_sentences"):
            assert key in row, (row["id"], key)
        assert row["date"] is None or ISO_DATE.match(row["date"])
        assert isinstance(row["n_paragraphs"], int) and row["n_paragraphs"] > 0
        assert isinstance(row["n_sentences"], int) and row["n_sentences"] >= row["n_paragraphs"]
    seed = rows[SEED_IDS[0]]
    assert (seed["outlet"], seed["date"]) == ("themoscowtimes.com", "2021-12-08")
    assert rows["wire/story-001.txt"]["n_sentences"] == seed["n_sentences"]
    assert rows[SEED_IDS[3]]["outlet"] == "corpus"  # no URL, no byline: the folder's name


def test_pairs_passages_and_families_carry_the_contract_fields(
    messy_scan: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = messy_scan
    docs = {row["id"]: row for row in read_jsonl(out / "documents.jsonl")}

    pairs = read_jsonl(out / "pairs.jsonl")
    for row in pairs:
        assert {"a", "b", "jaccard"} <= set(row)
        assert row["a"] in docs and row["b"] in docs and row["a"] != row["b"]
        assert 0.0 <= row["jaccard"] <= 1.0
    assert {(row["a"], row["b"]): row["jaccard"] for row in pairs}[(SEED_IDS[0], "wire/story-001.txt")] == 1.0

    passages = read_jsonl(out / "passages.jsonl")
    assert passages
    for row in passages:
        assert {"a", "a_paragraph", "b", "b_paragraph", "similarity"} <= set(row)
        assert 0 <= row["a_paragraph"] < docs[row["a"]]["n_paragraphs"]
        assert 0 <= row["b_paragraph"] < docs[row["b"]]["n_paragraphs"]
        assert 0.0 < row["similarity"] <= 1.0

    families = read_jsonl(out / "families.jsonl")
    assert [sorted(f["members"]) for f in families] == [[SEED_IDS[0], "wire/story-001.txt"]]


def test_run_json_records_the_sketch_parameters(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = dedup_cli("scan", SEEDS, "--out", out, "--num-perm", "64", "--shingle-size", "4", "--seed", "7", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # --quiet: no summary
    sketch = json.loads((out / "run.json").read_text(encoding="utf-8"))["sketch"]
    assert (sketch["num_perm"], sketch["shingle_size"], sketch["seed"]) == (64, 4, 7)
    assert isinstance(sketch["hash"], str) and sketch["hash"]
    assert sorted(row["id"] for row in read_jsonl(out / "documents.jsonl")) == SEED_IDS


def test_run_json_default_sketch(messy_scan: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = messy_scan
    sketch = json.loads((out / "run.json").read_text(encoding="utf-8"))["sketch"]
    assert (sketch["num_perm"], sketch["shingle_size"], sketch["seed"]) == (128, 3, 1)


# ---------------------------------------------------------------------------
# dedup dupes: data on stdout, nothing else
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clean") / "corpus"
    _copy_seeds(root)
    return root


def test_dupes_jsonl_puts_only_pairs_on_stdout(clean: Path) -> None:
    proc = dedup_cli("dupes", clean, "--format", "jsonl")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["a"], r["b"], r["jaccard"]) for r in rows] == [(SEED_IDS[0], "wire/story-001.txt", 1.0)]
    assert "documents" in proc.stderr  # the summary


def test_dupes_csv_puts_only_pairs_on_stdout(clean: Path) -> None:
    proc = dedup_cli("dupes", clean, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    reader = csv.DictReader(io.StringIO(proc.stdout))
    assert reader.fieldnames is not None and {"a", "b", "jaccard"} <= set(reader.fieldnames)
    assert [(r["a"], r["b"], float(r["jaccard"])) for r in reader] == [(SEED_IDS[0], "wire/story-001.txt", 1.0)]
    assert "documents" in proc.stderr


def test_dupes_json_is_one_array_of_the_jsonl_rows(clean: Path) -> None:
    as_json = dedup_cli("dupes", clean, "--format", "json", "-q")
    as_jsonl = dedup_cli("dupes", clean, "--format", "jsonl", "-q")
    assert as_json.returncode == as_jsonl.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert rows == [json.loads(line) for line in as_jsonl.stdout.splitlines()] and len(rows) == 1


def test_dupes_table_puts_only_the_table_on_stdout(clean: Path) -> None:
    proc = dedup_cli("dupes", clean, "--format", "table", columns=200)
    assert proc.returncode == 0, proc.stderr
    assert "jaccard" in proc.stdout and SEED_IDS[0] in proc.stdout and "wire/story-001.txt" in proc.stdout
    assert "documents" not in proc.stdout
    assert "documents" in proc.stderr


def test_dupes_table_has_a_line_a_pair_with_the_jsonl_values(tmp_path: Path) -> None:
    from rich.cells import cell_len

    body = "Moscow has deployed up to 100,000 troops near the border, officials said on Monday. " * 3
    for name in ("a.txt", "b [bold]x.txt", "c\u00e9\u65e5.txt"):
        (tmp_path / name).write_text(body, encoding="utf-8")
    (tmp_path / "d.txt").write_text(body + "A late paragraph about something else entirely.", encoding="utf-8")
    table = dedup_cli("dupes", tmp_path, "-q")
    rows = [json.loads(line) for line in dedup_cli("dupes", tmp_path, "--format", "jsonl", "-q").stdout.splitlines()]
    assert table.returncode == 0 and len(rows) == 6, table.stderr
    header, *lines = table.stdout.splitlines()
    assert header.split() == ["a", "b", "jaccard", "containment", "shared_shingles"] and len(lines) == len(rows)
    for line, row in zip(lines, rows):
        assert line.startswith(row["a"]) and f" {row['b']} " in line  # names as they are, markup not read
        assert [float(x) for x in line.split()[-3:]] == [row["jaccard"], row["containment"], row["shared_shingles"]]
    assert len({cell_len(line) for line in [header, *lines]}) == 1  # aligned: wide characters count two cells


def test_dupes_quiet_silences_the_summary(clean: Path) -> None:
    proc = dedup_cli("dupes", clean, "--format", "jsonl", "--quiet")
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 1


def test_dupes_paragraph_level_rows(clean: Path) -> None:
    proc = dedup_cli("dupes", clean, "--level", "paragraph", "--format", "jsonl", "-q")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows
    for row in rows:
        assert {"a", "a_paragraph", "b", "b_paragraph", "similarity"} <= set(row)
        assert row["similarity"] >= 0.5
    # every paragraph of the exact copy matches its original
    copy = (SEED_IDS[0], "wire/story-001.txt")
    matched = {(r["a_paragraph"], r["b_paragraph"]) for r in rows if (r["a"], r["b"]) == copy}
    assert {a for a, b in matched if a == b} == set(range(23))


def test_dupes_with_bad_files_keeps_stdout_clean(messy: Path) -> None:
    proc = dedup_cli("dupes", messy, "--format", "jsonl")
    no_traceback(proc)
    assert proc.returncode == 0
    rows = [json.loads(line) for line in proc.stdout.splitlines()]  # every stdout line is data
    assert [(r["a"], r["b"]) for r in rows] == [(SEED_IDS[0], "wire/story-001.txt")]
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning: skipped")]
    assert sorted(Path(line.split()[2].rstrip(":")).name for line in warnings) == sorted(BAD_FILES)


# ---------------------------------------------------------------------------
# Errors: one line on stderr, exit 2
# ---------------------------------------------------------------------------


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "empty").mkdir()
    (tmp_path / "only-bad").mkdir()
    (tmp_path / "only-bad" / "empty.txt").write_bytes(b"")
    (tmp_path / "only-bad" / "image.txt").write_bytes(PNG_BYTES)
    (tmp_path / "a-file").write_text("not a folder")
    return {
        "MISSING": str(tmp_path / "no-such-folder"),
        "EMPTY": str(tmp_path / "empty"),
        "ONLY_BAD": str(tmp_path / "only-bad"),
        "FILE": str(tmp_path / "a-file"),
        "OUT": str(tmp_path / "out"),
        "SEEDS": str(SEEDS),
    }


ERRORS = [
    (["scan", "MISSING", "--out", "OUT"], ["no-such-folder", "does not exist"]),
    (["dupes", "MISSING"], ["no-such-folder", "does not exist"]),
    (["scan", "EMPTY", "--out", "OUT"], ["no articles in", "empty"]),
    (["dupes", "EMPTY"], ["no articles in"]),
    (["dupes", "ONLY_BAD"], ["no readable articles"]),
    (["scan", "SEEDS"], ["--out"]),
    (["scan", "SEEDS", "--out", "FILE"], ["--out", "a-file"]),
    (["dupes", "SEEDS", "--threshold", "7"], ["--threshold"]),
    (["dupes", "SEEDS", "--threshold", "high"], ["--threshold"]),
    (["dupes", "SEEDS", "--format", "xml"], ["--format", "xml"]),
    (["dupes", "SEEDS", "--level", "sentence"], ["--level", "sentence"]),
    (["dupes", "SEEDS", "--num-perm", "abc"], ["--num-perm"]),
    (["dupes", "SEEDS", "--num-perm", "100"], ["100", "power of two"]),
    (["dupes", "SEEDS", "--max-file-mb", "0"], ["--max-file-mb"]),
    (["dupes", "SEEDS", "--encoding", "klingon"], ["--encoding", "klingon"]),
    (["scan", "SEEDS", "--out", "OUT", "--bogus"], ["--bogus"]),
]


@pytest.mark.parametrize(("args", "says"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_error_is_one_line_on_stderr_and_exit_2(places: dict[str, str], args: list[str], says: list[str]) -> None:
    proc = dedup_cli(*(places.get(a, a) for a in args))
    no_traceback(proc)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    for fragment in says:
        assert fragment in errors[0]
    # nothing else but the skip warnings that led to the error
    assert all(line.startswith(("error:", "warning: skipped")) for line in proc.stderr.splitlines())


def test_no_arguments_prints_usage_and_exits_2() -> None:
    proc = dedup_cli()
    assert proc.returncode == 2
    assert "Usage" in proc.stderr and "scan" in proc.stderr and "dupes" in proc.stderr
    assert proc.stdout == ""


def test_version() -> None:
    proc = dedup_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"dedup {dedup.__version__}"


# ---------------------------------------------------------------------------
# Encodings and tables through the CLI
# ---------------------------------------------------------------------------

CP1252_ARTICLE = (
    "Macron Warns Moscow Over Ukraine\n\n"
    "Le président Emmanuel Macron a déclaré mardi que la France « ne cédera pas ». "
    "Selon l’Élysée, l’aide s’élève à 300 millions d’euros (300 M€).\n\n"
    "“C’est une décision très importante”, a ajouté le ministre — à Genève."
)


def test_detected_and_forced_encodings_are_recorded(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fr.txt").write_bytes(CP1252_ARTICLE.encode("cp1252"))

    proc = dedup_cli("scan", corpus, "--out", tmp_path / "detected", "-q")
    assert proc.returncode == 0, proc.stderr
    [row] = read_jsonl(tmp_path / "detected" / "documents.jsonl")
    assert (row["title"], row["encoding"], row["n_paragraphs"]) == ("Macron Warns Moscow Over Ukraine", "cp1252", 2)

    proc = dedup_cli("scan", corpus, "--out", tmp_path / "forced", "-q", "--encoding", "latin-1")
    assert proc.returncode == 0, proc.stderr
    [row] = read_jsonl(tmp_path / "forced" / "documents.jsonl")
    assert row["encoding"] == "latin-1"


def test_jsonl_and_csv_inputs_with_bad_rows(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = (SEEDS / SEED_IDS[0]).read_text(encoding="utf-8")
    rows = [
        json.dumps({"id": "feed-1", "text": body, "outlet": "Wire Service", "date": "2021-12-09"}),
        json.dumps({"id": "feed-2"}),
        "{broken json",
        json.dumps({"id": "feed-4", "text": body}),
    ]
    (corpus / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows([["id", "text", "title"], ["csv-1", body, "A CSV Title"]])
    bad_row = f"table.csv:{1 + len(io.StringIO(buf.getvalue(), newline='').readlines())}"  # the line it starts on
    writer.writerow(["", body, "no id"])
    (corpus / "table.csv").write_text(buf.getvalue(), encoding="utf-8")

    out = tmp_path / "out"
    proc = dedup_cli("scan", corpus, "--out", out)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    docs = {row["id"]: row for row in read_jsonl(out / "documents.jsonl")}
    assert sorted(docs) == ["csv-1", "feed-1", "feed-4"]
    assert (docs["feed-1"]["outlet"], docs["feed-1"]["date"]) == ("Wire Service", "2021-12-09")
    assert (docs["feed-4"]["outlet"], docs["feed-4"]["date"]) == ("themoscowtimes.com", "2021-12-08")
    assert docs["csv-1"]["title"] == "A CSV Title"

    skipped = json.loads((out / "run.json").read_text(encoding="utf-8"))["skipped"]
    assert sorted(Path(s["path"]).name for s in skipped) == ["feed.jsonl:2", "feed.jsonl:3", bad_row]
    assert bad_row != "table.csv:3"  # csv-1's text runs over several lines
    for where in ("feed.jsonl:2", "feed.jsonl:3", bad_row):
        assert len([line for line in proc.stderr.splitlines() if where in line]) == 1, where
    # the three copies of one article are one family
    pairs = {(r["a"], r["b"]) for r in read_jsonl(out / "pairs.jsonl")}
    assert {("feed-1", "feed-4"), ("feed-1", "csv-1"), ("feed-4", "csv-1")} <= pairs | {(b, a) for a, b in pairs}


# ---------------------------------------------------------------------------
# --help lists the options the README and DESIGN name
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scan_help() -> str:
    proc = dedup_cli("scan", "--help", columns=200)
    assert proc.returncode == 0
    return proc.stdout


@pytest.fixture(scope="module")
def dupes_help() -> str:
    proc = dedup_cli("dupes", "--help", columns=200)
    assert proc.returncode == 0
    return proc.stdout


@pytest.mark.parametrize(
    "option",
    ["--out", "--threshold", "--num-perm", "--shingle-size", "--seed", "--encoding", "--max-file-mb", "--quiet"],
)
def test_scan_help_lists_option(scan_help: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", scan_help)


def test_scan_help_lists_engine(scan_help: str) -> None:
    assert "--engine" in scan_help and "dask" in scan_help


@pytest.mark.parametrize("option", ["--level", "--threshold", "--format", "--encoding", "--max-file-mb", "--quiet"])
def test_dupes_help_lists_option(dupes_help: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", dupes_help)


def test_dupes_help_lists_the_choices(dupes_help: str) -> None:
    assert "document|paragraph" in dupes_help
    assert "table|json|jsonl|csv" in dupes_help
