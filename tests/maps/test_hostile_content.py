"""Hostile names and texts (HTML, script, template and JSON break-outs, U+2028/U+2029, ``&amp;``) in every HTML
the tool writes, opened in headless Chromium: nothing runs, nothing leaves the file, every text shows literally.

The HTML outputs are the map (every view; the ``map`` command writes exactly :func:`make_map`'s document),
the notebook's :func:`display_map` iframe, and the DataFrame that ``sparql()`` and ``%sparql`` return.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from browser import chromium, open_page, write_maps
from collab_graph.cli import cli
from collab_graph.maps.make import display_map
from collab_graph.notebook import run_cell, sparql
from hostile_project import (
    ALIAS_JS,
    ALIAS_SVG,
    AREA,
    INITIATIVE,
    JCC,
    KENT_POLICE,
    ORGANISATION,
    PAYLOADS,
    PERSON,
    THEME,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "hostile"
VIEWS: dict[str, dict[str, Any]] = {
    "network": {},
    "focus": {"focus": ORGANISATION},
    "depth": {"focus": ALIAS_SVG, "depth": 2},
    "initiative": {"initiative": INITIATIVE},
    "theme": {"theme": THEME},
    "area": {"area": AREA},
    "bipartite": {"view": "bipartite"},
    "geographic": {"layout": "geographic"},
    "cluster": {"colour": "cluster"},
}
TITLES = {"focus": ORGANISATION, "depth": ORGANISATION, "initiative": INITIATIVE, "theme": THEME, "area": AREA}
# Elements an injected payload would have added to the page (the map itself uses a canvas and three scripts).
INJECTED = "img, svg, iframe, b"
HOSTILE_ROWS = """
SELECT ?text WHERE { ?s ?p ?text FILTER(isLiteral(?text) && (CONTAINS(STR(?text), "__pwned") || CONTAINS(STR(?text), "&amp;"))) }
ORDER BY ?text
"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        context.dialogs = []
        context.on("dialog", lambda d: (context.dialogs.append(d.message), d.dismiss()))
        yield context


@pytest.fixture(scope="module")
def pages(hostile, tmp_path_factory) -> dict[str, Path]:
    return write_maps(hostile.graph, VIEWS, tmp_path_factory.mktemp("hostile-maps"))


def text_of(page: Any, selector: str) -> str:
    """The exact text content (not the rendered text, which turns U+2028 into a line break)."""
    return page.eval_on_selector(selector, "e => e.textContent")


def assert_inert(visit: Any, dialogs: list[str]) -> None:
    page = visit.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(INJECTED).count() == 0
    assert page.locator("script").count() == 3
    assert dialogs == []
    assert visit.console_errors == []
    assert visit.remote_requests == []


def hover(page: Any, node: str) -> str:
    point = page.evaluate("id => cgMap.network.canvasToDOM(cgMap.network.getPosition(id))", node)
    box = page.locator("#cg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#cg-tooltip:not([hidden])", timeout=5000)
    return text_of(page, "#cg-tooltip")


@pytest.mark.parametrize("name", list(VIEWS))
def test_map_view_shows_hostile_text_and_runs_none_of_it(browser, pages, name):
    visit = open_page(browser, pages[name])
    page = visit.page
    assert visit.requests == [pages[name].resolve().as_uri()]
    if name in TITLES:
        assert TITLES[name] in text_of(page, "h1") and TITLES[name] in page.title()
    # search by the hostile name: the result list and the panel show it literally
    page.fill("#cg-search", ORGANISATION)
    assert text_of(page, "#cg-results li") == ORGANISATION
    page.press("#cg-search", "Enter")
    assert page.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    assert text_of(page, "#cg-panel h3") == ORGANISATION
    panel = text_of(page, "#cg-panel")
    for text in (f"{ALIAS_SVG}; {ALIAS_JS}", f"· {AREA}", f"Chief Constable: {PERSON}", f"{INITIATIVE} – {AREA} (live, from 2011)"):
        assert text in panel
    assert f"{INITIATIVE} · {THEME}" in panel
    # the tooltip, the legend and the theme filter
    assert hover(page, KENT_POLICE).startswith(ORGANISATION + "Police force")
    # the theme filter names the hostile theme; unticking it hides its organisations, "Show all" brings them back
    label = page.locator("#cg-filter-theme label", has_text="Joint Control Rooms")
    assert label.evaluate("e => e.textContent").startswith(f" {THEME} (")
    everything = text_of(page, "#cg-shown")
    label.locator("input").uncheck()
    assert text_of(page, "#cg-shown") != everything
    page.click("#cg-reset")
    assert text_of(page, "#cg-shown") == everything
    if name == "bipartite":  # click the hostile initiative: its panel
        page.evaluate("id => cgMap.network.focus(id, {scale: 1.5, animation: false})", JCC)
        point = page.evaluate("id => cgMap.network.canvasToDOM(cgMap.network.getPosition(id))", JCC)
        box = page.locator("#cg-network").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert text_of(page, "#cg-panel h3") == INITIATIVE
    assert_inert(visit, browser.dialogs)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.close()


def test_map_command_writes_exactly_the_checked_document(hostile, pages, tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["--root", str(hostile.root), "map", "--focus", ORGANISATION, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == pages["focus"].read_text(encoding="utf-8")


def test_notebook_map_iframe_keeps_hostile_text_inert(browser, hostile, tmp_path):
    wrapper = tmp_path / "notebook-output.html"
    wrapper.write_text(
        "<!DOCTYPE html><html><body>" + display_map(hostile.graph, area=AREA).data + "</body></html>",
        encoding="utf-8",
    )
    visit = open_page(browser, wrapper, wait_drawn=False)
    frame = visit.page.frames[1]
    frame.wait_for_function("window.cgMap && window.cgMap.state.drawn", timeout=60_000)
    frame.evaluate("id => cgMap.select(id)", KENT_POLICE)
    assert frame.eval_on_selector("#cg-panel h3", "e => e.textContent") == ORGANISATION
    assert AREA in frame.eval_on_selector("h1", "e => e.textContent")
    assert frame.evaluate("typeof window.__pwned") == "undefined"
    assert frame.locator(INJECTED).count() == 0 and frame.locator("script").count() == 3
    page = visit.page  # the notebook output itself: just the one iframe
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("iframe").count() == 1 and page.locator("img, svg, b, script").count() == 0
    assert browser.dialogs == [] and visit.console_errors == [] and visit.remote_requests == []
    visit.page.close()


def dataframe_page(browser, frame: pd.DataFrame) -> Any:
    """A page showing ``frame`` as a notebook does (its ``_repr_html_``), whole cells and every row (no truncation)."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: errors.append(f"request {r.url}"))
    with pd.option_context("display.max_colwidth", None, "display.max_rows", None):
        page.set_content(frame._repr_html_())
    page.errors = errors
    return page


@pytest.mark.parametrize("how", ["sparql()", "%sparql"])
def test_query_dataframe_html_shows_hostile_text_and_runs_none_of_it(browser, hostile, how):
    frame = sparql(HOSTILE_ROWS, root=hostile.root) if how == "sparql()" else run_cell(f"--root {hostile.root}", HOSTILE_ROWS)
    page = dataframe_page(browser, frame)
    cells = page.evaluate("Array.from(document.querySelectorAll('td')).map(td => td.textContent)")
    assert set(PAYLOADS) <= set(cells)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, svg, iframe, b, script").count() == 0
    assert page.errors == [] and browser.dialogs == []
    page.close()


def test_default_dataframe_repr_is_inert_too(browser, hostile):
    page = browser.new_page()
    page.set_content(sparql(HOSTILE_ROWS, root=hostile.root)._repr_html_())  # cells cut at 50 characters, as notebooks show them
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img, svg, iframe, b, script").count() == 0 and browser.dialogs == []
    page.close()
