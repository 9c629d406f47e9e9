"""Areas (graph/areas.yaml) and how they nest."""

from __future__ import annotations

from rdflib.namespace import RDF

from ..common.namespaces import CG, iri
from .base import CompilerBase
from .records import Record


class AreaRecords(CompilerBase):
    """Areas (graph/areas.yaml) and how they nest."""

    def _area(self, path: str, rec: Record) -> None:
        node = iri("area", rec["id"])
        self.g.add((node, RDF.type, CG.Area))
        self.labels(node, rec)
        self.add(node, CG.areaKind, self.term(path, rec["kind"], "area-kind"))
        for parent in self.refs(path, rec.get("within"), self.areas):
            self.g.add((node, CG.within, parent))
        for member in self.refs(path, rec.get("covers"), self.areas):  # a joint area's members
            self.g.add((node, CG.covers, member))
        self.notes(node, rec)
        self.provenance(node, path, rec)
