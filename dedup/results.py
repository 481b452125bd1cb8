"""What a run returns: the results of a scan and of a check, and the progress protocol a run reports to.

These sit between the stages, whose results they hold, and the outputs and runners, which write and
produce them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from dedup import __version__
from dedup.ingest.files import Corpus
from dedup.model import Document, Skipped
from dedup.near.neardup import DuplicateResult
from dedup.settings import Settings

if TYPE_CHECKING:  # the analysis stages are imported when used, so `dedup dupes` starts fast
    from dedup.align.sentences import DocumentAlignment
    from dedup.facts.changes import Change
    from dedup.facts.compare import Discrepancy, PairChange
    from dedup.near.stories import Story

__all__ = ["CheckResult", "Reporter", "ScanResult", "Silent"]


class Reporter(Protocol):
    """Receives progress; the CLI draws it on stderr, the library default ignores it."""

    def stage(self, name: str) -> None: ...
    def progress(self, done: int, total: int) -> None: ...
    def skip(self, skipped: Skipped) -> None: ...


class Silent:
    """A :class:`Reporter` that ignores everything (the library default)."""

    def stage(self, name: str) -> None:
        pass

    def progress(self, done: int, total: int) -> None:
        pass

    def skip(self, skipped: Skipped) -> None:
        pass


@dataclass
class ScanResult:
    """A corpus and what was found in it."""

    corpus: Corpus
    duplicates: DuplicateResult
    timings: dict[str, float] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)
    alignments: list[DocumentAlignment] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    same_facts: list[PairChange] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)

    def run_record(self) -> dict[str, Any]:
        """The content of ``run.json``."""
        return {
            "dedup_version": __version__,
            "sketch": self.duplicates.params.as_dict(),
            "settings": self.settings.record(),
            "counts": {
                **self.duplicates.stats,
                "stories": len(self.stories),
                "aligned_pairs": sum(len(x.alignment.links) for x in self.alignments),
                "discrepancies": len(self.discrepancies),
                "conflicts": sum(d.relation == "conflict" for d in self.discrepancies),
                "skipped": len(self.corpus.skipped),
            },
            "skipped": [{"path": s.path, "kind": s.kind, "reason": s.reason} for s in self.corpus.skipped],
            "warnings": list(self.corpus.warnings),
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }


@dataclass
class CheckResult:
    """What :func:`check_copy` found."""

    original: Document
    copy: Document
    alignment: DocumentAlignment
    discrepancies: list[Discrepancy] = field(default_factory=list)
    jaccard: float = 0.0
    containment: float = 0.0
    changes: list[Change] = field(default_factory=list)

    @property
    def carried(self) -> float:
        """Share of the original's sentences that the copy carries (aligned, changed or not)."""
        n = len(self.original.sentences)
        return 1.0 - len(self.alignment.alignment.omitted) / n if n else 0.0

    @property
    def new_share(self) -> float:
        """Share of the copy's sentences with no counterpart in the original."""
        n = len(self.copy.sentences)
        return len(self.alignment.alignment.added) / n if n else 0.0

    @property
    def changed(self) -> list[Any]:
        """Aligned links whose text differs."""
        return [link for link in self.alignment.alignment.links if not link.identical]

    def record(self) -> dict[str, Any]:
        """A JSON-ready summary (``dedup check --format json``)."""
        al = self.alignment.alignment
        return {
            "original": self.original.record(),
            "copy": self.copy.record(),
            "similarity": {"jaccard": round(self.jaccard, 4), "containment": round(self.containment, 4)},
            "carried": round(self.carried, 4),
            "new_share": round(self.new_share, 4),
            "sentences": {
                "original": len(self.original.sentences),
                "copy": len(self.copy.sentences),
                "aligned": len(al.links),
                "changed": len(self.changed),
                "omitted": len(al.omitted),
                "added": len(al.added),
            },
            "links": [link.record() for link in al.links],
            "omitted": [{"sentence": i, "text": self.original.sentences[i]} for i in al.omitted],
            "added": [{"sentence": j, "text": self.copy.sentences[j]} for j in al.added],
            "discrepancies": [d.record() for d in self.discrepancies],
            "changes": [c.record() for c in self.changes],
        }
