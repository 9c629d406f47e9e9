"""The command line as a user meets it: help everywhere, documented, and the main answers right."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collab_graph.cli import cli
from collab_graph.cli.doc import commands, render

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name, command", commands())
def test_every_command_has_help_ending_with_an_example(name, command):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert command.help and "Example:" in command.help, f"`collab-graph {name}` help has no Example: block"
    example = command.help.split("Example:", 1)[1].strip().splitlines()[0].strip()
    assert example.startswith(f"collab-graph {name}") or example.startswith("collab-graph "), example


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), "docs/cli.md is stale: run `python -m collab_graph.cli.doc`"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _ in commands() if f"collab-graph {name}" not in readme]
    assert not missing, f"commands not mentioned in README.md: {missing}"


def test_show_roy_wilsher_gives_post_note_and_source():
    result = CliRunner().invoke(cli, ["show", "roy wilsher"])
    assert result.exit_code == 0, result.output
    assert "Chief Fire Officer, Hertfordshire Fire and Rescue Service: Roy Wilsher (Also Chief Exec of PCC’s Office)" in result.output
    assert "line 5396 · Service Information" in result.output


def test_show_eeas_gives_aliases_partnerships_and_sources():
    result = CliRunner().invoke(cli, ["show", "EEAS"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("East of England Ambulance Service NHS Trust\n")
    assert "also known as: EEAS;" in out
    assert "sector: ambulance" in out
    assert (
        "First Response – Cardiac Arrest – Essex\n        source: line 187 · First Response and Co-responding › First Response – Cardiac Arrest"
        in out  # the lines naming EEAS as a partner, not the whole block
    )
    assert (
        "Chief Executive, East of England Ambulance Service NHS Trust: Robert Morton\n        source: line 5284 · Service Information › Bedfordshire · est. p. 76; line 5293 · Service Information › Cambridgeshire"
        in out
    )
    assert "Chief Executive, East of England Ambulance Service NHS Trust: Robert Morton" in out


def test_show_unknown_name_suggests_and_fails():
    result = CliRunner().invoke(cli, ["show", "Kent Flre Brigade Office"], standalone_mode=False)
    assert result.exception is not None
    assert "did you mean 'Kent (area: police force area; area/kent)'" in str(result.exception)


def test_show_takes_one_clear_typo():
    result = CliRunner().invoke(cli, ["show", "Kent Polise"])
    assert result.exit_code == 0 and result.output.startswith("Kent Police\n")


def test_stats_counts_classes_sectors_and_themes():
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert "cg:Initiative" in result.output and "Joint Control Rooms" in result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.startswith(("cg:", "org:"))}
    assert lines["cg:Initiative"][1] == "28"  # 27 in the "In this section" lists, and the Joint Control and Dispatch Service


def test_coverage_has_no_gaps():
    result = CliRunner().invoke(cli, ["coverage", "--strict"])
    assert result.exit_code == 0, result.output
    assert "gap:" not in result.output
    table = {line.split()[0]: line.split() for line in result.output.splitlines()[2:8]}
    assert table["initiatives"][1:3] == ["27", "27"]
    assert table["implementations"][3] == "100.0%"
