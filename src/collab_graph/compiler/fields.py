"""The type of every record field: text is text, one value is one value, numbers within bounds.

The YAML loader (:mod:`collab_graph.compiler.records`) gives text for every scalar except plain
whole numbers, ``true``/``false`` and empty values; :data:`TYPES` says what each field must hold,
and :func:`field_problems` names each field that does not, so a value is never quietly converted:
text is non-empty text (not a number, a list or a mapping), a list of text holds only text, a
count is a whole number from 1, an amount a plain decimal below 10^15 with at most 6 decimals,
a date a real calendar date (YYYY, YYYY-MM or YYYY-MM-DD). Fields not listed are checked where
they are used.

>>> dict(field_problems({"holder": None, "aliases": ["ON", ["x"]], "start": "2015-13-01", "position": "first"}))["holder"]
'must be text, got nothing (the field is empty)'
>>> for field, message in field_problems({"aliases": ["ON", ["x"]], "start": "2015-13-01", "position": "1.9", "amount": "1e999"}):
...     print(field, message[:40])
aliases item 2 must be text, got a list
start must be a real date, got '2015-13-01'
position must be a whole number from 1 to 1000000
amount must be a plain decimal number such as 1
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

MAX_TEXT = 5_000  # characters in one text value
MAX_ITEMS = 500  # values in one list
MAX_LINE = 1_000_000
MAX_AMOUNT = Decimal("1e15")  # figures are pounds, hours, counts: far below this
AMOUNT = re.compile(r"-?(0|[1-9]\d{0,17})(\.\d{1,6})?")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

TEXT = "text"
TEXTS = "texts"
COUNT = "count"  # a whole number >= 1
COUNTS = "counts"
SPAN = "span"  # [first, last] line numbers
FLAG = "flag"
FLAG_OR_TEXT = "flag-or-text"
AMOUNT_KIND = "amount"
DATE_KIND = "date"

TYPES: dict[str, str] = {
    **dict.fromkeys(
        [
            "added",
            "area",
            "description",
            "governed_by",
            "holder",
            "id",
            "kind",
            "label",
            "lead",
            "measure",
            "name",
            "note",
            "organisation",
            "partners_as_printed",
            "party",
            "period",
            "printed",
            "programme",
            "role",
            "section",
            "sector",
            "source_issue",
            "status",
            "title",
            "unit",
            "what",
            "why",
        ],
        TEXT,
    ),
    **dict.fromkeys(
        [
            "aliases",
            "area_bullets",
            "authors",
            "in_this_section",
            "members",
            "misspellings",
            "names_bodies",
            "partners",
            "services",
            "signatory_bodies",
            "used_by",
            "within",
        ],
        TEXTS,
    ),
    "lines": SPAN,
    "page": COUNT,
    "position": COUNT,
    "pages": COUNTS,
    "theme": FLAG_OR_TEXT,  # a section's flag, or a collaboration file's theme id
    "amount": AMOUNT_KIND,
    "start": DATE_KIND,
    "end": DATE_KIND,
    "date": DATE_KIND,
}


def field_problems(rec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for each field of ``rec`` whose value is not of the field's type."""
    for name, value in rec.items():
        kind = TYPES.get(name)
        if kind is None:
            continue
        message = CHECKS[kind](value)
        if message:
            yield name, message


def _what(value: Any) -> str:
    if value is None:
        return "nothing (the field is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a true/false value; quote it to mean text)"
    if isinstance(value, int):
        return f"the number {value} (quote it to mean text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(str(value)[:60])


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or isinstance(value, bool):
        return f"must be text, got {_what(value)}"
    if not value.strip():
        return "must be text, got an empty string"
    if len(value) > MAX_TEXT:
        return f"must be at most {MAX_TEXT} characters, got {len(value)}"
    return None


def _texts(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of text, got {_what(value)}"
    if len(value) > MAX_ITEMS:
        return f"must have at most {MAX_ITEMS} items, got {len(value)}"
    for n, item in enumerate(value, start=1):
        problem = _text(item)
        if problem:
            return f"item {n} {problem}"
    return None


def _count(value: Any, most: int = MAX_LINE) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        return f"must be a whole number from 1 to {most}, got {_what(value) if not isinstance(value, int) or isinstance(value, bool) else value}"
    return None


def _counts(value: Any) -> str | None:
    if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
        return f"must be a list of whole numbers, got {_what(value)}"
    return next((f"item {n} {p}" for n, item in enumerate(value, start=1) if (p := _count(item))), None)


def _span(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) != 2 or any(_count(v) for v in value) or value[0] > value[1]:
        return f"must be [first, last] line numbers with 1 <= first <= last, got {_what(value) if not isinstance(value, list) else value}"
    return None


def _flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {_what(value)}"


def _amount(value: Any) -> str | None:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if text is None or not AMOUNT.fullmatch(text):
        return f"must be a plain decimal number such as 1500000 or 2.5 (no exponent, leading zero or separator), got {_what(value)}"
    if abs(Decimal(text)) >= MAX_AMOUNT:
        return f"must be less than {MAX_AMOUNT:,.0f} in size, got {text}"
    return None


def _date(value: Any) -> str | None:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    match = DATE.fullmatch(text)
    if not match:
        return f"must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {_what(value)}"
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return f"must be a real date, got {text!r}"
    return None


CHECKS = {
    FLAG_OR_TEXT: lambda v: None if isinstance(v, bool) else _text(v),
    TEXT: _text,
    TEXTS: _texts,
    COUNT: _count,
    COUNTS: _counts,
    SPAN: _span,
    FLAG: _flag,
    AMOUNT_KIND: _amount,
    DATE_KIND: _date,
}
