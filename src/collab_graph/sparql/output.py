"""Render query results: an aligned table, CSV, TSV, JSON or Markdown.

Numbers print in their plain form (``45.0`` -> ``45``); in ``table`` and ``md`` our IRIs are
shortened with the project prefixes. In CSV and TSV a text cell that a spreadsheet would run as a
formula gets a leading apostrophe (:func:`collab_graph.common.csvcell.neutralise`).

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
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..common.csvcell import csv_text, neutralise
from ..common.namespaces import PREFIXES
from ..common.tables import format_table
from ..store import Table
from .options import FORMATS

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBER_TYPES = {
    URIRef(XSD + name)
    for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "decimal", "double", "float")
}
BOOLEAN = URIRef(XSD + "boolean")


def render(table: Table, fmt: str = "table") -> str:
    """``table`` as text in format ``fmt`` (one of FORMATS), ending with a newline."""
    if fmt == "table":
        return format_table(table.columns, [[text(v, short=True) for v in row] for row in table.rows]) + "\n"
    if fmt == "csv":
        return csv_text([table.columns, *([safe_cell(v) for v in row] for row in table.rows)])
    if fmt == "tsv":
        lines = ["\t".join(table.columns)]
        lines += ["\t".join(safe_cell(v, fold=True) for v in row) for row in table.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        records = [{c: json_value(v) for c, v in zip(table.columns, row, strict=True)} for row in table.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        lines = ["| " + " | ".join(table.columns) + " |", "|" + " --- |" * len(table.columns)]
        lines += ["| " + " | ".join(_md(text(v, short=True)) for v in row) + " |" for row in table.rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def text(value: Node | None, short: bool = False) -> str:
    """A term as a user reads it: literal text, a plain number, an IRI (shortened when ``short``).

    >>> text(Literal("2.50", datatype=URIRef(XSD + "decimal"))), text(URIRef("https://w3id.org/collab-graph/id/org/x"), short=True)
    ('2.5', 'id:org/x')
    """
    if value is None:
        return ""
    if isinstance(value, Literal):
        number = _number(value)
        return str(value) if number is None else _plain(number)
    if isinstance(value, BNode):
        return f"_:{value}"
    if short:
        for prefix, namespace in PREFIXES.items():
            if str(value).startswith(str(namespace)) and len(str(value)) > len(str(namespace)):
                return f"{prefix}:{str(value)[len(str(namespace)) :]}"
    return str(value)


def safe_cell(value: Node | None, fold: bool = False) -> str:
    """A CSV/TSV cell: full IRIs, and text that looks like a formula prefixed with an apostrophe.

    ``fold`` joins white space runs into one space first (TSV keeps each cell on one line), so
    folding can never uncover a formula.

    >>> safe_cell(Literal("-2 + 3")), safe_cell(Literal(-2)), safe_cell(Literal("@x")), safe_cell(Literal(" =1"), fold=True)
    ("'-2 + 3", '-2', "'@x", "'=1")
    """
    cell = " ".join(text(value).split()) if fold else text(value)
    return cell if isinstance(value, Literal) and _number(value) is not None else neutralise(cell)


def json_value(value: Node | None) -> object:
    """A JSON value: numbers as numbers, booleans as booleans, anything else as text."""
    if isinstance(value, Literal):
        if value.datatype == BOOLEAN:
            return bool(value.toPython())
        number = _number(value)
        if number is not None:
            return int(number) if number == number.to_integral_value() else float(number)
    return None if value is None else text(value)


MAX_DIGITS = 60  # a number whose plain form would be longer is shown as written (9E+99999999 stays so)


def _number(value: Literal) -> Decimal | None:
    """The value of a numeric literal whose plain form is short enough to print; None otherwise."""
    if value.datatype not in NUMBER_TYPES or len(str(value)) > 2 * MAX_DIGITS:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    _sign, digits, exponent = number.as_tuple()
    if not -MAX_DIGITS <= len(digits) + int(exponent) <= MAX_DIGITS:
        return None
    return number


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f").rstrip("0")  # not normalize(): that rounds to 28 significant digits


_MD = str.maketrans({"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _md(cell: str) -> str:
    """A Markdown table cell: one line, ``|`` and ``\\`` escaped, HTML shown as text (never live).

    >>> print(_md("a|b <script>x</script> & c"))
    a\\|b &lt;script&gt;x&lt;/script&gt; &amp; c
    """
    return " ".join(cell.translate(_MD).split())
