"""The source lines that state each relationship, and a one-line citation on everything with a source.

A relationship is recorded inside a record (an implementation lists its partners, a site its users,
a body its members), but a record's lines can run to a hundred. For each relationship the compiler
finds the line that states it and records an ``rdf:Statement`` (W3C RDF reification:
``rdf:subject``, ``rdf:predicate``, ``rdf:object``) with ``prov:wasDerivedFrom`` that line's excerpt:

1. the first line in the record's own lines printing the related thing's name, an alias, a common
   variant (:func:`~collab_graph.names.keys.variants`) or an abbreviation the source uses there for
   it (graph/abbreviations.yaml: HFRS at line 670 is Hampshire's);
2. for a site of an implementation: the site's own lines, when they lie in the implementation's;
   for an organisation using a site: from the nearest line naming it just above (at most 12 lines,
   in the same implementation) to the site's last line, else the site's own lines (they state the use, often naming the users only as "the
   operational teams"), never a line elsewhere that names the organisation for another reason;
3. for a partner or lead: the record's printed partner line (``cg:partnersAsPrinted``);
4. the first line printing it in the enclosing records (an implementation's initiative, less its
   other implementations' lines, which state their own partners; the implementations using a site
   or run by a body);
5. the record's own first lines.

In cases 2, 3 and 5 the cited lines state the link without printing the name as such (a partner
list naming services together, "Buckinghamshire, Hampshire ... FRAs"; a site printed by
description; a partner inferred from the area): the statement carries ``cg:namePrinted false``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, SKOS

from ..common.labels import provenance
from ..common.namespaces import CG, ID
from ..names.keys import key, variants

#: (predicate, which side is the record stating it, name used in statement IRIs).
RELATIONSHIPS: tuple[tuple[URIRef, str, str], ...] = (
    (CG.partner, "subject", "partner"),
    (CG.lead, "subject", "lead"),
    (CG.site, "subject", "site"),
    (CG.governance, "subject", "governance"),
    (ORG.hasSite, "object", "site-use"),
    (ORG.hasMember, "subject", "member"),
    (ORG.heldBy, "subject", "holder"),  # a post's holder: the block may name the post only ("the PCC")
)
Span = tuple[int, int]
#: How far above a site's lines a line naming its user may stand and still be cited with them.
NEAR = 12
NAME_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, CG.localName)


class Citer:
    """Finds the source lines printing a thing, by its names, their variants and abbreviation senses."""

    def __init__(self, graph: Graph, lines: Sequence[str]):
        self.graph = graph
        self.keys = [f" {key(line)} " for line in lines]
        self.senses: dict[int, set[tuple[str, URIRef]]] = defaultdict(set)
        for sense in graph.subjects(RDF.type, CG.AbbreviationSense):
            target, printed = graph.value(sense, CG.refersTo), graph.value(sense, CG.abbreviation)
            for first, _ in spans_of(graph, sense):
                self.senses[first].add((f" {key(str(printed))} ", target))  # type: ignore[arg-type]
        self._forms: dict[URIRef, set[str]] = {}

    def forms(self, node: URIRef) -> set[str]:
        """The keys (3 characters or more, space-padded) of every name of ``node`` and their variants."""
        if node not in self._forms:
            names = {str(v) for p in NAME_PREDICATES for v in self.graph.objects(node, p)}
            found = {key(n) for n in names} | {v for n in names for v in variants(n)}
            self._forms[node] = {f" {f} " for f in found if len(f) >= 3}
        return self._forms[node]

    def printed_at(self, node: URIRef, span: Span) -> Span | None:
        """The first line (or two lines, for a name broken over them) in ``span`` that prints ``node``.

        Two lines only when the name starts on the first: a name wholly on the next line is cited there."""
        forms = self.forms(node)
        first, last = span
        end = min(last, len(self.keys))
        for line in range(first, end + 1):
            here = self.keys[line - 1]
            if any(f in here for f in forms) or any(o == node and k in here for k, o in self.senses.get(line, ())):
                return line, line
            if line < end:
                joined, after = here.rstrip() + self.keys[line], self.keys[line]
                if any(f in joined and f not in after for f in forms):
                    return line, line + 1
        return None

    def partner_line(self, record: URIRef, spans: Iterable[Span]) -> Span | None:
        """The lines in ``spans`` holding the record's printed partner list (``cg:partnersAsPrinted``):
        from the line where it begins to the line where it ends (at most 12 lines)."""
        printed = self.graph.value(record, CG.partnersAsPrinted)
        if printed is None:
            return None
        words = key(str(printed)).split()
        probe, whole = f" {' '.join(words[:3])} ", f" {' '.join(words)} "
        for first, last in spans:
            end = min(last, len(self.keys))
            for line in range(first, end + 1):
                here = self.keys[line - 1]
                broken = line < end and probe in here.rstrip() + self.keys[line] and probe not in self.keys[line]
                if probe not in here and not broken:
                    continue
                start = line
                text = ""
                for stop in range(start, min(start + 12, end + 1)):
                    text = text.rstrip() + self.keys[stop - 1]
                    if whole in text:
                        return start, stop
                return start, start
        return None

    def site_use(self, user: URIRef, site: Span, blocks: list[Span]) -> tuple[Span, bool]:
        """The lines stating that ``user`` uses the site printed at ``site``: from the nearest line naming the
        user at most :data:`NEAR` lines above, inside the same implementation's lines (``blocks``), to the
        site's last line; else the site's own lines, which state the use without the name ("the operational
        teams ... co-located at")."""
        first, last = site
        block = next(((a, b) for a, b in blocks if a <= first <= b), None)
        if block is not None:
            for start in range(first - 1, max(block[0], first - NEAR) - 1, -1):
                found = self.printed_at(user, (start, min(start + 1, last)))
                if found and found[0] == start:
                    return (start, last), True
        return site, False

    def cite(self, record: URIRef, related: URIRef, label: str) -> tuple[Span, bool] | None:
        """The span stating the link between ``record`` and ``related``, and whether it prints the name."""
        graph = self.graph
        own = spans_of(graph, record)
        for span in own:
            found = self.printed_at(related, span)
            if found:
                return found, True
        if label == "site":
            inside = [s for s in spans_of(graph, related) if any(a <= s[0] and s[1] <= b for a, b in own)]
            if inside:
                return inside[0], False
        if label == "site-use" and own:
            blocks = [b for node in graph.subjects(CG.site, record) for b in spans_of(graph, node)]
            return self.site_use(related, own[0], blocks)
        if label in {"partner", "lead"}:
            found = self.partner_line(record, own)
            if found:
                return found, False
        for span in self.enclosing(record):
            found = self.printed_at(related, span)
            if found:
                return found, True
        return (own[0], False) if own else None

    def enclosing(self, record: URIRef) -> list[Span]:
        """The lines of the records enclosing ``record``: an implementation's initiative less its other
        implementations' lines (another area's block states that one's partners, not this one's), the
        implementations using a site, those a body governs."""
        graph = self.graph
        spans: list[Span] = []
        for initiative in sorted(graph.objects(record, CG.implements)):
            siblings = [s for node in graph.subjects(CG.implements, initiative) if node != record for s in spans_of(graph, node)]
            spans += [part for span in spans_of(graph, initiative) for part in _without(span, siblings)]
        around = [*graph.subjects(CG.site, record), *graph.subjects(CG.governance, record)]
        return spans + [s for node in sorted(around) for s in spans_of(graph, node)]


def _without(span: Span, holes: list[Span]) -> list[Span]:
    """``span`` less the lines of every span in ``holes``, as the spans left, in order."""
    parts, start = [], span[0]
    for first, last in sorted(holes):
        if last < start or first > span[1]:
            continue
        if first > start:
            parts.append((start, first - 1))
        start = max(start, last + 1)
    if start <= span[1]:
        parts.append((start, span[1]))
    return parts


def spans_of(graph: Graph, node: URIRef) -> list[Span]:
    """The line ranges ``node`` is derived from, in order."""
    return sorted(
        (int(graph.value(e, CG.lineStart)), int(graph.value(e, CG.lineEnd)))  # type: ignore[arg-type]
        for e in graph.objects(node, PROV.wasDerivedFrom)
        if graph.value(e, CG.lineStart) is not None
    )


def statement_iri(label: str, subject: URIRef, obj: URIRef) -> URIRef:
    """``id/statement/partner/implementation.x--org.y``: one IRI per relationship."""

    def short(node: URIRef) -> str:
        return str(node).removeprefix(str(ID)).replace("/", ".")

    return ID[f"statement/{label}/{short(subject)}--{short(obj)}"]


def add_statements(graph: Graph, citer: Citer, excerpt: Callable[[Span], URIRef]) -> int:
    """Add one ``rdf:Statement`` per relationship with the excerpt stating it; returns how many."""
    added = 0
    for predicate, side, label in RELATIONSHIPS:
        for subject, obj in sorted(graph.subject_objects(predicate)):
            if not isinstance(obj, URIRef) or not isinstance(subject, URIRef):
                continue
            record, related = (subject, obj) if side == "subject" else (obj, subject)
            found = citer.cite(record, related, label)
            if found is None:
                continue
            node = statement_iri(label, subject, obj)
            for p, o in ((RDF.type, RDF.Statement), (RDF.subject, subject), (RDF.predicate, predicate), (RDF.object, obj)):
                graph.add((node, p, o))
            cited = excerpt(found[0])
            graph.add((node, PROV.wasDerivedFrom, cited))
            heading = min((h for e in graph.objects(record, PROV.wasDerivedFrom) for h in graph.objects(e, CG.heading)), default=None)
            if heading is not None and graph.value(cited, CG.heading) is None:
                graph.add((cited, CG.heading, heading))  # the block it sits in, as for the record
            if not found[1]:
                graph.add((node, CG.namePrinted, Literal(False)))
            added += 1
    return added


def add_citation_texts(graph: Graph) -> None:
    """Give everything with a source a ``cg:citation``: "lines 99–133 · Section › Heading · p. 36"."""
    for node in sorted({s for s in graph.subjects(PROV.wasDerivedFrom) if isinstance(s, URIRef)}):
        graph.add((node, CG.citation, Literal(provenance(graph, node))))
