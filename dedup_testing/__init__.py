"""Test-data generators and scoring for dedup's tests and benchmarks (not shipped in the wheel)."""
