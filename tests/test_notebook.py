"""The walkthrough notebook stays paired with its .py and has no stored outputs (nbmake runs it)."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_notebook_is_paired_and_stripped() -> None:
    ipynb = nbformat.read(NOTEBOOKS / "walkthrough.ipynb", as_version=4)
    script = jupytext.read(NOTEBOOKS / "walkthrough.py")
    code = [c.source for c in ipynb.cells if c.cell_type == "code"]
    assert code == [c.source for c in script.cells if c.cell_type == "code"], "run: jupytext --sync notebooks/walkthrough.py"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in ipynb.cells if c.cell_type == "code")
