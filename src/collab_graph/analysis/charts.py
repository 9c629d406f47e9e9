"""Charts for notebooks and briefings (matplotlib): every figure has a title, axis labels and the source.

>>> import pandas as pd
>>> fig = bar_chart(pd.DataFrame({"theme": ["A", "B"], "n": [3, 1]}), "theme", "n", title="Counts", xlabel="implementations")
>>> ax = fig.axes[0]
>>> fig.get_suptitle(), ax.get_xlabel(), ax.get_ylabel()
('Counts', 'implementations', 'theme')
>>> source_of(fig).startswith("Source:")
True
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

SOURCE = "Source: Emergency Services Collaboration Working Group, National Overview (2016), via collab-graph"
PROVENANCE = "prov:wasDerivedFrom"


def finish(fig: Figure, title: str) -> Figure:
    """Give ``fig`` its title (``fig.get_suptitle()``) and the source line at the bottom left, and tighten the layout."""
    fig.suptitle(title, fontweight="bold")
    fig.text(0.01, 0.005, SOURCE, fontsize=7, color="dimgray", ha="left", va="bottom", gid="source")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def source_of(fig: Figure) -> str:
    """The source line :func:`finish` put on ``fig`` ('' if none)."""
    return next((t.get_text() for t in fig.texts if t.get_gid() == "source"), "")


def bar_chart(frame: pd.DataFrame, label: str, value: str, *, title: str, xlabel: str, ylabel: str | None = None) -> Figure:
    """Horizontal bars of ``frame[value]`` by ``frame[label]``, first row at the top."""
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(frame) + 1.4))
    ax.barh(frame[label].astype(str)[::-1], frame[value][::-1], color="tab:blue")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel or label)
    ax.bar_label(ax.containers[0], fontsize=8, padding=2)
    return finish(fig, title)


def stacked_bars(
    frame: pd.DataFrame, index: str, stack: str, value: str, *, title: str, xlabel: str, ylabel: str, horizontal: bool = False
) -> Figure:
    """Bars per ``index`` value (in the order they first appear), each split by ``stack`` (e.g. implementations per year, by theme)."""
    table = frame.pivot_table(index=index, columns=stack, values=value, aggfunc="sum", fill_value=0)
    table = table.reindex(pd.unique(frame[index]))  # rows in the frame's order (e.g. cluster 1 before 10)
    fig, ax = plt.subplots(figsize=(11, 5 if not horizontal else 0.4 * len(table) + 1.6))
    colours = _stack_colours(stack, list(table.columns))
    table.plot(kind="barh" if horizontal else "bar", stacked=True, ax=ax, color=colours, colormap=None if colours else "tab10", width=0.8)
    if horizontal:
        ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=stack, fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return finish(fig, title)


def panels(
    frame: pd.DataFrame,
    panel: str,
    label: str,
    value: str,
    stack: str,
    *,
    title: str,
    ylabel: str,
    xlabel_of: Callable[[str], str] = str,
) -> Figure:
    """One panel of stacked horizontal bars per ``panel`` value, so different units are never added up.

    ``xlabel_of(panel value)`` names each panel's axis (e.g. the unit).
    """
    keys = sorted(frame[panel].unique())
    labels = sorted(frame[label].unique())
    stacks = sorted(frame[stack].unique())
    colours = _stack_colours(stack, stacks) or [plt.get_cmap("tab10")(i) for i in range(len(stacks))]  # the same in every panel
    fig, axes = plt.subplots(len(keys), 1, figsize=(11, 1.2 + 0.45 * len(labels) * len(keys)), squeeze=False)
    for ax, key in zip(axes[:, 0], keys, strict=True):
        part = frame[frame[panel] == key]
        table = part.pivot_table(index=label, columns=stack, values=value, aggfunc="sum", fill_value=0)
        table = table.reindex(index=labels, columns=stacks, fill_value=0)
        table.plot(kind="barh", stacked=True, ax=ax, color=colours, width=0.8)
        ax.invert_yaxis()
        ax.set_title(f"{panel}: {key}", fontsize=10)
        ax.set_xlabel(xlabel_of(key))
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_locator(MaxNLocator(6))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
        ax.legend(title=stack, fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return finish(fig, title)


def _stack_colours(stack: str, values: list[str]) -> list[str] | None:
    """The maps' sector colours when the stacks are sectors (see analysis.palette), else None (matplotlib's tab10)."""
    if stack != "sector":
        return None
    from .palette import sector_colour

    return [sector_colour(str(v)) for v in values]


# Where each main class sits in the ontology picture (others are placed automatically).
_POSITIONS = {
    "cg:Initiative": (0.0, 3.0),
    "cg:Figure": (-4.0, 3.0),
    "cg:Implementation": (0.0, 1.2),
    "cg:GovernanceBody": (-4.0, 0.0),
    "org:Site": (4.0, 1.2),
    "org:Organization": (0.0, -1.5),
    "cg:Area": (4.0, -1.5),
    "org:Post": (0.0, -3.5),
    "foaf:Person": (4.0, -3.5),
}
VOCABULARY = "skos:Concept"


def ontology_picture(links: pd.DataFrame, *, title: str = "The collab-graph ontology: how the main classes link") -> Figure:
    """Draw ``stats.class_links(graph)``: classes as boxes, properties as labelled arrows.

    Links to vocabulary terms (themes, sectors, statuses, units ...) are written inside the class
    boxes, and provenance links (every record ``prov:wasDerivedFrom`` a source excerpt) are named
    in a note, so the picture stays readable.
    """
    vocabulary: dict[str, set[str]] = {}
    graph = nx.MultiDiGraph()
    for source, prop, target, _count in links.itertuples(index=False):
        if prop == PROVENANCE:
            continue
        if target == VOCABULARY:
            vocabulary.setdefault(source, set()).add(prop)
            continue
        graph.add_edge(source, target, label=prop)
    pos = {n: _POSITIONS[n] for n in graph if n in _POSITIONS}
    if len(pos) < len(graph):
        pos = nx.spring_layout(graph, pos=pos or None, fixed=list(pos) or None, seed=42)
    fig, ax = plt.subplots(figsize=(12, 8))
    style = "arc3,rad=0.12"
    edges = [(u, v) for u, v in graph.edges() if u != v]
    nx.draw_networkx_edges(
        graph, pos, ax=ax, edgelist=edges, arrows=True, arrowsize=14, edge_color="gray", node_size=4500, connectionstyle=style
    )
    edge_labels: dict[tuple[str, str], set[str]] = {}
    for u, v, data in graph.edges(data=True):
        if u != v:
            edge_labels.setdefault((u, v), set()).add(data["label"])
    nx.draw_networkx_edge_labels(
        graph, pos, ax=ax, font_size=7, connectionstyle=style, edge_labels={k: "\n".join(sorted(v)) for k, v in edge_labels.items()}
    )
    self_links = {u: sorted(d["label"] for a, b, d in graph.edges(data=True) if a == b == u) for u in graph}
    names = {}
    for node in graph:
        extra = [f"↺ {p}" for p in self_links[node]] + sorted(vocabulary.get(node, ()))
        names[node] = node + ("\n" + "\n".join(extra) if extra else "")
    nx.draw_networkx_labels(
        graph,
        pos,
        labels=names,
        ax=ax,
        font_size=8,
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "lightyellow", "edgecolor": "darkgoldenrod"},
    )
    sources = sorted(set(links.loc[links["property"] == PROVENANCE, "from"]))
    note = "inside a box: ↺ a link to the same class; other lines link to vocabulary terms (skos:Concept)"
    if sources:
        note += f"\nevery {', '.join(sources)} has {PROVENANCE} cg:SourceExcerpt (line numbers, printed page, section)"
    ax.text(0.0, -0.01, note, transform=ax.transAxes, fontsize=8, va="top")
    ax.set_title("boxes: classes; arrows: properties (subject → object)", fontsize=9)
    ax.set_axis_off()
    ax.margins(0.12)
    return finish(fig, title)
