"""What every command needs from the click context: the project and its compiled graph.

The graph is obtained once per invocation and shared by the commands it runs: loaded from
``build/.cache/`` when the records, ontology, source and compiler are unchanged since it was
compiled, else compiled again (:mod:`collab_graph.compiler.cache`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..common.paths import Project
from ..store import StoreConfig

if TYPE_CHECKING:
    from ..compiler import Compiled


def get_project(ctx: click.Context) -> Project:
    """The project named by ``--root`` (or found from here)."""
    return Project.locate(ctx.find_root().obj.get("root"))


def get_compiled(ctx: click.Context, *, fresh: bool = False) -> Compiled:
    """The project's compiled graph: from the cache when its inputs are unchanged, else compiled (on first use).

    ``fresh`` compiles even when the cache is current (``build``: a release never comes from the
    cache); raises DataError listing every problem in the records. A graph compiled here is
    cached by :func:`save_compiled` once the command has succeeded.
    """
    obj = ctx.find_root().obj
    if "compiled" not in obj or (fresh and not obj.get("compiled_fresh")):
        from ..compiler.cache import compile_or_load

        project = get_project(ctx)
        obj["compiled"], key = compile_or_load(project, fresh=fresh)
        obj["compiled_fresh"] = fresh
        obj["compiled_key"] = (project, key)
    return obj["compiled"]


def save_compiled(ctx: click.Context) -> None:
    """Cache the graph this invocation compiled (called when the command has succeeded: a failing one writes nothing)."""
    obj = ctx.find_root().obj or {}
    project, key = obj.get("compiled_key", (None, None))
    if key is not None:
        from ..compiler.cache import save

        save(project, key, obj["compiled"])
        obj["compiled_key"] = (project, None)


def get_store(ctx: click.Context, kind: str | None = None) -> StoreConfig:
    """The store chosen by the global ``--store``/``--store-path``/``--endpoint`` options.

    ``kind`` (a command's own ``--store``) overrides the global choice with an embedded store.
    """
    config: StoreConfig = ctx.find_root().obj.get("store") or StoreConfig()
    if kind is not None:
        return StoreConfig(kind, path=config.path if kind == config.kind else None)
    return config
