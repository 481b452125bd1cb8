"""Word-level differences between two sentences, for terminals and reports.

Tokens are words with their trailing punctuation and spaces kept, so that
joining the tokens of either side gives back its text exactly.  The diff is
a longest-common-subsequence alignment of the tokens compared loosely
(case, typographic quotes and surrounding punctuation ignored), computed by
dynamic programming; adjacent changes are merged into one span.

Examples
--------
>>> ops = word_diff("Moscow has deployed up to 100,000 troops.", "Moscow has deployed over 100,000 troops.")
>>> [(op.tag, op.a, op.b) for op in ops if op.tag != "equal"]
[('replace', 'up to ', 'over ')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DiffOp", "tokens", "word_diff"]

_TOKEN = re.compile(r"\S+\s*")
_LOOSE = re.compile(r"[^\w%$£€]+")
_MAX_CELLS = 250_000


@dataclass(frozen=True)
class DiffOp:
    """One span of the diff: ``equal``, ``replace``, ``delete`` (only in a) or ``insert`` (only in b)."""

    tag: str
    a: str
    b: str


def tokens(text: str) -> list[str]:
    """Words with their trailing whitespace.

    Examples
    --------
    >>> tokens("Up to  100,000 troops.")
    ['Up ', 'to  ', '100,000 ', 'troops.']
    """
    lead = re.match(r"\s*", text)
    out = _TOKEN.findall(text)
    if lead and lead.group() and out:
        out[0] = lead.group() + out[0]
    return out


_NUMBER_MARK = re.compile(r"(?<=\d)[.,](?=\d)")


def _key(token: str) -> str:
    # The point and comma inside a figure are part of it: "1.4" is not "14".
    return _LOOSE.sub("", _NUMBER_MARK.sub("_", token.lower().replace("’", "'")))


def word_diff(a: str, b: str) -> list[DiffOp]:
    """The word-level diff of ``a`` and ``b``.

    Returns
    -------
    list of DiffOp
        Spans in order; concatenating ``op.a`` gives ``a`` and ``op.b``
        gives ``b``.
    """
    ta, tb = tokens(a), tokens(b)
    ka, kb = [_key(t) for t in ta], [_key(t) for t in tb]
    n, m = len(ta), len(tb)
    # Trim the common head and tail, then LCS on what is left.
    head = 0
    while head < n and head < m and ka[head] == kb[head]:
        head += 1
    tail = 0
    while tail < n - head and tail < m - head and ka[n - 1 - tail] == kb[m - 1 - tail]:
        tail += 1
    mid_a, mid_b = ka[head : n - tail], kb[head : m - tail]
    pairs: list[tuple[int, int]] = []
    if mid_a and mid_b and len(mid_a) * len(mid_b) <= _MAX_CELLS:
        rows, cols = len(mid_a), len(mid_b)
        table = [[0] * (cols + 1) for _ in range(rows + 1)]
        for i in range(rows - 1, -1, -1):
            row, below = table[i], table[i + 1]
            for j in range(cols - 1, -1, -1):
                row[j] = below[j + 1] + 1 if mid_a[i] == mid_b[j] else max(below[j], row[j + 1])
        i = j = 0
        while i < rows and j < cols:
            if mid_a[i] == mid_b[j]:
                pairs.append((head + i, head + j))
                i += 1
                j += 1
            elif table[i + 1][j] >= table[i][j + 1]:
                i += 1
            else:
                j += 1
    matches = [(k, k) for k in range(head)] + pairs + [(n - tail + k, m - tail + k) for k in range(tail)]
    ops: list[DiffOp] = []
    pa = pb = 0

    def push(tag: str, sa: str, sb: str) -> None:
        if not sa and not sb:
            return
        if ops and ops[-1].tag == tag:
            ops[-1] = DiffOp(tag, ops[-1].a + sa, ops[-1].b + sb)
        elif ops and tag != "equal" and ops[-1].tag != "equal":
            ops[-1] = DiffOp("replace", ops[-1].a + sa, ops[-1].b + sb)
        else:
            ops.append(DiffOp(tag, sa, sb))

    for i, j in [*matches, (n, m)]:
        gap_a, gap_b = "".join(ta[pa:i]), "".join(tb[pb:j])
        if gap_a and gap_b:
            push("replace", gap_a, gap_b)
        elif gap_a:
            push("delete", gap_a, "")
        elif gap_b:
            push("insert", "", gap_b)
        if i < n and j < m:
            push("equal", ta[i], tb[j])
        pa, pb = i + 1, j + 1
    return ops
