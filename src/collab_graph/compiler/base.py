"""The compiler's shared state and helpers: loading the files, checking fields, emitting triples with provenance.

Each record kind adds its own methods in a module of this package (areas, organisations,
leaders, bodies and sites, national items, initiatives and implementations, figures, index);
:mod:`collab_graph.compiler.build` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from ..common.errors import DataError, Problem, UnknownName, turtle_problem
from ..common.namespaces import CG, SOURCE_DOC, bind_prefixes, iri, slug_of
from ..common.paths import Project
from ..names.index import NameIndex, slugify
from .compiled import Compiled  # noqa: F401  (build and older callers take it from here)
from .fields import field_problems
from .records import Record, line_of, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
SOURCE_TITLE = "Emergency Services Collaboration Working Group – National Overview"

COMMON = {"note", "source_issue", "lines", "page"}
FIELDS: dict[str, tuple[set[str], set[str]]] = {
    "section": ({"id", "title", "lines"}, {"theme", "position", "in_this_section"}),
    "area": ({"id", "name", "kind"}, {"aliases", "within", "covers", "added"}),
    "organisation": ({"id", "name", "sector", "kind"}, {"aliases", "misspellings", "area", "governed_by", "added"}),
    "body": ({"id", "name", "kind", "lines"}, {"aliases", "area", "members", "chair", "description"}),
    "site": ({"id", "name", "kind", "used_by", "lines"}, {"area", "description"}),
    "leaders": ({"area", "posts"}, {"services"}),
    "post": ({"role", "holder", "organisation"}, {"party", "title", "start"}),
    "index": ({"label", "organisation", "pages", "lines"}, set()),
    "initiative": (
        {"id", "title", "description", "status", "lines", "implementations"},
        {"aliases", "position", "area_bullets", "figures", "printed_within"},
    ),
    "implementation": (
        {"id", "area", "status", "partners", "lines"},
        {"name", "start", "end", "partners_as_printed", "lead", "description", "section", "sites", "bodies", "figures"}
        | {"status_lines", "advisers", "authority_only", "printed_again"},
    ),
    "figure": ({"amount", "unit", "measure", "kind", "lines"}, {"period", "printed", "alternative_group"}),
    "workstream": ({"id", "name", "programme", "lines"}, {"position", "description"}),
    "document": (
        {"id", "title", "kind", "lines"},
        {"date", "authors", "signatory_bodies", "signatories", "names_bodies", "description", "figures"},
    ),
    "signatory": ({"holder", "organisation"}, {"role", "title"}),
    "abbreviation": ({"abbreviation", "senses"}, set()),
    "sense": ({"organisation", "used_at"}, set()),
    # what the source says in running text (graph/partner-groups.yaml, people.yaml, events.yaml, funding.yaml)
    "partner-group": (
        {"id", "printed", "kind", "sector", "area", "role", "lines"},
        {"count", "implementations", "bodies", "description", "also_lines"},
    ),
    "person-post": (
        {"role", "lines"},
        {"holder", "holder_lines", "title", "organisation", "body", "on_behalf_of", "implementations", "start", "also_lines"},
    ),
    "event": ({"kind", "date", "what", "lines"}, {"implementation", "body", "document", "end", "printed"}),
    "fund": ({"id", "name", "lines"}, {"aliases", "funder", "funder_added", "also_lines"}),
    "award": (
        {"id", "implementation", "outcome", "description", "lines"},
        {"fund", "funder", "funder_printed", "recipients", "amount", "date", "period"},
    ),
    "contribution": ({"implementation", "description", "lines"}, {"funder", "funder_group", "funder_body", "funder_printed", "amount"}),
}
#: The files of what the source says in running text, compiled after the initiatives they refer to.
RUNNING_TEXT_FILES = ("partner-groups.yaml", "people.yaml", "events.yaml", "funding.yaml")


class CompilerBase:
    """State shared by every record kind: the graph, the name indexes, the problems found so far."""

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

    def _raise_if_problems(self) -> None:
        if self.problems:
            raise DataError(self.problems)

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
        paths += [graph_dir / "leaders.yaml", graph_dir / "index.yaml", graph_dir / "national.yaml", graph_dir / "abbreviations.yaml"]
        paths += sorted((graph_dir / "initiatives").glob("*.yaml"))
        paths += [graph_dir / name for name in RUNNING_TEXT_FILES]
        files: dict[str, Any] = {}
        for path in paths:
            shown = self.project.shown(path)
            if not path.exists() and path.name in {
                "national.yaml",
                "index.yaml",
                "leaders.yaml",
                *RUNNING_TEXT_FILES,
                "abbreviations.yaml",
            }:
                continue
            try:
                data = load_yaml(path, shown)
            except DataError as exc:
                self.problems.extend(exc.problems)
                continue
            key = "themes.yaml" if path.name == "themes.yaml" and path.parent == graph_dir else shown
            files[key] = data if data is not None else []
        return files

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
        for name, message in field_problems(rec):
            where = rec.line_of_key(name) if isinstance(rec, Record) else line_of(rec)
            self.problems.append(Problem(path, where, f"{kind} {_record_name(rec)}: field '{name}' {message}"))
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
        excerpt = self.excerpt(span, URIRef(f"{s}#lines-{span[0]}-{span[1]}"), heading)
        self.g.add((s, PROV.wasDerivedFrom, excerpt))
        page = rec.get("page")
        if page is not None:
            if isinstance(page, int) and not isinstance(page, bool) and page > 0:
                self.g.add((excerpt, CG.page, Literal(page)))
            else:
                self.problem(path, rec, f"page must be a positive whole number, got {page!r}")

    def excerpt(self, span: tuple[int, int], node: URIRef | None = None, heading: str | None = None) -> URIRef:
        """The excerpt node for source lines ``span``, with its section and heading: ``node`` when given (a
        record's own ``s#lines-A-B``), else one shared by everything citing those lines."""
        excerpt = node if node is not None else URIRef(f"{SOURCE_DOC}#lines-{span[0]}-{span[1]}")
        self.g.add((excerpt, RDF.type, CG.SourceExcerpt))
        self.g.add((excerpt, DCTERMS.isPartOf, SOURCE_DOC))
        self.g.add((excerpt, CG.lineStart, Literal(span[0])))
        self.g.add((excerpt, CG.lineEnd, Literal(span[1])))
        self.add(excerpt, CG.section, self._section_of(span[0]))
        self.text(excerpt, CG.heading, heading)
        return excerpt

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

    def _id_ref(self, path: str, ident: Any, kind: str, subject: URIRef, predicate: URIRef) -> None:
        if ident in self.ids.get(kind, {}):
            self.g.add((subject, predicate, iri(kind, str(ident))))
        else:
            self.problem(path, ident, f"unknown {kind} id {ident!r}")


def canonical_decimal(amount: Decimal) -> str:
    """The canonical xsd:decimal form, so every serialisation round-trips to the same literal.

    >>> canonical_decimal(Decimal("560000")), canonical_decimal(Decimal("2.20")), canonical_decimal(Decimal("1E+3"))
    ('560000.0', '2.2', '1000.0')
    """
    text = format(amount.normalize(), "f")
    return text if "." in text else f"{text}.0"


def _as_list(path: str, value: Any, compiler: CompilerBase) -> list:
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


def iter_records(values: Iterable[Any]) -> Iterable[Record]:
    """The mappings among ``values`` (helper for tools reading the YAML directly)."""
    return (v for v in values if isinstance(v, dict))


def _record_name(rec: dict) -> str:
    """How a message names a record: its id, name, title or role, as written."""
    for key in ("id", "name", "title", "label", "role", "printed", "measure"):
        value = rec.get(key)
        if isinstance(value, str) and value.strip():
            return repr(value.strip()[:60])
    return "record"
