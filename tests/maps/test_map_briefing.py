"""Maps fit for a briefing at 1400×900, checked in headless Chromium for every view (issue 18).

Labels are measured from the network's own positions (``getPositions`` → ``canvasToDOM``) and the font the
page set on the canvas, independently of the page's own label placement: no two drawn labels overlap and
none is under 11 px, at the initial fit and after selecting a searched node. The drawing (every shown
disc) is centred within 2% of the canvas after load and after filtering; legend counts follow filters.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import open_page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "maps"
KENT_POLICE = "https://w3id.org/collab-graph/id/org/kent-police"
VIEWS = {
    "network": {},
    "network-geographic": {"colour": "cluster", "layout": "geographic"},
    "focus": {"focus": "Merseyside Police", "depth": 2},
    "initiative": {"initiative": "Co-responding"},
    "theme": {"theme": "Joint Control Rooms"},
    "area": {"area": "North West"},
    "bipartite": {"view": "bipartite"},
    "bipartite-geographic": {"view": "bipartite", "layout": "geographic"},
}
MEASURE = """() => {
  const net = cgMap.network, canvas = document.querySelector('#cg-network canvas');
  const font = cgMap.state.labelFont;
  const px = parseFloat(/([0-9.]+)px/.exec(font)[1]);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = font;
  const pos = net.getPositions(), scale = net.getScale();
  const byId = new Map(cgMap.data.nodes.map(n => [n.id, n]));
  const anchors = new Map(cgMap.data.anchors.map((a, i) => ['anchor' + i, a]));
  const boxes = cgMap.state.labels.map(l => {
    const w = ctx.measureText(l.text).width, h = px * 1.25;
    if (byId.has(l.id)) {
      const at = net.canvasToDOM(pos[l.id]), r = byId.get(l.id).size * scale;
      const corner = {below: [at.x - w / 2, at.y + r + 2], above: [at.x - w / 2, at.y - r - 2 - h],
                      right: [at.x + r + 3, at.y - h / 2], left: [at.x - r - 3 - w, at.y - h / 2]}[l.side];
      return {id: l.id, x: corner[0], y: corner[1], w: w, h: h};
    }
    const at = net.canvasToDOM(anchors.get(l.id));
    return {id: l.id, x: at.x - w / 2, y: at.y - h / 2, w: w, h: h};
  });
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps.push([a.id, b.id]);
  }));
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  cgMap.nodes.get({filter: n => !n.hidden}).forEach(n => {
    const p = net.canvasToDOM(pos[n.id]), r = n.size * scale;
    x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r); y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
  });
  return {labels: boxes.length, overlaps: overlaps, px: px,
          dx: ((x0 + x1) / 2 - canvas.clientWidth / 2) / canvas.clientWidth, dy: ((y0 + y1) / 2 - canvas.clientHeight / 2) / canvas.clientHeight};
}"""


def check_labels(page, when: str) -> dict:
    m = page.evaluate(MEASURE)
    assert m["labels"] > 0, when
    assert m["overlaps"] == [], f"{when}: labels overlap"
    assert m["px"] >= 11, when
    return m


def check_centred(page, when: str) -> None:
    m = page.evaluate(MEASURE)
    assert abs(m["dx"]) <= 0.02 and abs(m["dy"]) <= 0.02, f"{when}: drawing centre off by {m['dx']:.3f}, {m['dy']:.3f}"


def biggest(page) -> str:
    return page.evaluate("cgMap.data.nodes.slice().sort((a, b) => b.size - a.size || a.label.localeCompare(b.label))[0].label")


@pytest.mark.parametrize("name", list(VIEWS))
def test_labels_fit_and_drawing_is_centred(browser, pages, name):
    visit = open_page(browser, pages[name])
    page = visit.page
    check_labels(page, "initial fit")
    check_centred(page, "after load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"briefing-{name}.png"))
    target = "Merseyside Police" if page.evaluate("cgMap.data.nodes.some(n => n.label === 'Merseyside Police')") else biggest(page)
    page.fill("#cg-search", target)
    page.press("#cg-search", "Enter")
    chosen = page.evaluate("cgMap.network.getSelectedNodes()[0]")
    m = check_labels(page, f"after selecting {target}")
    drawn = page.evaluate("cgMap.state.labels.map(l => l.id)")
    assert chosen in drawn and m["labels"] >= 2  # the selection's own label comes first
    # filter: hide the largest sector (or, in a one-sector view, a theme) and re-fit
    boxes = page.locator("#cg-filter-sector input")
    box = boxes.nth(0) if boxes.count() > 1 else page.locator("#cg-filter-theme input").nth(0)
    before = page.inner_text("#cg-legend")
    box.uncheck()
    shown = page.evaluate("cgMap.nodes.get({filter: n => !n.hidden}).length")
    if shown:
        check_centred(page, "after filtering")
        check_labels(page, "after filtering")
    assert page.inner_text("#cg-legend") != before  # the counts follow what is shown
    assert visit.console_errors == [] and visit.remote_requests == []
    page.close()


def legend(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('#cg-legend li')).map(li => li.textContent)")


def test_legend_counts_show_what_is_shown(browser, pages):
    page = open_page(browser, pages["network"]).page
    assert "police (41)" in legend(page)
    page.uncheck('#cg-filter-sector input[data-key="police"]')
    assert "police (0 of 41)" in legend(page) and "fire (49)" in legend(page)
    page.close()


def test_geographic_view_draws_the_outline_and_the_national_band(browser, pages):
    page = open_page(browser, pages["network-geographic"]).page
    land = page.evaluate("""() => {
      const c = document.querySelector('#cg-network canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === 0xee && d[i + 1] === 0xf2 && d[i + 2] === 0xee) n++;
      return n / (c.width * c.height);
    }""")
    assert land > 0.15  # England and Wales' fill covers a good part of the canvas
    assert "Natural Earth" in page.inner_text("#cg-attribution")
    assert "National bodies (no area)" in page.evaluate("cgMap.state.labels.map(l => l.text)")
    # no two discs hide each other
    hidden = page.evaluate("""() => { const ns = cgMap.data.nodes; let k = 0;
      ns.forEach((a, i) => ns.slice(i + 1).forEach(b => { if (Math.hypot(a.x - b.x, a.y - b.y) < a.size + b.size) k++; })); return k; }""")
    assert hidden == 0
    page.close()


def test_view_restored_from_the_fragment(browser, pages):
    page = open_page(browser, pages["network"]).page
    page.uncheck('#cg-filter-sector input[data-key="fire"]')
    page.fill("#cg-search", "KP")
    page.press("#cg-search", "Enter")
    page.mouse.move(700, 450)
    page.mouse.wheel(0, -200)
    url = page.evaluate("location.href")
    scale = page.evaluate("cgMap.network.getScale()")
    assert "#" in url and "hide-sector=fire" in url
    page.close()
    again = browser.new_page()
    again.goto(url)
    again.wait_for_function("window.cgMap && window.cgMap.state.drawn")
    assert again.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    assert again.is_checked('#cg-filter-sector input[data-key="fire"]') is False
    assert again.evaluate("cgMap.nodes.get({filter: n => n.hidden}).length") == 49  # every fire node, South Wales FRS among them
    assert again.evaluate("cgMap.network.getScale()") == pytest.approx(scale, rel=0.01)
    assert again.inner_text("#cg-panel h3") == "Kent Police"
    again.close()


def test_png_button_downloads_an_image(browser, pages, tmp_path):
    page = open_page(browser, pages["network"]).page
    with page.expect_download() as info:
        page.click("#cg-png")
    target = tmp_path / "map.png"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    page.close()


def test_print_fits_one_a4_landscape_page(browser, pages, tmp_path):
    page = open_page(browser, pages["network"]).page
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    width = page.evaluate("document.querySelector('#cg-network canvas').width")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page\r") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") == 1
    page.emulate_media(media="print")
    for selector in ("#cg-print-map", "#cg-legend", "#cg-print figcaption"):
        assert page.locator(selector).is_visible()
    assert "Source:" in page.inner_text("#cg-print figcaption")
    assert page.evaluate("document.getElementById('cg-print-map').width") == width > 0  # the map as drawn on screen
    page.close()


def test_table_lists_the_shown_organisations_sorts_and_selects(browser, pages):
    page = open_page(browser, pages["network"]).page
    page.click("#cg-table-box summary")
    assert page.locator("#cg-table tbody tr").count() == 129
    first = page.inner_text("#cg-table tbody tr:first-child")
    assert first.split("\t")[0] == "North West Ambulance Service"  # most partners first
    page.click('#cg-table thead button[data-key="label"]')
    labels = page.evaluate("Array.from(document.querySelectorAll('#cg-table tbody th')).map(t => t.textContent)")
    assert labels == sorted(labels, key=str.casefold) or labels == sorted(labels)
    page.uncheck('#cg-filter-sector input[data-key="police"]')
    assert page.locator("#cg-table tbody tr").count() == 88
    page.check('#cg-filter-sector input[data-key="police"]')
    page.click('#cg-table tbody tr[data-id="' + KENT_POLICE + '"] button')
    assert page.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    assert page.get_attribute(f'#cg-table tbody tr[data-id="{KENT_POLICE}"]', "aria-selected") == "true"
    page.close()


def test_keyboard_tab_to_search_enter_selects_escape_clears(browser, pages):
    page = open_page(browser, pages["network"]).page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cg-search"
    page.keyboard.type("Kent Police")
    page.keyboard.press("Enter")
    assert page.evaluate("cgMap.network.getSelectedNodes()") == [KENT_POLICE]
    page.keyboard.press("Escape")
    assert page.evaluate("cgMap.network.getSelectedNodes()") == []
    assert page.input_value("#cg-search") == ""
    assert "select=" not in page.evaluate("location.hash")
    page.close()
