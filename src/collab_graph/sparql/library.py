"""The SPARQL query library: named ``.rq`` files with a header saying what they answer.

A header is the run of ``#`` comment lines at the top of a query::

    # title: Whom an organisation works with
    # question: Which organisations does ORG take part in implementations with,
    #   in which initiatives and areas?
    # param: org (organisation) = the organisation, by name, alias or abbreviation
    # param: year (year, optional) = only implementations that started that year
    # example: collab-graph query partners-of --param org=NWAS

A line indented by two spaces after ``#`` continues the field above. A parameter ``org`` is the
variable ``?org`` of the query; its kind (see ``PARAM_KINDS``) says how a value is resolved.

>>> header = parse_header("# title: T\\n# question: Q\\n#   more\\n# param: org (organisation) = who\\nSELECT ...")
>>> header.title, header.question, header.params[0]
('T', 'Q more', Param(name='org', kind='organisation', description='who', optional=False, default=None))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..common.errors import CollabGraphError
from ..names.index import close_matches

#: What a parameter value can be, and how it is bound (see ``query_params``).
PARAM_KINDS = {
    "organisation": "an organisation or governance body, by name, alias, abbreviation or id",
    "area": "an area, by name, alias or id",
    "initiative": "an initiative, by title or id",
    "person": "a person, by name or id",
    "entity": "anything with a name in the graph",
    "theme": "a theme, by title or id (e.g. first-response)",
    "status": "live, pilot, planned or ended",
    "sector": "police, fire, ambulance, health, local-government, national-body or other",
    "party": "a PCC's party as printed: Conservative, Labour, Independent or Plaid Cymru (any case)",
    "unit": "a unit of figures: GBP, GBP-per-year, count, percent ...",
    "year": "a four-digit year",
    "integer": "a whole number",
    "text": "any text",
}
HEADER_FIELDS = ("title", "question", "param", "example", "note")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>[\w-]+)(?:\s*,\s*(?P<opt>optional|default=[^)]*))?\)\s*=\s*(?P<desc>.+)$")


class QueryError(CollabGraphError):
    """A query that cannot be run as asked: the message starts with ``query <name>:``."""


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``?name`` bound from ``--param name=value``."""

    name: str
    kind: str
    description: str
    optional: bool = False
    default: str | None = None


@dataclass(frozen=True)
class Header:
    """What a query's header says about it."""

    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class QuerySource:
    """A query to run: where it came from (for messages), its text and its header."""

    name: str
    text: str
    header: Header = field(default_factory=Header)
    path: Path | None = None


def parse_header(text: str, where: str = "query") -> Header:
    """The header of ``text``; a malformed ``param:`` line raises QueryError naming ``where`` and the line."""
    fields: list[tuple[str, str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped[1:]
        match = re.match(r"\s?([a-z]+):\s*(.*)$", body)
        if match and match.group(1) in HEADER_FIELDS:
            fields.append((match.group(1), match.group(2).strip(), number))
        elif fields and body.startswith("  ") and body.strip():
            key, value, first = fields[-1]
            fields[-1] = (key, f"{value} {body.strip()}", first)
    values: dict[str, list[str]] = {key: [] for key in HEADER_FIELDS}
    params = []
    for key, value, number in fields:
        if key == "param":
            params.append(_parse_param(value, f"{where}:{number}"))
        else:
            values[key].append(value)
    return Header(
        title=" ".join(values["title"]),
        question=" ".join(values["question"]),
        params=tuple(params),
        examples=tuple(values["example"]),
        notes=tuple(values["note"]),
    )


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{where}: bad param line {value!r} (expected 'name (kind) = description')")
    kind = match.group("kind")
    if kind not in PARAM_KINDS:
        raise QueryError(f"{where}: unknown parameter kind {kind!r} (choose from {', '.join(PARAM_KINDS)})")
    option = match.group("opt") or ""
    default = option.split("=", 1)[1].strip() if option.startswith("default=") else None
    return Param(match.group("name"), kind, match.group("desc").strip(), optional=bool(option), default=default)


def library_dir() -> Path:
    """The folder of the shipped ``.rq`` files."""
    return Path(str(resources.files("collab_graph") / "sparql" / "queries"))


def library() -> dict[str, QuerySource]:
    """Every library query by name (the file name without ``.rq``), sorted by name."""
    found = {}
    for path in sorted(library_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = QuerySource(path.stem, text, parse_header(text, f"queries/{path.name}"), path)
    return found


def load_query(spec: str, stdin_text: str | None = None) -> QuerySource:
    """The query ``spec`` names: ``-`` for stdin, a library name, or a file path.

    An unknown name suggests the nearest library names.
    """
    if spec == "-":
        text = stdin_text if stdin_text is not None else ""
        return QuerySource("<stdin>", text, parse_header(text, "<stdin>"))
    queries = library()
    if spec in queries:
        return queries[spec]
    path = Path(spec)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"query {spec}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        return QuerySource(spec, text, parse_header(text, spec), path)
    if path.is_dir():
        raise QueryError(f"query {spec}: is a folder, not a query file")
    if path.suffix or "/" in spec or "\\" in spec:
        raise QueryError(f"query {spec}: no such file")
    close = close_matches(spec, queries, n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise QueryError(f"query {spec}: unknown query name{hint}; `collab-graph queries` lists them")
