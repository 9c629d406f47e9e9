"""What every store shares: the result table, the store interface and the store configuration.

Imports no RDF library at start-up, so commands that never query (``--help``, ``queries``)
stay light; the embedded engines are in :mod:`collab_graph.store.embedded`, the remote one in
:mod:`collab_graph.store.remote`.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib.term import Node

from ..common.errors import CollabGraphError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
STORES = ("oxigraph", "rdflib")
DEFAULT_STORE = "oxigraph"
DEFAULT_GRAPH_IRI = "https://w3id.org/collab-graph/id/graph/release"


Cell = tuple[str, str, "str | None", "str | None"]
"""A term as plain values: (kind, text, language, datatype); kind is "iri", "bnode" or "literal".

Language and datatype are None for IRIs and blank nodes; a literal has at most one of them (a
plain string has neither: ``xsd:string`` is left implicit, as rdflib leaves it).
"""


class Table:
    """A SELECT result: column names and rows of terms (None where unbound).

    ``rows`` holds rdflib terms; ``cells()`` the same terms as :data:`Cell` tuples. A table made
    from cells (:meth:`of_cells`: Oxigraph's answers, a table sent from the query process) makes
    rdflib terms only when ``rows`` is first read, so a command that only prints the answer never
    imports rdflib (a tenth of a second).
    """

    def __init__(self, columns: list[str], rows: list[tuple[Node | None, ...]] | None = None):
        self.columns = columns
        self._rows: list[tuple[Node | None, ...]] | None = [] if rows is None else rows
        self._cells: list[tuple[Cell | None, ...]] | None = None

    @classmethod
    def of_cells(cls, columns: list[str], cells: list[tuple[Cell | None, ...]]) -> Table:
        """A table of rows given as :data:`Cell` tuples."""
        table = cls(columns)
        table._rows, table._cells = None, cells
        return table

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """The rows as rdflib terms (None where unbound)."""
        if self._rows is None:
            self._rows = [tuple(_term(c) for c in row) for row in self._cells or []]
        return self._rows

    def cells(self) -> list[tuple[Cell | None, ...]]:
        """The rows as :data:`Cell` tuples (None where unbound)."""
        if self._cells is None:
            self._cells = [tuple(plain_term(t) for t in row) for row in self._rows or []]
        return self._cells

    def __len__(self) -> int:
        return len(self._cells if self._rows is None else self._rows)  # type: ignore[arg-type]

    def head(self, count: int) -> Table:
        """The first ``count`` rows, as a new table."""
        if self._rows is None:
            return Table.of_cells(self.columns, self.cells()[:count])
        return Table(self.columns, self._rows[:count])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.columns == other.columns and self.cells() == other.cells()

    def __repr__(self) -> str:
        return f"Table(columns={self.columns!r}, rows={len(self)})"

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of plain Python values (str, int, Decimal, date ...)."""
        return [{c: (v.toPython() if v is not None else None) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def texts(self) -> list[dict[str, str]]:
        """Rows as dicts of strings: each term's lexical form or IRI, ``""`` where unbound."""
        return [{c: ("" if v is None else v[1]) for c, v in zip(self.columns, row, strict=True)} for row in self.cells()]

    def __getstate__(self) -> dict[str, object]:
        """Terms as :data:`Cell` tuples: a literal crosses from the query process as written.

        (rdflib rebuilds a pickled literal from its value, so ``"9E+99999999"^^xsd:decimal`` would
        come back as a hundred million digits.)
        """
        return {"columns": self.columns, "cells": self.cells()}

    def __setstate__(self, state: dict) -> None:
        self.columns, self._rows, self._cells = state["columns"], None, state["cells"]


def plain_term(term: Node | None) -> Cell | None:
    """An rdflib term as a :data:`Cell` (None stays None)."""
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return ("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
    return ("bnode" if isinstance(term, BNode) else "iri", str(term), None, None)


def _term(plain: Cell | None) -> Node | None:
    from rdflib import BNode, Literal, URIRef

    if plain is None:
        return None
    quiet_rdflib_literals()
    kind, text, language, datatype = plain
    if kind == "literal":
        return Literal(text, lang=language, datatype=URIRef(datatype) if datatype else None, normalize=False)
    return BNode(text) if kind == "bnode" else URIRef(text)


class _QuietLiterals(logging.Filter):
    """Drops rdflib's traceback for a literal it cannot convert: collab-graph shows the literal as written
    (and :func:`collab_graph.sparql.frame.to_frame` warns of it in one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


def quiet_rdflib_literals() -> None:
    """Stop rdflib logging a traceback for every ill-typed literal it builds (idempotent)."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, _QuietLiterals) for f in logger.filters):
        logger.addFilter(_QuietLiterals())


Result = "Table | bool | Graph"  # a SELECT table, an ASK answer, or a CONSTRUCT/DESCRIBE graph


class EndpointError(CollabGraphError):
    """A SPARQL endpoint could not be reached or refused a request (raised by :mod:`collab_graph.store.remote`)."""


class Store(ABC):
    """A loaded graph that answers SPARQL 1.1 queries."""

    name: str

    @abstractmethod
    def query(self, sparql: str, limit: int | None = None) -> Result:
        """Run a read-only query: a Table for SELECT, a bool for ASK, a Graph for CONSTRUCT/DESCRIBE.

        ``limit`` keeps at most that many SELECT rows, and stops the engine producing more.
        """


@dataclass(frozen=True)
class StoreConfig:
    """Which store to use: an embedded kind (with an optional on-disk path) or a remote endpoint.

    >>> StoreConfig().label, StoreConfig("rdflib").label, StoreConfig(endpoint="http://127.0.0.1:8890/sparql").label
    ('oxigraph', 'rdflib', 'endpoint http://127.0.0.1:8890/sparql')
    """

    kind: str = DEFAULT_STORE
    path: str | None = None
    endpoint: str | None = None
    graph_iri: str = DEFAULT_GRAPH_IRI
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """How messages name the store."""
        return f"endpoint {self.endpoint}" if self.endpoint else self.kind

    @property
    def remote(self) -> bool:
        """True for a remote SPARQL endpoint."""
        return self.endpoint is not None


def as_config(spec: str | StoreConfig) -> StoreConfig:
    """A StoreConfig from a store name or a config."""
    if isinstance(spec, StoreConfig):
        return spec
    if spec not in STORES:
        raise ValueError(f"unknown store {spec!r} (choose from {', '.join(STORES)})")
    return StoreConfig(spec)
