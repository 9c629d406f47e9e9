"""Posts and their holders (graph/leaders.yaml, chairs, signatories)."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import ORG, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri, slug_of
from .base import CompilerBase, _as_list, _with_lines
from .records import Record


class LeaderRecords(CompilerBase):
    """Posts and their holders (graph/leaders.yaml, chairs, signatories)."""

    def _post(self, path: str, rec: Any, fallback: Record, area: URIRef | None = None) -> URIRef | None:
        """One post (organisation, role, holder); ``area`` is the Service Information area it is printed
        under. A post printed under several areas is one node serving each, with one excerpt per printing."""
        if not self.check(path, rec, "post"):
            return None
        org_node = self.ref(path, rec["organisation"], self.orgs)
        role = self.term(path, rec["role"], "role")
        if org_node is None or role is None:
            return None
        person = self.person(rec["holder"])
        node = iri("post", f"{slug_of(org_node)}--{rec['role']}--{slug_of(person)}")
        self.g.add((node, RDF.type, ORG.Post))
        self.g.add((node, ORG.postIn, org_node))
        self.g.add((node, ORG.heldBy, person))
        self.g.add((node, ORG.role, role))
        self.text(node, CG.party, rec.get("party"))
        self.text(node, CG.postTitle, rec.get("title"))
        self.add(node, SCHEMA.startDate, self.typed_date(path, rec.get("start")))
        role_label = rec.get("title") or self.g.value(role, SKOS.prefLabel)
        org_label = self.g.value(org_node, SKOS.prefLabel) or slug_of(org_node)
        self.text(node, SKOS.prefLabel, f"{role_label}, {org_label}: {rec['holder']}")
        self.notes(node, rec)
        heading = None
        if area is not None:
            self.g.add((node, CG.servesArea, area))
            heading = str(self.g.value(area, SKOS.prefLabel) or slug_of(area))
        self.provenance(node, path, rec if "lines" in rec else _with_lines(rec, fallback), heading=heading)
        return node

    def _leaders(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "leaders"):
            return
        area = self.ref(path, rec["area"], self.areas)
        if area is not None:
            for service in self.refs(path, rec.get("services"), self.orgs):
                self.g.add((area, CG.servedBy, service))
            self.notes(area, rec)
        for post in _as_list(path, rec["posts"], self):
            self._post(path, post, rec, area)
