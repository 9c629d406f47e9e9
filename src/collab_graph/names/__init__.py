"""Names: the registry the compiler fills (:mod:`.index`), the one resolver every command uses
(:mod:`.resolve`), and ``show``'s descriptions (:mod:`.describe`)."""

from __future__ import annotations

from typing import Any

__all__ = ["describe", "find", "normalise"]


def __getattr__(name: str) -> Any:
    """``find`` and ``describe`` load rdflib, so they are imported on first use."""
    if name == "find":
        from .resolve import find

        return find
    if name == "describe":
        from .describe import describe

        return describe
    if name == "normalise":
        from .index import normalise

        return normalise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
