"""Small helpers the commands share: reading one article from a path or stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from dedup.errors import InputError
from dedup.ingest import _SkipFile, decode_bytes, document_from_text
from dedup.model import Document

__all__ = ["read_text_document"]


def read_text_document(source: str, *, encoding: str | None = None, doc_id: str | None = None) -> Document:
    """One article from a file path, or from standard input when ``source`` is ``-``.

    Raises
    ------
    InputError
        The file does not exist or cannot be decoded as text.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> _ = open(path, "w").write("Headline Here\\n\\nBy AFP\\n\\nTroops massed on Monday.")
    >>> read_text_document(path).paragraphs
    ['Troops massed on Monday.']
    """
    if source == "-":
        data = sys.stdin.buffer.read()
        name = doc_id or "stdin"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{source!r} does not exist; check the path")
        if path.is_dir():
            raise InputError(f"{source!r} is a folder; pass one article file (or - for standard input)")
        data = path.read_bytes()
        name = doc_id or path.name
    try:
        text, used = decode_bytes(data, encoding=encoding)
    except _SkipFile as exc:
        raise InputError(f"cannot read {source!r}: {exc.reason}") from None
    return document_from_text(text, id=name, source=source, encoding=used)
