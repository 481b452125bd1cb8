"""The library's entry points: run the whole pipeline and write its files, or parts of it in memory.

Examples
--------
>>> import tempfile, pathlib, json
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> result = scan(["seeds"], out)
>>> sorted(p.name for p in out.iterdir())  # doctest: +NORMALIZE_WHITESPACE
['alignments.jsonl', 'discrepancies.jsonl', 'documents.jsonl', 'families.jsonl', 'pairs.jsonl',
 'passages.jsonl', 'report.html', 'run.json', 'stories.jsonl', 'unaligned.jsonl']
>>> json.loads((out / "run.json").read_text())["sketch"]["num_perm"]
128
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from dedup.output.contract import write_files, write_outputs
from dedup.output.files import OutputFolder
from dedup.results import ScanResult
from dedup.run.check import check_copy, read_article
from dedup.run.pipeline import analyse_documents, find
from dedup.settings import Settings

__all__ = ["Settings", "analyse_documents", "check_copy", "find", "read_article", "scan", "write_outputs"]


def scan(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    settings: Settings | None = None,
    **options: Any,
) -> ScanResult:
    """Run the whole pipeline on ``paths`` and write the output files into ``out``.

    ``settings`` and keyword options are those of :func:`find` (``align`` is on).  ``out`` is checked and
    locked before the pipeline runs, and replaced as a whole once every file
    is written (see :func:`write_outputs`).

    Raises
    ------
    dedup.errors.DedupError
        As :func:`find` and :func:`write_outputs`.
    """
    options.setdefault("align", True)
    with OutputFolder(out) as folder:
        result = find(paths, settings, **options)
        t = time.perf_counter()
        with folder.writing() as staging:
            write_files(result, staging)
        result.timings["write"] = time.perf_counter() - t
    return result
