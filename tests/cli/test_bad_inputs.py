"""Every case of the bad-input corpus (tests/bad_inputs/): the exact message, the exit code, nothing changed.

Each case runs the real CLI in a subprocess, from the root of a copy of the project that has
already been built, and compares every file and folder of the copy before and after.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bad_inputs.make_table import DOC, Case, apply_setup, copy_project, load_cases, render, restore_permissions, running_as_root

ROOT = Path(__file__).resolve().parents[2]
CASES = load_cases()


def run_cli(root: Path, args: list[str], user: list[str] | None = None) -> subprocess.CompletedProcess:
    """``collab-graph ARGS`` run from ``root`` (with ``--root .`` unless the case names its own), as ``user`` if given."""
    prefix = [] if "--root" in args else ["--root", "."]
    return subprocess.run(
        [*(user or []), sys.executable, "-m", "collab_graph.cli", *prefix, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def unprivileged_place(case: Case, tmp_path: Path) -> tuple[Path, list[str]]:
    """Where to copy the project and how to run the CLI so that file permissions apply.

    As root, permission cases run as ``nobody`` through setpriv, in a folder ``nobody`` can reach.
    """
    if not (case.unprivileged and running_as_root()):
        return tmp_path, []
    if shutil.which("setpriv") is None:
        pytest.skip(f"running as root without setpriv to drop privileges: {case.unprivileged}")
    place = Path(tempfile.mkdtemp(prefix="collab-graph-bad-input-"))
    place.chmod(0o755)
    return place, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def snapshot(root: Path) -> dict[str, str]:
    """Every file's hash and every folder under ``root`` (unreadable files by their size)."""
    state = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_dir():
            state[key] = "folder"
        else:
            try:
                state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            except PermissionError:
                state[key] = f"unreadable, {path.stat().st_size} bytes"
    return state


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of graph/ and ontology/ with its release files built: the files a bad input must not touch."""
    root = tmp_path_factory.mktemp("built") / "project"
    copy_project(ROOT / "graph", root / "graph")
    copy_project(ROOT / "ontology", root / "ontology")
    result = run_cli(root, ["build"])
    assert result.returncode == 0, result.stderr
    return root


def test_the_corpus_covers_every_kind():
    assert len(CASES) == 52
    assert all(case.stderr.strip() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(case: Case, built_project: Path, tmp_path: Path):
    place, user = unprivileged_place(case, tmp_path)
    root = place / "project"
    copy_project(built_project, root)
    try:
        apply_setup(case, root)
        before = snapshot(root)
        result = run_cli(root, case.args, user)
        after = snapshot(root)
    finally:
        restore_permissions(root)
        if place != tmp_path:
            shutil.rmtree(place)
    assert result.stderr == case.stderr
    assert result.returncode == case.exit
    assert "Traceback" not in result.stdout
    if case.stdout_lines is None:
        assert result.stdout == ""
    else:
        assert len(result.stdout.splitlines()) == case.stdout_lines
    if case.exit == 0 and CHECK_CACHE not in before:
        after.pop(CHECK_CACHE, None)  # a query that ran may remember that its text passed the check; nothing else changes
    assert after == before


#: The safety check's verdicts (collab_graph.sparql.checks), written by a query that succeeded.
CHECK_CACHE = "build/.cache/checks.json"


def test_the_table_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "docs/bad-input.md is stale: run `python tests/bad_inputs/make_table.py`"
