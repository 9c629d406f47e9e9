"""Warn about ontology terms a query names but the ontology does not have (``cg:Nope``).

SPARQL answers a misspelt term with no rows and no word; this check names the term and the
nearest terms the ontology does have (ranked by rapidfuzz), so the user sees why.

>>> unknown_terms("SELECT * WHERE { ?x cg:partnr ?y ; a cg:Implementation }", {"partner", "Implementation", "part"})
['cg:partnr is not a term of the ontology (nearest: cg:partner, cg:part)']
>>> unknown_terms("PREFIX cg: <urn:other#> SELECT * WHERE { ?x cg:anything ?y }", {"partner"})
[]
"""

from __future__ import annotations

from collections.abc import Iterable

from ..common.namespaces import CG
from .text import tokens


def unknown_terms(text: str, known: Iterable[str], namespace: str = str(CG), prefix: str = "cg") -> list[str]:
    """One warning per term of ``namespace`` named in ``text`` (as ``cg:x`` or ``<...#x>``) but not in ``known``."""
    from rapidfuzz import fuzz, process

    known = set(known)
    declared = {}
    found: list[str] = []
    toks = tokens(text)
    for i, tok in enumerate(toks):
        if tok.keyword == "PREFIX" and i + 2 < len(toks):
            declared[toks[i + 1].text.rstrip(":")] = toks[i + 2].text.strip("<>")
    bound = declared.get(prefix, namespace)
    for tok in toks:
        if tok.kind == "word" and tok.text.startswith(f"{prefix}:") and bound == namespace:
            local = tok.text.split(":", 1)[1].rstrip(".;,")
        elif tok.kind == "iri" and tok.text[1:-1].startswith(namespace):
            local = tok.text[1:-1].removeprefix(namespace)
        else:
            continue
        if local and local not in known and local not in found:
            found.append(local)
    warnings = []
    for local in found:
        near = process.extract(local, sorted(known), scorer=fuzz.WRatio, limit=2, score_cutoff=60)
        hint = f" (nearest: {', '.join(f'{prefix}:{n}' for n, _, _ in near)})" if near else ""
        warnings.append(f"{prefix}:{local} is not a term of the ontology{hint}")
    return warnings
