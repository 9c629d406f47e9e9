"""The source text behind a fact: the lines of the source document an entity is derived from."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV

from ..common.errors import CollabGraphError
from ..common.namespaces import CG
from ..common.paths import Project


def source_lines(project: Project) -> list[str]:
    """The source document's lines (line n is ``lines[n - 1]``); a clear error when it is missing."""
    try:
        return project.source.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CollabGraphError(f"{project.source}: cannot read the source text ({exc.strerror})") from None


def quote(graph: Graph, node: URIRef, project: Project, *, max_lines: int = 12) -> str:
    """The source lines ``node`` is derived from, each excerpt headed by its line numbers.

    Long excerpts are cut after ``max_lines`` lines (with a note of how many more there are).
    """
    lines = source_lines(project)
    parts = []
    for excerpt in sorted(graph.objects(node, PROV.wasDerivedFrom)):
        first, last = int(graph.value(excerpt, CG.lineStart)), int(graph.value(excerpt, CG.lineEnd))  # type: ignore[arg-type]
        shown = range(first, min(last, first + max_lines - 1) + 1)
        text = [f"  {n:>5} | {lines[n - 1]}" for n in shown if 0 < n <= len(lines)]
        if last > shown[-1]:
            text.append(f"        ... {last - shown[-1]} more lines (to line {last})")
        parts.append("\n".join([f"source lines {first}–{last}:", *text]))
    return "\n\n".join(parts) or "no provenance"
