"""Which part of the network a map shows: the views of ``collab-graph map`` (pure functions over an Analysis).

``network``: every organisation; ``focus``: one organisation's neighbourhood up to ``depth`` steps;
``initiative`` / ``theme`` / ``area``: the organisations taking part in the implementations of one
initiative, of one theme's initiatives, or located in one area (or an area within it), linked by the
implementations they share there; ``bipartite``: organisations and the initiatives they take part in.
Names resolve like ``collab-graph show`` (any name, alias, abbreviation or id, case-insensitive).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import Graph

from ..analysis.network import collaboration_network, implementations_of
from ..analysis.pipeline import Analysis
from ..common.errors import CollabGraphError, UnknownName
from ..names.index import normalise
from .options import VIEWS

SELECTORS = ("focus", "initiative", "theme", "area")


@dataclass
class View:
    """The graph to draw (organisation nodes, perhaps initiative nodes) and a one-line description."""

    name: str
    graph: nx.Graph
    title: str
    description: str
    focus: tuple[str, ...] = ()


def choose_view(view: str, **selected: str | None) -> str:
    """The view to draw: ``view`` as given, or the one named by the only selector given with the default view.

    >>> choose_view("network", focus="Kent Police", initiative=None, theme=None, area=None)
    'focus'
    >>> choose_view("bipartite", focus=None, initiative=None, theme=None, area=None)
    'bipartite'
    """
    if view not in VIEWS:
        raise CollabGraphError(f"--view {view!r}: unknown view (choose from {', '.join(VIEWS)})")
    given = [name for name in SELECTORS if selected.get(name)]
    if len(given) > 1:
        raise CollabGraphError(f"give one of --{', --'.join(given)}, not several: each chooses a different view")
    if view == "network" and given:
        return given[0]
    if view in SELECTORS and view not in given:
        raise CollabGraphError(f"--view {view} needs --{view} NAME")
    if view not in SELECTORS and given:
        raise CollabGraphError(f"--{given[0]} does not apply to --view {view}")
    return view


def build_view(
    analysis: Analysis,
    view: str = "network",
    *,
    graph: Graph | None = None,
    focus: str | None = None,
    depth: int = 1,
    initiative: str | None = None,
    theme: str | None = None,
    area: str | None = None,
) -> View:
    """The graph of one view, its nodes carrying the analysis' attributes (clusters, scores)."""
    view = choose_view(view, focus=focus, initiative=initiative, theme=theme, area=area)
    orgs = analysis.organisations
    bipartite = analysis.bipartite
    if view == "network":
        return View(view, orgs, "Collaboration network", f"The whole collaboration network: {orgs.number_of_nodes()} organisations")
    if view == "focus":
        if depth < 1:
            raise CollabGraphError(f"--depth {depth}: must be 1 or more")
        centre = resolve(graph, focus or "", "organisation", set(orgs), orgs)
        sub = nx.ego_graph(orgs, centre, radius=depth)
        label = orgs.nodes[centre]["label"]
        steps = "partners" if depth == 1 else f"organisations up to {depth} partnership steps away"
        return View(view, sub.copy(), label, f"{label} and its {steps}: {sub.number_of_nodes() - 1}", (centre,))
    if view == "bipartite":
        return View(
            view, organisation_initiative(analysis), "Organisations and initiatives", "Organisations and the initiatives they take part in"
        )
    impls = implementations_of(bipartite)
    if view == "initiative":
        known = {bipartite.nodes[i]["initiative"] for i in impls}
        target = resolve(graph, initiative or "", "initiative", known, None, _labels(bipartite, impls, "initiative"))
        chosen = [i for i in impls if bipartite.nodes[i]["initiative"] == target]
        name = _labels(bipartite, impls, "initiative")[target]
        title, description = name, f"Initiative: {name}"
    elif view == "theme":
        known = {bipartite.nodes[i]["theme"] for i in impls}
        target = resolve(graph, theme or "", "theme", known, None, _labels(bipartite, impls, "theme"))
        chosen = [i for i in impls if bipartite.nodes[i]["theme"] == target]
        title = _labels(bipartite, impls, "theme")[target]
        description = f"Theme: {title}"
    else:
        within = analysis.within
        known = {bipartite.nodes[i]["area"] for i in impls} | {a for i in impls for a in within.get(bipartite.nodes[i]["area"], ())}
        labels = _labels(bipartite, impls, "area") | {d["area"]: d.get("area_label", "") for _, d in orgs.nodes(data=True) if d.get("area")}
        target = resolve(graph, area or "", "area", {k for k in known if k}, None, labels)
        chosen = [i for i in impls if bipartite.nodes[i]["area"] == target or target in within.get(bipartite.nodes[i]["area"], ())]
        title = labels.get(target) or (_label(graph, target) if graph is not None else target)
        description = f"Area: {title} (implementations located there)"
    partners = sorted({p for i in chosen for p in bipartite[i]})
    sub = collaboration_network(bipartite.subgraph(chosen + partners))
    for node in sub:
        sub.nodes[node].update(orgs.nodes[node])
    return View(view, sub, title, f"{description}: {len(chosen)} implementations, {len(partners)} organisations")


def organisation_initiative(analysis: Analysis) -> nx.Graph:
    """Organisations and initiatives; an edge = the organisation is a partner in the initiative's implementations
    (``weight`` = how many, ``implementations`` = which)."""
    bipartite = analysis.bipartite
    graph = nx.Graph(name="organisation-initiative")
    links: dict[tuple[str, str], list[str]] = defaultdict(list)
    for impl in implementations_of(bipartite):
        data = bipartite.nodes[impl]
        for org in bipartite[impl]:
            links[(org, data["initiative"])].append(impl)
    for org in sorted(analysis.organisations):
        graph.add_node(org, **analysis.organisations.nodes[org])
    for impl in implementations_of(bipartite):
        data = bipartite.nodes[impl]
        if data["initiative"] not in graph:
            graph.add_node(
                data["initiative"],
                type="initiative",
                label=data["initiative_label"],
                theme=data["theme"],
                theme_label=data["theme_label"],
            )
    for (org, initiative), impls in sorted(links.items()):
        graph.add_edge(
            org,
            initiative,
            weight=len(impls),
            implementations=tuple(sorted(impls)),
            initiatives=(initiative,),
            themes=(graph.nodes[initiative]["theme"],),
        )
    return graph


def resolve(
    graph: Graph | None,
    name: str,
    what: str,
    candidates: set[str],
    orgs: nx.Graph | None,
    labels: dict[str, str] | None = None,
) -> str:
    """The one IRI among ``candidates`` that ``name`` names (by the one resolver on ``graph``, of the kind
    ``what``; without a graph, by label)."""
    if labels is None:
        labels = {n: orgs.nodes[n].get("label", n) for n in candidates} if orgs is not None else {}
    found: list[str] = []
    if graph is not None:
        from ..names.matches import AmbiguousName
        from ..names.resolve import resolver_for

        kinds = {"organisation": ("organisation", "body")}.get(what, (what,))
        try:
            found = [str(resolver_for(graph).resolve(name, kinds, what).node)]
        except (UnknownName, AmbiguousName) as exc:
            raise CollabGraphError(f"--{_option(what)} {name!r}: {exc}") from None
    else:
        found = [iri for iri, label in labels.items() if normalise(label) == normalise(name) or normalise(iri) == normalise(name)]
    hits = sorted(iri for iri in found if iri in candidates)
    if not hits:
        named = ", ".join(sorted(labels.get(i) or _label(graph, i) for i in found)) or name
        reason = "is not a partner in any implementation" if what == "organisation" else f"is not an {what} with implementations"
        if what == "theme":
            reason = "is not a theme with implementations"
        raise CollabGraphError(f"--{_option(what)} {name!r}: {named} {reason}, so there is nothing to map")
    if len(hits) > 1:
        raise CollabGraphError(
            f"--{_option(what)} {name!r} is ambiguous: it names {', '.join(labels.get(h, h) for h in hits)}; use a full name"
        )
    return hits[0]


def _option(what: str) -> str:
    return {"organisation": "focus"}.get(what, what)


def _labels(bipartite: nx.Graph, impls: list[str], key: str) -> dict[str, str]:
    return {bipartite.nodes[i][key]: bipartite.nodes[i][f"{key}_label"] for i in impls}


def _label(graph: Graph | None, iri: str) -> str:
    if graph is None:
        return iri
    from rdflib import URIRef

    from ..common.labels import label

    return label(graph, URIRef(iri))
