"""Abbreviations the source prints for several organisations (graph/abbreviations.yaml).

Each sense becomes a ``cg:AbbreviationSense``: the abbreviation, the organisation it stands for
(``cg:refersTo``) and one excerpt per line that uses it that way, so ``show HFRS`` can list every
sense with its lines and relationship lines can read "HFRS" at line 670 as Hampshire's service.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF

from ..common.namespaces import CG, iri, slug_of
from ..names.index import slugify
from .base import CompilerBase, _as_list
from .records import Record, line_of


class AbbreviationRecords(CompilerBase):
    """graph/abbreviations.yaml: ``abbreviation`` and its ``senses`` (organisation, ``used_at`` lines)."""

    def _abbreviations(self, path: str, data: Any) -> None:
        for rec in _as_list(path, data, self):
            if not self.check(path, rec, "abbreviation"):
                continue
            printed = str(rec["abbreviation"])
            if printed in self.orgs:
                self.problem(path, rec, f"abbreviation {printed!r} is also an organisation's name or alias; an alias names one thing")
            for sense in _as_list(path, rec["senses"], self):
                if self.check(path, sense, "sense"):
                    self._sense(path, printed, sense)

    def _sense(self, path: str, printed: str, rec: Record) -> None:
        org = self.ref(path, rec["organisation"], self.orgs)
        if org is None:
            return
        node = iri("abbreviation", f"{slugify(printed)}--{slug_of(org)}")
        self.g.add((node, RDF.type, CG.AbbreviationSense))
        self.text(node, CG.abbreviation, printed)
        self.g.add((node, CG.refersTo, URIRef(org)))
        self.notes(node, rec)
        lines = _as_list(path, rec["used_at"], self)
        if not lines:
            self.problem(path, rec, "used_at must list at least one line")
        for line in lines:
            if not isinstance(line, int) or isinstance(line, bool):
                self.problem(path, rec, f"used_at lines must be whole numbers, got {line!r}")
                continue
            span = Record(lines=[line, line])
            span.line = line_of(rec)
            self.provenance(node, path, span)
