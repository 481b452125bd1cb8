"""Writing results: JSONL files (atomically), CSV and terminal tables."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["dumps_jsonl", "rich_table", "write_csv", "write_json", "write_jsonl"]


def _dump(row: Mapping[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=False)


def dumps_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as JSON Lines text.

    Examples
    --------
    >>> dumps_jsonl([{"a": "é", "n": 1}])
    '{"a": "é", "n": 1}\\n'
    """
    return "".join(_dump(r) + "\n" for r in rows)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows to ``path`` as UTF-8 JSON Lines, replacing it atomically; returns the row count."""
    rows = list(rows)
    _atomic_write(Path(path), dumps_jsonl(rows))
    return len(rows)


def write_json(path: str | os.PathLike[str], obj: Any) -> None:
    """Write one JSON document, pretty-printed, atomically."""
    _atomic_write(Path(path), json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def write_csv(stream: IO[str], rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write rows as CSV with a header; lists become ``;``-joined strings.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_csv(buf, [{"a": "x", "b": 0.5}], ["a", "b"])
    >>> buf.getvalue().splitlines()
    ['a,b', 'x,0.5']
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                for v in (row.get(c) for c in columns)
            ]
        )


def rich_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], title: str | None = None) -> Any:
    """A rich Table of ``rows`` (imported lazily)."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    return table
