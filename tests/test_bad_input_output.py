"""Write failures and output-folder integrity (issue 9, items 3 and 4), with real files and real processes.

An output folder is always the whole old run or the whole new run: a bad
``--out`` or ``--html`` stops before the work with one line and exit 2, a
full disk leaves the old run as it was, a run killed with SIGKILL at any
point of its write phase leaves no mix, and two runs to one folder never mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dedup.api import scan as run_scan
from dedup.output.files import OutputFolder
from dedup_testing.paths import SEEDS

CONTRACT = {
    "documents.jsonl", "pairs.jsonl", "passages.jsonl", "families.jsonl", "stories.jsonl",
    "alignments.jsonl", "unaligned.jsonl", "discrepancies.jsonl", "report.html", "run.json",
}
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def cli(
    *args: str | Path, umask: int | None = None, fsize: int | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m dedup ARGS`` to the end; ``umask`` and ``fsize`` (RLIMIT_FSIZE, SIGXFSZ ignored) set in the child."""

    def setup() -> None:
        if umask is not None:
            os.umask(umask)
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "dedup", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=_env(), timeout=180, preexec_fn=setup, cwd=cwd)


def start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "dedup", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=_env())


def one_error(proc: subprocess.CompletedProcess[str], *says: str) -> str:
    """Exit 2, no traceback, exactly one ``error:`` line that contains every piece of ``says``."""
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    for piece in says:
        assert piece in errors[0], errors[0]
    return errors[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(out: Path) -> list[str]:
    """Temporary siblings and lock files a run left next to ``out``."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def state(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """'old' or 'new' when ``out`` is exactly one whole run; an assertion error for anything else."""
    files = snapshot(out)
    assert set(files) == CONTRACT, sorted(files)
    for name, data in files.items():  # every contract file is whole and parseable
        text = data.decode("utf-8")
        if name.endswith(".jsonl"):
            [json.loads(line) for line in text.splitlines()]
        elif name == "run.json":
            json.loads(text)
        else:
            assert text.rstrip().endswith("</html>"), name
    if files == old:
        return "old"
    ids = [json.loads(line)["id"] for line in files["documents.jsonl"].decode().splitlines()]
    mixed = [n for n in CONTRACT if n.endswith(".jsonl") and files[n] != new[n]]
    assert not mixed, f"{out} mixes runs: documents {ids}, files not from the new run: {mixed}"
    return "new"


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two different corpora (two seed articles; all five) and a whole run of each, written by the library."""
    root = tmp_path_factory.mktemp("runs")
    small = root / "small"
    small.mkdir()
    for p in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(p, small / p.name)
    run_scan([small], root / "old")
    run_scan([SEEDS], root / "new")
    return {"small": small, "old": root / "old", "new": root / "new"}


@pytest.fixture()
def old_out(tmp_path: Path, runs: dict[str, Path]) -> Path:
    """``tmp_path/out`` holding the whole old run."""
    out = tmp_path / "out"
    shutil.copytree(runs["old"], out)
    return out


@contextlib.contextmanager
def tmpfs(mountpoint: Path, size: str = "1m") -> Iterator[bool]:
    """A small real file system at ``mountpoint`` (root only); yields False where it cannot be mounted."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    if not IS_ROOT or shutil.which("mount") is None:
        yield False
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint)],
                          capture_output=True)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)


def remount(mountpoint: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mountpoint)], check=True, capture_output=True)


# -- a bad --out or --html stops before the work ------------------------------------------------------


def test_out_that_is_a_file_is_reported_before_reading(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    one_error(cli("scan", tmp_path / "no-such-corpus", "--out", a_file), "--out", "a-file", "is a file")
    db = tmp_path / "index.db"
    one_error(cli("batch", SEEDS, "--db", db, "--out", a_file), "--out", "is a file")
    assert a_file.read_text() == "mine"
    assert not db.exists()  # the batch stopped before it opened the index
    assert leftovers(a_file) == []


def test_out_holding_files_dedup_did_not_write_is_left_alone(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    (mine / "sub").mkdir()
    one_error(cli("scan", tmp_path / "no-such-corpus", "--out", mine), "--out", "did not write",
              "empty or new folder")
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt", "sub"]
    assert (mine / "notes.txt").read_text() == "keep me"


def test_out_that_is_the_current_folder_is_refused(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    one_error(cli("scan", SEEDS, "--out", ".", cwd=here), "--out '.'", "current folder")
    one_error(cli("scan", SEEDS, "--out", "..", cwd=here), "--out '..'", "current folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


def test_what_killed_runs_left_is_tidied_and_nothing_else(tmp_path: Path, runs: dict[str, Path]) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs["old"], tmp_path / ".out.old-0123abcd")  # killed between the renames of the fallback swap
    (tmp_path / ".out.tmp-89abcdef").mkdir()  # killed while writing
    (tmp_path / ".out.tmp-89abcdef" / "documents.jsonl").write_text("half")
    (tmp_path / ".out.tmp-x.tmp-01234567").mkdir()  # belongs to an --out named 'out.tmp-x'
    (tmp_path / ".out.lock").write_text("")  # left by a killed run; nobody holds it
    one_error(cli("scan", tmp_path / "no-such-corpus", "--out", out), "no-such-corpus", "does not exist")
    assert snapshot(out) == snapshot(runs["old"])  # the old run is back in place
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.tmp-x.tmp-01234567", "out"]


@pytest.mark.skipif(IS_ROOT, reason="root writes through chmod; the read-only file system case covers root")
def test_out_under_a_read_only_folder_by_permissions(tmp_path: Path, old_out: Path) -> None:
    parent = old_out.parent / "locked"
    parent.mkdir()
    shutil.copytree(old_out, parent / "out")
    before = snapshot(parent / "out")
    parent.chmod(0o555)
    try:
        one_error(cli("scan", SEEDS, "--out", parent / "out"), "permission denied", "--out")
        one_error(cli("scan", SEEDS, "--out", parent / "new"), "permission denied", "--out")
        (parent / "out").chmod(0o555)
        parent.chmod(0o755)
        one_error(cli("scan", SEEDS, "--out", parent / "out"), "read-only", "--out")
    finally:
        parent.chmod(0o755)
        (parent / "out").chmod(0o755)
    assert snapshot(parent / "out") == before


def test_out_on_a_read_only_file_system(tmp_path: Path, runs: dict[str, Path]) -> None:
    disk = tmp_path / "disk"
    with tmpfs(disk) as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        shutil.copytree(runs["old"], disk / "out")
        before = snapshot(disk / "out")
        remount(disk, "ro")
        t0 = time.monotonic()
        one_error(cli("scan", SEEDS, "--out", disk / "out"), "read-only file system", "another --out")
        one_error(cli("scan", SEEDS, "--out", disk / "fresh"), "read-only file system", "another --out")
        one_error(cli("scan", SEEDS, "--out", disk), "--out", "mount point")
        assert time.monotonic() - t0 < 60
        assert snapshot(disk / "out") == before
        assert sorted(p.name for p in disk.iterdir()) == ["out"]


def test_check_html_is_checked_before_the_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks will resume in Geneva on Monday, the ministry said.\n")
    (tmp_path / "b.txt").write_text("Talks will resume in Geneva on Tuesday, the ministry said.\n")
    # the articles are missing too: the --html message comes first, so it was checked before reading
    one_error(cli("check", tmp_path / "nope-a.txt", tmp_path / "nope-b.txt", "--html", tmp_path / "missing" / "r.html"),
              "--html", "missing", "does not exist")
    one_error(cli("check", tmp_path / "a.txt", tmp_path / "b.txt", "--html", tmp_path), "--html", "is a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    done = cli("check", tmp_path / "a.txt", tmp_path / "b.txt", "--html", tmp_path / "r.html", umask=0o027)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o640
    assert "<ins>Tuesday,</ins>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "r.html"]  # no temporary file left


# -- a full disk -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["small file system", "file size limit"])
def test_a_full_disk_leaves_the_old_run_whole(tmp_path: Path, runs: dict[str, Path], how: str) -> None:
    disk = tmp_path / "disk"
    if how == "file size limit":  # works anywhere: RLIMIT_FSIZE makes the writes fail, with EFBIG
        out = disk / "out"
        shutil.copytree(runs["old"], out)
        done = cli("scan", SEEDS, "--out", out, "-q", fsize=16 * 1024)
        one_error(done, f"file too large writing {str(out)!r}", "pass another --out")
        assert snapshot(out) == snapshot(runs["old"])
        assert leftovers(out) == []
        return
    with tmpfs(disk) as mounted:  # a real small file system: the old run fits, the new one beside it does not
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (needs root); the file size limit case covers it")
        out = disk / "out"
        shutil.copytree(runs["old"], out)
        st = os.statvfs(disk)
        used = (st.f_blocks - st.f_bfree) * st.f_frsize
        remount(disk, f"size={used + 24 * 1024}")
        done = cli("scan", SEEDS, "--out", out, "-q")
        one_error(done, f"no space left on device writing {str(out)!r}; free space or pass another --out")
        assert snapshot(out) == snapshot(runs["old"])
        assert leftovers(out) == []


# -- kill -9 during the write phase, and overlapping runs ----------------------------------------------


def _kill_during_write(out: Path, proc: subprocess.Popen[str], rng: random.Random) -> str:
    """SIGKILL ``proc`` a random moment after its new folder appears next to ``out``; what happened."""
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline and proc.poll() is None:
        if any(name.startswith(f".{out.name}.tmp-") for name in leftovers(out)):
            time.sleep(rng.uniform(0.0, 0.25))
            proc.kill()
            proc.wait()
            return "killed"
        time.sleep(0.001)
    proc.kill()
    proc.communicate()
    return f"exited {proc.returncode}"


def test_kill_9_during_the_write_phase_never_mixes_runs(tmp_path: Path, runs: dict[str, Path], old_out: Path) -> None:
    seed = int(os.environ.get("CHAOS_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    old, new = snapshot(runs["old"]), snapshot(runs["new"])
    out = old_out
    seen = []
    # 1. The command line itself, killed a random moment after its write phase began.
    for _ in range(2):
        if state(out, old, new) == "new":
            shutil.rmtree(out)
            shutil.copytree(runs["old"], out)
        what = _kill_during_write(out, start("scan", SEEDS, "--out", out, "-q"), rng)
        seen.append((what, state(out, old, new)))
    # 2. Many more kill points: one process runs the pipeline once, then forks writers and kills them.
    writer = textwrap.dedent(f"""
        import os, random, signal, sys, time
        from dedup.api import find, write_outputs
        rng = random.Random({seed})
        result = find([{str(SEEDS)!r}], align=True)
        write_outputs(result, {str(tmp_path / "warm-up")!r})  # the first write loads templates: not timed
        t = time.perf_counter()
        write_outputs(result, {str(tmp_path / "calibrate")!r})
        span = time.perf_counter() - t
        for line in sys.stdin:
            k, n = map(int, line.split())
            pid = os.fork()
            if pid == 0:
                try:
                    write_outputs(result, {str(out)!r})
                finally:
                    os._exit(0)
            # kill k of n lands in the k-th slice of the write (and a little past its end), so that every
            # phase of the write, the early ones included, is hit whatever the random draw
            time.sleep(span * 1.3 * (k + rng.random()) / n)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print("killed", flush=True)
        write_outputs(result, {str(out)!r})
    """)
    helper = subprocess.Popen([sys.executable, "-c", writer], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env())
    assert helper.stdin is not None and helper.stdout is not None
    try:
        kills = 16
        for k in range(kills):
            if state(out, old, new) == "new":
                shutil.rmtree(out)
                shutil.copytree(runs["old"], out)
            helper.stdin.write(f"{k} {kills}\n")
            helper.stdin.flush()
            assert helper.stdout.readline() == "killed\n", helper.stderr.read() if helper.poll() is not None else ""
            seen.append(("forked writer killed", state(out, old, new)))
        helper.stdin.close()
        assert helper.wait(timeout=60) == 0, helper.stderr.read()
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait()
    assert {s for _, s in seen} <= {"old", "new"}
    assert "old" in {s for _, s in seen}, (seed, seen)  # some kills did land before the swap
    # 3. A run after the kills finishes the job and tidies what the killed ones left.
    assert state(out, old, new) == "new"
    assert leftovers(out) == [], (seed, leftovers(out))


def test_two_overlapping_scans_to_one_folder_never_mix(tmp_path: Path, runs: dict[str, Path], old_out: Path) -> None:
    old, new = snapshot(runs["old"]), snapshot(runs["new"])
    first = start("scan", SEEDS, "--out", old_out, "-q")
    lock = old_out.with_name(f".{old_out.name}.lock")
    deadline = time.monotonic() + 60
    while not lock.exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    t0 = time.monotonic()
    second = cli("scan", runs["small"], "--out", old_out, "-q")
    assert time.monotonic() - t0 < 30  # it stopped at once instead of running its pipeline
    one_error(second, "another dedup run is writing to", "another --out")
    _, err = first.communicate(timeout=150)
    assert first.returncode == 0, err
    assert state(old_out, old, new) == "new"
    assert leftovers(old_out) == []


def test_a_batch_waits_for_the_folder_then_stops_with_one_line(tmp_path: Path, old_out: Path) -> None:
    db = tmp_path / "index.db"
    with OutputFolder(old_out):  # another run is writing there
        t0 = time.monotonic()
        done = cli("batch", SEEDS, "--db", db, "--out", old_out, "--wait", "0.5")
        assert time.monotonic() - t0 >= 0.5
        one_error(done, "another dedup run is writing to", "--out")
        one_error(cli("scan", SEEDS, "--out", old_out), "another dedup run is writing to")
    assert not db.exists()
    assert leftovers(old_out) == []


# -- file modes ------------------------------------------------------------------------------------------


def test_every_output_gets_the_same_mode_following_the_umask(tmp_path: Path, runs: dict[str, Path]) -> None:
    previous = os.umask(0o027)
    try:
        run_scan([runs["small"]], tmp_path / "out")
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert set(modes) == CONTRACT
    assert set(modes.values()) == {0o640}, modes
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750
