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


def turtle_problem(path: str, exc: Exception) -> Problem:
    """A Turtle parser error as one located line.

    >>> str(turtle_problem("ontology/x.ttl", SyntaxError('at line 5 of <>:\\nBad syntax (expected directive or statement) at ^ in:\\n"...')))
    'ontology/x.ttl:5: Turtle syntax error: expected directive or statement'
    """
    import re

    if isinstance(exc, OSError):
        return Problem(path, None, f"cannot read file: {exc.strerror or exc}")
    text = str(exc)
    line = re.search(r"line (\d+)", text)
    reason = re.search(r"Bad syntax \((.*?)\) at \^", text.replace("\\n", "\n"))
    message = reason.group(1) if reason else " ".join(text.split())[:200]
    return Problem(path, int(line.group(1)) if line else None, f"Turtle syntax error: {message}")
