"""The collaboration networks, built from an :class:`~collab_graph.analysis.extract.Extract` (pure functions).

Node ids are IRIs (strings); node and edge attributes are strings, numbers or sorted tuples of
IRIs, so the networks export to GraphML/GEXF once tuples are joined (see :mod:`collab_graph.analysis.export`).
Nodes and edges are added in sorted order, so every result built from them is deterministic.

>>> from collab_graph.analysis.extract import Extract, Partner, Partnership
>>> def p(impl, org):
...     return Partnership(impl, org, impl, "init", "Co-responding", "t", "Theme", "kent", "Kent", "live")
>>> orgs = {o: Partner(o, o.title(), "", s, s, "kent", "Kent") for o, s in [("pol", "police"), ("fire", "fire"), ("amb", "ambulance")]}
>>> extract = Extract([p("i1", "pol"), p("i1", "fire"), p("i2", "pol"), p("i2", "fire"), p("i2", "amb")], orgs)
>>> g = collaboration_network(bipartite_network(extract))
>>> sorted((u, v, d["weight"]) for u, v, d in g.edges(data=True))
[('amb', 'fire', 1), ('amb', 'pol', 1), ('fire', 'pol', 2)]
>>> sectors = roll_up(g, "sector")
>>> sectors.nodes["fire"]["organisations"], sectors["fire"]["police"]["weight"]
(1, 2)
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from .extract import Extract

ORGANISATION = "organisation"
IMPLEMENTATION = "implementation"


def bipartite_network(extract: Extract) -> nx.Graph:
    """The organisation-implementation network.

    Node: an organisation (or governance body) named as a partner of at least one implementation
    (``type="organisation"``, ``bipartite=0``: label, kind, sector, sector_label, area, area_label),
    or an implementation (``type="implementation"``, ``bipartite=1``: label, initiative,
    initiative_label, theme, theme_label, area, area_label, status).
    Edge: the organisation is a partner of the implementation (the source names it as taking part).
    """
    graph = nx.Graph(name="organisation-implementation")
    for iri, partner in sorted(extract.partners.items()):
        graph.add_node(
            iri,
            type=ORGANISATION,
            bipartite=0,
            label=partner.label,
            kind=partner.kind,
            sector=partner.sector,
            sector_label=partner.sector_label,
            area=partner.area,
            area_label=partner.area_label,
        )
    for row in sorted(extract.partnerships):
        if row.implementation not in graph:
            graph.add_node(
                row.implementation,
                type=IMPLEMENTATION,
                bipartite=1,
                label=row.implementation_label,
                initiative=row.initiative,
                initiative_label=row.initiative_label,
                theme=row.theme,
                theme_label=row.theme_label,
                area=row.area,
                area_label=row.area_label,
                status=row.status,
            )
        if row.partner not in graph:  # a partner the partner query did not describe
            graph.add_node(
                row.partner, type=ORGANISATION, bipartite=0, label=row.partner, kind="", sector="", sector_label="", area="", area_label=""
            )
        graph.add_edge(row.partner, row.implementation)
    return graph


def organisations_of(bipartite: nx.Graph) -> list[str]:
    """The organisation nodes of a bipartite network, sorted."""
    return sorted(n for n, t in bipartite.nodes(data="type") if t == ORGANISATION)


def implementations_of(bipartite: nx.Graph) -> list[str]:
    """The implementation nodes of a bipartite network, sorted."""
    return sorted(n for n, t in bipartite.nodes(data="type") if t == IMPLEMENTATION)


def collaboration_network(bipartite: nx.Graph) -> nx.Graph:
    """The organisation-organisation collaboration network (the bipartite network's projection).

    Node: an organisation or body that is a partner in at least one implementation (attributes as in
    the bipartite network). Edge: the two are partners in at least one same implementation;
    ``weight`` = how many implementations they share; ``implementations``, ``initiatives`` and
    ``themes`` = the shared ones (sorted tuples of IRIs).
    """
    graph = nx.Graph(name="organisation-collaboration")
    for node in organisations_of(bipartite):
        graph.add_node(node, **{k: v for k, v in bipartite.nodes[node].items() if k not in {"type", "bipartite"}})
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for impl in implementations_of(bipartite):
        for u, v in combinations(sorted(bipartite[impl]), 2):
            shared[(u, v)].append(impl)
    for (u, v), impls in sorted(shared.items()):
        graph.add_edge(
            u,
            v,
            weight=len(impls),
            implementations=tuple(impls),
            initiatives=tuple(sorted({bipartite.nodes[i]["initiative"] for i in impls})),
            themes=tuple(sorted({bipartite.nodes[i]["theme"] for i in impls})),
        )
    return graph


def roll_up_groups(collaboration: nx.Graph, key: str) -> tuple[nx.Graph, dict[str, int], dict[str, str]]:
    """The empty roll-up graph by ``key`` ("area" or "sector"; ValueError otherwise), each group's
    organisation count and its label (the first member's ``<key>_label``, else the group itself)."""
    if key not in {"area", "sector"}:
        raise ValueError(f"cannot roll up by {key!r} (choose area or sector)")
    label_key = f"{key}_label"
    members: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for _node, data in collaboration.nodes(data=True):
        group = data.get(key, "")
        if group:
            members[group] += 1
            labels.setdefault(group, data.get(label_key) or group)
    return nx.Graph(name=f"{key}-collaboration"), members, labels


def roll_up(collaboration: nx.Graph, key: str) -> nx.Graph:
    """The collaboration network rolled up to groups of organisations: ``key="area"`` or ``"sector"``.

    Node: an area IRI (the organisation's own area) or a sector notation held by at least one
    organisation (organisations with no value, e.g. national bodies without an area, are left
    out): ``label``, ``organisations`` (how many), ``internal_weight`` (implementations shared by
    pairs of organisations within the group, counted per pair). Edge: organisations of the two
    groups work together; ``weight`` = the sum of their pairs' shared implementations, ``pairs``
    = how many organisation pairs, ``initiatives`` = the initiatives involved (sorted IRIs).
    """
    graph, members, labels = roll_up_groups(collaboration, key)
    for group in sorted(members):
        graph.add_node(group, label=labels[group], organisations=members[group], internal_weight=0)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    initiatives: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in sorted(collaboration.edges(data=True), key=lambda e: (e[0], e[1])):
        a, b = collaboration.nodes[u].get(key, ""), collaboration.nodes[v].get(key, "")
        if not a or not b:
            continue
        if a == b:
            graph.nodes[a]["internal_weight"] += data["weight"]
            continue
        pair = (min(a, b), max(a, b))
        weights[pair] += data["weight"]
        pairs[pair] += 1
        initiatives[pair].update(data["initiatives"])
    for a, b in sorted(weights):
        graph.add_edge(a, b, weight=weights[(a, b)], pairs=pairs[(a, b)], initiatives=tuple(sorted(initiatives[(a, b)])))
    return graph
