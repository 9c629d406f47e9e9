"""Coverage: the source's own checklists compared with the compiled graph.

Expected items come from the source itself:

- **themes**: sections of ``graph/themes.yaml`` marked ``theme: true``;
- **initiatives**: each theme's "In this section" list (``in_this_section``), matched by position and title;
- **implementations**: each initiative's area bullets (``area_bullets``), matched by initiative and area;
- **partners**: every name in an implementation's printed partner line (``partners_as_printed``) that the
  registry resolves must be among its partners;
- **sites**: every named station, hub, HQ, control/command/training centre, college or academy the source
  prints inside a theme ("Dogsthorpe Fire Station", "Furness Peninsula Blue Light Hub") must be a site;
- **figures**: every source line inside a theme that prints a £ amount or a percentage must lie in the
  lines of some figure record.

Anything deliberately not modelled is listed in ``graph/not-modelled.yaml`` (lines, what, why); a gap
inside those lines is reported as excluded, with the reason, not as a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SKOS

from ..common.errors import CollabGraphError
from ..common.namespaces import CG, iri
from ..common.paths import Project
from ..names.graph_index import name_table
from ..names.index import NameIndex, normalise
from .coverage_text import Measure, RunningTextCoverage
from .records import load_yaml

FIGURE_PATTERN = re.compile(r"£\s?\d|\d\s?%")
SITE_PATTERN = re.compile(
    r"\b((?:[A-Z][\w’'&-]+ ){1,4}(?:Fire Station|Police Station|Community Station|Hub|HQ|Headquarters"
    r"|Training Centre|Operations Centre|Command Centre|Control Centre|College|Academy))\b"
)
# Leading words that make a phrase generic ("Shared HQ", "The Joint Strategic HQ") rather than a named site.
SITE_STOPWORDS = {
    "The",
    "A",
    "Shared",
    "Joint",
    "Strategic",
    "Tri",
    "Tri-Service",
    "Services'",
    "Fire",
    "Rescue",
    "Agency",
    "Terrorism",
    "Emergency",
    "Police",
    "Service",
    "Training",
    "Vehicle",
    "Workshop",
}


@dataclass
class NotModelled:
    first: int
    last: int
    what: str
    why: str


class Coverage(RunningTextCoverage):
    """Computes the coverage measures for one project and its compiled graph."""

    def __init__(self, project: Project, graph: Graph):
        self.project, self.graph = project, graph
        try:
            self.source = project.source.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CollabGraphError(
                f"{project.source}: cannot read the source text ({exc.strerror or exc}); set COLLAB_GRAPH_SOURCE"
            ) from None
        self.sections = load_yaml(project.graph_dir / "themes.yaml", "graph/themes.yaml")
        self.theme_files = {
            path: load_yaml(path, project.shown(path)) for path in sorted((project.graph_dir / "initiatives").glob("*.yaml"))
        }
        path = project.graph_dir / "not-modelled.yaml"
        self.not_modelled = (
            [NotModelled(r["lines"][0], r["lines"][1], r["what"], r["why"]) for r in (load_yaml(path, "graph/not-modelled.yaml") or [])]
            if path.exists()
            else []
        )
        self.names = name_table(graph)
        self.areas = NameIndex("area")
        for node, name in graph.subject_objects(SKOS.prefLabel | SKOS.altLabel):
            if str(node).startswith(str(iri("area", ""))):
                self.areas.add(name, str(node))

    def measures(self) -> list[Measure]:
        base = [self.themes(), self.initiatives(), self.implementations(), self.partners(), self.sites(), self.figures()]
        return base + self.running_text_measures()

    # ------------------------------------------------------------------ helpers

    def _excluded(self, line: int) -> NotModelled | None:
        return next((n for n in self.not_modelled if n.first <= line <= n.last), None)

    def _tally(self, measure: Measure, ok: object, line: int | None, text: str) -> None:
        """Count one expected item: present when ``ok`` is true, else a gap at ``line`` (or a deliberate
        exclusion, when graph/not-modelled.yaml covers that line); ``line`` None: a graph-wide item, never excluded."""
        measure.expected += 1
        if ok:
            measure.present += 1
        elif line is None:
            measure.gaps.append(text)
        else:
            self._gap(measure, line, text)

    def _gap(self, measure: Measure, line: int, text: str) -> None:
        reason = self._excluded(line)
        if reason:
            measure.excluded.append(f"{text} — {reason.why}")
        else:
            measure.gaps.append(text)

    def _theme_ranges(self) -> list[tuple[int, int]]:
        return [(s["lines"][0], s["lines"][1]) for s in self.sections if s.get("theme") or s["id"] == "national"]

    def _in_themes(self, line: int) -> bool:
        return any(a <= line <= b for a, b in self._theme_ranges())

    def _org(self, name: str) -> set[URIRef]:
        return {n for n in self.names.get(normalise(name), set()) if "/org/" in str(n) or "/body/" in str(n)}

    # ------------------------------------------------------------------ measures

    def themes(self) -> Measure:
        measure = Measure("themes")
        for section in self.sections:
            if not section.get("theme"):
                continue
            self._tally(
                measure,
                any(self.graph.subjects(CG.theme, iri("section", section["id"]))),
                section["lines"][0],
                f"theme {section['title']!r} has no initiative",
            )
        return measure

    def initiatives(self) -> Measure:
        measure = Measure("initiatives")
        for section in self.sections:
            for position, title in enumerate(section.get("in_this_section") or [], start=1):
                measure.expected += 1
                found = [
                    i
                    for i in self.graph.subjects(CG.theme, iri("section", section["id"]))
                    if self.graph.value(i, CG.position) is not None and int(self.graph.value(i, CG.position)) == position
                ]
                titles = [str(t) for i in found for t in self.graph.objects(i, SKOS.prefLabel | SKOS.altLabel)]
                if any(normalise(t) == normalise(title) for t in titles):
                    measure.present += 1
                else:
                    self._gap(
                        measure,
                        section["lines"][0],
                        f"{section['title']} #{position} {title!r}: no initiative with that position and title (found {titles})",
                    )
        return measure

    def implementations(self) -> Measure:
        measure = Measure("implementations")
        for data in self.theme_files.values():
            for initiative in (data or {}).get("initiatives") or []:
                node = iri("initiative", initiative["id"])
                areas = {self.graph.value(i, CG.area) for i in self.graph.subjects(CG.implements, node)}
                for bullet in initiative.get("area_bullets") or []:
                    measure.expected += 1
                    bare = re.sub(r"\s*\([^)]*\)\s*$", "", bullet)
                    keys = [self.areas.get(bullet) or self.areas.get(bare)]
                    if keys[0] is None:  # a bullet joining areas: "Devon and Cornwall and Cumbria"
                        keys = [self.areas.get(n) for n in printed_names(bare, lambda n: self.areas.get(n))] or [None]
                    missing = [k for k in keys if k is None or not self._reached(URIRef(k), areas)]
                    if not missing:
                        measure.present += 1
                    else:
                        why = "is not an area in graph/areas.yaml" if None in keys else "has no implementation there"
                        self._gap(measure, initiative["lines"][0], f"{initiative['title']!r} bullet {bullet!r} {why}")
        return measure

    def _reached(self, bullet: URIRef, areas: set) -> bool:
        """True when an implementation runs in the bullet's area, in a joint area covering it, or within it.

        (The South West Emergency Services Forum, printed under "Avon and Somerset" and again under
        "South West Region", is one implementation in the joint area that covers the one and lies in the other.)
        """
        return any(
            a == bullet or (a, CG.covers, bullet) in self.graph or bullet in self.graph.transitive_objects(a, CG.within)
            for a in areas
            if a is not None
        )

    def partners(self) -> Measure:
        measure = Measure("partners")
        for data in self.theme_files.values():
            for initiative in (data or {}).get("initiatives") or []:
                for impl in initiative.get("implementations") or []:
                    node = iri("implementation", impl["id"])
                    partners = set(self.graph.objects(node, CG.partner))
                    for name in printed_names(impl.get("partners_as_printed") or "", self._org):
                        self._tally(
                            measure,
                            self._org(name) & partners,
                            impl["lines"][0],
                            f"{impl['id']}: printed partner {name!r} is not among its partners",
                        )
        return measure

    def sites(self) -> Measure:
        measure = Measure("sites")
        # A named place counts as modelled when it is a site, a governance body or a named scheme.
        kinds = (str(iri("site", "")), str(iri("body", "")))
        site_names = [
            _bare(name) for node, name in self.graph.subject_objects(SKOS.prefLabel | SKOS.altLabel) if str(node).startswith(kinds)
        ]
        site_names += [_bare(name) for name in self.graph.objects(None, CG.localName)]
        text = "\n".join(self.source)
        seen: set[str] = set()
        for match in SITE_PATTERN.finditer(text.replace("\n", " ")):
            words = match.group(1).split()
            while len(words) > 1 and words[0] in SITE_STOPWORDS:
                words = words[1:]
            name = " ".join(words)
            line = text[: match.start()].count("\n") + 1
            if len(words) < 2 or words[0] in SITE_STOPWORDS or not self._in_themes(line) or normalise(name) in seen:
                continue
            seen.add(normalise(name))
            self._tally(
                measure, any(_bare(name) in s or s in _bare(name) for s in site_names), line, f"line {line}: {name!r} is not a site"
            )
        return measure

    def figures(self) -> Measure:
        measure = Measure("figures")
        spans = []
        for figure in self.graph.subjects(predicate=CG.measure):
            for excerpt in self.graph.objects(figure, PROV.wasDerivedFrom):
                spans.append((int(self.graph.value(excerpt, CG.lineStart)), int(self.graph.value(excerpt, CG.lineEnd))))
        for number, line in enumerate(self.source, start=1):
            if not self._in_themes(number) or not FIGURE_PATTERN.search(line):
                continue
            self._tally(
                measure, any(a <= number <= b for a, b in spans), number, f"line {number}: {line.strip()!r} is in no figure's lines"
            )
        return measure


def _bare(name: str) -> str:
    """Normalised, without possessives: "GMP’s Emergency Operations Centre" -> "gmp emergency operations centre"."""
    return re.sub(r"'s\b", "", normalise(name))


def printed_names(printed: str, resolve) -> list[str]:
    """Split a printed partner line into the organisation names the registry knows.

    Splits on commas, then on " and " only where both sides resolve, so "Devon and Cornwall Police"
    stays whole. Pieces that resolve to nothing are dropped (they are collective phrases such as
    "some local authorities", or forms the curators mapped by hand).

    >>> known = {"gmp", "gmfrs", "nwas", "devon and cornwall police"}
    >>> printed_names("GMP, GMFRS and NWAS", lambda n: {n} if n.lower() in known else set())
    ['GMP', 'GMFRS', 'NWAS']
    >>> printed_names("Devon and Cornwall Police and NWAS", lambda n: {n} if n.lower() in known else set())
    ['Devon and Cornwall Police', 'NWAS']
    """
    names: list[str] = []
    for chunk in re.split(r",|;|&|\bwith\b", printed):
        names += _split_and(chunk.strip(), resolve)
    return names


def _split_and(chunk: str, resolve) -> list[str]:
    chunk = re.sub(r"^(and|the)\s+", "", chunk.strip(), flags=re.IGNORECASE).strip(" .")
    if not chunk:
        return []
    if resolve(chunk):
        return [chunk]
    parts = re.split(r"\s+and\s+", chunk)
    for cut in range(1, len(parts)):
        left, right = " and ".join(parts[:cut]), " and ".join(parts[cut:])
        if resolve(left):
            return [left, *_split_and(right, resolve)]
    return []


def format_coverage(measures: list[Measure]) -> str:
    """The coverage table followed by every gap and every exclusion, named."""
    from ..common.tables import format_table

    rows = [[m.name, m.expected, m.present, f"{m.percent:.1f}%", len(m.gaps), len(m.excluded)] for m in measures]
    out = [format_table(["measure", "expected", "present", "coverage", "gaps", "excluded"], rows)]
    for m in measures:
        for gap in m.gaps:
            out.append(f"gap: {m.name}: {gap}")
    for m in measures:
        for excluded in m.excluded:
            out.append(f"excluded: {m.name}: {excluded}")
    return "\n".join(out)


def coverage(project: Project, graph: Graph) -> list[Measure]:
    """All coverage measures for ``project``."""
    return Coverage(project, graph).measures()
