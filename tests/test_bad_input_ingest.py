"""Bad input at the reading stage (issue 9, items 6 to 12): no traceback, no lost record.

Every case runs the command line on real files in ``tmp_path`` and checks the
exit code, the one-line message on stderr, and that every good record of the
corpus is still in ``documents.jsonl``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.cli import main
from dedup.ingest.article import parse_article
from dedup.ingest.files import decode_text, read_corpus

GOOD = "Russian troops were seen near the border on Monday, officials said. Talks resume next week."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    """Run ``dedup ARGV`` in this process: the exit code and the stderr lines (stdout in ``run.out``)."""
    code = main([*argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    run.out = captured.out  # type: ignore[attr-defined]
    return code, captured.err.splitlines()


def scan(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> tuple[int, list[str], list[dict]]:
    out = tmp_path / "out"
    code, err = run(capsys, "scan", *argv, "--out", str(out), "--workers", "1")
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()] if code == 0 else []
    return code, err, docs


def ids(docs: list[dict]) -> list[str]:
    return [d["id"] for d in docs]


def lines_with(err: list[str], *words: str) -> list[str]:
    return [line for line in err if all(w in line for w in words)]


def jsonl(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


# ---------------------------------------------------------------- 6: lone surrogates


@pytest.mark.parametrize("field", ["text", "title", "outlet", "url", "date", "author", "id"])
def test_lone_surrogate_in_any_field_is_repaired_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, field: str
) -> None:
    bad = {"id": "bad", "text": GOOD, "title": "A title", "outlet": "Wire", "url": "https://x.org/a", "date": "2021-12-08"}
    bad[field] = bad.get(field, "") + " \\ud800 end"
    row = "{" + ", ".join(f'"{k}": "{v}"' for k, v in bad.items()) + "}"  # the escape, written as JSON text
    corpus = tmp_path / "c"
    corpus.mkdir()
    jsonl(corpus / "s.jsonl", [json.dumps({"id": "good-1", "text": GOOD}), row, json.dumps({"id": "good-2", "text": GOOD})])
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    [warning] = lines_with(err, "s.jsonl:2", "surrogate")
    assert repr(field) in warning
    bad_id = "bad" if field != "id" else "bad \ufffd end"
    assert ids(docs) == ["good-1", bad_id, "good-2"]
    assert "\ud800" not in (tmp_path / "out" / "documents.jsonl").read_text("utf-8", errors="surrogatepass")


def test_the_issue_probe_in_a_subprocess(tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_bytes(b'{"id":"x","text":"a \\ud800 b"}\n{"id":"y","text":"Shares rose."}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "dedup", "scan", "s.jsonl", "--out", "o", "--workers", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(lines_with(proc.stderr.splitlines(), "s.jsonl:1", "U+FFFD")) == 1
    docs = [json.loads(x) for x in (tmp_path / "o" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert ids(docs) == ["x", "y"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_name_that_is_not_utf8_gets_a_writable_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, "utf-8")
    with open(os.path.join(os.fsencode(corpus), b"odd\xff name.txt"), "wb") as fh:
        fh.write(GOOD.encode())
    code, _, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert sorted(ids(docs)) == ["good.txt", "odd\ufffd name.txt"]


# ---------------------------------------------------------------- 7: a few invalid bytes in UTF-8

CURLY = "“We will not back down,” the minister said — on Monday — in Kyiv’s parliament."


def test_utf8_with_a_few_invalid_bytes_stays_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    data = (CURLY + " Prices rose 5%").encode() + b"\x81\x9d" + " in December. “Good,” he said.".encode()
    (corpus / "copy.txt").write_bytes(data)
    (corpus / "good.txt").write_text(GOOD, "utf-8")
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert lines_with(err, "2 invalid UTF-8 bytes replaced in", "copy.txt", "--encoding cp1252")
    assert ids(docs) == ["copy.txt", "good.txt"]
    assert docs[0]["encoding"] == "utf-8"
    text = read_corpus([corpus / "copy.txt"]).documents[0].text
    assert CURLY in text and "â€" not in text


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_file_in_a_single_byte_code_page_is_still_detected(tmp_path: Path, codec: str) -> None:
    text = "Déjà vu à Genève: the café’s owner said the crème brûlée was «très bon»."
    if codec == "latin-1":
        text = text.replace("’", "'")
    decoded = decode_text(text.encode(codec))
    assert decoded.text == text and decoded.replaced == 0


def test_check_says_bytes_were_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CURLY, "utf-8")
    (tmp_path / "b.txt").write_bytes(CURLY.encode() + b" \xff")
    code = main(["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert len(lines_with(captured.err.splitlines(), "1 invalid UTF-8 byte replaced in", "b.txt")) == 1
    # no false quote change: the curly quotes read the same on both sides
    assert [d for d in json.loads(captured.out)["discrepancies"] if d["kind"] == "quote"] == []


# ---------------------------------------------------------------- 8: records are articles as given

HEADLINES = [
    "Putin Says Russia Has Rights",  # a title-cased one-liner (was taken for a headline and dropped)
    "By Reuters",  # looks like a byline
    "Related article: Biden and Putin to talk",  # looks like site furniture
    "Share this article",
    "Copyright 2021 Reuters",
    "https://www.reuters.com/world/europe/2021/12/08/a-b",
    "Ukraine Crisis",
    "Shares rose.",
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_every_record_of_a_headline_feed_is_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    rows = [{"id": f"h{i}", "text": t, "outlet": "Wire", "date": "2021-12-08", "url": f"https://w.org/{i}"}
            for i, t in enumerate(HEADLINES)]
    rows.insert(3, {"id": "empty", "text": "   ", "outlet": "Wire", "date": "", "url": ""})
    if fmt == "jsonl":
        jsonl(corpus / "feed.jsonl", [json.dumps(r) for r in rows])
    else:
        import csv

        with open(corpus / "feed.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, ["id", "text", "outlet", "date", "url"])
            writer.writeheader()
            writer.writerows(rows)
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert ids(docs) == [f"h{i}" for i in range(len(HEADLINES))]
    assert all(d["n_paragraphs"] == 1 and d["n_sentences"] >= 1 for d in docs)
    [empty] = lines_with(err, f"feed.{fmt}:", "'empty'", "empty 'text'")
    assert empty.startswith("warning: skipped")
    texts = [d.text for d in read_corpus([corpus]).documents]
    assert texts == HEADLINES


def test_clean_records_is_opt_in(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    article = f"Putin Says Russia Has Rights\n\nBy Ola Cichowlas for AFP\n\n{GOOD}\n\nShare this article"
    jsonl(corpus / "f.jsonl", [json.dumps({"id": "a", "text": article}), json.dumps({"id": "b", "text": GOOD})])
    _, _, given = scan(capsys, tmp_path, str(corpus))
    code, _, cleaned = scan(capsys, tmp_path, str(corpus), "--clean-records")
    assert code == 0 and ids(cleaned) == ["a", "b"]
    assert given[0]["n_paragraphs"] == 4 and cleaned[0]["n_paragraphs"] == 1
    assert cleaned[0]["title"] == "Putin Says Russia Has Rights" and cleaned[0]["agency"] == "AFP"


# ---------------------------------------------------------------- 9: symbolic links to folders


def test_symlinked_folder_is_read_and_a_loop_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked.txt").write_text(GOOD, "utf-8")
    corpus = tmp_path / "c"
    (corpus / "wire").mkdir(parents=True)
    (corpus / "wire" / "a.txt").write_text(GOOD, "utf-8")
    (corpus / "more").symlink_to(outside, target_is_directory=True)
    (corpus / "wire" / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "again").symlink_to(corpus / "wire", target_is_directory=True)
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert ids(docs) == ["wire/a.txt", "more/linked.txt"]
    [loop] = lines_with(err, "wire/loop", "symbolic link loop")
    assert "permission" not in loop
    assert len(lines_with(err, "again", "read already")) == 1


def test_broken_symlink_is_not_a_permission_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, "utf-8")
    (corpus / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (corpus / "self.txt").symlink_to(corpus / "self.txt")
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0 and ids(docs) == ["a.txt"]
    assert lines_with(err, "gone.txt", "broken symbolic link")
    assert lines_with(err, "self.txt", "loop")
    assert not lines_with(err, "permission")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_inside_a_folder_is_skipped_not_waited_on(tmp_path: Path) -> None:
    """Opening a named pipe waits for a writer: one named like an article (directly or through a link)
    hung the whole run.  It is skipped with a message; the files beside it are read."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, "utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "link.md").symlink_to(corpus / "pipe.txt")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "scan", str(corpus), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert ids(docs) == ["a.txt"]
    err = done.stderr.splitlines()
    assert len(lines_with(err, "pipe.txt", "named pipe, not a regular file")) == 1
    assert len(lines_with(err, "link.md", "named pipe, not a regular file")) == 1
    # given by name, a pipe is refused in one line, exit 2
    refused = subprocess.run(
        [sys.executable, "-m", "dedup", "dupes", str(corpus / "pipe.txt")], capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "not a file or folder" in refused.stderr


# ---------------------------------------------------------------- 10: size limits and the quadratic step


def test_record_over_the_size_limit_is_skipped_naming_the_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    huge = "Troops massed near the border. " * 40_000  # 1.2 MB
    jsonl(corpus / "f.jsonl", [json.dumps({"id": "a", "text": GOOD}), json.dumps({"id": "huge", "text": huge}),
                               json.dumps({"id": "b", "text": GOOD})])
    code, err, docs = scan(capsys, tmp_path, str(corpus), "--max-file-mb", "1")
    assert code == 0
    assert ids(docs) == ["a", "b"]
    assert len(lines_with(err, "f.jsonl:2", "'huge'", "1.2 MB", "--max-file-mb")) == 1


@pytest.mark.parametrize("which", ["original", "copy"])
def test_check_refuses_input_over_the_size_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, which: str
) -> None:
    (tmp_path / "small.txt").write_text(GOOD, "utf-8")
    (tmp_path / "big.txt").write_text("Troops massed near the border. " * 40_000, "utf-8")
    args = ["big.txt", "small.txt"] if which == "original" else ["small.txt", "big.txt"]
    code, err = run(capsys, "check", *(str(tmp_path / a) for a in args), "--max-file-mb", "1")
    assert code == 2
    assert len(err) == 1 and "big.txt" in err[0] and "--max-file-mb" in err[0]


@pytest.mark.parametrize("sep", ["\n", "\n\n"], ids=["hard-wrapped", "blank-line-fragments"])
def test_one_long_wrapped_paragraph_is_rejoined_whole(sep: str) -> None:
    # 1 MB in 200,000 lines that never end a sentence: each line used to be added to a growing string
    # (quadratic: 13 s here, 49 s for 4 MB); the parts are now joined once.
    lines = ["word"] * 200_000
    art = parse_article(sep.join(lines), clean=False)
    assert art.paragraphs == [" ".join(lines)]


def test_wrapped_lines_with_hyphens_join_as_before() -> None:
    text = "The ministers met in Brus-\nsels on Monday to discuss the -\nsanctions and the border troops\nat length."
    assert parse_article(text).paragraphs == [
        "The ministers met in Brus-sels on Monday to discuss the - sanctions and the border troops at length."
    ]


# ---------------------------------------------------------------- 11: duplicate ids


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["dup", "dup", "dup#2"], ["dup", "dup#3", "dup#2"]),
        (["dup#2", "dup", "dup"], ["dup#2", "dup", "dup#3"]),
        (["dup", "dup", "dup", "dup#3"], ["dup", "dup#2", "dup#4", "dup#3"]),
        (["dup#2", "dup#2", "dup"], ["dup#2", "dup#2#2", "dup"]),
    ],
)
def test_duplicate_ids_are_renamed_without_clashing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, given: list[str], expected: list[str]
) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    jsonl(corpus / "f.jsonl", [json.dumps({"id": i, "text": f"{GOOD} Number {n}."}) for n, i in enumerate(given)])
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert ids(docs) == expected
    assert len(set(ids(docs))) == len(given)
    assert len(lines_with(err, "duplicate id", "renamed")) == sum(a != b for a, b in zip(given, expected))


# ---------------------------------------------------------------- 12: documentation files and --exclude

DOC_NAMES = ["README.TXT", "readme.md", "LICENSE.txt", "CHANGELOG.md", "NOTICE.txt", "COPYING.txt", "AUTHORS.md"]


def test_documentation_files_are_skipped_with_a_note(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    (corpus / "wire").mkdir(parents=True)
    (corpus / "wire" / "a.txt").write_text(GOOD, "utf-8")
    (corpus / "readme-story.txt").write_text(GOOD + " Another one.", "utf-8")  # an article that starts 'readme'
    for name in DOC_NAMES:
        (corpus / name).write_text("This corpus holds wire copy. Licensed under CC-BY.", "utf-8")
    code, err, docs = scan(capsys, tmp_path, str(corpus))
    assert code == 0
    assert ids(docs) == ["readme-story.txt", "wire/a.txt"]
    for name in DOC_NAMES:
        assert len(lines_with(err, name, "documentation file")) == 1


def test_a_documentation_file_given_directly_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text(GOOD, "utf-8")
    code, _, docs = scan(capsys, tmp_path, str(tmp_path / "README.txt"))
    assert code == 0 and ids(docs) == ["README.txt"]


@pytest.fixture
def drafts_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "c"
    (corpus / "drafts").mkdir(parents=True)
    (corpus / "wire").mkdir()
    (corpus / "wire" / "a.txt").write_text(GOOD, "utf-8")
    (corpus / "wire" / "b.md").write_text(GOOD + " Markdown copy.", "utf-8")
    (corpus / "drafts" / "d.txt").write_text(GOOD + " Draft.", "utf-8")
    return corpus


@pytest.mark.parametrize(
    ("patterns", "kept"),
    [
        (["drafts"], ["wire/a.txt", "wire/b.md"]),
        (["drafts/*"], ["wire/a.txt", "wire/b.md"]),
        (["*.md"], ["drafts/d.txt", "wire/a.txt"]),
        (["*.md", "drafts"], ["wire/a.txt"]),
    ],
)
def test_exclude_glob_on_scan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, drafts_corpus: Path, patterns: list[str], kept: list[str]
) -> None:
    argv = [a for p in patterns for a in ("--exclude", p)]
    code, _, docs = scan(capsys, tmp_path, str(drafts_corpus), *argv)
    assert code == 0
    assert ids(docs) == kept


@pytest.mark.parametrize("command", ["dupes", "index add", "batch"])
def test_exclude_glob_on_the_other_readers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, drafts_corpus: Path, command: str
) -> None:
    db = tmp_path / "index.db"
    out = tmp_path / "out"
    argv = {
        "dupes": ["dupes", str(drafts_corpus), "--format", "jsonl", "--threshold", "0.3"],
        "index add": ["index", "add", str(drafts_corpus), "--db", str(db)],
        "batch": ["batch", str(drafts_corpus), "--db", str(db), "--out", str(out)],
    }[command]
    code, err = run(capsys, *argv, "--exclude", "drafts", "--workers", "1")
    assert code == 0, err
    if command == "dupes":
        pairs = [json.loads(x) for x in run.out.splitlines()]  # type: ignore[attr-defined]
        assert [(p["a"], p["b"]) for p in pairs] == [("wire/a.txt", "wire/b.md")]
        code, err = run(capsys, *argv, "--exclude", "*", "--workers", "1")
        assert code == 2 and len(err) == 1 and "--exclude" in err[0]  # nothing left to read: one line, names why
    elif command == "batch":
        docs = [json.loads(x) for x in (out / "documents.jsonl").read_text("utf-8").splitlines()]
        assert ids(docs) == ["wire/a.txt", "wire/b.md"]
    else:
        import sqlite3

        with sqlite3.connect(db) as con:
            stored = sorted(r[0] for r in con.execute("SELECT id FROM documents"))
        assert stored == ["wire/a.txt", "wire/b.md"]
