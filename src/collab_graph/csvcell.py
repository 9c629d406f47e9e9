"""Spreadsheet-safe CSV/TSV cells: the one place text is neutralised before it goes into a CSV or TSV file.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula; such text gets a leading apostrophe, which spreadsheets show as text.
Numbers are never passed through here, so ``-2`` stays a number.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-2 + 3"), neutralise("Kent Police"), neutralise("")
('\\'=HYPERLINK("http://x")', "'-2 + 3", 'Kent Police', '')
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with an apostrophe in front when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
