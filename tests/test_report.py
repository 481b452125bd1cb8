"""The HTML report (``report.html``): content, safety, determinism, and a real browser.

Corpora: the five seeds, and the seeds plus ``wire.jsonl`` (written into a
temporary folder) holding an edited copy of seed 000 (a changed figure, a
changed weekday, a changed word in a quote, a sentence dropped and one
added) whose title, outlet, URL and text carry hostile markup
(``<script>alert(1)</script>``, ``<img src=x onerror=alert(1)>``,
``javascript:alert(1)``).  With it every section of the report has content.

Browser tests drive Debian's ``chromium`` (``/usr/bin/chromium``) through the
Python ``playwright`` package; ``scripts/setup-tests.sh`` installs both
(``playwright install`` is never used).  They are skipped, saying so, only
when ``/usr/bin/chromium`` is absent.  Screenshots are written to
``tests/artifacts/`` (git-ignored).

Golden file
-----------
``test_golden_seeds_report`` renders the seeds' report with
``SOURCE_DATE_EPOCH`` fixed and compares it byte for byte with
``tests/golden/seeds-report.html``.  After an intended change to the report
(or to a pipeline stage whose output it shows), regenerate the file and
review its diff::

    DEDUP_REGENERATE_GOLDEN=1 python3 -m pytest tests/test_report.py -k golden
    git diff tests/golden/
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dedup.api import scan
from dedup.output import report
from dedup.output.report import render_check_report, render_report, write_report
from dedup.results import ScanResult
from dedup.run.check import check_copy
from dedup_testing.paths import ROOT, SEEDS

GOLDEN = Path(__file__).resolve().parent / "golden" / "seeds-report.html"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
EPOCH = "1639612800"  # 2021-12-16 00:00 UTC

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


# --------------------------------------------------------------------------- corpora


def _edited_copy() -> dict[str, str]:
    text = (SEEDS / "000_da33d2cbb8fe388e.txt").read_text(encoding="utf-8")
    body = text.split("December 08, 2021", 1)[1].split("Original url:", 1)[0]
    body = (
        body.replace("up to 100,000 troops", "over 100,000 troops")
        .replace("over 13,000 lives", "more than 13,000 lives")  # the same fact in another form
        .replace("said Wednesday that Moscow", "said Tuesday that Moscow")
        .replace('"defend its security."', '"protect its security."')
        .replace("Related article: Putin and Biden Speak: What They Discussed", "")
    )
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    dropped = paragraphs.pop(6)
    assert dropped.startswith("He refused to say")
    paragraphs.insert(3, f"Readers wrote in: {SCRIPT} and {IMG} were posted below the story.")
    return {
        "id": "copy/000-edited",
        "title": f"Putin {SCRIPT} defends {IMG} security",
        "outlet": "Example Daily <b>news</b>",
        "date": "2021-12-09",
        "url": "javascript:alert(1)",
        "text": "\n\n".join(paragraphs),
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScanResult, Path]:
    """The seeds plus a hostile edited copy, through ``dedup.api.scan`` (which writes report.html)."""
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, corpus / seed.name)
    (corpus / "wire.jsonl").write_text(json.dumps(_edited_copy()) + "\n", encoding="utf-8")
    out = root / "out"
    result = scan([corpus], out)
    return result, out / "report.html"


@pytest.fixture(scope="module")
def synthetic_html(synthetic: tuple[ScanResult, Path]) -> str:
    return synthetic[1].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- static checks


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(str(a["id"]))


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_scan_writes_the_report(synthetic: tuple[ScanResult, Path]) -> None:
    _, path = synthetic
    assert path.name == "report.html"
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_every_section_has_content(synthetic: tuple[ScanResult, Path], synthetic_html: str) -> None:
    result, _ = synthetic
    page = synthetic_html
    for section in ("discrepancies", "documents", "families", "similarity", "timeline", "stories", "pairs"):
        assert f'<section id="{section}">' in page
    assert page.count('class="disc ') == len(result.discrepancies) > 0
    kinds = {d.kind for d in result.discrepancies}
    assert {"number", "date", "entity", "quote"} <= kinds
    assert 'class="badge original"' in page and 'id="family-0001"' in page
    assert page.count('class="hm-cell hm-document"') == 2  # one copied pair, both halves of the matrix
    assert 'class="hm-cell hm-passage"' in page
    assert page.count('class="tl-dot ') == len(result.corpus.documents)
    assert 'id="story-0001"' in page
    # The copied pair: changed words marked, omitted and added sentences, shares.
    assert "<del>up to</del> 100,000" in page and "<ins>over</ins> 100,000" in page
    assert "<del>Wednesday</del> that" in page and "<ins>Tuesday</ins> that" in page
    assert 'class="arow row-omitted"' in page and 'class="arow row-added"' in page
    assert "of #1 carried</dt><dd>96%" in page
    assert 'class="fold"' in page  # long unchanged runs folded
    # The same fact in another form is listed behind a filter that is off by default.
    assert any(pc.change.a == "over" and pc.change.b == "more than" for pc in result.same_facts)
    assert '<input type="checkbox" data-filter="relation" value="same fact">' in page
    assert page.count('data-relation="same fact" hidden>') == len(result.same_facts) > 0


def test_discrepancies_come_first_by_severity(synthetic_html: str) -> None:
    page = synthetic_html
    assert page.index('id="discrepancies"') < page.index('id="documents"') < page.index('id="pairs"')
    severities = [float(x) for x in re.findall(r'<span class="sev" title="[^"]*">([0-9.]+)</span>', page)]
    assert len(severities) == page.count('class="disc ')
    assert severities == sorted(severities, reverse=True)
    first = page.split('<article class="disc ', 2)[1]
    assert "<mark>up to 100,000</mark>" in first and "<mark>over 100,000</mark>" in first
    assert "2021-12-08" in first and "2021-12-09" in first and "cannot both be true" in first


def test_hostile_text_stays_text(synthetic_html: str) -> None:
    page = synthetic_html
    assert SCRIPT not in page and IMG not in page and "<b>news</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    parsed = _parse(page)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert "img" not in {t for t, _ in parsed.tags}
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = (attrs.get("href") or "").lower()
        assert not href.startswith("javascript:"), (tag, attrs)


def test_self_contained(synthetic_html: str) -> None:
    parsed = _parse(synthetic_html)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, (tag, attrs)
        if tag == "link":
            assert attrs.get("href", "").startswith("data:"), attrs  # type: ignore[union-attr]
        href = attrs.get("href") or ""
        if tag != "a":
            assert not href.startswith("http"), (tag, attrs)
    head = synthetic_html.split("<body", 1)[0]
    assert "http://" not in head and "https://" not in head and "url(" not in head
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_anchor_targets_exist_statically(synthetic_html: str) -> None:
    parsed = _parse(synthetic_html)
    ids = parsed.ids
    assert len(ids) == len(set(ids)), "duplicate ids"
    targets = {str(a["href"])[1:] for _, a in parsed.tags if str(a.get("href") or "").startswith("#")}
    assert targets and targets <= set(ids), targets - set(ids)


def test_deterministic_and_timestamp_only_from_source_date_epoch(
    seeds_result: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = render_report(seeds_result)
    assert plain == render_report(seeds_result)
    assert " UTC" not in plain
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    stamped = render_report(seeds_result)
    assert "on 2021-12-16 00:00 UTC" in stamped
    # Input order does not matter.
    shuffled = ScanResult(
        seeds_result.corpus.__class__(documents=list(reversed(seeds_result.corpus.documents))),
        seeds_result.duplicates,
        stories=seeds_result.stories,
        alignments=seeds_result.alignments,
        discrepancies=list(reversed(seeds_result.discrepancies)),
        same_facts=list(reversed(seeds_result.same_facts)),
    )
    assert render_report(shuffled) == stamped


def test_golden_seeds_report(seeds_result: ScanResult, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeds' report, byte for byte; ``DEDUP_REGENERATE_GOLDEN=1`` rewrites the golden file."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    page = render_report(seeds_result).encode("utf-8")
    if os.environ.get("DEDUP_REGENERATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(page)
        pytest.skip(f"regenerated {GOLDEN.relative_to(ROOT)}; review it with git diff")
    assert GOLDEN.exists(), "no golden file; run with DEDUP_REGENERATE_GOLDEN=1 to create it"
    expected = GOLDEN.read_bytes()
    if page != expected:
        got, want = page.decode().splitlines(), expected.decode().splitlines()
        line = next((k for k, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
        pytest.fail(
            f"report differs from {GOLDEN.name} at line {line + 1}:\n"
            f"  got:      {got[line] if line < len(got) else '<end>'}\n"
            f"  expected: {want[line] if line < len(want) else '<end>'}\n"
            "If the change is intended: DEDUP_REGENERATE_GOLDEN=1 python3 -m pytest tests/test_report.py -k golden"
        )


def test_heatmap_is_capped(synthetic: tuple[ScanResult, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = synthetic
    monkeypatch.setattr(report, "MAX_HEATMAP_DOCUMENTS", 3)
    page = render_report(result)
    assert "Only 3 of 6 documents are drawn" in page
    svg = page.split('<svg class="heatmap"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="hm-self"') == 3


def test_check_report(synthetic: tuple[ScanResult, Path]) -> None:
    result, _ = synthetic
    by_id = {d.id: d for d in result.corpus.documents}
    page = render_check_report(check_copy(by_id["000_da33d2cbb8fe388e.txt"], by_id["copy/000-edited"]))
    assert "<del>up to</del>" in page and 'class="arow row-omitted"' in page
    assert "<mark>protect</mark>" in page
    assert SCRIPT not in page


def test_write_report_returns_path(seeds_result: ScanResult, tmp_path: Path) -> None:
    out = write_report(seeds_result, tmp_path / "r.html")
    assert out == tmp_path / "r.html" and out.stat().st_size > 10_000


# --------------------------------------------------------------------------- browser

browser_only = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not installed at /usr/bin/chromium; install it with scripts/setup-tests.sh (as root)",
)
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class _Page:
    """A page with everything it did recorded: requests, console errors, dialogs."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        # Anything but the file itself is recorded, then refused: a test can never reach the network.
        self.context.route(lambda u: not u.startswith("file:"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible(self) -> int:
        return int(self.page.locator("#disc-list .disc:visible").count())


@pytest.fixture
def synthetic_page(browser: Any, synthetic: tuple[ScanResult, Path]) -> Iterator[_Page]:
    p = _Page(browser, synthetic[1])
    yield p
    p.context.close()


@browser_only
def test_browser_loads_clean_offline(browser: Any, synthetic_page: _Page, seeds_result: ScanResult,
                                     tmp_path: Path) -> None:
    p = synthetic_page
    p.page.wait_for_timeout(200)
    assert p.requests == [p.url]
    assert p.errors == []
    assert p.dialogs == []
    assert p.page.title().startswith("dedup report")
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "report-top.png"))
    p.page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 50_000
    # The seeds' report too.
    seeds = _Page(browser, write_report(seeds_result, tmp_path / "seeds.html"))
    try:
        seeds.page.wait_for_timeout(100)
        assert (seeds.requests, seeds.errors, seeds.dialogs) == ([seeds.url], [], [])
    finally:
        seeds.context.close()


@browser_only
def test_browser_filters(synthetic_page: _Page, synthetic: tuple[ScanResult, Path]) -> None:
    result, _ = synthetic
    p, page = synthetic_page, synthetic_page.page
    total = len(result.discrepancies)
    same = len(result.same_facts)
    rows = total + same  # same-fact variants are listed too, hidden until their filter is on
    numbers = sum(d.kind == "number" for d in result.discrepancies)
    not_refinements = sum(d.relation != "refinement" for d in result.discrepancies)
    assert p.visible() == total
    page.click("button[data-value='number']")
    assert page.get_attribute("button[data-value='number']", "aria-pressed") == "false"
    assert p.visible() == total - numbers
    assert page.inner_text("#disc-shown") == f"{total - numbers} of {rows} shown"
    page.click("button[data-value='number']")
    assert p.visible() == total
    page.uncheck("input[value='refinement']")
    assert p.visible() == not_refinements
    assert page.locator("#disc-list .disc:visible[data-relation='refinement']").count() == 0
    page.click("button[data-value='number']")
    assert p.visible() == sum(d.kind != "number" and d.relation != "refinement" for d in result.discrepancies)
    for kind in sorted({d.kind for d in result.discrepancies} - {"number"}):
        page.click(f"button[data-value='{kind}']")
    assert p.visible() == 0
    assert page.is_visible("#disc-empty")
    page.click("#disc-reset")
    assert p.visible() == rows and not page.is_visible("#disc-empty")
    page.uncheck("input[value='same fact']")
    assert p.visible() == total
    page.check("input[value='same fact']")
    assert page.locator("#disc-list .same-fact:visible").count() == same > 0
    assert p.errors == []


def _in_view(page: Any, element_id: str) -> bool:
    return bool(page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0; }""",
        element_id,
    ))


@browser_only
def test_browser_anchors(synthetic_page: _Page) -> None:
    p, page = synthetic_page, synthetic_page.page
    missing = page.evaluate(
        """() => Array.from(document.querySelectorAll("a[href^='#']"))
                 .map(a => a.getAttribute("href").slice(1))
                 .filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    n_links = page.evaluate("() => document.querySelectorAll(\"a[href^='#']\").length")
    assert n_links > 50
    # Every section link of the navigation bar.
    for section in ("pairs", "stories", "timeline", "similarity", "families", "documents", "discrepancies"):
        page.click(f"header.top nav a[href='#{section}']")
        assert page.evaluate("() => location.hash") == f"#{section}"
        assert _in_view(page, section)
    # A document link inside a discrepancy goes to the document's row.
    link = page.locator("#disc-1 a.doc").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("() => document.querySelector(':target').id") == target
    assert _in_view(page, target)
    # A heatmap cell goes to the aligned pair.
    cell = page.locator("svg.heatmap a:has(rect.hm-document)").first
    pair = cell.get_attribute("href")[1:]
    cell.click()
    assert page.evaluate("() => location.hash") == f"#{pair}" and _in_view(page, pair)
    # A link to a discrepancy the filters hide brings it back.
    page.click("header.top nav a[href='#discrepancies']")
    page.click("button[data-value='number']")
    assert not page.is_visible("#disc-1")
    page.locator(f"#{pair} .pair-disc a[href='#disc-1']").click()
    # The page reveals the target in its hashchange handler, which runs after the click returns.
    page.wait_for_selector("#disc-1", state="visible", timeout=5000)
    assert page.is_visible("#disc-1") and _in_view(page, "disc-1")
    assert p.errors == [] and p.requests == [p.url]


@browser_only
def test_browser_hostile_article_is_text(synthetic_page: _Page) -> None:
    p, page = synthetic_page, synthetic_page.page
    page.wait_for_timeout(200)
    assert p.dialogs == []
    assert page.evaluate("() => document.scripts.length") == 1
    assert page.evaluate("() => document.images.length") == 0
    row = page.locator("#documents tr", has_text="copy/000-edited")
    assert f"Putin {SCRIPT} defends {IMG} security" in row.inner_text()
    assert "Example Daily <b>news</b>" in row.inner_text()
    assert row.locator("a[href^='javascript']").count() == 0
    added = page.locator(".row-added", has_text="Readers wrote in").first.inner_text()
    assert SCRIPT in added and IMG in added
    assert p.dialogs == [] and p.errors == []
