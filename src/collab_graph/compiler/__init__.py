"""Stage 1: compile the YAML records in ``graph/`` with ``ontology/`` into RDF, validate it, write the release.

Use: ``from collab_graph.compiler import compile_project``. Both names are imported on first use,
so a command that only loads the cached graph (:mod:`collab_graph.compiler.cache`) does not import
the compiler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import compile_project
    from .compiled import Compiled

__all__ = ["Compiled", "compile_project"]


def __getattr__(name: str) -> Any:
    if name == "Compiled":
        from .compiled import Compiled

        return Compiled
    if name == "compile_project":
        from .build import compile_project

        return compile_project
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
