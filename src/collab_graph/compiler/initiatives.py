"""Initiatives and their local implementations (graph/initiatives/*.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri
from .base import _as_list
from .figures import FigureRecords
from .records import Record, line_of


class InitiativeRecords(FigureRecords):
    """Initiatives and their local implementations (graph/initiatives/*.yaml)."""

    def _initiative(self, path: str, rec: Any, theme: str) -> None:
        if not self.check(path, rec, "initiative") or not self.new_id(path, rec, "initiative"):
            return
        node = iri("initiative", rec["id"])
        title = str(rec["title"])
        self.g.add((node, RDF.type, CG.Initiative))
        self.labels(node, rec, "title")
        self.text(node, DCTERMS.description, rec["description"])
        self.g.add((node, CG.theme, iri("section", theme)))
        self.add(node, CG.status, self.term(path, rec["status"], "status"))
        if rec.get("position") is not None:
            self.g.add((node, CG.position, Literal(int(rec["position"]))))
        if rec.get("printed_within") is not None:
            self.g.add((node, CG.printedWithin, iri("initiative", str(rec["printed_within"]))))
        self.notes(node, rec)
        self.provenance(node, path, rec, heading=title)
        for n, fig in enumerate(_as_list(path, rec.get("figures"), self), start=1):
            self._figure(path, fig, node, f"{rec['id']}-{n}", title)
        for impl in _as_list(path, rec["implementations"], self):
            self._implementation(path, impl, node, title)

    def _implementation(self, path: str, rec: Any, initiative: URIRef, title: str) -> None:
        if not self.check(path, rec, "implementation") or not self.new_id(path, rec, "implementation"):
            return
        node = iri("implementation", rec["id"])
        self.g.add((node, RDF.type, CG.Implementation))
        self.g.add((node, CG.implements, initiative))
        area = self.ref(path, rec["area"], self.areas)
        self.add(node, CG.area, area)
        area_label = self.g.value(area, SKOS.prefLabel) if area is not None else rec["area"]
        label = f"{title} – {area_label}" + (f" ({rec['name']})" if rec.get("name") else "")
        if rec.get("section") == "future":
            label += " (Future)"  # where it is printed; its status is read from its text
        self.text(node, SKOS.prefLabel, label)
        self.text(node, CG.localName, rec.get("name"))
        self.add(node, CG.status, self.term(path, rec["status"], "status"))
        partners = self.refs(path, rec["partners"], self.orgs)
        lead = self.ref(path, rec["lead"], self.orgs) if rec.get("lead") else None
        for partner in {*partners, *([lead] if lead is not None else [])}:
            self.g.add((node, CG.partner, partner))
        self.add(node, CG.lead, lead)
        self.text(node, CG.partnersAsPrinted, rec.get("partners_as_printed"))
        self.text(node, CG.authorityOnly, rec.get("authority_only"))
        self.add(node, SCHEMA.startDate, self.typed_date(path, rec.get("start")))
        self.add(node, SCHEMA.endDate, self.typed_date(path, rec.get("end")))
        self.text(node, DCTERMS.description, rec.get("description"))
        self.add(node, CG.printedUnder, self.term(path, rec.get("section", "implementation"), "block-section"))
        if rec.get("status_lines") is not None:
            self.status_source(path, node, rec, title)
        for adviser in self.refs(path, rec.get("advisers"), self.orgs):
            self.g.add((node, CG.adviser, adviser))
        for site_id in _as_list(path, rec.get("sites"), self):
            self._id_ref(path, site_id, "site", node, CG.site)
        for body_id in _as_list(path, rec.get("bodies"), self):
            self._id_ref(path, body_id, "body", node, CG.governance)
        self.notes(node, rec)
        self.provenance(node, path, rec, heading=title)
        if rec.get("printed_again") is not None:  # the same collaboration printed a second time
            again = Record({"lines": rec["printed_again"]})
            again.line = line_of(rec["printed_again"]) or line_of(rec)
            self.provenance(node, path, again, heading=title)
        for n, fig in enumerate(_as_list(path, rec.get("figures"), self), start=1):
            self._figure(path, fig, node, f"{rec['id']}-{n}", title)

    def status_source(self, path: str, node: URIRef, rec: Any, heading: str) -> None:
        """Attach ``cg:statusSource``: the excerpt whose words give the implementation's status."""
        given = Record({"lines": rec["status_lines"]})
        given.line = line_of(rec)
        span = self.lines(path, given)
        if span is None:
            return
        first, last = self.lines(path, rec) or (0, 0)
        if not first <= span[0] <= span[1] <= last:
            self.problem(path, rec, f"status_lines {list(span)} lie outside the block's lines {rec['lines']}")
            return
        self.g.add((node, CG.statusSource, self.excerpt(span, URIRef(f"{node}#status-lines-{span[0]}-{span[1]}"), heading)))
