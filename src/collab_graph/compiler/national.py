"""National items: work streams and documents (graph/national.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from ..common.namespaces import CG, iri
from .base import _as_list
from .figures import FigureRecords
from .leaders import LeaderRecords
from .records import Record, line_of


class NationalRecords(LeaderRecords, FigureRecords):
    """National items: work streams and documents (graph/national.yaml)."""

    def _workstream(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "workstream") or not self.new_id(path, rec, "workstream"):
            return
        node = iri("workstream", rec["id"])
        self.g.add((node, RDF.type, CG.WorkStream))
        self.labels(node, rec)
        self.add(node, CG.programme, self.ref(path, rec["programme"], self.orgs))
        if rec.get("position") is not None:
            self.g.add((node, CG.position, Literal(int(rec["position"]))))
        self.text(node, DCTERMS.description, rec.get("description"))
        self.notes(node, rec)
        self.provenance(node, path, rec)

    def _document(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "document") or not self.new_id(path, rec, "document"):
            return
        node = iri("document", rec["id"])
        self.g.add((node, RDF.type, CG.Document))
        self.labels(node, rec, "title")
        self.add(node, CG.documentKind, self.term(path, rec["kind"], "document-kind"))
        self.add(node, DCTERMS.issued, self.typed_date(path, rec.get("date")))
        for org_node in self.refs(path, rec.get("authors"), self.orgs):
            self.g.add((node, DCTERMS.creator, org_node))
        for org_node in self.refs(path, rec.get("signatory_bodies"), self.orgs):
            self.g.add((node, CG.signatoryBody, org_node))
        for org_node in self.refs(path, rec.get("names_bodies"), self.orgs):
            self.g.add((node, CG.namesBody, org_node))
        for signatory in _as_list(path, rec.get("signatories"), self):
            if not self.check(path, signatory, "signatory"):
                continue
            self.g.add((node, CG.signatory, self.person(signatory["holder"])))
            post = Record(role=signatory.get("role") or "other", **{k: v for k, v in signatory.items() if k != "role"})
            post.line = line_of(signatory)
            self._post(path, post, rec)
        self.text(node, DCTERMS.description, rec.get("description"))
        self.notes(node, rec)
        self.provenance(node, path, rec)
        for n, fig in enumerate(_as_list(path, rec.get("figures"), self), start=1):
            self._figure(path, fig, node, f"{rec['id']}-{n}", str(rec["title"]))
