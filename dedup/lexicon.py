"""Word lists that several stages share: month and weekday names.

Examples
--------
>>> MONTHS["sept"], MONTHS["december"], WEEKDAYS["friday"]
(9, 12, 4)
"""

from __future__ import annotations

__all__ = ["MONTHS", "WEEKDAYS"]

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
"""Month names and their abbreviations, lower case, to the month's number."""

WEEKDAYS: dict[str, int] = {
    day: number
    for number, day in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
"""Weekday names, lower case, to ``date.weekday()`` (Monday is 0)."""
