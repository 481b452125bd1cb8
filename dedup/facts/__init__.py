"""Facts and their comparison.

Quantities as intervals, dates, names, quotes; changes, equivalence, corrections, discrepancies.
"""
