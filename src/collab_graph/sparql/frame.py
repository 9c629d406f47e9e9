"""A SELECT result as a pandas DataFrame whose column types follow the XSD datatypes.

Each column takes one dtype from the datatypes of its values:

============================================  =========================================================
values (every bound value of the column)       dtype
============================================  =========================================================
xsd:integer and its subtypes                   ``Int64`` (nullable integers)
numbers with a decimal, double or float        ``Float64``: 2.5, ``"1.5E3"^^xsd:double`` is 1500.0,
                                               ``"NaN"``/``"INF"``/``"-INF"`` are NaN, inf and -inf
xsd:boolean                                    ``boolean``
xsd:date                                       ``datetime64[s]`` (midnight of the day)
xsd:dateTime                                   ``datetime64[s]``, or ``datetime64[s, UTC]`` when they carry a zone
xsd:gYearMonth / xsd:gYear                     ``period[M]`` / ``period[Y]`` (the month or year, exactly)
anything else, or a mix of the above           ``string``: literal text, IRIs in full
============================================  =========================================================

A column mixing kinds (a date beside a year, a number beside a text) is text, since no one dtype
holds both exactly. An unbound value is ``pd.NA`` in every column (``NaT`` in a date or period
column, pandas' only missing date); a NaN of an xsd:double is a value, not a missing one, so
``isna()`` tells them apart. An ill-typed literal (``"abc"^^xsd:integer``, ``"2015-13"^^xsd:gYearMonth``)
never raises: its column is given as text, with a warning naming the column and the value
(``sparql()`` and the magic print it and keep it in ``df.attrs["warnings"]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Literal

from .output import text

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.term import Node

    from ..store import Table

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DOUBLE = re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


class IllTyped(ValueError):
    """A literal whose text is not a value of its datatype."""


def to_frame(table: Table) -> tuple[pd.DataFrame, list[str]]:
    """``table`` as a DataFrame, one dtype per column (see the module's table), and a warning for each
    column given as text because of an ill-typed literal (``column n: 'abc' is not a valid xsd:integer; ...``)."""
    import pandas as pd

    problems: list[str] = []
    columns = {name: _column(name, [row[i] for row in table.rows], problems) for i, name in enumerate(table.columns)}
    return pd.DataFrame(columns, columns=table.columns, index=pd.RangeIndex(len(table.rows))), problems


def _column(name: str, values: Sequence[Node | None], problems: list[str]) -> pd.Series:
    import pandas as pd

    datatypes = {_datatype(v) for v in values if v is not None}
    kind = _kind(datatypes)
    if kind is not None:
        try:
            return kind(values)
        except IllTyped as exc:
            problems.append(f"column {name}: {exc}; the column is given as text")
    return pd.Series([pd.NA if v is None else text(v) for v in values], dtype="string")


def _datatype(value: Node) -> str | None:
    """A literal's datatype IRI (None for IRIs, blank nodes, plain and language-tagged text)."""
    if isinstance(value, Literal) and value.datatype is not None:
        return str(value.datatype)
    return None


def _kind(datatypes: set[str | None]) -> Callable[[Sequence[Node | None]], pd.Series] | None:
    if not datatypes or None in datatypes:
        return None
    if datatypes <= INTEGERS:
        return _integers
    if datatypes <= INTEGERS | FLOATS:
        return _floats
    single = next(iter(datatypes)) if len(datatypes) == 1 else None
    return {
        XSD + "boolean": _booleans,
        XSD + "date": _dates,
        XSD + "dateTime": _datetimes,
        XSD + "gYearMonth": lambda values: _periods(values, "M", _YEAR_MONTH),
        XSD + "gYear": lambda values: _periods(values, "Y", _YEAR),
    }.get(single or "")


def _lexical(value: Node, pattern: re.Pattern[str], datatype: str) -> str:
    lexical = str(value).strip()
    if not pattern.fullmatch(lexical):
        raise IllTyped(f"{str(value)[:60]!r} is not a valid xsd:{datatype.rsplit('#', 1)[-1]}")
    return lexical


def _integers(values: Sequence[Node | None]) -> pd.Series:
    import pandas as pd

    return pd.Series([pd.NA if v is None else int(_lexical(v, _INTEGER, str(_datatype(v)))) for v in values], dtype="Int64")


def _floats(values: Sequence[Node | None]) -> pd.Series:
    import numpy as np
    import pandas as pd

    numbers = np.zeros(len(values))
    missing = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        if v is None:
            missing[i] = True
            continue
        datatype = str(_datatype(v))
        pattern = _INTEGER if datatype in INTEGERS else _DECIMAL if datatype == XSD + "decimal" else _DOUBLE
        numbers[i] = float(_lexical(v, pattern, datatype))  # "INF" and "NaN" are Python's too
    return pd.Series(pd.arrays.FloatingArray(numbers, missing))


def _booleans(values: Sequence[Node | None]) -> pd.Series:
    import pandas as pd

    out: list[object] = []
    for v in values:
        if v is None:
            out.append(pd.NA)
        elif str(v).strip() in _BOOLEAN:
            out.append(_BOOLEAN[str(v).strip()])
        else:
            raise IllTyped(f"{str(v)[:60]!r} is not a valid xsd:boolean")
    return pd.Series(out, dtype="boolean")


def _dates(values: Sequence[Node | None]) -> pd.Series:
    import pandas as pd

    days = []
    for v in values:
        if v is None:
            days.append(None)
            continue
        year, month, day, _zone = _DATE.fullmatch(_lexical(v, _DATE, XSD + "date")).groups()  # type: ignore[union-attr]
        try:
            days.append(date(int(year), int(month), int(day)))
        except ValueError:
            raise IllTyped(f"{str(v)!r} is not a valid xsd:date") from None
    return pd.Series(pd.to_datetime(days), dtype="datetime64[s]")


def _datetimes(values: Sequence[Node | None]) -> pd.Series:
    import pandas as pd

    texts = [None if v is None else _lexical(v, _DATETIME, XSD + "dateTime") for v in values]
    zoned = any(t is not None and (t.endswith("Z") or re.search(r"[+-]\d{2}:\d{2}$", t)) for t in texts)
    try:
        stamps = pd.to_datetime(pd.Series(texts, dtype="object"), format="ISO8601", utc=zoned)
    except (ValueError, OverflowError):
        raise IllTyped(f"one of {', '.join(repr(t) for t in texts if t)[:120]} is not a valid xsd:dateTime") from None
    return stamps.astype("datetime64[s, UTC]" if zoned else "datetime64[s]")


def _periods(values: Sequence[Node | None], freq: str, pattern: re.Pattern[str]) -> pd.Series:
    import pandas as pd

    datatype = XSD + ("gYearMonth" if freq == "M" else "gYear")
    periods = []
    for v in values:
        if v is None:
            periods.append(pd.NaT)
            continue
        lexical = _lexical(v, pattern, datatype)
        if freq == "M" and not 1 <= int(lexical[5:7]) <= 12:
            raise IllTyped(f"{lexical!r} is not a valid xsd:gYearMonth")
        periods.append(pd.Period(lexical, freq=freq))
    return pd.Series(periods, dtype=f"period[{freq}]")
