"""Generate docs/cli.md from the commands' own --help texts.

Run ``python -m collab_graph.cli.doc`` after changing a command; a test fails while the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..common.atomic import write_file
from .app import cli


def commands() -> list[tuple[str, click.Command]]:
    """Every command of the CLI, sorted by name."""
    return sorted(cli.commands.items())


def render() -> str:
    """The CLI reference as Markdown."""
    parts = ["# CLI reference", "", "Generated from `--help` by `python -m collab_graph.cli.doc`; do not edit.", ""]
    settings = {**cli.context_settings, "terminal_width": 100, "max_content_width": 100}
    with click.Context(cli, info_name="collab-graph", **settings) as ctx:
        parts += ["## collab-graph", "", "```", cli.get_help(ctx), "```", ""]
        for name, command in commands():
            with click.Context(command, parent=ctx, info_name=name, **settings) as sub:
                parts += [f"## collab-graph {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(parts)


def main() -> None:
    target = Path(__file__).resolve().parents[3] / "docs" / "cli.md"
    write_file(target, render())
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
