"""People and posts named in the running text (graph/people.yaml)."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib.namespace import ORG, RDF, SKOS

from ..common.namespaces import CG, SCHEMA, iri, slug_of
from ..names.index import slugify
from .base import CompilerBase, _as_list
from .records import Record


class PeopleRecords(CompilerBase):
    """Posts and roles the running text names: board members, co-chairs, officers who lead schemes.

    Each record is an ``org:Post`` with its role, its title as printed (``cg:postTitle``), the
    organisation or body it is in (``org:postIn``), whom it represents (``cg:onBehalfOf``) and the
    implementations it works on (``cg:worksOn``); ``org:heldBy`` only where a person is named.
    """

    def _people(self, path: str, data: Any) -> None:
        for rec in _as_list(path, data, self):
            self._person_post(path, rec)

    def _person_post(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "person-post"):
            return
        role = self.term(path, rec["role"], "role")
        place = self._post_place(path, rec)
        if role is None or place is None:
            return
        holder = rec.get("holder")
        if holder is None and not rec.get("title"):
            self.problem(path, rec, "a post without a named holder needs a 'title' (the post as printed)")
            return
        who = slugify(str(holder)) if holder else slugify(str(rec["title"]))[:60].rstrip("-")
        node = iri("post", f"{slug_of(place)}--{rec['role']}--{who}")
        if (node, RDF.type, ORG.Post) in self.g:
            self.problem(path, rec, f"the same post is recorded twice ({slug_of(node)})")
            return
        self.g.add((node, RDF.type, ORG.Post))
        self.g.add((node, ORG.role, role))
        if (place, RDF.type, CG.Implementation) not in self.g:
            self.g.add((node, ORG.postIn, place))
        self.text(node, CG.postTitle, rec.get("title"))
        if rec.get("on_behalf_of"):
            self.add(node, CG.onBehalfOf, self.ref(path, rec["on_behalf_of"], self.orgs))
        for ident in _as_list(path, rec.get("implementations"), self):
            self._id_ref(path, ident, "implementation", node, CG.worksOn)
        self.add(node, SCHEMA.startDate, self.typed_date(path, rec.get("start")))
        place_label = self.g.value(place, SKOS.prefLabel) or slug_of(place)
        what = rec.get("title") or self.g.value(role, SKOS.prefLabel)
        if holder:
            self.g.add((node, ORG.heldBy, self.person(str(holder))))
            self.text(node, SKOS.prefLabel, f"{what}, {place_label}: {holder}")
        else:
            self.text(node, SKOS.prefLabel, f"{what} ({place_label}; not named)")
        self.notes(node, rec)
        self.provenance(node, path, rec)
        for key in ("holder_lines", "also_lines"):  # where the holder is named; where the source prints the post again
            if rec.get(key) is not None:
                again = Record({**rec, "lines": rec[key]})
                again.line = rec.line
                self.provenance(node, path, again)

    def _post_place(self, path: str, rec: Record) -> URIRef | None:
        """The organisation or body a post is in; failing both, the first implementation it works on."""
        if rec.get("organisation") and rec.get("body"):
            self.problem(path, rec, "a post is in one organisation or one body, not both")
            return None
        if rec.get("organisation"):
            return self.ref(path, rec["organisation"], self.orgs)
        if rec.get("body"):
            if rec["body"] not in self.ids.get("body", {}):
                self.problem(path, rec["body"], f"unknown body id {rec['body']!r}")
                return None
            return iri("body", str(rec["body"]))
        first = next(iter(_as_list(path, rec.get("implementations"), self)), None)
        if first is None:
            self.problem(path, rec, "a post needs 'organisation', 'body' or 'implementations'")
            return None
        if first not in self.ids.get("implementation", {}):
            self.problem(path, first, f"unknown implementation id {first!r}")
            return None
        return iri("implementation", str(first))
