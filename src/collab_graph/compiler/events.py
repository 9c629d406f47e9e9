"""Dated events stated in running text (graph/events.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri, slug_of
from .base import CompilerBase, _as_list

OWNERS = ("implementation", "body", "document")


class EventRecords(CompilerBase):
    """Go-lives, awards, appointments, moves, approvals and target dates, each a ``cg:Event``.

    An event belongs to one implementation, body or document (``cg:eventOf``) and has a typed
    ``schema:startDate`` (and ``schema:endDate`` for a period); ``cg:dateAsPrinted`` keeps vaguer
    words ("early 2015").
    """

    def _events(self, path: str, data: Any) -> None:
        seen: dict[str, int] = {}
        for rec in _as_list(path, data, self):
            self._event(path, rec, seen)

    def _event(self, path: str, rec: Any, seen: dict[str, int]) -> None:
        if not self.check(path, rec, "event"):
            return
        owner = self._event_owner(path, rec)
        date = self.typed_date(path, rec["date"])
        kind = self.term(path, rec["kind"], "event-kind")
        if owner is None or date is None or kind is None:
            return
        base = f"{slug_of(owner)}--{rec['kind']}--{date}"
        seen[base] = seen.get(base, 0) + 1
        node = iri("event", base if seen[base] == 1 else f"{base}-{seen[base]}")
        self.g.add((node, RDF.type, CG.Event))
        self.g.add((node, CG.eventOf, owner))
        self.g.add((node, CG.eventKind, kind))
        self.g.add((node, SCHEMA.startDate, date))
        end = self.typed_date(path, rec.get("end"))
        self.add(node, SCHEMA.endDate, end)
        if end is not None and str(end) < str(date):
            self.problem(path, rec, f"event ends ({end}) before it starts ({date})")
        self.text(node, CG.dateAsPrinted, rec.get("printed"))
        self.text(node, DCTERMS.description, rec["what"])
        when = rec.get("printed") or (f"{date}–{end}" if end is not None else str(date))
        self.text(node, SKOS.prefLabel, f"{self.g.value(kind, SKOS.prefLabel)} {when}: {rec['what']}")
        self.notes(node, rec)
        self.provenance(node, path, rec)

    def _event_owner(self, path: str, rec: Any) -> URIRef | None:
        named = [kind for kind in OWNERS if rec.get(kind) is not None]
        if len(named) != 1:
            self.problem(path, rec, "an event belongs to exactly one of: implementation, body, document")
            return None
        kind = named[0]
        ident = rec[kind]
        if ident not in self.ids.get(kind, {}):
            self.problem(path, ident, f"unknown {kind} id {ident!r}")
            return None
        return iri(kind, str(ident))
