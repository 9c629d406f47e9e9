"""Errors a user can act on: each prints as one line naming what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


class CollabGraphError(Exception):
    """Base class: the message is one line, shown as is; the CLI exits non-zero."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem in a data file, located by file and line."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class DataError(CollabGraphError):
    """The curated data cannot be compiled; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownName(CollabGraphError):
    """A name resolves to nothing; suggests the nearest known names."""

    def __init__(self, name: str, what: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f" (did you mean {', '.join(repr(s) for s in suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown {what} {name!r}{hint}")
