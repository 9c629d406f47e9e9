"""Spreadsheet-safe CSV/TSV: the one place cells are neutralised and CSV text is written.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula; such text gets a leading apostrophe, which spreadsheets show as text.
Numbers are never passed through :func:`neutralise`, so ``-2`` stays a number.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-2 + 3"), neutralise("Kent Police"), neutralise("")
('\\'=HYPERLINK("http://x")', "'-2 + 3", 'Kent Police', '')
>>> csv_text([["a", "b"], ["x, y", 'a"b'], [-2, "two\\rlines"]])
'a,b\\n"x, y","a""b"\\n-2,"two\\rlines"\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = (",", '"', "\r", "\n")


def neutralise(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """``rows`` as CSV: ``\\n`` line ends, and a field holding a comma, quote, CR or LF quoted (RFC 4180).

    Python's csv writer with ``\\n`` line ends leaves a lone CR unquoted, which splits the row when read back.
    """
    return "".join(_line([str(cell) for cell in row]) + "\n" for row in rows)


_NEEDS_QUOTES = re.compile("[" + "".join(_QUOTE) + "]")


def _line(cells: list[str]) -> str:
    if cells == [""]:
        return '""'  # a row of one empty field, not a blank line
    quote = _NEEDS_QUOTES.search
    return ",".join('"' + c.replace('"', '""') + '"' if quote(c) else c for c in cells)
