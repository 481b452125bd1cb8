"""Convert the Reuters-21578 newswire collection (SGML) to dedup's JSONL input.

Source
------
Reuters-21578, Distribution 1.0: 21,578 Reuters newswire items from 1987, as
prepared by David D. Lewis (``reut2-000.sgm`` ... ``reut2-021.sgm``).  The
copy used here comes from the public GitHub repository
``loki86/ksr_zadanie1V2`` (commit d16457f); its ``reut2-003.sgm`` is cut off
after 157 items, so use that repository's ``reut2-003-full.sgm`` (all 1,000
items, NEWID 3001-4000) in its place.  The collection is also distributed by
the UCI KDD archive (https://kdd.ics.uci.edu/databases/reuters21578/).

Licence
-------
From the collection's README: "The copyright for the text of newswire
articles and Reuters annotations in the Reuters-21578 collection resides with
Reuters Ltd.  Reuters Ltd. and Carnegie Group, Inc. have agreed to allow the
free distribution of this data *for research purposes only*."  The corpus is
therefore never committed here; only this script and hand-made labels that
quote short passages for evaluation.

Output
------
One JSON object per line::

    {"id": "reuters-<NEWID>", "title": ..., "text": ..., "outlet": "Reuters",
     "date": "1987-02-26", "url": null, "dateline": "NEW YORK, Feb 26",
     "time": "1987-02-26T15:01:01"}

``text`` is the body without the title: the SGML wraps lines at about 70
characters and starts each paragraph (and each table row) on an indented
line, so wrapped lines are joined with spaces and paragraphs are separated by
blank lines.  Entities (``&lt;``, ``&amp;``, ``&#3;``) are decoded, control
characters and the closing "Reuter" signature are removed.  Items with no
``<BODY>`` (``TYPE="BRIEF"`` headline-only items, and ``TYPE="UNPROC"``
unprocessed tables unless ``--unproc`` is given) are skipped, with counts on
stderr.

Usage::

    python3 bench/data/reuters.py SGM_DIR OUT.jsonl [--unproc]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

_ITEM = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'\bNEWID="(\d+)"')
_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# The closing signature, with the debris the wire left after it: "Reuter", "REUTER...^M",
# "REUTERS", "Reuter4", "REUTER TAW", "REUTER11:43/VB".  Alone as the last paragraph it may take any
# case; run on at the end of the last sentence it must be upper or lower case or carry the debris,
# so that "..., a spokesman told Reuters" keeps its last word.
_SIG = r"(?:\.\.\.)?(?:\^M)?(?:\s*[A-Z0-9:/]{1,10})?\s*$"
_SIGNATURE_ALONE = re.compile(r"^(?i:reuters?)" + _SIG)
_SIGNATURE_RUN_ON = re.compile(r"\s+(?:REUTERS?|reuters?|Reuter(?!s)|(?i:reuters?)(?=\.\.\.|\^M))" + _SIG)
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")


@dataclass(frozen=True)
class Item:
    """One REUTERS element, decoded."""

    newid: int
    title: str | None
    dateline: str | None
    body: list[str]
    when: datetime | None


def _field(block: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    return None if m is None else m.group(1)


def _clean(raw: str) -> str:
    """Decode entities and drop control characters (``&#2;``, ``&#3;``...)."""
    return _CONTROL.sub("", html.unescape(raw))


def _one_line(raw: str | None) -> str | None:
    if raw is None:
        return None
    text = " ".join(_clean(raw).split())
    return text.rstrip(" -") or None


def parse_date(raw: str | None) -> datetime | None:
    """``" 26-FEB-1987 15:01:01.79"`` -> ``datetime(1987, 2, 26, 15, 1, 1)``."""
    if raw is None:
        return None
    m = _DATE.search(raw.upper())
    if m is None or m.group(2) not in _MONTHS:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    try:
        return datetime(int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss))
    except ValueError:
        return None


def paragraphs(raw: str) -> list[str]:
    """Rebuild paragraphs from the wrapped SGML body.

    A line that starts with whitespace (the wire's paragraph indent, also
    used for table rows) or follows a blank line starts a new paragraph; other
    lines continue the current one.  The closing "Reuter" signature goes.
    """
    paras: list[list[str]] = []
    fresh = True
    for line in _clean(raw).replace("\r", "").split("\n"):
        if not line.strip():
            fresh = True
            continue
        if fresh or line[:1].isspace() or not paras:
            paras.append([])
        paras[-1].append(line.strip())
        fresh = False
    out = [" ".join(" ".join(p).split()) for p in paras]
    while out and _SIGNATURE_ALONE.match(out[-1]):  # some items are signed twice
        out.pop()
    while out:
        last = _SIGNATURE_RUN_ON.sub("", out[-1])
        if last == out[-1]:
            break
        out[-1] = last
    return [p for p in out if p]


def read_items(path: Path, *, unproc: bool = False) -> Iterator[tuple[Item | None, str]]:
    """Yield ``(item, "")`` for each usable REUTERS element, ``(None, why)`` otherwise."""
    data = path.read_bytes().decode("cp1252", errors="replace")
    for m in _ITEM.finditer(data):
        attrs, block = m.groups()
        nid = _NEWID.search(attrs)
        if nid is None:
            yield None, "no NEWID"
            continue
        text = _TEXT.search(block)
        if text is None:
            yield None, "no TEXT"
            continue
        text_attrs, inner = text.groups()
        title = _one_line(_field(inner, "TITLE"))
        body_raw = _field(inner, "BODY")
        if body_raw is None and unproc and 'TYPE="UNPROC"' in text_attrs:
            lines = _clean(inner).strip("\n").split("\n", 1)
            title = " ".join(lines[0].split()) or None
            body_raw = lines[1] if len(lines) > 1 else ""
        body = paragraphs(body_raw) if body_raw is not None else []
        if not body:
            kind = re.search(r'TYPE="(\w+)"', text_attrs)
            yield None, f"empty body ({kind.group(1) if kind else 'NORM'})"
            continue
        dateline = _one_line(_field(inner, "DATELINE"))
        yield Item(int(nid.group(1)), title, dateline, body, parse_date(_field(block, "DATE"))), ""


def to_row(item: Item) -> dict[str, str | None]:
    """The JSONL row for one item."""
    return {
        "id": f"reuters-{item.newid}",
        "title": item.title,
        "text": "\n\n".join(item.body),
        "outlet": "Reuters",
        "date": item.when.date().isoformat() if item.when else None,
        "url": None,
        "dateline": item.dateline,
        "time": item.when.isoformat() if item.when else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sgm_dir", type=Path, help="folder with reut2-000.sgm ... reut2-021.sgm")
    parser.add_argument("out", type=Path, help="JSONL file to write")
    parser.add_argument("--unproc", action="store_true", help='keep TYPE="UNPROC" items (first line as title)')
    args = parser.parse_args(argv)
    files = sorted(args.sgm_dir.glob("reut2-*.sgm"))
    if not files:
        print(f"no reut2-*.sgm files in {args.sgm_dir}", file=sys.stderr)
        return 2
    skipped: Counter[str] = Counter()
    written = 0
    seen: set[int] = set()
    with args.out.open("w", encoding="utf-8") as fh:
        for path in files:
            for item, why in read_items(path, unproc=args.unproc):
                if item is None:
                    skipped[why] += 1
                    continue
                if item.newid in seen:
                    skipped["duplicate NEWID"] += 1
                    continue
                seen.add(item.newid)
                fh.write(json.dumps(to_row(item), ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} items written to {args.out} from {len(files)} files", file=sys.stderr)
    for why, n in sorted(skipped.items()):
        print(f"skipped {n}: {why}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
