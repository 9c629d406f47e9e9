"""Broken data gives one clear line naming file and line, exit 1, and leaves the release untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture()
def built(project_copy: Path) -> dict[str, bytes]:
    """Build once so there are previous release files to protect."""
    assert run(project_copy, "build").returncode == 0
    return _build_files(project_copy)


def _build_files(root: Path) -> dict[str, bytes]:
    """Every file under build/ (the compiled-graph cache in build/.cache/ included), by relative path."""
    files = sorted(p for p in (root / "build").rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def assert_release_unchanged(root: Path, before: dict[str, bytes]) -> None:
    after = _build_files(root)
    assert after == before


def test_malformed_yaml_names_file_and_line(project_copy, built):
    path = project_copy / "graph" / "areas.yaml"
    path.write_text(path.read_text() + "\n- id: broken\n  name: [unclosed\n", encoding="utf-8")
    result = run(project_copy, "build")
    assert result.returncode == 1
    assert "error: graph/areas.yaml:" in result.stderr
    assert "YAML syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert_release_unchanged(project_copy, built)


def test_unknown_partner_is_named_with_suggestion(project_copy, built):
    path = project_copy / "graph" / "initiatives" / "joint-control-rooms.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Kent Police" in text
    path.write_text(text.replace("Kent Police", "Kent Polise", 1), encoding="utf-8")
    result = run(project_copy, "build")
    assert result.returncode == 1
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "Kent Polise" in t)
    assert f"error: graph/initiatives/joint-control-rooms.yaml:{line}: unknown organisation 'Kent Polise' (did you mean" in result.stderr
    assert_release_unchanged(project_copy, built)


def test_duplicate_alias_across_organisations_is_refused(project_copy, built):
    path = project_copy / "graph" / "organisations" / "zz-test.yaml"
    path.write_text(
        "- id: impostor\n  name: Impostor Trust\n  aliases: [NWAS]\n  sector: other\n  kind: other\n  added: test\n",
        encoding="utf-8",
    )
    result = run(project_copy, "build")
    assert result.returncode == 1
    assert (
        "error: graph/organisations/zz-test.yaml:3: organisation name 'NWAS' is already used by the record at graph/organisations/ambulance.yaml:"
        in result.stderr
    )
    assert_release_unchanged(project_copy, built)


def test_unknown_field_is_refused(project_copy):
    path = project_copy / "graph" / "areas.yaml"
    path.write_text(path.read_text() + "\n- id: nowhere\n  name: Nowhere\n  kind: other\n  colour: red\n", encoding="utf-8")
    result = run(project_copy, "validate")
    assert result.returncode == 1
    assert "area record has unknown field 'colour'" in result.stderr


def test_missing_data_file(project_copy):
    (project_copy / "graph" / "areas.yaml").unlink()
    result = run(project_copy, "validate")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: graph/areas.yaml: file not found"


def test_shape_violation_names_record_and_message(project_copy, built):
    path = project_copy / "graph" / "initiatives" / "joint-control-rooms.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, t in enumerate(lines) if t.strip().startswith("partners:"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and lines[end].strip().startswith("- ") and not lines[end].strip().startswith("- id:"):
        end += 1
    lines[start:end] = [" " * indent + "partners: []"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project_copy, "build")
    assert result.returncode == 1
    assert "an implementation has partner organisations" in result.stderr
    assert "violation: graph/initiatives/joint-control-rooms.yaml:" in result.stderr
    assert_release_unchanged(project_copy, built)


def test_single_partner_is_a_warning_not_a_failure(project):
    from collab_graph.compiler import compile_project
    from collab_graph.compiler.validate import validate_graph

    results = validate_graph(project, compile_project(project))
    assert [r for r in results if r.severity == "violation"] == []
    warnings = [str(r) for r in results if r.severity == "warning"]
    assert any("Telecare Response Service – Gloucestershire" in w for w in warnings)


def test_missing_root_is_one_line(tmp_path):
    result = run(tmp_path / "nowhere", "stats")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_project_in_the_current_folder_is_the_one_used(project_copy):
    """Run from a copy of the project, the CLI builds that copy (not the checkout it was installed from)."""
    env = {key: value for key, value in os.environ.items() if key != "COLLAB_GRAPH_ROOT"}
    done = subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "build"], cwd=project_copy, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (project_copy / "build" / "collab-graph.ttl").is_file()
