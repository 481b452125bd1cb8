"""Bad index files, a full disk, a killed parent: issue 9, items 13 to 15.

Everything here is real: SQLite files damaged on disk, writes that fail
because a file size limit or a small tmpfs runs out, ``python -m dedup``
processes killed with SIGKILL.  Each failure must end in one line on
stderr that names the cause (exit 2, no traceback), and leave the index as
it was; ``dedup index check`` reports damage with exit 1.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest

from dedup.run.batch import add_to_index, run_batch
from dedup.run.index import IndexDamagedError, check_index
from dedup_testing.paths import SEEDS


def start_cli(*args: str | Path, preexec_fn: Callable[[], None] | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    return subprocess.Popen([sys.executable, "-m", "dedup", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, preexec_fn=preexec_fn)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run_cli(*args: str | Path, preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return finish(start_cli(*args, preexec_fn=preexec_fn))


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, one line on stderr starting with 'error:', holding every word; no traceback."""
    err = proc.stderr
    assert proc.returncode == 2, (proc.returncode, err)
    assert "Traceback" not in err and err.startswith("error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, (word, err)
    return err


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _write_editions(folder: Path, seeds: list[Path], editions: int) -> Path:
    """Each real seed article as filed, and ``editions - 1`` later editions of it (one paragraph added)."""
    folder.mkdir(parents=True)
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        for n in range(editions):
            extra = f"\n\nUpdated at {n + 1}:00 GMT with a statement from the ministry, edition {n + 1}." if n else ""
            (folder / f"{seed.stem}-{n}.txt").write_text(text + extra, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real articles: ``base`` (6, indexed in ``db``), ``few`` (2 more), ``big`` (60)."""
    root = tmp_path_factory.mktemp("corpora")
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = {
        "base": _write_editions(root / "base", seeds[:3], 2),
        "few": _write_editions(root / "few", seeds[3:], 1),
        "big": _write_editions(root / "big", seeds, 12),
        "db": root / "base.db",
    }
    add_to_index([paths["base"]], db=paths["db"], workers=1)
    return paths


# ---------------------------------------------------------------- 13. damaged index files


def _damage(src: Path, dst: Path, how: str) -> None:
    shutil.copy(src, dst)
    page_size = table(src, "PRAGMA page_size")[0][0]
    pages = table(src, "PRAGMA page_count")[0][0]
    roots = dict(table(src, "SELECT name, rootpage FROM sqlite_master"))
    rng = random.Random(9)
    with dst.open("r+b") as f:
        if how == "pages":  # the data tables' b-tree roots and a run of pages in the middle; page 1 intact
            hit = [roots[t] for t in ("documents", "sketches", "facts", "entities")]
            hit += range(pages // 2, pages // 2 + 4)
            for page in hit:
                f.seek((page - 1) * page_size)
                f.write(rng.randbytes(page_size))
        elif how == "truncated":
            f.truncate(page_size * pages // 3)
        elif how == "header":
            f.seek(0)
            f.write(rng.randbytes(100))


# Every command meets two kinds of damage at least (adding and batches are slow to start: not all six).
@pytest.mark.parametrize(("how", "run"), [("pages", ("stats", "add", "batch")), ("truncated", ("stats", "batch")),
                                          ("header", ("stats", "add"))], ids=["pages", "truncated", "header"])
def test_a_damaged_index_stops_every_command_with_one_line(tmp_path: Path, corpora: dict[str, Path],
                                                           how: str, run: tuple[str, ...]) -> None:
    damaged = tmp_path / "damaged.db"
    _damage(corpora["db"], damaged, how)
    try:
        found = table(damaged, "PRAGMA integrity_check")
    except sqlite3.DatabaseError as exc:  # too damaged for SQLite to check
        found = [(str(exc),)]
    assert found != [("ok",)]
    before = damaged.read_bytes()
    commands: dict[str, list[str | Path]] = {
        "stats": ["index", "stats"],
        "add": ["index", "add", corpora["few"], "--workers", "1"],
        "batch": ["batch", corpora["few"], "--out", tmp_path / "out", "--workers", "1"],
    }
    running = {}
    for name in run:  # each on its own copy, all at once
        args = commands[name]
        shutil.copy(damaged, tmp_path / f"{name}.db")
        running[name] = start_cli(*args, "--db", tmp_path / f"{name}.db")
    checking = start_cli("index", "check", "--db", damaged)
    for name, proc in running.items():
        err = one_line_error(finish(proc), "damaged", "dedup index check --db", "dedup index add")
        if how == "header":
            assert "not a dedup index" in err, err
        assert (tmp_path / f"{name}.db").read_bytes() == before, f"{name} changed the damaged file"

    check = finish(checking)
    assert check.returncode == 1 and check.stderr == "", (check.returncode, check.stderr)
    assert check.stdout.startswith("problem: ") and "Traceback" not in check.stdout, check.stdout
    assert check.stdout.splitlines()[-1].endswith("--db NEW.db'"), check.stdout
    assert damaged.read_bytes() == before, "index check changed the file"


def test_index_check_passes_a_sound_index_and_finds_inconsistent_tables(tmp_path: Path,
                                                                      corpora: dict[str, Path]) -> None:
    db = tmp_path / "index.db"
    shutil.copy(corpora["db"], db)
    ok = run_cli("index", "check", "--db", db, "--format", "json")
    assert ok.returncode == 0 and ok.stderr == "", ok.stderr
    assert json.loads(ok.stdout) == {"path": str(db), "ok": True, "documents": 6, "problems": []}

    conn = sqlite3.connect(db)  # damage SQLite cannot see: dedup's own tables disagree
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM sketches WHERE doc = 3")
    conn.execute("UPDATE facts SET facts = '{oops' WHERE doc = 5")
    conn.commit()
    conn.close()
    report = check_index(db)
    assert not report.ok and report.documents == 6
    assert report.problems == ["documents without a sketch: 1 (document seq 3)",
                               "fact lists that are not JSON lists: 1 (document seq 5)"], report.problems
    proc = run_cli("index", "check", "--db", db)
    assert proc.returncode == 1 and proc.stdout.count("problem: ") == 2, proc.stdout

    missing = run_cli("index", "check", "--db", tmp_path / "missing.db")
    one_line_error(missing, "no index at")


def test_damage_sqlite_cannot_see_stops_a_batch_naming_it(tmp_path: Path, corpora: dict[str, Path]) -> None:
    db = tmp_path / "index.db"
    shutil.copy(corpora["db"], db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE sketches SET signature = x'0102030405' WHERE doc = 2")
    conn.commit()
    conn.close()
    before = table(db, "SELECT * FROM documents ORDER BY seq")
    with pytest.raises(IndexDamagedError, match=r"damaged \(document seq 2 has a sketch of the wrong size\); "
                                                r"run 'dedup index check --db "):
        run_batch([corpora["few"]], db=db, out=tmp_path / "out", workers=1)
    assert table(db, "SELECT * FROM documents ORDER BY seq") == before
    assert check_index(db).problems == ["signatures that are not num_perm=128 values: 1 (document seq 2)"]


# ---------------------------------------------------------------- 14. a full disk during index add


def _assert_index_as_before(db: Path, ids: list[tuple[Any, ...]]) -> None:
    assert check_index(db).ok, check_index(db).problems
    assert table(db, "SELECT id FROM documents ORDER BY seq") == ids


def test_a_write_past_the_file_size_limit_names_the_cause_and_keeps_the_index(
    tmp_path: Path, corpora: dict[str, Path]
) -> None:
    db = tmp_path / "index.db"
    shutil.copy(corpora["db"], db)
    ids = table(db, "SELECT id FROM documents ORDER BY seq")

    def limited() -> None:  # every write past 32 KB of any file fails with EFBIG (SIGXFSZ ignored)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32 * 1024, 32 * 1024))

    proc = run_cli("index", "add", corpora["few"], "--db", db, "--workers", "1", preexec_fn=limited)
    err = one_line_error(proc, "full", "nothing was stored")
    assert "rollback" not in err, err
    _assert_index_as_before(db, ids)


def test_a_full_disk_names_the_cause_and_keeps_the_index(tmp_path: Path, corpora: dict[str, Path]) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    size_kb = os.path.getsize(corpora["db"]) // 1024 + 48  # the -shm file takes 32 KB of it
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        db = disk / "index.db"
        shutil.copy(corpora["db"], db)
        ids = table(db, "SELECT id FROM documents ORDER BY seq")
        proc = run_cli("index", "add", corpora["few"], "--db", db, "--workers", "1")
        err = one_line_error(proc, "the disk is full", "database or disk is full", "nothing was stored")
        assert "rollback" not in err, err
        _assert_index_as_before(db, ids)
        stats = run_cli("index", "stats", "--db", db, "--format", "json")  # still usable on the full disk
        assert stats.returncode == 0 and json.loads(stats.stdout)["documents"] == len(ids), stats.stderr
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# ---------------------------------------------------------------- 15. workers end with their parent


def test_workers_end_when_their_parent_is_killed(tmp_path: Path, corpora: dict[str, Path]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "dedup", "index", "add", str(corpora["big"]), "--db",
                             str(tmp_path / "index.db"), "--workers", "2", "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    children: list[psutil.Process] = []
    try:
        end = time.monotonic() + 60
        while time.monotonic() < end and proc.poll() is None:
            children = psutil.Process(proc.pid).children(recursive=True)
            if len(children) >= 2:
                break
            time.sleep(0.05)
        assert len(children) >= 2 and proc.poll() is None, "index add ended before its workers could be seen"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(children, timeout=5)
        assert not alive, f"workers outlived their parent: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in children:
            if child.is_running():
                child.kill()
        proc.communicate()
