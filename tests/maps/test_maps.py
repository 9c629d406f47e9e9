"""``collab-graph map`` without a browser: views, determinism, escaping in the page, errors, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF

from collab_graph.analysis.pipeline import analyse
from collab_graph.common.errors import CollabGraphError
from collab_graph.common.namespaces import CG
from collab_graph.maps.layout import area_centres
from collab_graph.maps.make import display_map, make_map
from map_fixtures import AMPERSAND, HOSTILE

KENT_POLICE = "https://w3id.org/collab-graph/id/org/kent-police"
KENT_FRS = "https://w3id.org/collab-graph/id/org/kent-fire-and-rescue-service"
ROOT = Path(__file__).resolve().parents[2]


def page_data(document: str) -> dict:
    """The JSON data block of a map page."""
    match = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', document, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


@pytest.fixture(scope="module")
def network_page(graph) -> str:
    return make_map(graph)


def test_whole_network_holds_every_organisation_and_partnership(network_page, analysis):
    data = page_data(network_page)
    assert {n["id"] for n in data["nodes"]} == set(analysis.organisations)
    assert {tuple(sorted((e["from"], e["to"]))) for e in data["edges"]} == {tuple(sorted(e)) for e in analysis.organisations.edges}
    assert len(data["nodes"]) == 129 and len(data["edges"]) == 284  # Deloitte advises, it is no partner (line 3573)


def test_page_is_self_contained(network_page):
    # no external script, stylesheet, font or image; vis-network is inlined
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", network_page)
    assert "https://cdn" not in network_page and "unpkg" not in network_page
    assert "vis-network" in network_page and "default-src 'none'" in network_page


def test_same_input_gives_the_same_bytes(graph, network_page):
    assert make_map(graph) == network_page
    assert make_map(graph, layout="geographic", colour="cluster") == make_map(graph, layout="geographic", colour="cluster")


def test_kent_police_node_carries_partners_leaders_and_sources(network_page):
    data = page_data(network_page)
    kent = next(n for n in data["nodes"] if n["id"] == KENT_POLICE)
    assert kent["label"] == "Kent Police" and kent["aliases"] == ["Kent Constabulary", "KP"]
    assert kent["leaders"] == [
        {
            "role": "Chief Constable",
            "holder": "Alan Pughsley",
            "note": "",
            "party": "",
            "areas": "Kent",
            "source": "line 5411 · Service Information › Kent · est. p. 80",
        }
    ]
    assert kent["source"] == "line 2221 · Joint Control Rooms · est. p. 35"
    assert {"kent police", "kent constabulary", "kent police service", "kp"} <= set(kent["keys"])  # what the search box matches
    partners = {
        e["to"] if e["from"] == KENT_POLICE else e["from"]: e["weight"] for e in data["edges"] if KENT_POLICE in (e["from"], e["to"])
    }
    assert partners == {
        "https://w3id.org/collab-graph/id/org/kent-and-medway-fire-and-rescue-authority": 1,
        "https://w3id.org/collab-graph/id/org/kent-county-council": 1,
        "https://w3id.org/collab-graph/id/org/kent-fire-and-rescue-service": 2,
    }
    jcr = data["implementations"]["https://w3id.org/collab-graph/id/implementation/joint-control-rooms-kent"]
    assert jcr["label"] == "Joint Control Rooms (JCC) – Kent" and jcr["start"] == "2011"
    assert jcr["source"].startswith("lines 2218–2263 · Joint Control Rooms › Joint Control Rooms (JCC)")


def test_every_partnership_cites_the_lines_naming_each_end(network_page):
    """Over every edge and implementation: each organisation's part is cited by its own statement's lines
    (or, for a service taking part via its authority, the authority's, marked "via"), not the whole record."""
    data = page_data(network_page)
    parts = [(e, impl, i) for e in data["edges"] for impl in e["impls"] for i in (0, 1)]
    assert len(parts) >= 2 * 284
    assert [(e["from"], e["to"], impl) for e, impl, i in parts if not e["parts"][impl][i].startswith(("line", "via "))] == []
    kent = next(e for e in data["edges"] if {e["from"], e["to"]} == {KENT_POLICE, KENT_FRS})
    cited = kent["parts"]["https://w3id.org/collab-graph/id/implementation/joint-control-rooms-kent"]
    assert all(c.startswith("line") for c in cited) and not any(c.startswith("lines 2218–2263") for c in cited)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"focus": "KP"}, 4),  # Kent Police and its three partners, found by its abbreviation
        ({"focus": "kent police", "depth": 2}, 4),
        ({"view": "bipartite"}, None),
    ],
)
def test_views_select_the_right_nodes(graph, analysis, options, expected):
    data = page_data(make_map(graph, **options))
    if expected is not None:
        assert len(data["nodes"]) == expected
        assert next(n for n in data["nodes"] if n["focus"])["id"] == KENT_POLICE
    else:
        initiatives = [n for n in data["nodes"] if n["type"] == "initiative"]
        assert len(data["nodes"]) == 129 + len(initiatives) and initiatives
        ids = {n["id"] for n in initiatives}
        assert all((e["from"] in ids) != (e["to"] in ids) for e in data["edges"])  # every line joins an organisation to an initiative


def test_theme_initiative_and_area_views(graph, analysis):
    b = analysis.bipartite
    jcr = [i for i in b if b.nodes[i].get("theme", "").endswith("/section/joint-control-rooms")]
    expected = {p for i in jcr for p in b[i]}
    data = page_data(make_map(graph, theme="Joint Control Rooms"))
    assert {n["id"] for n in data["nodes"]} == expected
    assert data["description"].startswith(f"Theme: Joint Control Rooms: {len(jcr)} implementations")
    kent = page_data(make_map(graph, area="Kent"))
    assert KENT_POLICE in {n["id"] for n in kent["nodes"]}
    co = page_data(make_map(graph, initiative="Co-responding"))
    assert all(co["implementations"][i]["initiative"] == "Co-responding" for e in co["edges"] for i in e["impls"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"focus": "Nobody Police"},
            "unknown organisation 'Nobody Police' (did you mean 'Norfolk Constabulary (organisation: police force; org/norfolk-constabulary)'",
        ),
        ({"initiative": "Kent"}, "--initiative 'Kent': 'Kent' names Kent (area: police force area; area/kent), not an initiative"),
        ({"focus": "KP", "theme": "Joint Control Rooms"}, "give one of --focus, --theme"),
        ({"view": "focus"}, "--view focus needs --focus NAME"),
        ({"colour": "rainbow"}, "--colour 'rainbow': unknown"),
    ],
)
def test_bad_options_name_the_problem(graph, options, message):
    with pytest.raises(CollabGraphError, match=re.escape(message)):
        make_map(graph, **options)


def test_every_organisation_area_has_a_centre(analysis, graph):
    slugs = {d["area"].rsplit("/", 1)[-1] for _, d in analysis.organisations.nodes(data=True) if d["area"]}
    assert slugs <= set(area_centres())
    areas = {str(a).rsplit("/", 1)[-1] for a in graph.subjects(RDF.type, CG.Area)}
    assert len(areas) == 103  # 97 and the six regions every area now nests in
    assert areas <= set(area_centres()), sorted(areas - set(area_centres()))


def test_hostile_label_is_escaped_in_the_page(hostile_page):
    document = hostile_page.read_text(encoding="utf-8")
    assert "<img src=x" not in document and "&amp;" not in document.split('id="cg-data">')[1].split("</script>")[0]
    data = page_data(document)
    labels = {n["label"] for n in data["nodes"]}
    assert HOSTILE in labels and AMPERSAND in labels


def test_display_map_is_an_iframe_with_the_page(graph):
    html = display_map(graph, focus="Kent Police").data
    assert html.startswith('<div class="collab-graph-map"><iframe srcdoc="&lt;!DOCTYPE html&gt;') and 'sandbox="allow-scripts"' in html


def test_cli_writes_the_file(tmp_path):
    out = tmp_path / "kent.html"
    run = subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "map", "--focus", "Kent Police", "--colour", "cluster", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"wrote {out}")
    assert page_data(out.read_text(encoding="utf-8"))["colour"] == "cluster"


def test_cli_bad_name_writes_nothing(tmp_path):
    out = tmp_path / "x.html"
    run = subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "map", "--area", "Atlantis", "--out", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 1 and run.stderr.startswith("error: --area 'Atlantis': unknown area 'Atlantis'")
    assert not out.exists()


@pytest.mark.parametrize("area", ["North West", "Wales", "East of England", "Yorkshire and Humber"])
def test_area_titles_use_labels_never_iris(graph, area):
    document = make_map(graph, area=area)
    title = re.search(r"<title>(.*?)</title>", document).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", document).group(1)
    assert title == heading == f"Emergency services collaboration – {area}"
    assert "w3id.org" not in title


def test_default_size_is_partners_and_varies(network_page):
    data = page_data(network_page)
    assert data["size"] == "partners" and data["sizeLabel"] == "number of partners"
    assert len({n["size"] for n in data["nodes"]}) >= 8  # betweenness gave nearly every node the same size


def test_largest_clusters_have_distinct_colours_and_names(graph):
    data = page_data(make_map(graph, colour="cluster"))
    entries = [e for e in data["legend"] if e["key"] != "rest"]
    assert len(entries) == 8 and len({e["color"] for e in entries}) == 8
    assert entries[0]["label"] == "cluster 1: Merseyside"
    rest = data["legend"][-1]
    assert rest["key"] == "rest" and rest["color"] == "#BBBBBB" and rest["label"].endswith("smaller clusters")
    assert {n["color"] for n in data["nodes"] if n["cluster"] > 8} == {"#BBBBBB"}


def test_sector_colours_are_the_same_in_maps_and_charts(network_page):
    import pandas as pd
    from matplotlib.colors import to_hex

    from collab_graph.analysis import charts

    data = page_data(network_page)
    frame = pd.DataFrame(
        [{"cluster": "1", "sector": n["sectorLabel"], "organisations": 1} for n in data["nodes"] if n["type"] == "organisation"]
    )
    fig = charts.stacked_bars(frame, "cluster", "sector", "organisations", title="t", xlabel="x", ylabel="y")
    bars = {
        text.get_text(): to_hex(patch.get_facecolor())
        for text, patch in zip(fig.axes[0].get_legend().get_texts(), fig.axes[0].get_legend().get_patches(), strict=True)
    }
    legend = {e["label"]: e["color"].lower() for e in data["legend"]}
    assert bars == legend


def test_geographic_layout_ships_the_outline_and_places_national_bodies_in_a_band(graph):
    data = page_data(make_map(graph, layout="geographic"))
    assert data["outline"] and len(data["outline"][0]) > 100 and "Natural Earth" in data["attribution"]
    band = data["band"]
    national = [n for n in data["nodes"] if n["type"] == "organisation" and not n["area"]]
    assert "Environment Agency" in {n["label"] for n in national}
    services = {
        "Police force",
        "Police and Crime Commissioner's office",
        "Fire and rescue service",
        "Fire and rescue authority",
        "Ambulance service",
    }
    assert not [n["label"] for n in national if n["kind"] in services]  # every service has an area (a regional trust, its region)
    for n in national:
        assert band["x"] <= n["x"] <= band["x"] + band["w"] and band["y"] <= n["y"] <= band["y"] + band["h"]
    right = max(x for ring in data["outline"] for x, _ in ring)
    assert band["x"] > right  # outside the map
    faded = [e for e in data["edges"] if e["faded"]]
    assert faded and all(e["from"] in {n["id"] for n in national} or e["to"] in {n["id"] for n in national} for e in faded)
