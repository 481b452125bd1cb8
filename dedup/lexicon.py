"""Word lists that several stages share: month and weekday names, English stop words, how common an
English word is.

Stages that need a stop list of their own build it from :func:`english_stop_words` and say what they add
(alignment adds the reporting verbs, story alignment also titles); the short hand-made lists in the
comparison of facts (words that may sit between a subject and its figure, function words of a headline)
serve one rule each and stay beside it.

Examples
--------
>>> MONTHS["sept"], MONTHS["december"], WEEKDAYS["friday"]
(9, 12, 4)
>>> "the" in english_stop_words() and "troops" not in english_stop_words()
True
"""

from __future__ import annotations

from collections.abc import Container
from functools import lru_cache
from typing import Any

__all__ = ["COMMON_WORD", "MONTHS", "WEEKDAYS", "english_stop_words", "english_word_share", "in_either_number"]

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


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (318, lower case), loaded on first use."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


COMMON_WORD = 1e-7
"""A word this common (share of English running text) is a word, not a name that happens to be in the dictionary
(Kurosawa is listed at 3e-8, housing at 6e-6)."""


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def english_word_share(word: str) -> float:
    """The share of English running text that ``word`` is (pyspellchecker's frequencies; 0 for a non-word).

    Examples
    --------
    >>> english_word_share("housing") > 0, english_word_share("eurodlr")
    (True, 0.0)
    """
    checker = _dictionary()
    return float(checker.word_usage_frequency(word.lower()))


def in_either_number(word: str, words: Container[str]) -> bool:
    """Whether ``word``, or it with one "s" more or less, is in ``words`` ("Conservative" / "Conservatives").

    Examples
    --------
    >>> in_either_number("Conservative", {"Conservatives"}), in_either_number("scams", {"scam"})
    (True, True)
    >>> in_either_number("Boss", {"Bo"})
    False
    """
    return word in words or f"{word}s" in words or (word.endswith("s") and word[:-1] in words)
