"""``collab-graph analyse``: partnership clusters, who collaborates widely, tri-service structure."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..common.errors import CollabGraphError
from ..common.tables import format_table
from ..store import STORES
from .context import get_compiled, get_project, get_store

if TYPE_CHECKING:
    from ..analysis.pipeline import Analysis

BLUE_LIGHT = ("police", "fire", "ambulance")


def available_backends() -> list[str]:
    """Names of the networkx dispatch backends installed here (e.g. ``parallel``, ``graphblas``)."""
    from networkx.utils.backends import backends

    return sorted(backends)


def check_backend(backend: str | None) -> None:
    """Refuse a backend that is not installed or does not load with this networkx, naming the ones installed."""
    if not backend:
        return
    if backend not in available_backends():
        installed = ", ".join(available_backends()) or "none"
        raise CollabGraphError(f"--backend {backend!r}: not an installed networkx backend (installed: {installed})")
    from networkx.utils.backends import backends

    try:
        backends[backend].load()
    except Exception as exc:  # a backend built for another networkx fails in many ways
        raise CollabGraphError(f"--backend {backend!r}: cannot be loaded with networkx here ({type(exc).__name__}: {exc})") from None


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/analysis/).")
@click.option(
    "--store",
    type=click.Choice(sorted(STORES)),
    help="Embedded SPARQL store used to extract the networks (default: the global --store/--endpoint choice).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed for Louvain and label propagation.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows shown per table (the files have them all).")
@click.option("--backend", help="networkx dispatch backend for betweenness, e.g. parallel (nx-parallel), if installed.")
@click.pass_context
def analyse(ctx: click.Context, out: Path | None, store: str | None, seed: int, top: int, backend: str | None) -> None:
    """Find partnership clusters and rank who collaborates most widely.

    Builds the organisation-implementation network and its organisation-organisation
    projection (weighted by shared implementations) by SPARQL, finds clusters (Louvain, greedy
    modularity, label propagation), scores every organisation, names the brokers and the
    police-fire-ambulance triads, and writes the tables (CSV, JSON), the results as RDF
    (analysis.trig, named graph <https://w3id.org/collab-graph/id/graph/analysis>) and the
    networks as GraphML and GEXF. See docs/analysis.md for what each measure means.

    Above 2,000 organisations clustering and betweenness run in igraph (label
    propagation as its fast variant, betweenness sampled from 256 sources), and
    above 20,000 greedy modularity is not run; the output says so.

    Example:

        collab-graph analyse --top 5 --out build/analysis/
    """
    from ..analysis.export import write_analysis
    from ..analysis.pipeline import analyse as run_analysis

    check_backend(backend)
    project = get_project(ctx)
    compiled = get_compiled(ctx)
    result = run_analysis(compiled.graph, store=get_store(ctx, store), seed=seed, backend=backend)
    if result.organisations.number_of_nodes() == 0:
        raise CollabGraphError("no implementation with partners in the graph: nothing to analyse")
    target = out or project.build_dir / "analysis"
    paths = write_analysis(result, target)
    click.echo(report(result, top))
    click.echo(f"\nwrote {len(paths)} files to {project.shown(target)}/: tables (.csv, .json), analysis.trig, networks (.graphml, .gexf)")


def report(a: Analysis, top: int) -> str:
    """The headline tables as text."""
    from ..analysis.export import tables

    t = tables(a)
    parts = []
    networks = t["networks"]
    parts.append("Networks\n" + format_table(["network", "nodes", "edges", "total weight", "components"], networks.rows))
    louvain = a.clustering
    parts.append(
        f"Partnership clusters: {len(louvain.clusters)} (Louvain, seed {louvain.seed}), modularity {louvain.modularity:.3f}\n"
        + format_table(
            ["method", "clusters", "of 2 or more", "modularity"], [(m, n, big, f"{q:.3f}") for m, _, _, n, big, q in t["methods"].rows]
        )
    )
    at_scale = [f"{m}: {text}" for m, text, *_ in t["methods"].rows if a.clusterings[m].engine != "networkx"]
    at_scale += [f"{m}: {why}" for m, why in a.skipped.items()]
    if a.betweenness_method != "exact (networkx)":
        at_scale.append(f"betweenness: {a.betweenness_method}")
    if at_scale:
        parts.append("Computed at scale (see docs/analysis.md, Scale)\n" + "\n".join(f"  {line}" for line in at_scale))
    rows = [
        (s.name, s.size, _top(s.sectors, 3), _top(s.areas, 3), _top(s.initiatives, 2), s.internal_weight, s.external_weight)
        for s in a.summaries["louvain"][:top]
    ]
    parts.append(
        f"Largest Louvain clusters (top {len(rows)} of {len(louvain.clusters)}; members in clusters.csv)\n"
        + format_table(["cluster", "size", "sectors", "areas", "initiatives that bind it", "internal", "external"], rows)
    )
    rows = [
        (
            s.rank,
            s.label,
            s.sector_label,
            s.partners,
            s.initiatives,
            s.themes,
            s.cross_sector,
            "" if s.outside_area is None else s.outside_area,
            s.weighted_degree,
            f"{s.betweenness:.4f}",
            f"{s.eigenvector:.3f}",
            louvain.membership[s.iri],
        )
        for s in a.scores[:top]
    ]
    headers = [
        "rank",
        "organisation",
        "sector",
        "partners",
        "initiatives",
        "themes",
        "cross-sector",
        "outside area",
        "weighted",
        "betweenness",
        "eigenvector",
        "cluster",
    ]
    parts.append(f"Who collaborates most widely (top {len(rows)} of {len(a.scores)}; all in ranking.csv)\n" + format_table(headers, rows))
    best: dict[str, list[object]] = {}
    for s in a.scores:
        if s.sector in BLUE_LIGHT and s.sector not in best:
            best[s.sector] = [s.sector_label, s.label, s.rank, s.partners, s.initiatives, s.themes, s.cross_sector]
    parts.append(
        "Most widely collaborating blue-light service per sector\n"
        + format_table(
            ["sector", "organisation", "rank", "partners", "initiatives", "themes", "cross-sector"],
            [best[k] for k in BLUE_LIGHT if k in best],
        )
    )
    rows = [
        (b.label, b.sector_label, f"{b.betweenness:.4f}", "yes" if b.articulation_point else "", b.cut_off or "") for b in a.brokers[:top]
    ]
    parts.append(
        "Brokers: highest betweenness; an articulation point is the only link for the organisations it cuts off\n"
        + format_table(["organisation", "sector", "betweenness", "articulation point", "cuts off"], rows)
    )
    rows = [
        (tr.police_label, tr.fire_label, tr.ambulance_label, len(tr.joint_implementations), "/".join(map(str, tr.weights)))
        for tr in a.triads[:top]
    ]
    parts.append(
        f"Police-fire-ambulance triads: {len(a.triads)} ({sum(1 for tr in a.triads if tr.joint_implementations)} joined in one implementation)\n"
        + format_table(["police", "fire", "ambulance", "joint implementations", "pair weights P-F/P-A/F-A"], rows)
    )
    groups: dict[str, list[str]] = defaultdict(list)
    for r in a.area_structure:
        groups[r.structure].append(r.area_label)
    lines = ["Tri-service structure by implementation area (all in tri-service-areas.csv)"]
    for structure, areas in groups.items():
        lines.append(f"{structure} ({len(areas)}):")
        lines += wrap_names(areas)
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def wrap_names(names: list[str], width: int = 100, indent: str = "  ") -> list[str]:
    """Comma-separated names packed into lines, never breaking inside a name.

    >>> wrap_names(["Kent", "Essex", "Wales (North)"], width=16)
    ['  Kent, Essex,', '  Wales (North)']
    """
    lines: list[str] = []
    line = ""
    for i, name in enumerate(names):
        item = name + ("," if i < len(names) - 1 else "")
        if line and len(indent) + len(line) + 1 + len(item) > width:
            lines.append(indent + line)
            line = item
        else:
            line = f"{line} {item}" if line else item
    if line:
        lines.append(indent + line)
    return lines


def _top(pairs: tuple[tuple[str, int], ...], n: int) -> str:
    return ", ".join(f"{label} {count}" for label, count in pairs[:n])


COMMANDS = [analyse]
