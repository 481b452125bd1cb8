"""Every tuning value of a run, in one frozen object, validated once.

The CLI builds a :class:`Settings` from its options; the library takes one (or keyword overrides of the
defaults); ``run.json`` records it.  The stages' own defaults read from it.

Examples
--------
>>> s = Settings(threshold=0.7)
>>> s.threshold, s.containment, s.lsh_threshold
(0.7, 0.8, 0.5)
>>> s.replace(passages=False).lsh_threshold
0.7
>>> Settings(threshold=1.5)
Traceback (most recent call last):
...
dedup.errors.ParameterError: threshold must be in (0, 1], not 1.5; try 0.5
>>> Settings.from_options(treshold=0.7)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
dedup.errors.ParameterError: unknown setting 'treshold'; the settings are: align_threshold, containment, ...
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from dedup.errors import ParameterError

__all__ = ["DEFAULT_MAX_FILE_MB", "Settings"]

DEFAULT_MAX_FILE_MB = 10.0
"""Largest article file, or JSONL/CSV record, read (MB); larger ones are skipped with a message."""


@dataclass(frozen=True)
class Settings:
    """The tuning values of a run.

    Parameters
    ----------
    threshold
        Report document pairs whose exact shingle Jaccard is at least this.
    containment
        ...or whose shorter text is at least this much inside the longer one.
    passage_threshold
        Report paragraph pairs (passages) at least this similar.
    passages
        Look for shared passages at all.
    min_shared
        Shingles two paragraphs must share to be compared.
    max_df
        Shingles in more paragraphs than this propose no paragraph pairs, and a paragraph matching
        paragraphs of more documents than this pairs no documents (boilerplate: a footer, a notice).
    num_perm, shingle_size, seed
        The sketch: MinHash signature length (a power of two), words per shingle, hash seed.
    align_threshold
        Sentence similarity at which two sentences of a copied pair are linked.
    story_threshold, story_neighbours, story_window_days, story_half_life_days
        Story grouping: the average cosine at which two groups merge, candidate neighbours per
        document, the largest publication gap linked (days) and the gap that halves a link's weight.
    encoding
        Force this text encoding instead of detecting it.
    max_file_mb
        Skip article files and JSONL/CSV records larger than this.
    workers
        Worker processes (``None``: one per core).
    files_per_task
        Files read and sketched per worker task.
    """

    threshold: float = 0.5
    containment: float = 0.8
    passage_threshold: float = 0.5
    passages: bool = True
    min_shared: int = 5
    max_df: int = 100
    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    align_threshold: float = 0.55
    story_threshold: float = 0.15
    story_neighbours: int = 20
    story_window_days: int = 60
    story_half_life_days: float = 60.0
    encoding: str | None = None
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    workers: int | None = None
    files_per_task: int = 400

    def __post_init__(self) -> None:
        for name in ("threshold", "containment", "passage_threshold", "align_threshold", "story_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                default = getattr(Settings, name)
                raise ParameterError(f"{name} must be in (0, 1], not {value}; try {default}")
        for name, least in (("min_shared", 1), ("max_df", 1), ("story_neighbours", 1),
                            ("files_per_task", 1), ("story_window_days", 0)):
            if getattr(self, name) < least:
                raise ParameterError(f"{name} must be at least {least}, not {getattr(self, name)}")
        if not 1 <= self.shingle_size <= 8:
            raise ParameterError(f"shingle_size must be 1 to 8 words, not {self.shingle_size}; try 3")
        if self.num_perm < 8 or self.num_perm > 1024 or self.num_perm & (self.num_perm - 1):
            raise ParameterError(f"num_perm must be a power of two from 8 to 1024, not {self.num_perm}; try 128")
        if not 0 <= self.seed < 2**63:
            raise ParameterError(f"seed must be from 0 to 2**63 - 1, not {self.seed}; try 1")
        if self.max_file_mb <= 0:
            raise ParameterError(f"max_file_mb must be positive, not {self.max_file_mb}")
        if self.story_half_life_days <= 0:
            raise ParameterError(f"story_half_life_days must be positive, not {self.story_half_life_days}")
        if self.workers is not None and self.workers < 1:
            raise ParameterError(f"workers must be at least 1, not {self.workers}")

    @property
    def lsh_threshold(self) -> float:
        """The similarity the LSH bands are tuned for: the lower of the document and passage thresholds."""
        return min(self.threshold, self.passage_threshold) if self.passages else self.threshold

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``, validated (an unknown name is a :class:`ParameterError`)."""
        _known(changes)
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_options(cls, **options: Any) -> Settings:
        """Settings from keyword options; ``None`` keeps a default, an unknown name is an error."""
        _known(options)
        return cls(**{k: v for k, v in options.items() if v is not None or k in _NULLABLE})

    def record(self) -> dict[str, Any]:
        """The settings that decide the results, as a JSON object (``run.json``, the index).

        ``workers`` and ``files_per_task`` say where the work ran, not what it found (every run gives
        the same files whatever they are), so they are left out.
        """
        return {k: _json_safe(v) for k, v in dataclasses.asdict(self).items() if k not in _EXECUTION}


def _json_safe(value: Any) -> Any:
    """``value``, or a number JSON cannot hold as a string (``--max-file-mb inf`` is recorded as ``"inf"``)."""
    return str(value) if isinstance(value, float) and not math.isfinite(value) else value


_NULLABLE = frozenset({"encoding", "workers"})
_EXECUTION = frozenset({"workers", "files_per_task"})


def _known(options: dict[str, Any]) -> None:
    names = sorted(f.name for f in dataclasses.fields(Settings))
    for key in options:
        if key not in names:
            raise ParameterError(f"unknown setting {key!r}; the settings are: {', '.join(names)}")
