"""Shared fixtures: the real project and its compiled graph (compiled once per test session)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from collab_graph.common.paths import Project
from collab_graph.compiler import Compiled, compile_project
from hostile_project import hostile  # noqa: F401  (registered here: built once per session, not once per module)
from map_fixtures import hostile_page  # noqa: F401  (likewise)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.locate(ROOT)


@pytest.fixture(scope="session")
def compiled(project: Project) -> Compiled:
    return compile_project(project)


@pytest.fixture(scope="session")
def graph(compiled: Compiled):
    return compiled.graph


@pytest.fixture()
def query_cli_run(monkeypatch, capsys, compiled):
    """Run ``collab-graph ARGS`` in-process through ``main()`` (real error handling and exit codes) on the
    session's compiled graph; returns (exit code, stdout, stderr)."""
    from collab_graph.cli import main
    from collab_graph.cli import query as query_cli

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setattr(query_cli, "get_compiled", lambda ctx: compiled)
        monkeypatch.setattr(sys, "argv", ["collab-graph", *args])
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as exit_info:
            main()
        out, err = capsys.readouterr()
        return exit_info.value.code, out, err

    return run


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of graph/ and ontology/ for tests that break things."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "graph", root / "graph")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    return root


def pytest_configure(config: pytest.Config) -> None:
    """The suite never reaches beyond the loopback: a test that tries fails (tests/netguard.py)."""
    import netguard

    netguard.install()
