"""Near-duplicates and story groups: shingles, MinHash sketches, LSH, verified pairs, passages, families, stories."""
