"""Compile the YAML records in ``graph/`` (with ``ontology/``) into one RDF graph.

Two passes: the first registers every named thing (areas, organisations, bodies, sites) so that
references can point forwards; the second emits triples, resolving each reference by name.
Every problem is collected with its file and line; any problem fails the whole compile, so a
broken file never yields a half graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, XSD

from .errors import DataError, Problem, UnknownName, turtle_problem
from .names import NameIndex, slugify
from .namespaces import CG, SCHEMA, SOURCE_DOC, bind_prefixes, iri, slug_of
from .paths import Project
from .yamlio import Record, line_of, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
SOURCE_TITLE = "Emergency Services Collaboration Working Group – National Overview"

COMMON = {"note", "source_issue", "lines", "page"}
FIELDS: dict[str, tuple[set[str], set[str]]] = {
    "section": ({"id", "title", "lines"}, {"theme", "position", "in_this_section"}),
    "area": ({"id", "name", "kind"}, {"aliases", "within", "added"}),
    "organisation": ({"id", "name", "sector", "kind"}, {"aliases", "misspellings", "area", "governed_by", "added"}),
    "body": ({"id", "name", "kind", "lines"}, {"aliases", "area", "members", "chair", "description"}),
    "site": ({"id", "name", "kind", "used_by", "lines"}, {"area", "description"}),
    "leaders": ({"area", "posts"}, {"services"}),
    "post": ({"role", "holder", "organisation"}, {"party"}),
    "index": ({"label", "organisation", "pages", "lines"}, set()),
    "initiative": (
        {"id", "title", "description", "status", "lines", "implementations"},
        {"aliases", "position", "area_bullets", "figures"},
    ),
    "implementation": (
        {"id", "area", "status", "partners", "lines"},
        {"name", "start", "end", "partners_as_printed", "lead", "description", "section", "sites", "bodies", "figures"},
    ),
    "figure": ({"amount", "unit", "measure", "kind", "lines"}, {"period", "printed"}),
    "workstream": ({"id", "name", "programme", "lines"}, {"position", "description"}),
    "document": (
        {"id", "title", "kind", "lines"},
        {"date", "authors", "signatory_bodies", "signatories", "names_bodies", "description", "figures"},
    ),
    "signatory": ({"holder", "organisation"}, {"role"}),
}


@dataclass
class Compiled:
    """The compiled graph and, for messages, where each record came from (``graph/x.yaml:12``)."""

    graph: Graph
    origins: dict[URIRef, str] = field(default_factory=dict)


class Compiler:
    """Compiles one project's ``graph/`` and ``ontology/`` into a :class:`Compiled` graph."""

    def __init__(self, project: Project):
        self.project = project
        self.problems: list[Problem] = []
        self.g = bind_prefixes(Graph())
        self.origins: dict[URIRef, str] = {}
        self.orgs = NameIndex("organisation")
        self.areas = NameIndex("area")
        self.ids: dict[str, dict[str, str]] = {}
        self.sections: dict[str, tuple[str, int, int]] = {}
        self.source_lines = self._count_source_lines()
        self.vocab, self.kind_classes = self._load_ontology()

    # ------------------------------------------------------------------ entry point

    def run(self) -> Compiled:
        """Compile everything; raise DataError listing every problem found."""
        files = self._load_files()
        self._raise_if_problems()
        sections = files.pop("themes.yaml")
        self._sections(sections)
        for path, data in files.items():
            self._register(path, data)
        self._report_name_conflicts()
        self._raise_if_problems()
        for path, data in files.items():
            self._emit_file(path, data)
        self._raise_if_problems()
        return Compiled(self.g, self.origins)

    def _raise_if_problems(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    # ------------------------------------------------------------------ loading

    def _count_source_lines(self) -> int | None:
        try:
            return len(self.project.source.read_text(encoding="utf-8").splitlines())
        except OSError:
            return None

    def _load_ontology(self) -> tuple[dict[str, dict[str, URIRef]], dict[str, URIRef]]:
        for name in ("collab.ttl", "vocabularies.ttl"):
            path = self.project.ontology_dir / name
            try:
                self.g.parse(path, format="turtle")
            except FileNotFoundError:
                raise DataError([Problem(self.project.shown(path), None, "file not found")]) from None
            except Exception as exc:  # rdflib raises several parser error types
                raise DataError([turtle_problem(self.project.shown(path), exc)]) from None
        vocab: dict[str, dict[str, URIRef]] = {}
        for scheme in self.g.subjects(RDF.type, SKOS.ConceptScheme):
            allowed = {str(self.g.value(c, SKOS.notation)): c for c in self.g.subjects(SKOS.inScheme, scheme)}
            vocab[slug_of(scheme)] = allowed
        kinds = {str(n): c for c, n in self.g.subject_objects(SKOS.notation) if str(c).startswith(str(CG))}
        return vocab, kinds

    def _load_files(self) -> dict[str, Any]:
        graph_dir = self.project.graph_dir
        paths = [graph_dir / "themes.yaml", graph_dir / "areas.yaml"]
        paths += sorted((graph_dir / "organisations").glob("*.yaml"))
        paths += [graph_dir / "leaders.yaml", graph_dir / "index.yaml", graph_dir / "national.yaml"]
        paths += sorted((graph_dir / "initiatives").glob("*.yaml"))
        files: dict[str, Any] = {}
        for path in paths:
            shown = self.project.shown(path)
            if not path.exists() and path.name in {"national.yaml", "index.yaml", "leaders.yaml"}:
                continue
            try:
                data = load_yaml(path, shown)
            except DataError as exc:
                self.problems.extend(exc.problems)
                continue
            key = "themes.yaml" if path.name == "themes.yaml" and path.parent == graph_dir else shown
            files[key] = data if data is not None else []
        return files

    # ------------------------------------------------------------------ checking helpers

    def problem(self, path: str, where: Any, message: str) -> None:
        self.problems.append(Problem(path, line_of(where), message))

    def check(self, path: str, rec: Any, kind: str) -> bool:
        """True when ``rec`` is a mapping with the required fields and no unknown ones."""
        if not isinstance(rec, dict):
            self.problem(path, rec, f"expected a {kind} record (a mapping), got {type(rec).__name__}")
            return False
        required, optional = FIELDS[kind]
        ok = True
        for name in sorted(required - rec.keys()):
            self.problem(path, rec, f"{kind} record lacks required field '{name}'")
            ok = False
        for name in sorted(rec.keys() - required - optional - COMMON):
            self.problem(
                path, rec, f"{kind} record has unknown field '{name}' (allowed: {', '.join(sorted(required | optional | COMMON))})"
            )
            ok = False
        return ok

    def new_id(self, path: str, rec: Record, kind: str) -> str | None:
        value = rec.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(path, rec, f"{kind} id {value!r} is not a slug (lowercase letters, digits and single hyphens)")
            return None
        seen = self.ids.setdefault(kind, {})
        if value in seen:
            self.problem(path, value, f"duplicate {kind} id '{value}' (first defined at {seen[value]})")
            return None
        seen[value] = f"{path}:{line_of(rec)}"
        return value

    def term(self, path: str, value: Any, scheme: str) -> URIRef | None:
        allowed = self.vocab.get(scheme, {})
        if value in allowed:
            return allowed[value]
        self.problem(path, value, f"{scheme} {value!r} is not one of: {', '.join(sorted(allowed))}")
        return None

    def ref(self, path: str, name: Any, index: NameIndex) -> URIRef | None:
        if not isinstance(name, str):
            self.problem(path, name, f"expected a {index.what} name, got {name!r}")
            return None
        try:
            return URIRef(index.resolve(name))
        except UnknownName as exc:
            self.problem(path, name, str(exc))
            return None

    def refs(self, path: str, names: Any, index: NameIndex) -> list[URIRef]:
        found = [self.ref(path, n, index) for n in _as_list(path, names, self)]
        return [f for f in found if f is not None]

    def lines(self, path: str, rec: Record) -> tuple[int, int] | None:
        value = rec.get("lines")
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not 1 <= value[0] <= value[1]
        ):
            self.problem(path, rec, f"lines must be [first, last] with 1 <= first <= last, got {value!r}")
            return None
        if self.source_lines and value[1] > self.source_lines:
            self.problem(path, rec, f"lines {value} go past the end of the source ({self.source_lines} lines)")
            return None
        return value[0], value[1]

    # ------------------------------------------------------------------ emitting helpers

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        if o is None:
            return
        self.g.add((s, p, o if isinstance(o, URIRef | Literal) else Literal(str(o))))

    def text(self, s: URIRef, p: URIRef, value: Any) -> None:
        if value is not None and str(value).strip():
            self.g.add((s, p, Literal(str(value).strip())))

    def notes(self, s: URIRef, rec: Record) -> None:
        self.text(s, SKOS.note, rec.get("note"))
        self.text(s, CG.sourceIssue, rec.get("source_issue"))
        self.text(s, CG.added, rec.get("added"))

    def provenance(self, s: URIRef, path: str, rec: Record, heading: str | None = None) -> None:
        """Attach ``s#lines-A-B``: the section, heading, page and lines the record comes from.

        A thing printed in several places (a leader listed under several areas) gets one excerpt each.
        """
        self.origins.setdefault(s, f"{path}:{line_of(rec)}")
        if "lines" not in rec:
            return
        span = self.lines(path, rec)
        if span is None:
            return
        excerpt = URIRef(f"{s}#lines-{span[0]}-{span[1]}")
        self.g.add((s, PROV.wasDerivedFrom, excerpt))
        self.g.add((excerpt, RDF.type, CG.SourceExcerpt))
        self.g.add((excerpt, DCTERMS.isPartOf, SOURCE_DOC))
        self.g.add((excerpt, CG.lineStart, Literal(span[0])))
        self.g.add((excerpt, CG.lineEnd, Literal(span[1])))
        self.add(excerpt, CG.section, self._section_of(span[0]))
        self.text(excerpt, CG.heading, heading)
        page = rec.get("page")
        if page is not None:
            if isinstance(page, int) and not isinstance(page, bool) and page > 0:
                self.g.add((excerpt, CG.page, Literal(page)))
            else:
                self.problem(path, rec, f"page must be a positive whole number, got {page!r}")

    def _section_of(self, line: int) -> URIRef | None:
        for section_id, (_title, first, last) in self.sections.items():
            if first <= line <= last:
                return iri("section", section_id)
        return None

    def labels(self, s: URIRef, rec: Record, name_field: str = "name") -> None:
        self.text(s, SKOS.prefLabel, rec.get(name_field))
        for alias in rec.get("aliases") or []:
            self.text(s, SKOS.altLabel, alias)
        for spelling in rec.get("misspellings") or []:
            self.text(s, SKOS.hiddenLabel, spelling)

    def person(self, name: str) -> URIRef:
        node = iri("person", slugify(name))
        self.g.add((node, RDF.type, FOAF.Person))
        self.g.set((node, FOAF.name, Literal(str(name).strip())))
        self.g.set((node, SKOS.prefLabel, Literal(str(name).strip())))
        return node

    def typed_date(self, path: str, value: Any) -> Literal | None:
        if value is None:
            return None
        text = value.isoformat() if isinstance(value, date) else str(value)
        if not DATE_PATTERN.match(text):
            self.problem(path, value, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        return Literal(text, datatype=DATE_TYPES[len(text)])

    # ------------------------------------------------------------------ pass 1: register names

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

    def _register(self, path: str, data: Any) -> None:
        name = Path(path).name
        if path.startswith("graph/organisations/"):
            for rec in _as_list(path, data, self):
                self._register_named(path, rec, "organisation", "org", self.orgs)
        elif name == "areas.yaml":
            for rec in _as_list(path, data, self):
                self._register_named(path, rec, "area", "area", self.areas)
        elif path.startswith("graph/initiatives/") or name == "national.yaml":
            if not isinstance(data, dict):
                self.problem(path, data, "expected a mapping with theme/initiatives/sites/bodies")
                return
            for rec in _as_list(path, data.get("bodies"), self):
                self._register_named(path, rec, "body", "body", self.orgs)
            for rec in _as_list(path, data.get("sites"), self):
                if self.check(path, rec, "site"):
                    self.new_id(path, rec, "site")

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

    # ------------------------------------------------------------------ pass 2: emit

    def _emit_file(self, path: str, data: Any) -> None:
        name = Path(path).name
        if path.startswith("graph/organisations/"):
            for rec in data:
                self._organisation(path, rec)
        elif name == "areas.yaml":
            for rec in data:
                self._area(path, rec)
        elif name == "leaders.yaml":
            for rec in _as_list(path, data, self):
                self._leaders(path, rec)
        elif name == "index.yaml":
            for rec in _as_list(path, data, self):
                self._index_entry(path, rec)
        elif name == "national.yaml" or path.startswith("graph/initiatives/"):
            self._collaboration_file(path, data)
        else:
            self.problem(path, None, "unexpected data file (see docs/data-format.md for the layout)")

    def _area(self, path: str, rec: Record) -> None:
        node = iri("area", rec["id"])
        self.g.add((node, RDF.type, CG.Area))
        self.labels(node, rec)
        self.add(node, CG.areaKind, self.term(path, rec["kind"], "area-kind"))
        for parent in self.refs(path, rec.get("within"), self.areas):
            self.g.add((node, CG.within, parent))
        self.notes(node, rec)
        self.provenance(node, path, rec)

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

    def _post(self, path: str, rec: Any, fallback: Record) -> URIRef | None:
        if not self.check(path, rec, "post"):
            return None
        org_node = self.ref(path, rec["organisation"], self.orgs)
        role = self.term(path, rec["role"], "role")
        if org_node is None or role is None:
            return None
        person = self.person(rec["holder"])
        node = iri("post", f"{slug_of(org_node)}--{rec['role']}--{slug_of(person)}")
        self.g.add((node, RDF.type, ORG.Post))
        self.g.add((node, ORG.postIn, org_node))
        self.g.add((node, ORG.heldBy, person))
        self.g.add((node, ORG.role, role))
        self.text(node, CG.party, rec.get("party"))
        role_label = self.g.value(role, SKOS.prefLabel)
        org_label = self.g.value(org_node, SKOS.prefLabel) or slug_of(org_node)
        self.text(node, SKOS.prefLabel, f"{role_label}, {org_label}: {rec['holder']}")
        self.notes(node, rec)
        self.provenance(node, path, rec if "lines" in rec else _with_lines(rec, fallback))
        return node

    def _leaders(self, path: str, rec: Any) -> None:
        if not self.check(path, rec, "leaders"):
            return
        area = self.ref(path, rec["area"], self.areas)
        if area is not None:
            for service in self.refs(path, rec.get("services"), self.orgs):
                self.g.add((area, CG.servedBy, service))
            self.notes(area, rec)
        for post in _as_list(path, rec["posts"], self):
            self._post(path, post, rec)

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

    def _collaboration_file(self, path: str, data: dict) -> None:
        allowed = {"theme", "initiatives", "sites", "bodies", "posts", "workstreams", "documents"}
        for key in sorted(set(data) - allowed):
            self.problem(path, key, f"unknown top-level key '{key}' (allowed: {', '.join(sorted(allowed))})")
        theme = None
        if "initiatives" in data or "theme" in data:
            theme_id = data.get("theme")
            if theme_id not in self.sections:
                self.problem(path, theme_id, f"theme {theme_id!r} is not a section id in graph/themes.yaml")
            else:
                theme = theme_id
        for rec in _as_list(path, data.get("bodies"), self):
            if isinstance(rec, dict) and "id" in rec:
                self._body(path, rec)
        for rec in _as_list(path, data.get("sites"), self):
            if isinstance(rec, dict) and "id" in rec:
                self._site(path, rec)
        for rec in _as_list(path, data.get("posts"), self):
            self._post(path, rec, rec)
        for rec in _as_list(path, data.get("workstreams"), self):
            self._workstream(path, rec)
        for rec in _as_list(path, data.get("documents"), self):
            self._document(path, rec)
        for rec in _as_list(path, data.get("initiatives"), self):
            if theme is not None:
                self._initiative(path, rec, theme)

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
            label += " (planned)"
        self.text(node, SKOS.prefLabel, label)
        self.text(node, CG.localName, rec.get("name"))
        self.add(node, CG.status, self.term(path, rec["status"], "status"))
        partners = self.refs(path, rec["partners"], self.orgs)
        lead = self.ref(path, rec["lead"], self.orgs) if rec.get("lead") else None
        for partner in {*partners, *([lead] if lead is not None else [])}:
            self.g.add((node, CG.partner, partner))
        self.add(node, CG.lead, lead)
        self.text(node, CG.partnersAsPrinted, rec.get("partners_as_printed"))
        self.add(node, SCHEMA.startDate, self.typed_date(path, rec.get("start")))
        self.add(node, SCHEMA.endDate, self.typed_date(path, rec.get("end")))
        self.text(node, DCTERMS.description, rec.get("description"))
        section = rec.get("section", "implementation")
        if section not in {"implementation", "future", "background", "benefits"}:
            self.problem(path, section, f"section {section!r} is not one of: background, benefits, future, implementation")
        for site_id in _as_list(path, rec.get("sites"), self):
            self._id_ref(path, site_id, "site", node, CG.site)
        for body_id in _as_list(path, rec.get("bodies"), self):
            self._id_ref(path, body_id, "body", node, CG.governance)
        self.notes(node, rec)
        self.provenance(node, path, rec, heading=title)
        for n, fig in enumerate(_as_list(path, rec.get("figures"), self), start=1):
            self._figure(path, fig, node, f"{rec['id']}-{n}", title)

    def _id_ref(self, path: str, ident: Any, kind: str, subject: URIRef, predicate: URIRef) -> None:
        if ident in self.ids.get(kind, {}):
            self.g.add((subject, predicate, iri(kind, str(ident))))
        else:
            self.problem(path, ident, f"unknown {kind} id {ident!r}")

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
        self.notes(node, rec)
        self.provenance(node, path, rec, heading=heading)


def canonical_decimal(amount: Decimal) -> str:
    """The canonical xsd:decimal form, so every serialisation round-trips to the same literal.

    >>> canonical_decimal(Decimal("560000")), canonical_decimal(Decimal("2.20")), canonical_decimal(Decimal("1E+3"))
    ('560000.0', '2.2', '1000.0')
    """
    text = format(amount.normalize(), "f")
    return text if "." in text else f"{text}.0"


def _as_list(path: str, value: Any, compiler: Compiler) -> list:
    """A YAML list (None counts as empty); anything else is reported and skipped."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    compiler.problem(path, value, f"expected a list, got {value!r}")
    return []


def _with_lines(rec: Record, fallback: Record) -> Record:
    copy = Record(rec)
    copy.line = line_of(rec)
    if "lines" in fallback:
        copy["lines"] = fallback["lines"]
    return copy


def compile_project(project: Project) -> Compiled:
    """Compile ``project``'s data; raises DataError with every problem found."""
    return Compiler(project).run()


def iter_records(values: Iterable[Any]) -> Iterable[Record]:
    """The mappings among ``values`` (helper for tools reading the YAML directly)."""
    return (v for v in values if isinstance(v, dict))
