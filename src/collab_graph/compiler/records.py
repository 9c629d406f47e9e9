"""Read YAML data files keeping line numbers, so every error can say file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..common.errors import DataError, Problem


class Text(str):
    """A string from a data file that remembers its line."""

    line: int | None = None


class Record(dict):
    """A mapping from a data file that remembers its first line."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Record:
    record = Record(loader.construct_mapping(node, deep=True))
    record.line = node.start_mark.line + 1
    return record


def _string(loader: _Loader, node: yaml.ScalarNode) -> Text:
    text = Text(loader.construct_scalar(node))
    text.line = node.start_mark.line + 1
    return text


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)


def line_of(value: Any) -> int | None:
    """The line a value came from, if known."""
    return getattr(value, "line", None)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse ``path``; a missing, unreadable or malformed file raises DataError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(shown, None, "file not found")]) from None
    except OSError as exc:
        raise DataError([Problem(shown, None, f"cannot read file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(shown, None, f"cannot read file: not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        col = f" column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start and start.line != getattr(mark, "line", None):
            problem += f" ({context} at line {start.line + 1}, column {start.column + 1})"
        raise DataError([Problem(shown, line, f"YAML syntax error:{col} {problem}")]) from None
