"""Terminal views (rich): the editor's summary of ``dedup check``."""

from __future__ import annotations

from typing import Any

from dedup.align.worddiff import word_diff
from dedup.display import clean_text, plain
from dedup.results import CheckResult

__all__ = ["diff_text", "print_check"]

_KIND_STYLE = {"number": "bold red", "date": "magenta", "entity": "yellow", "quote": "cyan", "other": "white"}


def diff_text(a: str, b: str) -> tuple[Any, Any]:
    """Two rich Texts: ``a`` with removed words struck red, ``b`` with new words green.

    Examples
    --------
    >>> left, right = diff_text("up to 100,000 troops", "over 100,000 troops")
    >>> left.plain, right.plain
    ('up to 100,000 troops', 'over 100,000 troops')
    """
    from rich.text import Text

    left, right = Text(), Text()
    for op in word_diff(clean_text(a), clean_text(b)):
        if op.tag == "equal":
            left.append(op.a)
            right.append(op.b)
        else:
            if op.a:
                left.append(op.a, style="bold red strike")
            if op.b:
                right.append(op.b, style="bold green")
    return left, right


def print_check(result: CheckResult, console: Any = None, *, all_changes: bool = False) -> None:
    """Print the check of a copy against its original; with ``all_changes``, every changed span and its verdict."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    console = console or Console()
    al = result.alignment.alignment
    o, c = result.original, result.copy
    title = plain(c.id, style="bold", single_line=True) + plain(" checked against ") + plain(
        o.id, style="bold", single_line=True
    )
    summary = Table.grid(padding=(0, 2))
    summary.add_row(
        "carries",
        f"{result.carried:.0%} of the original's sentences "
        f"({len(o.sentences) - len(al.omitted)} of {len(o.sentences)})",
    )
    summary.add_row("new", f"{result.new_share:.0%} of the copy ({len(al.added)} of {len(c.sentences)} sentences)")
    summary.add_row("changed", f"{len(result.changed)} aligned sentences reworded")
    summary.add_row("similarity", f"Jaccard {result.jaccard:.2f}, containment {result.containment:.2f}")
    conflicts = sum(d.relation == "conflict" for d in result.discrepancies)
    summary.add_row(
        "discrepancies",
        f"[bold red]{len(result.discrepancies)}[/bold red] ({conflicts} conflicts)"
        if result.discrepancies
        else "[green]none[/green]",
    )
    console.print(Panel(summary, title=title, title_align="left"))

    if result.discrepancies:
        table = Table(title="Discrepancies, most severe first", show_lines=True, expand=True)
        table.add_column("sev", justify="right", width=5)
        table.add_column("kind")
        table.add_column("original", ratio=1)
        table.add_column("copy", ratio=1)
        table.add_column("why", ratio=2)
        for d in result.discrepancies:
            style = _KIND_STYLE.get(d.kind, "white")
            table.add_row(
                f"{d.severity:.2f}",
                plain(d.kind, style=style) + plain(f"\n{d.relation}"),
                plain(d.a_value, style="bold"),
                plain(d.b_value, style="bold"),
                plain(d.explanation, single_line=True),
            )
        console.print(table)

    if result.changed:
        table = Table(title="Changed sentences", show_lines=True, expand=True)
        table.add_column("#", justify="right", width=7)
        table.add_column("original", ratio=1)
        table.add_column("copy", ratio=1)
        for link in result.changed:
            left, right = diff_text(link.a_text, link.b_text)
            where = f"{'+'.join(map(str, link.a_sentences))}→{'+'.join(map(str, link.b_sentences))}"
            table.add_row(where, left, right)
        console.print(table)

    if all_changes and result.changes:
        table = Table(title="Every change and its verdict", show_lines=False, expand=True)
        table.add_column("verdict")
        table.add_column("kind")
        table.add_column("original", ratio=1)
        table.add_column("copy", ratio=1)
        table.add_column("why", ratio=1)
        for ch in result.changes:
            table.add_row(plain(ch.verdict), plain(ch.kind or ""), plain(ch.a), plain(ch.b), plain(ch.reason))
        console.print(table)

    for label, items, doc in (("Omitted from the copy", al.omitted, o), ("Added in the copy", al.added, c)):
        if items:
            table = Table(title=label, show_header=False, expand=True)
            table.add_column("#", justify="right", width=4)
            table.add_column("sentence")
            for i in items:
                table.add_row(str(i), plain(doc.sentences[i]))
            console.print(table)
