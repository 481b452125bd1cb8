"""Settings: one validated object; the library, the CLI and the runs read it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedup
from dedup.errors import ParameterError
from dedup.model import Document
from dedup.run.batch import run_batch
from dedup.run.pipeline import analyse_documents, find
from dedup.settings import Settings
from dedup_testing.paths import SEEDS


def test_settings_are_exported_and_validated_once() -> None:
    assert dedup.Settings is Settings
    assert Settings(num_perm=8).num_perm == 8  # the sketch's own range, 8 to 1024
    for bad in ({"num_perm": 100}, {"num_perm": 2048}, {"threshold": 0.0}, {"shingle_size": 9}, {"workers": 0}):
        with pytest.raises(ParameterError):
            Settings(**bad)


def test_options_that_are_no_setting_are_named_and_a_wrong_settings_object_is_refused() -> None:
    with pytest.raises(ParameterError, match="unknown setting 'treshold'"):
        find([SEEDS], treshold=0.7)
    with pytest.raises(ParameterError, match=r"must be a dedup\.settings\.Settings"):
        find([SEEDS], 0.7)  # type: ignore[arg-type]


def test_analyse_documents_takes_the_options_of_find() -> None:
    a = Document("a", ["Moscow has deployed up to 100,000 troops near the border, officials said on Monday."])
    b = Document("b", ["Moscow has deployed over 100,000 troops near the border, officials said on Monday."])
    stages: list[str] = []

    class Progress:
        def stage(self, name: str) -> None:
            stages.append(name)

        def progress(self, done: int, total: int) -> None:
            pass

        def skip(self, skipped: object) -> None:
            pass

    result = analyse_documents([a, b], reporter=Progress(), align=True, engine="local", align_threshold=0.6)
    assert [(d.a_value, d.b_value) for d in result.discrepancies] == [("up to 100,000", "over 100,000")]
    assert "facts" in stages and result.settings.align_threshold == 0.6


def test_a_batch_records_the_sketch_it_used(tmp_path: Path) -> None:
    run_batch([SEEDS], db=tmp_path / "index.db", out=tmp_path / "out", num_perm=64, shingle_size=4, workers=1)
    run = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert (run["sketch"]["num_perm"], run["sketch"]["shingle_size"]) == (64, 4)
    assert (run["settings"]["num_perm"], run["settings"]["shingle_size"]) == (64, 4)


@pytest.mark.parametrize("seed", [-1, 2**63, 2**64])
def test_a_seed_the_hashes_cannot_take_is_refused(seed: int) -> None:
    from dedup.near.minhash import SketchParams

    with pytest.raises(ParameterError, match="seed"):
        Settings(seed=seed)
    with pytest.raises(ParameterError, match="seed"):
        SketchParams(seed=seed)
