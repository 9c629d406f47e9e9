"""``collab-graph map``: write an interactive network map as one self-contained, offline HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from ..maps.options import COLOURS, LAYOUTS, SIZES, VIEWS
from .context import get_compiled, get_project, get_store


@click.command(name="map")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write (default: build/map.html).")
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="network",
    show_default=True,
    help="What to show (--focus/--initiative/--theme/--area choose their view).",
)
@click.option("--focus", metavar="NAME", help="One organisation's neighbourhood: any name, alias or abbreviation.")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Partnership steps around --focus.")
@click.option("--initiative", metavar="NAME", help="The organisations in one initiative's implementations.")
@click.option("--theme", metavar="NAME", help="The organisations in one theme's implementations.")
@click.option("--area", metavar="NAME", help="The organisations in the implementations located in one area (or an area within it).")
@click.option(
    "--colour",
    type=click.Choice(COLOURS),
    default="sector",
    show_default=True,
    help="Colour organisations by sector or by Louvain cluster.",
)
@click.option("--size", type=click.Choice(SIZES), default="partners", show_default=True, help="Size organisations by this measure.")
@click.option(
    "--layout", type=click.Choice(LAYOUTS), default="spring", show_default=True, help="Force-directed (fixed seed) or by area location."
)
@click.pass_context
def map_(ctx: click.Context, out: Path | None, **options: str | int | None) -> None:
    """Write an interactive network map: one HTML file that works offline.

    vis-network, the stylesheet, the script and the data are all inside the file: it opens from
    a file path with no network. Search by name or abbreviation, filter by sector, theme and
    cluster, hover for a summary, click for leaders, initiatives, partners and the source lines
    of each fact. The same input gives the same bytes. See docs/maps.md.

    Example:

        collab-graph map --focus "Kent Police" --depth 2 --colour cluster --out build/kent-police.html
    """
    from ..common.atomic import write_file
    from ..maps.make import make_map

    project = get_project(ctx)
    compiled = get_compiled(ctx)
    document = make_map(compiled.graph, store=get_store(ctx), **options)
    target = out or project.build_dir / "map.html"
    write_file(target, document)
    click.echo(f"wrote {project.shown(target)} ({len(document.encode('utf-8')) // 1024} KiB): open it in a browser, no network needed")


COMMANDS = [map_]
