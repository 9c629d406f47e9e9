"""The package layout holds: no import cycles, no module over 400 lines, light start-up, and the
README's layout table matches the folders (issue 21)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "collab_graph"
HEAVY = ("rdflib", "pyoxigraph", "networkx", "pyvis", "pandas", "matplotlib", "pyshacl")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    """Module -> the package modules it imports (at any level, top or inside functions)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            for candidate in candidates:
                if candidate in modules and candidate != name:
                    graph.add_edge(name, candidate)
    return graph


def test_no_import_cycles() -> None:
    """A module never imports, directly or through others, a module that imports it back.

    Package ``__init__`` files that only re-export are left out: importing ``collab_graph.store``
    to reach ``collab_graph.store.base`` is not a cycle of the code's own.
    """
    graph = import_graph()
    graph.remove_nodes_from([n for n in list(graph) if n.count(".") <= 1 and (PACKAGE / Path(*n.split(".")[1:]) / "__init__.py").exists()])
    cycles = sorted(sorted(c) for c in nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles}"


def test_stage_folders_import_forwards_only() -> None:
    """Stages import only earlier stages and the shared helpers, never a later stage."""
    order = [
        "common",
        "names",
        "store",
        "compiler",
        "sparql",
        "analysis",
        "maps",
        "report",
        "cli",
    ]  # store before compiler: validation queries a store
    later = []
    for source, target in import_graph().edges:
        a, b = source.split("."), target.split(".")
        if len(a) > 1 and len(b) > 1 and a[1] in order and b[1] in order and order.index(b[1]) > order.index(a[1]):
            later.append(f"{source} -> {target}")
    assert not later, "a stage imports a later one: " + "; ".join(sorted(later))


def test_no_module_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these modules (over 400 lines): {long}"


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["queries"], ["query", "--help"], ["map", "--help"], ["report", "--help"]])
def test_light_commands_import_no_heavy_library(args: list[str]) -> None:
    """Commands that don't read the graph start without rdflib, pyoxigraph, networkx, pyvis, pandas or matplotlib."""
    script = (
        "import json, sys\n"
        f"sys.argv = ['collab-graph', *{args!r}]\n"
        "from collab_graph.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == [], f"collab-graph {' '.join(args)} imported {loaded}"


def test_a_query_from_the_current_cache_imports_no_rdflib() -> None:
    """A library query whose graph and check are cached runs on Oxigraph and prints without rdflib (a tenth of a second)."""
    script = (
        "import json, sys\n"
        "sys.argv = ['collab-graph', 'query', 'partners-of', '--param', 'org=NWAS', '--format', '{fmt}']\n"
        "from collab_graph.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(json.dumps([m for m in ('rdflib', 'pyparsing', 'networkx', 'pandas') if m in sys.modules]), file=sys.stderr)\n"
    )
    for fmt in ("table", "csv", "json"):
        subprocess.run([sys.executable, "-c", script.format(fmt=fmt)], capture_output=True, text=True, cwd=ROOT, check=True)  # cache made
        done = subprocess.run([sys.executable, "-c", script.format(fmt=fmt)], capture_output=True, text=True, cwd=ROOT, check=True)
        assert "Merseyside Police" in done.stdout
        loaded = json.loads(done.stderr.strip().splitlines()[-1])
        assert loaded == [], f"collab-graph query partners-of --format {fmt} imported {loaded}"


def test_prefix_iris_match_the_rdflib_namespaces() -> None:
    from collab_graph.common.namespaces import PREFIXES
    from collab_graph.common.prefixes import PREFIX_IRIS

    assert {p: str(n) for p, n in PREFIXES.items()} == PREFIX_IRIS


def test_package_root_exports_load_lazily_and_work() -> None:
    """``import collab_graph`` is light; every public name it lists resolves."""
    script = (
        "import json, sys, collab_graph\n"
        f"light = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "missing = [n for n in collab_graph.__all__ if getattr(collab_graph, n, None) is None]\n"
        "print(json.dumps([light, missing]))\n"
    )
    light, missing = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert light == [] and missing == []


def test_readme_layout_table_matches_the_folders() -> None:
    """Every stage folder is in the README's "How the code is laid out" table, and every folder the table names exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`src/collab_graph/([a-z_]+)/`", section))
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert named == folders, f"README names {sorted(named)}, the package has {sorted(folders)}"
    tests = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name in folders}
    assert tests == folders, f"tests/ should mirror the stages: missing {sorted(folders - tests)}"
