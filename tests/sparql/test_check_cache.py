"""The safety check's verdicts kept on disk: a text that passed is not parsed again; nothing else is ever let through by it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from collab_graph.cli import cli
from collab_graph.sparql import run as run_module
from collab_graph.sparql.checks import FORMAT, CheckCache, checker_key

ROOT = Path(__file__).resolve().parents[2]


def _query(root: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--root", str(root), "query", *args], input=stdin)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project with its own build folder."""
    root = tmp_path / "project"
    for part in ("graph", "ontology"):
        shutil.copytree(ROOT / part, root / part)
    return root


def _passed(root: Path) -> dict[str, str]:
    return json.loads((root / "build" / ".cache" / "checks.json").read_text(encoding="utf-8"))["passed"]


def test_a_query_that_passed_is_not_checked_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _query(project, "partners-of", "--param", "org=NWAS", "--format", "csv")
    assert first.exit_code == 0, first.output
    assert len(_passed(project)) == 1
    calls: list[object] = []
    real = run_module.run_isolated

    def spy(target, *args):
        if target is run_module._check_texts:  # the check runs in a child process: count the calls here
            calls.append(args)
        return real(target, *args)

    monkeypatch.setattr(run_module, "run_isolated", spy)
    again = _query(project, "partners-of", "--param", "org=NWAS", "--format", "csv")
    assert again.output == first.output
    assert calls == [], "the same text was parsed again"
    other = _query(project, "partners-of", "--param", "org=Kent Police", "--format", "csv")
    assert other.exit_code == 0 and calls, "a new text must be checked"


def test_refused_and_failing_queries_are_not_remembered(project: Path) -> None:
    assert _query(project, "partners-of", "--param", "org=NWAS").exit_code == 0
    before = _passed(project)
    bad = _query(project, "-", stdin="SELECT * WHERE { ?s ?p }")
    assert bad.exit_code != 0 and "syntax error" in str(bad.exception)
    assert _passed(project) == before


def test_a_cache_from_another_checker_or_damaged_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "checks.json"
    texts, name = ["SELECT * WHERE { ?s ?p ?o }"], "demo"
    digest = CheckCache._digest(texts, name, 0)
    path.write_text(json.dumps({"format": FORMAT, "checker": "another", "passed": {digest: "SELECT"}}))
    assert CheckCache(path).get(texts, name, 0) is None
    path.write_text(json.dumps({"format": FORMAT, "checker": checker_key(), "passed": {digest: "SELECT"}}))
    assert CheckCache(path).get(texts, name, 0) == "SELECT"
    path.write_bytes(b"\xff{ not json")
    assert CheckCache(path).get(texts, name, 0) is None


def test_a_poisoned_cache_cannot_let_a_remote_call_or_an_update_through(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if checks.json vouched for every text, the keyword screen runs first and the query process has no network."""
    monkeypatch.setattr(CheckCache, "get", lambda self, texts, name, skip: "SELECT")
    service = _query(project, "-", stdin="SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert service.exit_code != 0 and "SERVICE" in str(service.exception)
    update = _query(project, "-", stdin="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert update.exit_code != 0 and "update" in str(update.exception)
