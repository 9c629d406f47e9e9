"""The analysis networks as GraphML and GEXF 1.2, written in one pass: the documents networkx writes, ten times faster.

networkx's writers build each document as an element tree and serialise it in Python: 17 s for
the four networks of a 10,000-organisation analysis, most of the analysis' time. These write the
same documents as text in one pass over the network, escaping names and values with the standard
library's ``xml.sax.saxutils.escape``. networkx stays the reference: ``tests/analysis`` reads
each file back with ``nx.read_graphml`` / ``nx.read_gexf`` and checks it gives the same graph as
networkx's own writers, on the real graph and on hostile labels. Layout, as networkx writes it:

- **values**: a tuple, list or set becomes its items joined by spaces; floats are rounded to
  :data:`DIGITS` places; text loses the characters XML cannot hold (each becomes U+FFFD);
- **attribute types**: one declaration per attribute name and class (graph, node, edge), in the
  order first met, typed ``boolean``, ``long``, ``double`` or ``string`` (``double`` when a name
  has both whole and decimal values, ``string`` when any value is text);
- **GraphML**: keys ``d0``, ``d1`` ...; a node's and an edge's data in name order;
- **GEXF**: a node's ``label`` attribute as its label (else its id); an edge's ``weight`` as the
  edge's weight; edges numbered from 0 in the network's order; no date, so the same network
  gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import chain
from xml.sax.saxutils import escape

import networkx as nx

DIGITS = 6
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Characters XML 1.0 cannot hold at all (C0 controls but tab, line feed and carriage return; lone surrogates; U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def xml_safe(text: str) -> str:
    """``text`` with each character XML cannot hold replaced by U+FFFD (so a hostile label never breaks the file).

    >>> xml_safe("Kent\\x01Police")
    'Kent\\ufffdPolice'
    """
    return _NOT_XML.sub("\ufffd", text)


def plain(value: object) -> object:
    """A value as the files hold it: str, int, float (rounded to :data:`DIGITS` places) or bool."""
    if isinstance(value, tuple | list | set | frozenset):
        value = " ".join(str(v) for v in value)
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, bool | int):
        return value
    return xml_safe(str(value))


def _type(values: set[type]) -> str:
    if str in values:
        return "string"
    if float in values:
        return "double"
    if values == {bool}:
        return "boolean"
    return "long"


_SEQUENCES = (tuple, list, set, frozenset)
#: What needs escaping (or replacing) in a value: most values need neither, and are written as they are.
_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _kind(value: object) -> type:
    """The type of :func:`plain` of ``value``, without making it."""
    kind = type(value)
    if kind is str or kind in _SEQUENCES:
        return str
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    return float if isinstance(value, float) else str


def _out(value: object) -> str:
    """:func:`plain` of ``value`` as escaped XML text, fit for an attribute value or element content."""
    kind = type(value)
    if kind is str:
        return escape(xml_safe(value), _ATTRIBUTE) if _SPECIAL.search(value) else value  # type: ignore[arg-type]
    if kind is float:
        return repr(round(value, DIGITS))  # type: ignore[call-overload]
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind in _SEQUENCES:
        try:
            text = " ".join(value)  # type: ignore[arg-type]
        except TypeError:  # not all text
            text = " ".join(str(v) for v in value)  # type: ignore[attr-defined]
    else:
        text = _text(plain(value))
    return escape(xml_safe(text), _ATTRIBUTE) if _SPECIAL.search(text) else text


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind_of_type(kind: type) -> type:
    """:func:`_kind` for every value of Python type ``kind``."""
    if kind is str or kind in _SEQUENCES:
        return str
    if issubclass(kind, bool):
        return bool
    if issubclass(kind, int):
        return int
    return float if issubclass(kind, float) else str


class _Keys:
    """The attribute declarations of one network: (class, name) -> id and type, in the order first met.

    Names and the types of their values are gathered by C-level iteration (``dict.fromkeys``,
    ``set(zip(...))``) rather than one Python step per value: the networks of 100,000
    organisations hold millions of values.
    """

    def __init__(self, scopes: Iterable[tuple[str, Iterable[dict]]], skip: dict[str, set[str]]):
        self.types: dict[tuple[str, str], set[type]] = {}
        for scope, items in scopes:
            dicts = list(items)
            left_out = skip.get(scope, set())
            names = [n for n in dict.fromkeys(chain.from_iterable(dicts)) if n not in left_out]
            kinds = set(zip(chain.from_iterable(dicts), map(type, chain.from_iterable(map(dict.values, dicts))), strict=True))
            for name in names:
                self.types.setdefault((scope, str(name)), set())
            for name, kind in kinds:
                if name not in left_out:
                    self.types[(scope, str(name))].add(_kind_of_type(kind))
        self.ids = {key: str(n) for n, key in enumerate(self.types)}

    def declared(self, scope: str) -> list[tuple[str, str, str]]:
        """(id, name, type) of each attribute of ``scope``."""
        return [(self.ids[k], k[1], _type(t)) for k, t in self.types.items() if k[0] == scope]


class _Layout:
    """How one set of attribute names (in a dict's order) is written: names in writing order (by name), each
    with its GraphML line start and its GEXF line start (None when GEXF leaves it out), and where the
    value GEXF puts in the element itself (``label`` of a node, ``weight`` of an edge) sits.

    Nodes of one network mostly share one set of names, so each set is sorted and formatted once.
    """

    def __init__(self, values: dict, graphml: Callable[[str], str], gexf: Callable[[str], str | None], own: str):
        self.names = sorted(values, key=str)
        self.graphml = [graphml(str(n)) for n in self.names]
        self.gexf = [gexf(str(n)) for n in self.names]
        self.own = self.names.index(own) if own in values else None


def graphml_bytes(graph: nx.Graph) -> bytes:
    """``graph`` as GraphML, UTF-8 (for Cytoscape, yEd, Gephi)."""
    return network_documents(graph, gexf=False)[0]


def gexf_bytes(graph: nx.Graph, creator: str = "collab-graph") -> bytes:
    """``graph`` as GEXF 1.2, UTF-8 (for Gephi)."""
    return network_documents(graph, graphml=False, creator=creator)[1]


def network_documents(graph: nx.Graph, *, graphml: bool = True, gexf: bool = True, creator: str = "collab-graph") -> tuple[bytes, bytes]:
    """``graph`` as GraphML and as GEXF 1.2 (UTF-8), in one pass: each value is formatted once for both.

    Returns (GraphML, GEXF); a document not asked for (``graphml=False`` or ``gexf=False``) is ``b""``.
    """
    graph_data = {k: v for k, v in graph.graph.items() if k not in ("node_default", "edge_default")}
    nodes, edges = [d for _, d in graph.nodes(data=True)], [d for *_, d in graph.edges(data=True)]
    g_keys = _Keys([("graph", [graph_data]), ("node", nodes), ("edge", edges)], {}) if graphml else None
    x_keys = _Keys([("node", nodes), ("edge", edges)], {"node": {"label", "id"}, "edge": {"weight", "id", "label"}}) if gexf else None
    g_lines = _graphml_head(graph, graph_data, g_keys) if g_keys else []
    x_lines = _gexf_head(graph, x_keys, creator) if x_keys else []

    def layouts(scope: str, indent: str, own: str) -> Callable[[dict], _Layout]:
        g_ids = {name: ident for (kind, name), ident in g_keys.ids.items() if kind == scope} if g_keys else {}
        x_ids = {name: ident for (kind, name), ident in x_keys.ids.items() if kind == scope} if x_keys else {}
        known: dict[tuple, _Layout] = {}

        def graphml_start(name: str) -> str:
            return f'{indent}<data key="d{g_ids.get(name)}">'

        def gexf_start(name: str) -> str | None:
            return f'          <attvalue for="{x_ids[name]}" value="' if name in x_ids else None

        def layout(values: dict) -> _Layout:
            names = tuple(values)
            found = known.get(names)
            if found is None:
                found = known[names] = _Layout(values, graphml_start, gexf_start, own)
            return found

        return layout

    node_layout, edge_layout = layouts("node", "      ", "label"), layouts("edge", "      ", "weight")
    node_ids = list(graph)
    quoted_of = {node: f'"{text}"' for node, text in zip(node_ids, _column(node_ids), strict=True)}
    x_lines += ["    <nodes>"] if gexf else []
    for node, (layout, texts) in zip(node_ids, _texts(nodes, node_layout), strict=True):
        quoted = quoted_of[node]
        if graphml:
            _graphml_element(g_lines, f"    <node id={quoted}", "    </node>", layout, texts)
        if gexf:
            label = quoted if layout.own is None else f'"{texts[layout.own]}"'
            _gexf_element(x_lines, f"      <node id={quoted} label={label}", "      </node>", layout, texts)
    x_lines += ["    </nodes>", "    <edges>"] if gexf else []
    for number, ((u, v), (layout, texts)) in enumerate(zip(graph.edges(), _texts(edges, edge_layout), strict=True)):
        ends = f"source={quoted_of[u]} target={quoted_of[v]}"
        if graphml:
            _graphml_element(g_lines, f"    <edge {ends}", "    </edge>", layout, texts)
        if gexf:
            weight = "" if layout.own is None else f' weight="{texts[layout.own]}"'
            _gexf_element(x_lines, f'      <edge {ends} id="{number}"{weight}', "      </edge>", layout, texts)
    g_lines += ["  </graph>", "</graphml>", ""] if graphml else []
    x_lines += ["    </edges>", "  </graph>", "</gexf>", ""] if gexf else []
    return "\n".join(g_lines).encode("utf-8") if graphml else b"", "\n".join(x_lines).encode("utf-8") if gexf else b""


def _texts(items: list[dict], layout_of: Callable[[dict], _Layout]) -> list[tuple[_Layout, tuple[str, ...]]]:
    """Each item's layout and its values as text (in the layout's order), formatted a column at a time."""
    layouts = [layout_of(values) for values in items]
    groups: dict[int, list[int]] = {}
    for i, layout in enumerate(layouts):
        groups.setdefault(id(layout), []).append(i)
    texts: list[tuple[str, ...]] = [()] * len(items)
    for members in groups.values():
        columns = [_column([items[i][name] for i in members]) for name in layouts[members[0]].names]
        if not columns:  # no attributes: () each
            continue
        for i, row in zip(members, zip(*columns, strict=True), strict=True):
            texts[i] = row
    return list(zip(layouts, texts, strict=True))


def _column(values: list) -> list[str]:
    """:func:`_out` of each value; a column of one type at C speed where it can be (most columns are)."""
    kinds = set(map(type, values))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is str:
        return values if not _SPECIAL.search("".join(values)) else [_out(v) for v in values]
    if kind is int:
        return list(map(str, values))
    if kind is float:
        return [repr(round(v, DIGITS)) for v in values]
    if kind is tuple:
        try:
            joined = list(map(" ".join, values))
        except TypeError:  # items not all text
            return [_out(v) for v in values]
        return joined if not _SPECIAL.search("".join(joined)) else [_out(v) for v in values]
    return [_out(v) for v in values]


def _graphml_head(graph: nx.Graph, graph_data: dict, keys: _Keys) -> list[str]:
    """GraphML up to the first node: declaration, keys, the graph element and its data."""
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for scope in ("graph", "node", "edge"):
        for ident, name, kind in keys.declared(scope):
            lines.append(f'  <key id="d{ident}" for="{scope}" attr.name={_quoted(name)} attr.type="{kind}" />')
    lines.append(f'  <graph edgedefault="{"directed" if graph.is_directed() else "undirected"}">')
    for name in sorted(graph_data, key=str):
        lines.append(f'    <data key="d{keys.ids[("graph", str(name))]}">{_out(graph_data[name])}</data>')
    return lines


def _gexf_head(graph: nx.Graph, keys: _Keys, creator: str) -> list[str]:
    """GEXF up to the nodes: declaration, meta, the graph element and the attribute declarations."""
    mode = "directed" if graph.is_directed() else "undirected"
    name = graph.graph.get("name")
    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<gexf xmlns="{GEXF_NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
        f"  <meta>\n    <creator>{escape(creator)}</creator>\n  </meta>",
        f'  <graph defaultedgetype="{mode}" mode="static"' + (f" name={_quoted(name)}>" if name else ">"),
    ]
    for scope in ("node", "edge"):
        declared = keys.declared(scope)
        if declared:
            lines.append(f'    <attributes mode="static" class="{scope}">')
            for ident, title, kind in declared:
                lines.append(f'      <attribute id="{ident}" title={_quoted(title)} type="{kind}" />')
            lines.append("    </attributes>")
    return lines


def _graphml_element(lines: list[str], head: str, end: str, layout: _Layout, texts: list[str]) -> None:
    """One GraphML node or edge: its head, then its data elements (if any) and ``end``, or the head closed."""
    if texts:
        lines.append(head + ">")
        lines += [f"{start}{text}</data>" for start, text in zip(layout.graphml, texts, strict=True)]
        lines.append(end)
    else:
        lines.append(head + " />")


def _gexf_element(lines: list[str], head: str, end: str, layout: _Layout, texts: list[str]) -> None:
    """One GEXF node or edge: its head, then its attvalues (if any) and ``end``, or the head closed."""
    present = [f'{start}{text}" />' for start, text in zip(layout.gexf, texts, strict=True) if start is not None]
    if present:
        lines.append(head + ">")
        lines.append("        <attvalues>")
        lines += present
        lines += ["        </attvalues>", end]
    else:
        lines.append(head + " />")


def _quoted(value: object) -> str:
    return f'"{_out(value)}"'
