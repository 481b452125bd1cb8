"""Untrusted text made safe for a terminal.

Article text, titles and file names come from outside: they may hold rich
markup (``[the rebels]``, ``[/]``), ANSI escape sequences that recolour or
clear a terminal, other control characters, and newlines that would split
a one-line message.  Everything the CLI shows of them goes through these
functions; rich ``Text`` objects are never parsed as markup.

Examples
--------
>>> clean_text("They [the rebels] \\x1b[2Jwill lose")
'They [the rebels] will lose'
>>> one_line("draft\\nstory.txt")
'draft\\\\nstory.txt'
>>> plain("[/]").plain
'[/]'
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["clean_text", "has_controls", "one_line", "plain"]

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-character escapes;
# then the 8-bit CSI and OSC introducers with their parameters.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
# C0 and C1 controls and DEL, keeping tab and newline (and carriage return, normalised below).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that reorder or hide text on screen (bidirectional overrides, zero-width joiners kept out).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


# Every byte of UTF-8 but the C0 controls (tab and newline kept) and DEL; the C1 controls U+0080-U+009F are
# the two bytes C2 80 to C2 9F (C2 is only ever a lead byte).
_NOT_C0_BYTES = bytes([0x09, 0x0A, *range(0x20, 0x7F), *range(0x80, 0x100)])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a control character (escape sequences start with one): what ``_CONTROL``
    finds, tested on the UTF-8 bytes (a quarter of the time of the pattern on the text, which tests every
    character against the class; every article is tested).

    Examples
    --------
    >>> has_controls("plain text\\n"), has_controls("red \\x1b[31m"), has_controls("£5\\x85")
    (False, True, True)
    """
    data = text.encode("utf-8", "surrogatepass")
    if data.translate(None, _NOT_C0_BYTES):
        return True
    return not text.isascii() and _C1_UTF8.search(data) is not None


def clean_text(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (tabs and newlines kept).

    Carriage returns become newlines, so that nothing overwrites what was
    printed before on the same line.

    Examples
    --------
    >>> clean_text("red \\x1b[31malert\\x1b[0m\\r\\nok\\x07")
    'red alert\\nok'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BIDI.sub("", _CONTROL.sub("", _ANSI.sub("", text)))


def one_line(text: str) -> str:
    """``text`` cleaned and kept on one line: newlines and tabs are shown as ``\\n`` and ``\\t``.

    For file names and messages: one problem, one line.

    Examples
    --------
    >>> print(one_line("a\\nb\\tc \\x1b[1mbold"))
    a\\nb\\tc bold
    """
    return clean_text(text).replace("\n", "\\n").replace("\t", "\\t")


def plain(text: Any, *, style: str = "", single_line: bool = False) -> Any:
    """A rich ``Text`` of ``text`` (never read as markup), cleaned; ``None`` shows as empty.

    Examples
    --------
    >>> plain("[bold]x[/bold]", style="bold").plain
    '[bold]x[/bold]'
    """
    from rich.text import Text

    value = "" if text is None else str(text)
    return Text(one_line(value) if single_line else clean_text(value), style=style)
