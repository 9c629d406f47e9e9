"""Read YAML data files keeping line numbers, so every error can say file and line.

A value is what it looks like. YAML 1.1 (PyYAML's default) turns ``ON``/``no`` into booleans,
``1:30`` into 90, ``0x1F``/``010`` into 31/8 and ``2015-04-01`` into a date; here only the
plainest forms of YAML 1.2's core schema are typed: whole numbers written as such (``12``,
``-3``; no sign ``+``, leading zero, ``0x``/``0o``, ``_`` or more than 18 digits), ``true`` and
``false``, and ``null``/``~``/nothing. Every other scalar is text, and the compiler types each
field itself (:mod:`collab_graph.compiler.fields`).

Refused, as a YAML error naming file and line: a key given twice in one mapping, anchors and
aliases (``&a``/``*a``: a few hundred bytes of them can expand to gigabytes), explicit tags
(``!!python/...``, ``!!float``), nesting deeper than :data:`MAX_DEPTH`, and files over
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from ..common.errors import DataError, Problem


class Text(str):
    """A string from a data file that remembers its line."""

    line: int | None = None


class Record(dict):
    """A mapping from a data file that remembers its first line and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int] | None = None

    def line_of_key(self, key: str) -> int | None:
        """The line ``key:`` is on (the record's first line if unknown)."""
        return (self.key_lines or {}).get(key, self.line)


MAX_DEPTH = 20
MAX_BYTES = 20_000_000


class _Resolver(yaml.resolver.BaseResolver):
    """The few implicit types kept (see the module's docstring)."""


_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:0|-?[1-9][0-9]{0,17})$"), list("-0123456789"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])


class _Loader(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, yaml.constructor.SafeConstructor, _Resolver
):
    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(None, None, f"alias *{event.anchor} is not allowed (write the value out)", event.start_mark)
        if getattr(event, "anchor", None):
            raise ComposerError(None, None, f"anchor &{event.anchor} is not allowed (write the value out)", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            raise ComposerError(None, None, f"tag {tag} is not allowed (data files use plain YAML)", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Record:
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            raise ConstructorError(None, None, f"key {key!r} is not text", key_node.start_mark)
        if key in lines:
            raise ConstructorError(None, None, f"key '{key}' given twice in one record (first at line {lines[key]})", key_node.start_mark)
        lines[key] = key_node.start_mark.line + 1
    record = Record(loader.construct_mapping(node, deep=True))
    record.line = node.start_mark.line + 1
    record.key_lines = lines
    return record


def _string(loader: _Loader, node: yaml.ScalarNode) -> Text:
    text = Text(loader.construct_scalar(node))
    text.line = node.start_mark.line + 1
    return text


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)


def line_of(value: Any) -> int | None:
    """The line a value came from, if known."""
    return getattr(value, "line", None)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse ``path``; a missing, unreadable or malformed file raises DataError naming it."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DataError([Problem(shown, None, f"cannot read file: over {MAX_BYTES // 1_000_000} MB")])
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
