"""Numbers as people read them: a numeric literal's plain form (``45.0`` -> ``45``, ``2.50`` -> ``2.5``).

Query answers (:mod:`collab_graph.sparql.output`) and ``show`` print numbers this way, so a value
reads the same whichever store returned it (Oxigraph writes ``"4.0"^^xsd:decimal`` back as ``4``).

>>> plain_number("1500000.0", XSD + "decimal"), plain_number("007", XSD + "integer"), plain_number("x", XSD + "string")
('1500000', '7', None)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBER_TYPES = frozenset(
    XSD + name
    for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "decimal", "double", "float")
)
MAX_DIGITS = 60  # a number whose plain form would be longer is shown as written (9E+99999999 stays so)


def number_value(lexical: str, datatype: str | None) -> Decimal | None:
    """The value of a literal of a numeric ``datatype`` (an IRI) whose plain form is short enough to print; None otherwise."""
    if datatype not in NUMBER_TYPES or len(lexical) > 2 * MAX_DIGITS:
        return None
    try:
        number = Decimal(lexical)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    _sign, digits, exponent = number.as_tuple()
    if not -MAX_DIGITS <= len(digits) + int(exponent) <= MAX_DIGITS:
        return None
    return number


def plain(number: Decimal) -> str:
    """``number`` without exponent or trailing zeros."""
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f").rstrip("0")  # not normalize(): that rounds to 28 significant digits


def plain_number(lexical: str, datatype: str | None) -> str | None:
    """The plain form of a numeric literal, or None when it is not one (or too long to print plainly)."""
    number = number_value(lexical, datatype)
    return None if number is None else plain(number)
