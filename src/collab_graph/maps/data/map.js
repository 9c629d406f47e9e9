/* collab-graph map: draws the data in #cg-data with vis-network; search, filters, legend, tooltips, panels.
   Every text from the data goes into the page with textContent (never innerHTML), so it is escaped once. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(data.edges.map(function (e) { return [e.id, e]; }));
  var links = new Map(data.nodes.map(function (n) { return [n.id, []]; }));
  data.edges.forEach(function (e) {
    links.get(e.from).push({ other: e.to, edge: e });
    links.get(e.to).push({ other: e.from, edge: e });
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }
  function source(text) { return el("div", "source: " + text, "cg-source"); }

  // ---- the network -------------------------------------------------------------------------
  // vis-network draws the nodes and lines without labels; this script draws the labels itself (see "labels").
  var container = document.getElementById("cg-network");
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, x: n.x, y: n.y, size: n.size,
      shape: n.type === "initiative" ? "diamond" : "dot",
      color: { background: n.color, border: n.focus ? "#000000" : "#333333", highlight: { background: n.color, border: "#000000" } },
      borderWidth: n.focus ? 4 : 1
    };
  }));
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    var edge = { id: e.id, from: e.from, to: e.to, width: e.width };
    if (e.faded) edge.color = { color: "#8a9199", highlight: "#222222", hover: "#222222", opacity: 0.12 };
    return edge;
  }));
  var big = data.nodes.length > 1000;
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, {
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false, keyboard: false },
    nodes: { font: { size: 0 } },
    edges: { smooth: false, color: { color: "#8a9199", highlight: "#222222", hover: "#222222", opacity: 0.55 }, selectionWidth: 2 }
  });
  var attribution = document.getElementById("cg-attribution");
  if (attribution) container.appendChild(attribution);  // over the map's corner (vis-network empties the container first)
  var state = { drawn: false, firstDrawMs: null, labels: [], labelFont: null, restored: false };

  // ---- background: outline, national band, area names (geographic layout) --------------------------
  network.on("beforeDrawing", function (ctx) {
    if (data.outline.length) {
      ctx.save();
      ctx.beginPath();
      data.outline.forEach(function (ring) {
        ring.forEach(function (p, i) { if (i) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
        ctx.closePath();
      });
      ctx.fillStyle = "#eef2ee";
      ctx.fill();
      ctx.lineWidth = 1.5 / network.getScale();
      ctx.strokeStyle = "#9aa59a";
      ctx.stroke();
      ctx.restore();
    }
    if (data.band) {
      ctx.save();
      ctx.setLineDash([8 / network.getScale(), 6 / network.getScale()]);
      ctx.lineWidth = 1.2 / network.getScale();
      ctx.strokeStyle = "#a0a8b0";
      ctx.fillStyle = "#f7f8fa";
      ctx.fillRect(data.band.x, data.band.y, data.band.w, data.band.h);
      ctx.strokeRect(data.band.x, data.band.y, data.band.w, data.band.h);
      ctx.restore();
    }
  });

  // ---- labels: only those that fit, biggest first, never overlapping, always LABEL_PX on screen ------
  var LABEL_PX = 12;
  var FONT = LABEL_PX + "px sans-serif";
  var measurer = document.createElement("canvas").getContext("2d");
  measurer.font = FONT;
  var selected = null;
  var shownIds = new Set(data.nodes.map(function (n) { return n.id; }));
  var widths = new Map();
  function textWidth(text) {
    if (!widths.has(text)) widths.set(text, measurer.measureText(text).width);
    return widths.get(text);
  }
  var orderCache = { key: null, items: null };
  function labelOrder() {
    var key = selected + "|" + shownIds.size + "|" + filterVersion;
    if (orderCache.key !== key) orderCache = { key: key, items: computeOrder() };
    return orderCache.items;
  }
  var filterVersion = 0;
  function computeOrder() {
    var near = new Set();
    if (selected) links.get(selected).forEach(function (l) { near.add(l.other); });
    function rank(n) { return n.id === selected ? 0 : near.has(n.id) ? 1 : 2; }
    var items = data.nodes.filter(function (n) { return shownIds.has(n.id); }).sort(function (a, b) {
      // initiatives (bipartite view) are named before organisations: there are few and they explain the picture
      return rank(a) - rank(b) || (a.type === "initiative" ? 0 : 1) - (b.type === "initiative" ? 0 : 1) || b.size - a.size ||
        a.label.localeCompare(b.label);
    }).map(function (n) { return { id: n.id, text: n.label, kind: "node", size: n.size, near: rank(n) < 2 || undefined }; });
    var anchors = data.anchors.map(function (a, i) { return { id: "anchor" + i, text: a.label, kind: "anchor", x: a.x, y: a.y, heading: a.heading }; });
    // headings (the national band's name) first, then nodes, then the faint area names where room is left
    return anchors.filter(function (a) { return a.heading; }).concat(items, anchors.filter(function (a) { return !a.heading; }));
  }
  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }
  // Where a node's label may go, in order: below, above, right, left of its disc (box from centre, radius, text size).
  var SIDES = {
    below: function (at, r, w, h) { return { x: at.x - w / 2, y: at.y + r + 2 }; },
    above: function (at, r, w, h) { return { x: at.x - w / 2, y: at.y - r - 2 - h }; },
    right: function (at, r, w, h) { return { x: at.x + r + 3, y: at.y - h / 2 }; },
    left: function (at, r, w, h) { return { x: at.x - r - 3 - w, y: at.y - h / 2 }; }
  };
  function hitsDisc(box, disc) {
    var nx = Math.max(box.x, Math.min(disc.x, box.x + box.w)), ny = Math.max(box.y, Math.min(disc.y, box.y + box.h));
    return (nx - disc.x) * (nx - disc.x) + (ny - disc.y) * (ny - disc.y) < disc.r * disc.r;
  }
  // A grid of CELL-pixel squares: each box or disc is filed under the squares it covers, so a candidate label
  // is compared only with what lies near it (label planning stays fast with thousands of nodes).
  var CELL = 64, MAX_MISSES = 1000;
  function Grid() { this.cells = new Map(); }
  Grid.prototype.each = function (box, visit) {
    for (var cx = Math.floor(box.x / CELL); cx <= Math.floor((box.x + box.w) / CELL); cx++) {
      for (var cy = Math.floor(box.y / CELL); cy <= Math.floor((box.y + box.h) / CELL); cy++) visit(cx + "," + cy);
    }
  };
  Grid.prototype.add = function (box, item) {
    var cells = this.cells;
    this.each(box, function (key) { if (!cells.has(key)) cells.set(key, []); cells.get(key).push(item); });
  };
  Grid.prototype.any = function (box, test) {
    var cells = this.cells, found = false;
    this.each(box, function (key) { if (!found && cells.has(key)) found = cells.get(key).some(test); });
    return found;
  };
  function planLabels() {
    var scale = network.getScale();
    var width = container.clientWidth, height = container.clientHeight;
    var placed = [], labelGrid = new Grid(), discGrid = new Grid();
    var positions = network.getPositions();
    data.nodes.forEach(function (n) {
      if (!shownIds.has(n.id) || !positions[n.id]) return;
      var at = network.canvasToDOM(positions[n.id]), r = n.size * scale;
      if (at.x + r < 0 || at.y + r < 0 || at.x - r > width || at.y - r > height) return;
      discGrid.add({ x: at.x - r, y: at.y - r, w: 2 * r, h: 2 * r }, { id: n.id, x: at.x, y: at.y, r: r });
    });
    function fits(box, own, overDiscs) {
      return box.x >= 0 && box.y >= 0 && box.x + box.w <= width && box.y + box.h <= height &&
        !labelGrid.any(box, function (p) { return overlaps(p, box); }) &&
        (overDiscs || !discGrid.any(box, function (d) { return d.id !== own && hitsDisc(box, d); }));
    }
    var misses = 0;  // after MAX_MISSES labels in a row found no room, the canvas is full: stop looking
    labelOrder().some(function (item) {
      if (misses > MAX_MISSES) return true;
      var h = LABEL_PX * 1.25, box = null, w;
      if (item.kind === "node") {
        if (!positions[item.id]) return;
        var at = network.canvasToDOM(positions[item.id]), r = item.size * scale;
        if (at.x + r < 0 || at.y + r < 0 || at.x - r > width || at.y - r > height) return;  // off screen
        w = textWidth(item.text);
        // the selection and its partners may lie over other discs (never over other labels) rather than go unlabelled
        [false, item.near].some(function (overDiscs) {
          return overDiscs !== undefined && Object.keys(SIDES).some(function (side) {
            var corner = SIDES[side](at, r, w, h);
            var candidate = { x: corner.x, y: corner.y, w: w, h: h, side: side };
            if (fits(candidate, item.id, overDiscs)) { box = candidate; return true; }
            return false;
          });
        });
      } else {
        w = textWidth(item.text);
        var anchor = network.canvasToDOM({ x: item.x, y: item.y });
        var candidate = { x: anchor.x - w / 2, y: anchor.y - h / 2, w: w, h: h, side: "centre" };
        if (fits(candidate, null)) box = candidate;
      }
      if (!box) { misses++; return false; }
      misses = 0;
      box.id = item.id; box.text = item.text; box.kind = item.kind;
      placed.push(box);
      labelGrid.add(box, box);
      return false;
    });
    return placed;
  }
  network.on("afterDrawing", function (ctx) {
    var started = performance.now();
    var placed = planLabels();
    state.labelMs = performance.now() - started;
    var ratio = ctx.canvas.width / (ctx.canvas.clientWidth || 1);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.lineJoin = "round";
    placed.forEach(function (b) {
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(b.text, b.x, b.y + 1);
      ctx.fillStyle = b.kind === "anchor" ? "#6b7580" : "#1d2329";
      ctx.fillText(b.text, b.x, b.y + 1);
    });
    state.labelFont = ctx.font;
    ctx.restore();
    state.labels = placed;
  });

  // ---- tooltips and panel --------------------------------------------------------------------
  function implItem(id, edge) {
    var impl = data.implementations[id];
    var li = el("li");
    var label = impl.label, tag = impl.status ? " (" + impl.status + ")" : "";
    if (tag && label.slice(-tag.length) === tag) label = label.slice(0, -tag.length);  // "... (planned)" once, not twice
    var head = label + (impl.status ? " (" + impl.status + (impl.start ? ", from " + impl.start : "") + ")" : "");
    add(li, el("div", head), el("div", impl.initiative + " · " + impl.theme, "cg-muted"));
    if (impl.groups && impl.groups.length) add(li, el("div", "also: " + impl.groups.join("; "), "cg-muted"));
    if (impl.caveat) add(li, el("div", "⚠ caveat: " + impl.caveat, "cg-muted"));
    add(li, source(impl.source));
    var parts = edge && edge.parts && edge.parts[id];
    if (parts) [edge.from, edge.to].forEach(function (end, i) {  // the lines naming each end's part, not the record's
      if (parts[i]) add(li, el("div", byId.get(end).label + " named: " + parts[i], "cg-source"));
    });
    return li;
  }
  function partnersOf(id) {
    return links.get(id).slice().sort(function (a, b) {
      return b.edge.weight - a.edge.weight || byId.get(a.other).label.localeCompare(byId.get(b.other).label);
    });
  }
  function describeNode(n, limit) {
    var box = el("div", null, "cg-describe");
    add(box, el("h3", n.label));
    if (n.type === "initiative") {
      add(box, el("div", "Initiative", "cg-muted"));
    } else {
      add(box, el("div", [n.kind || n.sectorLabel, n.area].filter(Boolean).join(" · "), "cg-muted"));
      add(box, el("div", "Louvain cluster " + n.clusterName + " · " + n.scores.partners + " partners · betweenness " +
        n.scores.betweenness + " · rank " + n.scores.rank, "cg-muted"));
      if (n.aliases.length) add(box, el("div", "also: " + n.aliases.join("; "), "cg-muted"));
    }
    add(box, source(n.source));
    if (n.leaders && n.leaders.length) {
      add(box, el("h4", "Leaders"));
      var ul = el("ul");
      n.leaders.forEach(function (p) {
        var li = el("li");
        var who = (p.role ? p.role + ": " : "") + p.holder + (p.note ? " (" + p.note + ")" : "") + (p.party ? " – " + p.party : "");
        add(li, el("div", who));
        if (p.areas) add(li, el("div", "serves: " + p.areas, "cg-muted"));
        add(li, source(p.source));
        add(ul, li);
      });
      add(box, ul);
    }
    var impls = n.impls || [];
    add(box, el("h4", (n.type === "initiative" ? "Implementations" : "Initiatives") + " (" + impls.length + ")"));
    var list = el("ul");
    impls.slice(0, limit || impls.length).forEach(function (id) { add(list, implItem(id)); });
    if (limit && impls.length > limit) add(list, el("li", "… and " + (impls.length - limit) + " more (click for all)", "cg-muted"));
    add(box, list);
    var partners = partnersOf(n.id);
    add(box, el("h4", (n.type === "initiative" ? "Partners" : "Partners on this map") + " (" + partners.length + ")"));
    var pl = el("ul", null, "cg-partners");
    partners.slice(0, limit || partners.length).forEach(function (p) {
      var li = el("li");
      var other = byId.get(p.other);
      if (limit) {
        li.textContent = other.label + " – " + p.edge.weight + " shared";
      } else {
        var b = el("button", other.label, "cg-link");
        b.type = "button";
        b.addEventListener("click", function () { select(other.id); });
        add(li, b, el("span", " – " + p.edge.weight + " shared", "cg-muted"));
      }
      add(pl, li);
    });
    if (limit && partners.length > limit) add(pl, el("li", "… and " + (partners.length - limit) + " more", "cg-muted"));
    add(box, pl);
    return box;
  }
  function describeEdge(e, limit) {
    var box = el("div", null, "cg-describe");
    add(box, el("h3", byId.get(e.from).label + " — " + byId.get(e.to).label));
    add(box, el("div", e.weight + " shared implementation" + (e.weight === 1 ? "" : "s"), "cg-muted"));
    var list = el("ul");
    e.impls.slice(0, limit || e.impls.length).forEach(function (id) { add(list, implItem(id, e)); });
    if (limit && e.impls.length > limit) add(list, el("li", "… and " + (e.impls.length - limit) + " more", "cg-muted"));
    add(box, list);
    return box;
  }

  var tooltip = document.getElementById("cg-tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    tooltip.style.left = Math.max(0, Math.min(x, window.innerWidth - tooltip.offsetWidth - 8)) + "px";
    tooltip.style.top = Math.max(0, Math.min(y, window.innerHeight - tooltip.offsetHeight - 8)) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(describeNode(byId.get(p.node), 6), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(describeEdge(edgeById.get(p.edge), 6), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  var panel = document.getElementById("cg-panel");
  var panelHint = panel.firstElementChild;
  function showPanel(content) { panel.replaceChildren(content); }
  network.on("click", function (p) {
    if (p.nodes.length) select(p.nodes[0]);
    else if (p.edges.length) showPanel(describeEdge(edgeById.get(p.edges[0])));
    else clearSelection();
  });

  function select(id, keepView) {
    var n = byId.get(id);
    if (!n) return;
    if (!shownIds.has(id)) { resetFilters(); }
    selected = id;
    network.selectNodes([id]);
    if (!keepView) {
      // the node and its partners, framed so their labels are drawn at full size
      var group = [id].concat(links.get(id).map(function (l) { return l.other; })).filter(function (o) { return shownIds.has(o); });
      network.fit({ nodes: group, animation: false, maxZoomLevel: 1.0 });
    }
    showPanel(describeNode(n));
    markRow();
    saveView();
    network.redraw();
  }
  function clearSelection() {
    selected = null;
    network.unselectAll();
    showPanel(panelHint);
    markRow();
    saveView();
    network.redraw();
  }

  // ---- search ----------------------------------------------------------------------------------
  // The same folding as collab_graph.names.keys.key: case, "&", "'s", punctuation and "the" ignored.
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[’‘]/g, "'")
      .replace(/&/g, " and ").replace(/'s\b/g, "s").replace(/[^a-z0-9]+/g, " ").trim()
      .split(" ").filter(function (w) { return w && w !== "the"; }).join(" ");
  }
  var names = data.nodes.map(function (n) {
    return { id: n.id, label: n.label, keys: [n.label].concat(n.aliases || []).map(norm).concat(n.keys || []) };
  }).sort(function (a, b) { return a.label.localeCompare(b.label); });
  var search = document.getElementById("cg-search");
  var results = document.getElementById("cg-results");
  function matches(q) {
    q = norm(q);
    if (!q) return [];
    var exact = [], prefix = [], inside = [];
    names.forEach(function (n) {
      if (n.keys.indexOf(q) >= 0) exact.push(n);
      else if (n.keys.some(function (k) { return k.indexOf(q) === 0; })) prefix.push(n);
      else if (n.keys.some(function (k) { return k.indexOf(q) >= 0; })) inside.push(n);
    });
    return exact.concat(prefix, inside).slice(0, 12);
  }
  search.addEventListener("input", function () {
    results.replaceChildren();
    matches(search.value).forEach(function (n) {
      var b = el("button", n.label, "cg-link");
      b.type = "button";
      b.addEventListener("click", function () { select(n.id); });
      add(results, add(el("li"), b));
    });
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = matches(search.value);
      if (found.length) select(found[0].id);
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    search.value = "";
    results.replaceChildren();
    hideTooltip();
    clearSelection();
  });

  // ---- legend and filters ------------------------------------------------------------------------
  var legend = document.getElementById("cg-legend");
  var legendCounts = [];
  data.legend.forEach(function (item) {
    var li = el("li");
    var swatch = el("span", null, "cg-swatch" + (item.key === "initiative" ? " cg-diamond" : ""));
    swatch.style.background = item.color;
    var count = el("span", null, "cg-count");
    legendCounts.push({ item: item, span: count });
    add(li, swatch, el("span", item.label + " "), count);
    add(legend, li);
  });
  document.getElementById("cg-size").textContent = "Node size: " + data.sizeLabel + ".";
  document.getElementById("cg-width").textContent = "Line width: shared implementations (1 to " + data.maxWeight + ")." +
    (data.band ? " Lines to national bodies are faded." : "");

  var on = { sector: new Set(), theme: new Set(), cluster: new Set() };
  var boxes = [];
  ["sector", "theme", "cluster"].forEach(function (kind) {
    var box = document.getElementById("cg-filter-" + kind);
    data.filters[kind].forEach(function (f) {
      on[kind].add(f.key);
      var label = el("label");
      var input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.dataset.kind = kind;
      input.dataset.key = String(f.key);
      input.addEventListener("change", function () {
        if (input.checked) on[kind].add(f.key); else on[kind].delete(f.key);
        applyFilters();
      });
      boxes.push({ input: input, kind: kind, key: f.key });
      add(label, input, el("span", " " + f.label + " (" + f.count + ")"));
      add(box, label);
    });
  });
  function nodeVisible(n) {
    var themeOk = !n.themes.length || n.themes.some(function (t) { return on.theme.has(t); });
    if (n.type === "initiative") return themeOk;
    return themeOk && on.sector.has(n.sector) && on.cluster.has(n.cluster);
  }
  function legendKey(n) { return n.type === "initiative" ? "initiative" : data.colour === "sector" ? n.sector : n.legendKey; }
  function applyFilters(keepView) {
    filterVersion++;
    shownIds = new Set();
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var visible = nodeVisible(n);
      if (visible) shownIds.add(n.id);
      nodeUpdates.push({ id: n.id, hidden: !visible });
    });
    var edgeUpdates = data.edges.map(function (e) {
      var visible = shownIds.has(e.from) && shownIds.has(e.to) && (!e.themes.length || e.themes.some(function (t) { return on.theme.has(t); }));
      return { id: e.id, hidden: !visible };
    });
    visNodes.update(nodeUpdates);
    visEdges.update(edgeUpdates);
    if (selected && !shownIds.has(selected)) { selected = null; network.unselectAll(); showPanel(panelHint); }
    document.getElementById("cg-shown").textContent = shownIds.size + " of " + data.nodes.length + " shown";
    var counts = new Map();
    data.nodes.forEach(function (n) { if (shownIds.has(n.id)) counts.set(legendKey(n), (counts.get(legendKey(n)) || 0) + 1); });
    legendCounts.forEach(function (c) {
      var shown = counts.get(c.item.key) || 0;
      c.span.textContent = "(" + shown + (shown === c.item.count ? "" : " of " + c.item.count) + ")";
      c.span.parentNode.classList.toggle("cg-off", shown === 0);
    });
    fillTable();
    if (!keepView) frame();
    saveView();
  }
  function frame() {
    var ids = Array.from(shownIds);
    if (ids.length) network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 });
  }
  function resetFilters() {
    boxes.forEach(function (b) { b.input.checked = true; on[b.kind].add(b.key); });
    applyFilters();
  }
  document.getElementById("cg-reset").addEventListener("click", resetFilters);

  // ---- the table of the organisations shown -------------------------------------------------------
  var table = document.getElementById("cg-table");
  var tbody = table.querySelector("tbody");
  var tableCount = document.getElementById("cg-table-count");
  var columns = [
    { key: "label", get: function (n) { return n.label; } },
    { key: "partners", get: function (n) { return n.scores.partners; } },
    { key: "initiatives", get: function (n) { return n.initiativeCount; } },
    { key: "cluster", get: function (n) { return n.cluster; }, show: function (n) { return n.clusterName; } },
    { key: "sector", get: function (n) { return n.sectorLabel; } }
  ];
  var sortBy = { key: "partners", down: true };
  var rows = new Map();
  function fillTable() {
    var column = columns.filter(function (c) { return c.key === sortBy.key; })[0];
    var shown = data.nodes.filter(function (n) { return n.type === "organisation" && shownIds.has(n.id); });
    shown.sort(function (a, b) {
      var x = column.get(a), y = column.get(b);
      var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return (sortBy.down ? -order : order) || a.label.localeCompare(b.label);
    });
    rows = new Map();
    tbody.replaceChildren.apply(tbody, shown.map(function (n) {
      var tr = el("tr");
      tr.dataset.id = n.id;
      var b = el("button", n.label, "cg-link");
      b.type = "button";
      b.addEventListener("click", function () { select(n.id); });
      add(tr, add(el("th"), b));
      columns.slice(1).forEach(function (c) { add(tr, el("td", c.show ? c.show(n) : c.get(n))); });
      rows.set(n.id, tr);
      return tr;
    }));
    tableCount.textContent = String(shown.length);
    table.querySelectorAll("thead button").forEach(function (b) {
      var th = b.parentNode;
      th.setAttribute("aria-sort", b.dataset.key === sortBy.key ? (sortBy.down ? "descending" : "ascending") : "none");
    });
    markRow();
  }
  table.querySelectorAll("thead button").forEach(function (b) {
    b.addEventListener("click", function () {
      sortBy = { key: b.dataset.key, down: sortBy.key === b.dataset.key ? !sortBy.down : b.dataset.key !== "label" && b.dataset.key !== "sector" };
      fillTable();
    });
  });
  function markRow() {
    rows.forEach(function (tr, id) { tr.classList.toggle("cg-selected", id === selected); tr.setAttribute("aria-selected", String(id === selected)); });
  }

  // ---- the view in the URL fragment: #select=IRI&hide-sector=police&zoom=1.2&at=10,-40 -------------------
  var restoring = true;
  function saveView() {
    if (restoring) return;
    var params = new URLSearchParams();
    if (selected) params.set("select", selected);
    boxes.forEach(function (b) {
      if (!b.input.checked) params.append("hide-" + b.kind, String(b.key));
    });
    var at = network.getViewPosition();
    params.set("zoom", network.getScale().toFixed(3));
    params.set("at", Math.round(at.x) + "," + Math.round(at.y));
    try { history.replaceState(null, "", "#" + params.toString()); } catch (err) { /* a sandboxed frame may refuse: the view is still shown */ }
  }
  function restoreView() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var hidden = false;
    boxes.forEach(function (b) {
      if (params.getAll("hide-" + b.kind).indexOf(String(b.key)) >= 0) { b.input.checked = false; on[b.kind].delete(b.key); hidden = true; }
    });
    applyFilters();
    if (params.get("select") && byId.has(params.get("select")) && shownIds.has(params.get("select"))) select(params.get("select"));
    var zoom = parseFloat(params.get("zoom")), at = (params.get("at") || "").split(",").map(Number);
    if (zoom > 0 && at.length === 2 && at.every(isFinite)) network.moveTo({ scale: zoom, position: { x: at[0], y: at[1] }, animation: false });
    state.restored = hidden || params.has("select") || zoom > 0;
  }
  network.on("zoom", saveView);
  network.on("dragEnd", saveView);

  // ---- PNG and print -----------------------------------------------------------------------------
  function snapshot(out) {
    var source = container.querySelector("canvas");
    out = out || document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out;
  }
  document.getElementById("cg-png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = snapshot().toDataURL("image/png");
    a.download = (data.view || "map") + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  var printImage = document.getElementById("cg-print-map");
  window.addEventListener("beforeprint", function () { snapshot(printImage); });

  // ---- first drawing: frame the shown nodes (or restore the view in the fragment), then report drawn ----
  network.once("afterDrawing", function () {
    setTimeout(function () {
      restoreView();
      restoring = false;
      saveView();
      network.once("afterDrawing", function () {
        state.drawn = true;
        state.firstDrawMs = performance.now();
      });
      network.redraw();
    }, 0);
  });

  window.cgMap = {
    network: network, nodes: visNodes, edges: visEdges, data: data, state: state, select: select, clear: clearSelection,
    applyFilters: applyFilters, snapshot: snapshot, labelPx: LABEL_PX
  };
})();
