"""The name index as JSON data: what ``build/.cache/names.json`` holds, so a command resolves names without the graph.

:func:`to_json` writes every table of a :class:`~collab_graph.names.resolve.Resolver` (sorted, so the
same graph gives the same bytes); :func:`from_json` reads it back into an equal resolver (a test
checks that lookups agree with one built from the graph).
"""

from __future__ import annotations

from .matches import Entry, Sense
from .resolve import Resolver


def to_json(resolver: Resolver) -> dict:
    """The index as JSON data: a dict of lists and strings."""

    def nodes(table: dict[str, set[str]]) -> dict[str, list[str]]:
        return {name: sorted(table[name]) for name in sorted(table)}

    def entries(table: dict[str, Entry]) -> dict[str, list[str]]:
        return {n: [e.label, e.kind, e.detail] for n, e in sorted(table.items())}

    return {
        "entries": entries(resolver.entries),
        "other": entries(resolver.other),
        "printed": nodes(resolver.printed),
        "derived": nodes(resolver.derived),
        "ids": nodes(resolver.ids),
        "senses": {
            k: [[s.abbreviation, s.entry.node, [list(span) for span in s.lines]] for s in v] for k, v in sorted(resolver.senses.items())
        },
        "concepts": {k: [[c, names] for c, names in v] for k, v in sorted(resolver.concepts.items())},
        "values": {k: v for k, v in sorted(resolver.values.items())},
        "terms": sorted(resolver.terms),
    }


def from_json(data: dict) -> Resolver:
    """The resolver :func:`to_json` wrote. Raises KeyError, TypeError or ValueError on anything else."""
    resolver = Resolver()
    for table, target in (("entries", resolver.entries), ("other", resolver.other)):
        for node, (label, kind, detail) in data[table].items():
            target[node] = Entry(node, label, kind, detail)
    for table, index in (("printed", resolver.printed), ("derived", resolver.derived), ("ids", resolver.ids)):
        for name, found in data[table].items():
            index[name] = set(found)
    for name, senses in data["senses"].items():
        resolver.senses[name] = [Sense(text, resolver.entries[n], tuple((a, b) for a, b in spans)) for text, n, spans in senses]
    resolver.concepts = {k: [(c, list(names)) for c, names in v] for k, v in data["concepts"].items()}
    resolver.values = {k: list(v) for k, v in data["values"].items()}
    resolver.terms = set(data["terms"])
    return resolver
