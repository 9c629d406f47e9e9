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
  var container = document.getElementById("cg-network");
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, size: n.size,
      shape: n.type === "initiative" ? "diamond" : "dot",
      color: { background: n.color, border: n.focus ? "#000000" : "#333333", highlight: { background: n.color, border: "#000000" } },
      borderWidth: n.focus ? 4 : 1
    };
  }));
  var visEdges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, width: e.width };
  }));
  var big = data.nodes.length > 1000;
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, {
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: false },
    nodes: { font: { size: 14, face: "sans-serif" } },
    edges: { smooth: false, color: { color: "#8a9199", highlight: "#222222", hover: "#222222", opacity: 0.55 }, selectionWidth: 2 }
  });
  var state = { drawn: false, firstDrawMs: null };
  network.once("afterDrawing", function () {
    state.drawn = true;
    state.firstDrawMs = performance.now();
  });
  network.on("beforeDrawing", function (ctx) {
    if (!data.anchors.length) return;
    ctx.save();
    ctx.font = "bold 22px sans-serif";
    ctx.fillStyle = "rgba(120, 130, 140, 0.45)";
    ctx.textAlign = "center";
    data.anchors.forEach(function (a) { ctx.fillText(a.label, a.x, a.y - 26); });
    ctx.restore();
  });

  // ---- tooltips and panel --------------------------------------------------------------------
  function implItem(id) {
    var impl = data.implementations[id];
    var li = el("li");
    var label = impl.label, tag = impl.status ? " (" + impl.status + ")" : "";
    if (tag && label.slice(-tag.length) === tag) label = label.slice(0, -tag.length);  // "... (planned)" once, not twice
    var head = label + (impl.status ? " (" + impl.status + (impl.start ? ", from " + impl.start : "") + ")" : "");
    add(li, el("div", head), el("div", impl.initiative + " · " + impl.theme, "cg-muted"));
    if (impl.groups && impl.groups.length) add(li, el("div", "also: " + impl.groups.join("; "), "cg-muted"));
    if (impl.caveat) add(li, el("div", "⚠ caveat: " + impl.caveat, "cg-muted"));
    add(li, source(impl.source));
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
      add(box, el("div", "Louvain cluster " + n.cluster + " · " + n.scores.partners + " partners · betweenness " +
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
    e.impls.slice(0, limit || e.impls.length).forEach(function (id) { add(list, implItem(id)); });
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
  function showPanel(content) { panel.replaceChildren(content); }
  network.on("click", function (p) {
    if (p.nodes.length) showPanel(describeNode(byId.get(p.nodes[0])));
    else if (p.edges.length) showPanel(describeEdge(edgeById.get(p.edges[0])));
  });

  function select(id) {
    var n = byId.get(id);
    if (!n) return;
    if (visNodes.get(id).hidden) { resetFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showPanel(describeNode(n));
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

  // ---- legend and filters ------------------------------------------------------------------------
  var legend = document.getElementById("cg-legend");
  data.legend.forEach(function (item) {
    var li = el("li");
    var swatch = el("span", null, "cg-swatch");
    swatch.style.background = item.color;
    add(li, swatch, el("span", item.label + " (" + item.count + ")"));
    add(legend, li);
  });
  document.getElementById("cg-size").textContent = "Node size: " + data.sizeLabel + ".";
  document.getElementById("cg-width").textContent = "Line width: shared implementations (1 to " + data.maxWeight + ").";

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
  function applyFilters() {
    var shown = new Set();
    var nodeUpdates = [];
    data.nodes.forEach(function (n) {
      var visible = nodeVisible(n);
      if (visible) shown.add(n.id);
      nodeUpdates.push({ id: n.id, hidden: !visible });
    });
    var edgeUpdates = data.edges.map(function (e) {
      var visible = shown.has(e.from) && shown.has(e.to) && (!e.themes.length || e.themes.some(function (t) { return on.theme.has(t); }));
      return { id: e.id, hidden: !visible };
    });
    visNodes.update(nodeUpdates);
    visEdges.update(edgeUpdates);
    document.getElementById("cg-shown").textContent = shown.size + " of " + data.nodes.length + " shown";
  }
  function resetFilters() {
    boxes.forEach(function (b) { b.input.checked = true; on[b.kind].add(b.key); });
    applyFilters();
  }
  document.getElementById("cg-reset").addEventListener("click", resetFilters);
  document.getElementById("cg-shown").textContent = data.nodes.length + " of " + data.nodes.length + " shown";

  window.cgMap = { network: network, nodes: visNodes, edges: visEdges, data: data, state: state, select: select, applyFilters: applyFilters };
})();
