"""Grow the real graph to a target size keeping its shape: more areas, organisations, initiatives, figures.

Copy k of every data entity (areas, organisations, bodies, people, posts, sites, initiatives,
implementations, figures, source excerpts, documents ...) gets the IRI suffix ``-xk`` and its
names the suffix `` k``; shared vocabularies (sectors, statuses, units, roles, themes) and the
ontology are not copied, so each copy joins to them like the original does. Copy 0 is the real
graph, so the query library's example parameters (org=NWAS, area=Merseyside ...) still resolve
to one entity and every query answers at every size.

    .venv/bin/python benchmarks/grow_graph.py 100000 build/grown-100k.nt
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS

from collab_graph.common.paths import Project
from collab_graph.compiler import compile_project

ID = "https://w3id.org/collab-graph/id/"
COPIED = {
    "org",
    "figure",
    "implementation",
    "area",
    "post",
    "body",
    "source",
    "site",
    "index",
    "person",
    "initiative",
    "document",
    "workstream",
}
NAMES = {SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, RDFS.label}


def real_graph() -> Graph:
    return compile_project(Project.locate(Path(__file__).resolve().parents[1])).graph


def prepared_library() -> list[tuple[str, str]]:
    """(name, SPARQL with the first example's parameters bound) for every library query."""
    from collab_graph.sparql.library import library
    from collab_graph.sparql.prepare import example_params
    from collab_graph.sparql.run import QueryRunner

    runner = QueryRunner(real_graph())
    return [(name, runner.prepare(source, example_params(source)).sparql) for name, source in library().items()]


def _copied(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(ID) and str(term)[len(ID) :].split("/", 1)[0] in COPIED


def grow_lines(graph: Graph, target: int) -> tuple[list[str], int]:
    """N-Triples lines of the graph grown to about ``target`` triples, and the number of copies."""
    base = sorted(graph)  # deterministic
    entity = [t for t in base if _copied(t[0])]
    shared = len(base) - len(entity)
    copies = max(1, round((target - shared) / max(1, len(entity))))
    lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in base]
    for k in range(1, copies):
        suffix = f"-x{k}"
        for s, p, o in entity:
            s2 = URIRef(str(s) + suffix)
            o2 = URIRef(str(o) + suffix) if _copied(o) else o
            if p in NAMES and isinstance(o, Literal) and o.datatype is None:
                o2 = Literal(f"{o} {k}", lang=o.language)
            lines.append(f"{s2.n3()} {p.n3()} {o2.n3()} .")
    return lines, copies


def write_grown(graph: Graph, target: int, path: Path) -> int:
    """Write the grown graph as N-Triples to ``path``; the number of triples."""
    lines, _ = grow_lines(graph, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int, help="the size to grow to (at least the real graph's)")
    parser.add_argument("out", type=Path, help="the N-Triples file to write")
    args = parser.parse_args()
    print(f"wrote {args.out} ({write_grown(real_graph(), args.triples, args.out)} triples)")
