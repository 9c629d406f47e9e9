"""The source's sections and themes (graph/themes.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ..common.namespaces import CG, SCHEMA, SOURCE_DOC, iri
from .base import SOURCE_TITLE, CompilerBase, _as_list


class SectionRecords(CompilerBase):
    """The source's sections and themes (graph/themes.yaml)."""

    def _sections(self, data: Any) -> None:
        path = "graph/themes.yaml"
        for rec in _as_list(path, data, self):
            if not self.check(path, rec, "section") or not self.new_id(path, rec, "section"):
                continue
            span = self.lines(path, rec)
            if span:
                self.sections[rec["id"]] = (rec["title"], *span)
        self._raise_if_problems()
        self.g.add((SOURCE_DOC, RDF.type, PROV.Entity))
        self.g.add((SOURCE_DOC, RDF.type, SCHEMA.CreativeWork))
        self.text(SOURCE_DOC, SKOS.prefLabel, SOURCE_TITLE)
        self.g.add((SOURCE_DOC, DCTERMS.issued, Literal("2016", datatype=XSD.gYear)))
        sections_scheme, themes_scheme = iri("section", ""), iri("theme", "")
        sections_scheme = URIRef(str(sections_scheme).rstrip("/"))
        themes_scheme = URIRef(str(themes_scheme).rstrip("/"))
        for scheme, label in ((sections_scheme, "Sections of the source"), (themes_scheme, "Themes")):
            self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
            self.text(scheme, SKOS.prefLabel, label)
        for rec in data:
            node = iri("section", rec["id"])
            self.g.add((node, RDF.type, SKOS.Concept))
            self.g.add((node, SKOS.inScheme, sections_scheme))
            self.g.add((node, DCTERMS.isPartOf, SOURCE_DOC))
            self.text(node, SKOS.prefLabel, rec["title"])
            if rec.get("theme"):
                self.g.add((node, SKOS.inScheme, themes_scheme))
                self.g.add((node, SKOS.topConceptOf, themes_scheme))
            if rec.get("position") is not None:
                self.g.add((node, CG.position, Literal(int(rec["position"]))))
            for n, entry in enumerate(rec.get("in_this_section") or [], start=1):
                self.text(node, CG.sectionChecklist, f"{n}. {entry}")
            self.provenance(node, path, rec)
