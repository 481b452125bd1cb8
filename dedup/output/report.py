"""The self-contained HTML report of a scan (``report.html``) and of a check.

One file holds everything: the CSS, a little vanilla JavaScript (the
discrepancy filters) and the charts, drawn as inline SVG.  It makes no
network request and opens offline in any browser.

Sections, in order:

* **Discrepancies**, most severe first, filterable by kind and relation:
  both sentences side by side with the differing phrases marked, the
  outlets, the dates and the explanation.
* **Documents**: title, outlet, date, source link and size; the
  near-duplicate **families** with the probable original; a documents ×
  documents **similarity heatmap** (pair Jaccard, else passage
  similarity); a **timeline** of publication by outlet; the **story
  groups**.
* **Copied pairs**: the aligned sentences of every copied pair side by
  side, changed words marked (:func:`dedup.align.worddiff.word_diff`), omitted
  and added sentences, the share of the original carried and the share of
  the copy that is new.

Article text is untrusted: the templates autoescape, links are only made
for ``http``/``https`` URLs, and a Content-Security-Policy allows no
network access and only the report's own script and style (by hash).

The output is deterministic: everything is sorted, and the only timestamp
comes from ``SOURCE_DATE_EPOCH`` (none is written when it is unset).

Examples
--------
>>> from dedup.model import Document
>>> from dedup.api import analyse_documents
>>> a = Document("a.txt", ["Moscow has deployed up to 100,000 troops near the border, officials said on Monday."])
>>> b = Document("b.txt", ["Moscow has deployed over 100,000 troops near the border, officials said on Monday."])
>>> html = render_report(analyse_documents([a, b]))
>>> html.startswith("<!DOCTYPE html>"), "<mark>over 100,000</mark>" in html
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dedup.align.sentences import Alignment, DocumentAlignment
from dedup.align.worddiff import word_diff

if TYPE_CHECKING:
    from jinja2 import Environment

    from dedup.facts.compare import Discrepancy, PairChange
    from dedup.model import Document, Skipped
    from dedup.near.neardup import Family
    from dedup.near.stories import Story
    from dedup.results import CheckResult, ScanResult

__all__ = [
    "MAX_DISCREPANCIES",
    "MAX_HEATMAP_DOCUMENTS",
    "MAX_PAIRS",
    "render_check_report",
    "render_report",
    "write_check_report",
    "write_report",
]

MAX_HEATMAP_DOCUMENTS = 200
"""Documents drawn in the heatmap; beyond this the most linked ones are shown."""
MAX_PAIRS = 300
MAX_STORY_LINKS = 300
"""Copied pairs shown with their aligned sentences; the most similar first."""
MAX_DISCREPANCIES = 2000
"""Discrepancies listed; the most severe first."""
MAX_TIMELINE_OUTLETS = 40
"""Outlet rows of the timeline; the rest share one row."""

KINDS = ("number", "date", "entity", "quote", "polarity", "wording", "other")
RELATIONS = ("conflict", "refinement", "update")

_DOC_SCALE = ("#eef3fb", "#123f8c")  # copied documents (pair Jaccard)
_PASSAGE_SCALE = ("#fdf3e3", "#a84b06")  # shared paragraphs only (passage similarity)
_FULL_GRID = 40  # heatmaps up to this size draw (and explain) the empty cells too
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------- input


@dataclass
class _Input:
    """What a report is drawn from (a scan, or the check of one copy)."""

    documents: list[Document]
    similarity: dict[tuple[str, str], tuple[float, str]]  # sorted id pair -> (value, "document"|"passage")
    families: list[Family]
    stories: list[Story]
    alignments: list[DocumentAlignment]
    discrepancies: list[Discrepancy]
    skipped: list[Skipped] = field(default_factory=list)
    same_facts: list[PairChange] = field(default_factory=list)
    title: str = "dedup report"
    subtitle: str = ""


def _similarity(pairs: Iterable[Any], passages: Iterable[Any]) -> dict[tuple[str, str], tuple[float, str]]:
    out: dict[tuple[str, str], tuple[float, str]] = {}
    for p in passages:
        key = (min(p.a, p.b), max(p.a, p.b))
        if key not in out or p.similarity > out[key][0]:
            out[key] = (float(p.similarity), "passage")
    for p in pairs:  # a document pair wins over its passages
        out[(min(p.a, p.b), max(p.a, p.b))] = (float(p.jaccard), "document")
    return out


def _from_scan(result: ScanResult) -> _Input:
    dup = result.duplicates
    n = len(result.corpus.documents)
    return _Input(
        documents=list(result.corpus.documents),
        similarity=_similarity(dup.pairs, dup.passages),
        families=list(dup.families),
        stories=list(result.stories),
        alignments=list(result.alignments),
        discrepancies=list(result.discrepancies),
        skipped=list(result.corpus.skipped),
        same_facts=list(result.same_facts),
        title="dedup report",
        subtitle=f"{n} document{'s' * (n != 1)} scanned",
    )


def _from_check(result: CheckResult) -> _Input:
    from dedup.facts.compare import PairChange
    from dedup.near.neardup import Family
    from dedup.near.stories import Story

    o, c = result.original, result.copy
    key = (min(o.id, c.id), max(o.id, c.id))
    return _Input(
        documents=[o, c],
        similarity={key: (float(result.jaccard), "document")},
        families=[Family("family-0001", sorted([o.id, c.id]), o.id, "given as the original")],
        stories=[Story("story-0001", sorted([o.id, c.id]), first_date=None, last_date=None)],
        alignments=[result.alignment],
        discrepancies=list(result.discrepancies),
        same_facts=[PairChange(result.alignment.a, result.alignment.b, c) for c in result.changes
                    if c.verdict == "same fact"],
        title="dedup check",
        subtitle=f"{c.id} checked against {o.id}",
    )


# --------------------------------------------------------------------------- helpers


def _fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def _pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def _safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL (never ``javascript:`` and the like)."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and not any(ch.isspace() for ch in u) else None


def _mix(scale: tuple[str, str], t: float) -> str:
    t = min(1.0, max(0.0, t))
    lo = [int(scale[0][i : i + 2], 16) for i in (1, 3, 5)]
    hi = [int(scale[1][i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(lo, hi))


def _short(text: str | None, n: int) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _generated() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        when = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _day_label(d: date, *, year: bool) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def _iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class Segment:
    """A piece of text and how it is marked: ``""``, ``"mark"``, ``"del"`` or ``"ins"``."""

    text: str
    mark: str = ""


@dataclass
class DocView:
    number: int
    anchor: str
    id: str
    title: str
    outlet: str
    date: str
    url: str | None
    raw_url: str | None
    words: int
    sentences: int
    paragraphs: int
    role: str  # "original", "copy" or ""
    family: str | None
    story: str | None
    label: str  # "#3 outlet"
    lead: str  # the start of the first sentence, for untitled documents
    known: bool  # False for a document referred to but not given (indexed in an earlier run)


def _documents(inp: _Input, unknown: Iterable[str] = ()) -> tuple[list[DocView], dict[str, DocView]]:
    from dedup.model import Document

    missing = set(unknown)
    role: dict[str, tuple[str, str]] = {}
    for fam in inp.families:
        for m in fam.members:
            role[m] = ("original" if m == fam.original else "copy", fam.id)
    story_of = {m: s.id for s in inp.stories if len(s.members) > 1 for m in s.members}
    views: list[DocView] = []
    every = [*inp.documents, *(Document(i, []) for i in missing)]
    for k, d in enumerate(sorted(every, key=lambda d: d.id), start=1):
        r, fam_id = role.get(d.id, ("", None))
        outlet = d.outlet or ""
        views.append(
            DocView(
                number=k,
                anchor=f"doc-{k}",
                id=d.id,
                title=d.title or "",
                outlet=outlet,
                date=d.date or "",
                url=_safe_url(d.url),
                raw_url=d.url,
                words=sum(len(p.split()) for p in d.paragraphs),
                sentences=len(d.sentences),
                paragraphs=len(d.paragraphs),
                role=r,
                family=fam_id,
                story=story_of.get(d.id),
                label=f"#{k} {outlet or d.id}",
                lead=_short(d.sentences[0] if d.sentences else "", 90),
                known=d.id not in missing,
            )
        )
    return views, {v.id: v for v in views}


@dataclass
class SideView:
    doc: DocView
    segments: list[Segment]
    value: str


@dataclass
class DiscView:
    anchor: str
    kind: str
    relation: str
    severity: str
    level: str  # high, medium, low
    subject: str
    scope: str
    where: str
    explanation: str
    a: SideView
    b: SideView
    pair_anchor: str | None


def _highlight(text: str, value: str) -> list[Segment]:
    if value:
        at = text.find(value)
        if at < 0:
            at = text.lower().find(value.lower())
        if at >= 0:
            end = at + len(value)
            return [s for s in (Segment(text[:at]), Segment(text[at:end], "mark"), Segment(text[end:])) if s.text]
    return [Segment(text)]


def _severity_level(severity: float) -> str:
    return "high" if severity >= 0.5 else "medium" if severity >= 0.3 else "low"


def _discrepancies(
    inp: _Input, docs: Mapping[str, DocView], pair_anchor: Mapping[tuple[str, str], str]
) -> list[DiscView]:
    ordered = sorted(
        inp.discrepancies,
        key=lambda d: (
            -d.severity, KINDS.index(d.kind) if d.kind in KINDS else len(KINDS), d.relation, d.a, d.b,
            d.a_sentence if d.a_sentence is not None else -1, d.b_sentence if d.b_sentence is not None else -1,
            d.a_value, d.b_value, d.subject or "",
        ),
    )[:MAX_DISCREPANCIES]
    out: list[DiscView] = []
    for k, d in enumerate(ordered, start=1):
        where = "same story, different copy" if d.scope == "story" else "aligned sentences of copied text"
        if d.days_apart is not None:
            where += f" · published {d.days_apart} day{'s' * (d.days_apart != 1)} apart"
        key = (min(d.a, d.b), max(d.a, d.b))
        out.append(
            DiscView(
                anchor=f"disc-{k}",
                kind=d.kind,
                relation=d.relation,
                severity=_fmt(d.severity),
                level=_severity_level(d.severity),
                subject=d.subject or "",
                scope=d.scope,
                where=where,
                explanation=d.explanation,
                a=SideView(docs[d.a], _highlight(d.a_text, d.a_value), d.a_value),
                b=SideView(docs[d.b], _highlight(d.b_text, d.b_value), d.b_value),
                pair_anchor=pair_anchor.get(key),
            )
        )
    return out


@dataclass
class SameView:
    anchor: str
    a: DocView
    b: DocView
    a_value: str
    b_value: str
    reason: str
    pair_anchor: str | None


def _same_facts(
    inp: _Input, docs: Mapping[str, DocView], pair_anchor: Mapping[tuple[str, str], str]
) -> list[SameView]:
    """The same fact written two ways in a pair ("five" / "5", "tyres" / "tires"): listed behind a filter."""
    out = []
    ordered = sorted(inp.same_facts, key=lambda pc: (pc.a, pc.b, pc.change.a_start, pc.change.b_start, pc.change.a,
                                                     pc.change.b, pc.change.reason))
    for k, pc in enumerate(ordered[:MAX_DISCREPANCIES], start=1):
        if pc.a not in docs or pc.b not in docs:
            continue
        c = pc.change
        out.append(SameView(f"same-{k}", docs[pc.a], docs[pc.b], c.a, c.b, c.reason,
                            pair_anchor.get((min(pc.a, pc.b), max(pc.a, pc.b)))))
    return out


@dataclass
class FamilyView:
    id: str
    reason: str
    original: DocView
    copies: list[DocView]


def _families(inp: _Input, docs: Mapping[str, DocView]) -> list[FamilyView]:
    return [
        FamilyView(
            f.id,
            f.reason,
            docs[f.original],
            sorted((docs[m] for m in f.members if m != f.original), key=lambda v: v.number),
        )
        for f in sorted(inp.families, key=lambda f: f.id)
    ]


@dataclass
class StoryView:
    id: str
    members: list[DocView]
    terms: list[str]
    entities: list[str]
    first_date: str
    last_date: str
    outlets: int


def _stories(inp: _Input, docs: Mapping[str, DocView]) -> tuple[list[StoryView], int]:
    views = []
    single = 0
    for s in sorted(inp.stories, key=lambda s: s.id):
        if len(s.members) < 2:
            single += 1
            continue
        members = sorted((docs[m] for m in s.members if m in docs), key=lambda v: (v.date or "9999", v.number))
        views.append(
            StoryView(
                s.id, members, list(s.terms), list(s.entities), s.first_date or "", s.last_date or "",
                len({m.outlet for m in members}),
            )
        )
    return views, single


# --------------------------------------------------------------------------- pairs


@dataclass
class RowView:
    kind: str  # same, changed, omitted, added
    a_index: str
    b_index: str
    a: list[Segment]
    b: list[Segment]
    score: str
    link: str  # 1-1, 1-2, 2-1 or ""


@dataclass
class Block:
    """Consecutive rows of an aligned pair; ``folded`` runs of unchanged sentences start closed."""

    rows: list[RowView]
    folded: bool = False

    @property
    def summary(self) -> str:
        n = len(self.rows)
        return f"{n} unchanged sentence{'s' * (n != 1)} ({self.rows[0].a_index}–{self.rows[-1].a_index})"


_FOLD_MIN = 4  # runs of this many unchanged sentences are folded (one kept on each side as context)


def _blocks(rows: Sequence[RowView]) -> list[Block]:
    blocks: list[Block] = []
    k = 0
    while k < len(rows):
        if rows[k].kind != "same":
            if blocks and not blocks[-1].folded:
                blocks[-1].rows.append(rows[k])
            else:
                blocks.append(Block([rows[k]]))
            k += 1
            continue
        end = k
        while end < len(rows) and rows[end].kind == "same":
            end += 1
        run = list(rows[k:end])
        head = run[:1] if k > 0 else []
        tail = run[-1:] if end < len(rows) else []
        middle = run[len(head) : len(run) - len(tail)]
        if len(run) >= _FOLD_MIN and middle:
            if head:
                _plain(blocks).rows.extend(head)
            blocks.append(Block(middle, folded=True))
            if tail:
                blocks.append(Block(list(tail)))
        else:
            _plain(blocks).rows.extend(run)
        k = end
    return blocks


def _plain(blocks: list[Block]) -> Block:
    if not blocks or blocks[-1].folded:
        blocks.append(Block([]))
    return blocks[-1]


@dataclass(frozen=True)
class StoryLinkView:
    a: DocView
    b: DocView
    a_text: str
    b_text: str
    score: str


def _story_links(inp: _Input, docs: Mapping[str, DocView]) -> tuple[list[StoryLinkView], int]:
    """Sentences that say the same thing in two articles of one story, the closest first."""
    rows = [
        (x, link)
        for x in inp.alignments
        if x.level == "story"
        for link in x.alignment.links
    ]
    rows.sort(key=lambda r: (-r[1].score, docs[r[0].a].number, docs[r[0].b].number, r[1].a_sentences))
    views = [
        StoryLinkView(docs[x.a], docs[x.b], link.a_text, link.b_text, _fmt(link.score))
        for x, link in rows[:MAX_STORY_LINKS]
    ]
    return views, len(rows)


@dataclass
class PairView:
    anchor: str
    a: DocView
    b: DocView
    level: str
    similarity: str
    similarity_kind: str
    carried: str
    new: str
    carried_value: str
    new_value: str
    n_a: int
    n_b: int
    n_same: int
    n_changed: int
    n_omitted: int
    n_added: int
    blocks: list[Block]
    discrepancies: list[str]


def _diff_segments(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    left: list[Segment] = []
    right: list[Segment] = []
    for op in word_diff(a, b):
        if op.tag == "equal":
            left.append(Segment(op.a))
            right.append(Segment(op.b))
        else:
            left.extend(_marked(op.a, "del"))
            right.extend(_marked(op.b, "ins"))
    return left, right


def _marked(text: str, mark: str) -> list[Segment]:
    """``text`` marked, its trailing space left plain."""
    body = text.rstrip()
    if not body:
        return [Segment(text)] if text else []
    return [Segment(body, mark)] + ([Segment(text[len(body) :])] if len(body) < len(text) else [])


def _oriented(x: DocumentAlignment, originals: set[str]) -> DocumentAlignment:
    """Put the probable original on the left."""
    if x.b in originals and x.a not in originals:
        al = x.alignment
        links = sorted((link.swapped() for link in al.links), key=lambda k: (k.a_sentences[0], k.b_sentences[0]))
        return DocumentAlignment(
            x.b, x.a, x.level, Alignment(links, omitted=list(al.added), added=list(al.omitted)),
            x.b_sentences, x.a_sentences,
        )
    return x


def _rows(x: DocumentAlignment, da: Document, db: Document) -> list[RowView]:
    al = x.alignment
    # Links and omitted sentences in the order of the left text; each added
    # sentence after the link that precedes it in the right text.
    left: list[tuple[int, RowView]] = []  # (position in a, row)
    for link in al.links:
        identical = link.identical
        if identical:
            sa, sb = [Segment(link.a_text)], [Segment(link.b_text)]
        else:
            sa, sb = _diff_segments(link.a_text, link.b_text)
        row = RowView(
            "same" if identical else "changed",
            "+".join(str(i + 1) for i in link.a_sentences),
            "+".join(str(j + 1) for j in link.b_sentences),
            sa, sb, _fmt(link.score), link.kind,
        )
        left.append((link.a_sentences[0], row))
    for i in al.omitted:
        left.append((i, RowView("omitted", str(i + 1), "", [Segment(_sentence(da, i))], [], "", "")))
    left.sort(key=lambda t: (t[0], t[1].kind))
    added = sorted(al.added)
    rows: list[RowView] = []
    placed: set[int] = set()

    def add_before(limit: int) -> None:
        for j in added:
            if j not in placed and j < limit:
                placed.add(j)
                rows.append(RowView("added", "", str(j + 1), [], [Segment(_sentence(db, j))], "", ""))

    for _, row in left:
        if row.kind != "omitted":
            first_b = min(int(v) - 1 for v in row.b_index.split("+"))
            add_before(first_b)
        rows.append(row)
    add_before(max(added, default=0) + 1)
    return rows


def _doc(by_id: Mapping[str, Document], doc_id: str) -> Document:
    from dedup.model import Document

    return by_id.get(doc_id) or Document(doc_id, [])


def _sentence(doc: Document, i: int) -> str:
    return doc.sentences[i] if 0 <= i < len(doc.sentences) else f"(sentence {i + 1}, text not available)"


def _pairs(
    inp: _Input, docs: Mapping[str, DocView], by_id: Mapping[str, Document]
) -> tuple[list[PairView], int, dict[tuple[str, str], str]]:
    originals = {f.original for f in inp.families}
    items = []
    for x in inp.alignments:
        if x.level == "story":
            continue  # not copies: listed under "Same fact across articles"
        x = _oriented(x, originals)
        key = (min(x.a, x.b), max(x.a, x.b))
        value, kind = inp.similarity.get(key, (0.0, x.level))
        items.append((0 if x.level == "document" else 1, -value, docs[x.a].number, docs[x.b].number, x, value, kind))
    items.sort(key=lambda t: t[:4])
    total = len(items)
    views: list[PairView] = []
    anchors: dict[tuple[str, str], str] = {}
    for k, (_, _, _, _, x, value, kind) in enumerate(items[:MAX_PAIRS], start=1):
        key = (min(x.a, x.b), max(x.a, x.b))
        anchor = f"pair-{k}"
        anchors.setdefault(key, anchor)
        al = x.alignment
        n_a, n_b = x.a_sentences, x.b_sentences
        n_same = sum(link.identical for link in al.links)
        carried = al.carried(n_a)
        new = len(al.added) / n_b if n_b else 0.0
        views.append(
            PairView(
                anchor=anchor, a=docs[x.a], b=docs[x.b], level=x.level,
                similarity=_fmt(value), similarity_kind="Jaccard" if kind == "document" else "passage similarity",
                carried=_pct(carried), new=_pct(new),
                carried_value=_fmt(100 * carried, 1), new_value=_fmt(100 * new, 1),
                n_a=n_a, n_b=n_b, n_same=n_same, n_changed=len(al.links) - n_same,
                n_omitted=len(al.omitted), n_added=len(al.added),
                blocks=_blocks(_rows(x, _doc(by_id, x.a), _doc(by_id, x.b))), discrepancies=[],
            )
        )
    return views, total, anchors


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Cell:
    x: str
    y: str
    size: str
    fill: str
    title: str
    href: str | None
    kind: str


@dataclass
class Heatmap:
    cells: list[Cell]
    diagonal: list[Cell]
    labels: list[tuple[str, str, str, str]]  # row label x, y, text, anchor
    columns: list[tuple[str, str, str]]  # x, y, text
    width: int
    height: int
    grid: tuple[int, int, int]  # x0, y0, side
    shown: int
    total: int
    font: str
    doc_legend: list[tuple[str, str, str]]  # x, fill, label
    passage_legend: list[tuple[str, str, str]]
    has_passages: bool


def _heatmap(inp: _Input, docs: Sequence[DocView], pair_anchor: Mapping[tuple[str, str], str]) -> Heatmap:
    degree: dict[str, int] = {}
    for a, b in inp.similarity:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    if len(docs) > MAX_HEATMAP_DOCUMENTS:
        chosen = sorted(docs, key=lambda v: (-degree.get(v.id, 0), v.number))[:MAX_HEATMAP_DOCUMENTS]
        shown = sorted(chosen, key=lambda v: v.number)
    else:
        shown = list(docs)
    if len(shown) > _FULL_GRID:
        shown = _clustered(shown, inp.similarity)
    n = len(shown)
    cell = max(4, min(28, 800 // max(n, 1)))
    labelled = cell >= 11
    label_w = 200 if labelled else 44
    top = 34
    x0, y0 = label_w, top
    side = cell * n
    index = {v.id: k for k, v in enumerate(shown)}
    by_id = {v.id: v for v in shown}
    font = str(min(12, max(8, cell - 4)))
    every_row = 1 if cell >= 11 else -(-12 // cell)  # a row label about every 12 px
    digits = len(str(max((v.number for v in shown), default=1)))
    every_col = max(1, -(-(digits * 7 + 4) // cell))  # column numbers do not overlap
    labels = []
    columns = []
    for k, v in enumerate(shown):
        if k % every_row == 0:
            cy = y0 + k * cell + cell / 2
            text = _short(f"#{v.number} {v.outlet or v.id}", 24) if labelled else f"#{v.number}"
            labels.append((str(x0 - 6), f"{cy:.1f}", text, v.anchor))
        if k % every_col == 0:
            columns.append((f"{x0 + k * cell + cell / 2:.1f}", str(y0 - 8), str(v.number)))
    cells: list[Cell] = []
    for (a, b), (value, kind) in sorted(inp.similarity.items()):
        if a not in index or b not in index:
            continue
        scale = _DOC_SCALE if kind == "document" else _PASSAGE_SCALE
        what = "Jaccard of the documents" if kind == "document" else "similarity of shared paragraphs"
        va, vb = by_id[a], by_id[b]
        title = f"#{va.number} {va.outlet or va.id} × #{vb.number} {vb.outlet or vb.id}: {what} {_fmt(value)}"
        href = pair_anchor.get((a, b))
        for i, j in ((index[a], index[b]), (index[b], index[a])):
            cells.append(Cell(str(x0 + j * cell), str(y0 + i * cell), str(cell), _mix(scale, value), title,
                              f"#{href}" if href else None, kind))
    if n <= _FULL_GRID:
        # Small grids: every cell has its tooltip, the empty ones too.
        filled = {(c.x, c.y) for c in cells}
        for i, va in enumerate(shown):
            for j, vb in enumerate(shown):
                x, y = str(x0 + j * cell), str(y0 + i * cell)
                if i != j and (x, y) not in filled:
                    title = f"#{va.number} {va.outlet or va.id} × #{vb.number} {vb.outlet or vb.id}: no shared copy"
                    cells.append(Cell(x, y, str(cell), "#f4f5f7", title, None, "none"))
    cells.sort(key=lambda c: (int(c.y), int(c.x)))
    diagonal = [
        Cell(str(x0 + k * cell), str(y0 + k * cell), str(cell), "#c9ced6", f"#{v.number} {v.outlet or v.id}: itself",
             None, "self")
        for k, v in enumerate(shown)
    ]
    width = x0 + side + 16
    legend_y = y0 + side + 16
    steps = (0.5, 0.625, 0.75, 0.875, 1.0)
    doc_legend = [(str(x0 + 150 + k * 34), _mix(_DOC_SCALE, t), _fmt(t)) for k, t in enumerate(steps)]
    passage_legend = [(str(x0 + 150 + k * 34), _mix(_PASSAGE_SCALE, t), _fmt(t)) for k, t in enumerate(steps)]
    height = legend_y + 64
    return Heatmap(
        cells=cells, diagonal=diagonal, labels=labels, columns=columns, width=max(width, x0 + 330), height=height,
        grid=(x0, y0, side), shown=n, total=len(docs), font=font, doc_legend=doc_legend,
        passage_legend=passage_legend, has_passages=any(k == "passage" for _, k in inp.similarity.values()),
    )


def _clustered(shown: Sequence[DocView], links: Iterable[tuple[str, str]]) -> list[DocView]:
    """Documents linked to each other next to each other (large heatmaps), else in number order."""
    parent = {v.id: v.id for v in shown}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    first: dict[str, int] = {}
    for v in shown:
        r = root(v.id)
        first[r] = min(first.get(r, v.number), v.number)
    return sorted(shown, key=lambda v: (first[root(v.id)], v.number))


@dataclass(frozen=True)
class Dot:
    cx: str
    cy: str
    title: str
    href: str
    role: str


@dataclass
class Timeline:
    rows: list[tuple[str, str, int]]  # y, outlet, count
    dots: list[Dot]
    ticks: list[tuple[str, str]]  # x, label
    width: int
    height: int
    plot: tuple[int, int, int, int]  # x0, y0, x1, y1
    undated: list[DocView]
    first: str
    last: str
    other_outlets: int


def _timeline(docs: Sequence[DocView]) -> Timeline | None:
    dated = [(d, _iso(d.date)) for d in docs]
    points = [(v, day) for v, day in dated if day is not None]
    undated = [v for v, day in dated if day is None]
    if not points:
        return None
    counts: dict[str, int] = {}
    for v, _ in points:
        counts[v.outlet or "(no outlet)"] = counts.get(v.outlet or "(no outlet)", 0) + 1
    outlets = sorted(counts)
    other = 0
    if len(outlets) > MAX_TIMELINE_OUTLETS:
        keep = set(sorted(outlets, key=lambda o: (-counts[o], o))[: MAX_TIMELINE_OUTLETS - 1])
        other = len(outlets) - len(keep)
        outlets = [*sorted(keep), "(other outlets)"]
    row_of = {o: k for k, o in enumerate(outlets)}
    lo = min(day for _, day in points).toordinal()
    hi = max(day for _, day in points).toordinal()
    if hi - lo < 2:
        lo, hi = lo - 1, hi + 1
    pad = max(1, round((hi - lo) * 0.04))
    # kept inside the calendar: a library caller's document may be dated 0001-01-01 or 9999-12-31
    lo, hi = max(date.min.toordinal(), lo - pad), min(date.max.toordinal(), hi + pad)
    x0, x1, y0, row_h = 210, 1180, 28, 26
    y1 = y0 + row_h * len(outlets)

    def xpos(ordinal: int) -> float:
        return x0 + (x1 - x0) * (ordinal - lo) / (hi - lo)

    span = hi - lo
    ticks: list[tuple[str, str]] = []
    first_day, last_day = date.fromordinal(lo), date.fromordinal(hi)
    with_year = first_day.year != last_day.year
    if span > 120:
        d = date(first_day.year, first_day.month, 1)
        months = []
        while d <= last_day:
            if d >= first_day:
                months.append(d)
            if d.year == date.max.year and d.month == 12:
                break
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        step = max(1, -(-len(months) // 10))
        ticks = [(f"{xpos(m.toordinal()):.1f}", f"{_MONTHS[m.month - 1]} {m.year}") for m in months[::step]]
    else:
        step = 1 if span <= 12 else 7 if span <= 84 else 14
        start = lo if step == 1 else lo + (-lo % 7)  # Mondays for weekly ticks (ordinal 1 was a Monday)
        ticks = [
            (f"{xpos(o):.1f}", _day_label(date.fromordinal(o), year=with_year)) for o in range(start, hi + 1, step)
        ]
    stack: dict[tuple[int, int], int] = {}
    dots = []
    for v, day in sorted(points, key=lambda t: (t[1], t[0].number)):
        outlet = v.outlet or "(no outlet)"
        row = row_of.get(outlet, len(outlets) - 1)
        k = stack.get((row, day.toordinal()), 0)
        stack[(row, day.toordinal())] = k + 1
        cx = xpos(day.toordinal()) + 8 * k
        cy = y0 + row * row_h + row_h / 2
        title = f"#{v.number} {v.outlet or v.id}, {v.date}: {v.title or v.id}"
        dots.append(Dot(f"{cx:.1f}", f"{cy:.1f}", title, f"#{v.anchor}", v.role or "none"))
    rows = [(f"{y0 + k * row_h + row_h / 2:.1f}", _short(o, 26), counts.get(o, 0)) for k, o in enumerate(outlets)]
    if other:
        rows[-1] = (rows[-1][0], f"(other outlets: {other})", sum(counts[o] for o in counts if o not in row_of))
    return Timeline(
        rows=rows, dots=dots, ticks=ticks, width=x1 + 30, height=y1 + 40, plot=(x0, y0, x1, y1),
        undated=undated, first=date.fromordinal(min(d.toordinal() for _, d in points)).isoformat(),
        last=date.fromordinal(max(d.toordinal() for _, d in points)).isoformat(), other_outlets=other,
    )


# --------------------------------------------------------------------------- render


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("dedup.output", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return resources.files("dedup.output").joinpath("templates", name).read_text(encoding="utf-8")


def _render(inp: _Input) -> str:
    from markupsafe import Markup

    known = {d.id for d in inp.documents}
    referenced = {i for key in inp.similarity for i in key}
    referenced |= {i for f in inp.families for i in (*f.members, f.original)}
    referenced |= {i for x in inp.alignments for i in (x.a, x.b)}
    referenced |= {i for d in inp.discrepancies for i in (d.a, d.b)}
    doc_views, docs = _documents(inp, referenced - known)
    by_id = {d.id: d for d in inp.documents}
    pairs, n_pairs, pair_anchor = _pairs(inp, docs, by_id)
    discrepancies = _discrepancies(inp, docs, pair_anchor)
    by_pair: dict[str, list[str]] = {}
    for d in discrepancies:
        if d.pair_anchor:
            by_pair.setdefault(d.pair_anchor, []).append(d.anchor)
    for p in pairs:
        p.discrepancies = by_pair.get(p.anchor, [])
    stories, single_stories = _stories(inp, docs)
    story_links, n_story_links = _story_links(inp, docs)
    css = _asset("report.css")
    js = _asset("report.js")
    if "</" in js or "</" in css:
        raise RuntimeError("report assets must not contain '</'")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src 'sha256-{_sha256(css)}'; script-src 'sha256-{_sha256(js)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    present_kinds = {d.kind for d in inp.discrepancies}
    kinds = [k for k in KINDS if k not in ("polarity", "wording", "other") or k in present_kinds]
    count_kind = {k: sum(d.kind == k for d in discrepancies) for k in kinds}
    count_rel = {r: sum(d.relation == r for d in discrepancies) for r in RELATIONS}
    page = _environment().get_template("report.html.j2").render(
        title=inp.title,
        subtitle=inp.subtitle,
        generated=_generated(),
        version=_version(),
        csp=csp,
        css=Markup(css),
        js=Markup(js),
        documents=doc_views,
        skipped=sorted(inp.skipped, key=lambda s: s.path),
        discrepancies=discrepancies,
        same_facts=_same_facts(inp, docs, pair_anchor),
        n_same_facts=len(inp.same_facts),
        n_discrepancies=len(inp.discrepancies),
        n_conflicts=sum(d.relation == "conflict" for d in inp.discrepancies),
        kinds=kinds,
        relations=RELATIONS,
        count_kind=count_kind,
        count_rel=count_rel,
        families=_families(inp, docs),
        heatmap=_heatmap(inp, doc_views, pair_anchor) if doc_views else None,
        timeline=_timeline(doc_views),
        stories=stories,
        single_stories=single_stories,
        pairs=pairs,
        n_pairs=n_pairs,
        story_links=story_links,
        n_story_links=n_story_links,
        max_story_links=MAX_STORY_LINKS,
        n_copied=sum(k == "document" for _, k in inp.similarity.values()),
        n_passage_pairs=sum(k == "passage" for _, k in inp.similarity.values()),
        max_pairs=MAX_PAIRS,
        max_discrepancies=MAX_DISCREPANCIES,
        max_heatmap=MAX_HEATMAP_DOCUMENTS,
    )
    return page


def _version() -> str:
    from dedup import __version__

    return __version__


def render_report(result: ScanResult) -> str:
    """The HTML report of a scan, as a string.

    Parameters
    ----------
    result
        What :func:`dedup.api.find` (with ``align=True``) or
        :func:`dedup.api.analyse_documents` returned.

    Returns
    -------
    str
        One self-contained HTML page: no external resource, no network
        request, article text escaped.  The same result gives the same
        string; the page carries a timestamp only when
        ``SOURCE_DATE_EPOCH`` is set.

    Examples
    --------
    >>> from dedup.api import find
    >>> page = render_report(find(["seeds"], align=True))
    >>> "Finish" in page and "http://" not in page.split("<body", 1)[0]
    True
    """
    return _render(_from_scan(result))


def write_report(result: ScanResult, path: str | os.PathLike[str]) -> Path:
    """Write the HTML report of a scan to ``path`` (UTF-8) and return the path.

    Parameters
    ----------
    result
        A scan result (see :func:`render_report`).
    path
        The file to write, usually ``OUT/report.html``; its folder must exist.
        It is replaced atomically (a temporary file in the same folder).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    dedup.output.files.OutputError
        The file could not be written (disk full, read-only, ...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dedup.api import find
    >>> result = find(["seeds"], align=True)
    >>> out = write_report(result, pathlib.Path(tempfile.mkdtemp()) / "report.html")
    >>> out.read_text(encoding="utf-8").count('class="disc ') == len(result.discrepancies) > 0
    True
    """
    from dedup.output.files import write_text

    return write_text(path, render_report(result))


def render_check_report(result: CheckResult) -> str:
    """The HTML report of :func:`dedup.run.check.check_copy`: the copy against its original.

    Examples
    --------
    >>> from dedup.api import check_copy
    >>> from dedup.model import Document
    >>> o = Document("wire.txt", ["Moscow has deployed up to 100,000 troops near the border, officials said."])
    >>> c = Document("copy.txt", ["Moscow has deployed over 100,000 troops near the border, officials said."])
    >>> "<del>up to</del> " in render_check_report(check_copy(o, c))
    True
    """
    return _render(_from_check(result))


def write_check_report(result: CheckResult, path: str | os.PathLike[str]) -> Path:
    """Write the HTML report of a check (``dedup check --html FILE``) and return the path.

    Parameters
    ----------
    result
        What :func:`dedup.run.check.check_copy` returned.
    path
        The file to write; its folder must exist (see
        :func:`dedup.output.files.check_file_target` to check it before the work).
        It is replaced atomically (a temporary file in the same folder).

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    dedup.output.files.OutputError
        The file could not be written (disk full, read-only, ...).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from dedup.api import check_copy
    >>> from dedup.model import Document
    >>> o = Document("wire.txt", ["Talks will resume in Geneva on Monday, the ministry said."])
    >>> c = Document("copy.txt", ["Talks will resume in Geneva on Tuesday, the ministry said."])
    >>> out = write_check_report(check_copy(o, c), pathlib.Path(tempfile.mkdtemp()) / "check.html")
    >>> "<ins>Tuesday,</ins>" in out.read_text(encoding="utf-8")
    True
    """
    from dedup.output.files import write_text

    return write_text(path, render_check_report(result), option="--html")
