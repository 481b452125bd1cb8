"""Benchmark corpora built from real news text, with the characters real copy has.

:func:`real_corpus` draws articles from JSONL pools of real articles (Reuters-21578 and BBC News, see
``bench/data``), mixed in one random order, and sets a share of them in a modern house style: curly
quotes and apostrophes, en and em dashes, currency signs (£ € ¥ $) before the figures, accented names.
When the pools run out, further originals are real articles with one word in three replaced by another
word of the pools (repeated and perturbed: the characters stay real, the text is no near-duplicate of its
source).  A share of the originals get a planted edited copy: one word in thirty changed and, in an
article of six paragraphs or more, one short paragraph (at most a fifth of the words) cut.

Examples
--------
>>> house_style('He said "it\\'s over" -- the 45 mln stg deal with Societe Generale in Zurich.')
'He said “it’s over” — the £45 mln deal with Société Générale in Zürich.'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dedup_testing.synthetic import SyntheticCorpus, edit_copy

__all__ = ["house_style", "non_ascii_share", "real_corpus"]

_ACCENTED = {
    "Societe Generale": "Société Générale", "Zurich": "Zürich", "Sao Paulo": "São Paulo", "Nestle": "Nestlé",
    "Jose": "José", "Munich": "München", "Dusseldorf": "Düsseldorf", "Cologne": "Köln", "Bogota": "Bogotá",
    "Mexico City": "Ciudad de México", "Quebec": "Québec", "Montreal": "Montréal", "Perez": "Pérez",
    "Gonzalez": "González", "Garcia": "García", "Lopez": "López", "Muller": "Müller", "Francois": "François",
    "Rene": "René", "Andre": "André", "Credit Lyonnais": "Crédit Lyonnais", "Peru": "Perú", "Malmo": "Malmö",
    "Goteborg": "Göteborg", "Citroen": "Citroën", "Renault SA": "Renault S.A.", "Brasilia": "Brasília",
}
_ACCENT_RE = re.compile(r"\b(" + "|".join(map(re.escape, sorted(_ACCENTED, key=len, reverse=True))) + r")\b")
_CURRENCY = (
    (re.compile(r"\b(\d[\d,.]*)(\s+(?:mln|billion|bln)?\s*)stg\b"), "£"),
    (re.compile(r"\b(\d[\d,.]*)(\s+(?:mln|billion|bln)?\s*)dlrs\b"), "$"),
    (re.compile(r"\b(\d[\d,.]*)(\s+(?:mln|billion|bln)?\s*)yen\b"), "¥"),
    (re.compile(r"\b(\d[\d,.]*)(\s+(?:mln|billion|bln)?\s*)(?:ecus|euros?)\b"), "€"),
)


def house_style(text: str) -> str:
    """``text`` set as a modern outlet sets it: curly quotes, dashes, currency signs, accented names."""
    text = re.sub(r"(^|[\s(\[])\"", "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(\w)'(\w)", "\\1’\\2", text)
    text = re.sub(r"(^|[\s(\[])'", "\\1‘", text).replace("'", "’")
    text = text.replace(" -- ", " — ").replace("--", "—")
    text = re.sub(r"(\d)-(\d)", "\\1–\\2", text)
    for pattern, sign in _CURRENCY:
        text = pattern.sub(lambda m, s=sign: f"{s}{m.group(1)}{m.group(2).rstrip() and ' ' + m.group(2).strip()}",
                           text)
    return _ACCENT_RE.sub(lambda m: _ACCENTED[m.group(1)], text)


def non_ascii_share(texts: Sequence[str]) -> tuple[float, float]:
    """Share of characters that are not ASCII, and share of texts with at least one."""
    chars = sum(len(t) for t in texts) or 1
    wide = sum(sum(1 for c in t if ord(c) > 127) for t in texts)
    return wide / chars, sum(any(ord(c) > 127 for c in t) for t in texts) / max(1, len(texts))


def _read_pool(paths: Sequence[str | Path]) -> list[list[str]]:
    seen: set[str] = set()
    pool = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                text = (row.get("text") or "").strip()
                if len(text) < 200 or text in seen:
                    continue
                seen.add(text)
                paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
                if row.get("title"):
                    paragraphs.insert(0, row["title"].strip())
                pool.append(paragraphs)
    return pool


def real_corpus(
    size: int,
    pools: Sequence[str | Path],
    *,
    seed: int = 0,
    copy_rate: float = 0.2,
    styled: float = 0.5,
) -> SyntheticCorpus:
    """A corpus of exactly ``size`` documents of real text, with planted copies.

    Parameters
    ----------
    size
        Documents (originals and copies).
    pools
        JSONL files of real articles (``text``, optional ``title``).
    seed
        Everything is determined by it.
    copy_rate
        Share of originals that get one edited copy.
    styled
        Share of originals set in the modern house style (:func:`house_style`).
    """
    rng = np.random.default_rng(seed)
    pool = _read_pool(pools)
    order = rng.permutation(len(pool))
    vocabulary = np.array(sorted({w for paras in pool[:2000] for p in paras for w in p.split() if w.isalpha()}))
    n_originals = int(np.ceil(size / (1 + copy_rate)))
    texts: list[str] = []
    ids: list[str] = []
    planted: list[tuple[int, int]] = []
    def original(k: int) -> list[str]:
        paragraphs = list(pool[int(order[k % len(pool)])])
        if k >= len(pool):  # repeated: one word in three replaced, so no two repeats are near-duplicates
            out = []
            for para in paragraphs:
                words = para.split(" ")
                swap = rng.random(len(words)) < 1 / 3
                picks = rng.integers(0, len(vocabulary), int(swap.sum()))
                for i, j in zip(np.flatnonzero(swap), picks):
                    words[int(i)] = str(vocabulary[int(j)])
                out.append(" ".join(words))
            paragraphs = out
        if rng.random() < styled:
            paragraphs = [house_style(p) for p in paragraphs]
        return paragraphs

    k = 0
    while len(texts) < size:
        paragraphs = original(k)
        texts.append("\n\n".join(paragraphs))
        ids.append(f"orig/{k:07d}.txt")
        if k < n_originals and rng.random() < copy_rate and len(texts) < size:
            # as a syndicated copy is edited: one word in thirty changed and, in an article of six paragraphs
            # or more, one paragraph of at most a fifth of the words cut (a short wire item keeps them all;
            # cutting one of its three paragraphs would leave no copy but a fragment)
            words = [len(p.split()) for p in paragraphs]
            small = [i for i, w in enumerate(words) if w <= sum(words) / 5]
            kept = list(paragraphs)
            if len(paragraphs) >= 6 and small:
                kept.pop(int(small[int(rng.integers(0, len(small)))]))
            copy = edit_copy(kept, rng, drop_paragraphs=0, replacement_words=vocabulary)
            texts.append("\n\n".join(copy))
            ids.append(f"copy/{k:07d}.txt")
            planted.append((len(texts) - 2, len(texts) - 1))
        k += 1
    return SyntheticCorpus(texts[:size], ids[:size], [(a, b) for a, b in planted if b < size])
