"""Briefing reports: one printable page per area, organisation, initiative or theme.

The API for the command line and notebooks::

    from collab_graph import report
    page = report(area="Merseyside")          # displays inline in JupyterLab
    page.write("build/reports/merseyside.html")
    page.write_pdf("merseyside.pdf")          # WeasyPrint, else headless Chromium

:class:`Reporter` reads the graph once (:func:`collab_graph.report.gather.gather`, plus the partnership
analysis on first need) and makes any number of reports from it, as ``collab-graph all`` does.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from ..common.errors import CollabGraphError
from ..store import DEFAULT_STORE, StoreConfig
from . import compare
from .content import KINDS, Briefing, caveats_of, headline, leaders_of, resolve_subject, select_rows
from .gather import Dataset, gather
from .render import render
from .svg import network_svg

if TYPE_CHECKING:
    from rdflib import Graph

    from ..analysis.pipeline import Analysis


class Report:
    """One rendered report: ``html`` (the whole page), ``briefing`` (its contents); shows inline in a notebook."""

    def __init__(self, briefing: Briefing, html: str):
        self.briefing = briefing
        self.html = html

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe (no script may run in it), as JupyterLab shows it."""
        return (
            f'<iframe srcdoc="{escape(self.html, quote=True)}" sandbox="" title="{escape(self.briefing.title, quote=True)}" '
            'style="width: 100%; height: 900px; border: 1px solid #ddd"></iframe>'
        )

    def write(self, path: str | Path) -> Path:
        """Write the HTML page to ``path`` (atomically); returns the path."""
        from ..common.atomic import write_file

        write_file(Path(path), self.html)
        return Path(path)

    def write_pdf(self, path: str | Path, engine: str = "auto") -> str:
        """Print the page to a PDF at ``path``; returns the engine used (see :func:`collab_graph.report.pdf.write_pdf`)."""
        from .pdf import write_pdf

        return write_pdf(self.html, Path(path), engine)


class Reporter:
    """Reports from one compiled graph, read once through ``store``."""

    def __init__(self, graph: Graph, store: str | StoreConfig = DEFAULT_STORE):
        self.graph, self.store = graph, store
        self.data: Dataset = gather(graph, store)
        self._analysis: Analysis | None = None

    @property
    def analysis(self) -> Analysis:
        """The partnership analysis (computed on first use: only organisation reports need it)."""
        if self._analysis is None:
            from ..analysis.pipeline import analyse

            self._analysis = analyse(self.graph, store=self.store)
        return self._analysis

    def report(self, kind: str, name: str | None = None, *, iri: str | None = None) -> Report:
        """The report on the ``kind`` (area, org, initiative, theme) that ``name`` (or ``iri``) names.

        Raises CollabGraphError for a name that names nothing (or several things) and an ``iri`` the graph lacks."""
        if iri is None:
            iri = resolve_subject(self.graph, kind, name or "")
        else:
            from rdflib import URIRef

            if not any(self.graph.predicate_objects(URIRef(iri))):
                raise CollabGraphError(f"report --{kind}: {iri!r} is not in the graph")
        b = self.briefing(kind, iri)
        return Report(b, render(b, self.picture(b)))

    def briefing(self, kind: str, iri: str) -> Briefing:
        """The contents of the report on ``iri``."""
        from rdflib import URIRef

        from ..common.labels import label as label_of

        data = self.data
        label = label_of(self.graph, URIRef(iri))
        rows = select_rows(data, kind, iri)
        sentence, highlights = headline(data, kind, label, rows, iri)
        leaders, note = leaders_of(data, kind, iri, rows)
        if kind == "area":
            comparison = compare.compare_area(data, iri, rows)
        elif kind == "org":
            comparison = compare.compare_org(data, self.analysis, iri)
        else:
            comparison = compare.compare_group(data, kind, iri, rows)
        return Briefing(
            kind=kind,
            iri=iri,
            label=label,
            headline=sentence,
            highlights=highlights,
            leaders=leaders,
            leaders_note=note,
            rows=rows,
            comparison=comparison,
            caveats=caveats_of(data, kind, iri, rows, leaders),
            source=data.facts.title,
            subject_nodes=(iri,) if kind == "org" else (),
            labels={p: data.partners[p].label for r in rows for p in r.implementation.partners},
        )

    def picture(self, b: Briefing) -> str:
        """The network SVG of a briefing: its partners, linked by the collaborations they share in it."""
        counts = Counter(p for r in b.rows for p in r.implementation.partners)
        nodes = {
            p: (self.data.partners[p].label, self.data.partners[p].sector, self.data.partners[p].sector_label, n) for p, n in counts.items()
        }
        edges: Counter[tuple[str, str]] = Counter()
        for r in b.rows:
            edges.update(combinations(sorted(set(r.implementation.partners)), 2))
        return network_svg(nodes, dict(edges), b.subject_nodes, title=f"Who works with whom: {b.label}")

    def areas_with_collaborations(self) -> list[str]:
        """Every area with at least one collaboration located in it (or within it, or in a joint area covering it), by label."""
        found = {area for impl in self.data.implementations.values() if impl.area for area in self.data.reach(impl.area)}
        return sorted(found, key=lambda a: (self.data.area_labels.get(a, a).casefold(), a))


def report(
    graph: Graph | None = None,
    *,
    area: str | None = None,
    org: str | None = None,
    initiative: str | None = None,
    theme: str | None = None,
    root: str | Path | None = None,
    store: str | StoreConfig = DEFAULT_STORE,
) -> Report:
    """A briefing report on one area, organisation, initiative or theme (exactly one), e.g. ``report(area="Merseyside")``.

    ``graph`` is the compiled collab-graph graph (compiled from ``root``, or this checkout, when not given).
    Names resolve like ``collab-graph show``. Raises CollabGraphError for an unknown or ambiguous name or
    when not exactly one subject is given.
    """
    kind, name = one_subject(area=area, org=org, initiative=initiative, theme=theme)
    if graph is None:
        from ..common.paths import Project
        from ..compiler import compile_project

        graph = compile_project(Project.locate(root)).graph
    return Reporter(graph, store).report(kind, name)


def one_subject(**given: str | None) -> tuple[str, str]:
    """The one subject option given, as (kind, name); CollabGraphError when none or several.

    >>> one_subject(area=None, org="NWAS", initiative=None, theme=None)
    ('org', 'NWAS')
    """
    chosen = [(k, v) for k, v in given.items() if v is not None and k in KINDS]
    if len(chosen) != 1:
        named = ", ".join(f"--{k}" for k, _ in chosen) or "none"
        raise CollabGraphError(f"give exactly one of --area, --org, --initiative or --theme (given: {named})")
    return chosen[0][0], chosen[0][1] or ""
