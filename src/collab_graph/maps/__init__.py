"""Stage 5: interactive maps — one self-contained, offline HTML file per view.

Use: ``from collab_graph.maps import make_map, display_map``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["display_map", "make_map"]


def __getattr__(name: str) -> Any:
    """``make_map`` and ``display_map`` load networkx and pyvis, so they are imported on first use."""
    if name in __all__:
        from . import make

        return getattr(make, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
