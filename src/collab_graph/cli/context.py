"""What every command needs from the click context: the project and its compiled graph.

The graph is compiled once per invocation and shared by the commands it runs.
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


def get_compiled(ctx: click.Context) -> Compiled:
    """The project's compiled graph (compiled on first use)."""
    obj = ctx.find_root().obj
    if "compiled" not in obj:
        from ..compiler import compile_project

        obj["compiled"] = compile_project(get_project(ctx))
    return obj["compiled"]


def get_store(ctx: click.Context, kind: str | None = None) -> StoreConfig:
    """The store chosen by the global ``--store``/``--store-path``/``--endpoint`` options.

    ``kind`` (a command's own ``--store``) overrides the global choice with an embedded store.
    """
    config: StoreConfig = ctx.find_root().obj.get("store") or StoreConfig()
    if kind is not None:
        return StoreConfig(kind, path=config.path if kind == config.kind else None)
    return config
