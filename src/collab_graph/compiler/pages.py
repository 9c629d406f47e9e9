"""Printed pages for source lines: the page numbers the extraction kept, filled in from the index.

The text extraction kept only a few printed page numbers (a line holding just "13", or "50 Emergency
Services Collaboration Working Group – National Overview"). The index, though, lists for each of 58
services the pages it appears on. The estimate of the page a line is on:

1. **anchors**: each page-number line is a known (line, page) point;
2. **index points**: every line of the body that prints an indexed service's name or alias could be
   on any of that service's index pages; of those, keep the pages within ``WINDOW`` pages of the
   straight-line interpolation between anchors and inside the anchors' bounds, then choose the
   largest set of (line, page) points whose pages never go down as lines go on (a longest
   non-decreasing chain);
3. a line's page is that of the fitted points around it when they agree, else the straight-line
   interpolation between them, rounded.

:func:`leave_one_out` measures it: each page-number line in turn is removed and its page estimated
from everything else.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from ..common.namespaces import CG

MARKER = re.compile(r"\s*(\d{1,3})(?: Emergency Services Collaboration Working Group – National Overview)?\s*")
WINDOW = 4


def page_markers(lines: Sequence[str], stop: int | None = None) -> dict[int, int]:
    """``{line number: printed page}`` for the lines that hold only a page number (up to line ``stop``).

    >>> page_markers(["text", "13", "", "50 Emergency Services Collaboration Working Group – National Overview"])
    {2: 13, 4: 50}
    """
    found = {}
    for number, line in enumerate(lines[:stop], 1):
        match = MARKER.fullmatch(line)
        if match:
            found[number] = int(match.group(1))
    return found


@dataclass(frozen=True)
class IndexTerm:
    """An index entry as the estimator needs it: the names that mark it in the text, and its pages."""

    names: tuple[str, ...]
    pages: tuple[int, ...]


def index_term(names: Iterable[str], pages: Iterable[int]) -> IndexTerm:
    """A term printed as any of ``names`` (whole words; names shorter than 3 characters are ignored)."""
    return IndexTerm(tuple(sorted({n for n in names if len(n) >= 3})), tuple(sorted(set(pages))))


def interpolate(points: dict[int, int], line: int) -> float:
    """The page at ``line`` on the straight lines between ``points`` (extended by the mean slope)."""
    pts = sorted(points.items())
    if len(pts) == 1:
        return float(pts[0][1])
    slope = (pts[-1][1] - pts[0][1]) / (pts[-1][0] - pts[0][0])
    at = [p[0] for p in pts]
    i = bisect.bisect_left(at, line)
    if i < len(pts) and pts[i][0] == line:
        return float(pts[i][1])
    if i == 0:
        return pts[0][1] - (pts[0][0] - line) * slope
    if i == len(pts):
        return pts[-1][1] + (line - pts[-1][0]) * slope
    (l0, p0), (l1, p1) = pts[i - 1], pts[i]
    return p0 + (p1 - p0) * (line - l0) / (l1 - l0)


class PageEstimator:
    """Estimates the printed page of any line from anchors (known pages) and index mentions."""

    def __init__(self, anchors: dict[int, int], mentions: Iterable[tuple[int, tuple[int, ...]]]):
        if not anchors:
            raise ValueError("no printed page numbers to estimate pages from")
        self.anchors = dict(anchors)
        self.points = self._fit(sorted(mentions))
        self._sorted = sorted(self.points.items())
        self._at = [line for line, _ in self._sorted]

    @classmethod
    def from_text(cls, lines: Sequence[str], terms: Iterable[IndexTerm], stop: int | None = None) -> PageEstimator:
        """Anchors and mentions read from the source ``lines`` (up to line ``stop``, e.g. where the index starts)."""
        return cls(page_markers(lines, stop), find_mentions(lines, terms, stop))

    def _fit(self, mentions: list[tuple[int, tuple[int, ...]]]) -> dict[int, int]:
        at = sorted(self.anchors)
        candidates = set()
        for line, pages in mentions:
            guess = interpolate(self.anchors, line)
            i = bisect.bisect_left(at, line)
            low = self.anchors[at[i - 1]] if i > 0 else 1
            high = self.anchors[at[i]] if i < len(at) else 10**6
            candidates.update((line, p) for p in pages if low <= p <= high and abs(p - guess) <= WINDOW)
        pts = sorted(candidates)
        best, back = [1] * len(pts), [-1] * len(pts)
        for j, (line_j, page_j) in enumerate(pts):
            for i in range(j):
                if pts[i][0] < line_j and pts[i][1] <= page_j and best[i] + 1 > best[j]:
                    best[j], back[j] = best[i] + 1, i
        fitted = dict(self.anchors)
        j = max(range(len(pts)), key=lambda k: (best[k], -k)) if pts else -1
        while j >= 0:
            fitted.setdefault(*pts[j])
            j = back[j]
        return fitted

    def page(self, line: int) -> int:
        """The estimated printed page of ``line`` (1-based)."""
        pts = self._sorted
        at = self._at
        i = bisect.bisect_right(at, line)
        if 0 < i < len(pts) and pts[i - 1][1] == pts[i][1]:
            return pts[i][1]
        if i > 0 and pts[i - 1][0] == line:
            return pts[i - 1][1]
        return max(1, round(interpolate(self.points, line)))


def find_mentions(lines: Sequence[str], terms: Iterable[IndexTerm], stop: int | None = None) -> list[tuple[int, tuple[int, ...]]]:
    """``(line, pages)`` for every line (before ``stop``) naming an index term, once per term and line."""
    pages_of: dict[str, set[tuple[int, ...]]] = {}
    for term in terms:
        for name in term.names:
            pages_of.setdefault(name, set()).add(term.pages)
    if not pages_of:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(pages_of, key=lambda n: (-len(n), n)))
    pattern = re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")
    found = set()
    for number, line in enumerate(lines[:stop], 1):
        for match in pattern.finditer(line):
            found.update((number, pages) for pages in pages_of[match.group()])
    return sorted(found)


@dataclass(frozen=True)
class Accuracy:
    """Leave-one-out accuracy: for each known page, the estimate made without it."""

    errors: tuple[tuple[int, int, int], ...]  # (line, printed page, estimated page)

    @property
    def exact(self) -> int:
        return sum(1 for _, p, e in self.errors if p == e)

    @property
    def within_one(self) -> int:
        return sum(1 for _, p, e in self.errors if abs(p - e) <= 1)

    @property
    def mean_absolute_error(self) -> float:
        return sum(abs(p - e) for _, p, e in self.errors) / len(self.errors)


def leave_one_out(anchors: dict[int, int], mentions: list[tuple[int, tuple[int, ...]]]) -> Accuracy:
    """Estimate each anchor's page from all the other anchors and the mentions."""
    errors = []
    for line, page in sorted(anchors.items()):
        rest = {k: v for k, v in anchors.items() if k != line}
        errors.append((line, page, PageEstimator(rest, mentions).page(line)))
    return Accuracy(tuple(errors))


def index_terms(graph: Graph) -> list[IndexTerm]:
    """The index entries of ``graph`` as terms: the printed label and its organisation's names, with the pages."""
    terms = []
    for entry in sorted(graph.subjects(RDF.type, CG.IndexEntry)):
        org = graph.value(entry, CG.refersTo)
        names = [str(v) for v in graph.objects(entry, SKOS.prefLabel)]
        names += [str(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(org, p)] if org is not None else []
        pages = [int(p) for p in graph.objects(entry, CG.page)]
        if pages:
            terms.append(index_term(names, pages))
    return terms


def estimator_for(graph: Graph, lines: Sequence[str], stop: int | None) -> PageEstimator | None:
    """The estimator for the source ``lines`` and the index in ``graph``; None when no page number survives."""
    anchors = page_markers(lines, stop)
    if not anchors:
        return None
    return PageEstimator(anchors, find_mentions(lines, index_terms(graph), stop))


def add_estimated_pages(graph: Graph, estimator: PageEstimator) -> int:
    """Give every excerpt without a printed ``cg:page`` a ``cg:estimatedPage`` (its first line's); returns how many."""
    added = 0
    for excerpt in sorted(set(graph.subjects(RDF.type, CG.SourceExcerpt))):
        first = graph.value(excerpt, CG.lineStart)
        if first is not None and graph.value(excerpt, CG.page) is None:
            graph.add((excerpt, CG.estimatedPage, Literal(estimator.page(int(first)))))
            added += 1
    return added
