"""Stage 4: network analysis — partnership clusters, rankings, brokers, tri-service structure and exports.

Use: ``from collab_graph.analysis import analyse``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Analysis", "analyse"]


def __getattr__(name: str) -> Any:
    """``analyse`` and ``Analysis`` load networkx, so they are imported on first use."""
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
