"""The notebooks in notebooks/: committed without outputs, and each runs top to bottom on a fresh kernel.

Every notebook is executed headless with nbclient (kernel ``python3`` of this venv) from a
temporary current directory, so they must find the project on their own. The tests then check
what a reader sees: named organisations in the tables, charts with titles, axis labels and the
source, maps shown inline and exported.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-tour", "02-questions", "03-clusters", "04-maps"]

# Run first, in the same kernel: every matplotlib figure displayed also reports its title, axis
# labels and source line as JSON in its text/plain output, so the tests can read them.
FIGURE_PROBE = """
import json as _json
import matplotlib.pyplot as _plt
_plt.close(_plt.figure())  # loads the inline backend, which resets the formatters of figures, before adding ours
from matplotlib.figure import Figure as _Figure

def _describe_figure(fig, p, cycle):
    axes = [{"x": a.get_xlabel(), "y": a.get_ylabel()} for a in fig.axes if a.axison]
    source = [t.get_text() for t in fig.texts if t.get_gid() == "source"]
    p.text("FIGURE " + _json.dumps({"title": fig.get_suptitle(), "axes": axes, "source": source}))

get_ipython().display_formatter.formatters["text/plain"].for_type(_Figure, _describe_figure)
"""


def test_the_four_notebooks_are_there():
    assert [n.stem for n in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_have_no_outputs_and_no_machine_paths(path: Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.id} has outputs (strip them: see docs/notebooks.md)"
            assert cell.execution_count is None, f"{path.name}: cell {cell.id} has an execution count"
        assert "execution" not in cell.metadata, f"{path.name}: cell {cell.id} keeps execution timings"
        assert not re.search(r"(/home/|/Users/|/work/|/tmp/|[A-Za-z]:\\\\)", cell.source), (
            f"{path.name}: cell {cell.id} names a machine path"
        )
    assert notebook.cells[-1].cell_type == "markdown" and notebook.cells[-1].source.startswith("## Conclusion")


def _execute(path: Path, cwd: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(FIGURE_PROBE))
    client = NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute(env=env)  # raises CellExecutionError on the first cell that fails
    return notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """Every notebook run from an empty temporary folder, four kernels side by side."""
    cwd = tmp_path_factory.mktemp("cwd")
    # The maps notebook exports HTML to the project's build/: point it at a copy of the project.
    copy = tmp_path_factory.mktemp("project")
    for folder in ("graph", "ontology"):
        shutil.copytree(ROOT / folder, copy / folder)
    plain = {k: v for k, v in os.environ.items() if k not in {"COLLAB_GRAPH_ROOT"}}
    copied = {**plain, "COLLAB_GRAPH_ROOT": str(copy), "COLLAB_GRAPH_SOURCE": str(_source())}
    with ThreadPoolExecutor(max_workers=len(NOTEBOOKS)) as pool:
        futures = {p.stem: pool.submit(_execute, p, cwd, copied if p.stem == "04-maps" else plain) for p in NOTEBOOKS}
        results = {stem: future.result() for stem, future in futures.items()}
    results["_project"] = copy  # type: ignore[assignment]
    return results


def _source() -> Path:
    from collab_graph.common.paths import Project

    return Project.locate(ROOT).source


def _outputs(notebook: nbformat.NotebookNode, mime: str) -> list[str]:
    return [
        output["data"][mime] if isinstance(output["data"][mime], str) else "".join(output["data"][mime])
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "data" in output and mime in output["data"]
    ]


def _stdout(notebook: nbformat.NotebookNode) -> str:
    return "".join(o.text for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream")


def _figures(notebook: nbformat.NotebookNode) -> list[dict]:
    figures = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if "data" in output and "image/png" in output["data"]:
                plain = output["data"]["text/plain"]
                assert plain.startswith("FIGURE "), plain
                figures.append(json.loads(plain[len("FIGURE ") :]))
    return figures


def _assert_figures_are_labelled(figures: list[dict], count: int) -> None:
    assert len(figures) == count
    for figure in figures:
        assert figure["title"], figure
        assert figure["source"] and figure["source"][0].startswith("Source: Emergency Services Collaboration Working Group"), figure
        for axis in figure["axes"]:
            assert axis["x"] and axis["y"], figure


def test_every_notebook_ran_without_an_error(executed):
    for stem in EXPECTED:
        cells = [c for c in executed[stem].cells if c.cell_type == "code"]
        assert all(o.output_type != "error" for c in cells for o in c.outputs)
        assert all(c.execution_count for c in cells), stem


def test_tour_counts_finds_by_abbreviation_and_quotes_the_source(executed):
    notebook = executed["01-tour"]
    html = "\n".join(_outputs(notebook, "text/html"))
    assert "cg:Implementation" in html and "First Response and Co-responding" in html and "ambulance" in html
    text = _stdout(notebook)
    assert "'NWAS'         -> North West Ambulance Service" in text
    assert "\nKent Police\n" in text and "unknown name 'Kentish Police' (did you mean 'Kent Police (organisation: police force" in text
    assert "Chief Constable, Kent Police: Alan Pughsley" in text
    assert re.search(r"source lines \d+–\d+:\n +\d+ \| Merseyside", text)
    _assert_figures_are_labelled(_figures(notebook), 2)
    assert "The collab-graph ontology: how the main classes link" in [f["title"] for f in _figures(notebook)]


def test_questions_answer_with_dataframes_and_charts(executed):
    notebook = executed["02-questions"]
    html = "\n".join(_outputs(notebook, "text/html"))
    assert "Alan Pughsley" in html and "Police and Crime Commissioner for Kent" in html
    assert "Merseyside Police" in html  # partners of NWAS
    assert "GBP-per-year" in html and "Strategic Alliances and Partnerships" in html
    figures = _figures(notebook)
    _assert_figures_are_labelled(figures, 2)
    savings = next(f for f in figures if f["title"].startswith("Savings"))
    assert [a["x"] for a in savings["axes"]] == ["one-off savings (£)", "savings per year (£ a year)", "staff time saved (hours)"]


def test_clusters_rank_and_place_kent_police(executed):
    notebook = executed["03-clusters"]
    html = "\n".join(_outputs(notebook, "text/html"))
    assert "Kent Fire and Rescue Service" in html and "Kent and Medway Fire and Rescue Authority" in html
    assert "the widest collaborator is North West Ambulance Service (17 partners" in _stdout(notebook)
    assert "Kent Police is in cluster" in _stdout(notebook)
    _assert_figures_are_labelled(_figures(notebook), 3)


def test_maps_show_inline_and_export_for_a_briefing(executed):
    notebook = executed["04-maps"]
    maps = [h for h in _outputs(notebook, "text/html") if "<iframe srcdoc=" in h]
    assert len(maps) == 3
    assert "Kent Police" in maps[1]
    exported = sorted(p.name for p in (executed["_project"] / "build" / "maps").glob("*.html"))
    assert exported == ["geographic.html", "network-by-sector.html", "north-west-ambulance-service.html"]
    assert "wrote build/maps/geographic.html" in _stdout(notebook)
    assert not list((ROOT / "notebooks").glob("*.html"))
