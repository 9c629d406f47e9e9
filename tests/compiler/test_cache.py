"""Load, don't rebuild: commands reuse the compiled graph while its inputs are unchanged, and never answer from a stale one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from collab_graph.cli import cli
from collab_graph.common.paths import Project
from collab_graph.compiler import build as build_module
from collab_graph.compiler.cache import CachePaths, input_key, load, load_or_compile, read_manifest
from collab_graph.compiler.serialise import serialise

ROOT = Path(__file__).resolve().parents[2]
NAME_OF = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?name WHERE {{ <https://w3id.org/collab-graph/id/org/{slug}> skos:prefLabel ?name }}"


@pytest.fixture(scope="module")
def compiled_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose cache is already written (compiled once for this module)."""
    root = tmp_path_factory.mktemp("cached") / "project"
    shutil.copytree(ROOT / "graph", root / "graph")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    load_or_compile(Project(root))
    return root


@pytest.fixture()
def cached_copy(compiled_once: Path, tmp_path: Path) -> Path:
    """A writable copy of :func:`compiled_once`, cache included."""
    root = tmp_path / "project"
    shutil.copytree(compiled_once, root)
    return root


def _first_organisation(root: Path) -> tuple[Path, str, str]:
    """An organisation record to edit: its file, id and name."""
    path = root / "graph" / "organisations" / "ambulance.yaml"
    match = re.search(r"^- id: (\S+)\n  name: (.+)\n  aliases: \[", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "no organisation record found to edit"
    return path, match.group(1), match.group(2)


def _run(root: Path, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], input=stdin)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(project: Project) -> None:
        raise AssertionError("compiled again although nothing changed")

    monkeypatch.setattr(build_module, "compile_project", refuse)


def test_an_edited_record_is_seen_by_the_next_query(project_copy: Path) -> None:
    path, slug, name = _first_organisation(project_copy)
    query = NAME_OF.format(slug=slug)
    assert name in _run(project_copy, "query", "-", stdin=query)
    before = read_manifest(Project(project_copy))
    assert before is not None, "the first query left no cache"
    renamed = f"  name: {name} Renamed\n  aliases: [{name}, "  # the old name stays an alias: other records name it
    path.write_text(path.read_text(encoding="utf-8").replace(f"  name: {name}\n  aliases: [", renamed, 1), encoding="utf-8")
    assert f"{name} Renamed" in _run(project_copy, "query", "-", stdin=query)
    after = read_manifest(Project(project_copy))
    assert after is not None and after["key"] != before["key"] and after["key"] == input_key(Project(project_copy))


def test_a_changed_ontology_or_source_changes_the_key(project_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project = Project(project_copy)
    key = input_key(project)
    shapes = project_copy / "ontology" / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert input_key(project) != key
    key = input_key(project)
    source = tmp_path / "source.txt"
    source.write_text("one line\n", encoding="utf-8")
    monkeypatch.setenv("COLLAB_GRAPH_SOURCE", str(source))
    assert input_key(project) != key


def test_touching_files_without_changing_them_rebuilds_nothing(cached_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project_copy = cached_copy
    project = Project(project_copy)
    path, slug, name = _first_organisation(project_copy)
    manifest = CachePaths.of(project).manifest
    stamp, key = _stamp(manifest), read_manifest(project)["key"]
    for touched in [path, *(project_copy / "ontology").glob("*.ttl")]:
        os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    _no_compiling(monkeypatch)
    out = _run(project_copy, "show", slug)
    assert out.startswith(name + "\n")
    assert "record: graph/organisations/ambulance.yaml:" in out, "origins lost in the cache"
    assert _stamp(manifest) == stamp, "the cache was rewritten although nothing changed"
    assert read_manifest(project)["key"] == key == input_key(project)


@pytest.mark.parametrize(
    "damage",
    [
        "truncated graph",
        "garbage graph",
        "garbage manifest",
        "foreign manifest",
        "graph edited behind the manifest",
        "garbage graph with a matching hash",
        "missing graph",
        "name index edited behind the manifest",
        "missing name index",
    ],
)
def test_a_damaged_cache_is_rebuilt_without_a_traceback(cached_copy: Path, damage: str) -> None:
    project = Project(cached_copy)
    _, slug, name = _first_organisation(cached_copy)
    paths = CachePaths.of(project)
    good = paths.graph.read_bytes()
    if damage == "truncated graph":
        paths.graph.write_bytes(good[: len(good) // 2])
    elif damage == "garbage graph":
        paths.graph.write_bytes(b"\x00\xff not n-triples at all <<<\n")
    elif damage == "garbage manifest":
        paths.manifest.write_bytes(b"{ not json")
    elif damage == "foreign manifest":
        paths.manifest.write_text(json.dumps({"format": "something else", "origins": {}}), encoding="utf-8")
    elif damage == "graph edited behind the manifest":
        paths.graph.write_bytes(good.replace(name.encode(), b"Forged Name"))
    elif damage == "garbage graph with a matching hash":
        garbage = b"<urn:a> <urn:b> Forged Name .\n"
        paths.graph.write_bytes(garbage)
        manifest = json.loads(paths.manifest.read_text(encoding="utf-8"))
        manifest["ntriples_sha256"] = hashlib.sha256(garbage).hexdigest()
        paths.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    elif damage == "name index edited behind the manifest":
        paths.names.write_bytes(paths.names.read_bytes().replace(name.encode(), b"Forged Name"))
    elif damage == "missing name index":
        paths.names.unlink()
    else:
        paths.graph.unlink()
    assert load(project, input_key(project)) is None, "a damaged cache was trusted"
    out = _run(cached_copy, "show", slug)
    assert out.startswith(name + "\n") and "Forged Name" not in out
    assert paths.graph.read_bytes() == good, "the cache was not rebuilt"
    assert load(project, input_key(project)) is not None


def test_the_cached_graph_is_the_compiled_graph(cached_copy: Path) -> None:
    project = Project(cached_copy)
    compiled = load_or_compile(project, fresh=True)
    cached = load(project, input_key(project))
    assert cached is not None
    assert cached.origins == compiled.origins
    for fmt in ("nt", "ttl", "jsonld"):
        assert serialise(cached.graph, fmt) == serialise(compiled.graph, fmt), f"release {fmt} differs when made from the cache"


def test_build_compiles_afresh_even_with_a_current_cache(cached_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project_copy = cached_copy
    project = Project(project_copy)
    calls = []
    real = build_module.compile_project
    monkeypatch.setattr(build_module, "compile_project", lambda p: calls.append(p) or real(p))
    stamps = [_stamp(path) for path in (CachePaths.of(project).graph, CachePaths.of(project).manifest)]
    _run(project_copy, "build")
    assert calls, "build used the cache instead of compiling"
    assert [_stamp(path) for path in (CachePaths.of(project).graph, CachePaths.of(project).manifest)] == stamps, (
        "a current cache was rewritten"
    )
    assert (project_copy / "build" / "collab-graph.nt").read_bytes() == CachePaths.of(project).graph.read_bytes()


@pytest.mark.parametrize("args", [["show", "{slug}"], ["query", "partners-of", "--param", "org={slug}"], ["stats"]])
def test_reading_commands_load_only_what_they_need(cached_copy: Path, args: list[str]) -> None:
    """With the cache current, reading commands neither compile nor import the analysis, map, notebook or SHACL libraries."""
    _, slug, _ = _first_organisation(cached_copy)
    args = [a.format(slug=slug) for a in args]
    unwanted = ("networkx", "pyvis", "pandas", "matplotlib", "pyshacl", "igraph")
    script = (
        "import json, sys\n"
        "from collab_graph.compiler import build\n"
        "def refuse(project):\n    raise SystemExit('compiled although the cache is current')\n"
        "build.compile_project = refuse\n"
        f"sys.argv = ['collab-graph', '--root', {str(cached_copy)!r}, *{args!r}]\n"
        "from collab_graph.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(json.dumps([m for m in {unwanted!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"collab-graph {' '.join(args)} imported {loaded}"


@pytest.mark.parametrize("args", [["query", "partners-of", "--param", "org={slug}"], ["search", "{name}"]])
def test_query_and_search_never_parse_the_cached_graph_into_rdflib(cached_copy: Path, args: list[str]) -> None:
    """With the cache current, a query runs on Oxigraph loaded from the cached bytes and resolves names in the cached index."""
    _, slug, name = _first_organisation(cached_copy)
    args = [a.format(slug=slug, name=name) for a in args]
    script = (
        "import sys\n"
        "from collab_graph.compiler import compiled\n"
        "def refuse(data):\n    raise SystemExit('parsed the cached graph into rdflib')\n"
        "compiled.parse_ntriples = refuse\n"
        f"sys.argv = ['collab-graph', '--root', {str(cached_copy)!r}, *{args!r}]\n"
        "from collab_graph.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "no answer"
    assert done.stdout == _run(cached_copy, *args)


def test_a_failing_command_writes_no_cache(project_copy: Path) -> None:
    """A command that fails (here, an unknown name) leaves build/ as it was, even though it compiled."""
    result = CliRunner().invoke(cli, ["--root", str(project_copy), "query", "partners-of", "--param", "org=No Such Trust"])
    assert result.exit_code != 0
    assert not (project_copy / "build").exists(), "a failing command wrote the cache"
    _run(project_copy, "query", "partners-of", "--param", "org=NWAS")
    assert read_manifest(Project(project_copy)) is not None, "a succeeding command did not write the cache"
