"""Command line: a thin typer skin over the library.

This module only parses options, draws progress on stderr, prints data on
stdout and maps errors to one-line messages and exit codes (0 clean,
1 findings with ``--exit-code``, 2 errors).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

try:  # typer >= 0.20 vendors its own copy of click
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as _cx  # type: ignore[no-redef]

from dedup import __version__
from dedup.errors import DedupError
from dedup.ingest.files import reading_options
from dedup.model import Skipped
from dedup.settings import Settings

app = typer.Typer(
    name="dedup",
    help="Find copied news text across outlets and where the copies disagree.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Level(str, Enum):
    document = "document"
    paragraph = "paragraph"


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class _StderrReporter:
    """Progress bar and skip messages on stderr (rich; plain lines when not a terminal)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self._console: Any = None
        self._progress: Any = None
        self._task: Any = None

    @property
    def console(self) -> Any:
        """rich's console, made when something is first shown (importing rich takes 35 ms: a --quiet
        run that skips nothing never does)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False)
        return self._console

    def stage(self, name: str) -> None:
        self._close()
        if not self.quiet and name != "reading":
            self.console.print(f"[dim]{name}…[/dim]") if self.console.is_terminal else None

    def progress(self, done: int, total: int) -> None:
        if self.quiet or not self.console.is_terminal:
            return
        if self._progress is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "reading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=self.console, transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("read", total=total)
        self._progress.update(self._task, completed=done, total=total)

    def _line(self, message: str) -> None:
        # One problem, one line: never let rich wrap a message at the console width, and show the
        # newlines, escapes and markup of file names and article text as text.
        from dedup.display import one_line

        self.console.print(one_line(message), markup=False, highlight=False, soft_wrap=True)

    def skip(self, skipped: Skipped) -> None:
        self._line(f"warning: {skipped}")

    def _close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def say(self, message: str) -> None:
        self._close()
        if not self.quiet:
            self._line(message)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dedup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an error (also accepted after the command).")
    ] = False,
) -> None:
    """Find copied news text across outlets and where the copies disagree."""


def _check_encoding(value: str | None) -> str | None:
    if value is None:
        return None
    import codecs

    try:
        codecs.lookup(value)
    except LookupError:
        raise typer.BadParameter(
            f"unknown encoding {value!r}; pass a codec name such as utf-8, cp1252 or latin-1"
        ) from None
    return value


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; pass YYYY-MM-DD, such as 2022-01-25") from None


PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders of articles (.txt, .md, .jsonl, .csv).",
                                                 show_default=False)]
ThresholdOpt = Annotated[float, typer.Option(min=0.01, max=1.0,
                                             help="Report pairs whose exact shingle Jaccard is at least this.")]
ContainmentOpt = Annotated[float, typer.Option(
    min=0.01, max=1.0, help="...or whose shorter text is at least this much inside the longer.")]
EncodingOpt = Annotated[str | None, typer.Option(callback=_check_encoding,
                                                 help="Force this encoding instead of detecting it per file.")]
MaxMbOpt = Annotated[float, typer.Option("--max-file-mb", min=0.001,
                                         help="Skip article files and JSONL/CSV records larger than this (MB).")]
ExcludeOpt = Annotated[list[str] | None, typer.Option(
    "--exclude", metavar="GLOB",
    help="Do not read files or folders (inside the folders given) whose name or relative path matches GLOB; "
         "repeatable.")]
CleanRecordsOpt = Annotated[bool, typer.Option(
    "--clean-records", help="Strip headlines, bylines and boilerplate from JSONL/CSV text fields too (default: a "
                            "record's text is the article as given).")]
WorkersOpt = Annotated[int | None, typer.Option(min=1, help="Worker processes (default: one per core).")]
NumPermOpt = Annotated[int, typer.Option(help="MinHash signature length (a power of two).")]
ShingleOpt = Annotated[int, typer.Option(min=1, max=8, help="Words per shingle.")]
SeedOpt = Annotated[int, typer.Option(help="Hash seed; sketches compare only with equal seeds.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]


class Engine(str, Enum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[Engine, typer.Option(
    help="Where the work runs: local (worker processes on this machine) or dask (Dask tasks; pip install "
         "'dedup[dask]').")]
SchedulerOpt = Annotated[str | None, typer.Option(
    metavar="ADDRESS", help="Dask scheduler address (tcp://HOST:8786) for --engine dask; default: a local cluster.")]


def _summary(result: Any) -> str:
    c = result.corpus
    d = result.duplicates
    skipped = f", {c.skipped_summary()}" if c.skipped else ""
    found = result.discrepancies
    analysis = ""
    if result.stories or found:
        conflicts = sum(x.relation == "conflict" for x in found)
        analysis = f"; {len(result.stories)} stories; {len(found)} discrepancies ({conflicts} conflicts)"
    return (
        f"{len(c.documents)} documents{skipped}; {len(d.pairs)} near-duplicate pairs in "
        f"{len(d.families)} families; {len(d.passages)} shared passages{analysis} "
        f"({result.timings.get('total', 0.0):.1f} s)"
    )


@app.command()
def scan(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the output files.")],
    threshold: ThresholdOpt = Settings.threshold,
    containment: ContainmentOpt = Settings.containment,
    passage_threshold: Annotated[float, typer.Option(
        min=0.01, max=1.0, help="Report paragraph pairs whose shorter paragraph is at least this much inside "
                                "the longer.")] = Settings.passage_threshold,
    num_perm: NumPermOpt = Settings.num_perm,
    shingle_size: ShingleOpt = Settings.shingle_size,
    seed: SeedOpt = Settings.seed,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
    exclude: ExcludeOpt = None,
    clean_records: CleanRecordsOpt = False,
    workers: WorkersOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline and write documents, pairs, passages and families as JSONL."""
    from dedup.api import scan as run_scan

    _check_engine(engine, scheduler)
    rep = _StderrReporter(quiet)
    with reading_options(exclude=exclude or (), clean_records=clean_records):
        settings = Settings(
            threshold=threshold, containment=containment, passage_threshold=passage_threshold, num_perm=num_perm,
            shingle_size=shingle_size, seed=seed, encoding=encoding, max_file_mb=max_file_mb, workers=workers,
        )
        result = run_scan(paths, out, settings, reporter=rep, engine=engine.value, scheduler=scheduler)
    for w in result.corpus.warnings:
        rep.say(f"warning: {w}")
    rep.say(f"{_summary(result)} → {out}")


@app.command()
def dupes(
    paths: PathsArg,
    level: Annotated[Level, typer.Option(help="Compare whole documents or paragraphs.")] = Level.document,
    threshold: ThresholdOpt = Settings.threshold,
    containment: ContainmentOpt = Settings.containment,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format on stdout.")] = Format.table,
    num_perm: NumPermOpt = Settings.num_perm,
    shingle_size: ShingleOpt = Settings.shingle_size,
    seed: SeedOpt = Settings.seed,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
    exclude: ExcludeOpt = None,
    clean_records: CleanRecordsOpt = False,
    workers: WorkersOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print near-duplicate pairs (fast: no alignment or facts).

    At document level a pair is reported when its exact shingle Jaccard
    reaches --threshold or the shorter text is --containment inside the
    longer; at paragraph level when the shorter paragraph is --threshold
    inside the longer.
    """
    from dedup.run.pipeline import find

    _check_engine(engine, scheduler)
    rep = _StderrReporter(quiet)
    paragraph = level is Level.paragraph
    with reading_options(exclude=exclude or (), clean_records=clean_records):
        settings = Settings(
            containment=containment, passages=paragraph, num_perm=num_perm, shingle_size=shingle_size, seed=seed,
            encoding=encoding, max_file_mb=max_file_mb, workers=workers,
        )
        # --threshold is the document or the paragraph threshold, by --level
        settings = settings.replace(**{"passage_threshold" if paragraph else "threshold": threshold})
        result = find(paths, settings, reporter=rep, engine=engine.value, scheduler=scheduler)
    for w in result.corpus.warnings:
        rep.say(f"warning: {w}")
    if paragraph:
        rows = [p.record() for p in result.duplicates.passages]
        columns = ["a", "a_paragraph", "b", "b_paragraph", "similarity", "jaccard", "shared_shingles"]
    else:
        rows = [p.record() for p in result.duplicates.pairs]
        columns = ["a", "b", "jaccard", "containment", "shared_shingles"]

    def table() -> Any:
        from dedup.output.files import text_table

        return text_table(rows, columns) if rows else "no near-duplicates found"

    _emit(rows, columns, fmt, table)
    rep.say(_summary(result))


def _check_engine(engine: Engine, scheduler: str | None) -> None:
    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("it needs --engine dask", param_hint="'--scheduler'")
    if engine is Engine.dask:
        from dedup.run.engines.dask import require_dask

        require_dask()


index_app = typer.Typer(
    name="index",
    help="The persistent index (one SQLite file) that 'dedup batch' compares new articles with.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(index_app, name="index")

DbOpt = Annotated[Path, typer.Option("--db", help="The index file (SQLite; created when missing).",
                                     show_default=False)]
KeepDaysOpt = Annotated[int | None, typer.Option(
    "--keep-days", min=0, metavar="N",
    help="First expire indexed documents older than N days (publication date, else the day added).")]
WaitOpt = Annotated[float, typer.Option(
    min=0.0, help="Seconds to wait for another dedup process writing to the index before giving up.")]
IndexNumPermOpt = Annotated[int | None, typer.Option(
    help="MinHash signature length (a power of two); default: the index's, 128 for a new index.")]
IndexShingleOpt = Annotated[int | None, typer.Option(
    min=1, max=8, help="Words per shingle; default: the index's, 3 for a new index.")]
IndexSeedOpt = Annotated[int | None, typer.Option(help="Hash seed; default: the index's, 1 for a new index.")]


def _batch_messages(rep: _StderrReporter, result: Any) -> None:
    for w in result.warnings:
        rep.say(f"warning: {w}")
    shown = 5
    for a, b in result.seen[:shown]:
        rep.say(f"already indexed: {a}" + (f" (as {b})" if a != b else ""))
    if len(result.seen) > shown:
        rep.say(f"already indexed: {len(result.seen) - shown} more" + (" (listed in run.json)" if result.scan else ""))


@index_app.command("add")
def index_add(
    paths: PathsArg,
    db: DbOpt,
    keep_days: KeepDaysOpt = None,
    wait: WaitOpt = 30.0,
    num_perm: IndexNumPermOpt = None,
    shingle_size: IndexShingleOpt = None,
    seed: IndexSeedOpt = None,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
    exclude: ExcludeOpt = None,
    clean_records: CleanRecordsOpt = False,
    workers: WorkersOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Add documents to the index: text, metadata, content hash, sketch and facts; each article stored once."""
    from dedup.run.batch import add_to_index

    _check_engine(engine, scheduler)
    rep = _StderrReporter(quiet)
    with reading_options(exclude=exclude or (), clean_records=clean_records):
        result = add_to_index(
            paths, db=db, settings=Settings(encoding=encoding, max_file_mb=max_file_mb, workers=workers),
            engine=engine.value, scheduler=scheduler, keep_days=keep_days, wait=wait, num_perm=num_perm,
            shingle_size=shingle_size, seed=seed, reporter=rep,
        )
    _batch_messages(rep, result)
    rep.say(f"{result.summary()} → {db}")


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


@index_app.command("stats")
def index_stats(
    db: DbOpt,
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format on stdout.")] = StatsFormat.table,
) -> None:
    """Print the index's counts and sketch parameters."""
    from dedup.run.index import Index

    with Index.open(db, create=False) as idx:
        stats = idx.stats()
    if fmt is StatsFormat.json:
        import json

        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        from dedup.display import plain

        table = Table(title=plain(f"index {db}", single_line=True), show_header=False)
        table.add_column("what")
        table.add_column("value", overflow="fold")
        for key, value in stats.items():
            if key in ("sketch", "settings") and isinstance(value, dict):
                for k, v in value.items():
                    table.add_row(plain(f"{key} {k}"), plain(v))
            elif key == "settings":
                table.add_row("settings", "not recorded (an index written before dedup recorded them)")
            elif key != "path":
                table.add_row(plain(key.replace("_", " ")), plain(value))
        Console().print(table)
    sys.stdout.flush()


@index_app.command("check")
def index_check(
    db: Annotated[Path, typer.Option("--db", help="The index file (SQLite) to check.", show_default=False)],
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format on stdout.")] = StatsFormat.table,
) -> None:
    """Check the index file (SQLite integrity check, then dedup's tables); exit 1 when problems are found."""
    from dedup.run.index import check_index

    report = check_index(db)
    if fmt is StatsFormat.json:
        import json

        sys.stdout.write(json.dumps(report.record(), ensure_ascii=False, indent=2) + "\n")
    elif report.ok:
        sys.stdout.write(f"ok: index {str(db)!r} ({report.documents} documents) passed SQLite's integrity check "
                         "and dedup's consistency checks\n")
    else:
        sys.stdout.writelines(f"problem: {problem}\n" for problem in report.problems)
        n = len(report.problems)
        sys.stdout.write(f"index {str(db)!r}: {n} problem{'s' if n != 1 else ''}; rebuild it from the sources "
                         "with 'dedup index add SOURCES... --db NEW.db'\n")
    sys.stdout.flush()
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def batch(
    paths: PathsArg,
    db: DbOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the output files (for the new documents).")],
    threshold: ThresholdOpt = Settings.threshold,
    containment: ContainmentOpt = Settings.containment,
    passage_threshold: Annotated[float, typer.Option(
        min=0.01, max=1.0, help="Report paragraph pairs whose shorter paragraph is at least this much inside "
                                "the longer.")] = Settings.passage_threshold,
    keep_days: KeepDaysOpt = None,
    wait: WaitOpt = 30.0,
    num_perm: IndexNumPermOpt = None,
    shingle_size: IndexShingleOpt = None,
    seed: IndexSeedOpt = None,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
    exclude: ExcludeOpt = None,
    clean_records: CleanRecordsOpt = False,
    workers: WorkersOpt = None,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Compare new documents with everything indexed, write the scan files for them, then index them.

    Inputs already indexed (same content) are reported, not compared again.
    Running the same batch again gives the same output; a batch killed at
    any point leaves the index as it was.
    """
    from dedup.run.batch import run_batch

    _check_engine(engine, scheduler)
    rep = _StderrReporter(quiet)
    with reading_options(exclude=exclude or (), clean_records=clean_records):
        settings = Settings(
            threshold=threshold, containment=containment, passage_threshold=passage_threshold, encoding=encoding,
            max_file_mb=max_file_mb, workers=workers,
        )
        result = run_batch(
            paths, db=db, out=out, settings=settings, engine=engine.value, scheduler=scheduler, keep_days=keep_days,
            wait=wait, num_perm=num_perm, shingle_size=shingle_size, seed=seed, reporter=rep,
        )
    _batch_messages(rep, result)
    rep.say(f"{result.summary()} → {out}")


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def check(
    original: Annotated[str, typer.Argument(help="The original (wire) article: a file, a saved HTML page, or -.",
                                            show_default=False)],
    copy: Annotated[str, typer.Argument(help="The copy to check: a file, a saved HTML page, or -.",
                                        show_default=False)],
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format on stdout.")] = CheckFormat.table,
    html: Annotated[Path | None, typer.Option("--html", help="Also write the HTML report to this file.")] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with 1 when discrepancies are found (like git diff).")
    ] = False,
    all_changes: Annotated[
        bool, typer.Option("--all-changes", help="List every changed span with its verdict (reported, same fact, "
                                                 "irrelevant, different things).")
    ] = False,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
) -> None:
    """Check a copy against its original: coverage, changes and every discrepancy."""
    from dedup.errors import InputError
    from dedup.run.check import check_copy, read_article

    if original == "-" and copy == "-":
        raise InputError("only one of ORIGINAL and COPY can be - (standard input)")
    if html is not None:  # before the work: a folder path or a missing folder is one line, exit 2
        from dedup.output.files import check_file_target

        check_file_target(html, option="--html")
    doc_a = read_article(original, encoding=encoding, name="original" if original == "-" else None,
                         max_file_mb=max_file_mb)
    doc_b = read_article(copy, encoding=encoding, name="copy" if copy == "-" else None, max_file_mb=max_file_mb)
    for note in doc_a.notes + doc_b.notes:
        _err(f"warning: {note}")
    result = check_copy(doc_a, doc_b)
    if fmt is CheckFormat.json:
        import json

        sys.stdout.write(json.dumps(result.record(), ensure_ascii=False, indent=2) + "\n")
    else:
        from dedup.output.terminal import print_check

        print_check(result, all_changes=all_changes)
    sys.stdout.flush()
    if html is not None:
        from dedup.output.report import write_check_report

        write_check_report(result, html)
    if exit_code and result.discrepancies:
        raise typer.Exit(1)


@app.command()
def facts(
    source: Annotated[str, typer.Argument(help="An article file, or - for standard input.", show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format on stdout.")] = Format.table,
    published: Annotated[
        str | None,
        typer.Option(callback=_check_date,
                     help="Publication date (YYYY-MM-DD) to resolve weekdays against; default: the article's."),
    ] = None,
    encoding: EncodingOpt = None,
    max_file_mb: MaxMbOpt = Settings.max_file_mb,
) -> None:
    """Print the facts dedup reads in a text: quantities, dates, names, quotes."""
    from dedup.facts.extract import extract_facts
    from dedup.run.check import read_article

    doc = read_article(source, encoding=encoding, max_file_mb=max_file_mb)
    for note in doc.notes:
        _err(f"warning: {note}")
    when = published or doc.date
    found = extract_facts(doc.text, published=when)
    rows = [f.record() for f in found]
    columns = ["sentence", "kind", "text", "start", "end"]  # then each kind's own fields, as they first come
    columns += list(dict.fromkeys(k for row in rows for k in row if k not in columns))

    def table() -> Any:
        from rich.table import Table

        from dedup.display import plain

        view = Table(title=plain(f"{len(rows)} facts" + (f" (published {when})" if when else ""), single_line=True))
        for column in ("sentence", "kind", "text", "reading"):
            view.add_column(column, overflow="fold")
        for row in rows:
            view.add_row(plain(row["sentence"]), plain(row["kind"]), plain(row["text"]), plain(_reading(row)))
        return view

    _emit(rows, columns, fmt, table)


def _reading(row: dict[str, Any]) -> str:
    kind = row["kind"]
    if kind == "quantity":
        lo = "(" if not row["low_closed"] or row["low"] is None else "["
        hi = ")" if not row["high_closed"] or row["high"] is None else "]"
        low = "-∞" if row["low"] is None else f"{row['low']:g}"
        high = "∞" if row["high"] is None else f"{row['high']:g}"
        unit = f" {row['unit']}" if row["unit"] else ""
        subject = f" · {row['subject']}" if row["subject"] else ""
        return f"{lo}{low}, {high}{hi}{unit}{subject}"
    if kind == "date":
        return f"{row['date'] or '?'} ({row['granularity']})"
    if kind == "entity":
        return str(row["type"])
    if kind == "quote":
        return f"said by {row['speaker']}" if row["speaker"] else "unattributed"
    return ""


def _emit(rows: list[dict[str, Any]], columns: list[str], fmt: Format, table: Callable[[], Any]) -> None:
    """Rows on stdout as one JSON array, JSON Lines, CSV (``columns``), or the view ``table()`` makes (text as
    it is, never read as rich markup; else a rich renderable)."""
    from dedup.output.files import dumps_jsonl, write_csv

    if fmt is Format.json:
        import json

        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        sys.stdout.write(dumps_jsonl(rows))
    elif fmt is Format.csv:
        write_csv(sys.stdout, rows, columns)
    else:
        view = table()
        if isinstance(view, str):
            sys.stdout.write(view + "\n")
        else:
            from rich.console import Console

            Console().print(view)
    sys.stdout.flush()


def _err(message: str) -> None:
    from dedup.display import one_line

    sys.stderr.write(one_line(message.rstrip("\n")) + "\n")
    sys.stderr.flush()


_DEBUG_HINT = "run with --debug for details"


def _command_name(argv: list[str]) -> str:
    """The subcommand ('scan', 'index add') named in ``argv``, for messages."""
    words = [w for w in argv if not w.startswith("-")][:2]
    if words and words[0] == "index":
        return " ".join(words)
    return words[0] if words else ""


def _os_error(exc: OSError) -> str:
    """One line for an operating-system error that no stage turned into a DedupError."""
    import errno

    where = f" ({exc.filename!r})" if exc.filename else ""
    fixes = {
        errno.ENOSPC: "no space left on device{}; free some space or write elsewhere",
        errno.EDQUOT: "disk quota exceeded{}; free some space or write elsewhere",
        errno.EFBIG: "file too large for this file system or limit{}; write elsewhere",
        errno.EROFS: "read-only file system{}; pass a writable path",
        errno.EACCES: "permission denied{}; check the permissions or pass another path",
        errno.EPERM: "operation not permitted{}; check the permissions or pass another path",
        errno.ENOENT: "no such file or folder{}; check the path",
        errno.EMFILE: "too many open files{}; raise 'ulimit -n' or pass fewer files",
    }
    if exc.errno in fixes:
        return fixes[exc.errno].format(where)
    return f"{exc.strerror or exc}{where}; {_DEBUG_HINT}"


def _unexpected(exc: BaseException, argv: list[str]) -> str:
    """One line for an error that is a bug or an unforeseen condition."""
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return "out of memory; pass fewer or smaller inputs (--max-file-mb) or use a machine with more memory"
    name = _command_name(argv)
    what = f"dedup {name}" if name else "dedup"
    detail = str(exc).strip()
    if len(detail) > 300:
        detail = detail[:300] + "…"
    return f"{what} failed: {type(exc).__name__}" + (f": {detail}" if detail else "") + f"; {_DEBUG_HINT}"


def _split_debug(argv: list[str]) -> tuple[list[str], bool]:
    """``argv`` without the global ``--debug`` flag (accepted anywhere before ``--``), and whether it was there."""
    end = argv.index("--") if "--" in argv else len(argv)
    debug = "--debug" in argv[:end]
    if debug:
        argv = [a for i, a in enumerate(argv) if not (i < end and a == "--debug")]
    return argv, debug


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app and turn every error into one line and an exit code.

    Exit codes: 0 done, 1 findings (only with ``--exit-code`` or
    ``index check``), 2 any error (a bad option or input, a write failure,
    or a bug: one line that says what failed; ``--debug`` or
    ``DEDUP_DEBUG=1`` shows the traceback), 130 interrupted.
    """
    import os

    args, debug = _split_debug(list(sys.argv[1:] if argv is None else argv))
    debug = debug or os.environ.get("DEDUP_DEBUG", "") not in ("", "0")
    command = typer.main.get_command(app)
    try:
        rv = command.main(args=args, prog_name="dedup", standalone_mode=False)
    except _cx.NoArgsIsHelpError as exc:
        sys.stderr.write((exc.ctx.get_help() if exc.ctx else str(exc)).rstrip("\n") + "\n")
        return 2
    except _cx.UsageError as exc:
        where = f"{exc.ctx.command_path} --help" if exc.ctx else "dedup --help"
        _err(f"error: {exc.format_message().rstrip('.')}; see '{where}'")
        return 2
    except _cx.ClickException as exc:
        _err(f"error: {exc.format_message()}")
        return 2
    except (typer.Abort, KeyboardInterrupt):
        _err("error: interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except DedupError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        _err(f"error: {exc}")
        return 2
    except Exception as exc:  # the one place every other failure becomes one line
        if debug:
            import traceback

            traceback.print_exc()
        _err(f"error: {_unexpected(exc, args)}")
        return 2
    if isinstance(rv, int):
        return rv
    return 0


def _quiet_stdout() -> None:
    """After a closed pipe (``dedup dupes ... | head``), send what is left of stdout nowhere."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass


def run() -> None:
    """Console-script wrapper around :func:`main` (``dedup``, ``python -m dedup``): the process ends with it."""
    from dedup.pool import freeze_after_pause

    freeze_after_pause()  # what a run read need not be walked by the collector again
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
