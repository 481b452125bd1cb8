"""Check one copy against its original: what it carries, adds, changes, and gets wrong.

This is the editor's question about syndicated copy.  :func:`check_copy`
aligns the two texts sentence by sentence, measures how much of the
original the copy carries and how much of the copy is new, lists changed,
omitted and added sentences, and compares every fact (figures, dates,
names, quotes) between them.

Inputs may be plain-text copies, JSON-free article files, or HTML pages
saved to disk (their article text is extracted with trafilatura, an extra:
``pip install 'dedup[html]'``).

Examples
--------
>>> from dedup.model import Document
>>> original = Document("wire.txt", ["Moscow has deployed up to 100,000 troops near the border, officials said.",
...                                  "Talks will resume in Geneva next week."])
>>> copy = Document("copy.txt", ["Moscow has deployed over 100,000 troops near the border, officials said."])
>>> result = check_copy(original, copy)
>>> round(result.carried, 2), round(result.new_share, 2), len(result.discrepancies)
(0.5, 0.0, 1)
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from dedup.align.sentences import align_documents
from dedup.errors import InputError
from dedup.facts.changes import Change
from dedup.facts.compare import Discrepancy, compare_corpus
from dedup.ingest.files import (
    DEFAULT_MAX_FILE_MB,
    SkipFile,
    decode_bytes,
    decode_text,
    display_path,
    document_from_text,
    replaced_note,
)
from dedup.model import Document
from dedup.near.stories import Story
from dedup.results import CheckResult
from dedup.run.pipeline import require_dates

__all__ = ["check_copy", "read_article"]

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)


def _from_html(data: bytes, name: str, source: str) -> Document:
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            f"{source!r} is an HTML page; reading pages needs the html extra: pip install 'dedup[html]'"
        ) from None
    html, _ = decode_bytes(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"no article text found in the HTML page {source!r}; save the article page itself")
    meta = trafilatura.extract_metadata(html)
    fields: dict[str, Any] = {}
    if meta is not None:
        fields = {"title": meta.title, "date": meta.date, "url": meta.url, "outlet": meta.sitename}
    paragraphs = "\n\n".join(p.strip() for p in text.splitlines() if p.strip())
    return document_from_text(paragraphs, id=name, source=source, encoding="html", fields=fields)


def read_article(
    source: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    name: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
) -> Document:
    """Read one article from a file, ``-`` (standard input) or a saved HTML page.

    Parameters
    ----------
    source
        A file path (a string or a :class:`~pathlib.Path`), or the string ``-`` for standard input.
    encoding
        Force this codec instead of detecting it.
    name
        The document id (default: the file name).
    max_file_mb
        Refuse input larger than this many megabytes (one article is far
        smaller; a huge input would take minutes and gigabytes).

    Returns
    -------
    Document
        The article; what was repaired on the way in (invalid UTF-8 bytes
        replaced) is in :attr:`Document.notes`.

    Raises
    ------
    InputError
        Missing file, a folder, input over ``max_file_mb``, undecodable
        bytes, or no text.
    """
    import sys

    stdin = isinstance(source, str) and source == "-"  # Path("-") is a file named "-"
    source = os.fspath(source)
    limit = int(max_file_mb * 1_000_000)
    shown = display_path(source)

    def too_large(size: float) -> InputError:
        return InputError(
            f"{shown!r} is {size / 1e6:.1f} MB, more than one article (--max-file-mb {max_file_mb:g}); "
            "pass the article itself, or raise --max-file-mb"
        )

    if stdin:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise too_large(len(data))
        doc_name = name or "stdin"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{shown!r} does not exist; check the path")
        if path.is_dir():
            raise InputError(f"{shown!r} is a folder; pass one article file, or - for standard input")
        try:
            with path.open("rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size > limit:
                    raise too_large(size)
                data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read {shown!r} ({exc.strerror or exc}); check permissions") from None
        if len(data) > limit:  # a pipe or special file reports no size
            raise too_large(len(data))
        doc_name = name or display_path(path.name)
    if not data.strip():
        raise InputError(f"{shown!r} is empty; pass the article text")
    if _HTML_START.match(data[:2048]) or source.lower().endswith((".html", ".htm")):
        return _from_html(data, doc_name, shown)
    try:
        decoded = decode_text(data, encoding=encoding)
    except SkipFile as exc:
        raise InputError(f"cannot read {shown!r}: {exc.reason}") from None
    doc = document_from_text(decoded.text, id=doc_name, source=shown, encoding=decoded.encoding)
    if not doc.paragraphs:
        raise InputError(f"no article text in {shown!r} after removing boilerplate")
    if decoded.replaced:
        doc.notes.append(replaced_note(decoded.replaced, shown))
    return doc


def _orient(d: Discrepancy, original_id: str) -> Discrepancy:
    """Put the original on the ``a`` side."""
    if d.a == original_id:
        return d
    return replace(
        d,
        a=d.b,
        b=d.a,
        a_value=d.b_value,
        b_value=d.a_value,
        a_text=d.b_text,
        b_text=d.a_text,
        a_sentence=d.b_sentence,
        b_sentence=d.a_sentence,
        a_interval=d.b_interval,
        b_interval=d.a_interval,
    )


def check_copy(original: Document, copy: Document) -> CheckResult:
    """Compare ``copy`` with ``original``: alignment, coverage and discrepancies.

    Parameters
    ----------
    original, copy
        The two articles; their ids must differ.

    Returns
    -------
    CheckResult

    Raises
    ------
    dedup.errors.InputError
        A document's ``date`` is not an ISO 8601 day or ``None``.
    """
    require_dates([original, copy])
    if original.id == copy.id:
        copy.id = f"{copy.id} (copy)"
    from dedup.near.minhash import SketchParams
    from dedup.near.neardup import sketch_texts, verify_pairs

    sk = sketch_texts([original.text, copy.text], SketchParams())
    import numpy as np

    _, jac, a_in_b, b_in_a = verify_pairs(sk.sets, np.array([[0, 1]], dtype=np.int64))
    alignment = align_documents(original, copy)
    story = Story("story-0001", sorted([original.id, copy.id]))
    changes: list[Change] = []
    found = compare_corpus([original, copy], [alignment], [story], changes=changes, asserted=True)
    found = [_orient(d, original.id) for d in found]
    if alignment.a != original.id:
        changes = [_flip(c) for c in changes]
    return CheckResult(
        original,
        copy,
        alignment,
        found,
        float(jac[0]),
        float(max(a_in_b[0], b_in_a[0])),
        changes,
    )


def _flip(c: Change) -> Change:
    return Change(c.b, c.a, c.b_start, c.b_end, c.a_start, c.a_end, c.verdict, c.kind, c.reason)
