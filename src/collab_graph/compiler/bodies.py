"""Governance bodies and sites, named in the initiative files and graph/national.yaml."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, ORG, RDF

from ..common.namespaces import CG, iri
from .leaders import LeaderRecords
from .records import Record, line_of


class BodyRecords(LeaderRecords):
    """Governance bodies and sites, named in the initiative files and graph/national.yaml."""

    def _body(self, path: str, rec: Record) -> None:
        node = iri("body", rec["id"])
        self.g.add((node, RDF.type, CG.GovernanceBody))
        self.labels(node, rec)
        self.add(node, CG.bodyKind, self.term(path, rec["kind"], "body-kind"))
        if rec.get("area"):
            self.add(node, CG.area, self.ref(path, rec["area"], self.areas))
        for member in self.refs(path, rec.get("members"), self.orgs):
            self.g.add((node, ORG.hasMember, member))
        self.text(node, DCTERMS.description, rec.get("description"))
        chair = rec.get("chair")
        if chair is not None:
            if isinstance(chair, dict) and "holder" in chair:
                chair_rec = Record({**chair, "role": "chair", "organisation": rec["id"]})
                chair_rec.line = line_of(chair) or line_of(rec)
                post = self._post(path, chair_rec, rec)
                if post is not None and chair.get("organisation"):
                    self.add(post, CG.onBehalfOf, self.ref(path, chair["organisation"], self.orgs))
            else:
                self.problem(path, rec, "chair must be a mapping with 'holder' (and optional 'note', 'lines')")
        self.notes(node, rec)
        self.provenance(node, path, rec)

    def _site(self, path: str, rec: Record) -> None:
        node = iri("site", rec["id"])
        self.g.add((node, RDF.type, ORG.Site))
        self.labels(node, rec)
        self.add(node, CG.siteKind, self.term(path, rec["kind"], "site-kind"))
        if rec.get("area"):
            self.add(node, CG.area, self.ref(path, rec["area"], self.areas))
        for user in self.refs(path, rec["used_by"], self.orgs):
            self.g.add((user, ORG.hasSite, node))
        self.text(node, DCTERMS.description, rec.get("description"))
        self.notes(node, rec)
        self.provenance(node, path, rec)
