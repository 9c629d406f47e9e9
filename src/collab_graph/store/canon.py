"""One reading of a query's text, shared by the safety check and every engine.

SPARQL ends a comment at a carriage return *or* a line feed, and allows ``\\u``/``\\U`` escapes.
Engines read these differently (Oxigraph ends a comment at CR, rdflib only at LF; rdflib expands
escapes anywhere in the text, Oxigraph only in strings and IRIs), so a check that tokenizes the
text one way can be fooled by an engine that reads it another way. Here the text is rewritten
into one canonical form that every reader agrees on, and that form is both what the safety check
examines and what the engine runs:

- comments are removed (a comment ends at CR or LF, as the grammar says; line breaks stay, so
  line numbers do not change);
- escapes in strings and IRIs are expanded to the characters they stand for (re-escaped where the
  string needs it); an escape elsewhere, or one naming no Unicode character, is refused;
- brackets nested deeper than :data:`MAX_NESTING` are refused (parsers recurse on them).

>>> canonical("SELECT * WHERE { #\\rSERVICE <x> {} \\n}")
'SELECT * WHERE { \\rSERVICE <x> {} \\n}'
>>> canonical('SELECT * { BIND("caf\\\\u00e9" AS ?x) }  # a note')
'SELECT * { BIND("café" AS ?x) }  '
>>> keyword_at("SELECT * { ?s ?p true.service <x> {} }", "SERVICE")
22
"""

from __future__ import annotations

import functools
import re

MAX_NESTING = 64

_PART = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\r\n]|\\[^\r\n])*'|"(?:[^"\\\r\n]|\\[^\r\n])*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<other>[^ \t\r\n\#'"<]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_IRI_FORBIDDEN = frozenset('<>"{}|^`\\') | {chr(c) for c in range(0x21)}
_NAME = (  # PN_CHARS of the SPARQL grammar: the characters a name may continue with
    "A-Za-z0-9_\\-\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u203f\u2040"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)


class CanonError(ValueError):
    """Text no canonical form exists for; ``offset`` is where, in the text as given."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


def canonical(text: str) -> str:
    """``text`` without comments and with escapes expanded; CanonError when that is impossible."""
    out = []
    depth = 0
    for match in _PART.finditer(text):
        kind, part = match.lastgroup, match.group()
        if kind == "comment":
            continue
        if kind == "string":
            part = _string(part, match.start())
        elif kind == "iri":
            part = _iri(part, match.start())
        elif kind == "other":
            if "\\" in part:
                raise CanonError("a backslash escape outside a string or IRI", match.start() + part.index("\\"))
            for n, char in enumerate(part):
                depth += (char in "{([") - (char in "})]")
                if depth > MAX_NESTING:
                    raise CanonError(f"brackets nested more than {MAX_NESTING} deep", match.start() + n)
        out.append(part)
    return "".join(out)


def keyword_at(text: str, word: str) -> int | None:
    """Offset of ``word`` used as a keyword in canonical ``text`` (case-insensitive), or None.

    Deliberately broad: any run of those letters outside strings and IRIs that is not part of a
    longer name, a variable or the local part of a prefixed name counts, so ``true.SERVICE`` and
    ``}SERVICE<x>`` are found whatever a tokenizer would make of them.
    """
    pattern = _keyword_pattern(word)
    for match in _PART.finditer(text):
        if match.lastgroup == "other":
            hit = pattern.search(match.group())
            if hit:
                return match.start() + hit.start()
    return None


@functools.cache
def _keyword_pattern(word: str) -> re.Pattern[str]:
    # Case is ignored in the word only: the name characters around it are the same in either case,
    # and compiling them case-insensitively takes a hundred times longer (a cold query's time).
    return re.compile(rf"(?<![{_NAME}?$:])(?i:{re.escape(word)})(?![{_NAME}:])")


def _code_point(escape: str, offset: int) -> str:
    value = int(escape[1:], 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise CanonError(f"\\{escape} is not a Unicode character", offset)
    return chr(value)


def _string(part: str, start: int) -> str:
    quote = part[:3] if part[:3] in ("'''", '"""') else part[0]
    body = part[len(quote) : -len(quote)]

    def expand(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] not in "uU":
            return match.group()
        char = _code_point(escape, start + len(quote) + match.start())
        if char in ("\\", quote[0], "\n", "\r"):
            return {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}.get(char, "\\" + char)
        return char

    return quote + _ESCAPE.sub(expand, body) + quote


def _iri(part: str, start: int) -> str:
    def expand(match: re.Match[str]) -> str:
        char = _code_point(match.group(1), start + match.start())
        if char in _IRI_FORBIDDEN:
            raise CanonError(f"\\{match.group(1)} stands for a character an IRI may not hold", start + match.start())
        return char

    return _ESCAPE.sub(expand, part)
