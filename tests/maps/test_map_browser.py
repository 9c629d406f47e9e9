"""The maps in headless Chromium (Debian's /usr/bin/chromium via Playwright): offline, exact data, search, tooltips, no script injection.

Screenshots of each view are saved under test-artifacts/maps/. These tests fail (never skip) when Chromium is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import open_page
from collab_graph.analysis.pipeline import analyse
from collab_graph.maps.make import display_map
from map_fixtures import AMPERSAND, HOSTILE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "maps"
KENT_POLICE = "https://w3id.org/collab-graph/id/org/kent-police"
VIEWS = {
    "network": {},
    "network-cluster-geographic": {"colour": "cluster", "layout": "geographic"},
    "focus-kent-police": {"focus": "Kent Police", "depth": 2},
    "initiative-co-responding": {"initiative": "Co-responding"},
    "theme-joint-control-rooms": {"theme": "Joint Control Rooms"},
    "area-hertfordshire": {"area": "Hertfordshire"},
    "bipartite": {"view": "bipartite"},
}


def hover(visit, node: str) -> str:
    """Move the mouse onto ``node`` and return the tooltip's text."""
    page = visit.page
    point = page.evaluate("id => cgMap.network.canvasToDOM(cgMap.network.getPosition(id))", node)
    box = page.locator("#cg-network").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#cg-tooltip:not([hidden])", timeout=5000)
    return page.inner_text("#cg-tooltip")


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_loads_offline_without_errors(browser, pages, name):
    visit = open_page(browser, pages[name])
    assert visit.console_errors == []
    assert visit.remote_requests == []
    assert visit.requests == [pages[name].resolve().as_uri()]  # the file itself, nothing else
    assert visit.page.evaluate("cgMap.nodes.length") > 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    visit.page.close()


def test_dataset_holds_exactly_the_graph(browser, pages, graph):
    organisations = analyse(graph).organisations
    visit = open_page(browser, pages["network"])
    nodes = visit.page.evaluate("cgMap.nodes.getIds()")
    edges = visit.page.evaluate("cgMap.edges.get().map(e => [e.from, e.to].sort())")
    assert sorted(nodes) == sorted(organisations)
    assert sorted(map(tuple, edges)) == sorted(tuple(sorted(e)) for e in organisations.edges)
    visit.page.close()


def test_search_by_abbreviation_selects_kent_police_and_shows_its_facts(browser, pages):
    visit = open_page(browser, pages["network"])
    page = visit.page
    page.fill("#cg-search", "KP")
    assert page.inner_text("#cg-results").splitlines()[0] == "Kent Police"
    page.press("#cg-search", "Enter")
    assert page.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    panel = page.inner_text("#cg-panel")
    for text in (
        "Kent Police",
        "Chief Constable: Alan Pughsley",
        "source: line 5411 · Service Information",
        "Louvain cluster",
        "Joint Control Rooms (JCC) – Kent (live, from 2011)",
        "Kent Fire and Rescue Service – 2 shared",
        "Partners on this map (3)",
    ):
        assert text in panel
    visit.page.close()


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("kent fire", "Kent Fire and Rescue Service"),  # a service-name variant from the resolver's keys
        ("the kent police", "Kent Police"),  # "the" and case ignored
        ("Metropolitan Police", "Metropolitan Police Service"),  # a prefix of the name
        ("NWAS", "North West Ambulance Service"),  # an abbreviation the source prints
    ],
)
def test_search_box_finds_names_as_people_type_them(browser, pages, typed, first):
    visit = open_page(browser, pages["network"])
    visit.page.fill("#cg-search", typed)
    assert visit.page.inner_text("#cg-results").splitlines()[0] == first
    visit.page.close()


def test_search_box_finds_every_organisation_by_its_name_and_aliases(browser, pages, graph):
    """Over every node of the map: its label and each printed alias put it in the results."""
    visit = open_page(browser, pages["network"])
    missing = visit.page.evaluate(
        """() => {
          const box = document.getElementById("cg-search"), out = [];
          for (const n of cgMap.data.nodes) for (const name of [n.label].concat(n.aliases)) {
            box.value = name; box.dispatchEvent(new Event("input"));
            const shown = [...document.querySelectorAll("#cg-results li")].map(li => li.textContent);
            if (!shown.includes(n.label)) out.push(name);
          }
          return out;
        }"""
    )
    assert missing == []
    visit.page.close()


def test_hover_shows_tooltip_with_sources(browser, pages):
    visit = open_page(browser, pages["focus-kent-police"])
    text = hover(visit, KENT_POLICE)
    assert text.startswith("Kent Police\n")
    assert "Chief Constable: Alan Pughsley" in text and "source: lines 2218–2263 · Joint Control Rooms › Joint Control Rooms (JCC)" in text
    visit.page.close()


def test_filters_hide_a_sector(browser, pages):
    visit = open_page(browser, pages["network"])
    page = visit.page
    page.uncheck('#cg-filter-sector input[data-key="police"]')
    hidden = page.evaluate("cgMap.nodes.get({filter: n => n.hidden}).length")
    assert hidden == 41  # the police forces
    assert page.inner_text("#cg-shown") == "88 of 129 shown"
    page.click("#cg-reset")
    assert page.inner_text("#cg-shown") == "129 of 129 shown"
    visit.page.close()


def test_injected_label_shows_as_text_and_does_not_run(browser, hostile_page):
    visit = open_page(browser, hostile_page)
    page = visit.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.fill("#cg-search", "Kent Police")
    page.press("#cg-search", "Enter")
    assert page.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    assert page.text_content("#cg-panel h3") == HOSTILE  # textContent: the rendered text turns U+2028 into a line break
    hover(visit, KENT_POLICE)
    assert page.text_content("#cg-tooltip").startswith(HOSTILE)
    page.fill("#cg-search", "Hampshire & IoW")
    page.press("#cg-search", "Enter")
    assert page.inner_text("#cg-panel h3") == AMPERSAND  # shown with "&", not "&amp;"
    assert page.locator("img").count() == 0 and dialogs == []
    assert visit.console_errors == [] and visit.remote_requests == []
    assert not any(url.endswith("/x") for url in visit.requests)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "hostile-label.png"))
    visit.page.close()


def test_notebook_display_renders_the_map_in_an_iframe(browser, graph, tmp_path):
    wrapper = tmp_path / "notebook-output.html"
    wrapper.write_text("<!DOCTYPE html><html><body>" + display_map(graph, focus="Kent Police").data + "</body></html>", encoding="utf-8")
    visit = open_page(browser, wrapper, wait_drawn=False)
    frame = visit.page.frames[1]
    frame.wait_for_function("window.cgMap && window.cgMap.state.drawn", timeout=60_000)
    assert sorted(frame.evaluate("cgMap.nodes.getIds()"))[0].endswith("/org/kent-and-medway-fire-and-rescue-authority")
    assert frame.evaluate("cgMap.nodes.length") == 4
    assert visit.console_errors == [] and visit.remote_requests == []
    visit.page.close()
