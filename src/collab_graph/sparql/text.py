"""A small SPARQL tokenizer: find keywords, braces and prefixes without being fooled by strings or comments.

It is not a parser (rdflib's is used for that); it locates things in the text the user wrote,
so that messages can point at a line and column and parameters can be bound in place.

>>> [t.text for t in tokens('SELECT ?x # a comment {\\nWHERE { ?x ?p "}" }')]
['SELECT', '?x', 'WHERE', '{', '?x', '?p', '"}"', '}']
>>> where_block(
...     "SELECT ?n WHERE { ?s ?p ?o { ?a ?b ?c } } ORDER BY ?n"
... )
(16, 40)
>>> sorted(declared_prefixes("PREFIX cg: <x>\\nprefix my:<y> SELECT * {}"))
['cg', 'my']
>>> line_col("ab\\ncd", 4)
(2, 2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\U000effff]+)
  | (?P<word>[A-Za-z_\u00c0-\U000effff][\w\-.:\u00b7-\U000effff]*|:[\w\-.]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind (string, iri, var, word, other), text and offset in the query."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str:
        """The token upper-cased when it is a bare word (``select`` -> ``SELECT``), else ''."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> list[Token]:
    """Tokens of ``text``, without white space and comments (an unclosed string runs to the end)."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in {"space", "comment"}:
            found.append(Token(kind, match.group(), match.start()))
    return found


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (a line ends at LF, CR or CRLF, as in SPARQL)."""
    before = text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    return len(breaks) + 1, offset - (breaks[-1].end() if breaks else 0) + 1


_LINE_BREAK = re.compile(r"\r\n?|\n")


def declared_prefixes(text: str) -> set[str]:
    """Prefix names the query declares with ``PREFIX name: <iri>``."""
    toks = tokens(text)
    return {toks[i + 1].text.rstrip(":").split(":")[0] for i, t in enumerate(toks[:-1]) if t.keyword == "PREFIX"}


def first_keyword(text: str) -> Token | None:
    """The first word after the prologue (PREFIX and BASE declarations): SELECT, ASK, INSERT ..."""
    toks = tokens(text)
    i = 0
    while i < len(toks):
        if toks[i].keyword == "PREFIX":
            i += 3
        elif toks[i].keyword == "BASE":
            i += 2
        else:
            return toks[i]
    return None


def find_keyword(text: str, *words: str) -> Token | None:
    """The first bare word that is one of ``words`` (case-insensitive), outside strings, IRIs and comments."""
    wanted = {w.upper() for w in words}
    return next((t for t in tokens(text) if t.keyword in wanted), None)


def where_block(text: str) -> tuple[int, int] | None:
    """Offsets of the ``{`` and matching ``}`` of the query's outermost WHERE group, or None.

    That is the group after the WHERE keyword; without the keyword (``ASK { ... }``), the first
    top-level group, or the second after a CONSTRUCT template.
    """
    toks = tokens(text)
    groups: list[tuple[int, int, bool]] = []  # (open, close, follows WHERE)
    depth, open_at, after_where = 0, 0, False
    for tok in toks:
        if tok.text == "{":
            if depth == 0:
                open_at = tok.start
            depth += 1
        elif tok.text == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append((open_at, tok.start, after_where))
                after_where = False
        elif depth == 0 and tok.keyword == "WHERE":
            after_where = True
    for open_at, close_at, follows_where in groups:
        if follows_where:
            return open_at, close_at
    first = first_keyword(text)
    index = 1 if first is not None and first.keyword == "CONSTRUCT" else 0
    return groups[index][:2] if len(groups) > index else None


def mentions_variable(text: str, name: str) -> bool:
    """Whether ``?name`` or ``$name`` appears in the query."""
    return any(t.kind == "var" and t.text[1:] == name for t in tokens(text))
