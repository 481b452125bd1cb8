"""The package's layers hold: ``lint-imports`` (import-linter) with the contract in ``pyproject.toml``.

A stage imports only the stages before it and the shared base (``model``, ``settings``, ``errors``,
``segment``, ``display``, ``pool``); ``results`` holds what a run returns; ``output`` writes it; ``run``
drives the stages; ``api`` and ``cli`` sit on top.
"""

from __future__ import annotations

import subprocess
import sys

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
from dedup_testing.paths import ROOT


def test_the_import_contract_is_kept() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "1 kept, 0 broken" in proc.stdout


def test_the_contract_names_every_package_of_dedup() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    modules = {
        "dedup." + (p.parent.name if p.name == "__init__.py" else p.stem)
        for p in (ROOT / "dedup").glob("*/__init__.py")
    } | {"dedup." + p.stem for p in (ROOT / "dedup").glob("*.py") if p.stem != "__init__"}
    assert modules - named == set(), "a module of dedup outside every layer"
