"""A project copy whose names and texts are hostile HTML/JS payloads, compiled once per test session.

Every text field a user can see somewhere gets a payload: an organisation's name and aliases (and another
organisation's name holds a bare ``&``), an
area, an initiative's title (the source heading of its excerpts) and description, a theme, a site, a
figure's measure and a person's name. The data format has no link/URL field (docs/data-format.md),
so ``javascript:`` goes into an alias. The old names stay as aliases, so every reference resolves.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from collab_graph.common.paths import Project
from collab_graph.compiler import compile_project

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/collab-graph/id/"

ORGANISATION = '@Kent <img src=x onerror="window.__pwned=1"> Police\u2028&amp;\u2029{{7*7}}'
ALIAS_SVG = '"><svg onload=window.__pwned=1>'
ALIAS_JS = "javascript:window.__pwned=1"
AREA = "Kent</script><script>window.__pwned=1</script>"
INITIATIVE = "Joint Control Rooms <script>window.__pwned=1</script> (JCC)"
DESCRIPTION = "Shared rooms\u2028and systems\u2029<b onmouseover=window.__pwned=1>bold</b> &amp; {{7*7}}"
THEME = "Joint Control Rooms \"><img src=x onerror='window.__pwned=1'>"
SITE = "Kent JCC <iframe src=javascript:window.__pwned=1></iframe>"
MEASURE = "=1+1 savings </script><script>window.__pwned=1</script>"
PERSON = "Alan <svg onload=window.__pwned=1> Pughsley &amp;"
AMPERSAND = "Hampshire & IoW Fire and Rescue Service"  # a bare "&" must show as "&", not "&amp;"
PAYLOADS = (ORGANISATION, ALIAS_SVG, ALIAS_JS, AREA, INITIATIVE, DESCRIPTION, THEME, SITE, MEASURE, PERSON)

KENT_POLICE = ID + "org/kent-police"
KENT_AREA = ID + "area/kent"
JCC = ID + "initiative/joint-control-rooms"
JCC_KENT = ID + "implementation/joint-control-rooms-kent"


def _dq(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (U+2028/U+2029 as escapes)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\u2028", "\\L").replace("\u2029", "\\P")
    return f'"{body}"'


def _patch(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@dataclass(frozen=True)
class Hostile:
    """The hostile project copy and its compiled graph."""

    root: Path
    graph: Graph


def make_hostile(root: Path) -> Path:
    """Copy graph/ and ontology/ into ``root`` and write the payloads into the YAML."""
    shutil.copytree(ROOT / "graph", root / "graph")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    g = root / "graph"
    _patch(
        g / "organisations" / "police.yaml",
        "  name: Kent Police\n  aliases: [KP, Kent Constabulary]",
        f"  name: {_dq(ORGANISATION)}\n  aliases: [Kent Police, KP, Kent Constabulary, {_dq(ALIAS_SVG)}, {_dq(ALIAS_JS)}]",
    )
    _patch(
        g / "organisations" / "fire.yaml",
        "  name: Hampshire Fire and Rescue Service\n  aliases: [",
        f"  name: {_dq(AMPERSAND)}\n  aliases: [Hampshire Fire and Rescue Service, ",
    )
    _patch(g / "areas.yaml", "- id: kent\n  name: Kent\n", f"- id: kent\n  name: {_dq(AREA)}\n  aliases: [Kent]\n")
    jcr = g / "initiatives" / "joint-control-rooms.yaml"
    _patch(jcr, "    title: Joint Control Rooms (JCC)\n", f"    title: {_dq(INITIATIVE)}\n")
    _patch(
        jcr,
        "    description: Emergency services share control rooms, staff or mobilising systems so that calls are handled and resources sent jointly.\n",
        f"    description: {_dq(DESCRIPTION)}\n",
    )
    _patch(jcr, "            measure: savings expected from the Kent joint control room\n", f"            measure: {_dq(MEASURE)}\n")
    _patch(jcr, "    name: Kent JCC\n", f"    name: {_dq(SITE)}\n")
    _patch(g / "themes.yaml", "  title: Joint Control Rooms\n", f"  title: {_dq(THEME)}\n")
    _patch(g / "leaders.yaml", "      holder: Alan Pughsley\n", f"      holder: {_dq(PERSON)}\n")
    return root


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The hostile copy (built and compiled once per session)."""
    root = make_hostile(tmp_path_factory.mktemp("hostile-content") / "project")
    return Hostile(root, compile_project(Project.locate(root)).graph)
