"""Prepare a query in one pass: the project's prefixes, the parameters resolved and bound, the safety check.

Parameters are bound by a ``VALUES`` block placed at the end of the query's WHERE group, so
they restrict the solutions before any GROUP BY and aggregates see them. A name parameter is
resolved by the one resolver (:mod:`collab_graph.names.resolve`: "NWAS" -> North West Ambulance
Service's IRI); a controlled value (theme, status, sector, unit) by its concept scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..common.errors import UnknownName
from ..common.prefixes import CG_IRI, ID_IRI, PREFIX_IRIS
from ..store.canon import CanonError, canonical
from .library import Param, QueryError, QuerySource, library_dir
from .safety import check, screen
from .text import declared_prefixes, line_col, mentions_variable, where_block

if TYPE_CHECKING:
    from pyoxigraph import Literal, NamedNode
    from rdflib import Graph

    from ..names.resolve import Resolver

    Term = NamedNode | Literal  # a bound parameter value

SCHEMES = ("theme", "status", "sector", "unit")


@dataclass(frozen=True)
class Prepared:
    """A checked query, ready to run: the SPARQL sent to the store and what it binds."""

    name: str
    sparql: str
    form: str
    bindings: dict[str, Term] = field(default_factory=dict)
    added: int = 0
    warnings: tuple[str, ...] = ()

    def readable(self) -> str:
        """The SPARQL as it runs, with the added PREFIX declarations one per line."""
        prefixes = self.sparql[: self.added].replace("> PREFIX ", ">\nPREFIX ").rstrip()
        return (prefixes + "\n" if prefixes else "") + self.sparql[self.added :]


def with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with PREFIX declarations for the project prefixes it does not declare, all on line 1.

    Returns the new text and the number of characters added (line numbers do not change).
    """
    declared = declared_prefixes(text)
    added = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIX_IRIS.items() if p not in declared)
    return added + text, len(added)


def parse_params(pairs: list[str] | tuple[str, ...], name: str) -> dict[str, str]:
    """``["org=NWAS", "year=2015"]`` -> ``{"org": "NWAS", "year": "2015"}``.

    >>> parse_params(["org=NWAS", "area = Kent"], "demo")
    {'org': 'NWAS', 'area': 'Kent'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise QueryError(f"query {name}: bad --param {pair!r} (expected key=value, e.g. org=NWAS)")
        if key in params:
            raise QueryError(f"query {name}: --param {key} given twice")
        params[key] = value.strip()
    return params


def example_params(source: QuerySource) -> dict[str, str]:
    """The parameters of a library query's first ``# example:`` line (empty when it has none).

    >>> from .library import parse_header
    >>> text = "# example: collab-graph query q --param org=NWAS -p 'area=North West'\\nASK {}"
    >>> example_params(QuerySource("q", text, parse_header(text)))
    {'org': 'NWAS', 'area': 'North West'}
    """
    import shlex

    if not source.header.examples:
        return {}
    words = shlex.split(source.header.examples[0])
    return parse_params([words[i + 1] for i, word in enumerate(words[:-1]) if word in {"--param", "-p"}], source.name)


Checker = Callable[[list[str], str, int], str]


def prepare(
    source: QuerySource, params: Mapping[str, str] | None, graph: Callable[[], Graph | Resolver], checker: Checker | None = None
) -> Prepared:
    """Check ``source`` and bind ``params`` (names resolved in ``graph()``, a graph or its resolver, loaded only when needed).

    The query is first put in canonical form (:mod:`collab_graph.store.canon`): that form is
    checked and is what runs. ``checker(texts, name, skip)`` runs the full check of each text and
    returns the query form (default: :func:`collab_graph.sparql.safety.check` here; the runner
    runs it in a child process under its limits). Raises QueryError naming the query when anything
    is wrong: a syntax error, an update or a remote call (see :mod:`collab_graph.sparql.safety`),
    an unknown or missing parameter, a value that names nothing or several things.
    """
    try:
        text, skip = with_prefixes(canonical(source.text))
    except CanonError as exc:
        line, column = line_col(source.text, exc.offset)
        raise QueryError(f"query {source.name}: {exc} at line {line}, column {column}") from None
    screen(text, source.name)
    bindings = resolve_params(source, dict(params or {}), graph)
    texts = [text]
    if bindings:  # the bound text is checked too: the bound values cannot have changed what the query does
        texts.append(bind(text, bindings, source.name))
    form = (checker or _check_here)(texts, source.name, skip)
    library = source.path is not None and source.path.parent == library_dir()  # the library's terms are tested
    warnings = () if library else tuple(term_warnings(source.text, graph))
    return Prepared(source.name, texts[-1], form, bindings, skip, warnings)


def _check_here(texts: list[str], name: str, skip: int) -> str:
    forms = [check(text, name, skip) for text in texts]
    return forms[0]


def term_warnings(text: str, names: Callable[[], Graph | Resolver]) -> list[str]:
    """Warnings for ontology terms ``text`` names that the ontology lacks (cg:Nope), with the nearest ones."""
    if "cg:" not in text and CG_IRI not in text:
        return []
    from ..names.resolve import Resolver, resolver_for
    from .terms import unknown_terms

    loaded = names()
    resolver = loaded if isinstance(loaded, Resolver) else resolver_for(loaded)
    return unknown_terms(text, resolver.terms)


def resolve_params(source: QuerySource, given: dict[str, str], graph: Callable[[], Graph | Resolver]) -> dict[str, Term]:
    """Parameter values as RDF terms (pyoxigraph's), checked against the header's declarations."""
    declared = {p.name: p for p in source.header.params}
    for key in given:
        if key in declared:
            continue
        if declared:
            raise QueryError(f"query {source.name}: no parameter {key!r} (it takes: {', '.join(declared)})")
        if not mentions_variable(source.text, key):
            raise QueryError(f"query {source.name}: --param {key}: the query has no variable ?{key}")
    bindings: dict[str, Term] = {}
    for param in declared.values():
        value = given.get(param.name, param.default)
        if value is None:
            if not param.optional:
                raise QueryError(f"query {source.name}: needs --param {param.name}=... ({param.description})")
            continue
        bindings[param.name] = param_value(param, value, source.name, graph)
    for key, value in given.items():
        if key not in declared:
            bindings[key] = param_value(Param(key, "any", ""), value, source.name, graph)
    return bindings


def param_value(param: Param, value: str, name: str, graph: Callable[[], Graph | Resolver]) -> Term:
    """The RDF term (pyoxigraph's) for ``value`` of a parameter of ``param.kind``; QueryError naming the parameter."""
    from pyoxigraph import Literal, NamedNode

    from ..names.matches import AmbiguousName
    from ..names.resolve import resolve_concept, resolve_typed, resolve_value

    where = f"query {name}: --param {param.name}={value}"
    if not value:
        raise QueryError(f"{where}: empty value")
    kind = param.kind
    if kind in {"year", "integer"}:
        if not re.fullmatch(r"-?\d+", value) or (kind == "year" and not re.fullmatch(r"\d{4}", value)):
            raise QueryError(f"{where}: expected {'a four-digit year' if kind == 'year' else 'a whole number'}")
        return Literal(int(value))
    if kind == "text":
        return Literal(value)
    if kind == "any":
        if re.fullmatch(r"-?\d+", value):
            return Literal(int(value))
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            return Literal(value[1:-1])
        if value.startswith("<") and value.endswith(">"):
            if not re.fullmatch(r"<[^<>\"{}|^`\\\x00-\x20]+>", value):
                raise QueryError(f"{where}: not a valid IRI")
            try:
                return NamedNode(value[1:-1])
            except ValueError as exc:  # pyoxigraph checks the IRI in full: relative ones are refused too
                raise QueryError(f"{where}: not a valid absolute IRI ({exc})") from None
    try:
        if kind in SCHEMES:
            return NamedNode(resolve_concept(graph(), ID_IRI + kind, value))
        if kind == "party":
            return Literal(resolve_value(graph(), CG_IRI + "party", value, "party"))
        return NamedNode(resolve_typed(graph(), value, kind))
    except (UnknownName, AmbiguousName, ValueError) as exc:
        raise QueryError(f"{where}: {exc}") from None


def bind(text: str, bindings: Mapping[str, Term], name: str) -> str:
    """``text`` with one ``VALUES`` row for ``bindings`` (pyoxigraph terms) at the end of its WHERE group (same line count).

    >>> from pyoxigraph import Literal, NamedNode
    >>> bind("SELECT ?n WHERE { ?o ?p ?n } ORDER BY ?n", {"o": NamedNode("urn:x"), "y": Literal(2015)}, "demo")
    'SELECT ?n WHERE { ?o ?p ?n VALUES (?o ?y) { (<urn:x> 2015) } } ORDER BY ?n'
    """
    block = where_block(text)
    if block is None:
        raise QueryError(f"query {name}: cannot bind parameters: the query has no WHERE {{ ... }} group")
    names = sorted(bindings)
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(_term(bindings[n]) for n in names)}) }} "
    close = block[1]
    before = text[:close]
    return before + ("" if before.endswith((" ", "\n")) else " ") + values + text[close:]


def _term(node: Term) -> str:
    """The SPARQL form of a bound value: whole numbers plain, everything else in N-Triples form (pyoxigraph's escaping)."""
    from pyoxigraph import Literal

    if isinstance(node, Literal) and node.datatype.value == XSD_INTEGER:
        return str(int(node.value))
    return str(node)


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
