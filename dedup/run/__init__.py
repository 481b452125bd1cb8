"""Running the pipeline: the pipeline body, its engines (local processes, Dask), batch runs against the index, check."""
