"""Where the pipeline's parallel work runs: local worker processes or a Dask cluster."""
