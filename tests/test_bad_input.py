"""Bad input, hostile text and failures: one clear line, the right exit code, nothing lost (issue 9).

This file holds the crashes and exit codes (items 1-2), the terminal output
(item 5) and the property that a text checked against itself has no
findings.  Output folders and write failures (items 3-4) are in
``test_bad_input_output.py``, input files and records (items 6-12) in
``test_bad_input_ingest.py``, the index and worker processes (items 13-15)
in ``test_bad_input_index.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dedup.cli import main
from dedup.display import clean_text, has_controls, one_line
from dedup.ingest.files import read_corpus
from dedup.model import Document
from dedup.run.check import check_copy
from dedup_testing.paths import FACTS, SEEDS


def _dedup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``dedup ARGS`` in this process: (exit code, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "200")

    def go(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def _one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [x for x in stderr.splitlines() if x.strip()]
    errors = [x for x in lines if x.startswith("error: ")]
    assert len(errors) == 1, stderr
    return errors[0]


# --- 1. short texts that once divided by zero -----------------------------------------------------


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        ("Why?\n", "Why? No.\n"),
        ("He said.\n", "He said. He said.\n"),
        ("No.\n", "Yes.\n"),
        ("?\n", "!\n"),
    ],
)
def test_check_of_short_texts_exits_cleanly(tmp_path: Path, run, original: str, copy: str) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(original, encoding="utf-8")
    b.write_text(copy, encoding="utf-8")
    code, _, err = run("check", str(a), str(b), "--exit-code")
    assert code == 0, err
    assert "Traceback" not in err
    code, out, _ = run("check", str(a), str(b), "--format", "json")
    assert code == 0
    assert json.loads(out)["discrepancies"] == []


# --- 2. no error escapes as a traceback -------------------------------------------------------------

def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the aligner broke\non two lines")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run, debug: bool) -> None:  # type: ignore[no-untyped-def]
    import dedup.run.check

    a = tmp_path / "a.txt"
    a.write_text("Moscow has deployed up to 100,000 troops, officials said.\n", encoding="utf-8")
    monkeypatch.setattr(dedup.run.check, "check_copy", _broken)  # a fault injected where a bug would be
    code, _, err = run("check", str(a), str(a), *(["--debug"] if debug else []))
    assert code == 2
    if debug:
        assert "Traceback" in err and "RuntimeError" in err
        assert err.rstrip().splitlines()[-1].startswith("error: dedup check failed")
    else:
        line = _one_error_line(err)
        assert line.startswith("error: dedup check failed: RuntimeError: the aligner broke\\non two lines")
        assert line.endswith("run with --debug for details")


def test_debug_flag_is_accepted_before_the_command(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Moscow has deployed up to 100,000 troops, officials said.\n", encoding="utf-8")
    assert main(["--debug", "check", str(a), str(a)]) == 0


def test_a_missing_file_is_one_line_and_exit_2(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("check", str(tmp_path / "missing.txt"), str(tmp_path / "also-missing.txt"))
    assert code == 2
    assert "missing.txt" in _one_error_line(err)


def test_findings_alone_give_exit_1(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Moscow has deployed up to 100,000 troops near the border, officials said on Monday.\n")
    b.write_text("Moscow has deployed over 100,000 troops near the border, officials said on Monday.\n")
    assert run("check", str(a), str(b), "--exit-code")[0] == 1
    assert run("check", str(a), str(b))[0] == 0


# --- 5. article text and file names are text, not markup or terminal codes --------------------------

_HOSTILE = [
    '"They [the rebels] will lose," said Putin on Monday.',
    "Rebels [/] took the town, officials said on Monday.",
    "The [bold red]mayor[/bold red] said 40 homes were lost on Monday.",
    "Officials \x1b[2J\x1b[31msaid\x1b[0m 40 homes were lost on Monday.\x07",
    "An \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 and a \u202eright-to-left override.",
]


@pytest.mark.parametrize("text", _HOSTILE)
def test_facts_table_shows_article_text_as_text(tmp_path: Path, run, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "q.txt"
    path.write_text(text + "\n", encoding="utf-8")
    code, out, err = run("facts", str(path))
    assert code == 0, err
    assert "Traceback" not in err
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if "[the rebels]" in text:
        assert "[the rebels]" in out


@pytest.mark.parametrize("text", _HOSTILE)
def test_check_view_shows_article_text_as_text(tmp_path: Path, run, text: str) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text + "\n", encoding="utf-8")
    b.write_text(text.replace("Monday", "Tuesday").replace("40", "45") + " Added [/] sentence here.\n")
    code, out, err = run("check", str(a), str(b))
    assert code == 0, err
    assert "Traceback" not in err
    assert "\x1b" not in out and "\x07" not in out
    assert "Added [/] sentence here." in out
    if "[bold red]" in text:
        assert "[bold red]mayor[/bold red]" in out


def test_file_names_with_brackets_and_newlines_stay_visible_and_on_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Moscow has deployed up to 100,000 troops near the border, officials said on Monday.\n"
    (corpus / "[draft] story.txt").write_text(body, encoding="utf-8")
    (corpus / "[b]copy.txt").write_text(body, encoding="utf-8")
    (corpus / "broken\nname.txt").write_bytes(b"\x00\x01\x02 binary \xff\xfe")
    done = _dedup("dupes", str(corpus), "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "[draft] story.txt" in done.stdout and "[b]copy.txt" in done.stdout
    warnings = [x for x in done.stderr.splitlines() if x.startswith("warning:")]
    assert any("broken\\nname.txt" in w for w in warnings), done.stderr
    # every message is one line: none starts with a fragment of a file name
    assert not any(x.startswith("name.txt") for x in done.stderr.splitlines())
    check = _dedup("check", str(corpus / "[draft] story.txt"), str(corpus / "[b]copy.txt"))
    assert "[draft] story.txt" in check.stdout and "[b]copy.txt" in check.stdout


def test_a_newline_in_a_file_name_stays_escaped_in_the_check_view(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "wire.txt", tmp_path / "draft\ncopy.txt"
    a.write_text("Moscow has deployed up to 100,000 troops near the border, officials said on Monday.\n")
    b.write_text("Moscow has deployed over 100,000 troops near the border, officials said on Monday.\n")
    code, out, _ = run("check", str(a), str(b))
    assert code == 0
    assert "draft\\ncopy.txt" in out
    # every mention of the name, in the title and in each explanation, keeps it on one line
    assert out.count("copy.txt") == out.count("draft\\ncopy.txt") >= 2


def test_clean_text_strips_every_escape_but_keeps_the_words() -> None:
    for text in _HOSTILE:
        cleaned = clean_text(text)
        assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
        assert "\x1b" not in cleaned and "\x9b" not in cleaned
    assert clean_text("said \x1b[31mRED\x1b[0m.") == "said RED."
    assert one_line("a\r\nb") == "a\\nb"


# --- a text against itself has no findings ----------------------------------------------------------

_SENTENCES = sorted(
    {s for d in read_corpus([SEEDS, FACTS]).documents for s in d.sentences if len(s) < 400}
)
_ACRONYMS = [
    "The European Low Fares Airline Association (ELAA) has challenged the rules in court.",
    "The European Regions Airline Association (ERAA) says it was not consulted.",
    "Andy Clarke, ERAA director of air transport, said the advice misleads customers.",
    "The ERAA's Mr Clarke said the extra costs of 1.5bn euros would be passed on to passengers.",
]


def _doc(paragraphs: list[list[str]]) -> Document:
    return Document("x.txt", [" ".join(p) for p in paragraphs if p], date="2005-02-18")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example([_ACRONYMS[:2], _ACRONYMS[2:]])
@example([[_ACRONYMS[0]], [_ACRONYMS[1]], [_ACRONYMS[1], _ACRONYMS[2]], [_ACRONYMS[3]]])
@given(st.lists(st.lists(st.sampled_from(_SENTENCES + _ACRONYMS), min_size=1, max_size=4), min_size=1, max_size=6))
def test_a_text_checked_against_itself_has_no_findings(paragraphs: list[list[str]]) -> None:
    doc = _doc(paragraphs)
    same = _doc(paragraphs)
    result = check_copy(doc, same)
    assert result.discrepancies == []
    assert result.changed == []


def test_check_x_x_on_every_real_article_exits_0_with_no_findings() -> None:
    files = sorted(SEEDS.glob("*.txt")) + sorted(FACTS.glob("*.txt"))
    assert files
    for path in files:
        assert main(["check", str(path), str(path), "--exit-code", "--format", "json"]) == 0, path


def test_dedup_scan_stays_callable_after_every_module_is_imported(tmp_path: Path) -> None:
    import importlib
    import pkgutil

    import dedup

    # no module is named like a function of the public API, so importing them all shadows nothing
    for info in pkgutil.walk_packages(dedup.__path__, "dedup."):
        if not info.name.endswith((".dask", ".__main__")):
            importlib.import_module(info.name)
    result = dedup.scan([SEEDS], tmp_path / "out")
    assert len(result.corpus.documents) == len(list(SEEDS.glob("*.txt")))
    assert (tmp_path / "out" / "documents.jsonl").exists()


_NEAR_CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x2FF) | st.sampled_from(
    ["\u2019", "\u20ac", "\ud800", "\udfff", "\U0001f600", "\u0085", "\u00c2", "\x1b", "\r", "\t", "\n"]
)


@settings(max_examples=3000, deadline=None)
@given(st.text(_NEAR_CONTROLS, max_size=12) | st.text(max_size=40))
@example("\u00c2\u0080")  # the characters whose UTF-8 bytes are C3 82 C2 80
@example("£\x9f")
def test_the_control_test_finds_what_the_control_pattern_finds(text: str) -> None:
    """has_controls tests bytes, not characters: it must agree with the pattern it stands for, on every
    text (C0, DEL, C1, characters whose UTF-8 holds the bytes of a C1 control, lone surrogates)."""
    from dedup.display import _CONTROL

    assert has_controls(text) == (_CONTROL.search(text) is not None)


# --- dates at the calendar's ends and dates that are not dates -----------------------------------------------

_STORY = [
    "Russian troops massed near the border on Tuesday, officials said, as 100,000 soldiers waited last week.",
    "The talks in Geneva stalled after two days, with no date set for more, the ministry said yesterday.",
]


@pytest.mark.parametrize(
    "dates", [("0001-01-01", "0001-01-02"), ("9999-12-31", "9999-12-30"), ("0001-01-01", "9999-12-31")]
)
def test_documents_dated_at_the_calendars_ends_give_every_output(tmp_path: Path, dates: tuple[str, str]) -> None:
    """A placeholder date from a database (0001-01-01) crashed the report's timeline and relative dates."""
    from dedup.api import analyse_documents, write_outputs

    changed = [_STORY[0].replace("100,000", "up to 100,000"), _STORY[1]]
    docs = [Document("a", list(_STORY), outlet="x", date=dates[0]), Document("b", changed, outlet="y", date=dates[1])]
    result = analyse_documents(docs)
    write_outputs(result, tmp_path / "out")
    assert "up to 100,000" in (tmp_path / "out" / "report.html").read_text("utf-8")
    assert [(d.a_value, d.b_value) for d in result.discrepancies] in ([("100,000", "up to 100,000")], [])
    assert {json.loads(line)["id"] for line in (tmp_path / "out" / "documents.jsonl").open(encoding="utf-8")} == {"a", "b"}


def test_relative_dates_are_counted_only_from_a_day_inside_the_calendar() -> None:
    from dedup.facts.extract import extract_facts

    def days(published: str) -> list[object]:
        return [getattr(f, "date", None) for f in extract_facts(_STORY[0] + " " + _STORY[1], published=published)
                if f.kind == "date"]

    assert days("2021-12-08") == ["2021-12-07", "2021-12-01", "2021-12-07"]  # Tuesday, last week, yesterday
    for end in ("0001-01-01", "0001-01-08", "9999-12-31"):
        assert days(end) == [None, None, None], end


@pytest.mark.parametrize("bad", ["Dec 8", "2021-12-08T10:00", "2021-13-45", "08/12/2021", "", "2021-W49-3", "20211208"])
def test_a_document_made_in_memory_with_a_date_that_is_not_iso_is_refused_by_name(bad: str) -> None:
    from dedup.api import analyse_documents
    from dedup.errors import InputError

    docs = [Document("a", list(_STORY), date="2021-12-08"), Document("odd one", list(_STORY), date=bad)]
    with pytest.raises(InputError, match=r"document 'odd one': its date .* not an ISO 8601 day.*or to None"):
        analyse_documents(docs)
    with pytest.raises(InputError, match="'odd one'"):
        check_copy(docs[0], docs[1])
