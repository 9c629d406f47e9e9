"""The choices and defaults the query commands offer (no heavy imports: the CLI reads them at start-up)."""

DEFAULT_LIMIT = 10_000  # rows per answer
DEFAULT_TIMEOUT = 30.0  # seconds per query
FORMATS = ("table", "csv", "tsv", "json", "md")
