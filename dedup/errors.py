"""Errors that name their fix.

Every error a user can cause (a missing path, a bad option, an unreadable
file) is a :class:`DedupError`; the CLI prints its message on one line and
exits with status 2.  Anything else is a bug.
"""

from __future__ import annotations


class DedupError(Exception):
    """A user-facing error whose message says what to do about it.

    Examples
    --------
    >>> str(DedupError("no articles in 'x'; pass a folder of .txt files"))
    "no articles in 'x'; pass a folder of .txt files"
    """


class InputError(DedupError):
    """A path or input file that cannot be used."""


class ParameterError(DedupError):
    """A tuning option outside its valid range."""
