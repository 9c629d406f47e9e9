"""What the resolver answers with: the things found (:class:`Entry`), how (:class:`Match`), the senses of an
ambiguous abbreviation (:class:`Sense`), and the two errors a person sees (:class:`AmbiguousName`,
:class:`NameNotFound`), each naming every candidate with its kind and its id (which pastes back)."""

from __future__ import annotations

from dataclasses import dataclass

from ..common.errors import CollabGraphError, UnknownName
from ..common.prefixes import ID_IRI

SHOWN = 8  # candidates listed when a name is ambiguous


@dataclass(frozen=True)
class Entry:
    """One named thing: its IRI (a plain string), label, kind ("organisation") and detail ("police force")."""

    node: str
    label: str
    kind: str
    detail: str = ""

    @property
    def ident(self) -> str:
        """The short id that pastes back anywhere a name is taken: ``org/kent-police``."""
        return self.node.removeprefix(ID_IRI)

    @property
    def kind_text(self) -> str:
        """``organisation: police force`` (the kind, and the detail when it adds something)."""
        return f"{self.kind}: {self.detail.lower()}" if self.detail and self.detail.lower() != self.kind else self.kind

    def describe(self) -> str:
        """``Kent Police (organisation: police force; org/kent-police)``."""
        return f"{self.label} ({self.kind_text}; {self.ident})"


@dataclass(frozen=True)
class Sense:
    """One thing an ambiguous abbreviation stands for, with the source lines that use it so."""

    abbreviation: str
    entry: Entry
    lines: tuple[tuple[int, int], ...]

    def describe(self) -> str:
        """``Hampshire Fire and Rescue Service (organisation: ...): lines 670, 1281``."""
        where = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in self.lines)
        plural = "s" if len(self.lines) > 1 or (self.lines and self.lines[0][0] != self.lines[0][1]) else ""
        return f"{self.entry.describe()}: line{plural} {where}"


@dataclass(frozen=True)
class Match:
    """A candidate: the entry, the tier that found it, its score (0-100) and the name key that matched."""

    entry: Entry
    how: str
    score: float
    name: str


class AmbiguousName(CollabGraphError):
    """A name that fits several things: the first line says so, then one line per candidate, ranked."""

    def __init__(self, text: str, what: str, matches: list[Match], senses: list[Sense] | None = None):
        self.text, self.matches, self.senses = text, matches, senses or []
        if self.senses:
            head = f"{what} {text!r} is printed for {len(self.senses)} different things; say which:"
            rows = [s.describe() for s in self.senses]
        else:
            shown = f"the {SHOWN} best" if len(matches) > SHOWN else "a name or id below"
            head = f"{what} {text!r} fits {len(matches)} things; say which ({shown}):"
            rows = [m.entry.describe() for m in matches[:SHOWN]]
        super().__init__("\n".join([head, *(f"  {r}" for r in rows)]))


class NameNotFound(UnknownName):
    """A name that fits nothing: suggests the nearest names, each with its kind and id."""

    def __init__(self, text: str, what: str, suggestions: list[Match]):
        super().__init__(text, what, [m.entry.describe() for m in suggestions])
        self.matches = suggestions


class WrongKind(NameNotFound):
    """A name that fits only things of other kinds than the one asked for."""

    def __init__(self, text: str, what: str, matches: list[Match]):
        super().__init__(text, what, [])
        self.matches = matches
        article = "an" if what[:1] in "aeiou" else "a"
        named = "; ".join(m.entry.describe() for m in matches[:SHOWN])
        self.args = (f"{text!r} names {named}, not {article} {what}",)
