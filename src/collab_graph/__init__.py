"""collab-graph: a knowledge graph of emergency services collaboration in England and Wales."""

__version__ = "0.1.0"
