"""Sentence alignment: the sentences of copied pairs, and word-level diffs."""
