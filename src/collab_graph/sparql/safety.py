"""Check a query before it runs: read-only, local-only, and syntactically valid.

Refused before anything runs: updates (INSERT, DELETE, LOAD, CLEAR ...), ``SERVICE`` (a query
sent to a remote endpoint) and ``FROM`` / ``FROM NAMED`` (rdflib would fetch and load the named
documents). A syntax error names the line, column and offending text.

The text checked is the canonical form of :mod:`collab_graph.store.canon` (no comments, no
escapes outside strings), which is also the text the engine runs, so the check and the engine
read the same query. :func:`screen` is the quick part (keywords, run in the calling process);
:func:`check` adds rdflib's full parse (slow on large queries: the runner runs it in the
query process, under the time and memory limits).

>>> check("SELECT ?s WHERE { ?s ?p ?o }", "demo")
'SELECT'
>>> check("CLEAR ALL", "demo")
Traceback (most recent call last):
...
collab_graph.sparql.library.QueryError: query demo: CLEAR at line 1 is an update; queries are read-only, so updates are refused
>>> check("SELECT ?s WHERE {\\n  ?s ?p\\n}", "demo")
Traceback (most recent call last):
...
collab_graph.sparql.library.QueryError: query demo: syntax error at line 2, column 3: ?s ?p
"""

from __future__ import annotations

import re

from ..store.canon import keyword_at
from .library import QueryError
from .text import first_keyword, line_col, tokens

UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def screen(text: str, name: str) -> None:
    """The quick checks of canonical ``text``: not empty, not an update, no SERVICE or FROM; QueryError if not."""
    if not text.strip() or first_keyword(text) is None:
        raise QueryError(f"query {name}: the query is empty")
    _refuse_update(text, name)
    _refuse_remote(text, name)


def check(text: str, name: str, skip: int = 0) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) of canonical ``text``; QueryError when it may not run.

    ``skip`` characters at the start of line 1 were added by the tool (prefix declarations) and are
    left out of reported columns.
    """
    from pyparsing import ParseBaseException  # rdflib's grammar: imported only where a query is parsed
    from rdflib.plugins.sparql.algebra import translateQuery

    screen(text, name)
    try:
        parsed = parse(text)
    except ParseBaseException as exc:
        if _is_update(text):
            _refuse_update(text, name, force=True)
        raise QueryError(f"query {name}: {_syntax_message(text, exc.loc, skip)}") from None
    query = parsed[1]
    _refuse_remote(text, name, service=_contains(query, "ServiceGraphPattern"), dataset="datasetClause" in query)
    try:
        translateQuery(parsed)
    except Exception as exc:  # rdflib raises plain Exceptions for e.g. an undeclared prefix
        raise QueryError(f"query {name}: {_semantic_message(text, exc, skip)}") from None
    return FORMS.get(query.name, query.name)


def parse(text: str) -> object:
    """rdflib's parse of canonical ``text``, without rdflib's own escape expansion (canon did it)."""
    from rdflib.plugins.sparql.parser import Query

    return Query.parse_string(text, parse_all=True)


def _refuse_update(text: str, name: str, force: bool = False) -> None:
    first = first_keyword(text)
    if first is not None and (force or first.keyword in UPDATE_KEYWORDS):
        keyword = first.keyword if first.keyword in UPDATE_KEYWORDS else "the request"
        line, _ = line_col(text, first.start)
        raise QueryError(f"query {name}: {keyword} at line {line} is an update; queries are read-only, so updates are refused")


def _refuse_remote(text: str, name: str, service: bool = False, dataset: bool = False) -> None:
    """Refuse SERVICE and FROM / FROM NAMED, found as keywords in the text or in the parse tree.

    The text is checked before parsing too (rdflib's parser misreads some SERVICE queries), by a
    search for the word wherever a keyword could stand, however a tokenizer would split it.
    """
    if service or keyword_at(text, "SERVICE") is not None:
        raise QueryError(
            f"query {name}: SERVICE{_at(text, 'SERVICE')} is refused: a query may not call a remote endpoint (it runs on the local graph only)"
        )
    if dataset or keyword_at(text, "FROM") is not None:
        raise QueryError(
            f"query {name}: FROM{_at(text, 'FROM')} is refused: a query may not load other graphs (it runs on the local graph only)"
        )


def _is_update(text: str) -> bool:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import UpdateUnit

    try:
        UpdateUnit.parse_string(text, parse_all=True)
    except ParseBaseException:
        return False
    return True


def _syntax_message(text: str, offset: int, skip: int) -> str:
    line, column = line_col(text, offset)
    rest = text[offset:].split("\n", 1)[0].strip()
    if not rest:
        rest = "end of query" if not text[offset:].strip() else text[offset:].strip().split("\n", 1)[0]
    if len(rest) > 50:
        rest = rest[:50] + "…"
    if line == 1:
        column = max(1, column - skip)
    return f"syntax error at line {line}, column {column}: {rest}"


def _at(text: str, keyword: str) -> str:
    offset = keyword_at(text, keyword)
    return f" at line {line_col(text, offset)[0]}" if offset is not None else ""


def _contains(node: object, name: str) -> bool:
    """Whether the parse tree under ``node`` holds a part called ``name``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == name or any(_contains(value, name) for value in node.values())
    if isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        return any(_contains(item, name) for item in node)
    return False


def _semantic_message(text: str, exc: Exception, skip: int) -> str:
    message = _one_line(exc)
    unknown = re.match(r"Unknown namespace prefix : (\S*)", message)
    if unknown:
        prefix = unknown.group(1)
        token = next((t for t in tokens(text) if t.kind == "word" and t.text.startswith(f"{prefix}:")), None)
        where = ""
        if token is not None:
            line, column = line_col(text, token.start)
            where = f" at line {line}, column {max(1, column - skip) if line == 1 else column}"
        return f"unknown prefix '{prefix}:'{where} (declare it with PREFIX {prefix}: <...>)"
    return f"invalid query: {message}"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
