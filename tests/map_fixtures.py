"""A map of a project copy whose data holds hostile and ampersand labels (shared by the map test modules)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collab_graph.compiler import compile_project
from collab_graph.maps import make_map
from collab_graph.paths import Project

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"
AMPERSAND = "Hampshire & IoW Fire and Rescue Service"


def _rename(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole-network map of a copy where Kent Police is named ``<img src=x onerror=alert(1)>`` and
    Hampshire FRS ``Hampshire & IoW Fire and Rescue Service`` (old names kept as aliases, so references resolve)."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT / "graph", root / "graph")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    organisations = root / "graph" / "organisations"
    _rename(organisations / "police.yaml", "  name: Kent Police\n  aliases: [KP, ", f'  name: "{HOSTILE}"\n  aliases: [Kent Police, KP, ')
    _rename(
        organisations / "fire.yaml",
        "  name: Hampshire Fire and Rescue Service\n  aliases: [",
        f'  name: "{AMPERSAND}"\n  aliases: [Hampshire Fire and Rescue Service, ',
    )
    graph = compile_project(Project.locate(root)).graph
    page = root / "hostile.html"
    page.write_text(make_map(graph), encoding="utf-8")
    return page
