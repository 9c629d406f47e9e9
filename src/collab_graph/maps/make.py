"""Interactive network maps: one self-contained HTML file per map, usable offline.

The API for the command line and notebooks::

    from collab_graph.maps import make_map, display_map
    html = make_map(compiled.graph, focus="Kent Police", depth=2, colour="cluster")
    display_map(compiled.graph, view="bipartite")        # inline in JupyterLab

Views, options and the offline and escaping guarantees are described in docs/maps.md.
"""

from __future__ import annotations

from html import escape
from typing import Any

from rdflib import Graph

from ..analysis.pipeline import Analysis, analyse
from ..common.errors import CollabGraphError
from ..store import DEFAULT_STORE, StoreConfig
from .facts import MapFacts, map_facts
from .html import render
from .model import map_payload
from .options import COLOURS, LAYOUTS, SIZES
from .views import build_view

SOURCE_FILE = "esc-national-overview-2016.txt"


def make_map(graph: Graph, *, store: str | StoreConfig = DEFAULT_STORE, **options: Any) -> str:
    """The complete HTML document of one map of ``graph`` (the compiled collab-graph graph), read through ``store``.

    ``options`` are those of :func:`map_from_analysis`: ``view``, ``focus``, ``depth``, ``initiative``,
    ``theme``, ``area``, ``colour``, ``size`` and ``layout``.
    """
    check_options(options.get("colour", "sector"), options.get("size", "partners"), options.get("layout", "spring"))
    return map_from_analysis(analyse(graph, store=store), map_facts(graph, store), graph=graph, **options)


def map_from_analysis(
    analysis: Analysis,
    facts: MapFacts,
    *,
    graph: Graph | None = None,
    view: str = "network",
    focus: str | None = None,
    depth: int = 1,
    initiative: str | None = None,
    theme: str | None = None,
    area: str | None = None,
    colour: str = "sector",
    size: str = "partners",
    layout: str = "spring",
) -> str:
    """A map from an analysis already made (e.g. of a synthetic network; names then resolve by label)."""
    check_options(colour, size, layout)
    chosen = build_view(analysis, view, graph=graph, focus=focus, depth=depth, initiative=initiative, theme=theme, area=area)
    if chosen.graph.number_of_nodes() == 0:
        raise CollabGraphError("no organisation takes part in an implementation: nothing to map")
    payload = map_payload(analysis, facts, chosen, colour=colour, size=size, layout=layout)
    colour_text = "sector" if colour == "sector" else "partnership cluster (Louvain)"
    caption = (
        f"{chosen.description}. Colour: {colour_text}; size: {size.replace('_', ' ')}; line width: shared implementations. "
        f"Source: {facts.title}, {SOURCE_FILE}; every fact shows the source lines it comes from. Made with collab-graph."
    )
    return render(payload, title=f"Emergency services collaboration – {chosen.title}", caption=caption)


def display_map(graph: Graph, *, height: int = 720, **options: Any) -> Any:
    """The map inline in JupyterLab: an IPython HTML object holding a sandboxed iframe whose ``srcdoc`` is the page."""
    from IPython.display import HTML

    return HTML(iframe(make_map(graph, **options), height))


def iframe(document: str, height: int = 720) -> str:
    """An ``<iframe srcdoc=...>`` showing ``document`` (attribute-escaped once; scripts allowed, nothing else).

    >>> iframe('<p title="a&b">x</p>', 100)
    '<div class="collab-graph-map"><iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;" sandbox="allow-scripts" style="width: 100%; height: 100px; border: 0"></iframe></div>'
    """
    return (
        f'<div class="collab-graph-map"><iframe srcdoc="{escape(document, quote=True)}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {height}px; border: 0"></iframe></div>'
    )


def check_options(colour: str, size: str, layout: str) -> None:
    """Refuse an unknown colour, size or layout, naming the choices."""
    for option, value, choices in (("colour", colour, COLOURS), ("size", size, SIZES), ("layout", layout, LAYOUTS)):
        if value not in choices:
            raise CollabGraphError(f"--{option} {value!r}: unknown (choose from {', '.join(choices)})")
