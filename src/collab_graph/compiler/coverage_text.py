"""Coverage of what the source says in running text: counts and times, partner groups, people,
Future blocks, dates, funding, per-year figures, alternatives, heading paths and flagged facts.

Each measure finds its expected items in the source text itself (a pattern over the theme and
national lines, or the source's own headings) and counts one present when the graph holds a
record whose lines cover it; ``graph/not-modelled.yaml`` excuses the rest with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri
from ..names.index import normalise

COUNT_PATTERN = re.compile(
    r"(?<![\d£.,/:–-])\b(?!(?:19|20)\d\d\b)\d{1,3}(?:,\d{3})*(?:\.\d+)?\s+(?:[a-zA-Z][\w’'-]*\s+){0,2}?[a-z][\w’'-]*s\b(?!\s*\))"
)
TIME_PATTERN = re.compile(r"\b\d+(?:\.\d+)?\s?(?:minutes?|mins?|hours?|seconds?)\b", re.IGNORECASE)
GROUP_PATTERN = re.compile(
    r"\b(?:some local authorities|Local Authorities|district councils|Youth Offending teams|Youth Workers|Probation"
    r"|Trading Standards|Safer Neighbourhood Teams|LA Housing|NHS organisations|statutory partners|local ambulance crews)\b"
)
PERSON_PATTERN = re.compile(
    r"\b(?:CC|CFO|DCC|Constable|Officer|Office|Operations)\s+([A-Z][a-z]+ (?:O’)?[A-Z][a-z’']+)\b"
    r"|^\s*•?\s*([A-Z][a-z]+ (?:O’)?[A-Z][a-z’']+)(?: OBE)?,"
)
NOT_PEOPLE = {
    "police",
    "constabulary",
    "service",
    "trust",
    "workers",
    "managers",
    "board",
    "group",
    "students",
    "standards",
    "safety",
    "demand",
}
MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
DATE_PATTERN = re.compile(
    rf"\b(?:{MONTHS})\w*\.?\s+(?:19|20)?\d\d\b|\b(?:in|since|by|from|during|until)\s+(?:early |late |mid-)?(?:19|20)\d\d\b|\((?:19|20)\d\d\)"
)
FUNDING_PATTERN = re.compile(r"\b(?:Fund|Award|funding|funded|fund|grant|bid)\b")
PER_YEAR_PATTERN = re.compile(r"£[^£]*?(?:per annum|p\.a\.|per year|a year|annual|from year)", re.IGNORECASE)
FUTURE_HEADING = re.compile(r"^\s*(?:Future|FUTURE:.*)\s*$")


@dataclass
class Measure:
    """One row of the coverage table."""

    name: str
    expected: int = 0
    present: int = 0
    gaps: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        """Present items as a share of the expected ones that are not deliberately excluded."""
        wanted = self.expected - len(self.excluded)
        return 100.0 if wanted <= 0 else round(100.0 * self.present / wanted, 1)


class RunningTextCoverage:
    """Measures for the running-text facts; mixed into :class:`~collab_graph.compiler.coverage.Coverage`."""

    # Provided by Coverage: graph, source, theme_files, names, _in_themes, _tally, _gap.

    def running_text_measures(self) -> list:
        return [
            self._by_lines("counts", COUNT_PATTERN, self._spans_of(CG.Figure, CG.PartnerGroup)),
            self._by_lines("times", TIME_PATTERN, self._spans_of(CG.Figure)),
            self._by_lines("partner groups", GROUP_PATTERN, self._spans_of(CG.PartnerGroup)),
            self.people(),
            self.future_headings(),
            self.statuses(),
            self._by_lines("dates", DATE_PATTERN, self._date_spans()),
            self._by_lines("funding", FUNDING_PATTERN, self._spans_of(CG.Funding, CG.Fund)),
            self.per_year(),
            self.alternatives(),
            self.heading_paths(),
            self.flagged(),
        ]

    # ------------------------------------------------------------------ helpers

    def _excerpts(self, node: object) -> list[tuple[int, int]]:
        spans = []
        for excerpt in self.graph.objects(node, PROV.wasDerivedFrom):
            start, end = self.graph.value(excerpt, CG.lineStart), self.graph.value(excerpt, CG.lineEnd)
            if start is not None and end is not None:
                spans.append((int(start), int(end)))
        return spans

    def _spans_of(self, *classes: URIRef) -> list[tuple[int, int]]:
        return [span for cls in classes for node in self.graph.subjects(RDF.type, cls) for span in self._excerpts(node)]

    def _by_lines(self, name: str, pattern: re.Pattern, spans: list[tuple[int, int]], where: Callable[[int], bool] | None = None):
        measure = Measure(name)
        inside = where or self._in_themes
        for number, line in enumerate(self.source, start=1):
            match = pattern.search(line)
            if not match or not inside(number):
                continue
            self._tally(
                measure,
                any(a <= number <= b for a, b in spans),
                number,
                f"line {number}: {match.group(0)!r} ({line.strip()!r}) is in no record's lines",
            )
        return measure

    def _date_spans(self) -> list[tuple[int, int]]:
        """Lines whose dates the graph holds: events, dated posts, figures with a period, and the
        bracketed date under a block heading (the first lines of a dated implementation or document)."""
        spans = self._spans_of(CG.Event)
        g = self.graph
        for node in g.subjects(RDF.type, CG.Figure):
            if g.value(node, CG.period) is not None:
                spans += self._excerpts(node)
        for cls, dated in ((CG.Implementation, (SCHEMA.startDate, SCHEMA.endDate)), (CG.Document, (DCTERMS.issued,))):
            for node in g.subjects(RDF.type, cls):
                if any(g.value(node, p) is not None for p in dated):
                    spans += [(a, min(b, a + 5)) for a, b in self._excerpts(node)]
        for post in g.subjects(RDF.type, ORG.Post):
            if g.value(post, SCHEMA.startDate) is not None:
                spans += self._excerpts(post)
        return spans

    # ------------------------------------------------------------------ measures

    def people(self):
        measure = Measure("people")
        named = {normalise(str(n)): p for p, n in self.graph.subject_objects(FOAF.name)}
        for number, line in enumerate(self.source, start=1):
            if not self._in_themes(number):
                continue
            for match in PERSON_PATTERN.finditer(line):
                name = match.group(1) or match.group(2)
                institution = name.split()[0] == "In" or name.split()[-1].lower() in NOT_PEOPLE or normalise(name) in self.names
                if institution and normalise(name) not in named:
                    continue
                person = named.get(normalise(name))
                posts = list(self.graph.subjects(ORG.heldBy, person)) if person is not None else []
                recorded = any(a <= number <= b for post in posts for a, b in self._excerpts(post))
                self._tally(measure, recorded, number, f"line {number}: {name!r} holds no post recorded from this line")
        return measure

    def _future_blocks(self) -> list[URIRef]:
        return sorted(self.graph.subjects(CG.printedUnder, iri("block-section", "future")))

    def future_headings(self):
        measure = Measure("future headings")
        starts = sorted(a for impl in self._future_blocks() for a, _ in self._excerpts(impl))
        spans = [i["lines"] for data in self.theme_files.values() for i in (data or {}).get("initiatives") or []]
        headings = [  # inside an initiative: "FUTURE: Fleet Procurement" in a theme's "In this section" list is no heading
            n for n, line in enumerate(self.source, start=1) if FUTURE_HEADING.match(line) and any(a <= n <= b for a, b in spans)
        ]
        for k, number in enumerate(headings):
            following = headings[k + 1] if k + 1 < len(headings) else len(self.source) + 1
            under = any(number <= a < following and a - number <= 40 for a in starts)
            self._tally(measure, under, number, f"line {number}: Future heading with no block printed under it")
        return measure

    def statuses(self):
        measure = Measure("future statuses")
        for impl in self._future_blocks():
            start = min((a for a, _ in self._excerpts(impl)), default=0)
            read = self.graph.value(impl, CG.statusSource) is not None
            self._tally(measure, read, start, f"{self.graph.value(impl, SKOS.prefLabel)}: status not read from the text (no status_lines)")
        return measure

    def per_year(self):
        measure = Measure("per-year figures")
        per_year = {iri("unit", u) for u in ("GBP-per-year", "count-per-year")}
        figures = [(f, self._excerpts(f)) for f in self.graph.subjects(RDF.type, CG.Figure)]
        for number, line in enumerate(self.source, start=1):
            if not self._in_themes(number) or not PER_YEAR_PATTERN.search(line):
                continue
            covering = [f for f, spans in figures if any(a <= number <= b for a, b in spans)]
            yearly = any(self.graph.value(f, CG.unit) in per_year for f in covering)
            self._tally(measure, yearly, number, f"line {number}: a yearly amount ({line.strip()!r}) has no per-year figure")
        return measure

    def alternatives(self):
        measure = Measure("alternative figures")
        for group in sorted(self.graph.subjects(RDF.type, CG.AlternativeGroup)):
            counted = self.graph.value(group, CG.countedFigure) is not None
            self._tally(measure, counted, None, f"{self.graph.value(group, SKOS.prefLabel)}: no counted figure")
        return measure

    def heading_paths(self):
        measure = Measure("heading paths")
        for impl, allowed, found, section, printed in heading_path_rows(self.source, self.theme_files):
            measure.expected += 1
            if found in allowed and section == printed:
                measure.present += 1
            elif found not in allowed:
                measure.gaps.append(f"{impl}: printed under initiative {found!r}, filed under {sorted(allowed)}")
            else:
                measure.gaps.append(f"{impl}: says it is printed under {section!r}, the source prints it under {printed!r}")
        return measure

    def flagged(self):
        measure = Measure("flagged facts")
        for node in sorted(set(self.graph.subjects(CG.sourceIssue, None))):
            named = self.graph.value(node, SKOS.prefLabel) is not None
            self._tally(measure, named, None, f"{node}: flagged but has no label to name it in answers")
        return measure


def heading_lines(source: list[str], initiatives: Iterable[dict]) -> dict[str, int]:
    """Where each initiative's heading is printed: the first line at or after its first line that
    starts its title (titles wrap over lines, so only the first words are compared)."""
    found = {}
    for initiative in initiatives:
        first_words = normalise(str(initiative["title"])).split()[:2]
        start = initiative["lines"][0]
        for number in range(start, min(start + 8, len(source) + 1)):
            if normalise(source[number - 1]).split()[: len(first_words)] == first_words:
                found[initiative["id"]] = number
                break
        else:
            found[initiative["id"]] = start
    return found


PART_HEADING = re.compile(r"^\s*(?:Implementation|Future|FUTURE:.*|Background|Benefits.*|Evaluation|Partnerships and benefits)\s*$")


def heading_path_rows(source: list[str], theme_files: dict) -> list[tuple[str, set[str], str, str, str]]:
    """Walk every implementation: (id, initiatives it may be filed under, the initiative whose heading
    is printed last before its first line, the part it says it is printed under, the part the source
    prints it under).

    It may be filed under its own initiative or, where that initiative says ``printed_within``, the
    initiative its text is printed inside. A block is printed under Future when the last part heading
    (Implementation, Future, Background, Benefits ...) between its initiative's heading and its first
    line is a Future heading; after any other part heading it starts a block of its own.
    """
    initiatives = [i for data in theme_files.values() for i in (data or {}).get("initiatives") or []]
    headings = heading_lines(source, initiatives)
    ordered = sorted((line, ident) for ident, line in headings.items())
    within_of = {i["id"]: i["printed_within"] for i in initiatives if i.get("printed_within")}
    rows = []
    for initiative in initiatives:
        allowed = {initiative["id"], *([initiative["printed_within"]] if initiative.get("printed_within") else [])}
        for impl in initiative.get("implementations") or []:
            first = impl["lines"][0]
            before = [(line, ident) for line, ident in ordered if line <= first]
            found_line, found = before[-1] if before else (1, "")
            within = within_of.get(found)  # printed inside another initiative: its parts come first
            scan_from = headings.get(within, found_line) if within else found_line
            parts = [source[n - 1].strip() for n in range(scan_from, first + 1) if PART_HEADING.match(source[n - 1])]
            printed = "future" if parts and parts[-1].upper().startswith("FUTURE") else "implementation"
            rows.append((impl["id"], allowed, found, impl.get("section", "implementation"), printed))
    return rows
