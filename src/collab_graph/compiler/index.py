"""The source's index: printed names with their page lists (graph/index.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from ..common.namespaces import CG, iri
from ..names.index import slugify
from .base import CompilerBase, _as_list


class IndexRecords(CompilerBase):
    """The source's index: printed names with their page lists (graph/index.yaml)."""

    def _index_entry(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "index"):
            return
        node = iri("index", slugify(rec["label"]))
        if (node, None, None) in self.g:
            self.problem(path, rec, f"duplicate index entry {rec['label']!r}")
            return
        self.g.add((node, RDF.type, CG.IndexEntry))
        self.text(node, SKOS.prefLabel, rec["label"])
        self.add(node, CG.refersTo, self.ref(path, rec["organisation"], self.orgs))
        for page in _as_list(path, rec["pages"], self):
            if isinstance(page, int) and not isinstance(page, bool) and page > 0:
                self.g.add((node, CG.page, Literal(page)))
            else:
                self.problem(path, rec, f"index page must be a positive whole number, got {page!r}")
        self.notes(node, rec)
        self.provenance(node, path, rec)
