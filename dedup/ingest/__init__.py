"""Ingest: files, encodings, records and article metadata → :class:`dedup.model.Document`."""
