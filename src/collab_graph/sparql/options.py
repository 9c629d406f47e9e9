"""The choices and defaults the query commands offer (no heavy imports: the CLI reads them at start-up)."""

DEFAULT_LIMIT = 10_000  # rows per answer
DEFAULT_TIMEOUT = 30.0  # seconds per query
FORMATS = ("table", "csv", "tsv", "json", "md")
MAX_LIMIT = 100_000_000  # the most rows --limit may ask for
MAX_TIMEOUT = 86_400.0  # a day: the longest --timeout
DEFAULT_MEMORY_MB = 2048  # MiB a query process may add to what it starts with (--memory)
MAX_QUERIES = 2  # queries `serve` parses or runs at once; more wait up to a few seconds, then get 503
