"""The output contract of a scan: the files it writes into its output folder.

``documents.jsonl``, ``pairs.jsonl``, ``passages.jsonl``, ``families.jsonl``, ``stories.jsonl``,
``alignments.jsonl``, ``unaligned.jsonl`` and ``discrepancies.jsonl``, plus ``report.html`` and
``run.json`` (sketch parameters, settings, counts, skipped files and timings); see DESIGN.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dedup.model import Document
from dedup.output.files import OutputFolder, write_json, write_jsonl
from dedup.output.report import write_report
from dedup.results import ScanResult

__all__ = ["write_files", "write_outputs"]


def write_files(
    result: ScanResult,
    out_dir: Path,
    *,
    document_record: Callable[[Document], dict[str, Any]] | None = None,
    run_record: bool = True,
) -> dict[str, int]:
    """Write the contract files for ``result`` into the existing folder ``out_dir``; rows per file.

    ``document_record`` gives a document's line of ``documents.jsonl`` (default :meth:`Document.record`; a
    batch adds whether it is new); ``run_record=False`` leaves ``run.json`` to the caller (a batch writes it
    once its index step is done).
    """
    dup = result.duplicates
    record = document_record or Document.record
    written = {
        "documents.jsonl": write_jsonl(out_dir / "documents.jsonl", (record(d) for d in result.corpus.documents)),
        "pairs.jsonl": write_jsonl(out_dir / "pairs.jsonl", (p.record() for p in dup.pairs)),
        "passages.jsonl": write_jsonl(out_dir / "passages.jsonl", (p.record() for p in dup.passages)),
        "families.jsonl": write_jsonl(out_dir / "families.jsonl", (f.record() for f in dup.families)),
        "stories.jsonl": write_jsonl(out_dir / "stories.jsonl", (s.record() for s in result.stories)),
        "alignments.jsonl": write_jsonl(
            out_dir / "alignments.jsonl", (row for x in result.alignments for row in x.link_records())
        ),
    }
    written["discrepancies.jsonl"] = write_jsonl(
        out_dir / "discrepancies.jsonl", (d.record() for d in result.discrepancies)
    )
    by_id = {d.id: d for d in result.corpus.documents}
    written["unaligned.jsonl"] = write_jsonl(
        out_dir / "unaligned.jsonl",
        (row for x in result.alignments for row in x.unaligned_records(by_id[x.a].sentences, by_id[x.b].sentences)),
    )
    write_report(result, out_dir / "report.html")
    if run_record:
        write_json(out_dir / "run.json", result.run_record())
    return written


def write_outputs(result: ScanResult, out: str | os.PathLike[str]) -> dict[str, int]:
    """Write the contract files for ``result`` into ``out``; returns rows per file.

    ``out`` is replaced as a whole (see :class:`dedup.output.files.OutputFolder`):
    a reader sees the old run or the new one, never a mix.

    Raises
    ------
    dedup.errors.InputError
        ``out`` is a file, read-only, or a folder that dedup did not write.
    dedup.output.files.OutputError
        Another run is writing to ``out``, or writing failed (disk full,
        ...); ``out`` is as it was.
    """
    with OutputFolder(out) as folder, folder.writing() as staging:
        return write_files(result, staging)
