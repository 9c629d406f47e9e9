"""Figures: amounts with unit, measure, kind and period."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from ..common.namespaces import CG, SCHEMA, iri, slug_of
from .base import ID_PATTERN, CompilerBase, canonical_decimal


class FigureRecords(CompilerBase):
    """Figures: amounts with unit, measure, kind and period."""

    def _figure(self, path: str, rec: Any, owner: URIRef, ident: str, heading: str) -> None:
        if not self.check(path, rec, "figure"):
            return
        try:
            amount = Decimal(str(rec["amount"]))
            if not amount.is_finite() or isinstance(rec["amount"], bool):
                raise InvalidOperation
        except InvalidOperation:
            self.problem(path, rec, f"figure amount must be a number, got {rec['amount']!r}")
            return
        node = iri("figure", ident)
        self.g.add((owner, CG.figure, node))
        self.g.add((node, RDF.type, CG.Figure))
        self.g.add((node, SCHEMA.value, Literal(canonical_decimal(amount), datatype=XSD.decimal)))
        unit = self.term(path, rec["unit"], "unit")
        self.add(node, CG.unit, unit)
        self.text(node, CG.measure, rec["measure"])
        self.text(node, CG.period, rec.get("period"))
        self.add(node, CG.figureKind, self.term(path, rec["kind"], "figure-kind"))
        self.text(node, CG.printed, rec.get("printed"))
        unit_label = self.g.value(unit, SKOS.prefLabel) if unit is not None else rec["unit"]
        self.text(
            node,
            SKOS.prefLabel,
            f"{rec.get('printed') or amount} {'' if rec.get('printed') else unit_label}".strip() + f": {rec['measure']}",
        )
        if rec.get("alternative_group") is not None:
            self._alternative(path, rec, owner, node)
        self.notes(node, rec)
        self.provenance(node, path, rec, heading=heading)

    def _alternative(self, path: str, rec: Any, owner: URIRef, figure: URIRef) -> None:
        """Put ``figure`` in its record's group of alternative figures; the first printed is the one totals count."""
        name = str(rec["alternative_group"])
        if not ID_PATTERN.match(name):
            self.problem(path, name, f"alternative_group {name!r} is not a slug (lowercase letters, digits and single hyphens)")
            return
        group = iri("alternatives", f"{slug_of(owner)}--{name}")
        if (group, RDF.type, CG.AlternativeGroup) not in self.g:
            self.g.add((group, RDF.type, CG.AlternativeGroup))
            self.g.add((group, CG.countedFigure, figure))
            self.text(group, SKOS.prefLabel, f"alternative figures ({name.replace('-', ' ')})")
        self.g.add((group, CG.alternative, figure))
