"""The release files: the compiled graph in three formats, written atomically."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..common.atomic import write_files
from .serialise import FORMATS, serialise

RELEASE_NAME = "collab-graph"


def write_release(graph: Graph, out: Path) -> list[tuple[Path, int]]:
    """Write ``collab-graph.{ttl,nt,jsonld}`` into ``out``; all or nothing."""
    contents = {out / f"{RELEASE_NAME}.{fmt}": serialise(graph, fmt) for fmt in FORMATS}
    write_files(contents)
    return [(path, len(graph)) for path in contents]
