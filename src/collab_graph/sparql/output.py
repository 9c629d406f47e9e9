"""Render query results: an aligned table, CSV, TSV, JSON or Markdown.

Numbers print in their plain form (``45.0`` -> ``45``); in ``table`` and ``md`` our IRIs are
shortened with the project prefixes. In CSV and TSV a text cell that a spreadsheet would run as a
formula gets a leading apostrophe (:func:`collab_graph.common.csvcell.neutralise`).

>>> from rdflib import Literal, URIRef
>>> from collab_graph.store import Table
>>> table = Table(["name", "amount"], [(Literal("=SUM(A1)"), Literal("1500000.0", datatype=URIRef(XSD + "decimal")))])
>>> print(render(table, "csv"), end="")
name,amount
'=SUM(A1),1500000
>>> print(render(table, "md"), end="")
| name | amount |
| --- | --- |
| =SUM(A1) | 1500000 |
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING

from ..common.csvcell import csv_text, neutralise
from ..common.number_text import XSD, number_value, plain
from ..common.prefixes import PREFIX_IRIS
from ..common.tables import format_table
from ..store import Table
from ..store.base import Cell, plain_term
from .options import FORMATS

if TYPE_CHECKING:
    from rdflib.term import Node

BOOLEAN = XSD + "boolean"


def render(table: Table, fmt: str = "table") -> str:
    """``table`` as text in format ``fmt`` (one of FORMATS), ending with a newline."""
    rows = table.cells()
    if fmt == "table":
        return format_table(table.columns, [[text(v, short=True) for v in row] for row in rows]) + "\n"
    if fmt == "csv":
        return csv_text([table.columns, *([safe_cell(v) for v in row] for row in rows)])
    if fmt == "tsv":
        lines = ["\t".join(table.columns)]
        lines += ["\t".join(safe_cell(v, fold=True) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        records = [{c: json_value(v) for c, v in zip(table.columns, row, strict=True)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        lines = ["| " + " | ".join(table.columns) + " |", "|" + " --- |" * len(table.columns)]
        lines += ["| " + " | ".join(_md(text(v, short=True)) for v in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def _cell(value: Node | Cell | None) -> Cell | None:
    """``value`` as a Cell (an rdflib term is converted; rdflib terms are strings, never tuples)."""
    return value if value is None or isinstance(value, tuple) else plain_term(value)


def text(value: Node | Cell | None, short: bool = False) -> str:
    """A term (rdflib's, or a Cell) as a user reads it: literal text, a plain number, an IRI (shortened when ``short``).

    >>> from rdflib import Literal, URIRef
    >>> text(Literal("2.50", datatype=URIRef(XSD + "decimal"))), text(URIRef("https://w3id.org/collab-graph/id/org/x"), short=True)
    ('2.5', 'id:org/x')
    """
    cell = _cell(value)
    if cell is None:
        return ""
    kind, lexical, _language, _datatype = cell
    if kind == "literal":
        number = _number(cell)
        return lexical if number is None else plain(number)
    if kind == "bnode":
        return f"_:{lexical}"
    if short:
        for prefix, namespace in PREFIX_IRIS.items():
            if lexical.startswith(namespace) and len(lexical) > len(namespace):
                return f"{prefix}:{lexical[len(namespace) :]}"
    return lexical


def safe_cell(value: Node | Cell | None, fold: bool = False) -> str:
    """A CSV/TSV cell: full IRIs, and text that looks like a formula prefixed with an apostrophe.

    ``fold`` joins white space runs into one space first (TSV keeps each cell on one line), so
    folding can never uncover a formula.

    >>> from rdflib import Literal
    >>> safe_cell(Literal("-2 + 3")), safe_cell(Literal(-2)), safe_cell(Literal("@x")), safe_cell(Literal(" =1"), fold=True)
    ("'-2 + 3", '-2', "'@x", "'=1")
    """
    term = _cell(value)
    cell = " ".join(text(term).split()) if fold else text(term)
    return cell if _number(term) is not None else neutralise(cell)


def json_value(value: Node | Cell | None) -> object:
    """A JSON value: numbers as numbers, booleans as booleans, anything else as text."""
    cell = _cell(value)
    if cell is not None and cell[0] == "literal":
        if cell[3] == BOOLEAN and cell[1].strip() in BOOLEANS:
            return BOOLEANS[cell[1].strip()]
        number = _number(cell)
        if number is not None:
            return int(number) if number == number.to_integral_value() else float(number)
    return None if cell is None else text(cell)


BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _number(cell: Cell | None) -> Decimal | None:
    """The value of a numeric literal whose plain form is short enough to print; None otherwise."""
    return None if cell is None or cell[0] != "literal" else number_value(cell[1], cell[3])


_MD = str.maketrans({"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _md(cell: str) -> str:
    """A Markdown table cell: one line, ``|`` and ``\\`` escaped, HTML shown as text (never live).

    >>> print(_md("a|b <script>x</script> & c"))
    a\\|b &lt;script&gt;x&lt;/script&gt; &amp; c
    """
    return " ".join(cell.translate(_MD).split())
