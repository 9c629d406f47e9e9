"""A write killed half-way (kill -9) leaves the previous file complete; the next run cleans up.

``tests/pause_write.py`` runs the real CLI and freezes inside ``collab_graph.common.atomic`` after half
of a file's bytes reached the disk; the test then SIGKILLs it, checks every previous output is
byte-identical, and that the leftover temporary files are hidden and removed by the next
successful run of the same command.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from collab_graph.common.atomic import remove_stale_temporaries, write_file

ROOT = Path(__file__).resolve().parents[2]
PAUSE = Path(__file__).resolve().parents[1] / "pause_write.py"
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^./]+\.tmp$")


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "--root", ".", *args], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )


def outputs(root: Path) -> dict[str, bytes]:
    """Every file under build/ (temporary files included), by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A project copy with a previous release, analysis, map and query answer in build/."""
    root = tmp_path_factory.mktemp("previous") / "project"
    shutil.copytree(ROOT / "graph", root / "graph")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    assert cli(root, "all").returncode == 0
    assert cli(root, "query", "partners-of", "--param", "org=NWAS", "--format", "csv", "--out", "build/answer.csv").returncode == 0
    return root


def kill_mid_write(root: Path, pause_at: int, args: list[str]) -> Path:
    """Run the CLI until it is half-way through its ``pause_at``-th file, SIGKILL it; the half-written temporary file."""
    process = subprocess.Popen(
        [sys.executable, str(PAUSE), str(pause_at), "--root", ".", *args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        while line and not line.startswith("paused "):
            line = process.stderr.readline()
        assert line.startswith("paused "), "the command finished without writing"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return Path(line.removeprefix("paused ").strip())


CASES = {
    "build": (2, ["build"]),
    "analyse": (3, ["analyse"]),
    "map": (1, ["map", "--focus", "Kent Police"]),
    "query --out": (1, ["query", "partners-of", "--param", "org=Kent Police", "--out", "build/answer.csv"]),
    "report": (1, ["report", "--area", "Merseyside"]),
}


@pytest.mark.parametrize("command", CASES)
def test_a_killed_write_keeps_the_previous_files(command: str, previous: Path, tmp_path: Path):
    pause_at, args = CASES[command]
    root = tmp_path / "project"
    shutil.copytree(previous, root)
    before = outputs(root)

    half = kill_mid_write(root, pause_at, args)

    after = outputs(root)
    assert {name: after[name] for name in before} == before
    leftovers = set(after) - set(before)
    assert leftovers and all(TEMPORARY.match(Path(name).name) for name in leftovers)
    match = TEMPORARY.match(half.name)
    assert match and int(match["pid"]) > 0
    target = str((half.parent / match["name"]).relative_to(root.resolve()))
    assert target in before
    half_bytes = half.read_bytes()

    result = cli(root, *args)
    assert result.returncode == 0, result.stderr
    assert list((root / "build").rglob("*.tmp")) == []
    written = (root / target).read_bytes()
    assert 0 < len(half_bytes) < len(written) and written.startswith(half_bytes)


def test_stale_temporaries_of_a_running_writer_are_kept(tmp_path: Path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    stale = tmp_path / f".map.html.{finished.stdout.strip()}.abc123.tmp"
    running = tmp_path / f".map.html.{os.getpid()}.def456.tmp"
    other = tmp_path / f".other.html.{finished.stdout.strip()}.abc123.tmp"
    for path in (stale, running, other):
        path.write_bytes(b"half")
    write_file(tmp_path / "map.html", "<html></html>\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, other.name, "map.html"])
    assert remove_stale_temporaries(tmp_path / "map.html") == []


def test_written_files_have_the_usual_permissions(tmp_path: Path):
    umask = os.umask(0o022)
    try:
        write_file(tmp_path / "out.csv", "a\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644
