"""Organisations (graph/organisations/*.yaml) and the registry of names every record refers to."""

from __future__ import annotations

from typing import Any

from rdflib.namespace import ORG, RDF

from ..common.errors import Problem
from ..common.namespaces import CG, iri
from ..names.index import NameIndex
from .base import CompilerBase
from .records import Record, line_of


class OrganisationRecords(CompilerBase):
    """Organisations (graph/organisations/*.yaml) and the registry of names every record refers to."""

    def _register_named(self, path: str, rec: Any, kind: str, iri_kind: str, index: NameIndex) -> None:
        if not self.check(path, rec, kind):
            return
        ident = self.new_id(path, rec, kind)
        if ident is None:
            return
        key = str(iri(iri_kind, ident))
        for name in [rec["name"], *(rec.get("aliases") or []), *(rec.get("misspellings") or [])]:
            index.add(name, key, f"{path}:{line_of(name) or line_of(rec)}")
        index.add(ident, key, f"{path}:{line_of(rec)}")

    def _report_name_conflicts(self) -> None:
        for index in (self.orgs, self.areas):
            for name, where, other in index.conflicts:
                path, _, line = where.rpartition(":")
                self.problems.append(
                    Problem(
                        path, int(line) if line.isdigit() else None, f"{index.what} name {name!r} is already used by the record at {other}"
                    )
                )

    def _organisation(self, path: str, rec: Record) -> None:
        node = iri("org", rec["id"])
        self.g.add((node, RDF.type, ORG.Organization))
        kind = self.kind_classes.get(str(rec["kind"]))
        if kind is None:
            allowed = ", ".join(sorted(k for k, c in self.kind_classes.items() if (c, None, None) in self.g))
            self.problem(path, rec["kind"], f"organisation kind {rec['kind']!r} is not one of: {allowed}")
        else:
            self.g.add((node, RDF.type, kind))
        self.labels(node, rec)
        self.add(node, CG.sector, self.term(path, rec["sector"], "sector"))
        if rec.get("area"):
            self.add(node, CG.area, self.ref(path, rec["area"], self.areas))
        if rec.get("governed_by"):
            self.add(node, CG.governedBy, self.ref(path, rec["governed_by"], self.orgs))
        if "lines" not in rec and not rec.get("added"):
            self.problem(path, rec, "organisation needs 'lines' (where the source names it) or 'added' (why it was added)")
        self.notes(node, rec)
        self.provenance(node, path, rec)
