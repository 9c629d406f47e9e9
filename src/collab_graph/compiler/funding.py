"""Who funded what: funds, grants and contributions (graph/funding.yaml)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri
from .base import CompilerBase, _as_list


class FundingRecords(CompilerBase):
    """Funds (``cg:Fund``), grants and contributions (``cg:Funding``) linked to what they paid for.

    A grant names its fund (whose ``schema:funder`` runs it) or its own funder; where it gives an
    amount, ``cg:fundingFigure`` links it to the implementation's figure of that amount, and a
    missing figure is an error.
    """

    def _funding_file(self, path: str, data: Any) -> None:
        if not isinstance(data, dict):
            self.problem(path, data, "expected a mapping with funds/awards/contributions")
            return
        for key in sorted(set(data) - {"funds", "awards", "contributions"}):
            self.problem(path, key, f"unknown top-level key '{key}' (allowed: awards, contributions, funds)")
        for rec in _as_list(path, data.get("funds"), self):
            self._fund(path, rec)
        for rec in _as_list(path, data.get("awards"), self):
            self._award(path, rec)
        for n, rec in enumerate(_as_list(path, data.get("contributions"), self), start=1):
            self._contribution(path, rec, n)

    def _fund(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "fund") or not self.new_id(path, rec, "fund"):
            return
        node = iri("fund", rec["id"])
        self.g.add((node, RDF.type, CG.Fund))
        self.labels(node, rec)
        if rec.get("funder"):
            self.add(node, SCHEMA.funder, self.ref(path, rec["funder"], self.orgs))
        self.text(node, CG.added, rec.get("funder_added"))
        self.notes(node, rec)
        self.provenance(node, path, rec)

    def _award(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "award") or not self.new_id(path, rec, "award"):
            return
        node = iri("funding", rec["id"])
        impl = self._funded(path, rec, node, "grant")
        if impl is None:
            return
        self.add(node, CG.outcome, self.term(path, rec["outcome"], "outcome"))
        fund = None
        if rec.get("fund"):
            if rec["fund"] in self.ids.get("fund", {}):
                fund = iri("fund", str(rec["fund"]))
                self.g.add((node, CG.fund, fund))
            else:
                self.problem(path, rec["fund"], f"unknown fund id {rec['fund']!r}")
        if not rec.get("funder") and fund is not None:
            self.add(node, SCHEMA.funder, self.g.value(fund, SCHEMA.funder))
        for org in self.refs(path, rec.get("recipients"), self.orgs):
            self.g.add((node, CG.recipient, org))
        self.add(node, DCTERMS.date, self.typed_date(path, rec.get("date")))
        self.text(node, CG.period, rec.get("period"))
        source = self.g.value(fund, SKOS.prefLabel) if fund is not None else None
        self._funding_label(node, impl, source or self._funder_words(node, rec), rec)

    def _contribution(self, path: str, rec: Any, n: int) -> None:
        if not self.check(path, rec, "contribution"):
            return
        ident = rec.get("implementation")
        node = iri("funding", f"{ident}-contribution-{n}")
        impl = self._funded(path, rec, node, "contribution")
        if impl is not None:
            self._funding_label(node, impl, self._funder_words(node, rec), rec)

    def _funded(self, path: str, rec: Any, node: URIRef, kind: str) -> URIRef | None:
        """Common part of grants and contributions: what was paid for, by whom, how much."""
        ident = rec["implementation"]
        if ident not in self.ids.get("implementation", {}):
            self.problem(path, ident, f"unknown implementation id {ident!r}")
            return None
        impl = iri("implementation", str(ident))
        self.g.add((node, RDF.type, CG.Funding))
        self.g.add((node, SCHEMA.fundedItem, impl))
        self.add(node, CG.fundingKind, self.term(path, kind, "funding-kind"))
        for org in self.refs(path, _listed(rec.get("funder")), self.orgs):
            self.g.add((node, SCHEMA.funder, org))
        for ident in _listed(rec.get("funder_group")):
            self._id_ref(path, ident, "partner-group", node, SCHEMA.funder)
        if rec.get("funder_body"):
            self._id_ref(path, rec["funder_body"], "body", node, SCHEMA.funder)
        self.text(node, CG.funderAsPrinted, rec.get("funder_printed"))
        if rec.get("amount") is not None:
            self._funding_figure(path, rec, node, impl)
        self.text(node, DCTERMS.description, rec["description"])
        self.notes(node, rec)
        self.provenance(node, path, rec)
        return impl

    def _funding_figure(self, path: str, rec: Any, node: URIRef, impl: URIRef) -> None:
        try:
            amount = Decimal(str(rec["amount"]))
        except InvalidOperation:
            self.problem(path, rec, f"amount must be a number, got {rec['amount']!r}")
            return
        for figure in self.g.objects(impl, CG.figure):
            if Decimal(str(self.g.value(figure, SCHEMA.value))) == amount:
                self.g.add((node, CG.fundingFigure, figure))
                return
        self.problem(path, rec, f"implementation {rec['implementation']!r} has no figure of {rec['amount']}")

    def _funder_words(self, node: URIRef, rec: Any) -> str:
        names = sorted(str(self.g.value(f, SKOS.prefLabel)) for f in self.g.objects(node, SCHEMA.funder))
        return ", ".join(names) or str(rec.get("funder_printed") or "unnamed funder")

    def _funding_label(self, node: URIRef, impl: URIRef, source: Any, rec: Any) -> None:
        figure = self.g.value(node, CG.fundingFigure)
        amount = self.g.value(figure, CG.printed) if figure is not None else None
        amount = amount or (f"£{rec['amount']:,}" if rec.get("amount") is not None else "")
        what = f"{source}{' ' + str(amount) if amount else ''} for {self.g.value(impl, SKOS.prefLabel)}"
        self.text(node, SKOS.prefLabel, what)


def _listed(value: Any) -> list:
    """A field that takes one name or a list of names, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
