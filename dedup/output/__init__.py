"""Output: the output folder and its JSONL files, the HTML report, the terminal view."""
