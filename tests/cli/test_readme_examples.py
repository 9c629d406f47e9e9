"""The console examples in README.md are real: each one is run and its output compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from collab_graph.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every console block holding exactly one `$ collab-graph` command."""
    found = []
    for block in BLOCK.findall(README.read_text(encoding="utf-8")):
        lines = block.splitlines()
        commands = [line for line in lines if line.startswith("$ ")]
        if len(commands) == 1 and lines[0].startswith("$ collab-graph ") and "<<" not in lines[0]:
            found.append((lines[0][2:], "\n".join(lines[1:])))
    return found


@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example_output_is_current(command, expected):
    result = CliRunner().invoke(cli, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    actual = result.output.rstrip("\n")
    if expected.rstrip().endswith("..."):  # a shortened example: its lines must open the real output
        shown = expected.rstrip().removesuffix("...").rstrip("\n")
        assert actual.startswith(shown), f"README example `{command}` is stale"
    else:
        assert actual == expected.rstrip("\n"), f"README example `{command}` is stale"


def test_readme_has_examples():
    assert len(examples()) >= 7
