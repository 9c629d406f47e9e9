"""Name normalisation and lookup: every name, alias and abbreviation resolves the same way.

>>> normalise("  Police and Crime  Commissioner’s Office ")
"police and crime commissioner's office"
>>> index = NameIndex("organisation")
>>> index.add("NWAS", "nwas-id", "graph/a.yaml:3")
>>> index.add("North West Ambulance Service", "nwas-id", "graph/a.yaml:2")
>>> index.resolve("nwas")
'nwas-id'
>>> index.resolve("NWSA")
Traceback (most recent call last):
...
collab_graph.common.errors.UnknownName: unknown organisation 'NWSA' (did you mean 'NWAS'?)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..common.errors import UnknownName

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normalise(name: str) -> str:
    """Fold case, typographic quotes and dashes, and white space."""
    text = unicodedata.normalize("NFKC", str(name)).translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip().casefold()


def slugify(name: str) -> str:
    """A readable IRI slug: ``"Peter O’Reilly"`` -> ``"peter-o-reilly"``."""
    text = unicodedata.normalize("NFKD", normalise(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def close_matches(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``word``, best first (rapidfuzz's ``ratio``, ``cutoff`` 0-1): the ranking
    every "did you mean" uses, here and in :mod:`collab_graph.names.resolve`.

    >>> close_matches("kent polise", ["kent police", "essex police", "north wales fire"])
    ['kent police', 'essex police']
    """
    from rapidfuzz import fuzz, process

    found = process.extract(word, list(dict.fromkeys(candidates)), scorer=fuzz.ratio, limit=n, score_cutoff=cutoff * 100)
    return [name for name, _, _ in sorted(found, key=lambda f: (-f[1], f[2]))]


class NameIndex:
    """Maps normalised names to one key each; a name claimed by two keys is a conflict."""

    def __init__(self, what: str):
        self.what = what
        self._keys: dict[str, str] = {}
        self._shown: dict[str, str] = {}
        self._where: dict[str, str] = {}
        self._preferred: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []

    def add(self, name: str, key: str, where: str = "") -> None:
        """Register ``name`` for ``key``; a clash is recorded in ``conflicts`` (name, where, other where)."""
        norm = normalise(name)
        if not norm:
            return
        known = self._keys.get(norm)
        if known is not None and known != key:
            self.conflicts.append((str(name), where, self._where[norm]))
            return
        self._keys[norm] = key
        self._preferred.setdefault(key, norm)
        self._shown.setdefault(norm, str(name))
        self._where.setdefault(norm, where)

    def get(self, name: str) -> str | None:
        """The key for ``name``, or None."""
        return self._keys.get(normalise(name))

    def resolve(self, name: str) -> str:
        """The key for ``name``; raises UnknownName with close matches."""
        key = self.get(name)
        if key is None:
            raise UnknownName(str(name), self.what, self.suggest(name))
        return key

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The preferred names of the keys whose names are closest to ``name``."""
        close = close_matches(normalise(name), self._keys, n=4 * n)
        shown: dict[str, str] = {}
        for candidate in close:
            shown.setdefault(self._keys[candidate], self._shown[self._preferred[self._keys[candidate]]])
        return list(shown.values())[:n]

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self._keys

    def __len__(self) -> int:
        return len(self._keys)
