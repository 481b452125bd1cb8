"""`dedup check ORIGINAL COPY`: the editor's view of one copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.run.check import check_copy, read_article
from dedup_testing.paths import SEEDS

ORIGINAL = SEEDS / "000_da33d2cbb8fe388e.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedup", *args], capture_output=True, text=True, input=stdin, timeout=120
    )


@pytest.fixture(scope="module")
def edited_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = ORIGINAL.read_text(encoding="utf-8")
    text = text.replace("up to 100,000 troops", "over 100,000 troops")
    text = text.replace('"criminal inaction."', '"criminal negligence."')
    text = text.replace(
        "He is due to hold talks with Biden on Thursday.",
        "He is due to hold talks with Biden on Thursday.\n\nThe call lasted two hours, aides said.",
    )
    text = text.replace(
        "Ukraine's President Volodymyr Zelenskiy — who has said he is ready to negotiate with "
        'Putin — said it was "positive" that Putin and Biden spoke.\n',
        "",
    )
    path = tmp_path_factory.mktemp("copy") / "copy.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_library_check_finds_changes(edited_copy: Path) -> None:
    result = check_copy(read_article(str(ORIGINAL)), read_article(str(edited_copy)))
    kinds = {(d.kind, d.a_value, d.b_value) for d in result.discrepancies}
    assert ("number", "up to 100,000", "over 100,000") in kinds
    assert ("quote", "inaction", "negligence") in kinds
    assert all(d.a == ORIGINAL.name for d in result.discrepancies), "the original is always side a"
    n = len(result.original.sentences)
    assert result.carried == pytest.approx((n - 1) / n)
    assert [result.copy.sentences[j] for j in result.alignment.alignment.added] == [
        "The call lasted two hours, aides said."
    ]
    assert len(result.changed) == 2


def test_exit_codes(edited_copy: Path, tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_bytes(ORIGINAL.read_bytes())
    clean = run("check", str(ORIGINAL), str(same), "--exit-code")
    assert clean.returncode == 0, clean.stderr
    assert "none" in clean.stdout
    found = run("check", str(ORIGINAL), str(edited_copy), "--exit-code")
    assert found.returncode == 1
    assert "over 100,000" in found.stdout
    assert run("check", str(ORIGINAL), str(edited_copy)).returncode == 0
    missing = run("check", str(ORIGINAL), str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = run("check", str(ORIGINAL), str(edited_copy), "--format", "yaml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_json_output(edited_copy: Path) -> None:
    out = run("check", str(ORIGINAL), str(edited_copy), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["original"]["id"] == ORIGINAL.name and data["copy"]["id"] == "copy.txt"
    assert 0.9 < data["carried"] < 1.0 and 0 < data["new_share"] < 0.1
    assert data["sentences"]["added"] == 1 and data["sentences"]["omitted"] == 1
    assert {d["kind"] for d in data["discrepancies"]} >= {"number", "quote"}
    for d in data["discrepancies"]:
        assert d["a_value"] in d["a_text"] and d["b_value"] in d["b_text"]


def test_copy_from_stdin(edited_copy: Path) -> None:
    out = run("check", str(ORIGINAL), "-", "--format", "json", stdin=edited_copy.read_text(encoding="utf-8"))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["copy"]["id"] == "copy"
    both = run("check", "-", "-", stdin="x")
    assert both.returncode == 2 and "standard input" in both.stderr


def test_saved_html_page(edited_copy: Path, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    paragraphs = [p for p in edited_copy.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 8]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Copy</title><meta property='og:site_name' content='Daily Copy'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Putin speaks</h1>{body}"
        "</article><footer>Subscribe to our newsletter</footer></body></html>",
        encoding="utf-8",
    )
    out = run("check", str(ORIGINAL), str(page), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["carried"] > 0.8
    assert any(d["b_value"] == "over 100,000" for d in data["discrepancies"])
    assert all("Subscribe" not in link["b_text"] for link in data["links"])


def test_html_report_option(edited_copy: Path, tmp_path: Path) -> None:
    report = tmp_path / "check.html"
    out = run("check", str(ORIGINAL), str(edited_copy), "--html", str(report))
    assert out.returncode == 0, out.stderr
    page = report.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "over 100,000" in page and "up to 100,000" in page
    assert "http://" not in page.split("</head>")[0] and "https://" not in page.split("</head>")[0]


_GLAZER = (
    "Shares in Manchester United rose on Monday after the US tycoon Malcolm Glazer made a new offer.\n\n"
    "The club's board said it would consider the proposal, which values the club at about £800m.\n"
)


@pytest.mark.parametrize(
    ("head_a", "head_b"),
    [  # BBC News headlines of one story rewritten between two versions: the first word is no name
        ("Mixed reaction to Man Utd offer", "Shares rise on new Man Utd offer"),
        ("Talks aim to avert pension strike", "Stalemate in pension strike talks"),
        # a word of a longer name is no name for a name
        ("Slim PlayStation triples sales", "Slimmer PlayStation triple sales"),
        ("Jack Cunningham to stand down", "Labour's Cunningham to stand down"),
    ],
)
def test_a_rewritten_headline_reports_no_name_for_its_first_word(tmp_path: Path, head_a: str, head_b: str) -> None:
    body = _GLAZER
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"{head_a}\n\n{body}", encoding="utf-8")
    b.write_text(f"{head_b}\n\n{body}", encoding="utf-8")
    result = check_copy(read_article(a), read_article(b))
    assert result.original.title == head_a and result.copy.title == head_b
    assert [d for d in result.discrepancies if d.kind == "entity"] == []


def test_another_name_in_a_headline_is_reported(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"Mixed reaction to Man Utd offer\n\n{_GLAZER}", encoding="utf-8")
    b.write_text(f"Mixed reaction to Arsenal offer\n\n{_GLAZER}", encoding="utf-8")
    found = check_copy(read_article(a), read_article(b)).discrepancies
    assert [(d.kind, d.a_value, d.b_value) for d in found] == [("entity", "Man Utd", "Arsenal")]
