"""collab-graph: a knowledge graph of emergency services collaboration in England and Wales.

The names notebooks and scripts use are importable from here; each is loaded on first use, so
``import collab_graph`` (and ``collab-graph --help``) stays light:

>>> import collab_graph
>>> sorted(collab_graph.__all__)[:4]
['CollabGraphError', 'Project', 'UnknownName', 'analyse']

The stages, in the order data flows, are the subpackages ``compiler`` (YAML records to RDF,
validation, coverage, release), ``store`` (embedded and remote stores), ``sparql`` (the query
library, safety, running, results, the endpoint), ``analysis``, ``maps``, ``report`` (briefing
reports; ``report(area="Merseyside")`` makes one) and ``cli``; shared
helpers are in ``common`` and name resolution in ``names``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> (module, attribute); attribute None: the module itself
_EXPORTS: dict[str, tuple[str, str | None]] = {
    "CollabGraphError": ("common.errors", "CollabGraphError"),
    "Project": ("common.paths", "Project"),
    "UnknownName": ("common.errors", "UnknownName"),
    "analyse": ("analysis.pipeline", "analyse"),
    "charts": ("analysis.charts", None),
    "compile_project": ("compiler", "compile_project"),
    "describe": ("names.describe", "describe"),
    "display_map": ("maps.make", "display_map"),
    "excerpts": ("compiler.excerpts", None),
    "find": ("names.resolve", "find"),
    "label": ("common.labels", "label"),
    "library": ("sparql.library", "library"),
    "make_map": ("maps.make", "make_map"),
    "open_store": ("store", "open_store"),
    "provenance": ("common.labels", "provenance"),
    "report": ("report", None),  # the stage's folder, callable: report(area="Merseyside")
    "stats": ("analysis.stats", None),
    "write_file": ("common.atomic", "write_file"),
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module_name, attribute = _EXPORTS[name]
    module = import_module(f"{__name__}.{module_name}")
    return module if attribute is None else getattr(module, attribute)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
