"""Read a report page back as a reader sees it: the text of a section and of each table row (tags dropped)."""

from __future__ import annotations

import html
import re


def text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(page: str, heading: str) -> str:
    """The HTML from the ``<h2>`` starting with ``heading`` to the next ``<h2>`` (or the footer)."""
    start = page.index(f"<h2>{heading}")
    ends = [i for i in (page.find("<h2>", start + 4), page.find("<footer>", start)) if i > 0]
    return page[start : min(ends)]


def rows(fragment: str) -> list[str]:
    """The text of each body row of the tables in ``fragment``, cells joined by " | "."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", fragment, re.S))
    return [
        " | ".join(text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
