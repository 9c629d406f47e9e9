"""Partner groups: organisations the source names only as a group (graph/partner-groups.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from ..common.namespaces import CG, iri
from .base import CompilerBase, _as_list
from .records import Record


class PartnerGroupRecords(CompilerBase):
    """Partner groups ("some local authorities", "33 London Local Authorities") and where they take part.

    A group is a ``cg:PartnerGroup`` (a ``prov:Agent``, not an ``org:Organization``), linked from
    each implementation or body it takes part in by ``cg:partnerGroup``; its ``cg:groupRole`` says
    how (partner, member, funder, consulted, prospective).
    """

    def _partner_groups(self, path: str, data: Any) -> None:
        for rec in _as_list(path, data, self):
            self._partner_group(path, rec)

    def _partner_group(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "partner-group") or not self.new_id(path, rec, "partner-group"):
            return
        node = iri("partner-group", rec["id"])
        self.g.add((node, RDF.type, CG.PartnerGroup))
        printed = str(rec["printed"]).strip()
        self.text(node, CG.printedAs, printed)
        self.text(node, SKOS.altLabel, printed)
        area = self.ref(path, rec["area"], self.areas)
        self.add(node, CG.area, area)
        self.add(node, CG.sector, self.term(path, rec["sector"], "sector"))
        self.add(node, CG.groupKind, self.term(path, rec["kind"], "group-kind"))
        self.add(node, CG.groupRole, self.term(path, rec["role"], "group-role"))
        count = rec.get("count")
        if count is not None:
            if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                self.g.add((node, CG.memberCount, Literal(count, datatype=XSD.integer)))
            else:
                self.problem(path, rec, f"count must be a positive whole number, got {count!r}")
        where: list[URIRef] = []
        for ident in _as_list(path, rec.get("implementations"), self):
            where += self._group_link(path, ident, "implementation", node)
        for ident in _as_list(path, rec.get("bodies"), self):
            where += self._group_link(path, ident, "body", node)
        if not rec.get("implementations") and not rec.get("bodies"):
            self.problem(path, rec, "a partner group needs 'implementations' or 'bodies' (where it takes part)")
        area_label = self.g.value(area, SKOS.prefLabel) if area is not None else rec["area"]
        context = self._group_context(where[0]) if where else ""
        self.text(node, SKOS.prefLabel, f"{printed} ({area_label}{': ' + context if context else ''})")
        self.text(node, DCTERMS.description, rec.get("description"))
        self.notes(node, rec)
        self.provenance(node, path, rec)
        if rec.get("also_lines") is not None:
            again = Record({**rec, "lines": rec["also_lines"]})
            again.line = rec.line
            self.provenance(node, path, again)

    def _group_link(self, path: str, ident: Any, kind: str, group: URIRef) -> list[URIRef]:
        if ident not in self.ids.get(kind, {}):
            self.problem(path, ident, f"unknown {kind} id {ident!r}")
            return []
        subject = iri(kind, str(ident))
        self.g.add((subject, CG.partnerGroup, group))
        return [subject]

    def _group_context(self, where: URIRef) -> str:
        """A short name for where a group takes part: the scheme's name, else the initiative's title or the body's name."""
        name = self.g.value(where, CG.localName) or self.g.value(self.g.value(where, CG.implements), SKOS.prefLabel)
        return str(name or self.g.value(where, SKOS.prefLabel) or "")
